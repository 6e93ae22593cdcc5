//! Instructions by who may call them: `admin/` (the DAO's authorities), `oracle/` (the oracle
//! authority), `crank/` (anyone). `shared.rs` holds the pool accounts stake moves name.

pub mod admin;
pub mod crank;
pub mod oracle;
pub mod shared;

pub use {admin::*, crank::*, oracle::*};
