//! One library for everything off-chain: PDAs, instruction builders in the SPL wire format, account
//! decoding and the rate math. The CLI, the keeper, the tests and the simulator all use it.
#![deny(missing_docs)]

pub mod accounts;
pub mod bonds;
pub mod crank;
pub mod governance;
pub mod instructions;
pub mod lookup;
pub mod pda;
pub mod steward;
pub mod tip_distribution;
pub mod transaction;

pub use stake_pool::{math, state::Fee, ID as STAKE_POOL_PROGRAM_ID};
pub use {::steward::ID as STEWARD_PROGRAM_ID, lst_interface as interface};
