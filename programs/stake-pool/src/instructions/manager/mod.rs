//! Manager instructions: pool creation, the pool's economic settings and its token's metadata.

pub mod initialize;
pub mod set_fee;
pub mod set_funding_authority;
pub mod set_manager;
pub mod set_staker;
pub mod token_metadata;
