//! `withdraw_stake`: the validator takes its stake account back — its staker and withdrawer go to
//! the destination — under the same rule as `withdraw`: a request at least the stake's lamports,
//! its lock-up passed, every epoch since settled or shown to have cost nothing, and nothing of the
//! stake pledged to the pool (what is owed is collected into the pool instead). The request shrinks
//! by the stake's lamports; what is left of it is SOL for `withdraw`.

use {
    super::withdraw::*,
    crate::{
        constants::NO_EPOCH,
        errors::BondsError,
        events::BondStakeWithdrawn,
        stake::{BondSigner, CLOCK_ID, STAKE_PROGRAM_ID},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `withdraw_stake`; remaining accounts as `withdraw`'s.
#[derive(Accounts)]
pub struct WithdrawStake<'info> {
    /// What `withdraw` checks; the destination becomes the stake's authority.
    pub withdraw: Withdraw<'info>,
    /// CHECK: the bond's stake account.
    #[account(mut, address = withdraw.owner.bond.load()?.stake_account @ BondsError::StakeMismatch)]
    pub stake_account: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, for the stake program.
    #[account(address = CLOCK_ID)]
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program.
    #[account(address = STAKE_PROGRAM_ID)]
    pub stake_program: UncheckedAccount<'info>,
}

impl<'info> WithdrawStake<'info> {
    /// `withdraw`'s checks, then: the bond holds a stake account nothing is owed of, and the request
    /// covers it. The stake's lamports.
    fn validate(&self, remaining: &'info [AccountInfo<'info>]) -> Result<u64> {
        self.withdraw.unlocked(remaining)?;
        let bond = self.withdraw.owner.bond.load()?;
        if !bond.has_stake() {
            return err!(BondsError::NoStake);
        }
        if bond.owed_lamports > 0 {
            return err!(BondsError::StakeOwed);
        }
        if bond.withdraw_request_lamports < bond.stake_lamports {
            return err!(BondsError::RequestBelowStake);
        }
        Ok(bond.stake_lamports)
    }
}

/// Hands the stake account to the destination.
pub fn process_withdraw_stake<'info>(ctx: Context<'info, WithdrawStake<'info>>) -> Result<()> {
    let accounts = &ctx.accounts;
    let lamports = accounts.validate(ctx.remaining_accounts)?;
    let bond_info = accounts.withdraw.owner.bond.to_account_info();
    let destination = accounts.withdraw.destination.key();
    let signer = BondSigner::of(&bond_info, &*accounts.withdraw.owner.bond.load()?);
    signer.authorize_both(&accounts.stake_account, &accounts.clock, &destination)?;
    let mut bond = accounts.withdraw.owner.bond.load_mut()?;
    bond.withdraw_request_lamports = bond.withdraw_request_lamports.saturating_sub(lamports);
    if bond.withdraw_request_lamports == 0 {
        bond.withdraw_request_epoch = NO_EPOCH;
    }
    bond.clear_stake();
    emit!(BondStakeWithdrawn {
        bond: bond_info.key(),
        stake_account: accounts.stake_account.key(),
        lamports,
        authority: destination,
    });
    Ok(())
}
