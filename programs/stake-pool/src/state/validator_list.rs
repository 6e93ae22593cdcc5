//! The `ValidatorList` account: a 5-byte header, a borsh `u32` length, then 73-byte entries.
//! It is only ever read and written as raw bytes.

use {crate::state::stake_pool::ACCOUNT_TYPE_VALIDATOR_LIST, anchor_lang::prelude::ProgramError};

/// Header: account type (1) + max validators (4).
pub const HEADER_LEN: usize = 5;
/// Header plus the entry count.
pub const ENTRIES_OFFSET: usize = HEADER_LEN + 4;
/// One `ValidatorStakeInfo` entry.
pub const ENTRY_LEN: usize = 73;

/// How many entries an account of `data_len` bytes holds (SPL's `calculate_max_validators`).
pub fn max_validators_for_len(data_len: usize) -> usize {
    data_len.saturating_sub(ENTRIES_OFFSET) / ENTRY_LEN
}

/// Bytes needed for `max_validators` entries.
pub fn len_for_max_validators(max_validators: u32) -> usize {
    (max_validators as usize).saturating_mul(ENTRY_LEN).saturating_add(ENTRIES_OFFSET)
}

/// Writes an empty list header for `max_validators` entries.
pub fn write_empty(data: &mut [u8], max_validators: u32) {
    data[0] = ACCOUNT_TYPE_VALIDATOR_LIST;
    data[1..HEADER_LEN].copy_from_slice(&max_validators.to_le_bytes());
    data[HEADER_LEN..ENTRIES_OFFSET].copy_from_slice(&0u32.to_le_bytes());
}

/// Validator stake status (SPL's `StakeStatus`, the entry's byte 40).
pub mod status {
    /// Stake account delegated and in the pool.
    pub const ACTIVE: u8 = 0;
    /// Only the transient stake is left, deactivating.
    pub const DEACTIVATING_TRANSIENT: u8 = 1;
    /// Nothing left: the entry can be cleaned up.
    pub const READY_FOR_REMOVAL: u8 = 2;
    /// The validator stake account is deactivating.
    pub const DEACTIVATING_VALIDATOR: u8 = 3;
    /// Both the validator and the transient stake are deactivating.
    pub const DEACTIVATING_ALL: u8 = 4;
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

/// Header fields of an initialized list: (max validators, entries in use); `InvalidState` when the
/// account is not a validator list.
/// The account type of a validator-list account, decoded as SPL decodes it: data too short for
/// its header and entries, or a type byte that is no account type, is `BorshIoError`.
pub fn decoded_type(data: &[u8]) -> anchor_lang::Result<u8> {
    let kind = *data.first().ok_or(ProgramError::BorshIoError)?;
    let len = data
        .get(HEADER_LEN..ENTRIES_OFFSET)
        .and_then(|b| b.try_into().ok())
        .map(|b: [u8; 4]| u32::from_le_bytes(b) as usize)
        .ok_or(ProgramError::BorshIoError)?;
    let needed = len.checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(ENTRIES_OFFSET));
    if kind > ACCOUNT_TYPE_VALIDATOR_LIST || needed.is_none_or(|n| n > data.len()) {
        return Err(ProgramError::BorshIoError.into());
    }
    Ok(kind)
}

pub fn header(data: &[u8]) -> anchor_lang::Result<(u32, u32)> {
    use {crate::error::StakePoolError, anchor_lang::prelude::*};
    if data.first() != Some(&ACCOUNT_TYPE_VALIDATOR_LIST) {
        return err!(StakePoolError::InvalidState);
    }
    let word = |range: std::ops::Range<usize>| {
        data.get(range)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
            .ok_or(ProgramError::InvalidAccountData)
    };
    Ok((word(1..HEADER_LEN)?, word(HEADER_LEN..ENTRIES_OFFSET)?))
}

/// Appends a new active entry (the caller checked there is room).
pub fn push_active(
    data: &mut [u8],
    vote: &anchor_lang::prelude::Pubkey,
    active_lamports: u64,
    epoch: u64,
    validator_seed: u32,
) -> anchor_lang::Result<()> {
    use anchor_lang::prelude::*;
    let (_, len) = header(data)?;
    let at = (len as usize).checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(ENTRIES_OFFSET));
    let entry = at
        .and_then(|at| data.get_mut(at..at.checked_add(ENTRY_LEN)?))
        .ok_or(ProgramError::AccountDataTooSmall)?;
    entry.fill(0);
    entry[0..8].copy_from_slice(&active_lamports.to_le_bytes());
    entry[16..24].copy_from_slice(&epoch.to_le_bytes());
    entry[36..40].copy_from_slice(&validator_seed.to_le_bytes());
    entry[40] = status::ACTIVE;
    entry[41..73].copy_from_slice(vote.as_ref());
    let len = len.checked_add(1).ok_or(ProgramError::ArithmeticOverflow)?;
    data[HEADER_LEN..ENTRIES_OFFSET].copy_from_slice(&len.to_le_bytes());
    Ok(())
}

/// The entries in use, as raw bytes (`len × ENTRY_LEN`), of an initialized list; `InvalidState` when
/// the account is not a validator list.
pub fn entries(data: &[u8]) -> anchor_lang::Result<&[u8]> {
    use {crate::error::StakePoolError, anchor_lang::prelude::*};
    if data.first() != Some(&ACCOUNT_TYPE_VALIDATOR_LIST) {
        return err!(StakePoolError::InvalidState);
    }
    let len = data
        .get(HEADER_LEN..ENTRIES_OFFSET)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(ProgramError::InvalidAccountData)?;
    let end = (len as usize).checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(ENTRIES_OFFSET));
    end.and_then(|end| data.get(ENTRIES_OFFSET..end)).ok_or_else(|| ProgramError::InvalidAccountData.into())
}

/// `count` entries from `start`, mutable; `AccountDataTooSmall` past the end, as SPL's `BigVec`.
pub fn entries_mut(data: &mut [u8], start: usize, count: usize) -> anchor_lang::Result<&mut [u8]> {
    use anchor_lang::prelude::*;
    let (_, len) = header(data)?;
    let end = start.checked_add(count).ok_or(ProgramError::AccountDataTooSmall)?;
    if end > len as usize {
        return Err(ProgramError::AccountDataTooSmall.into());
    }
    let from = start.checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(ENTRIES_OFFSET));
    let to = end.checked_mul(ENTRY_LEN).and_then(|n| n.checked_add(ENTRIES_OFFSET));
    match (from, to) {
        (Some(from), Some(to)) => {
            data.get_mut(from..to).ok_or_else(|| ProgramError::AccountDataTooSmall.into())
        }
        _ => Err(ProgramError::AccountDataTooSmall.into()),
    }
}

/// The entry of `vote`, if listed.
pub fn find<'a>(
    data: &'a [u8],
    vote: &anchor_lang::prelude::Pubkey,
) -> anchor_lang::Result<Option<&'a [u8]>> {
    Ok(entries(data)?.chunks_exact(ENTRY_LEN).find(|record| entry::vote(record) == vote.as_ref()))
}

/// The entry of `vote`, mutable, if listed.
pub fn find_mut<'a>(
    data: &'a mut [u8],
    vote: &anchor_lang::prelude::Pubkey,
) -> anchor_lang::Result<Option<&'a mut [u8]>> {
    let (_, len) = header(data)?;
    let records = entries_mut(data, 0, len as usize)?;
    Ok(records.chunks_exact_mut(ENTRY_LEN).find(|record| entry::vote(record) == vote.as_ref()))
}

/// Field readers of one raw `ValidatorStakeInfo` entry (SPL layout: active stake, transient stake,
/// last update epoch, transient seed, unused, validator seed, status, vote account).
pub mod entry {
    /// A little-endian u64 at `at`; entries are always `ENTRY_LEN` long, so the fallback 0 is unreachable
    /// (and would read as "never updated", the safe side).
    fn word(entry: &[u8], at: usize) -> u64 {
        entry.get(at..).and_then(|rest| rest.first_chunk::<8>()).map_or(0, |bytes| u64::from_le_bytes(*bytes))
    }

    /// Lamports in the validator's active stake account.
    pub fn active_stake_lamports(entry: &[u8]) -> u64 {
        word(entry, 0)
    }

    /// Lamports in the validator's transient stake account.
    pub fn transient_stake_lamports(entry: &[u8]) -> u64 {
        word(entry, 8)
    }

    /// Epoch of the entry's last balance update.
    pub fn last_update_epoch(entry: &[u8]) -> u64 {
        word(entry, 16)
    }

    /// Transient seed suffix.
    pub fn transient_seed(entry: &[u8]) -> u64 {
        word(entry, 24)
    }

    /// Validator seed suffix (0 = none).
    pub fn validator_seed(entry: &[u8]) -> u32 {
        entry.get(36..40).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes)
    }

    /// Stake status (see `status`).
    pub fn status(entry: &[u8]) -> u8 {
        entry.get(40).copied().unwrap_or(super::status::READY_FOR_REMOVAL)
    }

    /// Vote account address bytes.
    pub fn vote(entry: &[u8]) -> &[u8] {
        entry.get(41..73).unwrap_or(&[])
    }

    fn set_word(entry: &mut [u8], at: usize, value: u64) {
        if let Some(bytes) = entry.get_mut(at..).and_then(|rest| rest.first_chunk_mut::<8>()) {
            *bytes = value.to_le_bytes();
        }
    }

    /// Records this epoch's balances.
    pub fn set_balances(entry: &mut [u8], active: u64, transient: u64, epoch: u64) {
        set_word(entry, 0, active);
        set_word(entry, 8, transient);
        set_word(entry, 16, epoch);
    }

    /// Records the transient stake and the seed of its account.
    pub fn set_transient(entry: &mut [u8], lamports: u64, seed: u64) {
        set_word(entry, 8, lamports);
        set_word(entry, 24, seed);
    }

    /// Records the active stake.
    pub fn set_active(entry: &mut [u8], lamports: u64) {
        set_word(entry, 0, lamports);
    }

    /// Sets the stake status.
    pub fn set_status(entry: &mut [u8], status: u8) {
        if let Some(byte) = entry.get_mut(40) {
            *byte = status;
        }
    }

    /// Active plus transient lamports; `None` on overflow.
    pub fn stake_lamports(entry: &[u8]) -> Option<u64> {
        active_stake_lamports(entry).checked_add(transient_stake_lamports(entry))
    }
}
