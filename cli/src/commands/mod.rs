//! The commands, grouped by who runs them.

pub mod admin;
pub mod bond;
pub mod crank;
pub mod dao;
pub mod user;
