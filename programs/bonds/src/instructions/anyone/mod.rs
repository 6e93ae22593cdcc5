//! Anyone: funds a bond, settles a loss, collects a bond's pledged stake, has the insurance fund
//! cover what a bond could not pay, shares out the pool's fees.

pub mod collect_bond_stake;
pub mod cover;
pub mod distribute;
pub mod fund_bond;
pub mod settle;
pub mod unstake_bond;

pub use {collect_bond_stake::*, cover::*, distribute::*, fund_bond::*, settle::*, unstake_bond::*};
