//! `compute_scores`: at the scoring progress point of a new cycle, scores validators
//! `start_index..` (one history per validator among the remaining accounts, in list order, each
//! followed by the validator's bond when the bond filter is on: `minimum_bond_bps` > 0). The
//! first call opens the cycle: it snapshots the blocks the cluster produced in each completed epoch
//! (the reference vote credits are judged against, so no choice of copies moves it) and the cap
//! base; the call that scores the last validator moves on to `ComputeDelegations`. A history whose
//! vote-account or tip-distribution copy is older than this epoch's scoring point is refused.

use {
    crate::{
        constants::HISTORY_LEN,
        errors::StewardError,
        foreign::{bond, pool::PoolView},
        guards,
        instructions::shared::load_history,
        score,
        state::{
            epoch16, filter, flag, read_since, unset, ClusterHistory, Config, StateTag, StateView,
            StewardState,
        },
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_schedule::EpochSchedule, Sysvar},
};

/// Accounts of `compute_scores`; the remaining accounts are validator histories (each followed by
/// the validator's bond when the bond filter is on).
#[derive(Accounts)]
pub struct ComputeScores<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The steward state.
    #[account(mut, address = config.load()?.state @ StewardError::StateMismatch)]
    pub state: AccountLoader<'info, StewardState>,
    /// The steward's cluster history.
    #[account(constraint = cluster_history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: the config's pool.
    #[account(address = config.load()?.stake_pool @ StewardError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
}

/// Whether a new cycle is due at `epoch`.
pub fn cycle_due(view: &StateView, config: &Config, epoch: u64) -> bool {
    let last = view.header.last_cycle_epoch;
    last == u64::MAX || epoch >= last.saturating_add(u64::from(config.parameters.epochs_per_cycle))
}

/// Scores a batch.
pub fn process_compute_scores<'info>(
    ctx: Context<'info, ComputeScores<'info>>,
    start_index: u32,
) -> Result<()> {
    let clock = Clock::get()?;
    let epoch = clock.epoch;
    let current = epoch16(epoch)?;
    let config = &*ctx.accounts.config.load()?;
    let config_key = ctx.accounts.config.key();
    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let mut view = StateView::new(&mut data)?;
    guards::crank_checks(config, &view, epoch)?;

    match view.tag()? {
        StateTag::ComputeScores => {}
        StateTag::Idle if cycle_due(&view, config, epoch) => {
            if guards::epoch_progress_bps(&clock)? < u64::from(config.parameters.compute_score_progress_bps) {
                return err!(StewardError::EpochProgressNotReached);
            }
            let pool = PoolView::read(&ctx.accounts.stake_pool, &config.pool_program)?;
            let cluster = ctx.accounts.cluster_history.load()?;
            let schedule = EpochSchedule::get()?;
            // The previous epoch is judged too: its count must be complete (read this epoch).
            let previous = epoch.saturating_sub(1);
            let complete = cluster
                .entry(epoch16(previous)?)
                .and_then(|e| e.complete_blocks(schedule.get_last_slot_in_epoch(previous)));
            if epoch > 0 && complete.is_none() {
                return err!(StewardError::StaleClusterHistory);
            }
            let first = epoch.saturating_sub(HISTORY_LEN as u64);
            view.header.cluster_snapshot_first_epoch = first;
            for (k, blocks) in view.header.cluster_blocks.iter_mut().enumerate() {
                let e = first.saturating_add(k as u64);
                let last = schedule.get_last_slot_in_epoch(e);
                *blocks = match cluster.entry(epoch16(e)?) {
                    Some(entry) if e < epoch => entry.complete_blocks(last).unwrap_or(unset::U32),
                    _ => unset::U32,
                };
            }
            view.header.cycle_start_epoch = epoch;
            view.header.cycle_base_lamports = pool.total_lamports;
            view.header.scoring_unstaked = 0;
            view.header.instant_unstaked = 0;
            view.header.deposit_unstaked = 0;
            view.clear_flags(flag::SCORED | flag::INSTANT_UNSTAKE);
            guards::transition(&mut view, &config_key, epoch, StateTag::ComputeScores);
        }
        _ => return err!(StewardError::InvalidState),
    }

    let first = view.header.cluster_snapshot_first_epoch;
    let snapshot = view.header.cluster_blocks;
    let blocks = |e: u16| {
        let k = u64::from(e).checked_sub(first)? as usize;
        snapshot.get(k).copied().filter(|b| *b != unset::U32)
    };
    let point = guards::progress_point_slot(&clock, config.parameters.compute_score_progress_bps)?;
    // With the bond filter on, each history is followed by the validator's bond (or its address).
    let params = &config.parameters;
    let bonds = bond::filter(&config_key, params, view.header.cycle_base_lamports);
    let per_validator = if bonds.is_some() { 2 } else { 1 };
    if !ctx.remaining_accounts.len().is_multiple_of(per_validator) {
        return err!(StewardError::BadRemainingAccounts);
    }
    let rent = Rent::get()?;
    let start = start_index as usize;
    let mut done = false;
    for (k, accounts) in ctx.remaining_accounts.chunks_exact(per_validator).enumerate() {
        let account = &accounts[0];
        let index = start.saturating_add(k);
        if index >= view.header.num_validators as usize {
            return err!(StewardError::IndexOutOfRange);
        }
        // Scored once per cycle: a second pass would let a cranker pick the moment.
        if view.slots[index].has(flag::SCORED) {
            continue;
        }
        // A validator being removed (its vote account may be closed, its history never copied)
        // scores 0 without reading a history, and never blocks the cycle.
        if view.slots[index].has(flag::REMOVING) {
            view.set_scores(index, 0, 0)?;
            done = view.mark_done(index, flag::SCORED)?;
            continue;
        }
        let vote = view.slots[index].vote_account;
        let loader = load_history(account, &config_key, &vote)?;
        let history = loader.load()?;
        if !read_since(history.vote_copy_slot, point) || !read_since(history.mev_copy_slot, point) {
            return err!(StewardError::StaleValidatorHistory);
        }
        let mut result = score::score(&history, current, &config.parameters, blocks);
        if let (Some((bonds_config, required)), Some(bond_account)) = (&bonds, accounts.get(1)) {
            if bond::available(bond_account, bonds_config, &vote, &rent)? < *required {
                result.filters_failed |= filter::BOND;
                result.score = 0;
            }
        }
        view.set_scores(index, result.raw, result.score)?;
        view.slots[index].filters_failed = result.filters_failed;
        done = view.mark_done(index, flag::SCORED)?;
    }
    if done {
        guards::transition(&mut view, &config_key, epoch, StateTag::ComputeDelegations);
    }
    Ok(())
}
