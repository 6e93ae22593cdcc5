//! Seeds, bounds and the runtime's addresses.

use anchor_lang::prelude::Pubkey;

/// Seed of the bonds config of one steward: `["bonds-config", steward config]` (the steward's
/// bond filter derives it too).
pub use steward::constants::BONDS_CONFIG_SEED as CONFIG_SEED;
/// Seed of a validator's bond: `["bond", bonds config, vote account]`.
pub use steward::constants::BOND_SEED;
/// Seed of the fee vault's owner: `["fee-vault", bonds config]`; the pool's manager fee account is
/// this PDA's pool-token account.
pub const FEE_VAULT_SEED: &[u8] = b"fee-vault";
/// Seed of the fee shares: `["fee-shares", bonds config]`.
pub const FEE_SHARES_SEED: &[u8] = b"fee-shares";
/// Most recipients the fees are shared among.
pub const MAX_FEE_RECIPIENTS: usize = 8;
/// SPL Token's (and Token-2022's) `TransferChecked` instruction tag.
pub const TOKEN_TRANSFER_CHECKED_TAG: u8 = 12;
/// Seed of the insurance fund: `["insurance", bonds config]`.
pub const INSURANCE_SEED: &[u8] = b"insurance";
/// SPL Token's (and Token-2022's) `Burn` instruction tag.
pub const TOKEN_BURN_TAG: u8 = 8;
/// Seed of the record that (bond, epoch) was settled: `["settlement", bond, epoch (u64 LE)]`.
pub const SETTLEMENT_SEED: &[u8] = b"settlement";

/// Shortest withdrawal lock-up: a loss of the epoch a withdrawal is requested in becomes settleable
/// in the next epoch (when its credits are final and its rewards recorded), so the request must
/// still hold then.
pub const MIN_WITHDRAW_LOCKUP_EPOCHS: u16 = 2;
/// Longest withdrawal lock-up: the steward's history keeps 64 epochs.
pub const MAX_WITHDRAW_LOCKUP_EPOCHS: u16 = 32;
/// Unset epoch marker.
pub const NO_EPOCH: u64 = u64::MAX;

/// The feature account of SIMD-0249 (delayed commission updates): once active, the runtime pays an
/// epoch's rewards at the commission the vote account held when the epoch before it began.
pub const DELAY_COMMISSION_UPDATES_FEATURE: Pubkey =
    Pubkey::from_str_const("76dHtohc2s5dR3ahJyBxs7eJJVipFkaPdih9CLgTTb4B");
/// The feature program, owner of feature accounts.
pub const FEATURE_PROGRAM_ID: Pubkey = Pubkey::from_str_const("Feature111111111111111111111111111111111111");
