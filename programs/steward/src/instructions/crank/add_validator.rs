//! `add_validator`: permissionless admission. A validator whose history shows enough voting epochs
//! and enough activated stake, and that is not blacklisted, is listed in the pool (SPL
//! `AddValidatorToPool`, signed by the steward's staker PDA) and given a slot.

use {
    crate::{
        constants::{HISTORY_LEN, MAX_VALIDATORS, STAKER_SEED},
        errors::StewardError,
        events::ValidatorAdded,
        foreign::pool::list,
        guards,
        state::{epoch16, unset, Config, StateView, StewardState, ValidatorHistory, ValidatorSlot},
    },
    anchor_lang::prelude::*,
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
    /// The admission rules: history copied this epoch, at least `minimum_voting_epochs` epochs with
    /// credits, latest activated stake at least `minimum_stake_lamports`, not blacklisted.
    pub fn validate(&self, epoch: u64) -> Result<()> {
        let config = self.config.load()?;
        crate::pool_accounts!(self).validate(&config, self.staker.key)?;
        let params = &config.parameters;
        let history = self.history.load()?;
        let current = epoch16(epoch)?;
        if history.last_copy_epoch != current {
            return err!(StewardError::StaleValidatorHistory);
        }
        let voting_epochs = history
            .entries
            .iter()
            .filter(|e| e.epoch != unset::U16 && e.vote_credits != unset::U32 && e.vote_credits > 0)
            .count();
        let latest_stake = (0..HISTORY_LEN as u16)
            .filter_map(|back| history.entry(current.checked_sub(back)?))
            .find(|e| e.activated_stake_lamports != unset::U64)
            .map(|e| e.activated_stake_lamports);
        let admitted = voting_epochs >= usize::from(params.minimum_voting_epochs)
            && latest_stake.is_some_and(|s| s >= params.minimum_stake_lamports)
            && history.blacklisted == 0;
        if !admitted {
            return err!(StewardError::AdmissionRefused);
        }
        Ok(())
    }
}

/// Lists the validator and appends its slot.
pub fn process_add_validator(ctx: Context<AddValidator>) -> Result<()> {
    let epoch = Clock::get()?.epoch;
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
    ctx.accounts.validate(epoch)?;

    let seeds: &[&[u8]] = &[STAKER_SEED, config_key.as_ref(), &[config.staker_bump]];
    let accounts = &ctx.accounts;
    let pool = crate::pool_accounts!(accounts);
    pool.cpi(accounts.staker.as_ref(), seeds).add_validator(
        accounts.validator_stake.as_ref(),
        accounts.vote_account.as_ref(),
        &pool.stake_accounts(),
    )?;

    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let view = StateView::new(&mut data)?;
    let index = view.header.num_validators as usize;
    let list_data = ctx.accounts.validator_list.try_borrow_data()?;
    let vote = ctx.accounts.vote_account.key();
    if list::len(&list_data)? != index.saturating_add(1)
        || list::vote_at(&list_data, index) != Some(vote.as_ref())
    {
        return err!(StewardError::ListStateMismatch);
    }
    view.slots[index] = ValidatorSlot::new(vote);
    view.header.num_validators = view.header.num_validators.saturating_add(1);
    emit!(ValidatorAdded { config: config_key, vote_account: vote });
    Ok(())
}
