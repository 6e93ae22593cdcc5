//! One file per instruction, grouped by who may call it: `manager/` (pool owner), `user/` (anyone),
//! `crank/` (anyone, epoch maintenance).

pub mod crank;
pub mod manager;
pub mod user;

pub use {
    crank::update_stake_pool_balance::*,
    manager::{initialize::*, set_fee::*, set_funding_authority::*, set_manager::*, set_staker::*},
    user::{deposit_sol::*, withdraw_sol::*},
};
