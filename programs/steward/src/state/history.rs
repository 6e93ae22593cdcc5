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

/// One epoch of one validator (32 bytes).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Activated stake (oracle).
    pub activated_stake_lamports: u64,
    /// Vote credits earned in the epoch (vote account).
    pub vote_credits: u32,
    /// Client version, `major << 24 | minor << 12 | patch` (oracle).
    pub client_version: u32,
    /// Rank by stake, 0 = largest (oracle).
    pub stake_rank: u32,
    /// The epoch this entry is for; `unset::U16` when empty.
    pub epoch: u16,
    /// Inflation commission in bps (vote account).
    pub commission_bps: u16,
    /// MEV commission in bps (oracle).
    pub mev_commission_bps: u16,
    /// 1 when the validator ran an MEV-enabled client (oracle).
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
}

/// One validator's history, at `["history", vote_account]`.
#[account(zero_copy)]
#[derive(Debug)]
pub struct ValidatorHistory {
    /// The steward config this history belongs to (its oracle writes here).
    pub config: Pubkey,
    /// The vote account this history follows.
    pub vote_account: Pubkey,
    /// The ring, indexed by `epoch % HISTORY_LEN`.
    pub entries: [HistoryEntry; HISTORY_LEN],
    /// Highest inflation commission (bps) ever copied; `unset::U16` before the first copy.
    pub max_commission_bps: u16,
    /// Earliest epoch with vote credits ever seen; `unset::U16` before any.
    pub first_credit_epoch: u16,
    /// Epoch of the last copy from the vote account; `unset::U16` before any.
    pub last_copy_epoch: u16,
    /// 1 when the blacklist authority excluded this validator.
    pub blacklisted: u8,
    /// Bump of this PDA.
    pub bump: u8,
}

const _: () = assert!(std::mem::size_of::<HistoryEntry>() == 32);
const _: () = assert!(std::mem::size_of::<ValidatorHistory>() == 64 + 32 * HISTORY_LEN + 8);

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

    /// Entries of the `window` epochs before `current` (excluded), oldest first, that the ring holds.
    pub fn window(&self, current: u16, window: u16) -> impl Iterator<Item = &HistoryEntry> {
        let start = current.saturating_sub(window);
        (start..current).filter_map(move |epoch| self.entry(epoch))
    }
}

/// Cluster-wide facts of one epoch (16 bytes).
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct ClusterEntry {
    /// Blocks produced in the epoch (slot-history sysvar).
    pub total_blocks: u32,
    /// Highest vote credits any tracked validator earned in the epoch.
    pub max_vote_credits: u32,
    /// The epoch; `unset::U16` when empty.
    pub epoch: u16,
    /// Keeps the entry at 16 bytes.
    pub padding: [u8; 6],
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

const _: () = assert!(std::mem::size_of::<ClusterEntry>() == 16);

impl ClusterHistory {
    /// The entry for `epoch`, replacing an older epoch's entry in its slot.
    pub fn entry_mut(&mut self, epoch: u16) -> &mut ClusterEntry {
        let entry = &mut self.entries[usize::from(epoch) % HISTORY_LEN];
        if entry.epoch != epoch {
            *entry = ClusterEntry {
                total_blocks: unset::U32,
                max_vote_credits: unset::U32,
                epoch,
                padding: [0; 6],
            };
        }
        entry
    }

    /// The highest vote credits recorded for `epoch`, if any.
    pub fn max_credits(&self, epoch: u16) -> Option<u32> {
        let entry = &self.entries[usize::from(epoch) % HISTORY_LEN];
        (entry.epoch == epoch && entry.max_vote_credits != unset::U32).then_some(entry.max_vote_credits)
    }
}
