//! Program-derived addresses of a pool (SPL seed order), for any stake-pool program id.

pub use stake_pool::pda::{find_deposit_authority, find_metadata_account, find_withdraw_authority};
