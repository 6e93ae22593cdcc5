//! Program-derived addresses of a pool (SPL seed order), for any stake-pool program id.

pub use stake_pool::pda::{find_deposit_authority, find_withdraw_authority};

/// Metaplex's metadata account of `mint`.
pub fn find_metadata_account(mint: &anchor_lang::prelude::Pubkey) -> anchor_lang::prelude::Pubkey {
    use stake_pool::constants::{METADATA_PROGRAM_ID, METADATA_SEED};
    stake_pool::pda::find(&[METADATA_SEED, METADATA_PROGRAM_ID.as_ref(), mint.as_ref()], &METADATA_PROGRAM_ID)
        .0
}
