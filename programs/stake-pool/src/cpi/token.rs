//! SPL token / token-2022 calls signed by the pool's withdraw authority.

use {
    crate::constants::AUTHORITY_WITHDRAW,
    anchor_lang::{
        prelude::*,
        solana_program::{
            instruction::Instruction,
            program::{invoke, invoke_signed},
        },
    },
};

/// Token instruction tags (same in token and token-2022).
const MINT_TO: u8 = 7;
const BURN: u8 = 8;
const TRANSFER_CHECKED: u8 = 12;

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

/// Burns `amount` tokens from `account`, authorized by the user's `authority` (owner or delegate).
#[inline(never)]
pub fn burn<'info>(
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut data = [0u8; 9];
    data[0] = BURN;
    data[1..].copy_from_slice(&amount.to_le_bytes());
    let ix = Instruction {
        program_id: *token_program.key,
        accounts: vec![
            AccountMeta::new(*account.key, false),
            AccountMeta::new(*mint.key, false),
            AccountMeta::new_readonly(*authority.key, true),
        ],
        data: data.to_vec(),
    };
    invoke(&ix, &[account.clone(), mint.clone(), authority.clone()]).map_err(Into::into)
}

/// Moves `amount` tokens from `source` to `destination` (`TransferChecked`), authorized by the user.
#[inline(never)]
pub fn transfer_checked<'info>(
    token_program: &AccountInfo<'info>,
    source: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
    decimals: u8,
) -> Result<()> {
    let mut data = [0u8; 10];
    data[0] = TRANSFER_CHECKED;
    data[1..9].copy_from_slice(&amount.to_le_bytes());
    data[9] = decimals;
    let ix = Instruction {
        program_id: *token_program.key,
        accounts: vec![
            AccountMeta::new(*source.key, false),
            AccountMeta::new_readonly(*mint.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*authority.key, true),
        ],
        data: data.to_vec(),
    };
    invoke(&ix, &[source.clone(), mint.clone(), destination.clone(), authority.clone()]).map_err(Into::into)
}
