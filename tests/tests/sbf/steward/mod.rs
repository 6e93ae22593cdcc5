//! Steward tests: SPEC §4 scenarios 5–10, the full crank cycle, and ours-vs-upstream delegation.

mod admission;
mod attacks;
mod crank_order;
mod cycle;
mod guards;
mod instant_unstake;
mod lookup_tables;
mod mev_drain;
mod negative;
mod parameters;
mod scale;
mod schedules;
mod upstream;
