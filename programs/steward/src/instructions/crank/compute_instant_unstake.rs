//! `compute_instant_unstake`: once per epoch, at the instant-unstake progress point and with this
//! cycle's delegations in place, checks validators `start_index..` (remaining accounts: history then
//! vote account, per validator) for delinquency, a commission or MEV-commission rug and the
//! blacklist, and snapshots their stake. The call that checks the last validator snapshots the pool
//! and the reserve and moves on to `Rebalance`.

use {
    crate::{
        constants::{BPS, MINIMUM_ACTIVE_STAKE, STAKE_ACCOUNT_LEN, STAKE_PROGRAM_ID},
        delegation::{self, Targets},
        errors::StewardError,
        events::InstantUnstake,
        foreign::{
            pool::{list, minimum_delegation, PoolView},
            vote::VoteFacts,
        },
        guards,
        instructions::{crank::compute_scores::cycle_due, shared::load_history},
        score::{self, InstantFacts},
        state::{epoch16, flag, unset, ClusterHistory, Config, StateTag, StateView, StewardState},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `compute_instant_unstake`; remaining accounts: `(history, vote account)` pairs.
#[derive(Accounts)]
pub struct ComputeInstantUnstake<'info> {
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
    /// CHECK: the pool's validator list (checked against the pool).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: the pool's reserve (checked against the pool).
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: the stake program, asked for its minimum delegation.
    #[account(address = STAKE_PROGRAM_ID)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Checks a batch.
pub fn process_compute_instant_unstake<'info>(
    ctx: Context<'info, ComputeInstantUnstake<'info>>,
    start_index: u32,
) -> Result<()> {
    let clock = Clock::get()?;
    let epoch = clock.epoch;
    let current = epoch16(epoch)?;
    let config = &*ctx.accounts.config.load()?;
    let params = &config.parameters;
    let config_key = ctx.accounts.config.key();
    let pool = PoolView::read(&ctx.accounts.stake_pool, &config.pool_program)?;
    pool.check_list_and_reserve(&ctx.accounts.validator_list, Some(&ctx.accounts.reserve))?;
    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let mut view = StateView::new(&mut data)?;
    guards::crank_checks(config, &view, epoch)?;

    match view.tag()? {
        StateTag::ComputeInstantUnstake if view.header.rebalance_epoch == epoch => {}
        StateTag::Idle if view.header.rebalance_epoch != epoch && !cycle_due(&view, config, epoch) => {
            if guards::epoch_progress_bps(&clock)? < u64::from(params.instant_unstake_progress_bps) {
                return err!(StewardError::EpochProgressNotReached);
            }
            let cluster = ctx.accounts.cluster_history.load()?;
            let stake_rent = Rent::get()?.minimum_balance(STAKE_ACCOUNT_LEN);
            let minimum_move = minimum_delegation()?.max(MINIMUM_ACTIVE_STAKE);
            let header = &mut *view.header;
            header.cluster_max_credits_now = cluster.max_credits(current).unwrap_or(unset::U32);
            header.rebalance_epoch = epoch;
            // Targets and caps are fixed now, for every validator of this epoch alike.
            header.snapshot_total_lamports = pool.total_lamports;
            header.snapshot_minimum_move = minimum_move;
            header.snapshot_minimum_active = stake_rent.saturating_add(minimum_move);
            let base = u128::from(header.cycle_base_lamports);
            let cap = |bps: u16, used: u64| {
                let total = base.saturating_mul(u128::from(bps)).checked_div(u128::from(BPS)).unwrap_or(0);
                u64::try_from(total).unwrap_or(u64::MAX).saturating_sub(used)
            };
            header.snapshot_caps_remaining = [
                cap(params.scoring_unstake_cap_bps, header.scoring_unstaked),
                cap(params.instant_unstake_cap_bps, header.instant_unstaked),
                cap(params.stake_deposit_unstake_cap_bps, header.deposit_unstaked),
            ];
            view.clear_flags(flag::INSTANT_CHECKED);
            guards::transition(&mut view, &config_key, epoch, StateTag::ComputeInstantUnstake);
        }
        _ => return err!(StewardError::InvalidState),
    }

    let cluster_max_now = Some(view.header.cluster_max_credits_now).filter(|m| *m != unset::U32);
    let targets = Targets {
        total_lamports: view.header.snapshot_total_lamports,
        delegated_count: view.header.delegated_count,
        minimum_active: view.header.snapshot_minimum_active,
    };
    let list_data = ctx.accounts.validator_list.try_borrow_data()?;
    let accounts = ctx.remaining_accounts;
    if !accounts.len().is_multiple_of(2) {
        return err!(StewardError::BadRemainingAccounts);
    }
    let start = start_index as usize;
    let mut done = false;
    for (k, pair) in accounts.chunks_exact(2).enumerate() {
        let index = start.saturating_add(k);
        if index >= view.header.num_validators as usize {
            return err!(StewardError::IndexOutOfRange);
        }
        let vote_key = view.slots[index].vote_account;
        let entry = list::entry(&list_data, index)?;
        if entry.vote_account != vote_key {
            return err!(StewardError::ListStateMismatch);
        }
        // A validator being removed is the pool's business: no history needed, nothing to move.
        if view.slots[index].has(flag::REMOVING) {
            let slot = &mut view.slots[index];
            slot.snapshot_lamports = entry.active.saturating_add(entry.transient);
            (slot.needs, slot.deficit) = ([0; 3], 0);
            done = view.mark_done(index, flag::INSTANT_CHECKED)?;
            continue;
        }
        let (history_info, vote_info) = (&pair[0], &pair[1]);
        if vote_info.key != &vote_key {
            return err!(StewardError::VoteAccountMismatch);
        }
        let loader = load_history(history_info, &config_key, &vote_key)?;
        let history = loader.load()?;
        let vote_data = vote_info.try_borrow_data()?;
        let (credits_now, commission_bps) = match VoteFacts::read(vote_info, &vote_data) {
            Ok(facts) => (Some(facts.credits_in(epoch)), facts.commission_bps),
            Err(_) => (None, 0),
        };
        let mev_commission_bps =
            history.entry(current).map(|e| e.mev_commission_bps).filter(|m| *m != unset::U16);
        let facts = InstantFacts {
            credits_now,
            commission_bps,
            mev_commission_bps,
            blacklisted: history.blacklisted != 0,
        };
        let reasons = score::instant_unstake_reasons(&facts, cluster_max_now, params);
        let slot = &mut view.slots[index];
        slot.snapshot_lamports = entry.active.saturating_add(entry.transient);
        slot.instant_reasons = reasons;
        if reasons != 0 && !slot.has(flag::INSTANT_UNSTAKE) {
            slot.flags |= flag::INSTANT_UNSTAKE;
            emit!(InstantUnstake { config: config_key, vote_account: vote_key, reasons });
        }
        (slot.needs, slot.deficit) = delegation::needs(slot, &targets);
        done = view.mark_done(index, flag::INSTANT_CHECKED)?;
    }

    if done {
        // Every move this epoch opens a transient account whose rent the reserve pays, and the
        // reserve keeps its own rent: set that aside before sharing the rest out as increases.
        let stake_rent = Rent::get()?.minimum_balance(STAKE_ACCOUNT_LEN);
        let rents = u64::from(view.header.num_validators).saturating_add(2);
        view.header.snapshot_reserve_available =
            ctx.accounts.reserve.lamports().saturating_sub(stake_rent.saturating_mul(rents));
        view.clear_flags(flag::REBALANCED);
        guards::transition(&mut view, &config_key, epoch, StateTag::Rebalance);
    }
    Ok(())
}
