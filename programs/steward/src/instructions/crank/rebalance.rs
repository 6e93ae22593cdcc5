//! `rebalance`: moves validators `start_index..` towards their targets (remaining accounts: vote
//! account, validator stake, transient stake, per validator) through SPL
//! `DecreaseValidatorStakeWithReserve` / `IncreaseValidatorStake`, signed by the staker PDA. Amounts
//! come from [`crate::delegation::plan`] over this epoch's frozen snapshot (constant cost per
//! validator), so they do not depend on crank order. If someone took lamports out of the reserve since the snapshot, an increase the rest can no
//! longer fund in full waits (best score first keeps its claim, see
//! [`crate::delegation::reserve_budget`]); a decrease whose stake a user withdrew below the pool's
//! floor waits likewise. Any crank may retry a waiting move this epoch, even after the step ends,
//! and it takes its planned amount once the reserve (or the stake) is back — an action timed around
//! one validator's crank only delays it. A decrease never waits for the reserve: when the reserve
//! cannot pay the new transient account's rent (someone drained it), the crank's payer pays it (the
//! stake program needs the account funded before it splits into it; the lamports join the pool with
//! the transient stake). A validator with a transient stake pending, stake deactivating, being
//! removed, or whose move is below the pool's minimum is skipped, as is an increase to a vote account
//! closed since the snapshot. The call that handles the last validator returns to `Idle`.

use {
    crate::{
        constants::{STAKER_SEED, STAKE_ACCOUNT_LEN},
        delegation::{self, cap, Budget, Cuts},
        errors::StewardError,
        events::Rebalanced,
        foreign::{
            pool::{list, stake_is_deactivating, stake_voter},
            vote::VoteFacts,
        },
        guards,
        state::{flag, Config, StateTag, StateView, StewardState},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `rebalance`; remaining accounts: `(vote, validator stake, transient stake)` triples.
#[derive(Accounts)]
pub struct Rebalance<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The steward state.
    #[account(mut, address = config.load()?.state @ StewardError::StateMismatch)]
    pub state: AccountLoader<'info, StewardState>,
    /// CHECK: the steward's staker PDA, the pool's staker.
    #[account(seeds = [STAKER_SEED, config.key().as_ref()], bump = config.load()?.staker_bump)]
    pub staker: UncheckedAccount<'info>,
    /// CHECK: the config's pool, owned by the config's pool program (`PoolAccounts::validate`).
    #[account(mut)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's withdraw authority; the pool program checks it.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: the pool's validator list (`PoolAccounts::validate`).
    #[account(mut)]
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: the pool's reserve (`PoolAccounts::validate`).
    #[account(mut)]
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: clock sysvar (`PoolAccounts::validate`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: rent sysvar (`PoolAccounts::validate`).
    pub rent: UncheckedAccount<'info>,
    /// CHECK: stake-history sysvar (`PoolAccounts::validate`).
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: stake config account (`PoolAccounts::validate`).
    pub stake_config: UncheckedAccount<'info>,
    /// CHECK: system program (`PoolAccounts::validate`).
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: stake program (`PoolAccounts::validate`).
    pub stake_program: UncheckedAccount<'info>,
    /// CHECK: the config's pool program (`PoolAccounts::validate`).
    pub pool_program: UncheckedAccount<'info>,
    /// Pays a transient account's rent when the reserve cannot (the crank's fee payer).
    #[account(mut)]
    pub rent_payer: Signer<'info>,
}

/// Rebalances a batch.
pub fn process_rebalance<'info>(ctx: Context<'info, Rebalance<'info>>, start_index: u32) -> Result<()> {
    let epoch = Clock::get()?.epoch;
    let config_key = ctx.accounts.config.key();
    let config = &*ctx.accounts.config.load()?;
    crate::pool_accounts!(ctx.accounts).validate(config, ctx.accounts.staker.key)?;
    // During the step every validator is due; after it, this epoch, only the waiting moves.
    let retries_only = {
        let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
        let view = StateView::new(&mut data)?;
        guards::crank_checks(config, &view, epoch)?;
        match view.tag()? {
            _ if view.header.rebalance_epoch != epoch => return err!(StewardError::InvalidState),
            StateTag::Rebalance => false,
            StateTag::Idle => true,
            _ => return err!(StewardError::InvalidState),
        }
    };
    let accounts = ctx.remaining_accounts;
    if !accounts.len().is_multiple_of(3) {
        return err!(StewardError::BadRemainingAccounts);
    }
    let seeds: &[&[u8]] = &[STAKER_SEED, config_key.as_ref(), &[config.staker_bump]];
    let pool = crate::pool_accounts!(ctx.accounts);
    let pool_cpi = pool.cpi(ctx.accounts.staker.as_ref(), seeds);
    let stake_accounts = pool.stake_accounts();
    let stake_rent = Rent::get()?.minimum_balance(STAKE_ACCOUNT_LEN);
    let start = start_index as usize;

    for (k, triple) in accounts.chunks_exact(3).enumerate() {
        let index = start.saturating_add(k);
        let (vote, validator_stake, transient_stake) = (&triple[0], &triple[1], &triple[2]);
        // Plan under a short borrow of the state; the CPI below must not overlap it.
        let (plan, minimum_move, flags) = {
            let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
            let view = StateView::new(&mut data)?;
            if index >= view.header.num_validators as usize {
                return err!(StewardError::IndexOutOfRange);
            }
            let slot = view.slots[index];
            if vote.key != &slot.vote_account {
                return err!(StewardError::VoteAccountMismatch);
            }
            let h = &*view.header;
            let cuts = Cuts {
                key: std::array::from_fn(|c| (h.decrease_cut_raw_score[c], h.decrease_cut_index[c])),
                partial: h.decrease_cut_partial,
            };
            let budget = Budget {
                reserve_available: delegation::reserve_budget(
                    h.snapshot_reserve_available,
                    h.snapshot_reserve_lamports,
                    h.reserve_used,
                    ctx.accounts.reserve.lamports(),
                ),
                reserve_planned: h.snapshot_reserve_available,
            };
            let minimum_move = h.snapshot_minimum_move;
            (delegation::plan(&slot, index, &cuts, &budget), minimum_move, slot.flags)
        };
        let waiting = flags & flag::WAITING != 0;
        // After the step, only a waiting move may be retried.
        if retries_only && !waiting {
            return err!(StewardError::InvalidState);
        }
        if flags & flag::REBALANCED != 0 && !waiting {
            continue;
        }
        let entry = {
            let list_data = ctx.accounts.validator_list.try_borrow_data()?;
            list::balances_of(&list_data, index, vote.key)?
        };
        // A validator being removed is the pool's business; its stake account may be gone already.
        let removing = flags & flag::REMOVING != 0;
        // The pool acts on the validator the stake account is delegated to: bind it to this slot.
        if !removing && stake_voter(validator_stake) != Some(*vote.key) {
            return err!(StewardError::ValidatorStakeMismatch);
        }
        // A pending transient account, or stake already deactivating (deactivated as delinquent,
        // waiting for removal), cannot move this epoch.
        let movable = !removing && entry.transient == 0 && !stake_is_deactivating(validator_stake)?;
        // A decrease moves its plan, or what is left above the pool's floor if a user withdrew
        // stake from the validator since the snapshot. When nothing movable is left, it waits: any
        // crank retries it once the stake is back (a withdrawal timed around the crank and
        // deposited again after it only delays the move).
        let planned_decrease = plan.total_decrease();
        let floor = stake_rent.saturating_add(minimum_move);
        let decrease = if movable { planned_decrease.min(entry.active.saturating_sub(floor)) } else { 0 };
        let decrease_waits = movable && planned_decrease >= minimum_move && decrease < minimum_move;
        // An increase takes its planned amount or waits: the reserve now holds less than the
        // snapshot planned (someone took lamports out) or than the pool lets it give (it keeps its
        // own rent and pays the transient account's). A closed vote account takes nothing.
        let open_vote = VoteFacts::read_open(vote, &vote.try_borrow_data()?).is_some();
        let available = ctx.accounts.reserve.lamports().saturating_sub(stake_rent.saturating_mul(2));
        let increase = if movable && open_vote { plan.increase.min(available) } else { 0 };
        let increase_waits =
            movable && open_vote && plan.planned_increase >= minimum_move && increase < plan.planned_increase;
        let wait = decrease_waits || increase_waits;
        let reserve_before = ctx.accounts.reserve.lamports();
        let (mut moved_down, mut moved_up, mut rent_from_payer) = (0, 0, 0);
        if movable && decrease >= minimum_move {
            // The reserve pays the new transient account's rent unless that account already holds
            // it; when the reserve cannot (it keeps its own rent), the crank's payer funds it first.
            let rent_missing = stake_rent.saturating_sub(transient_stake.lamports());
            if rent_missing > 0 && reserve_before < rent_missing.saturating_add(stake_rent) {
                let transfer = anchor_lang::system_program::Transfer {
                    from: ctx.accounts.rent_payer.to_account_info(),
                    to: transient_stake.clone(),
                };
                let program = anchor_lang::system_program::ID;
                anchor_lang::system_program::transfer(CpiContext::new(program, transfer), rent_missing)?;
                rent_from_payer = rent_missing;
            }
            pool_cpi.decrease(
                validator_stake,
                transient_stake,
                &stake_accounts,
                decrease,
                entry.transient_seed,
            )?;
            moved_down = decrease;
        } else if !increase_waits && increase >= minimum_move {
            pool_cpi.increase(
                transient_stake,
                validator_stake,
                vote,
                &stake_accounts,
                increase,
                entry.transient_seed,
            )?;
            moved_up = increase;
        }
        let taken = reserve_before.saturating_sub(ctx.accounts.reserve.lamports());
        // What the validator holds once this epoch's transient account settles: a decrease's goes to
        // the reserve, an increase's joins the validator. Anything above it at the next snapshot
        // reached the validator since (a stake deposit), whatever happened in between.
        let after = {
            let list_data = ctx.accounts.validator_list.try_borrow_data()?;
            list::balances_of(&list_data, index, vote.key)?
        };
        let expected =
            if moved_down > 0 { after.active } else { after.active.saturating_add(after.transient) };

        let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
        let mut view = StateView::new(&mut data)?;
        // Charge each cap its share of what actually moved, in plan order.
        let mut left = moved_down;
        let mut charged = [0u64; 3];
        for c in [cap::INSTANT, cap::DEPOSIT, cap::SCORING] {
            charged[c] = plan.decrease[c].min(left);
            left = left.saturating_sub(charged[c]);
        }
        let h = &mut *view.header;
        h.reserve_used = h.reserve_used.saturating_add(taken);
        h.scoring_unstaked = h.scoring_unstaked.saturating_add(charged[cap::SCORING]);
        h.instant_unstaked = h.instant_unstaked.saturating_add(charged[cap::INSTANT]);
        h.deposit_unstaked = h.deposit_unstaked.saturating_add(charged[cap::DEPOSIT]);
        let slot = &mut view.slots[index];
        slot.expected_lamports = expected;
        if wait {
            slot.flags |= flag::WAITING;
        } else {
            slot.flags &= !flag::WAITING;
        }
        emit!(Rebalanced {
            config: config_key,
            vote_account: *vote.key,
            decrease: charged,
            increase: moved_up,
            rent_from_payer,
            waiting: wait,
            skipped: moved_down == 0 && moved_up == 0,
        });
        if view.mark_done(index, flag::REBALANCED)? && !retries_only {
            guards::transition(&mut view, &config_key, epoch, StateTag::Idle);
        }
    }
    Ok(())
}
