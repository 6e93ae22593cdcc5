//! Staker instructions: which validators the pool delegates to, and how much.

pub mod add_validator_to_pool;
pub mod decrease_validator_stake;
pub mod increase_validator_stake;
pub mod remove_validator_from_pool;
pub mod set_preferred_validator;
