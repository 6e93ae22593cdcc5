//! The `lst` command line as a library: the RPC client (simulate, set the compute limit, sign, send),
//! pool loading with clear errors, amounts, output, and one module per group of commands. The `lst`
//! binary is a thin layer over it. It speaks standard RPC only: the local cluster's test-only calls
//! and the demo live in `lst-localnet`.
#![deny(missing_docs)]
#![allow(
    clippy::arithmetic_side_effects,
    reason = "off-chain sums of rents, counters and display math; release builds keep overflow checks, so an overflow panics, never wraps"
)]

pub mod amount;
pub mod client;
pub mod commands;
pub mod output;
pub mod pool;

pub use anchor_lang::prelude::Pubkey;
