//! Scoring (SPEC §2.3): binary filters times a tiered raw score packed into one integer. Pure.

use crate::{
    constants::{BPS, CREDITS_PER_SLOT},
    state::{filter, instant, unset, HistoryEntry, Parameters, ValidatorHistory},
};

/// A validator's score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    /// Tiered score, filters ignored.
    pub raw: u64,
    /// `raw` if no filter failed, else 0.
    pub score: u64,
    /// [`filter`] bits that failed.
    pub filters_failed: u16,
}

/// Where the commission tier starts in the raw score (the highest tier: bits 50..63).
pub const COMMISSION_SHIFT: u32 = 50;
/// Where the MEV commission tier starts (bits 36..49).
pub const MEV_COMMISSION_SHIFT: u32 = 36;
/// Where the age tier starts (bits 20..35; the credit ratio below it).
pub const AGE_SHIFT: u32 = 20;
/// Vote-credit ratio resolution (fits the lowest 20 bits).
pub const CREDIT_RATIO_ONE: u64 = 1_000_000;

/// Packs the tiers: lower commission, then lower MEV commission, then more voting epochs, then
/// higher vote-credit ratio. Each tier's field is wide enough that a better value in a higher tier always
/// wins.
pub fn pack(max_commission_bps: u16, max_mev_commission_bps: u16, age_epochs: u16, credit_ratio: u64) -> u64 {
    let commission = BPS.saturating_sub(u64::from(max_commission_bps));
    let mev = BPS.saturating_sub(u64::from(max_mev_commission_bps));
    (commission << COMMISSION_SHIFT)
        | (mev << MEV_COMMISSION_SHIFT)
        | (u64::from(age_epochs) << AGE_SHIFT)
        | credit_ratio.min(CREDIT_RATIO_ONE)
}

/// The epochs of a window of `window` epochs ending with `current` (included).
fn through_current(
    history: &ValidatorHistory,
    current: u16,
    window: u16,
) -> impl Iterator<Item = &HistoryEntry> {
    history.range(current.saturating_add(1).saturating_sub(window), current.saturating_add(1))
}

/// Scores `history` at epoch `current`. `blocks(epoch)` is the number of blocks the cluster produced
/// in a completed epoch (from the snapshot taken when the cycle's scoring began), `None` where no
/// complete count was recorded.
pub fn score(
    history: &ValidatorHistory,
    current: u16,
    params: &Parameters,
    blocks: impl Fn(u16) -> Option<u32>,
) -> Score {
    let mut failed = 0u16;

    // MEV: a tip-distribution account in some epoch of the window is an MEV-enabled client; the
    // highest commission among them must be within the threshold. No account at all fails both.
    let max_mev = through_current(history, current, params.mev_commission_window)
        .filter(|e| e.mev_client == 1)
        .map(|e| e.mev_commission_bps)
        .max();
    if max_mev.is_none() {
        failed |= filter::MEV_CLIENT;
    }
    let max_mev = max_mev.unwrap_or(BPS as u16);
    if max_mev > params.mev_commission_threshold_bps {
        failed |= filter::MEV_COMMISSION;
    }

    // Inflation commission: the window's maximum and the all-time maximum.
    let max_commission = through_current(history, current, params.commission_window)
        .filter(|e| e.commission_bps != unset::U16)
        .map(|e| e.commission_bps)
        .max()
        .unwrap_or(BPS as u16);
    if max_commission > params.commission_threshold_bps {
        failed |= filter::COMMISSION;
    }
    if history.max_commission_bps == unset::U16
        || history.max_commission_bps > params.historical_commission_ceiling_bps
    {
        failed |= filter::HISTORICAL_COMMISSION;
    }
    if history.blacklisted != 0 {
        failed |= filter::BLACKLIST;
    }
    let superminority = through_current(history, current, params.mev_commission_window)
        .filter(|e| e.superminority != unset::U8)
        .last()
        .is_some_and(|e| e.superminority == 1);
    if superminority {
        failed |= filter::SUPERMINORITY;
    }
    if history.vote_closed != 0 {
        failed |= filter::VOTE_CLOSED;
    }

    // Vote credits over the completed epochs of the window, against what voting on every block
    // would have earned. An epoch without credits counts as zero; an epoch without a complete block
    // count cannot be judged and is left out; a window with no judged epoch fails.
    let (mut earned, mut possible) = (0u64, 0u64);
    for epoch in current.saturating_sub(params.epoch_credits_window)..current {
        let Some(blocks) = blocks(epoch).filter(|b| *b > 0) else { continue };
        let reference = u64::from(blocks).saturating_mul(CREDITS_PER_SLOT);
        let credits = u64::from(history.entry(epoch).map_or(0, |e| e.credits_or_zero()));
        if credits.saturating_mul(BPS)
            < reference.saturating_mul(u64::from(params.scoring_delinquency_ratio_bps))
        {
            failed |= filter::DELINQUENCY;
        }
        earned = earned.saturating_add(credits);
        possible = possible.saturating_add(reference);
    }
    if possible == 0 {
        failed |= filter::DELINQUENCY;
    }
    let ratio = earned.saturating_mul(CREDIT_RATIO_ONE).checked_div(possible).unwrap_or(0);

    let raw = pack(max_commission, max_mev, history.voting_epochs, ratio);
    Score { raw, score: if failed == 0 { raw } else { 0 }, filters_failed: failed }
}

/// Blocks the cluster produced this epoch, as snapshotted when instant unstake began.
#[derive(Clone, Copy, Debug)]
pub struct BlocksNow {
    /// Blocks produced from the epoch's first slot through `slots` slots.
    pub blocks: u32,
    /// Slots the count spans.
    pub slots: u64,
}

/// Facts of this epoch the instant-unstake check reads, all live.
#[derive(Clone, Copy, Debug)]
pub struct InstantFacts {
    /// Vote credits so far this epoch; `None` when the vote account is closed or unreadable.
    pub credits_now: Option<u64>,
    /// Slots elapsed this epoch when the vote account was read.
    pub slots_now: u64,
    /// Inflation commission now.
    pub commission_bps: u16,
    /// MEV commission of this epoch's (or, if higher, the previous epoch's) tip-distribution account.
    pub mev_commission_bps: Option<u16>,
    /// Blacklisted.
    pub blacklisted: bool,
    /// The bond filter is on and the bond holds less than it asks.
    pub bond_short: bool,
}

/// Whether a validator earned credits at less than `ratio_bps` of the rate of voting on every block:
/// its credits per slot elapsed against 16 credits per block produced per slot elapsed, each rate
/// over its own span (the validator's read is later than the blocks snapshot).
pub fn delinquent(credits: u64, slots: u64, blocks: &BlocksNow, ratio_bps: u16) -> bool {
    if blocks.blocks == 0 || blocks.slots == 0 {
        return false;
    }
    // credits / slots < ratio × 16 × blocks / blocks.slots, cross-multiplied in u128.
    let lhs = u128::from(credits).saturating_mul(u128::from(blocks.slots)).saturating_mul(u128::from(BPS));
    let rhs = u128::from(CREDITS_PER_SLOT)
        .saturating_mul(u128::from(blocks.blocks))
        .saturating_mul(u128::from(slots))
        .saturating_mul(u128::from(ratio_bps));
    lhs < rhs
}

/// The [`instant`] reasons that apply (0 = none).
pub fn instant_unstake_reasons(facts: &InstantFacts, blocks: &BlocksNow, params: &Parameters) -> u8 {
    let mut reasons = 0;
    match facts.credits_now {
        None => reasons |= instant::VOTE_CLOSED,
        Some(credits) => {
            if delinquent(credits, facts.slots_now, blocks, params.instant_unstake_delinquency_ratio_bps) {
                reasons |= instant::DELINQUENT;
            }
            if facts.commission_bps > params.commission_threshold_bps {
                reasons |= instant::COMMISSION;
            }
        }
    }
    if facts.mev_commission_bps.is_some_and(|m| m > params.mev_commission_threshold_bps) {
        reasons |= instant::MEV_COMMISSION;
    }
    if facts.blacklisted {
        reasons |= instant::BLACKLIST;
    }
    if facts.bond_short {
        reasons |= instant::BOND;
    }
    reasons
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {
        super::*,
        crate::{constants::HISTORY_LEN, state::HistoryEntry},
        anchor_lang::prelude::Pubkey,
    };

    const NOW: u16 = 100;
    /// Blocks per completed epoch in these tests; a perfect voter earns 16 credits per block.
    const BLOCKS: u32 = 1_000;

    fn history() -> ValidatorHistory {
        let mut h = ValidatorHistory {
            config: Pubkey::default(),
            vote_account: Pubkey::default(),
            entries: [HistoryEntry::empty(unset::U16); HISTORY_LEN],
            vote_copy_slot: 0,
            mev_copy_slot: 0,
            max_commission_bps: 0,
            voting_epochs: 11,
            vote_closed: 0,
            blacklisted: 0,
            bump: 0,
            padding: 0,
        };
        for epoch in 90..=NOW {
            let e = h.entry_mut(epoch);
            e.vote_credits = BLOCKS * 16;
            e.commission_bps = 0;
            e.mev_commission_bps = 500;
            e.mev_client = 1;
            e.superminority = 0;
        }
        h
    }

    fn params() -> Parameters {
        Parameters {
            commission_window: 5,
            mev_commission_window: 5,
            epoch_credits_window: 5,
            ..Parameters::MAINNET
        }
    }

    fn blocks(_: u16) -> Option<u32> {
        Some(BLOCKS)
    }

    #[test]
    fn a_healthy_validator_passes_every_filter() {
        let s = score(&history(), NOW, &params(), blocks);
        assert_eq!(s.filters_failed, 0);
        assert_eq!(s.score, s.raw);
        assert_eq!(s.raw, pack(0, 500, 11, CREDIT_RATIO_ONE));
    }

    #[test]
    fn each_filter_fails_on_its_own() {
        type Breakage = fn(&mut ValidatorHistory);
        let cases: [(Breakage, u16); 9] = [
            (
                |h| (90..=NOW).for_each(|e| h.entry_mut(e).mev_client = 0),
                filter::MEV_CLIENT | filter::MEV_COMMISSION,
            ),
            (
                |h| {
                    (90..=NOW).for_each(|e| {
                        let x = h.entry_mut(e);
                        x.mev_client = unset::U8;
                        x.mev_commission_bps = unset::U16;
                    })
                },
                filter::MEV_CLIENT | filter::MEV_COMMISSION,
            ),
            (|h| h.entry_mut(NOW - 2).mev_commission_bps = 1_001, filter::MEV_COMMISSION),
            (|h| h.entry_mut(NOW - 1).commission_bps = 600, filter::COMMISSION),
            (|h| h.max_commission_bps = 5_001, filter::HISTORICAL_COMMISSION),
            (|h| h.blacklisted = 1, filter::BLACKLIST),
            (|h| h.entry_mut(NOW).superminority = 1, filter::SUPERMINORITY),
            (|h| h.entry_mut(NOW - 3).vote_credits = BLOCKS * 16 * 97 / 100 - 1, filter::DELINQUENCY),
            (|h| h.vote_closed = 1, filter::VOTE_CLOSED),
        ];
        for (break_it, expected) in cases {
            let mut h = history();
            break_it(&mut h);
            let s = score(&h, NOW, &params(), blocks);
            assert_eq!(s.filters_failed, expected);
            assert_eq!(s.score, 0);
            assert!(s.raw > 0);
        }
    }

    #[test]
    fn one_tip_distribution_account_in_the_window_is_an_mev_client() {
        let mut h = history();
        (90..NOW).for_each(|e| h.entry_mut(e).mev_client = 0);
        assert_eq!(score(&h, NOW, &params(), blocks).filters_failed, 0);
        // A commission found in an earlier epoch counts even when no account exists now.
        let mut h = history();
        h.entry_mut(NOW).mev_client = 0;
        h.entry_mut(NOW - 4).mev_commission_bps = 2_000;
        assert_eq!(score(&h, NOW, &params(), blocks).filters_failed, filter::MEV_COMMISSION);
    }

    #[test]
    fn missing_credits_count_as_zero_and_missing_blocks_are_not_judged() {
        // An epoch the validator has no credits for counts as zero, even before it started voting:
        // a validator with one epoch of votes fails a five-epoch window.
        let mut h = history();
        h.entry_mut(NOW - 2).vote_credits = unset::U32;
        assert_eq!(score(&h, NOW, &params(), blocks).filters_failed, filter::DELINQUENCY);
        let mut young = history();
        (90..NOW - 1)
            .for_each(|e| young.entries[usize::from(e) % HISTORY_LEN] = HistoryEntry::empty(unset::U16));
        assert_eq!(score(&young, NOW, &params(), blocks).filters_failed, filter::DELINQUENCY);
        // An epoch without a complete block count is left out; a window without any fails.
        let mut h = history();
        h.entry_mut(NOW - 2).vote_credits = 0;
        assert_eq!(score(&h, NOW, &params(), |e| (e != NOW - 2).then_some(BLOCKS)).filters_failed, 0);
        assert_eq!(score(&history(), NOW, &params(), |_| None).filters_failed, filter::DELINQUENCY);
        // A zero MEV commission is a value, not "unknown".
        let mut h = history();
        (90..=NOW).for_each(|e| h.entry_mut(e).mev_commission_bps = 0);
        assert_eq!(score(&h, NOW, &params(), blocks).filters_failed, 0);
    }

    #[test]
    fn tiers_order_strictly() {
        // A better higher tier beats every value of the lower tiers.
        assert!(pack(0, 10_000, 0, 0) > pack(1, 0, u16::MAX, CREDIT_RATIO_ONE));
        assert!(pack(5, 0, 0, 0) > pack(5, 1, u16::MAX, CREDIT_RATIO_ONE));
        assert!(pack(5, 5, 1, 0) > pack(5, 5, 0, CREDIT_RATIO_ONE));
        assert!(pack(5, 5, 5, 2) > pack(5, 5, 5, 1));
        assert!(pack(10_000, 10_000, 0, 0) == 0);
    }

    #[test]
    fn delinquency_compares_rates_over_their_own_spans() {
        let blocks = BlocksNow { blocks: 900, slots: 1_000 };
        // Voting on every block of 900 in 1,000 slots earns 14,400 credits; read 500 slots later
        // (1,500 slots in), the same rate is 21,600.
        assert!(!delinquent(21_600, 1_500, &blocks, 10_000));
        assert!(delinquent(21_599, 1_500, &blocks, 10_000));
        assert!(!delinquent(15_120, 1_500, &blocks, 7_000));
        assert!(delinquent(15_119, 1_500, &blocks, 7_000));
        // No block produced, nothing to judge against.
        assert!(!delinquent(0, 1_500, &BlocksNow { blocks: 0, slots: 1_000 }, 7_000));
    }

    #[test]
    fn instant_unstake_reasons_apply() {
        let p = Parameters::MAINNET;
        let blocks = BlocksNow { blocks: 100, slots: 100 };
        let ok = InstantFacts {
            credits_now: Some(1_600),
            slots_now: 100,
            commission_bps: 500,
            mev_commission_bps: Some(1_000),
            blacklisted: false,
            bond_short: false,
        };
        assert_eq!(instant_unstake_reasons(&ok, &blocks, &p), 0);
        let delinquent = InstantFacts { credits_now: Some(1_119), ..ok };
        assert_eq!(instant_unstake_reasons(&delinquent, &blocks, &p), instant::DELINQUENT);
        let rug = InstantFacts { commission_bps: 501, mev_commission_bps: Some(1_001), ..ok };
        assert_eq!(instant_unstake_reasons(&rug, &blocks, &p), instant::COMMISSION | instant::MEV_COMMISSION);
        let closed = InstantFacts { credits_now: None, blacklisted: true, ..ok };
        assert_eq!(instant_unstake_reasons(&closed, &blocks, &p), instant::VOTE_CLOSED | instant::BLACKLIST);
        let short = InstantFacts { bond_short: true, ..ok };
        assert_eq!(instant_unstake_reasons(&short, &blocks, &p), instant::BOND);
    }
}
