//! Crank operators: `crank` runs everything due now; `keeper` does so in a loop. Both send v0
//! transactions over the payer's lookup tables for the pool (created or extended on the way), pay
//! `--with-compute-unit-price` micro-lamports per compute unit, show a progress bar on long steps and
//! end each step with a one-line summary.

use {
    crate::{
        client::{Client, RpcChain},
        output::{emit, Format},
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, Context, Result},
    lst_sdk::crank::{self, CrankOptions, CrankReport},
    serde_json::json,
    std::time::Duration,
};

/// Runs the pool update, history copies and due steward steps once.
pub async fn run_once(client: &Client, pool_address: &Pubkey, options: &CrankOptions) -> Result<CrankReport> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let steward = pool.steward()?;
    let mut chain = RpcChain::new(client);
    crank::crank_with(&mut chain, &steward.addresses, options).await.map_err(|e| anyhow!(e))
}

/// SOL with nine decimals.
fn sol(lamports: u64) -> String {
    format!("{}.{:09}", lamports / 1_000_000_000, lamports % 1_000_000_000)
}

/// The report as JSON: one object per step, the validators skipped, and the totals.
pub fn report_json(report: &CrankReport) -> serde_json::Value {
    json!({
        "steps": report
            .steps
            .iter()
            .filter(|s| s.transactions > 0)
            .map(|s| json!({ "step": s.step, "transactions": s.transactions, "validators": s.validators,
                "compute_units": s.compute_units, "callee_compute_units": s.callee_compute_units,
                "largest_transaction_compute_units": s.max_compute_units, "fee_lamports": s.fee_lamports }))
            .collect::<Vec<_>>(),
        "skipped": report
            .skipped
            .iter()
            .map(|s| json!({ "step": s.step, "validator": s.validator.to_string(), "error": s.error }))
            .collect::<Vec<_>>(),
        "transactions": report.transactions(),
        "compute_units": report.compute_units(),
        "largest_transaction_compute_units": report.max_compute_units(),
        "fee_lamports": report.fee_lamports(),
    })
}

/// One line per step (transactions, validators, compute units, fees, validators skipped and why),
/// then the totals.
pub fn report_text(report: &CrankReport) -> String {
    let steps: Vec<_> = report.steps.iter().filter(|s| s.transactions > 0).collect();
    if steps.is_empty() && report.skipped.is_empty() {
        return "nothing due".into();
    }
    let mut lines: Vec<String> = steps
        .iter()
        .map(|s| {
            let skipped = report.skipped.iter().filter(|k| k.step == s.step).count();
            let skipped = if skipped > 0 { format!(", {skipped} skipped") } else { String::new() };
            format!(
                "{:<40} {:>4} tx  {:>5} validators  {:>11} CU  {} SOL{skipped}",
                s.step,
                s.transactions,
                s.validators,
                s.compute_units,
                sol(s.fee_lamports)
            )
        })
        .collect();
    lines.extend(
        report.skipped.iter().map(|s| format!("  skipped in {}: {}: {}", s.step, s.validator, s.error)),
    );
    lines.push(format!(
        "{:<40} {:>4} tx  {:>5} {:>10}  {:>11} CU  {} SOL",
        "total",
        report.transactions(),
        "",
        "",
        report.compute_units(),
        sol(report.fee_lamports())
    ));
    lines.join("\n")
}

/// `crank`: everything due now. Validators a step could not handle are listed and the rest go on;
/// the command fails only when a step could do nothing at all.
pub async fn crank(client: &Client, pool_address: &Pubkey, options: &CrankOptions) -> Result<()> {
    let report = run_once(client, pool_address, options).await?;
    emit(client.format, &report_json(&report), || report_text(&report));
    let failed = report.failed_steps();
    if !failed.is_empty() {
        return Err(anyhow!("could not run: {}", failed.join(", ")));
    }
    Ok(())
}

/// What the keeper did in one epoch: every round's report added up.
#[derive(Default)]
struct EpochSummary {
    epoch: u64,
    rounds: u64,
    report: CrankReport,
}

impl EpochSummary {
    fn add(&mut self, report: CrankReport) {
        self.rounds = self.rounds.saturating_add(1);
        for step in report.steps {
            match self.report.steps.iter_mut().find(|s| s.step == step.step) {
                Some(s) => {
                    s.transactions = s.transactions.saturating_add(step.transactions);
                    s.validators = s.validators.saturating_add(step.validators);
                    s.compute_units = s.compute_units.saturating_add(step.compute_units);
                    s.callee_compute_units = s.callee_compute_units.saturating_add(step.callee_compute_units);
                    s.max_compute_units = s.max_compute_units.max(step.max_compute_units);
                    s.fee_lamports = s.fee_lamports.saturating_add(step.fee_lamports);
                }
                None => self.report.steps.push(step),
            }
        }
        self.report.skipped.extend(report.skipped);
    }

    fn json(&self) -> serde_json::Value {
        let mut value = report_json(&self.report);
        value["epoch"] = json!(self.epoch);
        value["rounds"] = json!(self.rounds);
        value
    }
}

/// Writes `value` to `path` whole (a reader never sees half a file).
fn write_atomically(path: &std::path::Path, value: &serde_json::Value) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_string_pretty(value)? + "\n")
        .with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

/// `keeper`: cranks every `interval`, logging each round's steps; RPC errors back off (doubling, up
/// to five minutes) instead of stopping. `iterations` bounds the loop (0 = forever). When an epoch
/// ends, its summary (every round added up) is logged. With `summary`, that file always holds
/// `{"last": <the last finished epoch's summary, or null>, "current": <this epoch's so far>}`.
pub async fn keeper(
    client: &Client,
    pool_address: &Pubkey,
    options: &CrankOptions,
    interval: Duration,
    iterations: u64,
    summary: Option<&std::path::Path>,
) -> Result<()> {
    let mut backoff = interval;
    let mut round = 0u64;
    let mut epoch = EpochSummary::default();
    let mut last: Option<serde_json::Value> = None;
    let write = |last: &Option<serde_json::Value>, current: &EpochSummary| match summary {
        Some(path) => write_atomically(path, &json!({ "last": last, "current": current.json() })),
        None => Ok(()),
    };
    loop {
        round = round.saturating_add(1);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let current = client.clock().await.map(|c| c.epoch);
        if let Ok(current) = current {
            if current != epoch.epoch {
                if epoch.rounds > 0 {
                    finish_epoch(client, &epoch);
                    last = Some(epoch.json());
                }
                epoch = EpochSummary { epoch: current, ..EpochSummary::default() };
                write(&last, &epoch)?;
            }
        }
        match run_once(client, pool_address, options).await {
            Ok(report) => {
                backoff = interval;
                if client.format == Format::Json {
                    println!(
                        "{}",
                        json!({ "time": now, "epoch": epoch.epoch, "round": report_json(&report) })
                    );
                } else {
                    for line in report_text(&report).lines() {
                        eprintln!("[{now}] {line}");
                    }
                }
                epoch.add(report);
                write(&last, &epoch)?;
            }
            Err(e) => {
                eprintln!("[{now}] error: {e:#}; retrying in {}s", backoff.as_secs());
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(300));
                if iterations != 0 && round >= iterations {
                    return Err(e);
                }
                continue;
            }
        }
        if iterations != 0 && round >= iterations {
            return Ok(());
        }
        tokio::time::sleep(interval).await;
    }
}

/// Logs a finished epoch's summary.
fn finish_epoch(client: &Client, epoch: &EpochSummary) {
    if client.format == Format::Json {
        println!("{}", json!({ "epoch_summary": epoch.json() }));
    } else {
        eprintln!("epoch {} summary ({} rounds):", epoch.epoch, epoch.rounds);
        for line in report_text(&epoch.report).lines() {
            eprintln!("  {line}");
        }
    }
}
