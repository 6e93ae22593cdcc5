//! `compute_instant_unstake`: once per epoch, at the instant-unstake progress point and with this
//! cycle's delegations in place, checks validators `start_index..` (remaining accounts: history,
//! vote account and this epoch's tip-distribution account, per validator) for delinquency, a
//! commission or MEV-commission rug, the blacklist and (filter on) a bond fallen short, and snapshots their stake and needs. Every
//! input is live (vote and tip-distribution accounts) or was read after the progress point (the
//! blocks the cluster produced this epoch, which the first call snapshots). The call that checks the
//! last validator snapshots the reserve and moves on to `Rebalance`.

use {
    crate::{
        constants::{BPS, MINIMUM_ACTIVE_STAKE, STAKE_ACCOUNT_LEN, STAKE_PROGRAM_ID},
        delegation::{self, Targets, Totals},
        errors::StewardError,
        events::InstantUnstake,
        foreign::{
            bond,
            pool::{list, minimum_delegation, PoolView},
            tip_distribution,
            vote::VoteFacts,
        },
        guards,
        instructions::{crank::compute_scores::cycle_due, shared::load_history},
        score::{self, BlocksNow, InstantFacts},
        state::{epoch16, flag, ClusterHistory, Config, StateTag, StateView, StewardState},
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_schedule::EpochSchedule, Sysvar},
};

/// Accounts of `compute_instant_unstake`; remaining accounts: `(history (writable), vote account,
/// tip-distribution account of this epoch)` triples, each followed by the validator's bond when the
/// bond filter is on.
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

/// Opens the epoch's instant-unstake step: the progress point is reached, and the cluster's block
/// count for this epoch was read after it. Fixes the targets' base, the caps and the minimums for
/// every validator of this epoch alike.
fn open(
    ctx: &Context<ComputeInstantUnstake>,
    view: &mut StateView,
    config: &Config,
    pool: &PoolView,
    clock: &Clock,
) -> Result<()> {
    let params = &config.parameters;
    if guards::epoch_progress_bps(clock)? < u64::from(params.instant_unstake_progress_bps) {
        return err!(StewardError::EpochProgressNotReached);
    }
    let point = guards::progress_point_slot(clock, params.instant_unstake_progress_bps)?;
    let first = EpochSchedule::get()?.get_first_slot_in_epoch(clock.epoch);
    let cluster = ctx.accounts.cluster_history.load()?;
    let entry = cluster
        .entry(epoch16(clock.epoch)?)
        .filter(|e| e.from_first_slot == 1 && crate::state::read_since(e.counted_to_slot, point))
        .ok_or(StewardError::StaleClusterHistory)?;
    let stake_rent = Rent::get()?.minimum_balance(STAKE_ACCOUNT_LEN);
    let minimum_move = minimum_delegation()?.max(MINIMUM_ACTIVE_STAKE);
    let header = &mut *view.header;
    header.instant_blocks = entry.total_blocks;
    header.instant_blocks_slot = entry.counted_to_slot.saturating_sub(first).saturating_add(1);
    header.rebalance_epoch = clock.epoch;
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
    header.needs_total = [0; 3];
    header.shortfalls = 0;
    view.clear_flags(flag::INSTANT_CHECKED);
    guards::transition(view, &ctx.accounts.config.key(), clock.epoch, StateTag::ComputeInstantUnstake);
    Ok(())
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
            open(&ctx, &mut view, config, &pool, &clock)?;
        }
        _ => return err!(StewardError::InvalidState),
    }

    let first_slot = EpochSchedule::get()?.get_first_slot_in_epoch(epoch);
    let slots_now = clock.slot.saturating_sub(first_slot).saturating_add(1);
    let blocks = BlocksNow { blocks: view.header.instant_blocks, slots: view.header.instant_blocks_slot };
    let targets = Targets {
        total_lamports: view.header.snapshot_total_lamports,
        delegated_count: view.header.delegated_count,
        minimum_active: view.header.snapshot_minimum_active,
        minimum_move: view.header.snapshot_minimum_move,
    };
    let stake_rent = Rent::get()?.minimum_balance(STAKE_ACCOUNT_LEN);
    let list_data = ctx.accounts.validator_list.try_borrow_data()?;
    // With the bond filter on, each validator's accounts end with its bond (or its address).
    let bonds = bond::filter(&config_key, params, view.header.cycle_base_lamports);
    let per_validator = if bonds.is_some() { 4 } else { 3 };
    let rent = Rent::get()?;
    let accounts = ctx.remaining_accounts;
    if !accounts.len().is_multiple_of(per_validator) {
        return err!(StewardError::BadRemainingAccounts);
    }
    let start = start_index as usize;
    let mut done = false;
    for (k, triple) in accounts.chunks_exact(per_validator).enumerate() {
        let index = start.saturating_add(k);
        if index >= view.header.num_validators as usize {
            return err!(StewardError::IndexOutOfRange);
        }
        let vote_key = view.slots[index].vote_account;
        let entry = list::balances_of(&list_data, index, &vote_key)?;
        // Checked once per epoch: a second pass would let a cranker pick the moment.
        if view.slots[index].has(flag::INSTANT_CHECKED) {
            continue;
        }
        let slot = &mut view.slots[index];
        slot.snapshot_lamports = entry.active.saturating_add(entry.transient);
        // A validator being removed is the pool's business: no history needed, nothing to move.
        if slot.has(flag::REMOVING) {
            (slot.needs, slot.deficit) = ([0; 3], 0);
            done = view.mark_done(index, flag::INSTANT_CHECKED)?;
            continue;
        }
        let (history_info, vote_info, tip_info) = (&triple[0], &triple[1], &triple[2]);
        if vote_info.key != &vote_key {
            return err!(StewardError::VoteAccountMismatch);
        }
        let loader = load_history(history_info, &config_key, &vote_key)?;
        let vote_data = vote_info.try_borrow_data()?;
        let (credits_now, commission_bps) = match VoteFacts::read_open(vote_info, &vote_data) {
            Some(facts) => (Some(facts.credits_in(epoch)), facts.commission_bps),
            None => (None, 0),
        };
        {
            // What the bonds program charges losses on: the stake the pool holds with the
            // validator this epoch (read after the progress point, before this epoch's moves), and
            // the commission the epoch ends with (past the epoch's first half the vote program
            // refuses increases, so only a decrease can follow this reading).
            let mut history = loader.load_mut()?;
            let record = history.entry_mut(current);
            record.pool_stake_lamports = entry.active.saturating_sub(stake_rent);
            if credits_now.is_some() {
                record.commission_bps = commission_bps;
            }
        }
        let history = loader.load()?;
        let open_vote = credits_now.is_some();
        // This epoch's MEV commission, live; the previous epoch's as recorded (its account is final).
        let previous = current
            .checked_sub(1)
            .and_then(|e| history.entry(e))
            .filter(|e| e.mev_client == 1)
            .map(|e| e.mev_commission_bps);
        let now = tip_distribution::read(tip_info, &vote_key, epoch)?;
        let bond_short = match (&bonds, triple.get(3)) {
            (Some((bonds_config, required)), Some(bond_account)) => {
                bond::available(bond_account, bonds_config, &vote_key, &rent)? < *required
            }
            _ => false,
        };
        let facts = InstantFacts {
            credits_now,
            slots_now,
            commission_bps,
            mev_commission_bps: now.max(previous),
            blacklisted: history.blacklisted != 0,
            bond_short,
        };
        let reasons = score::instant_unstake_reasons(&facts, &blocks, params);
        let slot = &mut view.slots[index];
        slot.instant_reasons = reasons;
        if reasons != 0 && !slot.has(flag::INSTANT_UNSTAKE) {
            slot.flags |= flag::INSTANT_UNSTAKE;
            emit!(InstantUnstake { config: config_key, vote_account: vote_key, reasons });
        }
        // A pending transient account cannot be moved this epoch, and a closed vote account cannot
        // receive stake: neither takes any of the epoch's budget.
        let movable = entry.transient == 0;
        (slot.needs, slot.deficit) = delegation::needs(slot, &targets, movable, open_vote);
        let mut totals = Totals { needs: view.header.needs_total, shortfalls: view.header.shortfalls };
        totals.add(&view.slots[index].needs, view.slots[index].deficit);
        (view.header.needs_total, view.header.shortfalls) = (totals.needs, totals.shortfalls);
        done = view.mark_done(index, flag::INSTANT_CHECKED)?;
    }

    if done {
        // Every move this epoch opens a transient account whose rent the reserve pays, and the
        // reserve keeps its own rent: set that aside before sharing the rest out as increases.
        let rents = u64::from(view.header.num_validators).saturating_add(2);
        let reserve = ctx.accounts.reserve.lamports();
        view.header.snapshot_reserve_lamports = reserve;
        view.header.reserve_used = 0;
        view.header.snapshot_reserve_available = reserve.saturating_sub(stake_rent.saturating_mul(rents));
        // Every input of the plan is now fixed: one walk of each order leaves each validator's
        // rebalance a constant-cost lookup.
        let caps = view.header.snapshot_caps_remaining;
        let totals = Totals { needs: view.header.needs_total, shortfalls: view.header.shortfalls };
        let (slots, by_raw_score, by_score) = view.with_orders();
        let cuts = delegation::freeze(slots, by_raw_score, by_score, &caps, &totals);
        view.header.decrease_cut_raw_score = cuts.key.map(|k| k.0);
        view.header.decrease_cut_index = cuts.key.map(|k| k.1);
        view.header.decrease_cut_partial = cuts.partial;
        view.clear_flags(flag::REBALANCED);
        guards::transition(&mut view, &config_key, epoch, StateTag::Rebalance);
    }
    Ok(())
}
