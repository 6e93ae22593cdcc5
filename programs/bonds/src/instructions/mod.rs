//! One file per instruction, grouped by who calls it.

pub mod anyone;
pub mod dao;
pub mod validator;

pub use {anyone::*, dao::*, validator::*};
