//! `rebalance`: moves validators `start_index..` towards their targets (remaining accounts: vote
//! account, validator stake, transient stake, per validator) through SPL
//! `DecreaseValidatorStakeWithReserve` / `IncreaseValidatorStake`, signed by the staker PDA. Amounts
//! come from [`crate::delegation::plan`] over this epoch's snapshot, so they do not depend on crank
//! order; if someone took lamports out of the reserve since the snapshot, the increases share what
//! is left, best score first ([`crate::delegation::reserve_budget`]). A decrease never waits for
//! the reserve: when the reserve cannot pay the new transient account's rent (someone drained it),
//! the crank's payer pays it (the stake program needs the account funded before it splits into it;
//! the lamports join the pool with the transient stake). A validator with a transient
//! stake pending, being removed, or whose move is below the pool's minimum is skipped, as is an
//! increase to a vote account closed since the snapshot. The call that handles the last validator
//! returns to `Idle`.

use {
    crate::{
        constants::{STAKER_SEED, STAKE_ACCOUNT_LEN, VOTE_PROGRAM_ID},
        delegation::{self, cap, Budget},
        errors::StewardError,
        events::Rebalanced,
        foreign::pool::{list, stake_voter},
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
    {
        let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
        let view = StateView::new(&mut data)?;
        guards::crank_checks(config, &view, epoch)?;
        if view.tag()? != StateTag::Rebalance || view.header.rebalance_epoch != epoch {
            return err!(StewardError::InvalidState);
        }
    }
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
        let (plan, snapshot_lamports, minimum_move, skip_flags) = {
            let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
            let mut view = StateView::new(&mut data)?;
            if index >= view.header.num_validators as usize {
                return err!(StewardError::IndexOutOfRange);
            }
            let slot = view.slots[index];
            if vote.key != &slot.vote_account {
                return err!(StewardError::VoteAccountMismatch);
            }
            let h = &*view.header;
            let reserve_now = ctx.accounts.reserve.lamports();
            let budget = Budget {
                caps_remaining: h.snapshot_caps_remaining,
                reserve_available: delegation::reserve_budget(
                    h.snapshot_reserve_available,
                    h.snapshot_reserve_lamports,
                    h.reserve_used,
                    reserve_now,
                ),
            };
            let minimum_move = h.snapshot_minimum_move;
            let plan = delegation::plan(view.live(), index, &budget);
            (plan, slot.snapshot_lamports, minimum_move, slot.flags)
        };
        if skip_flags & flag::REBALANCED != 0 {
            continue;
        }
        let entry = {
            let list_data = ctx.accounts.validator_list.try_borrow_data()?;
            list::entry(&list_data, index)?
        };
        if &entry.vote_account != vote.key {
            return err!(StewardError::ListStateMismatch);
        }
        // The pool acts on the validator the stake account is delegated to: bind it to this slot.
        if stake_voter(validator_stake) != Some(*vote.key) {
            return err!(StewardError::ValidatorStakeMismatch);
        }
        let pending = entry.transient > 0 || skip_flags & flag::REMOVING != 0;
        let mut decrease = plan.total_decrease();
        let mut increase = plan.increase;
        if !pending && decrease > 0 {
            // Users may have withdrawn since the snapshot: never cut below the pool's floor.
            decrease = decrease.min(entry.active.saturating_sub(stake_rent.saturating_add(minimum_move)));
        }
        if !pending && increase > 0 {
            // The pool keeps the reserve's rent and pays the transient account's; a closed vote
            // account cannot be delegated to.
            let available = ctx.accounts.reserve.lamports().saturating_sub(stake_rent.saturating_mul(2));
            let open_vote = vote.owner == &VOTE_PROGRAM_ID && !vote.data_is_empty();
            increase = if open_vote { increase.min(available) } else { 0 };
        }
        let reserve_before = ctx.accounts.reserve.lamports();
        let (mut moved_down, mut moved_up, mut rent_from_payer) = (0, 0, 0);
        if !pending && decrease >= minimum_move {
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
        } else if !pending && increase >= minimum_move {
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
        view.slots[index].expected_lamports =
            snapshot_lamports.saturating_sub(moved_down).saturating_add(moved_up);
        emit!(Rebalanced {
            config: config_key,
            vote_account: *vote.key,
            decrease: charged,
            increase: moved_up,
            rent_from_payer,
            skipped: moved_down == 0 && moved_up == 0,
        });
        if view.mark_done(index, flag::REBALANCED)? {
            guards::transition(&mut view, &config_key, epoch, StateTag::Idle);
        }
    }
    Ok(())
}
