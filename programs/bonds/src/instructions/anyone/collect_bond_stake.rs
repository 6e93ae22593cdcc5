//! `collect_bond_stake`: anyone withdraws a deactivated bond stake account into the bond, which
//! pays what settlements pledged of it into the pool's reserve (the stake program refuses while the
//! stake is still active or cooling down). The rest stays in the bond as SOL.

use {
    crate::{
        checks::pool_reserve,
        errors::BondsError,
        events::BondStakeCollected,
        stake::{BondSigner, CLOCK_ID, STAKE_HISTORY_ID, STAKE_PROGRAM_ID},
        state::{Bond, BondsConfig},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `collect_bond_stake`.
#[derive(Accounts)]
pub struct CollectBondStake<'info> {
    /// The bonds config.
    pub config: AccountLoader<'info, BondsConfig>,
    /// The bond.
    #[account(
        mut,
        constraint = bond.load()?.config == config.key() @ BondsError::BondMismatch,
        constraint = bond.load()?.has_stake() @ BondsError::NoStake,
    )]
    pub bond: AccountLoader<'info, Bond>,
    /// CHECK: the bond's stake account.
    #[account(mut, address = bond.load()?.stake_account @ BondsError::StakeMismatch)]
    pub stake_account: UncheckedAccount<'info>,
    /// CHECK: the bonds config's pool (pinned to the config's; its layout checked in the handler, its
    /// owner being whichever pool program runs it).
    #[account(address = config.load()?.stake_pool @ BondsError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's reserve (checked against the pool in the handler).
    #[account(mut)]
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, for the stake program.
    #[account(address = CLOCK_ID)]
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake-history sysvar, for the stake program.
    #[account(address = STAKE_HISTORY_ID)]
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: the stake program.
    #[account(address = STAKE_PROGRAM_ID)]
    pub stake_program: UncheckedAccount<'info>,
}

impl CollectBondStake<'_> {
    /// The reserve is the pool's, and settlements pledged part of the stake. What is owed.
    fn validate(&self) -> Result<u64> {
        pool_reserve(&self.stake_pool, self.stake_pool.owner, &self.reserve)?;
        let owed = self.bond.load()?.owed_lamports;
        if owed == 0 {
            return err!(BondsError::NothingOwed);
        }
        Ok(owed)
    }
}

/// Withdraws the stake into the bond and pays what it owes.
pub fn process_collect_bond_stake(ctx: Context<CollectBondStake>) -> Result<()> {
    let accounts = &ctx.accounts;
    let owed = accounts.validate()?;
    let bond_info = accounts.bond.to_account_info();
    let lamports = accounts.stake_account.lamports();
    let signer = BondSigner::of(&bond_info, &*accounts.bond.load()?);
    signer.withdraw_all(&accounts.stake_account, &accounts.clock, &accounts.stake_history)?;
    let rent = Rent::get()?;
    let paid = owed.min(Bond::available(bond_info.lamports(), &rent));
    bond_info.sub_lamports(paid)?;
    accounts.reserve.add_lamports(paid)?;
    {
        let mut bond = accounts.bond.load_mut()?;
        let unpaid = owed.saturating_sub(paid);
        bond.shortfall_lamports = bond.shortfall_lamports.checked_add(unpaid).ok_or(BondsError::Overflow)?;
        bond.settled_lamports = bond.settled_lamports.saturating_sub(unpaid);
        bond.clear_stake();
    }
    emit!(BondStakeCollected {
        bond: bond_info.key(),
        stake_account: accounts.stake_account.key(),
        lamports,
        paid,
        reserve: accounts.reserve.key(),
        available: Bond::available(bond_info.lamports(), &rent),
    });
    Ok(())
}
