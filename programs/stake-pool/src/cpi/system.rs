//! System program calls.

use anchor_lang::{
    prelude::*,
    solana_program::{instruction::Instruction, program::invoke},
};

/// System instruction index of `Transfer`.
const TRANSFER: u32 = 2;

/// Moves `lamports` from a signing `from` to `to`.
#[inline(never)]
pub fn transfer<'info>(from: &AccountInfo<'info>, to: &AccountInfo<'info>, lamports: u64) -> Result<()> {
    let mut data = [0u8; 12];
    data[..4].copy_from_slice(&TRANSFER.to_le_bytes());
    data[4..].copy_from_slice(&lamports.to_le_bytes());
    let ix = Instruction {
        program_id: anchor_lang::solana_program::system_program::ID,
        accounts: vec![AccountMeta::new(*from.key, true), AccountMeta::new(*to.key, false)],
        data: data.to_vec(),
    };
    invoke(&ix, &[from.clone(), to.clone()]).map_err(Into::into)
}
