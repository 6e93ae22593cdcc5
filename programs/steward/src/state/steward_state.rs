//! The steward's zero-copy state: a header (the state machine, snapshots, caps), one
//! [`ValidatorSlot`] per validator-list entry in list order, and the two orders the plans follow
//! (see [`order`](super::order)): the live slots' indices by decrease priority and by increase
//! priority, kept sorted as scores change so that no step has to sort.

use {
    super::order::{self, Order},
    crate::{
        constants::{HISTORY_LEN, MAX_VALIDATORS},
        errors::StewardError,
    },
    anchor_lang::prelude::*,
};

/// Where the per-epoch state machine is (SPEC §2.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum StateTag {
    /// Waiting for the next progress point.
    Idle = 0,
    /// Scoring a new cycle, in batches.
    ComputeScores = 1,
    /// Every validator scored; the top N are chosen next.
    ComputeDelegations = 2,
    /// Checking this epoch's instant-unstake conditions, in batches.
    ComputeInstantUnstake = 3,
    /// Moving stake towards the targets, in batches.
    Rebalance = 4,
}

impl StateTag {
    /// Decodes the stored byte.
    pub fn from_u8(tag: u8) -> Result<Self> {
        Ok(match tag {
            0 => Self::Idle,
            1 => Self::ComputeScores,
            2 => Self::ComputeDelegations,
            3 => Self::ComputeInstantUnstake,
            4 => Self::Rebalance,
            _ => return err!(StewardError::InvalidState),
        })
    }
}

/// Per-validator flags.
pub mod flag {
    /// Scored in the current cycle.
    pub const SCORED: u16 = 1;
    /// Among the validators receiving delegation this cycle.
    pub const DELEGATED: u16 = 1 << 1;
    /// Instant-unstake conditions checked this epoch.
    pub const INSTANT_CHECKED: u16 = 1 << 2;
    /// Instant-unstaked: target zero until the next cycle.
    pub const INSTANT_UNSTAKE: u16 = 1 << 3;
    /// Rebalanced (or skipped) this epoch.
    pub const REBALANCED: u16 = 1 << 4;
    /// Removal from the pool started; dropped from the state once the pool drops it.
    pub const REMOVING: u16 = 1 << 5;
    /// Its planned move waits: an increase for the reserve (someone took lamports out since the
    /// snapshot), a decrease for its stake (a user withdrew it below the pool's floor). Any crank may
    /// retry it this epoch, after the step too.
    pub const WAITING: u16 = 1 << 6;
}

/// Binary filters a validator failed (bit set = filter is 0).
pub mod filter {
    /// No MEV-enabled client in the window (or no MEV data at all).
    pub const MEV_CLIENT: u16 = 1;
    /// MEV commission above the threshold in the window.
    pub const MEV_COMMISSION: u16 = 1 << 1;
    /// Inflation commission above the threshold in the window.
    pub const COMMISSION: u16 = 1 << 2;
    /// Inflation commission ever above the historical ceiling.
    pub const HISTORICAL_COMMISSION: u16 = 1 << 3;
    /// Blacklisted.
    pub const BLACKLIST: u16 = 1 << 4;
    /// In the superminority.
    pub const SUPERMINORITY: u16 = 1 << 5;
    /// Vote credits below the ratio of what voting on every block earns, in an epoch of the window
    /// (or no epoch of the window could be judged).
    pub const DELINQUENCY: u16 = 1 << 6;
    /// The vote account was closed at the last copy.
    pub const VOTE_CLOSED: u16 = 1 << 7;
    /// The bond holds less than `minimum_bond_bps` of the target stake (filter on only).
    pub const BOND: u16 = 1 << 8;
}

/// Why a validator was instant-unstaked.
pub mod instant {
    /// Vote credits this epoch earned at below the instant ratio of the rate of voting on every block.
    pub const DELINQUENT: u8 = 1;
    /// Inflation commission above the threshold now.
    pub const COMMISSION: u8 = 1 << 1;
    /// MEV commission above the threshold this epoch.
    pub const MEV_COMMISSION: u8 = 1 << 2;
    /// Blacklisted.
    pub const BLACKLIST: u8 = 1 << 3;
    /// Vote account closed or unreadable.
    pub const VOTE_CLOSED: u8 = 1 << 4;
    /// The bond fell below `minimum_bond_bps` of the target stake (filter on only).
    pub const BOND: u8 = 1 << 5;
}

/// One validator's steward data (112 bytes), at the validator's list index.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct ValidatorSlot {
    /// The validator's vote account (keeps the slot aligned with the pool's list).
    pub vote_account: Pubkey,
    /// Tiered score, filters ignored; orders decreases (lowest first).
    pub raw_score: u64,
    /// `raw_score` when every filter passes, else 0; orders increases (highest first).
    pub score: u64,
    /// Active plus transient lamports when this epoch's rebalance was planned.
    pub snapshot_lamports: u64,
    /// Lamports the validator should hold after the steward's last moves; `u64::MAX` unknown.
    pub expected_lamports: u64,
    /// This epoch's excess over target, per cap category (scoring, instant, deposits).
    pub needs: [u64; 3],
    /// This epoch's shortfall below target.
    pub deficit: u64,
    /// Shortfalls of the validators ahead of this one in the increase order, when this epoch's plan
    /// was frozen (the end of the instant-unstake step).
    pub increase_ahead: u64,
    /// [`filter`] bits that failed at the last scoring.
    pub filters_failed: u16,
    /// [`flag`] bits.
    pub flags: u16,
    /// [`instant`] reasons at the last instant-unstake check.
    pub instant_reasons: u8,
    /// Keeps the slot at 112 bytes.
    pub padding: [u8; 3],
}

impl ValidatorSlot {
    /// A freshly listed validator: unscored, no delegation.
    pub fn new(vote_account: Pubkey) -> Self {
        Self {
            vote_account,
            raw_score: 0,
            score: 0,
            snapshot_lamports: 0,
            expected_lamports: u64::MAX,
            needs: [0; 3],
            deficit: 0,
            increase_ahead: 0,
            filters_failed: 0,
            flags: 0,
            instant_reasons: 0,
            padding: [0; 3],
        }
    }

    /// Whether `bit` of [`flag`] is set.
    pub fn has(&self, bit: u16) -> bool {
        self.flags & bit != 0
    }
}

/// The state header. The account is this header followed by `MAX_VALIDATORS` slots.
#[account(zero_copy)]
#[derive(Debug)]
pub struct StewardState {
    /// The config this state belongs to.
    pub config: Pubkey,
    /// Epoch of the last epoch maintenance; `u64::MAX` never.
    pub maintenance_epoch: u64,
    /// Epoch the current (or last) cycle's scoring started.
    pub cycle_start_epoch: u64,
    /// Epoch the last cycle's delegations were computed; `u64::MAX` never.
    pub last_cycle_epoch: u64,
    /// Epoch whose instant unstake and rebalance started; `u64::MAX` never.
    pub rebalance_epoch: u64,
    /// Pool lamports at the start of the cycle: the base of the unstake caps.
    pub cycle_base_lamports: u64,
    /// Lamports unstaked for score this cycle.
    pub scoring_unstaked: u64,
    /// Lamports instant-unstaked this cycle.
    pub instant_unstaked: u64,
    /// Lamports unstaked from stake deposits this cycle.
    pub deposit_unstaked: u64,
    /// Rebalance snapshot: pool lamports the targets divide.
    pub snapshot_total_lamports: u64,
    /// Rebalance snapshot: reserve lamports increases may use (the reserve less the rent of every
    /// transient account the epoch's moves may open and its own).
    pub snapshot_reserve_available: u64,
    /// Rebalance snapshot: the reserve's lamports.
    pub snapshot_reserve_lamports: u64,
    /// Lamports the steward's own moves took from the reserve since the snapshot. The reserve
    /// holding less than `snapshot_reserve_lamports - reserve_used` means someone else took the
    /// difference: increases are then planned from that much less, lowest priority first.
    pub reserve_used: u64,
    /// Rebalance snapshot: smallest stake move the pool accepts.
    pub snapshot_minimum_move: u64,
    /// Rebalance snapshot: smallest stake a validator keeps.
    pub snapshot_minimum_active: u64,
    /// Rebalance snapshot: what remains of each cap this epoch (scoring, instant, deposits).
    pub snapshot_caps_remaining: [u64; 3],
    /// Rebalance snapshot: per cap, the raw score of the validator at which the cap runs out in the
    /// decrease order; validators before it decrease in full, after it not at all.
    pub decrease_cut_raw_score: [u64; 3],
    /// Rebalance snapshot: per cap, that validator's list index (`u64::MAX`: the cap covers every
    /// excess).
    pub decrease_cut_index: [u64; 3],
    /// Rebalance snapshot: per cap, what is left of it for that validator.
    pub decrease_cut_partial: [u64; 3],
    /// This epoch's instant-unstake step so far: per cap, the sum of the needs computed.
    pub needs_total: [u64; 3],
    /// This epoch's instant-unstake step so far: validators with a shortfall.
    pub shortfalls: u64,
    /// First epoch of `cluster_blocks`.
    pub cluster_snapshot_first_epoch: u64,
    /// Blocks produced in each completed epoch from `cluster_snapshot_first_epoch`, snapshotted from
    /// the cluster history when the cycle's scoring began; `u32::MAX` where no complete count exists.
    pub cluster_blocks: [u32; HISTORY_LEN],
    /// Slot up to which `instant_blocks` counts, snapshotted when instant unstake began.
    pub instant_blocks_slot: u64,
    /// Blocks produced this epoch up to `instant_blocks_slot`.
    pub instant_blocks: u32,
    /// Validators in the state (equals the pool list's length after maintenance).
    pub num_validators: u32,
    /// Validators done in the current step.
    pub progress: u32,
    /// Validators receiving delegation this cycle.
    pub delegated_count: u32,
    /// [`StateTag`] byte.
    pub tag: u8,
    /// Keeps the header 8-byte aligned.
    pub padding: [u8; 7],
}

/// Bytes of the header after the 8-byte discriminator.
pub const HEADER_LEN: usize = std::mem::size_of::<StewardState>();
/// Bytes of one slot.
pub const SLOT_LEN: usize = std::mem::size_of::<ValidatorSlot>();
/// Bytes of one order (a `u16` slot index per possible validator).
pub const ORDER_LEN: usize = 2 * MAX_VALIDATORS;
/// Size of the state account.
pub const STATE_ACCOUNT_LEN: usize = 8 + HEADER_LEN + SLOT_LEN * MAX_VALIDATORS + 2 * ORDER_LEN;

const _: () = assert!(SLOT_LEN == 112);
const _: () = assert!(MAX_VALIDATORS <= u16::MAX as usize, "orders and ranks hold slot indices as u16");
const _: () = assert!(HEADER_LEN.is_multiple_of(8));

/// The state account split into its header, slots and orders. Slots and orders change together
/// through [`StateView::set_scores`], [`StateView::retain`] and [`StateView::append`] only, so the
/// orders always hold exactly the live slots, sorted ([`StateView::invariant`]).
pub struct StateView<'a> {
    /// The header.
    pub header: &'a mut StewardState,
    /// Every slot (`MAX_VALIDATORS`); the live ones are `..num_validators`.
    pub slots: &'a mut [ValidatorSlot],
    /// Live slot indices, lowest raw score first (`..num_validators`).
    decrease_order: &'a mut [u16],
    /// Live slot indices, highest score first (`..num_validators`).
    increase_order: &'a mut [u16],
}

impl<'a> StateView<'a> {
    /// Splits the account data (discriminator and owner already checked by the loader).
    pub fn new(data: &'a mut [u8]) -> Result<Self> {
        if data.len() != STATE_ACCOUNT_LEN {
            return err!(StewardError::StateSize);
        }
        let (header, rest) = data[8..].split_at_mut(HEADER_LEN);
        let (slots, orders) = rest.split_at_mut(SLOT_LEN * MAX_VALIDATORS);
        let (decrease_order, increase_order) = orders.split_at_mut(ORDER_LEN);
        Ok(Self {
            header: bytemuck::from_bytes_mut(header),
            slots: bytemuck::cast_slice_mut(slots),
            decrease_order: bytemuck::cast_slice_mut(decrease_order),
            increase_order: bytemuck::cast_slice_mut(increase_order),
        })
    }

    /// The live slots and both orders: `(slots, decrease order, increase order)`.
    pub fn with_orders(&mut self) -> (&mut [ValidatorSlot], &[u16], &[u16]) {
        let n = self.header.num_validators as usize;
        (&mut self.slots[..n], &self.decrease_order[..n], &self.increase_order[..n])
    }

    /// Sets slot `index`'s scores, moving it within both orders.
    pub fn set_scores(&mut self, index: usize, raw_score: u64, score: u64) -> Result<()> {
        let n = self.header.num_validators as usize;
        let slot = self.slots.get(index).filter(|_| index < n).ok_or(StewardError::IndexOutOfRange)?;
        if slot.raw_score == raw_score && slot.score == score {
            return Ok(());
        }
        let slots = &mut self.slots[..n];
        let (down, up) = (&mut self.decrease_order[..n], &mut self.increase_order[..n]);
        order::remove(Order::Decrease, down, slots, index)?;
        order::remove(Order::Increase, up, slots, index)?;
        slots[index].raw_score = raw_score;
        slots[index].score = score;
        order::insert(Order::Decrease, down, slots, index)?;
        order::insert(Order::Increase, up, slots, index)?;
        Ok(())
    }

    /// Keeps the live slots `keep` accepts (called in list order with the number kept so far),
    /// closing the gaps; both orders follow (their relative order cannot change). `O(n)`.
    pub fn retain(&mut self, mut keep: impl FnMut(&ValidatorSlot, usize) -> bool) -> Result<()> {
        let n = self.header.num_validators as usize;
        // Old index -> new index, `u16::MAX` for a dropped slot.
        let mut moved = vec![u16::MAX; n];
        let mut kept = 0usize;
        for (i, new) in moved.iter_mut().enumerate() {
            if keep(&self.slots[i], kept) {
                if kept != i {
                    self.slots[kept] = self.slots[i];
                }
                *new = u16::try_from(kept).map_err(|_| StewardError::TooManyValidators)?;
                kept = kept.saturating_add(1);
            }
        }
        // Nothing dropped: every index stays.
        if kept != n {
            for entries in [&mut self.decrease_order[..n], &mut self.increase_order[..n]] {
                order::renumber(entries, &moved);
            }
        }
        self.header.num_validators = kept as u32;
        Ok(())
    }

    /// Appends `count` fresh slots (unscored: raw score and score 0), the `k`-th for `vote(n + k)`
    /// where `n` is the current count. `O(n)` however many.
    pub fn append(&mut self, count: usize, mut vote: impl FnMut(usize) -> Result<Pubkey>) -> Result<()> {
        let n = self.header.num_validators as usize;
        let end =
            n.checked_add(count).filter(|e| *e <= MAX_VALIDATORS).ok_or(StewardError::TooManyValidators)?;
        for j in n..end {
            self.slots[j] = ValidatorSlot::new(vote(j)?);
        }
        order::append_unscored(Order::Decrease, &mut self.decrease_order[..end], &self.slots[..end], n)?;
        order::append_unscored(Order::Increase, &mut self.increase_order[..end], &self.slots[..end], n)?;
        self.header.num_validators = end as u32;
        Ok(())
    }

    /// Checks that both orders hold every live slot once, sorted. `O(n)`; for tests and the
    /// `contract-checks` build.
    pub fn invariant(&self) -> Result<()> {
        let n = self.header.num_validators as usize;
        let slots = &self.slots[..n];
        order::check(Order::Decrease, &self.decrease_order[..n], slots)?;
        order::check(Order::Increase, &self.increase_order[..n], slots)
    }

    /// The live slots.
    pub fn live(&mut self) -> &mut [ValidatorSlot] {
        let n = self.header.num_validators as usize;
        &mut self.slots[..n]
    }

    /// The current step.
    pub fn tag(&self) -> Result<StateTag> {
        StateTag::from_u8(self.header.tag)
    }

    /// Moves to `tag`, starting its progress count at zero.
    pub fn enter(&mut self, tag: StateTag) {
        self.header.tag = tag as u8;
        self.header.progress = 0;
    }

    /// Clears `bits` on every live slot.
    pub fn clear_flags(&mut self, bits: u16) {
        for slot in self.live() {
            slot.flags &= !bits;
        }
    }

    /// Marks slot `index` done with `bit` (once) and reports whether every live slot now is.
    pub fn mark_done(&mut self, index: usize, bit: u16) -> Result<bool> {
        let slot = &mut self.slots[index];
        if !slot.has(bit) {
            slot.flags |= bit;
            self.header.progress =
                self.header.progress.checked_add(1).ok_or(StewardError::ArithmeticOverflow)?;
        }
        Ok(self.header.progress >= self.header.num_validators)
    }

    /// Recounts `progress` from the flags of the current step.
    pub fn recount(&mut self, bit: u16) {
        let done = self.live().iter().filter(|s| s.has(bit)).count();
        self.header.progress = done as u32;
    }
}
