//! One file per instruction, grouped by who may call it: `manager/` (pool owner), `user/` (anyone).

pub mod manager;
pub mod user;

pub use {manager::initialize::*, user::deposit_sol::*};
