//! The local cluster's own tools, apart from the product: `lst` (the `lst-cli` crate) talks to any
//! cluster through standard RPC only; what exists only on the local cluster lives here.
//!
//! - [`surfnet`]: surfpool's test-only RPC — time travel and account writes.
//! - [`chart`]: the demo's chart (plotters: SVG and PNG).
//! - [`demo`]: what the local cluster does not simulate (votes, produced blocks, the epoch's
//!   rewards, tip-distribution accounts) and the multi-epoch demo `lst-demo` runs on it.
#![deny(missing_docs)]
#![allow(
    clippy::arithmetic_side_effects,
    reason = "off-chain demo arithmetic on small counters and display math; release builds keep overflow checks, so an overflow panics, never wraps"
)]

pub mod chart;
pub mod demo;
pub mod surfnet;
