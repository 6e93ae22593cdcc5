//! `fund_bond`: anyone adds lamports to a bond (only its validator can take them out).

use {
    crate::{
        errors::BondsError,
        events::BondFunded,
        state::{Bond, BondsConfig},
    },
    anchor_lang::{
        prelude::*,
        system_program::{transfer, Transfer},
    },
};

/// Accounts of `fund_bond`.
#[derive(Accounts)]
pub struct FundBond<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The bond.
    #[account(mut, constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch)]
    pub bond: AccountLoader<'info, Bond>,
    /// Pays.
    #[account(mut)]
    pub funder: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Transfers `lamports` into the bond.
pub fn process_fund_bond(ctx: Context<FundBond>, lamports: u64) -> Result<()> {
    if lamports == 0 {
        return err!(BondsError::ZeroAmount);
    }
    let accounts =
        Transfer { from: ctx.accounts.funder.to_account_info(), to: ctx.accounts.bond.to_account_info() };
    transfer(CpiContext::new(ctx.accounts.system_program.key(), accounts), lamports)?;
    emit!(BondFunded {
        bond: ctx.accounts.bond.key(),
        funder: ctx.accounts.funder.key(),
        lamports,
        available: Bond::available(ctx.accounts.bond.to_account_info().lamports(), &Rent::get()?),
    });
    Ok(())
}
