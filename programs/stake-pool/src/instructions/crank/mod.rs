//! Crank instructions: permissionless epoch maintenance.

pub mod cleanup_removed_validator_entries;
pub mod update_stake_pool_balance;
pub mod update_validator_list_balance;
