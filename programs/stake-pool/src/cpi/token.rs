//! SPL token / token-2022 calls signed by the pool's withdraw authority.

use {
    crate::constants::AUTHORITY_WITHDRAW,
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
};

/// Token instruction tag of `MintTo` (same in token and token-2022).
const MINT_TO: u8 = 7;

/// Mints `amount` pool tokens to `destination`, signed by the withdraw authority PDA.
#[inline(never)]
pub fn mint_to<'info>(
    stake_pool: &Pubkey,
    withdraw_bump: u8,
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    withdraw_authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut data = [0u8; 9];
    data[0] = MINT_TO;
    data[1..].copy_from_slice(&amount.to_le_bytes());
    let ix = Instruction {
        program_id: *token_program.key,
        accounts: vec![
            AccountMeta::new(*mint.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*withdraw_authority.key, true),
        ],
        data: data.to_vec(),
    };
    let seeds: &[&[u8]] = &[stake_pool.as_ref(), AUTHORITY_WITHDRAW, &[withdraw_bump]];
    invoke_signed(&ix, &[mint.clone(), destination.clone(), withdraw_authority.clone()], &[seeds])
        .map_err(Into::into)
}
