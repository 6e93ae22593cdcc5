//! The `ValidatorList` account: a 9-byte header (account type, capacity, entries in use) then
//! 73-byte [`ValidatorStakeInfo`] entries, read in place.

use {
    crate::{
        pod::{PodU32, PodU64},
        stake_pool::account_type,
    },
    bytemuck::{Pod, Zeroable},
    core::mem::size_of,
    solana_address::Address,
};

/// The list's header.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
pub struct ValidatorListHeader {
    /// [`account_type::VALIDATOR_LIST`] for an initialized list.
    pub account_type: u8,
    /// Capacity in entries.
    pub max_validators: PodU32,
    /// Entries in use (the borsh vector length).
    pub len: PodU32,
}

/// One validator's entry (SPL's `ValidatorStakeInfo`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Pod, Zeroable)]
pub struct ValidatorStakeInfo {
    /// Lamports in the validator's stake account.
    pub active_stake_lamports: PodU64,
    /// Lamports in its transient stake account.
    pub transient_stake_lamports: PodU64,
    /// Epoch of the entry's last balance update.
    pub last_update_epoch: PodU64,
    /// Seed suffix of the transient stake account.
    pub transient_seed_suffix: PodU64,
    /// Unused.
    pub unused: PodU32,
    /// Seed suffix of the validator stake account (0: none).
    pub validator_seed_suffix: PodU32,
    /// A [`status`] value.
    pub status: u8,
    /// The validator's vote account.
    pub vote_account_address: Address,
}

/// Bytes of the header.
pub const HEADER_LEN: usize = size_of::<ValidatorListHeader>();
/// Bytes of one entry.
pub const ENTRY_LEN: usize = size_of::<ValidatorStakeInfo>();
const _: () = assert!(HEADER_LEN == 9);
const _: () = assert!(ENTRY_LEN == 73);

/// The stake status of an entry (SPL's `StakeStatus`).
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

impl ValidatorStakeInfo {
    /// Lamports in the validator's stake account.
    pub fn active_stake_lamports(&self) -> u64 {
        self.active_stake_lamports.get()
    }

    /// Lamports in its transient stake account.
    pub fn transient_stake_lamports(&self) -> u64 {
        self.transient_stake_lamports.get()
    }

    /// Epoch of the last balance update.
    pub fn last_update_epoch(&self) -> u64 {
        self.last_update_epoch.get()
    }

    /// Seed suffix of the transient stake account.
    pub fn transient_seed(&self) -> u64 {
        self.transient_seed_suffix.get()
    }

    /// Seed suffix of the validator stake account.
    pub fn validator_seed(&self) -> u32 {
        self.validator_seed_suffix.get()
    }

    /// Active plus transient lamports; `None` on overflow.
    pub fn stake_lamports(&self) -> Option<u64> {
        self.active_stake_lamports().checked_add(self.transient_stake_lamports())
    }

    /// A new active entry of `vote`, updated at `epoch`.
    pub fn new_active(vote: &Address, active_lamports: u64, epoch: u64, validator_seed: u32) -> Self {
        Self {
            active_stake_lamports: active_lamports.into(),
            last_update_epoch: epoch.into(),
            validator_seed_suffix: validator_seed.into(),
            status: status::ACTIVE,
            vote_account_address: *vote,
            ..Zeroable::zeroed()
        }
    }
}

/// The header of `data` (any account's bytes; check its account type). `None` when too short.
pub fn header(data: &[u8]) -> Option<&ValidatorListHeader> {
    data.get(..HEADER_LEN).map(bytemuck::from_bytes)
}

/// The header, mutable.
pub fn header_mut(data: &mut [u8]) -> Option<&mut ValidatorListHeader> {
    data.get_mut(..HEADER_LEN).map(bytemuck::from_bytes_mut)
}

/// Entry slots `start..start + count` of `data`, whether in use or not; `None` past the end.
pub fn slots_mut(data: &mut [u8], start: usize, count: usize) -> Option<&mut [ValidatorStakeInfo]> {
    let from = start.checked_mul(ENTRY_LEN)?.checked_add(HEADER_LEN)?;
    let to = count.checked_mul(ENTRY_LEN)?.checked_add(from)?;
    data.get_mut(from..to).map(bytemuck::cast_slice_mut)
}

/// Every slot of `data`'s capacity, in use or not (those past the header's length are spare).
pub fn slots(data: &[u8]) -> Option<&[ValidatorStakeInfo]> {
    let count = max_validators_for_len(data.len());
    let to = count.checked_mul(ENTRY_LEN)?.checked_add(HEADER_LEN)?;
    data.get(HEADER_LEN..to).map(bytemuck::cast_slice)
}

/// The entries in use of an initialized list: `None` when `data` is no validator list or is shorter
/// than its header's length says.
pub fn entries(data: &[u8]) -> Option<&[ValidatorStakeInfo]> {
    let head = header(data).filter(|h| h.account_type == account_type::VALIDATOR_LIST)?;
    let len = usize::try_from(head.len.get()).ok()?;
    let to = len.checked_mul(ENTRY_LEN)?.checked_add(HEADER_LEN)?;
    data.get(HEADER_LEN..to).map(bytemuck::cast_slice)
}

/// The entries in use, mutable.
pub fn entries_mut(data: &mut [u8]) -> Option<&mut [ValidatorStakeInfo]> {
    let len = entries(data)?.len();
    slots_mut(data, 0, len)
}

/// How many entries an account of `data_len` bytes holds (SPL's `calculate_max_validators`).
pub const fn max_validators_for_len(data_len: usize) -> usize {
    data_len.saturating_sub(HEADER_LEN) / ENTRY_LEN
}

/// Bytes of a list with room for `max_validators` entries.
pub const fn len_for_max_validators(max_validators: u32) -> usize {
    (max_validators as usize).saturating_mul(ENTRY_LEN).saturating_add(HEADER_LEN)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    extern crate std;
    use {super::*, std::vec};

    fn list(capacity: u32, len: u32) -> std::vec::Vec<u8> {
        let mut data = vec![0u8; len_for_max_validators(capacity)];
        let header = header_mut(&mut data).unwrap();
        header.account_type = account_type::VALIDATOR_LIST;
        header.max_validators.set(capacity);
        header.len.set(len);
        data
    }

    #[test]
    fn entries_stop_at_the_length_and_refuse_a_length_past_the_data() {
        let mut data = list(3, 2);
        assert_eq!(entries(&data).map(<[_]>::len), Some(2));
        assert_eq!(slots(&data).map(<[_]>::len), Some(3));
        header_mut(&mut data).unwrap().len.set(4);
        assert!(entries(&data).is_none());
        assert!(slots_mut(&mut data, 2, 2).is_none());
        assert!(slots_mut(&mut data, usize::MAX, 1).is_none());
    }

    #[test]
    fn only_a_validator_list_has_entries() {
        let mut data = list(1, 0);
        data[0] = account_type::STAKE_POOL;
        assert!(entries(&data).is_none());
        assert!(entries(&data[..HEADER_LEN - 1]).is_none());
    }

    #[test]
    fn capacity_and_length_agree() {
        for capacity in [0, 1, 5_000, 20_000] {
            assert_eq!(max_validators_for_len(len_for_max_validators(capacity)), capacity as usize);
            assert_eq!(
                max_validators_for_len(len_for_max_validators(capacity) + ENTRY_LEN - 1),
                capacity as usize
            );
        }
    }
}
