//! One file per instruction, grouped by who may call it: `manager/` (pool owner), `user/` (anyone).

pub mod manager;
pub mod user;

pub use {
    manager::{initialize::*, set_fee::*, set_funding_authority::*, set_manager::*, set_staker::*},
    user::{deposit_sol::*, withdraw_sol::*},
};
