//! User instructions: deposits and withdrawals, open to anyone.

pub mod deposit_sol;
pub mod deposit_stake;
pub mod withdraw_sol;
pub mod withdraw_stake;
