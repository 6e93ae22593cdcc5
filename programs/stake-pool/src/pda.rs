//! Program-derived addresses, in SPL's seed order.

use {
    crate::constants::{AUTHORITY_DEPOSIT, AUTHORITY_WITHDRAW},
    anchor_lang::prelude::Pubkey,
};

/// The pool's withdraw authority (mint authority, stake authority of every pool stake account).
pub fn find_withdraw_authority(program_id: &Pubkey, stake_pool: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[stake_pool.as_ref(), AUTHORITY_WITHDRAW], program_id)
}

/// The pool's default stake-deposit authority.
pub fn find_deposit_authority(program_id: &Pubkey, stake_pool: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(&[stake_pool.as_ref(), AUTHORITY_DEPOSIT], program_id)
}
