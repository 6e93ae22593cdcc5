//! A validator: its vote account's withdraw authority signs.

pub mod fund_bond_stake;
pub mod open_bond;
pub mod request_withdraw;
pub mod withdraw;
pub mod withdraw_stake;

pub use {fund_bond_stake::*, open_bond::*, request_withdraw::*, withdraw::*, withdraw_stake::*};
