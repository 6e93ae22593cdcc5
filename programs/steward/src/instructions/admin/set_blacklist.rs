//! `set_blacklist`: the blacklist authority excludes (or readmits) a validator. The flag lives in
//! the validator's history, keyed by vote account, so list reordering never moves it.

use {
    crate::{
        errors::StewardError,
        events::BlacklistChanged,
        state::{Config, ValidatorHistory},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `set_blacklist`.
#[derive(Accounts)]
pub struct SetBlacklist<'info> {
    /// The steward config.
    #[account(constraint = config.load()?.blacklist_authority == blacklist_authority.key() @ StewardError::Unauthorized)]
    pub config: AccountLoader<'info, Config>,
    /// Its blacklist authority.
    pub blacklist_authority: Signer<'info>,
    /// The validator's history.
    #[account(mut, constraint = history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
}

/// Sets the flag.
pub fn process_set_blacklist(ctx: Context<SetBlacklist>, blacklisted: bool) -> Result<()> {
    let mut history = ctx.accounts.history.load_mut()?;
    let old = history.blacklisted != 0;
    history.blacklisted = u8::from(blacklisted);
    emit!(BlacklistChanged {
        config: ctx.accounts.config.key(),
        vote_account: history.vote_account,
        old,
        new: blacklisted
    });
    Ok(())
}
