//! SPL token / token-2022 calls signed by the pool's withdraw authority.

use {
    super::{invoke, stake::PoolSigner, Meta},
    anchor_lang::prelude::*,
};

/// Token instruction tags (same in token and token-2022).
const MINT_TO: u8 = 7;
const BURN: u8 = 8;
const TRANSFER_CHECKED: u8 = 12;

/// Mints `amount` pool tokens to `destination`, signed by the withdraw authority PDA.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn mint_to<'info>(
    signer: &PoolSigner<'_, 'info>,
    token_program: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut data = [0u8; 9];
    data[0] = MINT_TO;
    data[1..].copy_from_slice(&amount.to_le_bytes());
    let bump = [signer.bump];
    let accounts = [Meta::writable(mint), Meta::writable(destination), Meta::signer(signer.authority)];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke(token_program.key, &accounts, &data, Some(&signer.seeds(&bump))) }
}

/// Burns `amount` tokens from `account`, authorized by the user's `authority` (owner or delegate).
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn burn<'info>(
    token_program: &AccountInfo<'info>,
    account: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    let mut data = [0u8; 9];
    data[0] = BURN;
    data[1..].copy_from_slice(&amount.to_le_bytes());
    let accounts = [Meta::writable(account), Meta::writable(mint), Meta::signer(authority)];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke(token_program.key, &accounts, &data, None) }
}

/// Moves `amount` tokens from `source` to `destination` (`TransferChecked`), authorized by the user.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn transfer_checked<'info>(
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
    let accounts =
        [Meta::writable(source), Meta::readonly(mint), Meta::writable(destination), Meta::signer(authority)];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke(token_program.key, &accounts, &data, None) }
}
