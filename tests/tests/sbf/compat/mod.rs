//! Compatibility with upstream SPL: the same operations on both programs give the same bytes, and
//! our sdk writes the same instructions as upstream's builders.

mod builders;
pub(crate) mod epochs;
mod fuzz;
mod huge_pool;
mod interface;
pub(crate) mod parity;
