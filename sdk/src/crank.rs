//! One call that runs everything due now for a pool and its steward: the pool's epoch update, the
//! history copies, and the steward's current steps. Idempotent: what is done is skipped, so a
//! keeper may call it as often as it likes. Works against any [`Chain`] (an RPC client, a test bank).

#![allow(
    clippy::arithmetic_side_effects,
    reason = "off-chain counters and indices, bounded by the validator list length"
)]

use {
    crate::{
        accounts::decode_stake_pool,
        instructions,
        steward::{
            self as client, decode_config, decode_history, decode_state, StewardAddresses, StewardStateView,
        },
    },
    anchor_lang::{prelude::Pubkey, solana_program::instruction::Instruction},
    stake_pool::state::{validator_list, StakePool},
    steward::{
        constants::BPS,
        state::{flag, StateTag},
    },
};

/// Validators per `UpdateValidatorListBalance` on our pool program: what fits a legacy transaction
/// (the instruction itself takes 12 under 200k CU; upstream's own client uses 4).
pub const UPDATE_CHUNK_OURS: usize = 10;
/// Validators per `UpdateValidatorListBalance` on the upstream SPL program.
pub const UPDATE_CHUNK_UPSTREAM: usize = 4;
/// History copies per transaction.
pub const COPY_BATCH: usize = 8;
/// Validators per `compute_scores` (one account each).
pub const SCORE_BATCH: usize = 24;
/// Validators per `compute_instant_unstake` (two accounts each).
pub const INSTANT_BATCH: usize = 10;
/// Most validators per `rebalance` (three accounts each, with the pool's fourteen).
pub const REBALANCE_BATCH: usize = 5;

/// Validators per `rebalance` for a list of `n`: each one's plan reads every slot (about 50 CU
/// each) besides its stake-pool call, so large lists take fewer per transaction.
pub fn rebalance_batch(n: usize) -> usize {
    let per_validator = 60_000 + 50 * n;
    (1_300_000 / per_validator).clamp(1, REBALANCE_BATCH)
}

/// An account as the crank sees it.
#[derive(Clone, Debug)]
pub struct RawAccount {
    /// Lamports.
    pub lamports: u64,
    /// Owner program.
    pub owner: Pubkey,
    /// Data.
    pub data: Vec<u8>,
}

/// Where the chain is in time.
#[derive(Clone, Copy, Debug)]
pub struct ChainClock {
    /// Current slot.
    pub slot: u64,
    /// Current epoch.
    pub epoch: u64,
    /// First slot of the current epoch.
    pub epoch_first_slot: u64,
    /// Slots in the current epoch.
    pub slots_in_epoch: u64,
}

impl ChainClock {
    /// Progress through the epoch in basis points.
    pub fn progress_bps(&self) -> u64 {
        self.slot
            .saturating_sub(self.epoch_first_slot)
            .saturating_mul(BPS)
            .checked_div(self.slots_in_epoch)
            .unwrap_or(0)
    }
}

/// What the crank needs from a cluster.
#[allow(async_fn_in_trait, reason = "single-threaded callers (CLI, keeper, tests); no Send bound needed")]
pub trait Chain {
    /// The account at `address`, if it exists.
    async fn account(&mut self, address: &Pubkey) -> Result<Option<RawAccount>, String>;
    /// The clock and epoch schedule.
    async fn clock(&mut self) -> Result<ChainClock, String>;
    /// Sends one transaction of `instructions` (signed by the crank's payer) and returns its compute
    /// units.
    async fn send(&mut self, instructions: Vec<Instruction>) -> Result<u64, String>;
    /// The crank's fee payer.
    fn payer(&self) -> Pubkey;
}

/// One step of a crank run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepReport {
    /// Step name.
    pub step: &'static str,
    /// Transactions sent.
    pub transactions: usize,
    /// Validators handled.
    pub validators: usize,
    /// Compute units of all its transactions.
    pub compute_units: u64,
    /// Highest compute units of one transaction.
    pub max_compute_units: u64,
}

/// Everything one crank run did.
#[derive(Clone, Debug, Default)]
pub struct CrankReport {
    /// Steps in the order they ran.
    pub steps: Vec<StepReport>,
}

impl CrankReport {
    /// The report of `step`, if it ran.
    pub fn step(&self, step: &str) -> Option<&StepReport> {
        self.steps.iter().find(|s| s.step == step)
    }

    /// Transactions sent in all.
    pub fn transactions(&self) -> usize {
        self.steps.iter().map(|s| s.transactions).sum()
    }
}

struct Step<'a> {
    report: &'a mut CrankReport,
    index: usize,
}

impl Step<'_> {
    fn start<'a>(report: &'a mut CrankReport, step: &'static str) -> Step<'a> {
        let index = match report.steps.iter().position(|s| s.step == step) {
            Some(i) => i,
            None => {
                report.steps.push(StepReport { step, ..Default::default() });
                report.steps.len() - 1
            }
        };
        Step { report, index }
    }

    async fn send(
        &mut self,
        chain: &mut impl Chain,
        ixs: Vec<Instruction>,
        validators: usize,
    ) -> Result<(), String> {
        let units =
            chain.send(ixs).await.map_err(|e| format!("{}: {e}", self.report.steps[self.index].step))?;
        let s = &mut self.report.steps[self.index];
        s.transactions += 1;
        s.validators += validators;
        s.compute_units += units;
        s.max_compute_units = s.max_compute_units.max(units);
        Ok(())
    }
}

/// One validator-list entry, as the crank needs it.
#[derive(Clone, Copy, Debug)]
pub struct ListEntry {
    /// Vote account.
    pub vote: Pubkey,
    /// Validator stake seed.
    pub validator_seed: u32,
    /// Transient stake seed.
    pub transient_seed: u64,
    /// Lamports of the validator stake account at the last update.
    pub active_lamports: u64,
    /// Lamports in transient stake.
    pub transient_lamports: u64,
    /// SPL status byte (0 active, 2 ready for removal, ...).
    pub status: u8,
}

/// Decodes every list entry.
pub fn list_entries(data: &[u8]) -> Result<Vec<ListEntry>, String> {
    let entries = validator_list::entries(data).map_err(|e| format!("validator list: {e}"))?;
    Ok(entries
        .chunks_exact(validator_list::ENTRY_LEN)
        .map(|e| ListEntry {
            vote: Pubkey::new_from_array(validator_list::entry::vote(e).try_into().unwrap_or([0; 32])),
            validator_seed: validator_list::entry::validator_seed(e),
            transient_seed: validator_list::entry::transient_seed(e),
            active_lamports: validator_list::entry::active_stake_lamports(e),
            transient_lamports: validator_list::entry::transient_stake_lamports(e),
            status: validator_list::entry::status(e),
        })
        .collect())
}

async fn need(chain: &mut impl Chain, address: &Pubkey, what: &str) -> Result<RawAccount, String> {
    chain.account(address).await?.ok_or_else(|| format!("{what} {address} not found"))
}

/// The pool, its list entries and the steward state, freshly read.
async fn read_all(
    chain: &mut impl Chain,
    a: &StewardAddresses,
) -> Result<(StakePool, Vec<ListEntry>, StewardStateView), String> {
    let pool = decode_stake_pool(&need(chain, &a.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    let state =
        decode_state(&need(chain, &a.state, "steward state").await?.data).map_err(|e| e.to_string())?;
    Ok((pool, list, state))
}

/// Runs the pool's epoch update if it is stale.
pub async fn update_pool(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
) -> Result<(), String> {
    let epoch = chain.clock().await?.epoch;
    let pool = decode_stake_pool(&need(chain, &a.stake_pool, "stake pool").await?.data)
        .map_err(|e| e.to_string())?;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    if pool.last_update_epoch >= epoch {
        // Up to date; entries ready for removal still need the cleanup (the steward waits for it).
        if list.iter().any(|e| e.status == validator_list::status::READY_FOR_REMOVAL) {
            let cleanup = instructions::cleanup_removed_validator_entries(
                &a.pool_program,
                &a.stake_pool,
                &a.validator_list,
            );
            Step::start(report, "pool cleanup").send(chain, vec![cleanup], 0).await?;
        }
        return Ok(());
    }
    let chunk = if a.pool_program == stake_pool::ID { UPDATE_CHUNK_OURS } else { UPDATE_CHUNK_UPSTREAM };
    let mut step = Step::start(report, "pool update");
    for (i, entries) in list.chunks(chunk).enumerate() {
        let stakes: Vec<_> = entries
            .iter()
            .map(|e| {
                (a.validator_stake(&e.vote, e.validator_seed), a.transient_stake(&e.vote, e.transient_seed))
            })
            .collect();
        let ix = instructions::update_validator_list_balance(
            &a.pool_program,
            &a.stake_pool,
            &a.withdraw_authority,
            &a.validator_list,
            &a.reserve,
            &stakes,
            (i * chunk) as u32,
            false,
        );
        step.send(chain, vec![ix], entries.len()).await?;
    }
    let ixs = vec![
        instructions::update_stake_pool_balance(
            &a.pool_program,
            &a.stake_pool,
            &a.withdraw_authority,
            &a.validator_list,
            &a.reserve,
            &pool.manager_fee_account,
            &pool.pool_mint,
            &pool.token_program_id,
        ),
        instructions::cleanup_removed_validator_entries(&a.pool_program, &a.stake_pool, &a.validator_list),
    ];
    step.send(chain, ixs, 0).await
}

/// Copies every listed validator's vote account (creating missing histories) and the cluster's
/// blocks.
pub async fn copy_histories(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
) -> Result<(), String> {
    let epoch = chain.clock().await?.epoch;
    let list = list_entries(&need(chain, &a.validator_list, "validator list").await?.data)?;
    let mut init = Vec::new();
    let mut copy = Vec::new();
    for e in &list {
        // A closed vote account cannot be copied; the steward removes its validator instead.
        if !vote_account_open(chain, &e.vote).await? {
            continue;
        }
        match chain.account(&a.history(&e.vote)).await? {
            None => {
                init.push(e.vote);
                copy.push(e.vote);
            }
            Some(h) => {
                let history = decode_history(&h.data).map_err(|e| e.to_string())?;
                if u64::from(history.last_copy_epoch) != epoch {
                    copy.push(e.vote);
                }
            }
        }
    }
    let payer = chain.payer();
    if !init.is_empty() {
        let mut step = Step::start(report, "init histories");
        for votes in init.chunks(COPY_BATCH) {
            let ixs = votes.iter().map(|v| client::init_validator_history(&a.config, &payer, v)).collect();
            step.send(chain, ixs, votes.len()).await?;
        }
    }
    let mut step = Step::start(report, "copy histories");
    for votes in copy.chunks(COPY_BATCH) {
        let ixs = votes.iter().map(|v| client::copy_vote_account(&a.config, v)).collect();
        step.send(chain, ixs, votes.len()).await?;
    }
    // Blocks per epoch: once the current epoch's are recorded, until the next copies run.
    let cluster = chain.account(&a.cluster_history).await?;
    let recorded = cluster.as_ref().and_then(|c| cluster_blocks_recorded(&c.data, epoch));
    if !copy.is_empty() || recorded != Some(true) {
        step.send(chain, vec![client::copy_cluster_info(&a.config)], 0).await?;
    }
    Ok(())
}

/// Whether the cluster history holds blocks for `epoch`.
fn cluster_blocks_recorded(data: &[u8], epoch: u64) -> Option<bool> {
    use steward::{
        constants::HISTORY_LEN,
        state::{unset, ClusterHistory},
    };
    let body = data.get(8..)?.get(..std::mem::size_of::<ClusterHistory>())?;
    let cluster: ClusterHistory = bytemuck::pod_read_unaligned(body);
    let entry = cluster.entries[(epoch % HISTORY_LEN as u64) as usize];
    Some(u64::from(entry.epoch) == epoch && entry.total_blocks != unset::U32)
}

/// Whether `vote` is an open vote account.
async fn vote_account_open(chain: &mut impl Chain, vote: &Pubkey) -> Result<bool, String> {
    use steward::constants::VOTE_PROGRAM_ID;
    Ok(chain.account(vote).await?.is_some_and(|v| v.owner == VOTE_PROGRAM_ID && v.lamports > 0))
}

/// Contiguous runs of indices (< `n`) whose slot lacks `bit`, split into batches of `batch`.
fn pending_runs(state: &StewardStateView, bit: u16, batch: usize) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    let n = state.slots.len();
    while i < n {
        if state.slots[i].flags & bit != 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && state.slots[i].flags & bit == 0 && i - start < batch {
            i += 1;
        }
        runs.push((start, i));
    }
    runs
}

/// Runs the steward's steps that are due now.
pub async fn run_steward(
    chain: &mut impl Chain,
    a: &StewardAddresses,
    report: &mut CrankReport,
) -> Result<(), String> {
    let clock = chain.clock().await?;
    let config =
        decode_config(&need(chain, &a.config, "steward config").await?.data).map_err(|e| e.to_string())?;
    if config.is_paused() {
        return Ok(());
    }
    let params = config.parameters;
    let (_, listed, state) = read_all(chain, a).await?;
    // Maintenance once per epoch, and again when the pool's list changed since (a cleanup).
    if state.header.maintenance_epoch != clock.epoch || listed.len() != state.slots.len() {
        Step::start(report, "epoch maintenance").send(chain, vec![a.epoch_maintenance()], 0).await?;
    }

    // Validators whose vote account closed: anyone may start their removal.
    let (_, list, state) = read_all(chain, a).await?;
    for (index, (slot, entry)) in state.slots.iter().zip(&list).enumerate() {
        if slot.flags & flag::REMOVING == 0 && !vote_account_open(chain, &entry.vote).await? {
            let ix = a.remove_validator(
                index as u32,
                &entry.vote,
                entry.validator_seed,
                entry.transient_seed,
                None,
            );
            Step::start(report, "remove closed validators").send(chain, vec![ix], 1).await?;
        }
    }

    // Scoring: a new cycle is due and its progress point reached (or scoring under way).
    let (_, list, state) = read_all(chain, a).await?;
    let last = state.header.last_cycle_epoch;
    let cycle_due =
        last == u64::MAX || clock.epoch >= last.saturating_add(u64::from(params.epochs_per_cycle));
    let scoring = match state.tag() {
        Some(StateTag::ComputeScores) => true,
        Some(StateTag::Idle) => {
            cycle_due && clock.progress_bps() >= u64::from(params.compute_score_progress_bps)
        }
        _ => false,
    };
    if scoring {
        let mut step = Step::start(report, "compute scores");
        let restart = state.tag() == Some(StateTag::Idle);
        let runs = if restart {
            (0..list.len()).step_by(SCORE_BATCH).map(|s| (s, (s + SCORE_BATCH).min(list.len()))).collect()
        } else {
            pending_runs(&state, flag::SCORED, SCORE_BATCH)
        };
        for (start, end) in runs {
            let votes: Vec<_> = state.slots[start..end].iter().map(|s| s.vote_account).collect();
            step.send(chain, vec![a.compute_scores(start as u32, &votes)], votes.len()).await?;
        }
    }
    let (_, _, state) = read_all(chain, a).await?;
    if state.tag() == Some(StateTag::ComputeDelegations) {
        let n = state.slots.len();
        Step::start(report, "compute delegations").send(chain, vec![a.compute_delegations()], n).await?;
    }

    // Instant unstake, then rebalance: once per epoch, after the progress point.
    let (_, _, state) = read_all(chain, a).await?;
    let last = state.header.last_cycle_epoch;
    let cycle_due =
        last == u64::MAX || clock.epoch >= last.saturating_add(u64::from(params.epochs_per_cycle));
    let instant = match state.tag() {
        Some(StateTag::ComputeInstantUnstake) => true,
        Some(StateTag::Idle) => {
            state.header.rebalance_epoch != clock.epoch
                && !cycle_due
                && clock.progress_bps() >= u64::from(params.instant_unstake_progress_bps)
        }
        _ => false,
    };
    if instant {
        let mut step = Step::start(report, "compute instant unstake");
        let restart = state.tag() == Some(StateTag::Idle);
        let n = state.slots.len();
        let runs = if restart {
            (0..n).step_by(INSTANT_BATCH).map(|s| (s, (s + INSTANT_BATCH).min(n))).collect()
        } else {
            pending_runs(&state, flag::INSTANT_CHECKED, INSTANT_BATCH)
        };
        for (start, end) in runs {
            let votes: Vec<_> = state.slots[start..end].iter().map(|s| s.vote_account).collect();
            step.send(chain, vec![a.compute_instant_unstake(start as u32, &votes)], votes.len()).await?;
        }
    }
    let (_, list, state) = read_all(chain, a).await?;
    if state.tag() == Some(StateTag::Rebalance) {
        let mut step = Step::start(report, "rebalance");
        for (start, end) in pending_runs(&state, flag::REBALANCED, rebalance_batch(state.slots.len())) {
            let validators: Vec<_> = list
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|e| (e.vote, e.validator_seed, e.transient_seed))
                .collect();
            step.send(chain, vec![a.rebalance(start as u32, &validators)], validators.len()).await?;
        }
    }
    Ok(())
}

/// Everything due now: pool update, history copies, steward steps.
pub async fn crank(chain: &mut impl Chain, a: &StewardAddresses) -> Result<CrankReport, String> {
    let mut report = CrankReport::default();
    update_pool(chain, a, &mut report).await?;
    copy_histories(chain, a, &mut report).await?;
    run_steward(chain, a, &mut report).await?;
    Ok(report)
}
