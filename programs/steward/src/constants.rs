//! Sizes, seeds and program ids.

use anchor_lang::prelude::*;

/// Most validators one steward manages (the SPL list holds up to 20,000; Jito's steward 5,000).
pub const MAX_VALIDATORS: usize = 5_000;
/// Epochs kept in each validator's history ring.
pub const HISTORY_LEN: usize = 64;
/// Longest look-back window (and most voting epochs admission may ask for): the completed epochs
/// the ring holds beside the current one.
pub const MAX_WINDOW: u16 = HISTORY_LEN as u16 - 1;
/// Longest scoring cycle, in epochs.
pub const MAX_EPOCHS_PER_CYCLE: u16 = 64;
/// Most vote credits a validator earns per slot it votes on (timely vote credits: a vote that lands
/// at once earns 16).
pub const CREDITS_PER_SLOT: u64 = 16;

/// Seed of the steward's config PDA: `["config", stake_pool]`.
pub const CONFIG_SEED: &[u8] = b"config";
/// Seed of the PDA that is the pool's staker: `["staker", config]`.
pub const STAKER_SEED: &[u8] = b"staker";
/// Seed of a validator's history PDA: `["history", config, vote_account]`.
pub const HISTORY_SEED: &[u8] = b"history";
/// Seed of the cluster history PDA: `["cluster-history", config]`.
pub const CLUSTER_HISTORY_SEED: &[u8] = b"cluster-history";

/// Basis points in one whole.
pub const BPS: u64 = 10_000;

/// The slot-history sysvar.
pub const SLOT_HISTORY_ID: Pubkey = Pubkey::from_str_const("SysvarS1otHistory11111111111111111111111111");
/// The programs and sysvars of the stake-pool interface.
pub use lst_interface::{
    id::{
        CLOCK_SYSVAR as CLOCK_ID, RENT_SYSVAR as RENT_ID, STAKE_CONFIG as STAKE_CONFIG_ID,
        STAKE_HISTORY_SYSVAR as STAKE_HISTORY_ID, STAKE_PROGRAM as STAKE_PROGRAM_ID,
        VOTE_PROGRAM as VOTE_PROGRAM_ID,
    },
    stake::ACCOUNT_LEN as STAKE_ACCOUNT_LEN,
};
/// Jito's tip-distribution program (mainnet address), whose per-epoch accounts carry each validator's
/// MEV commission.
pub const TIP_DISTRIBUTION_PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("4R3gSG8BpU4t19KYj8CfnbtRpnT8gtk4dvTHxVRwc2r7");
/// Seed of a tip-distribution account: `["TIP_DISTRIBUTION_ACCOUNT", vote_account, epoch (u64 LE)]`.
pub const TIP_DISTRIBUTION_SEED: &[u8] = b"TIP_DISTRIBUTION_ACCOUNT";
/// Our bonds program, whose bonds the bond filter reads.
pub const BONDS_PROGRAM_ID: Pubkey = Pubkey::from_str_const("oKSwh4Rhi5LzwnG19CfDBnRqofkphQkEYgKJmcG9F2j");
/// Seed of a steward's bonds config: `["bonds-config", steward config]` under the bonds program.
pub const BONDS_CONFIG_SEED: &[u8] = b"bonds-config";
/// Seed of a validator's bond: `["bond", bonds config, vote account]` under the bonds program.
pub const BOND_SEED: &[u8] = b"bond";
/// The size of a bond account (the bonds crate asserts it), so a bond of another layout is never
/// read as one.
pub const BOND_LEN: usize = 168;
/// `sha256("account:Bond")[..8]`, Anchor's discriminator of a bond (a test checks it against the
/// bonds crate).
pub const BOND_DISCRIMINATOR: [u8; 8] = [224, 128, 48, 251, 182, 246, 111, 196];

pub use lst_interface::stake_pool::MINIMUM_ACTIVE_STAKE;
