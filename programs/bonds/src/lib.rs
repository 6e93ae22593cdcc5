//! Validator bonds: a validator posts SOL against the losses it causes the pool's stakers (a
//! commission above the steward's threshold, vote credits below its delinquency floor). The loss
//! of each (validator, epoch) is computed on chain from what the runtime recorded — the pool's
//! stake with the validator, its credits and commission, the blocks produced and the epoch's
//! inflation (the steward's histories, read from the vote account and the slot-history and
//! epoch-rewards sysvars) — and anyone may settle it once: the bond pays it into the pool's
//! reserve. Withdrawals wait out a lock-up, so a bond cannot run from a loss about to be settled.
//!
//! Layout: `instructions/{dao,validator,anyone}/<ix>.rs`, `state.rs` (zero-copy accounts),
//! `loss.rs` (pure math), `record.rs` (the loss's inputs from the steward's records, pure),
//! `checks.rs` (checks shared by instructions), `stake.rs` (a bond's stake account).
// Anchor's generated client modules carry no docs, so `missing_docs` cannot be denied here;
// every hand-written item is documented.
#![allow(missing_docs)]
#![allow(unexpected_cfgs)]

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

pub mod checks;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod loss;
pub mod record;
pub mod stake;
pub mod state;

use {anchor_lang::prelude::*, instructions::*};

declare_id!("oKSwh4Rhi5LzwnG19CfDBnRqofkphQkEYgKJmcG9F2j");

/// The steward reads bonds at the address it knows the program by.
const _: () = {
    let (ours, stewards) = (ID.to_bytes(), steward::constants::BONDS_PROGRAM_ID.to_bytes());
    let mut i = 0;
    while i < 32 {
        assert!(ours[i] == stewards[i]);
        i += 1;
    }
};

/// Instruction routes. Each handler lives in `instructions/`.
#[program]
pub mod bonds {
    use super::*;

    /// The steward's admin opens bonds for its pool, naming their authority (the DAO).
    pub fn initialize_bonds(
        ctx: Context<InitializeBonds>,
        authority: Pubkey,
        withdraw_lockup_epochs: u16,
    ) -> Result<()> {
        process_initialize_bonds(ctx, authority, withdraw_lockup_epochs)
    }

    /// The bonds authority: changes the withdrawal lock-up.
    pub fn set_lockup(ctx: Context<SetLockup>, withdraw_lockup_epochs: u16) -> Result<()> {
        process_set_lockup(ctx, withdraw_lockup_epochs)
    }

    /// The bonds authority offers its place to `new` (the DAO's treasury); default withdraws it.
    pub fn offer_authority(ctx: Context<OfferAuthority>, new: Pubkey) -> Result<()> {
        process_offer_authority(ctx, new)
    }

    /// The offered successor takes the bonds authority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        process_accept_authority(ctx)
    }

    /// A validator (its vote account's withdraw authority) opens its bond.
    pub fn open_bond(ctx: Context<OpenBond>) -> Result<()> {
        process_open_bond(ctx)
    }

    /// Anyone adds lamports to a bond.
    pub fn fund_bond(ctx: Context<FundBond>, lamports: u64) -> Result<()> {
        process_fund_bond(ctx, lamports)
    }

    /// The validator bonds a stake account delegated to its vote account, whose authorities it
    /// has handed to the bond.
    pub fn fund_bond_stake(ctx: Context<FundBondStake>) -> Result<()> {
        process_fund_bond_stake(ctx)
    }

    /// The validator asks to withdraw `lamports` after the lock-up (0 cancels).
    pub fn request_withdraw(ctx: Context<BondOwner>, lamports: u64) -> Result<()> {
        process_request_withdraw(ctx, lamports)
    }

    /// The validator withdraws what it requested, once the lock-up has passed.
    pub fn withdraw<'info>(ctx: Context<'info, Withdraw<'info>>) -> Result<()> {
        process_withdraw(ctx)
    }

    /// The validator takes its stake account back (its authorities go to the destination), once
    /// the lock-up of a request covering it has passed and nothing of it is owed.
    pub fn withdraw_stake<'info>(ctx: Context<'info, WithdrawStake<'info>>) -> Result<()> {
        process_withdraw_stake(ctx)
    }

    /// Anyone deactivates a bond's stake account that settlements pledged to the pool.
    pub fn unstake_bond(ctx: Context<UnstakeBond>) -> Result<()> {
        process_unstake_bond(ctx)
    }

    /// Anyone collects a deactivated bond stake account into the bond, which pays what it owes into
    /// the pool's reserve.
    pub fn collect_bond_stake(ctx: Context<CollectBondStake>) -> Result<()> {
        process_collect_bond_stake(ctx)
    }

    /// Anyone settles the validator's loss of an ended epoch into the pool's reserve, once.
    pub fn settle(ctx: Context<Settle>, epoch: u64) -> Result<()> {
        process_settle(ctx, epoch)
    }

    /// The bonds authority opens the pool's insurance fund with a per-epoch cover cap.
    pub fn open_insurance(ctx: Context<OpenInsurance>, cap_lamports_per_epoch: u64) -> Result<()> {
        process_open_insurance(ctx, cap_lamports_per_epoch)
    }

    /// The bonds authority changes the insurance fund's per-epoch cover cap.
    pub fn set_cover_cap(ctx: Context<SetCoverCap>, cap_lamports_per_epoch: u64) -> Result<()> {
        process_set_cover_cap(ctx, cap_lamports_per_epoch)
    }

    /// Anyone has the insurance fund cover a settlement's shortfall within the epoch's cap, by
    /// burning the fund's pool tokens.
    pub fn cover(ctx: Context<Cover>, epoch: u64) -> Result<()> {
        process_cover(ctx, epoch)
    }

    /// The bonds authority (the DAO) sets who the pool's fees go to, in what shares.
    pub fn set_fee_shares(ctx: Context<SetFeeShares>, shares: Vec<state::FeeShare>) -> Result<()> {
        process_set_fee_shares(ctx, shares)
    }

    /// Anyone shares the fee vault's pool tokens out by the fee shares.
    pub fn distribute<'info>(ctx: Context<'info, Distribute<'info>>) -> Result<()> {
        process_distribute(ctx)
    }

    /// The bonds authority (the DAO) covers up to `lamports` beyond the epoch's cap.
    pub fn cover_beyond_cap(ctx: Context<Cover>, epoch: u64, lamports: u64) -> Result<()> {
        process_cover_beyond_cap(ctx, epoch, lamports)
    }
}
