//! Crank instructions: permissionless epoch maintenance.

pub mod update_stake_pool_balance;
