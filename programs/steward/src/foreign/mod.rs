//! Accounts of other programs, read from their bytes: vote accounts, the slot-history sysvar, the
//! SPL stake pool (and the instructions the steward sends it).

pub mod pool;
pub mod slot_history;
pub mod vote;
