//! The bonds authority (the DAO) and the steward admin who opens the bonds of a pool.

pub mod initialize_bonds;
pub mod open_insurance;
pub mod set_authority;
pub mod set_cover_cap;
pub mod set_fee_shares;
pub mod set_lockup;

pub use {
    initialize_bonds::*, open_insurance::*, set_authority::*, set_cover_cap::*, set_fee_shares::*,
    set_lockup::*,
};
