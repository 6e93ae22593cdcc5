//! `initialize_bonds`: the steward's admin opens bonds for its pool and names their authority (the
//! fee shares are created with it, empty).

use {
    crate::{
        checks::validate_lockup,
        constants::{CONFIG_SEED, FEE_SHARES_SEED, FEE_VAULT_SEED},
        errors::BondsError,
        events::BondsInitialized,
        state::{len, BondsConfig, FeeShares},
    },
    anchor_lang::prelude::*,
    steward::state::Config as StewardConfig,
};

/// Accounts of `initialize_bonds`.
#[derive(Accounts)]
pub struct InitializeBonds<'info> {
    /// The steward config the bonds follow.
    pub steward_config: AccountLoader<'info, StewardConfig>,
    /// The steward's admin.
    #[account(address = steward_config.load()?.admin @ BondsError::Unauthorized)]
    pub admin: Signer<'info>,
    /// The bonds config.
    #[account(init, payer = payer, space = len::CONFIG, seeds = [CONFIG_SEED, steward_config.key().as_ref()], bump)]
    pub config: AccountLoader<'info, BondsConfig>,
    /// How the pool's fees are shared (none until `set_fee_shares`).
    #[account(init, payer = payer, space = len::FEE_SHARES, seeds = [FEE_SHARES_SEED, config.key().as_ref()], bump)]
    pub fee_shares: AccountLoader<'info, FeeShares>,
    /// Pays the rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Creates the config.
pub fn process_initialize_bonds(
    ctx: Context<InitializeBonds>,
    authority: Pubkey,
    withdraw_lockup_epochs: u16,
) -> Result<()> {
    validate_lockup(withdraw_lockup_epochs)?;
    let steward = ctx.accounts.steward_config.load()?;
    let mut config = ctx.accounts.config.load_init()?;
    config.steward_config = ctx.accounts.steward_config.key();
    config.stake_pool = steward.stake_pool;
    config.authority = authority;
    config.withdraw_lockup_epochs = withdraw_lockup_epochs;
    config.bump = ctx.bumps.config;
    let mut fee_shares = ctx.accounts.fee_shares.load_init()?;
    fee_shares.config = ctx.accounts.config.key();
    fee_shares.bump = ctx.bumps.fee_shares;
    let config_key = ctx.accounts.config.key();
    fee_shares.vault_bump =
        Pubkey::find_program_address(&[FEE_VAULT_SEED, config_key.as_ref()], &crate::ID).1;
    emit!(BondsInitialized {
        config: ctx.accounts.config.key(),
        steward_config: config.steward_config,
        authority,
        withdraw_lockup_epochs,
    });
    Ok(())
}
