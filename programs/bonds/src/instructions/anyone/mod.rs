//! Anyone: funds a bond, settles a loss, has the insurance fund cover what a bond could not pay,
//! shares out the pool's fees.

pub mod cover;
pub mod distribute;
pub mod fund_bond;
pub mod settle;

pub use {cover::*, distribute::*, fund_bond::*, settle::*};
