//! Authority instructions: the admin, the parameters authority and the blacklist authority.

pub mod initialize_steward;
pub mod set_authority;
pub mod set_blacklist;
pub mod update_parameters;

pub use {initialize_steward::*, set_authority::*, set_blacklist::*, update_parameters::*};
