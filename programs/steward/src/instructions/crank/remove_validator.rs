//! `remove_validator`: starts removing a validator from the pool (SPL `RemoveValidatorFromPool`).
//! Anyone may, once its vote account is no longer open (closed, or re-created uninitialized) or its
//! stake deactivated; the admin may at any time.
//! Its slot leaves the state when the pool drops the entry (epoch maintenance).

use {
    crate::{
        constants::STAKER_SEED,
        errors::StewardError,
        events::ValidatorRemoved,
        foreign::{
            pool::{stake_is_deactivating, stake_voter},
            vote::VoteFacts,
        },
        guards,
        state::{flag, Config, StateView, StewardState},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `remove_validator`.
#[derive(Accounts)]
pub struct RemoveValidator<'info> {
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
    /// CHECK: the validator's stake account; the pool program checks it.
    #[account(mut)]
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: its transient stake account; the pool program checks it.
    #[account(mut)]
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's vote account (possibly closed); matched against the slot.
    pub vote_account: UncheckedAccount<'info>,
    /// The admin, when removing a validator that still qualifies.
    #[account(address = config.load()?.admin @ StewardError::Unauthorized)]
    pub admin: Option<Signer<'info>>,
}

impl RemoveValidator<'_> {
    /// The slot's vote account, and the removal rule unless the admin signed.
    pub fn validate(&self, view: &StateView, index: usize) -> Result<()> {
        crate::pool_accounts!(self).validate(&*self.config.load()?, self.staker.key)?;
        if index >= view.header.num_validators as usize {
            return err!(StewardError::IndexOutOfRange);
        }
        if view.slots[index].vote_account != self.vote_account.key() {
            return err!(StewardError::VoteAccountMismatch);
        }
        if view.slots[index].has(flag::REMOVING) {
            return err!(StewardError::AlreadyRemoving);
        }
        // The pool removes the validator the stake account is delegated to: bind it to this slot.
        if stake_voter(&self.validator_stake) != Some(self.vote_account.key()) {
            return err!(StewardError::ValidatorStakeMismatch);
        }
        let vote_closed =
            VoteFacts::read_open(&self.vote_account, &self.vote_account.try_borrow_data()?).is_none();
        if self.admin.is_none() && !vote_closed && !stake_is_deactivating(&self.validator_stake)? {
            return err!(StewardError::RemovalRefused);
        }
        Ok(())
    }
}

/// Removes through the pool and flags the slot.
pub fn process_remove_validator(ctx: Context<RemoveValidator>, index: u32) -> Result<()> {
    let epoch = Clock::get()?.epoch;
    let index = index as usize;
    let config_key = ctx.accounts.config.key();
    let config = *ctx.accounts.config.load()?;
    {
        let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
        let view = StateView::new(&mut data)?;
        guards::crank_checks(&config, &view, epoch)?;
        ctx.accounts.validate(&view, index)?;
    }
    let seeds: &[&[u8]] = &[STAKER_SEED, config_key.as_ref(), &[config.staker_bump]];
    let accounts = &ctx.accounts;
    let pool = crate::pool_accounts!(accounts);
    pool.cpi(accounts.staker.as_ref(), seeds).remove_validator(
        accounts.validator_stake.as_ref(),
        accounts.transient_stake.as_ref(),
        &pool.stake_accounts(),
    )?;
    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let view = StateView::new(&mut data)?;
    view.slots[index].flags |= flag::REMOVING;
    emit!(ValidatorRemoved {
        config: config_key,
        vote_account: ctx.accounts.vote_account.key(),
        by_admin: ctx.accounts.admin.is_some()
    });
    Ok(())
}
