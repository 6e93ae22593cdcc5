//! `fund_bond_stake`: a validator bonds a stake account delegated to its own vote account (it keeps
//! earning for the validator). The validator first hands the account's staker and withdrawer to the
//! bond (two stake-program `Authorize` instructions in the same transaction); the bond counts the
//! account's lamports from then on. One stake account per bond. The validator's signature is asked
//! so that nobody can fill its one place with a stake account of their own.

// The glob brings `BondOwner` with the client modules Anchor generates beside it.
use {
    super::request_withdraw::*,
    crate::{
        errors::BondsError,
        events::BondStakeFunded,
        stake::{bondable, STAKE_PROGRAM_ID},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `fund_bond_stake`.
#[derive(Accounts)]
pub struct FundBondStake<'info> {
    /// The bond and its owner.
    pub owner: BondOwner<'info>,
    /// CHECK: a delegated stake account the bond controls (checked in the handler).
    pub stake_account: UncheckedAccount<'info>,
    /// The clock (the stake's lock-up).
    pub clock: Sysvar<'info, Clock>,
}

impl FundBondStake<'_> {
    /// The owner signed, the bond holds no stake, and the stake can back it; its lamports.
    fn validate(&self) -> Result<u64> {
        self.owner.validate()?;
        let bond = self.owner.bond.load()?;
        if bond.has_stake() {
            return err!(BondsError::BondHoldsStake);
        }
        bondable(&self.stake_account, &self.owner.bond.key(), &bond.vote_account, &self.clock)
    }
}

/// Records the stake account in the bond.
pub fn process_fund_bond_stake(ctx: Context<FundBondStake>) -> Result<()> {
    let lamports = ctx.accounts.validate()?;
    debug_assert!(ctx.accounts.stake_account.owner == &STAKE_PROGRAM_ID);
    let mut bond = ctx.accounts.owner.bond.load_mut()?;
    bond.stake_account = ctx.accounts.stake_account.key();
    bond.stake_lamports = lamports;
    bond.owed_lamports = 0;
    emit!(BondStakeFunded {
        bond: ctx.accounts.owner.bond.key(),
        stake_account: bond.stake_account,
        lamports,
    });
    Ok(())
}
