//! Seeds, limits and program ids of the SPL stake-pool interface.

pub use lst_interface::{
    id::{
        CLOCK_SYSVAR as CLOCK_SYSVAR_ID, METADATA_PROGRAM as METADATA_PROGRAM_ID,
        RENT_SYSVAR as RENT_SYSVAR_ID, STAKE_CONFIG as STAKE_CONFIG_ID,
        STAKE_HISTORY_SYSVAR as STAKE_HISTORY_SYSVAR_ID, STAKE_PROGRAM as STAKE_PROGRAM_ID,
        TOKEN_2022_PROGRAM as TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM as TOKEN_PROGRAM_ID,
    },
    seeds::{
        DEPOSIT_AUTHORITY as AUTHORITY_DEPOSIT, EPHEMERAL_STAKE as EPHEMERAL_STAKE_SEED_PREFIX,
        METADATA as METADATA_SEED, TRANSIENT_STAKE as TRANSIENT_STAKE_SEED_PREFIX,
        WITHDRAW_AUTHORITY as AUTHORITY_WITHDRAW,
    },
};

/// Largest validator list a pool may be initialized with.
pub const MAX_VALIDATORS_IN_POOL: u32 = 20_000;
/// Lamports the reserve keeps above its rent-exempt reserve that never count as pool value.
pub const MINIMUM_RESERVE_LAMPORTS: u64 = 0;
/// Decimals of the pool mint (those of SOL).
pub const POOL_MINT_DECIMALS: u8 = 9;
/// Largest referral share of a deposit fee, in percent.
pub const MAX_REFERRAL_FEE: u8 = 100;

pub use lst_interface::stake_pool::MINIMUM_ACTIVE_STAKE;
/// Size of a stake account, as the system program's `space` takes it.
pub const STAKE_ACCOUNT_LEN: u64 = lst_interface::stake::ACCOUNT_LEN as u64;

/// The stake program's `InsufficientDelegation` error code, which SPL returns for increases below the
/// minimum delegation.
pub const STAKE_ERROR_INSUFFICIENT_DELEGATION: u32 = 12;
