//! `unstake_bond`: anyone deactivates a bond's stake account once a settlement has pledged part of
//! it to the pool; `collect_bond_stake` pays it in when the stake is inactive.

use {
    crate::{
        errors::BondsError,
        events::BondStakeDeactivated,
        stake::{BondSigner, CLOCK_ID, STAKE_PROGRAM_ID},
        state::{Bond, BondsConfig},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `unstake_bond`.
#[derive(Accounts)]
pub struct UnstakeBond<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The bond.
    #[account(
        constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch,
        constraint = bond.load()?.has_stake() @ BondsError::NoStake,
    )]
    pub bond: AccountLoader<'info, Bond>,
    /// CHECK: the bond's stake account.
    #[account(mut, address = bond.load()?.stake_account @ BondsError::StakeMismatch)]
    pub stake_account: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, for the stake program.
    #[account(address = CLOCK_ID)]
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program.
    #[account(address = STAKE_PROGRAM_ID)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Deactivates the stake.
pub fn process_unstake_bond(ctx: Context<UnstakeBond>) -> Result<()> {
    let accounts = &ctx.accounts;
    let bond_info = accounts.bond.to_account_info();
    let (signer, owed) = {
        let bond = accounts.bond.load()?;
        (BondSigner::of(&bond_info, &bond), bond.owed_lamports)
    };
    if owed == 0 {
        return err!(BondsError::NothingOwed);
    }
    signer.deactivate(&accounts.stake_account, &accounts.clock)?;
    emit!(BondStakeDeactivated { bond: bond_info.key(), stake_account: accounts.stake_account.key(), owed });
    Ok(())
}
