//! `request_withdraw`: a validator asks to take lamports out of its bond after the lock-up; a new
//! request replaces the old one and restarts the lock-up, 0 cancels. The bond stays whole until the
//! withdrawal: a loss settled in the lock-up is paid from it in full.

use {
    crate::{
        checks::vote_withdrawer,
        constants::NO_EPOCH,
        errors::BondsError,
        events::WithdrawRequested,
        state::{Bond, BondsConfig},
    },
    anchor_lang::prelude::*,
};

/// A bond and its owner's signature: the accounts of `request_withdraw`, and of `withdraw` beside a
/// destination.
#[derive(Accounts)]
pub struct BondOwner<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The bond.
    #[account(mut, constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch)]
    pub bond: AccountLoader<'info, Bond>,
    /// CHECK: the bond's vote account.
    #[account(address = bond.load()?.vote_account @ BondsError::InvalidVoteAccount)]
    pub vote_account: UncheckedAccount<'info>,
    /// The vote account's withdraw authority.
    pub withdrawer: Signer<'info>,
}

impl BondOwner<'_> {
    /// The signer is the vote account's withdraw authority.
    pub fn validate(&self) -> Result<()> {
        vote_withdrawer(&self.vote_account, self.withdrawer.key)
    }
}

/// Records the request.
pub fn process_request_withdraw(ctx: Context<BondOwner>, lamports: u64) -> Result<()> {
    ctx.accounts.validate()?;
    let epoch = Clock::get()?.epoch;
    let lockup = ctx.accounts.config.load()?.withdraw_lockup_epochs;
    let mut bond = ctx.accounts.bond.load_mut()?;
    let old_lamports = bond.withdraw_request_lamports;
    bond.withdraw_request_lamports = lamports;
    bond.withdraw_request_epoch = if lamports == 0 { NO_EPOCH } else { epoch };
    emit!(WithdrawRequested {
        bond: ctx.accounts.bond.key(),
        old_lamports,
        new_lamports: lamports,
        epoch,
        unlock_epoch: epoch.saturating_add(u64::from(lockup)),
    });
    Ok(())
}
