//! Cross-program calls, built from raw instruction bytes (no client crates in the program).

pub mod stake;
pub mod system;
pub mod token;
