//! The SPL stake-pool interface, written once: instruction tags, the `StakePool` and `ValidatorList`
//! layouts (as `Pod` types whose sizes are asserted at compile time), the seeds of the pool's
//! addresses, the ids of the programs and sysvars the pool names, and the stake program's account
//! layout and instruction tags. No Anchor and no `std`: the pool, the steward, the sdk and the CLI
//! read the wire format through this crate, and the dApp's layouts are generated from it.
//!
//! Every layout type has alignment 1 (integers are little-endian byte arrays), so any byte slice of
//! the right length is one of them: reading never fails on alignment and never copies.
#![no_std]

pub mod id;
pub mod instruction;
pub mod pod;
pub mod seeds;
pub mod stake;
pub mod stake_pool;
pub mod validator_list;

pub use solana_address::Address;
