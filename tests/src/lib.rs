//! Shared test support: the SBF bank fixture and pool helpers used by the integration tests and the
//! compute-unit benchmark.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "test code: an overflow panics the test, which is the failure we want"
)]
#![deny(missing_docs)]

pub mod bonds;
pub mod fixture;
pub mod fuzz;
pub mod keys;
pub mod pool;
pub mod rng;
pub mod schedules;
pub mod steward;
