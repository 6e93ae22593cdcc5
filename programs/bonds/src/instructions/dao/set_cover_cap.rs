//! `set_cover_cap`: the bonds authority changes how much anyone may cover per epoch.

use {
    crate::{
        constants::INSURANCE_SEED,
        errors::BondsError,
        events::CoverCapChanged,
        state::{BondsConfig, Insurance},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `set_cover_cap`.
#[derive(Accounts)]
pub struct SetCoverCap<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// Its authority.
    #[account(address = config.load()?.authority @ BondsError::Unauthorized)]
    pub authority: Signer<'info>,
    /// The insurance fund.
    #[account(mut, seeds = [INSURANCE_SEED, config.key().as_ref()], bump = insurance.load()?.bump)]
    pub insurance: AccountLoader<'info, Insurance>,
}

/// Sets the cap.
pub fn process_set_cover_cap(ctx: Context<SetCoverCap>, cap_lamports_per_epoch: u64) -> Result<()> {
    let mut insurance = ctx.accounts.insurance.load_mut()?;
    let old = insurance.cap_lamports_per_epoch;
    insurance.cap_lamports_per_epoch = cap_lamports_per_epoch;
    emit!(CoverCapChanged { insurance: ctx.accounts.insurance.key(), old, new: cap_lamports_per_epoch });
    Ok(())
}
