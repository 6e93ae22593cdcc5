//! Compute units per instruction, ours vs the upstream SPL stake-pool program, both built to SBF with
//! the same toolchain and run in the same bank. Prints a Markdown table.
//!
//! Each figure is measured on several fresh pools (PDA bump searches make some instructions vary by
//! address), and the table shows the range.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "test code: an overflow panics the test, which is the failure we want"
)]

use {
    lst_tests::{
        fixture::{stake_pool_program_id, token_program_id, upstream_program_id, Executed, TestFixture},
        keys,
        pool::{Decrease, PoolConfig, TestPool},
        steward::{epoch_totals, large_epochs, print_steps},
    },
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::{Fee, FeeType},
    std::collections::BTreeMap,
};

const SOL: u64 = 1_000_000_000;

/// Pools measured per program.
const SAMPLES: usize = 5;

/// One measured instruction: its total, what the programs it called consumed, and its stake-program
/// calls (name, units).
#[derive(Clone, Default)]
struct Run {
    total: u64,
    stake: u64,
    token: u64,
    stake_calls: Vec<(String, u64)>,
}

impl Run {
    fn of(executed: &Executed, program_id: &Pubkey) -> Self {
        let mut run = Run { total: executed.units_of(program_id), ..Run::default() };
        for call in executed.calls_of(program_id) {
            if call.program == solana_stake_interface::program::id() {
                run.stake += call.units;
                run.stake_calls.push((call.name.unwrap_or_else(|| "?".into()), call.units));
            } else if call.program == token_program_id() {
                run.token += call.units;
            }
        }
        run
    }

    /// What the instruction spends itself: everything but the callees' own work (the cost of making
    /// each call stays here).
    fn own(&self) -> u64 {
        self.total - self.stake - self.token
    }
}

/// Samples per (row, program).
type Samples = BTreeMap<(usize, usize), Vec<Run>>;

/// Rows whose breakdown the second table shows.
const BREAKDOWN: [usize; 6] = [1, 4, 5, 11, 12, 14];

const ROWS: [&str; 15] = [
    "Initialize",
    "DepositSol (no fee)",
    "DepositSol (fee + referral)",
    "DepositSolWithSlippage (fee + referral)",
    "WithdrawSol (no fee)",
    "WithdrawSol (fee)",
    "SetFee (epoch fee)",
    "UpdateStakePoolBalance (no validators, gain, fee minted)",
    "AddValidatorToPool",
    "UpdateValidatorListBalance (4 validators, steady state)",
    "UpdateValidatorListBalance (12 validators in one instruction)",
    "IncreaseValidatorStake",
    "DepositStake (fee + referral)",
    "DecreaseValidatorStakeWithReserve",
    "WithdrawStake (fee)",
];

async fn measure(
    fx: &mut TestFixture,
    side: usize,
    program_id: Pubkey,
    votes: &[Pubkey],
    samples: &mut Samples,
) {
    let no_fee = Fee { numerator: 0, denominator: 0 };
    let configs = [
        PoolConfig {
            deposit_fee: no_fee,
            withdrawal_fee: no_fee,
            referral_fee: 0,
            max_validators: 16,
            ..PoolConfig::default()
        },
        PoolConfig { max_validators: 16, ..PoolConfig::default() },
    ];
    for (c, config) in configs.into_iter().enumerate() {
        let pool = TestPool::new(program_id, config, &keys::fresh(), &keys::fresh());
        let init = pool.create(fx).await.expect("initialize");
        if c == 0 {
            samples.entry((0, side)).or_default().push(Run::of(&init, &program_id));
        }
        let user = keys::fresh();
        let fund = solana_system_interface::instruction::transfer(
            &fx.payer().pubkey(),
            &user.pubkey(),
            10_000_000_000,
        );
        fx.process(&[fund], &[]).await.expect("fund");
        let to = pool.create_token_account(fx, &user.pubkey()).await.expect("token account");
        let referrer = pool.create_token_account(fx, &Pubkey::new_unique()).await.expect("token account");
        // The first deposit into an empty pool is 1:1; measure the second, at a real rate.
        pool.deposit_sol(fx, &user, &to, &referrer, 1_000_000_000).await.expect("deposit");
        let run = pool.deposit_sol(fx, &user, &to, &referrer, 1_000_000_000).await.expect("deposit");
        samples.entry((1 + c, side)).or_default().push(Run::of(&run, &program_id));
        if c == 1 {
            let ix = pool.deposit_sol_ix(&user.pubkey(), &to, &referrer, 1_000_000_000, Some(1));
            let run = fx.process(&[ix], &[&user]).await.expect("deposit with slippage");
            samples.entry((3, side)).or_default().push(Run::of(&run, &program_id));
            let manager = &pool.manager;
            let ix =
                pool.set_fee_ix(&manager.pubkey(), FeeType::Epoch(Fee { numerator: 1, denominator: 20 }));
            let run = fx.process(&[ix], &[manager]).await.expect("set fee");
            samples.entry((6, side)).or_default().push(Run::of(&run, &program_id));
            pool.add_to_reserve(fx, 1_000_000).await.expect("reward");
            let run = fx.process(&[pool.update_balance_ix()], &[]).await.expect("update");
            samples.entry((7, side)).or_default().push(Run::of(&run, &program_id));
            pool.add_to_reserve(fx, 20_000_000_000).await.expect("fund the reserve");
            for vote in votes {
                let ix = pool.add_validator_ix(&pool.staker.pubkey(), vote, None);
                let run = fx.process(&[ix], &[&pool.staker]).await.expect("add validator");
                samples.entry((8, side)).or_default().push(Run::of(&run, &program_id));
            }
            let (state, list) = (pool.state(fx).await, pool.validator_list(fx).await);
            let (chunks, _) = spl_stake_pool::instruction::update_stake_pool(
                &program_id,
                &state,
                &list,
                &pool.stake_pool.pubkey(),
                false,
            );
            let run = fx.process(&chunks[..1], &[]).await.expect("update list");
            samples.entry((9, side)).or_default().push(Run::of(&run, &program_id));
            let twelve = spl_stake_pool::instruction::update_validator_list_balance_chunk(
                &program_id,
                &pool.stake_pool.pubkey(),
                &pool.withdraw_authority(),
                &pool.validator_list.pubkey(),
                &pool.reserve.pubkey(),
                &list,
                votes.len(),
                0,
                false,
            )
            .expect("chunk");
            let run = fx.process(&[twelve], &[]).await.expect("update 12");
            samples.entry((10, side)).or_default().push(Run::of(&run, &program_id));

            let staker = &pool.staker;
            let run = fx
                .process(&[pool.increase_ix(&votes[0], 2 * SOL, 0, None)], &[staker])
                .await
                .expect("increase");
            samples.entry((11, side)).or_default().push(Run::of(&run, &program_id));

            // Stake activating this epoch merges into a validator stake activating this epoch.
            let (holder, stake) = (keys::fresh(), keys::fresh());
            fx.create_delegated_stake(&stake, &holder, &votes[1], 5 * SOL).await.expect("stake");
            let ixs =
                pool.deposit_stake_ixs(&stake.pubkey(), &holder.pubkey(), &votes[1], &to, &referrer, None);
            let run = fx.process(&ixs, &[&holder]).await.expect("deposit stake");
            samples.entry((12, side)).or_default().push(Run::of(&run, &program_id));

            let ix = pool.decrease_ix(&votes[1], SOL, 0, Decrease::WithReserve);
            let run = fx.process(&[ix], &[staker]).await.expect("decrease");
            samples.entry((13, side)).or_default().push(Run::of(&run, &program_id));

            let from = pool.validator_stake(&votes[1], None);
            let (ixs, receive) = pool.withdraw_stake_ixs(fx, &from, &user.pubkey(), &to, 2 * SOL, None).await;
            let run = fx.process(&ixs, &[&user, &receive]).await.expect("withdraw stake");
            samples.entry((14, side)).or_default().push(Run::of(&run, &program_id));
        }
        let sink = Pubkey::new_unique();
        let ix = pool.withdraw_sol_ix(&user.pubkey(), &to, &sink, 500_000_000, None, None);
        let run = fx.process(&[ix], &[&user]).await.expect("withdraw");
        samples.entry((4 + c, side)).or_default().push(Run::of(&run, &program_id));
    }
}

fn range(values: &[u64]) -> String {
    let (lo, hi) = (values.iter().min().copied().unwrap_or(0), values.iter().max().copied().unwrap_or(0));
    if lo == hi {
        format!("{lo}")
    } else {
        format!("{lo}–{hi}")
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The same addresses every run, so the same PDA bump searches and the same figures.
    keys::seed(1);
    let mut fx = TestFixture::new().await;
    let mut votes = Vec::new();
    for _ in 0..12 {
        let (identity, vote) = (keys::fresh(), keys::fresh());
        fx.create_vote(&identity, &vote, 5).await.expect("vote account");
        votes.push(vote.pubkey());
    }
    let mut samples = Samples::new();
    for _ in 0..SAMPLES {
        measure(&mut fx, 0, stake_pool_program_id(), &votes, &mut samples).await;
        measure(&mut fx, 1, upstream_program_id(), &votes, &mut samples).await;
    }
    println!("| instruction | ours (CU) | upstream SPL 2.2.0 (CU) | ours / upstream |");
    println!("|---|---:|---:|---:|");
    let column = |row: usize, side: usize, part: fn(&Run) -> u64| -> Vec<u64> {
        samples[&(row, side)].iter().map(part).collect()
    };
    let mean = |v: &[u64]| v.iter().sum::<u64>() as f64 / v.len() as f64;
    for (row, name) in ROWS.iter().enumerate() {
        let (ours, theirs) = (column(row, 0, |r| r.total), column(row, 1, |r| r.total));
        println!("| {name} | {} | {} | {:.2} |", range(&ours), range(&theirs), mean(&ours) / mean(&theirs));
    }
    println!();
    println!("SBF builds from target/deploy, solana-program-test 4.2.2, {SAMPLES} pools per figure.");
    println!();
    println!("Where the compute goes (means): inside the stake and token programs the pool calls, and the");
    println!("pool's own work (its logic, plus serialising each call):");
    println!();
    println!(
        "| instruction | ours: own + stake + token | upstream: own + stake + token | own: ours / upstream | \
         stake-program calls (CU) |"
    );
    println!("|---|---:|---:|---:|---|");
    for row in BREAKDOWN {
        let split = |side: usize| {
            let own = mean(&column(row, side, |r| r.own()));
            let stake = mean(&column(row, side, |r| r.stake));
            let token = mean(&column(row, side, |r| r.token));
            (own, format!("{own:.0} + {stake:.0} + {token:.0}"))
        };
        let ((ours, ours_text), (theirs, theirs_text)) = (split(0), split(1));
        let list = |side: usize| {
            let calls: Vec<String> = samples[&(row, side)][0]
                .stake_calls
                .iter()
                .map(|(name, units)| format!("{name} {units}"))
                .collect();
            if calls.is_empty() {
                "-".to_string()
            } else {
                calls.join(", ")
            }
        };
        let calls = match (list(0), list(1)) {
            (ours, theirs) if ours == theirs => ours,
            (ours, theirs) => format!("ours: {ours}; upstream: {theirs}"),
        };
        println!("| {} | {ours_text} | {theirs_text} | {:.2} | {} |", ROWS[row], ours / theirs, calls);
    }

    if std::env::args().any(|arg| arg == "--pool-only") {
        return;
    }
    // The steward: whole epochs over 1,000 and 5,000 validators, through the sdk's one-call crank.
    let mut budget = Vec::new();
    for n in [1_000, 5_000] {
        let mut fx = TestFixture::new().await;
        let (_, epochs) = large_epochs(&mut fx, stake_pool_program_id(), n, 3, PRIORITY_PRICE).await;
        for (k, what) in [
            "the first epoch (creates the histories; the delegated validators are increased)",
            "the second epoch (the first epoch's transient stake merges; nothing can move)",
            "the third epoch (steady state: the moves have merged and nothing is left to move)",
        ]
        .iter()
        .enumerate()
        {
            println!();
            println!(
                "Steward, {n} validators, {what}; sdk crank, v0 transactions over lookup tables, batches \
                 sized by transaction size, account locks and simulated compute units:"
            );
            println!();
            print_steps(&[&epochs[k].0, &epochs[k].1]);
        }
        budget.push((n, "first (creates the histories)", epoch_totals(&epochs[0].0, &epochs[0].1)));
        budget.push((n, "second (merges)", epoch_totals(&epochs[1].0, &epochs[1].1)));
        budget.push((n, "third (steady state)", epoch_totals(&epochs[2].0, &epochs[2].1)));
    }
    println!();
    println!(
        "One whole epoch, pool update through rebalance (one-epoch cycles: every epoch scores too); \
         fees at {PRIORITY_PRICE} micro-lamports per compute unit from the second epoch on:"
    );
    println!();
    println!("| validators | epoch | transactions | compute units | largest transaction (CU) | fees (SOL) |");
    println!("|---:|---|---:|---:|---:|---:|");
    for (n, epoch, (transactions, units, largest, fees)) in budget {
        let fees = format!("{}.{:09}", fees / 1_000_000_000, fees % 1_000_000_000);
        println!("| {n} | {epoch} | {transactions} | {units} | {largest} | {fees} |");
    }
}

/// Priority price of the steady-state epochs, micro-lamports per compute unit.
const PRIORITY_PRICE: u64 = 10_000;
