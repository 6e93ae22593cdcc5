//! Stake program calls signed by the pool's withdraw authority.

use {
    crate::constants::{AUTHORITY_WITHDRAW, STAKE_PROGRAM_ID},
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
};

/// Stake instruction indices.
const AUTHORIZE: u32 = 1;
const DELEGATE_STAKE: u32 = 2;
const SPLIT: u32 = 3;
const WITHDRAW: u32 = 4;
const DEACTIVATE: u32 = 5;
const MERGE: u32 = 7;
const GET_MINIMUM_DELEGATION: u32 = 13;

/// The stake config account `DelegateStake` still names.
pub const STAKE_CONFIG_ID: Pubkey = Pubkey::from_str_const("StakeConfig11111111111111111111111111111111");

/// Signs a stake-program call as the pool's withdraw authority.
fn invoke_as_pool(
    stake_pool: &Pubkey,
    withdraw_bump: u8,
    ix: &Instruction,
    infos: &[AccountInfo],
) -> Result<()> {
    let seeds: &[&[u8]] = &[stake_pool.as_ref(), AUTHORITY_WITHDRAW, &[withdraw_bump]];
    invoke_signed(ix, infos, &[seeds]).map_err(Into::into)
}

fn instruction(index: u32, lamports: Option<u64>, accounts: Vec<AccountMeta>) -> Instruction {
    let mut data = index.to_le_bytes().to_vec();
    if let Some(lamports) = lamports {
        data.extend_from_slice(&lamports.to_le_bytes());
    }
    Instruction { program_id: STAKE_PROGRAM_ID, accounts, data }
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

/// Splits `lamports` from `source` into `destination` (already allocated and assigned to the stake
/// program).
#[inline(never)]
pub fn split<'info>(
    signer: &PoolSigner<'_, 'info>,
    source: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    lamports: u64,
) -> Result<()> {
    let ix = instruction(
        SPLIT,
        Some(lamports),
        vec![
            AccountMeta::new(*source.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*signer.authority.key, true),
        ],
    );
    invoke_as_pool(
        signer.stake_pool,
        signer.bump,
        &ix,
        &[source.clone(), destination.clone(), signer.authority.clone()],
    )
}

/// Delegates `stake` to `vote`.
#[inline(never)]
pub fn delegate<'info>(
    signer: &PoolSigner<'_, 'info>,
    stake: &AccountInfo<'info>,
    vote: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
    stake_config: &AccountInfo<'info>,
) -> Result<()> {
    let ix = instruction(
        DELEGATE_STAKE,
        None,
        vec![
            AccountMeta::new(*stake.key, false),
            AccountMeta::new_readonly(*vote.key, false),
            AccountMeta::new_readonly(*sysvars.clock.key, false),
            AccountMeta::new_readonly(*sysvars.stake_history.key, false),
            AccountMeta::new_readonly(*stake_config.key, false),
            AccountMeta::new_readonly(*signer.authority.key, true),
        ],
    );
    let infos = [
        stake.clone(),
        vote.clone(),
        sysvars.clock.clone(),
        sysvars.stake_history.clone(),
        stake_config.clone(),
        signer.authority.clone(),
    ];
    invoke_as_pool(signer.stake_pool, signer.bump, &ix, &infos)
}

/// Merges `source` into `destination`.
#[inline(never)]
pub fn merge<'info>(
    signer: &PoolSigner<'_, 'info>,
    source: &AccountInfo<'info>,
    destination: &AccountInfo<'info>,
    sysvars: &StakeSysvars<'_, 'info>,
) -> Result<()> {
    let ix = instruction(
        MERGE,
        None,
        vec![
            AccountMeta::new(*destination.key, false),
            AccountMeta::new(*source.key, false),
            AccountMeta::new_readonly(*sysvars.clock.key, false),
            AccountMeta::new_readonly(*sysvars.stake_history.key, false),
            AccountMeta::new_readonly(*signer.authority.key, true),
        ],
    );
    let infos = [
        destination.clone(),
        source.clone(),
        sysvars.clock.clone(),
        sysvars.stake_history.clone(),
        signer.authority.clone(),
    ];
    invoke_as_pool(signer.stake_pool, signer.bump, &ix, &infos)
}

/// Hands both authorities of `stake` (staker, then withdrawer) from `authority` to `new_authority`.
/// `signer_seeds` when `authority` is a PDA of ours, `None` when it signed the transaction.
#[inline(never)]
pub fn authorize_both<'info>(
    stake: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    new_authority: &Pubkey,
    clock: &AccountInfo<'info>,
    signer_seeds: Option<&[&[u8]]>,
) -> Result<()> {
    for kind in [0u32, 1u32] {
        let mut data = AUTHORIZE.to_le_bytes().to_vec();
        data.extend_from_slice(new_authority.as_ref());
        data.extend_from_slice(&kind.to_le_bytes());
        let ix = Instruction {
            program_id: STAKE_PROGRAM_ID,
            accounts: vec![
                AccountMeta::new(*stake.key, false),
                AccountMeta::new_readonly(*clock.key, false),
                AccountMeta::new_readonly(*authority.key, true),
            ],
            data,
        };
        let infos = [stake.clone(), clock.clone(), authority.clone()];
        match signer_seeds {
            Some(seeds) => invoke_signed(&ix, &infos, &[seeds])?,
            None => anchor_lang::solana_program::program::invoke(&ix, &infos)?,
        }
    }
    Ok(())
}

/// Starts deactivating `stake`.
#[inline(never)]
pub fn deactivate<'info>(
    signer: &PoolSigner<'_, 'info>,
    stake: &AccountInfo<'info>,
    clock: &AccountInfo<'info>,
) -> Result<()> {
    let ix = instruction(
        DEACTIVATE,
        None,
        vec![
            AccountMeta::new(*stake.key, false),
            AccountMeta::new_readonly(*clock.key, false),
            AccountMeta::new_readonly(*signer.authority.key, true),
        ],
    );
    invoke_as_pool(
        signer.stake_pool,
        signer.bump,
        &ix,
        &[stake.clone(), clock.clone(), signer.authority.clone()],
    )
}

/// The stake program's current minimum delegation (`GetMinimumDelegation` and its return data).
#[inline(never)]
pub fn minimum_delegation() -> Result<u64> {
    use anchor_lang::solana_program::program::{get_return_data, invoke};
    invoke(&instruction(GET_MINIMUM_DELEGATION, None, vec![]), &[])?;
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
    let ix = instruction(
        WITHDRAW,
        Some(lamports),
        vec![
            AccountMeta::new(*stake.key, false),
            AccountMeta::new(*destination.key, false),
            AccountMeta::new_readonly(*sysvars.clock.key, false),
            AccountMeta::new_readonly(*sysvars.stake_history.key, false),
            AccountMeta::new_readonly(*withdraw_authority.key, true),
        ],
    );
    let infos = [
        stake.clone(),
        destination.clone(),
        sysvars.clock.clone(),
        sysvars.stake_history.clone(),
        withdraw_authority.clone(),
    ];
    invoke_as_pool(stake_pool, withdraw_bump, &ix, &infos)
}
