//! Per-validator and cluster-wide history rings, one entry per epoch at `epoch % HISTORY_LEN`.
//! Every field has an "unset" value distinct from zero.

use {
    crate::{constants::HISTORY_LEN, errors::StewardError},
    anchor_lang::prelude::*,
};

/// Unset marker of each width.
pub mod unset {
    /// 8-bit fields.
    pub const U8: u8 = u8::MAX;
    /// 16-bit fields.
    pub const U16: u16 = u16::MAX;
    /// 32-bit fields.
    pub const U32: u32 = u32::MAX;
    /// 64-bit fields.
    pub const U64: u64 = u64::MAX;
}

/// One epoch of one validator (40 bytes). Each field names its source; every source is read on
/// chain by a permissionless copy except the oracle's.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Activated stake in the epoch (the runtime's epoch stake, read by the vote-account copy).
    pub activated_stake_lamports: u64,
    /// The pool's stake delegated to the validator in the epoch (the validator list's active stake,
    /// less the stake account's rent reserve), read by the steward's instant-unstake check after
    /// the epoch's progress point; what the bonds program charges a loss on.
    pub pool_stake_lamports: u64,
    /// Vote credits earned in the epoch (vote account).
    pub vote_credits: u32,
    /// Client version, `major << 24 | minor << 12 | patch` (oracle).
    pub client_version: u32,
    /// Rank by stake, 0 = largest (oracle).
    pub stake_rank: u32,
    /// The epoch this entry is for; `unset::U16` when empty.
    pub epoch: u16,
    /// Inflation commission in bps (vote account): the last reading in the epoch (a copy, or the
    /// instant-unstake check past the progress point).
    pub commission_bps: u16,
    /// MEV commission in bps (the validator's tip-distribution account for the epoch).
    pub mev_commission_bps: u16,
    /// 1 when the validator's tip-distribution account for the epoch exists, 0 when a copy found none.
    pub mev_client: u8,
    /// 1 when the validator was in the superminority (oracle).
    pub superminority: u8,
    /// Client type (oracle).
    pub client_type: u8,
    /// Keeps the entry at 32 bytes.
    pub padding: [u8; 3],
}

impl HistoryEntry {
    /// An entry for `epoch` with every field unset.
    pub const fn empty(epoch: u16) -> Self {
        Self {
            activated_stake_lamports: unset::U64,
            pool_stake_lamports: unset::U64,
            vote_credits: unset::U32,
            client_version: unset::U32,
            stake_rank: unset::U32,
            epoch,
            commission_bps: unset::U16,
            mev_commission_bps: unset::U16,
            mev_client: unset::U8,
            superminority: unset::U8,
            client_type: unset::U8,
            padding: [0; 3],
        }
    }

    /// Vote credits, 0 when never copied.
    pub fn credits_or_zero(&self) -> u32 {
        if self.vote_credits == unset::U32 {
            0
        } else {
            self.vote_credits
        }
    }
}

/// One validator's history, at `["history", config, vote_account]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct ValidatorHistory {
    /// The steward config this history belongs to.
    pub config: Pubkey,
    /// The vote account this history follows.
    pub vote_account: Pubkey,
    /// The ring, indexed by `epoch % HISTORY_LEN`.
    pub entries: [HistoryEntry; HISTORY_LEN],
    /// Slot of the last copy from the vote account; `unset::U64` before any.
    pub vote_copy_slot: u64,
    /// Slot of the last copy of the current epoch's tip-distribution account; `unset::U64` before any.
    pub mev_copy_slot: u64,
    /// Highest inflation commission (bps) ever copied; `unset::U16` before the first copy.
    pub max_commission_bps: u16,
    /// Epochs with vote credits the vote account listed at the last copy (it keeps 64 at most): the
    /// validator's age in the score.
    pub voting_epochs: u16,
    /// 1 when the last vote-account copy found the account closed.
    pub vote_closed: u8,
    /// 1 when the blacklist authority excluded this validator.
    pub blacklisted: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: u8,
}

const _: () = assert!(std::mem::size_of::<HistoryEntry>() == 40);
const _: () = assert!(std::mem::size_of::<ValidatorHistory>() == 64 + 40 * HISTORY_LEN + 24);

/// Size of a validator-history account.
pub const HISTORY_ACCOUNT_LEN: usize = 8 + std::mem::size_of::<ValidatorHistory>();
/// Size of the cluster-history account.
pub const CLUSTER_HISTORY_ACCOUNT_LEN: usize = 8 + std::mem::size_of::<ClusterHistory>();

/// The 16-bit epoch the rings store.
pub fn epoch16(epoch: u64) -> Result<u16> {
    u16::try_from(epoch)
        .ok()
        .filter(|e| *e != unset::U16)
        .ok_or_else(|| error!(StewardError::EpochOutOfRange))
}

/// Whether a copy stamped `slot` happened at or after `since`.
pub fn read_since(slot: u64, since: u64) -> bool {
    slot != unset::U64 && slot >= since
}

impl ValidatorHistory {
    /// The entry for `epoch`, if the ring holds it.
    pub fn entry(&self, epoch: u16) -> Option<&HistoryEntry> {
        let entry = &self.entries[usize::from(epoch) % HISTORY_LEN];
        (entry.epoch == epoch).then_some(entry)
    }

    /// The entry for `epoch`, replacing an older epoch's entry in its slot.
    pub fn entry_mut(&mut self, epoch: u16) -> &mut HistoryEntry {
        let entry = &mut self.entries[usize::from(epoch) % HISTORY_LEN];
        if entry.epoch != epoch {
            *entry = HistoryEntry::empty(epoch);
        }
        entry
    }

    /// Entries of the epochs `[first, end)` that the ring holds, oldest first.
    pub fn range(&self, first: u16, end: u16) -> impl Iterator<Item = &HistoryEntry> {
        (first..end).filter_map(move |epoch| self.entry(epoch))
    }
}

/// Blocks produced in one epoch, as counted from the slot-history sysvar, and the epoch's inflation
/// rewards as the epoch-rewards sysvar states them (40 bytes).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct ClusterEntry {
    /// The last slot the count covers; the count runs from the epoch's first slot.
    pub counted_to_slot: u64,
    /// Lamports of inflation the runtime paid for the epoch's votes (the epoch-rewards sysvar's
    /// `total_rewards`, read in the next epoch); `unset::U64` before it is read.
    pub total_rewards: u64,
    /// Points (stake × credits) those rewards were shared over (`total_points`, a little-endian
    /// u128: kept as bytes so that the entry has the same layout on the host and on SBF).
    pub total_points: [u8; 16],
    /// Blocks produced from the epoch's first slot through `counted_to_slot`.
    pub total_blocks: u32,
    /// The epoch; `unset::U16` when empty.
    pub epoch: u16,
    /// 1 when the sysvar still held the epoch's first slot, so the count misses nothing.
    pub from_first_slot: u8,
    /// Keeps the entry at 16 bytes.
    pub padding: u8,
}

impl ClusterEntry {
    /// An empty entry for `epoch`.
    pub const fn empty(epoch: u16) -> Self {
        Self {
            counted_to_slot: unset::U64,
            total_rewards: unset::U64,
            total_points: [0; 16],
            total_blocks: unset::U32,
            epoch,
            from_first_slot: 0,
            padding: 0,
        }
    }

    /// The epoch's `(total_points, total_rewards)`, once recorded.
    pub fn rewards(&self) -> Option<(u128, u64)> {
        (self.total_rewards != unset::U64)
            .then(|| (u128::from_le_bytes(self.total_points), self.total_rewards))
    }

    /// Blocks of the whole epoch ending at `last_slot`, if this count covers all of it.
    pub fn complete_blocks(&self, last_slot: u64) -> Option<u32> {
        (self.from_first_slot == 1 && self.counted_to_slot != unset::U64 && self.counted_to_slot >= last_slot)
            .then_some(self.total_blocks)
    }
}

/// Cluster history of one steward, at `["cluster-history", config]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct ClusterHistory {
    /// The steward config this history belongs to.
    pub config: Pubkey,
    /// The ring, indexed by `epoch % HISTORY_LEN`.
    pub entries: [ClusterEntry; HISTORY_LEN],
    /// Bump of this PDA.
    pub bump: u8,
    /// Keeps the account 8-byte aligned.
    pub padding: [u8; 7],
}

const _: () = assert!(std::mem::size_of::<ClusterEntry>() == 40);
const _: () = assert!(std::mem::size_of::<ClusterHistory>() == 32 + 40 * HISTORY_LEN + 8);

impl ClusterHistory {
    /// The entry for `epoch`, if the ring holds it.
    pub fn entry(&self, epoch: u16) -> Option<&ClusterEntry> {
        let entry = &self.entries[usize::from(epoch) % HISTORY_LEN];
        (entry.epoch == epoch).then_some(entry)
    }

    /// The entry for `epoch`, replacing an older epoch's entry in its slot.
    pub fn entry_mut(&mut self, epoch: u16) -> &mut ClusterEntry {
        let entry = &mut self.entries[usize::from(epoch) % HISTORY_LEN];
        if entry.epoch != epoch {
            *entry = ClusterEntry::empty(epoch);
        }
        entry
    }
}
