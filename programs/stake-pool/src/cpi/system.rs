//! System program calls.

use {
    crate::constants::STAKE_PROGRAM_ID,
    anchor_lang::{
        prelude::*,
        solana_program::{
            instruction::Instruction,
            program::{invoke, invoke_signed},
        },
    },
};

/// System instruction indices.
const ASSIGN: u32 = 1;
const TRANSFER: u32 = 2;
const ALLOCATE: u32 = 8;

/// Makes the PDA `account` (signed by `seeds`) a stake account: allocate `space` bytes, assign to the
/// stake program. Works whether or not someone already sent lamports to the address.
#[inline(never)]
pub fn create_stake_account(account: &AccountInfo<'_>, seeds: &[&[u8]], space: u64) -> Result<()> {
    let system = anchor_lang::solana_program::system_program::ID;
    let mut allocate = ALLOCATE.to_le_bytes().to_vec();
    allocate.extend_from_slice(&space.to_le_bytes());
    let ix = Instruction {
        program_id: system,
        accounts: vec![AccountMeta::new(*account.key, true)],
        data: allocate,
    };
    invoke_signed(&ix, std::slice::from_ref(account), &[seeds])?;
    let mut assign = ASSIGN.to_le_bytes().to_vec();
    assign.extend_from_slice(STAKE_PROGRAM_ID.as_ref());
    let ix = Instruction {
        program_id: system,
        accounts: vec![AccountMeta::new(*account.key, true)],
        data: assign,
    };
    invoke_signed(&ix, std::slice::from_ref(account), &[seeds]).map_err(Into::into)
}

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
