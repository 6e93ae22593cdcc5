//! The oracle authority's instruction.

pub mod update_oracle_data;

pub use update_oracle_data::*;
