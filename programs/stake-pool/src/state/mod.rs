//! Account layouts: SPL's, byte for byte.

mod codec;
pub mod fee;
pub mod stake_pool;
pub mod validator_list;

pub use {fee::*, stake_pool::*};
