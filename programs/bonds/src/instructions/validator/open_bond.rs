//! `open_bond`: a validator opens the bond of its vote account (empty; `fund_bond` fills it).

use {
    crate::{
        checks::vote_withdrawer,
        constants::{BOND_SEED, NO_EPOCH},
        events::BondOpened,
        state::{len, Bond, BondsConfig},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `open_bond`.
#[derive(Accounts)]
pub struct OpenBond<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// CHECK: a vote account whose withdraw authority is `withdrawer` (checked in the handler).
    pub vote_account: UncheckedAccount<'info>,
    /// The vote account's withdraw authority.
    pub withdrawer: Signer<'info>,
    /// The bond.
    #[account(
        init,
        payer = payer,
        space = len::BOND,
        seeds = [BOND_SEED, config.key().as_ref(), vote_account.key().as_ref()],
        bump,
    )]
    pub bond: AccountLoader<'info, Bond>,
    /// Pays the rent.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The system program.
    pub system_program: Program<'info, System>,
}

/// Opens the bond.
pub fn process_open_bond(ctx: Context<OpenBond>) -> Result<()> {
    vote_withdrawer(&ctx.accounts.vote_account, ctx.accounts.withdrawer.key)?;
    let mut bond = ctx.accounts.bond.load_init()?;
    bond.config = ctx.accounts.config.key();
    bond.vote_account = ctx.accounts.vote_account.key();
    bond.withdraw_request_epoch = NO_EPOCH;
    bond.opened_epoch = Clock::get()?.epoch;
    bond.bump = ctx.bumps.bond;
    emit!(BondOpened { bond: ctx.accounts.bond.key(), vote_account: bond.vote_account });
    Ok(())
}
