//! `set_lockup`: the bonds authority changes the withdrawal lock-up (pending requests included).

use {
    crate::{checks::validate_lockup, errors::BondsError, events::LockupChanged, state::BondsConfig},
    anchor_lang::prelude::*,
};

/// Accounts of `set_lockup`.
#[derive(Accounts)]
pub struct SetLockup<'info> {
    /// The bonds config.
    #[account(mut)]
    pub config: AccountLoader<'info, BondsConfig>,
    /// Its authority.
    #[account(address = config.load()?.authority @ BondsError::Unauthorized)]
    pub authority: Signer<'info>,
}

/// Sets the lock-up.
pub fn process_set_lockup(ctx: Context<SetLockup>, withdraw_lockup_epochs: u16) -> Result<()> {
    validate_lockup(withdraw_lockup_epochs)?;
    let mut config = ctx.accounts.config.load_mut()?;
    let old = config.withdraw_lockup_epochs;
    config.withdraw_lockup_epochs = withdraw_lockup_epochs;
    emit!(LockupChanged { config: ctx.accounts.config.key(), old, new: withdraw_lockup_epochs });
    Ok(())
}
