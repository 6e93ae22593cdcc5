//! One file per instruction, grouped by who may call it: `manager/` (pool owner), `staker/` (the
//! staker, typically the steward), `user/` (anyone), `crank/` (anyone, epoch maintenance).

pub mod crank;
pub mod manager;
pub mod staker;
pub mod user;

pub use {
    crank::{
        cleanup_removed_validator_entries::*, update_stake_pool_balance::*, update_validator_list_balance::*,
    },
    manager::{
        initialize::*, set_fee::*, set_funding_authority::*, set_manager::*, set_staker::*, token_metadata::*,
    },
    staker::{
        add_validator_to_pool::*, decrease_validator_stake::*, increase_validator_stake::*,
        remove_validator_from_pool::*, set_preferred_validator::*,
    },
    user::{deposit_sol::*, deposit_stake::*, withdraw_sol::*, withdraw_stake::*},
};
