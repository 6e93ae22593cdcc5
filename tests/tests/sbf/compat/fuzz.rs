//! The differential fuzzer (`lst_tests::fuzz`) in CI: random operation sequences on our pool and
//! upstream's side by side, every step checked. Two tests share the steps so they run on both cores;
//! `LST_FUZZ_STEPS` sets the total (default 100,000) and `LST_FUZZ_SEED` the first world's seed. A
//! failure is minimised and printed as JSON for `tests/fuzz-regressions/`, whose every file is replayed
//! by `saved_regressions_pass`. Longer runs: `cargo run -p lst-tests --release --bin pool-fuzz`.

use {
    lst_tests::fuzz::{
        self,
        driver::{self, Budget},
        Regression,
    },
    std::time::Duration,
};

/// Steps per world before a fresh one (new keys, fees and validators).
const RUN_LENGTH: usize = 1_000;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name}: a number")))
}

async fn share(index: u64) {
    let steps = env("LST_FUZZ_STEPS", 100_000) as usize / 2;
    let first_seed = env("LST_FUZZ_SEED", 1) + index * 1_000_000;
    let mut last = Duration::ZERO;
    let outcome =
        driver::fuzz(first_seed, RUN_LENGTH, Budget::Steps(steps), |_, _, elapsed| last = elapsed).await;
    match outcome {
        Ok(stats) => println!("fuzz share {index}: {}", driver::table(&stats, last)),
        Err(found) => panic!(
            "{}\nminimised to {} steps; save as tests/fuzz-regressions/<name>.json:\n{}",
            found.failure,
            found.regression.ops.len(),
            serde_json::to_string_pretty(&found.regression).expect("json")
        ),
    }
}

#[tokio::test]
async fn random_sequences_match_upstream_first_half() {
    share(0).await;
}

#[tokio::test]
async fn random_sequences_match_upstream_second_half() {
    share(1).await;
}

#[tokio::test]
async fn saved_regressions_pass() {
    let mut files: Vec<_> = std::fs::read_dir(driver::regressions_dir())
        .expect("tests/fuzz-regressions")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let regression: Regression =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("a saved regression");
        if let Err(failure) = fuzz::replay(regression.seed, &regression.ops).await {
            panic!("{} ({}): {failure}", path.display(), regression.what);
        }
    }
}
