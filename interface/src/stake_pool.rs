//! The `StakePool` account: an account-type byte, then SPL's borsh fields. Everything up to the
//! epoch fee sits at a fixed position ([`StakePoolPrefix`]); the fields after it start with borsh
//! enums and options, so their positions depend on their values and only a full decoder reads them.

use {
    crate::pod::{PodI64, PodU64},
    bytemuck::{Pod, Zeroable},
    core::mem::size_of,
    solana_address::Address,
};

/// Least active stake a validator stake account keeps (SPL's `MINIMUM_ACTIVE_STAKE`; the stake
/// program's minimum delegation when that is higher), so merges never mismatch credits.
pub const MINIMUM_ACTIVE_STAKE: u64 = 1_000_000;

/// SPL `AccountType`: the first byte of a pool account and of a validator list.
pub mod account_type {
    /// Not yet initialized.
    pub const UNINITIALIZED: u8 = 0;
    /// A stake pool.
    pub const STAKE_POOL: u8 = 1;
    /// A validator list.
    pub const VALIDATOR_LIST: u8 = 2;
}

/// A stake account's lock-up, as the stake program and the pool lay it out.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
pub struct PodLockup {
    /// Unix timestamp until which the stake is locked.
    pub unix_timestamp: PodI64,
    /// Epoch until which the stake is locked.
    pub epoch: PodU64,
    /// Custodian who may lift the lock-up.
    pub custodian: Address,
}

/// A fee ratio (SPL's `Fee`: the denominator first).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Pod, Zeroable)]
pub struct PodFee {
    /// Denominator; 0 means no fee.
    pub denominator: PodU64,
    /// Numerator.
    pub numerator: PodU64,
}

/// The fixed-position start of a `StakePool` account, field for field SPL's.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
pub struct StakePoolPrefix {
    /// [`account_type::STAKE_POOL`] for an initialized pool.
    pub account_type: u8,
    /// Sets fees, the manager fee account and the funding authorities.
    pub manager: Address,
    /// Adds and removes validators and moves stake between them.
    pub staker: Address,
    /// Must sign stake deposits.
    pub stake_deposit_authority: Address,
    /// Bump of the withdraw authority.
    pub stake_withdraw_bump_seed: u8,
    /// The validator list.
    pub validator_list: Address,
    /// The reserve stake account.
    pub reserve_stake: Address,
    /// The pool token's mint.
    pub pool_mint: Address,
    /// Token account receiving the manager's fees.
    pub manager_fee_account: Address,
    /// Token program of the pool mint.
    pub token_program_id: Address,
    /// Lamports under management as of the last update.
    pub total_lamports: PodU64,
    /// Pool tokens in circulation as of the last update.
    pub pool_token_supply: PodU64,
    /// Epoch of the last `UpdateStakePoolBalance`.
    pub last_update_epoch: PodU64,
    /// Lock-up of the stake accounts the pool hands out.
    pub lockup: PodLockup,
    /// Fee on each epoch's rewards.
    pub epoch_fee: PodFee,
}

/// Bytes of [`StakePoolPrefix`].
pub const PREFIX_LEN: usize = size_of::<StakePoolPrefix>();
const _: () = assert!(PREFIX_LEN == 346);

impl StakePoolPrefix {
    /// The prefix of `data` (any account's bytes; check [`Self::account_type`]). `None` when `data`
    /// is shorter than the prefix.
    pub fn read(data: &[u8]) -> Option<&Self> {
        data.get(..PREFIX_LEN).map(bytemuck::from_bytes)
    }

    /// The prefix of `data` when it is an initialized pool's.
    pub fn read_pool(data: &[u8]) -> Option<&Self> {
        Self::read(data).filter(|pool| pool.account_type == account_type::STAKE_POOL)
    }
}
