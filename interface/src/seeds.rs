//! Seeds of the pool's program-derived addresses, in SPL's order:
//!
//! | account | seeds |
//! |---|---|
//! | withdraw authority | `[pool, WITHDRAW_AUTHORITY]` |
//! | default deposit authority | `[pool, DEPOSIT_AUTHORITY]` |
//! | validator stake | `[vote, pool]`, then the seed suffix (`u32`, omitted when 0) |
//! | transient stake | `[TRANSIENT_STAKE, vote, pool, seed (u64)]` |
//! | ephemeral stake | `[EPHEMERAL_STAKE, pool, seed (u64)]` |
//! | token metadata (Metaplex's) | `[METADATA, metadata program, mint]` under Metaplex |

/// The pool's withdraw authority.
pub const WITHDRAW_AUTHORITY: &[u8] = b"withdraw";
/// The pool's default stake-deposit authority.
pub const DEPOSIT_AUTHORITY: &[u8] = b"deposit";
/// Prefix of transient stake accounts.
pub const TRANSIENT_STAKE: &[u8] = b"transient";
/// Prefix of ephemeral stake accounts.
pub const EPHEMERAL_STAKE: &[u8] = b"ephemeral";
/// Prefix of Metaplex metadata accounts.
pub const METADATA: &[u8] = b"metadata";
