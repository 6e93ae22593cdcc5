//! Stake-pool program: one file per instruction (the three authority setters share one).

mod authorities;
mod deposit_sol;
mod dispatch;
mod initialize;
mod set_fee;
mod withdraw_sol;
