//! `set_authority`, `pause`, `resume`: the admin's actions on the config, each with an event.

use {
    crate::{
        errors::StewardError,
        events::{AuthorityChanged, PauseChanged},
        state::{AuthorityKind, Config},
    },
    anchor_lang::prelude::*,
};

/// Accounts of the admin's config actions.
#[derive(Accounts)]
pub struct AdminAction<'info> {
    /// The steward config.
    #[account(mut, constraint = config.load()?.admin == admin.key() @ StewardError::Unauthorized)]
    pub config: AccountLoader<'info, Config>,
    /// Its admin.
    pub admin: Signer<'info>,
}

/// Rotates the authority `kind` to `new`.
pub fn process_set_authority(ctx: Context<AdminAction>, kind: AuthorityKind, new: Pubkey) -> Result<()> {
    let config_key = ctx.accounts.config.key();
    let mut config = ctx.accounts.config.load_mut()?;
    let slot = config.authority_mut(kind);
    let old = std::mem::replace(slot, new);
    emit!(AuthorityChanged { config: config_key, kind, old, new });
    Ok(())
}

/// Pauses (`true`) or resumes (`false`) every steward crank; users of the pool are unaffected.
pub fn process_set_paused(ctx: Context<AdminAction>, paused: bool) -> Result<()> {
    let old = std::mem::replace(&mut ctx.accounts.config.load_mut()?.paused, u8::from(paused)) != 0;
    emit!(PauseChanged { config: ctx.accounts.config.key(), old, new: paused });
    Ok(())
}
