//! The programs and sysvars the pool's instructions name.

use solana_address::Address;

/// The native stake program.
pub const STAKE_PROGRAM: Address = Address::from_str_const("Stake11111111111111111111111111111111111111");
/// The stake config account `DelegateStake` still names.
pub const STAKE_CONFIG: Address = Address::from_str_const("StakeConfig11111111111111111111111111111111");
/// The vote program.
pub const VOTE_PROGRAM: Address = Address::from_str_const("Vote111111111111111111111111111111111111111");
/// The system program.
pub const SYSTEM_PROGRAM: Address = Address::from_str_const("11111111111111111111111111111111");
/// The SPL token program.
pub const TOKEN_PROGRAM: Address = Address::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// The SPL token-2022 program.
pub const TOKEN_2022_PROGRAM: Address =
    Address::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/// Metaplex token metadata.
pub const METADATA_PROGRAM: Address = Address::from_str_const("metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s");
/// The clock sysvar.
pub const CLOCK_SYSVAR: Address = Address::from_str_const("SysvarC1ock11111111111111111111111111111111");
/// The rent sysvar.
pub const RENT_SYSVAR: Address = Address::from_str_const("SysvarRent111111111111111111111111111111111");
/// The stake-history sysvar.
pub const STAKE_HISTORY_SYSVAR: Address =
    Address::from_str_const("SysvarStakeHistory1111111111111111111111111");
