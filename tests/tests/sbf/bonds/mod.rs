//! The bonds program: settlements equal the runtime's reward rule on both pools, once; a
//! withdrawal waits out its lock-up; every substituted account and authority is refused; the
//! steward delegates only to validators bonded enough.

mod fees;
mod filter;
mod negative;
mod settle;
mod stake;
