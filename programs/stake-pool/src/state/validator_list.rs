//! The `ValidatorList` account: a 5-byte header, a borsh `u32` length, then 73-byte entries.
//! It is only ever read and written as raw bytes.

use crate::state::stake_pool::ACCOUNT_TYPE_VALIDATOR_LIST;

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

    /// Active plus transient lamports; `None` on overflow.
    pub fn stake_lamports(entry: &[u8]) -> Option<u64> {
        active_stake_lamports(entry).checked_add(transient_stake_lamports(entry))
    }
}
