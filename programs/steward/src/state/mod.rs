//! Account layouts.

pub mod config;
pub mod history;
pub mod order;
pub mod parameters;
pub mod steward_state;

pub use {config::*, history::*, parameters::*, steward_state::*};
