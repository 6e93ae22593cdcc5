//! Running the fuzzer for a number of steps or a length of time, over fresh worlds, with a report.

use {
    super::{minimize, run, Failure, Op, Regression, Stats},
    std::{
        fmt::Write as _,
        path::PathBuf,
        time::{Duration, Instant},
    },
};

/// How long to fuzz.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// At least this many steps.
    Steps(usize),
    /// Until this much time has passed (whole worlds).
    Time(Duration),
}

/// A failure found, minimised, with the regression to save.
pub struct Found {
    /// The failure as first seen.
    pub failure: Failure,
    /// The minimised sequence (its world's seed inside).
    pub regression: Regression,
}

/// Where minimised failing sequences are kept; the regression test replays every file.
pub fn regressions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz-regressions")
}

/// Fuzzes worlds made from `first_seed`, `first_seed + 1`, … (`run_length` steps each) within
/// `budget`; `report` sees each finished world's counts. Stops at the first failure and minimises it.
pub async fn fuzz(
    first_seed: u64,
    run_length: usize,
    budget: Budget,
    mut report: impl FnMut(u64, &Stats, Duration),
) -> Result<Stats, Box<Found>> {
    let start = Instant::now();
    let mut total = Stats::default();
    let mut seed = first_seed;
    loop {
        let done = match budget {
            Budget::Steps(steps) => total.steps >= steps,
            Budget::Time(limit) => start.elapsed() >= limit,
        };
        if done {
            return Ok(total);
        }
        let steps = match budget {
            Budget::Steps(steps) => run_length.min(steps - total.steps),
            Budget::Time(_) => run_length,
        };
        match run(seed, steps).await {
            Ok(stats) => {
                total.absorb(&stats);
                report(seed, &total, start.elapsed());
            }
            Err((failure, ops)) => {
                let ops: Vec<Op> = minimize(seed, ops, &failure).await;
                let what = format!("{:?} check at {}: {}", failure.check, failure.op.name(), failure.message);
                return Err(Box::new(Found { failure, regression: Regression { what, seed, ops } }));
            }
        }
        seed += 1;
    }
}

/// The counts as a table: steps per kind (succeeded, refused alike), then the refusals by error.
pub fn table(stats: &Stats, elapsed: Duration) -> String {
    let mut out = String::new();
    let seconds = elapsed.as_secs_f64().max(f64::EPSILON);
    let _ = writeln!(
        out,
        "{} steps ({} transactions) in {:.0} s: {:.1} steps/s",
        stats.steps,
        stats.transactions,
        seconds,
        stats.steps as f64 / seconds
    );
    let _ = writeln!(out, "| step | succeeded on both | refused alike |\n|---|---:|---:|");
    for (kind, (ok, refused)) in &stats.by_kind {
        let _ = writeln!(out, "| {kind} | {ok} | {refused} |");
    }
    let _ = writeln!(out, "\nrefusals (both programs):");
    let mut errors: Vec<_> = stats.errors.iter().collect();
    errors.sort_by(|a, b| b.1.cmp(a.1));
    for (error, n) in errors.iter().take(25) {
        let _ = writeln!(out, "{n:>8}  {error}");
    }
    if !stats.deliberate.is_empty() {
        let _ = writeln!(out, "\nrefused by both with different errors, by design:");
        for (reason, n) in &stats.deliberate {
            let _ = writeln!(out, "{n:>8}  {reason}");
        }
    }
    if !stats.differences.is_empty() {
        let _ = writeln!(out, "\nrefused by both with different errors (survey):");
        for (difference, (n, example)) in &stats.differences {
            let _ = writeln!(out, "{n:>8}  {difference}\n          e.g. {example}");
        }
    }
    out
}

/// Writes `regression` into the regressions directory; returns the file.
pub fn save(regression: &Regression) -> std::io::Result<PathBuf> {
    let dir = regressions_dir();
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("seed-{}-{}-steps.json", regression.seed, regression.ops.len()));
    std::fs::write(&path, serde_json::to_string_pretty(regression).expect("json") + "\n")?;
    Ok(path)
}
