//! Seeds, limits and program ids of the SPL stake-pool interface.

use anchor_lang::prelude::Pubkey;

/// Seed of the pool's withdraw authority: `[pool, b"withdraw"]`.
pub const AUTHORITY_WITHDRAW: &[u8] = b"withdraw";
/// Seed of the pool's default stake-deposit authority: `[pool, b"deposit"]`.
pub const AUTHORITY_DEPOSIT: &[u8] = b"deposit";
/// Prefix of transient stake accounts: `[b"transient", vote, pool, seed]`.
pub const TRANSIENT_STAKE_SEED_PREFIX: &[u8] = b"transient";
/// Prefix of ephemeral stake accounts: `[b"ephemeral", pool, seed]`.
pub const EPHEMERAL_STAKE_SEED_PREFIX: &[u8] = b"ephemeral";

/// Largest validator list a pool may be initialized with.
pub const MAX_VALIDATORS_IN_POOL: u32 = 20_000;
/// Lamports the reserve keeps above its rent-exempt reserve that never count as pool value.
pub const MINIMUM_RESERVE_LAMPORTS: u64 = 0;
/// Decimals of the pool mint (those of SOL).
pub const POOL_MINT_DECIMALS: u8 = 9;
/// Largest referral share of a deposit fee, in percent.
pub const MAX_REFERRAL_FEE: u8 = 100;

/// The native stake program.
pub const STAKE_PROGRAM_ID: Pubkey = Pubkey::from_str_const("Stake11111111111111111111111111111111111111");
/// The SPL token program.
pub const TOKEN_PROGRAM_ID: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// The SPL token-2022 program.
pub const TOKEN_2022_PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

/// Metaplex token metadata.
pub const METADATA_PROGRAM_ID: Pubkey = Pubkey::from_str_const("metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s");
/// Seed prefix of Metaplex metadata accounts: `["metadata", metadata program, mint]`.
pub const METADATA_SEED: &[u8] = b"metadata";

/// Least active stake a validator stake account keeps (above the stake program's own minimum when
/// that is lower), so merges never mismatch credits.
pub const MINIMUM_ACTIVE_STAKE: u64 = 1_000_000;
/// Size of a stake account.
pub const STAKE_ACCOUNT_LEN: u64 = 200;
/// The rent sysvar.
pub const RENT_SYSVAR_ID: Pubkey = Pubkey::from_str_const("SysvarRent111111111111111111111111111111111");
/// The clock sysvar.
pub const CLOCK_SYSVAR_ID: Pubkey = Pubkey::from_str_const("SysvarC1ock11111111111111111111111111111111");
/// The stake-history sysvar.
pub const STAKE_HISTORY_SYSVAR_ID: Pubkey =
    Pubkey::from_str_const("SysvarStakeHistory1111111111111111111111111");
/// The stake config account `DelegateStake` still names.
pub const STAKE_CONFIG_ID: Pubkey = Pubkey::from_str_const("StakeConfig11111111111111111111111111111111");

/// The stake program's `InsufficientDelegation` error code, which SPL returns for increases below the
/// minimum delegation.
pub const STAKE_ERROR_INSUFFICIENT_DELEGATION: u32 = 12;
