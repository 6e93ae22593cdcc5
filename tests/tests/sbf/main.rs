//! Integration tests: every program runs as an SBF `.so` in solana-program-test, next to the upstream
//! SPL stake-pool program built with the same toolchain. One binary, one module per instruction.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "test code: an overflow panics the test, which is the failure we want"
)]

mod bonds;
mod compat;
mod dao;
mod feature_gates;
mod rewards;
mod stake_pool;
mod steward;
