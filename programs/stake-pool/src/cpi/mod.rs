//! Cross-program calls, built from raw instruction bytes (no client crates in the program).

pub mod system;
pub mod token;
