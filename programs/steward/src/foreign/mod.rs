//! Accounts of other programs, read from their bytes: vote accounts, the slot-history sysvar, Jito's
//! tip-distribution accounts, the SPL stake pool (and the instructions the steward sends it), our
//! bonds program's bonds, and the runtime's epoch stake.

pub mod bond;
pub mod pool;
pub mod runtime;
pub mod slot_history;
pub mod tip_distribution;
pub mod vote;
