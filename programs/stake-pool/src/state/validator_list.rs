//! The `ValidatorList` account, read and written in place through `lst_interface`'s `Pod` entry:
//! the pool's checks and state transitions on top of that layout.

pub use lst_interface::validator_list::{
    len_for_max_validators, max_validators_for_len, status, ValidatorStakeInfo, ENTRY_LEN, HEADER_LEN,
};
use {
    crate::{error::StakePoolError, state::stake_pool::ACCOUNT_TYPE_VALIDATOR_LIST},
    anchor_lang::prelude::*,
    lst_interface::validator_list as layout,
};

/// Writes an empty list header for `max_validators` entries.
pub fn write_empty(data: &mut [u8], max_validators: u32) -> Result<()> {
    let header = layout::header_mut(data).ok_or(ProgramError::AccountDataTooSmall)?;
    header.account_type = ACCOUNT_TYPE_VALIDATOR_LIST;
    header.max_validators.set(max_validators);
    header.len.set(0);
    Ok(())
}

/// Status after the transient stake left the pool (SPL's `remove_transient_stake`).
pub fn without_transient(status: u8) -> u8 {
    match status {
        status::DEACTIVATING_ALL => status::DEACTIVATING_VALIDATOR,
        status::DEACTIVATING_TRANSIENT => status::READY_FOR_REMOVAL,
        other => other,
    }
}

/// Status after the validator stake left the pool (SPL's `remove_validator_stake`).
pub fn without_validator_stake(status: u8) -> u8 {
    match status {
        status::DEACTIVATING_ALL => status::DEACTIVATING_TRANSIENT,
        status::DEACTIVATING_VALIDATOR => status::READY_FOR_REMOVAL,
        other => other,
    }
}

/// The account type of a validator-list account, decoded as SPL decodes it: data too short for
/// its header and entries, or a type byte that is no account type, is `BorshIoError`.
pub fn decoded_type(data: &[u8]) -> Result<u8> {
    let header = layout::header(data).ok_or(ProgramError::BorshIoError)?;
    let needed = (header.len.get() as usize).checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(HEADER_LEN));
    if header.account_type > ACCOUNT_TYPE_VALIDATOR_LIST || needed.is_none_or(|n| n > data.len()) {
        return Err(ProgramError::BorshIoError.into());
    }
    Ok(header.account_type)
}

/// Header fields of an initialized list: (max validators, entries in use); `InvalidState` when the
/// account is not a validator list.
pub fn header(data: &[u8]) -> Result<(u32, u32)> {
    if data.first() != Some(&ACCOUNT_TYPE_VALIDATOR_LIST) {
        return err!(StakePoolError::InvalidState);
    }
    let header = layout::header(data).ok_or(ProgramError::InvalidAccountData)?;
    Ok((header.max_validators.get(), header.len.get()))
}

/// Appends a new active entry (the caller checked there is room).
pub fn push_active(
    data: &mut [u8],
    vote: &Pubkey,
    active_lamports: u64,
    epoch: u64,
    validator_seed: u32,
) -> Result<()> {
    let (_, len) = header(data)?;
    let slot = layout::slots_mut(data, len as usize, 1)
        .and_then(|slots| slots.first_mut())
        .ok_or(ProgramError::AccountDataTooSmall)?;
    *slot = ValidatorStakeInfo::new_active(vote, active_lamports, epoch, validator_seed);
    set_len(data, len.checked_add(1).ok_or(ProgramError::ArithmeticOverflow)?)
}

/// Sets the number of entries in use.
pub fn set_len(data: &mut [u8], len: u32) -> Result<()> {
    layout::header_mut(data).ok_or(ProgramError::AccountDataTooSmall)?.len.set(len);
    Ok(())
}

/// The entries in use of an initialized list; `InvalidState` when the account is not a validator
/// list.
pub fn entries(data: &[u8]) -> Result<&[ValidatorStakeInfo]> {
    header(data)?;
    layout::entries(data).ok_or_else(|| ProgramError::InvalidAccountData.into())
}

/// `count` entries from `start`, mutable; `AccountDataTooSmall` past the end, as SPL's `BigVec`.
pub fn entries_mut(data: &mut [u8], start: usize, count: usize) -> Result<&mut [ValidatorStakeInfo]> {
    let (_, len) = header(data)?;
    let end = start.checked_add(count).ok_or(ProgramError::AccountDataTooSmall)?;
    if end > len as usize {
        return Err(ProgramError::AccountDataTooSmall.into());
    }
    layout::slots_mut(data, start, count).ok_or_else(|| ProgramError::AccountDataTooSmall.into())
}

/// Whether `entry` is `vote`'s. A list scan compares every entry until it finds the vote, and
/// nearly every other entry differs in its first eight bytes: those are compared as one word first.
pub fn is_of(entry: &ValidatorStakeInfo, vote: &Pubkey) -> bool {
    let (listed, wanted) = (entry.vote_account_address.as_array(), vote.as_array());
    let word = |key: &[u8; 32]| key.first_chunk::<8>().map(|w| u64::from_ne_bytes(*w));
    word(listed) == word(wanted) && listed == wanted
}

/// The entry of `vote`, if listed.
pub fn find<'a>(data: &'a [u8], vote: &Pubkey) -> Result<Option<&'a ValidatorStakeInfo>> {
    Ok(entries(data)?.iter().find(|entry| is_of(entry, vote)))
}

/// The entry of `vote`, mutable, if listed.
pub fn find_mut<'a>(data: &'a mut [u8], vote: &Pubkey) -> Result<Option<&'a mut ValidatorStakeInfo>> {
    let (_, len) = header(data)?;
    let entries = entries_mut(data, 0, len as usize)?;
    Ok(entries.iter_mut().find(|entry| is_of(entry, vote)))
}
