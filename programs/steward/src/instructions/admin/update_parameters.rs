//! `update_parameters`: the parameters authority changes parameters; the result is bounds-checked
//! as a whole and the event carries the old and new sets.

use {
    crate::{
        errors::StewardError,
        events::ParametersUpdated,
        state::{Config, ParametersUpdate},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `update_parameters`.
#[derive(Accounts)]
pub struct UpdateParameters<'info> {
    /// The steward config.
    #[account(mut, constraint = config.load()?.parameters_authority == parameters_authority.key() @ StewardError::Unauthorized)]
    pub config: AccountLoader<'info, Config>,
    /// Its parameters authority.
    pub parameters_authority: Signer<'info>,
}

/// Applies `update`, refusing any out-of-bounds result.
pub fn process_update_parameters(ctx: Context<UpdateParameters>, update: ParametersUpdate) -> Result<()> {
    let mut config = ctx.accounts.config.load_mut()?;
    let old = config.parameters;
    let mut new = old;
    new.apply(&update);
    new.validate()?;
    config.parameters = new;
    emit!(ParametersUpdated { config: ctx.accounts.config.key(), old, new });
    Ok(())
}
