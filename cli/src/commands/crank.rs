//! Crank operators: `crank` runs everything due now; `keeper` does so in a loop.

use {
    crate::{
        client::{Client, RpcChain},
        output::emit,
        pool::PoolInfo,
    },
    anchor_lang::prelude::Pubkey,
    anyhow::{anyhow, Result},
    lst_sdk::crank::{self, CrankReport},
    serde_json::json,
    std::time::Duration,
};

/// Runs the pool update, history copies and due steward steps once.
pub async fn run_once(client: &Client, pool_address: &Pubkey) -> Result<CrankReport> {
    let pool = PoolInfo::load(client, pool_address).await?;
    let steward = pool.steward()?;
    let mut chain = RpcChain::new(client);
    let report = crank::crank(&mut chain, &steward.addresses).await.map_err(|e| anyhow!(e));
    if client.progress && chain.sent() > 0 {
        eprintln!();
    }
    report
}

fn report_json(report: &CrankReport) -> serde_json::Value {
    json!({
        "steps": report
            .steps
            .iter()
            .map(|s| json!({ "step": s.step, "transactions": s.transactions, "validators": s.validators,
                "compute_units": s.compute_units }))
            .collect::<Vec<_>>(),
        "skipped": report
            .skipped
            .iter()
            .map(|s| json!({ "step": s.step, "validator": s.validator.to_string(), "error": s.error }))
            .collect::<Vec<_>>(),
    })
}

fn report_text(report: &CrankReport) -> String {
    if report.steps.is_empty() {
        return "nothing due".into();
    }
    let steps = report.steps.iter().map(|s| {
        format!(
            "{:<26} {:>4} tx  {:>5} validators  {:>9} CU",
            s.step, s.transactions, s.validators, s.compute_units
        )
    });
    let skipped =
        report.skipped.iter().map(|s| format!("skipped in {}: {}: {}", s.step, s.validator, s.error));
    steps.chain(skipped).collect::<Vec<_>>().join("\n")
}

/// `crank`: everything due now. Validators a step could not handle are listed and the rest go on;
/// the command fails only when a step could do nothing at all.
pub async fn crank(client: &Client, pool_address: &Pubkey) -> Result<()> {
    let report = run_once(client, pool_address).await?;
    emit(client.format, &report_json(&report), || report_text(&report));
    let failed = report.failed_steps();
    if !failed.is_empty() {
        return Err(anyhow!("could not run: {}", failed.join(", ")));
    }
    Ok(())
}

/// `keeper`: cranks every `interval`, logging each action; RPC errors back off (doubling, up to five
/// minutes) instead of stopping. `iterations` bounds the loop (0 = forever).
pub async fn keeper(
    client: &Client,
    pool_address: &Pubkey,
    interval: Duration,
    iterations: u64,
) -> Result<()> {
    let mut backoff = interval;
    let mut round = 0u64;
    loop {
        round = round.saturating_add(1);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        match run_once(client, pool_address).await {
            Ok(report) => {
                backoff = interval;
                for s in &report.steps {
                    eprintln!(
                        "[{now}] {}: {} transactions, {} validators, {} CU",
                        s.step, s.transactions, s.validators, s.compute_units
                    );
                }
                for s in &report.skipped {
                    eprintln!("[{now}] skipped in {}: {}: {}", s.step, s.validator, s.error);
                }
                if report.steps.is_empty() {
                    eprintln!("[{now}] nothing due");
                }
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
