//! Manager instructions: pool creation and the pool's economic settings.

pub mod initialize;
pub mod set_fee;
pub mod set_funding_authority;
pub mod set_manager;
pub mod set_staker;
