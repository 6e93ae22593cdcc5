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
