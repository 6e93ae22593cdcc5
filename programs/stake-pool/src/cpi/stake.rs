//! Stake program calls signed by the pool's withdraw authority.

use {
    crate::constants::{AUTHORITY_WITHDRAW, STAKE_PROGRAM_ID},
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
};

/// Stake instruction index of `Withdraw`.
const WITHDRAW: u32 = 4;

/// The clock and stake-history sysvars every withdrawal names.
pub struct StakeSysvars<'a, 'info> {
    /// Clock sysvar.
    pub clock: &'a AccountInfo<'info>,
    /// Stake history sysvar.
    pub stake_history: &'a AccountInfo<'info>,
}

/// Withdraws `lamports` from a pool stake account (the reserve) to `destination`.
#[inline(never)]
pub fn withdraw<'info>(
    stake_pool: &Pubkey,
    withdraw_bump: u8,
    stake: &AccountInfo<'info>,
    withdraw_authority: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
    lamports: u64,
) -> Result<()> {
    let mut data = [0u8; 12];
    data[..4].copy_from_slice(&WITHDRAW.to_le_bytes());
    data[4..].copy_from_slice(&lamports.to_le_bytes());
    let ix = Instruction {
        program_id: STAKE_PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(*stake.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*sysvars.clock.key, false),
            AccountMeta::new_readonly(*sysvars.stake_history.key, false),
            AccountMeta::new_readonly(*withdraw_authority.key, true),
        ],
        data: data.to_vec(),
    };
    let seeds: &[&[u8]] = &[stake_pool.as_ref(), AUTHORITY_WITHDRAW, &[withdraw_bump]];
    invoke_signed(
        &ix,
        &[
            stake.clone(),
            destination.clone(),
            sysvars.clock.clone(),
            sysvars.stake_history.clone(),
            withdraw_authority.clone(),
        ],
        &[seeds],
    )
    .map_err(Into::into)
}
