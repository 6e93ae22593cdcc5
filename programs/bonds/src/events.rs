//! One event per action; authority changes carry old and new values.

use {
    crate::{
        loss::{Inputs, Limits, Loss},
        state::FeeShare,
    },
    anchor_lang::prelude::*,
};

/// The bonds config was created.
#[event]
pub struct BondsInitialized {
    /// The bonds config.
    pub config: Pubkey,
    /// The steward config.
    pub steward_config: Pubkey,
    /// Its authority.
    pub authority: Pubkey,
    /// The withdrawal lock-up.
    pub withdraw_lockup_epochs: u16,
}

/// The authority changed the withdrawal lock-up.
#[event]
pub struct LockupChanged {
    /// The bonds config.
    pub config: Pubkey,
    /// Before.
    pub old: u16,
    /// After.
    pub new: u16,
}

/// The bonds authority offered its place to a successor (`new`; default withdraws the offer).
#[event]
pub struct AuthorityOffered {
    /// The bonds config.
    pub config: Pubkey,
    /// The authority making the offer.
    pub authority: Pubkey,
    /// The offer it replaces.
    pub old: Pubkey,
    /// The successor offered.
    pub new: Pubkey,
}

/// The offered successor took the bonds authority.
#[event]
pub struct AuthorityChanged {
    /// The bonds config.
    pub config: Pubkey,
    /// Before.
    pub old: Pubkey,
    /// After.
    pub new: Pubkey,
}

/// A validator opened its bond.
#[event]
pub struct BondOpened {
    /// The bond.
    pub bond: Pubkey,
    /// Its vote account.
    pub vote_account: Pubkey,
}

/// Lamports were added to a bond.
#[event]
pub struct BondFunded {
    /// The bond.
    pub bond: Pubkey,
    /// Who paid.
    pub funder: Pubkey,
    /// Lamports added.
    pub lamports: u64,
    /// The bond after.
    pub available: u64,
}

/// The validator asked to withdraw (0 cancels).
#[event]
pub struct WithdrawRequested {
    /// The bond.
    pub bond: Pubkey,
    /// The request before.
    pub old_lamports: u64,
    /// The request after.
    pub new_lamports: u64,
    /// The epoch the request was made in.
    pub epoch: u64,
    /// The first epoch it may be withdrawn in.
    pub unlock_epoch: u64,
}

/// The validator withdrew.
#[event]
pub struct BondWithdrawn {
    /// The bond.
    pub bond: Pubkey,
    /// Lamports paid out.
    pub lamports: u64,
    /// To.
    pub destination: Pubkey,
    /// The bond after.
    pub available: u64,
}

/// A validator bonded a stake account.
#[event]
pub struct BondStakeFunded {
    /// The bond.
    pub bond: Pubkey,
    /// The stake account.
    pub stake_account: Pubkey,
    /// Its lamports, counted in the bond.
    pub lamports: u64,
}

/// A bond's pledged stake account was deactivated, to be collected next epoch.
#[event]
pub struct BondStakeDeactivated {
    /// The bond.
    pub bond: Pubkey,
    /// The stake account.
    pub stake_account: Pubkey,
    /// What settlements pledged of it.
    pub owed: u64,
}

/// A bond's stake account was collected into the bond, which paid what it owed.
#[event]
pub struct BondStakeCollected {
    /// The bond.
    pub bond: Pubkey,
    /// The stake account (now empty).
    pub stake_account: Pubkey,
    /// Lamports withdrawn from it into the bond.
    pub lamports: u64,
    /// Paid into the pool's reserve.
    pub paid: u64,
    /// The reserve paid into.
    pub reserve: Pubkey,
    /// The bond after.
    pub available: u64,
}

/// The validator took its stake account back.
#[event]
pub struct BondStakeWithdrawn {
    /// The bond.
    pub bond: Pubkey,
    /// The stake account.
    pub stake_account: Pubkey,
    /// Its lamports when bonded.
    pub lamports: u64,
    /// Its new staker and withdrawer.
    pub authority: Pubkey,
}

/// A (validator, epoch) loss was settled.
#[event]
pub struct LossSettled {
    /// The bond.
    pub bond: Pubkey,
    /// Its vote account.
    pub vote_account: Pubkey,
    /// The epoch of the loss.
    pub epoch: u64,
    /// Everything the loss was computed from.
    pub inputs: Inputs,
    /// The steward's limits it was computed against.
    pub limits: Limits,
    /// The computation.
    pub loss: Loss,
    /// Paid into the pool's reserve, or pledged from the bond's stake account (`from_stake`).
    pub paid: u64,
    /// Of `paid`, what the bond's stake account owes: paid into the reserve when it is collected.
    pub from_stake: u64,
    /// The loss the bond could not pay.
    pub shortfall: u64,
    /// The reserve paid into.
    pub reserve: Pubkey,
    /// Who settled.
    pub settler: Pubkey,
}

/// The insurance fund was opened.
#[event]
pub struct InsuranceOpened {
    /// The insurance account.
    pub insurance: Pubkey,
    /// Its cover cap per epoch.
    pub cap_lamports_per_epoch: u64,
}

/// The bonds authority changed the insurance fund's cover cap.
#[event]
pub struct CoverCapChanged {
    /// The insurance account.
    pub insurance: Pubkey,
    /// Before.
    pub old: u64,
    /// After.
    pub new: u64,
}

/// The insurance fund covered (part of) a settlement's shortfall by burning pool tokens.
#[event]
pub struct InsuranceCovered {
    /// The settlement whose shortfall it covered: the event that caused this one is its
    /// `LossSettled`.
    pub settlement: Pubkey,
    /// The bond.
    pub bond: Pubkey,
    /// The epoch of the loss.
    pub epoch: u64,
    /// Lamports of value covered.
    pub lamports: u64,
    /// Pool tokens burned for it.
    pub pool_tokens: u64,
    /// Whether the bonds authority covered it beyond the epoch's cap.
    pub by_authority: bool,
}

/// The bonds authority set how the pool's fees are shared.
#[event]
pub struct FeeSharesChanged {
    /// The fee-shares account.
    pub fee_shares: Pubkey,
    /// Before.
    pub old: Vec<FeeShare>,
    /// After.
    pub new: Vec<FeeShare>,
}

/// The fee vault's pool tokens were shared out.
#[event]
pub struct FeesDistributed {
    /// The fee vault.
    pub vault: Pubkey,
    /// Each recipient's token account, in the shares' order.
    pub recipients: Vec<Pubkey>,
    /// The pool tokens each received.
    pub pool_tokens: Vec<u64>,
}
