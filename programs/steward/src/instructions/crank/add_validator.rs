//! `add_validator`: permissionless admission. A validator that voted in each of the last
//! `minimum_voting_epochs` completed epochs (its history copied from the vote account this epoch),
//! holds at least `minimum_stake_lamports` of stake active this epoch (asked of the runtime), and is
//! not blacklisted is listed in the pool (SPL `AddValidatorToPool`, signed by the steward's staker
//! PDA) and given a slot.

use {
    crate::{
        constants::{MAX_VALIDATORS, STAKER_SEED},
        errors::StewardError,
        events::ValidatorAdded,
        foreign::{pool::list, runtime},
        guards,
        state::{epoch16, read_since, Config, StateView, StewardState, ValidatorHistory},
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_schedule::EpochSchedule, Sysvar},
};

/// Accounts of `add_validator`.
#[derive(Accounts)]
pub struct AddValidator<'info> {
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
    /// CHECK: the validator's stake account PDA; the pool program derives and checks it.
    #[account(mut)]
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's vote account, the history's.
    #[account(constraint = history.load()?.vote_account == vote_account.key() @ StewardError::VoteAccountMismatch)]
    pub vote_account: UncheckedAccount<'info>,
    /// The validator's history.
    #[account(constraint = history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
}

impl AddValidator<'_> {
    /// The admission rules: history copied from the open vote account this epoch, credits in each of
    /// the last `minimum_voting_epochs` completed epochs, epoch stake at least
    /// `minimum_stake_lamports`, not blacklisted.
    pub fn validate(&self, clock: &Clock) -> Result<()> {
        let config = self.config.load()?;
        crate::pool_accounts!(self).validate(&config, self.staker.key)?;
        let params = &config.parameters;
        let history = self.history.load()?;
        let current = epoch16(clock.epoch)?;
        let epoch_start = EpochSchedule::get()?.get_first_slot_in_epoch(clock.epoch);
        if !read_since(history.vote_copy_slot, epoch_start) || history.vote_closed != 0 {
            return err!(StewardError::StaleValidatorHistory);
        }
        let voted = current.checked_sub(params.minimum_voting_epochs).is_some_and(|first| {
            (first..current).all(|e| history.entry(e).is_some_and(|entry| entry.credits_or_zero() > 0))
        });
        // The runtime's stake of this epoch (not asked when no minimum applies).
        let stake =
            if params.minimum_stake_lamports == 0 { 0 } else { runtime::epoch_stake(self.vote_account.key) };
        let admitted = voted && stake >= params.minimum_stake_lamports && history.blacklisted == 0;
        if !admitted {
            msg!(
                "Admission refused: voted in each of the last {} epochs: {}; epoch stake {} (minimum {}); blacklisted: {}",
                params.minimum_voting_epochs,
                voted,
                stake,
                params.minimum_stake_lamports,
                history.blacklisted != 0
            );
            return err!(StewardError::AdmissionRefused);
        }
        Ok(())
    }
}

/// Lists the validator and appends its slot.
pub fn process_add_validator(ctx: Context<AddValidator>) -> Result<()> {
    let clock = Clock::get()?;
    let epoch = clock.epoch;
    let config_key = ctx.accounts.config.key();
    let config = *ctx.accounts.config.load()?;
    {
        let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
        let view = StateView::new(&mut data)?;
        guards::crank_checks(&config, &view, epoch)?;
        if view.header.num_validators as usize >= MAX_VALIDATORS {
            return err!(StewardError::TooManyValidators);
        }
    }
    ctx.accounts.validate(&clock)?;

    let seeds: &[&[u8]] = &[STAKER_SEED, config_key.as_ref(), &[config.staker_bump]];
    let accounts = &ctx.accounts;
    let pool = crate::pool_accounts!(accounts);
    pool.cpi(accounts.staker.as_ref(), seeds).add_validator(
        accounts.validator_stake.as_ref(),
        accounts.vote_account.as_ref(),
        &pool.stake_accounts(),
    )?;

    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let mut view = StateView::new(&mut data)?;
    let index = view.header.num_validators as usize;
    let list_data = ctx.accounts.validator_list.try_borrow_data()?;
    let vote = ctx.accounts.vote_account.key();
    if list::len(&list_data)? != index.saturating_add(1) || list::vote_at(&list_data, index) != Some(&vote) {
        return err!(StewardError::ListStateMismatch);
    }
    view.append(1, |_| Ok(vote))?;
    emit!(ValidatorAdded { config: config_key, vote_account: vote });
    Ok(())
}
