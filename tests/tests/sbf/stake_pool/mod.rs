//! Stake-pool program: one file per instruction.

mod deposit_sol;
mod dispatch;
mod initialize;
