//! Reads of foreign accounts (token mints and accounts, stake accounts) from raw bytes, and the
//! program-id checks shared by every instruction. Mismatches log expected vs received.

use {
    crate::{
        constants::{STAKE_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID},
        error::StakePoolError,
        state::Lockup,
    },
    anchor_lang::prelude::*,
};

/// `Ok` if `key` is the SPL token or token-2022 program.
pub fn check_token_program(key: &Pubkey) -> Result<()> {
    if *key == TOKEN_PROGRAM_ID || *key == TOKEN_2022_PROGRAM_ID {
        Ok(())
    } else {
        msg!("Expected a token program, received {}", key);
        Err(ProgramError::IncorrectProgramId.into())
    }
}

/// Length of a token account's base state; mints are padded to it when they carry extensions.
const TOKEN_ACCOUNT_LEN: usize = 165;
/// Length of a mint's base state.
const MINT_LEN: usize = 82;
/// Length of a multisig account (never a mint or token account).
const MULTISIG_LEN: usize = 355;
/// Token-2022 account-type byte values.
const TLV_ACCOUNT_TYPE_MINT: u8 = 1;
const TLV_ACCOUNT_TYPE_ACCOUNT: u8 = 2;

/// Token-2022 mint extensions a pool mint may carry.
const MINT_EXTENSIONS_SUPPORTED: [u16; 8] = [
    0,  // Uninitialized
    1,  // TransferFeeConfig
    4,  // ConfidentialTransferMint
    16, // ConfidentialTransferFeeConfig
    6,  // DefaultAccountState
    10, // InterestBearingConfig
    18, // MetadataPointer
    19, // TokenMetadata
];
/// Token-2022 account extensions a fee account may carry.
const FEE_ACCOUNT_EXTENSIONS_SUPPORTED: [u16; 4] = [
    0,  // Uninitialized
    2,  // TransferFeeAmount
    7,  // ImmutableOwner
    11, // CpiGuard
];

fn read_u64(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(data.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

fn read_pubkey(data: &[u8], at: usize) -> Option<Pubkey> {
    let bytes: [u8; 32] = data.get(at..at.checked_add(32)?)?.try_into().ok()?;
    Some(Pubkey::new_from_array(bytes))
}

/// `COption<Pubkey>`: a u32 tag (0 = none, 1 = some) then 32 bytes.
fn read_coption_pubkey(data: &[u8], at: usize) -> Option<Option<Pubkey>> {
    match u32::from_le_bytes(data.get(at..at.checked_add(4)?)?.try_into().ok()?) {
        0 => Some(None),
        1 => Some(Some(read_pubkey(data, at.checked_add(4)?)?)),
        _ => None,
    }
}

/// Checks the token-2022 layout after the base state and every extension type against `allowed`.
/// A base-only account has no extensions.
fn check_extensions(data: &[u8], base_len: usize, account_type: u8, allowed: &[u16]) -> Result<bool> {
    if data.len() == base_len {
        return Ok(true);
    }
    if data.len() <= TOKEN_ACCOUNT_LEN || data.len() == MULTISIG_LEN {
        return Err(ProgramError::InvalidAccountData.into());
    }
    if base_len == MINT_LEN && data[MINT_LEN..TOKEN_ACCOUNT_LEN].iter().any(|b| *b != 0) {
        return Err(ProgramError::InvalidAccountData.into());
    }
    if data[TOKEN_ACCOUNT_LEN] != account_type {
        return Err(ProgramError::InvalidAccountData.into());
    }
    let mut at = TOKEN_ACCOUNT_LEN.saturating_add(1);
    while let Some(header) = data.get(at..at.saturating_add(4)) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        if kind == 0 {
            break;
        }
        if !allowed.contains(&kind) {
            msg!("Unsupported token-2022 extension {}", kind);
            return Ok(false);
        }
        at = at.saturating_add(4).saturating_add(len);
    }
    Ok(true)
}

/// The fields of a mint the pool needs.
pub struct MintView {
    /// Mint authority, if any.
    pub mint_authority: Option<Pubkey>,
    /// Current supply.
    pub supply: u64,
    /// Decimals.
    pub decimals: u8,
}

/// Reads an initialized mint (SPL token or token-2022 base state).
pub fn read_mint(info: &AccountInfo) -> Result<MintView> {
    let data = info.try_borrow_data()?;
    if data.len() < MINT_LEN || data.len() == MULTISIG_LEN {
        return Err(ProgramError::InvalidAccountData.into());
    }
    if data[45] != 1 {
        return Err(ProgramError::UninitializedAccount.into());
    }
    Ok(MintView {
        mint_authority: read_coption_pubkey(&data, 0).ok_or(ProgramError::InvalidAccountData)?,
        supply: read_u64(&data, 36).ok_or(ProgramError::InvalidAccountData)?,
        decimals: data[44],
    })
}

/// `Ok(())` if every extension of the mint is one a pool mint may carry.
pub fn check_mint_extensions(info: &AccountInfo) -> Result<()> {
    let data = info.try_borrow_data()?;
    if check_extensions(&data, MINT_LEN, TLV_ACCOUNT_TYPE_MINT, &MINT_EXTENSIONS_SUPPORTED)? {
        Ok(())
    } else {
        err!(StakePoolError::UnsupportedMintExtension)
    }
}

/// The manager fee account must be an initialized token account of the pool mint, owned by the pool's
/// token program, with only supported extensions (SPL's `check_manager_fee_info`).
pub fn check_manager_fee_account(
    info: &AccountInfo,
    pool_mint: &Pubkey,
    token_program: &Pubkey,
) -> Result<()> {
    let data = info.try_borrow_data()?;
    if data.len() < TOKEN_ACCOUNT_LEN || data.len() == MULTISIG_LEN {
        return Err(ProgramError::InvalidAccountData.into());
    }
    let state = data[108];
    if state == 0 {
        return Err(ProgramError::UninitializedAccount.into());
    }
    let mint = read_pubkey(&data, 0).ok_or(ProgramError::InvalidAccountData)?;
    if info.owner != token_program || state != 1 || mint != *pool_mint {
        msg!("Manager fee account is not owned by token program, is not initialized, or does not match stake pool's mint");
        return err!(StakePoolError::InvalidFeeAccount);
    }
    if check_extensions(
        &data,
        TOKEN_ACCOUNT_LEN,
        TLV_ACCOUNT_TYPE_ACCOUNT,
        &FEE_ACCOUNT_EXTENSIONS_SUPPORTED,
    )? {
        Ok(())
    } else {
        err!(StakePoolError::UnsupportedFeeAccountExtension)
    }
}

pub use lst_interface::stake::{Delegation, Meta as StakeMeta, StakeState};

/// Whether the pool controls a stake account: both authorities are the withdraw authority and the
/// lockup is the pool's (SPL's `stake_is_usable_by_pool`).
pub fn is_usable_by_pool(meta: &StakeMeta, withdraw_authority: &Pubkey, lockup: &Lockup) -> bool {
    meta.staker == *withdraw_authority
        && meta.withdrawer == *withdraw_authority
        && meta.lockup == lst_interface::stake::Lockup::from(*lockup)
}

/// A stake account that must be delegated (SPL's `get_stake_state`): undecodable data is a decoding
/// error, any other state `WrongStakeStake`.
pub fn read_delegated_stake(info: &AccountInfo) -> Result<(StakeMeta, Delegation)> {
    match StakeState::read(&info.try_borrow_data()?) {
        Some(StakeState::Stake(meta, delegation)) => Ok((meta, delegation)),
        Some(_) => err!(StakePoolError::WrongStakeStake),
        None => Err(ProgramError::BorshIoError.into()),
    }
}

/// `address` must be the validator stake PDA of `vote` in `stake_pool` for `seed` (SPL's
/// `check_validator_stake_address`).
pub fn check_validator_stake_address(
    address: &Pubkey,
    stake_pool: &Pubkey,
    vote: &Pubkey,
    seed: u32,
) -> Result<()> {
    let expected = crate::pda::find_validator_stake(&crate::ID, vote, stake_pool, seed).0;
    if expected != *address {
        msg!(
            "Incorrect stake account address for vote {}, expected {}, received {}",
            vote,
            expected,
            address
        );
        return err!(StakePoolError::InvalidStakeAccountAddress);
    }
    Ok(())
}

/// A pool validator stake account: owned by the stake program, at the validator's PDA, controlled by
/// the pool and delegated to `vote` (SPL's `check_validator_stake_account`).
pub fn check_validator_stake_account(
    info: &AccountInfo,
    stake_pool: &Pubkey,
    withdraw_authority: &Pubkey,
    vote: &Pubkey,
    seed: u32,
    lockup: &Lockup,
) -> Result<()> {
    if *info.owner != STAKE_PROGRAM_ID {
        return Err(ProgramError::IncorrectProgramId.into());
    }
    check_validator_stake_address(info.key, stake_pool, vote, seed)?;
    let (meta, delegation) = read_delegated_stake(info)?;
    if !is_usable_by_pool(&meta, withdraw_authority, lockup) {
        msg!("Validator stake for {} not usable by pool, must be owned by withdraw authority", vote);
        return err!(StakePoolError::WrongStakeStake);
    }
    if delegation.voter != *vote {
        msg!("Validator stake {} not delegated to {}", info.key, vote);
        return err!(StakePoolError::WrongStakeStake);
    }
    Ok(())
}

/// Reads a stake account that must be `Initialized` (not delegated): SPL's reserve requirements.
pub fn read_initialized_stake(info: &AccountInfo) -> Result<StakeMeta> {
    use lst_interface::stake::state_tag;
    if *info.owner != STAKE_PROGRAM_ID {
        msg!("Reserve stake account not owned by stake program");
        return Err(ProgramError::IncorrectProgramId.into());
    }
    let data = info.try_borrow_data()?;
    let tag =
        data.first_chunk::<4>().map(|b| u32::from_le_bytes(*b)).ok_or(ProgramError::InvalidAccountData)?;
    if tag != state_tag::INITIALIZED {
        msg!("Reserve stake account not in intialized state");
        return err!(StakePoolError::WrongStakeStake);
    }
    match StakeState::read(&data) {
        Some(StakeState::Initialized(meta)) => Ok(meta),
        _ => Err(ProgramError::InvalidAccountData.into()),
    }
}
