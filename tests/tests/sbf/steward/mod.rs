//! Steward tests: SPEC §4 scenarios 5–10, the full crank cycle, and ours-vs-upstream delegation.

mod crank_order;
mod cycle;
mod mev_drain;
mod upstream;
