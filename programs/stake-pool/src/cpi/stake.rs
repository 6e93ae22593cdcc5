//! Stake program calls signed by the pool's withdraw authority.

use {
    super::{invoke, Meta},
    crate::constants::{
        AUTHORITY_WITHDRAW, CLOCK_SYSVAR_ID, STAKE_CONFIG_ID, STAKE_HISTORY_SYSVAR_ID, STAKE_PROGRAM_ID,
    },
    anchor_lang::prelude::*,
    lst_interface::instruction::stake_tag::{
        AUTHORIZE, DEACTIVATE, DELEGATE_STAKE, GET_MINIMUM_DELEGATION, MERGE, SPLIT, WITHDRAW,
    },
};

/// Calls the stake program with instruction `index` (and `lamports`, when the instruction takes an
/// amount), signed as the pool's withdraw authority.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
unsafe fn invoke_as_pool(
    signer: &PoolSigner,
    index: u32,
    lamports: Option<u64>,
    accounts: &[Meta],
) -> Result<()> {
    let mut data = [0u8; 12];
    data[..4].copy_from_slice(&index.to_le_bytes());
    let len = match lamports {
        Some(lamports) => {
            data[4..].copy_from_slice(&lamports.to_le_bytes());
            12
        }
        None => 4,
    };
    let bump = [signer.bump];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke(&STAKE_PROGRAM_ID, accounts, &data[..len], Some(&signer.seeds(&bump))) }
}

/// The pool's withdraw authority and its bump, as every stake call signs.
pub struct PoolSigner<'a, 'info> {
    /// The pool account's address.
    pub stake_pool: &'a Pubkey,
    /// Bump of the withdraw authority.
    pub bump: u8,
    /// The withdraw authority account.
    pub authority: &'a AccountInfo<'info>,
}

impl<'a> PoolSigner<'a, '_> {
    /// The withdraw authority's signer seeds, `bump` being `[self.bump]`.
    pub fn seeds<'s>(&'s self, bump: &'s [u8; 1]) -> [&'s [u8]; 3] {
        [self.stake_pool.as_ref(), AUTHORITY_WITHDRAW, bump]
    }
}

/// Splits `lamports` from `source` into `destination` (already allocated and assigned to the stake
/// program).
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn split<'info>(
    signer: &PoolSigner<'_, 'info>,
    source: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    lamports: u64,
) -> Result<()> {
    let accounts = [Meta::writable(source), Meta::writable(destination), Meta::signer(signer.authority)];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke_as_pool(signer, SPLIT, Some(lamports), &accounts) }
}

/// Delegates `stake` to `vote`.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn delegate<'info>(
    signer: &PoolSigner<'_, 'info>,
    stake: &AccountInfo<'info>,
    vote: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
    stake_config: &AccountInfo<'info>,
) -> Result<()> {
    let accounts = [
        Meta::writable(stake),
        Meta::readonly(vote),
        Meta::sysvar(sysvars.clock, &CLOCK_SYSVAR_ID),
        Meta::sysvar(sysvars.stake_history, &STAKE_HISTORY_SYSVAR_ID),
        Meta::sysvar(stake_config, &STAKE_CONFIG_ID),
        Meta::signer(signer.authority),
    ];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke_as_pool(signer, DELEGATE_STAKE, None, &accounts) }
}

/// Merges `source` into `destination`.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn merge<'info>(
    signer: &PoolSigner<'_, 'info>,
    source: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
) -> Result<()> {
    let accounts = [
        Meta::writable(destination),
        Meta::writable(source),
        Meta::sysvar(sysvars.clock, &CLOCK_SYSVAR_ID),
        Meta::sysvar(sysvars.stake_history, &STAKE_HISTORY_SYSVAR_ID),
        Meta::signer(signer.authority),
    ];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke_as_pool(signer, MERGE, None, &accounts) }
}

/// Hands both authorities of `stake` (staker, then withdrawer) from `authority` to `new_authority`.
/// `signer_seeds` when `authority` is a PDA of ours, `None` when it signed the transaction.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn authorize_both<'info>(
    stake: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    new_authority: &Pubkey,
    clock: &AccountInfo<'info>,
    signer_seeds: Option<&[&[u8]]>,
) -> Result<()> {
    let mut data = [0u8; 40];
    data[..4].copy_from_slice(&AUTHORIZE.to_le_bytes());
    data[4..36].copy_from_slice(new_authority.as_ref());
    let accounts = [Meta::writable(stake), Meta::sysvar(clock, &CLOCK_SYSVAR_ID), Meta::signer(authority)];
    for kind in [0u32, 1u32] {
        data[36..].copy_from_slice(&kind.to_le_bytes());
        // SAFETY: the caller upholds `invoke`'s contract (this function's own).
        unsafe { invoke(&STAKE_PROGRAM_ID, &accounts, &data, signer_seeds) }?;
    }
    Ok(())
}

/// Starts deactivating `stake`.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn deactivate<'info>(
    signer: &PoolSigner<'_, 'info>,
    stake: &AccountInfo<'info>,
    clock: &AccountInfo<'info>,
) -> Result<()> {
    let accounts =
        [Meta::writable(stake), Meta::sysvar(clock, &CLOCK_SYSVAR_ID), Meta::signer(signer.authority)];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke_as_pool(signer, DEACTIVATE, None, &accounts) }
}

/// The stake program's current minimum delegation (`GetMinimumDelegation` and its return data).
#[inline(never)]
pub fn minimum_delegation() -> Result<u64> {
    use anchor_lang::solana_program::program::get_return_data;
    // SAFETY: the call passes no account.
    unsafe { invoke(&STAKE_PROGRAM_ID, &[], &GET_MINIMUM_DELEGATION.to_le_bytes(), None) }?;
    let (program, data) = get_return_data().ok_or(ProgramError::InvalidInstructionData)?;
    if program != STAKE_PROGRAM_ID {
        return Err(ProgramError::IncorrectProgramId.into());
    }
    let bytes: [u8; 8] =
        data.get(..8).and_then(|b| b.try_into().ok()).ok_or(ProgramError::InvalidAccountData)?;
    Ok(u64::from_le_bytes(bytes))
}

/// The clock and stake-history sysvars every withdrawal names.
pub struct StakeSysvars<'a, 'info> {
    /// Clock sysvar.
    pub clock: &'a AccountInfo<'info>,
    /// Stake history sysvar.
    pub stake_history: &'a AccountInfo<'info>,
}

/// Withdraws `lamports` from a pool stake account (the reserve) to `destination`.
///
/// # Safety
/// As [`invoke`]: no borrow of the accounts' lamports or data is live across the call.
#[inline(never)]
pub unsafe fn withdraw<'info>(
    signer: &PoolSigner<'_, 'info>,
    stake: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
    lamports: u64,
) -> Result<()> {
    let accounts = [
        Meta::writable(stake),
        Meta::writable(destination),
        Meta::sysvar(sysvars.clock, &CLOCK_SYSVAR_ID),
        Meta::sysvar(sysvars.stake_history, &STAKE_HISTORY_SYSVAR_ID),
        Meta::signer(signer.authority),
    ];
    // SAFETY: the caller upholds `invoke`'s contract (this function's own).
    unsafe { invoke_as_pool(signer, WITHDRAW, Some(lamports), &accounts) }
}
