//! A validator: its vote account's withdraw authority signs.

pub mod open_bond;
pub mod request_withdraw;
pub mod withdraw;

pub use {open_bond::*, request_withdraw::*, withdraw::*};
