//! `open_insurance`: the bonds authority opens the pool's insurance fund with a per-epoch cover cap
//! (the fund is pool tokens in token accounts the insurance PDA owns: anyone may deposit to them).

use {
    crate::{
        constants::INSURANCE_SEED,
        errors::BondsError,
        events::InsuranceOpened,
        state::{len, BondsConfig, Insurance},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `open_insurance`.
#[derive(Accounts)]
pub struct OpenInsurance<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// Its authority.
    #[account(address = config.load()?.authority @ BondsError::Unauthorized)]
    pub authority: Signer<'info>,
    /// The insurance fund.
    #[account(init, payer = payer, space = len::INSURANCE, seeds = [INSURANCE_SEED, config.key().as_ref()], bump)]
    pub insurance: AccountLoader<'info, Insurance>,
    /// Pays the rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Opens the fund.
pub fn process_open_insurance(ctx: Context<OpenInsurance>, cap_lamports_per_epoch: u64) -> Result<()> {
    let mut insurance = ctx.accounts.insurance.load_init()?;
    insurance.config = ctx.accounts.config.key();
    insurance.cap_lamports_per_epoch = cap_lamports_per_epoch;
    insurance.bump = ctx.bumps.insurance;
    emit!(InsuranceOpened { insurance: ctx.accounts.insurance.key(), cap_lamports_per_epoch });
    Ok(())
}
