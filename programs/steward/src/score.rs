//! Scoring (SPEC §2.3): binary filters times a tiered raw score packed into one integer. Pure.

use crate::{
    constants::BPS,
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

/// Bits of each tier in the raw score, highest tier first.
const COMMISSION_SHIFT: u32 = 50;
const MEV_COMMISSION_SHIFT: u32 = 36;
const AGE_SHIFT: u32 = 20;
/// Vote-credit ratio resolution (fits the lowest 20 bits).
pub const CREDIT_RATIO_ONE: u64 = 1_000_000;

/// Packs the tiers: lower commission, then lower MEV commission, then longer history, then higher
/// vote-credit ratio. Each tier's field is wide enough that a better value in a higher tier always
/// wins.
pub fn pack(max_commission_bps: u16, max_mev_commission_bps: u16, age_epochs: u16, credit_ratio: u64) -> u64 {
    let commission = BPS.saturating_sub(u64::from(max_commission_bps));
    let mev = BPS.saturating_sub(u64::from(max_mev_commission_bps));
    (commission << COMMISSION_SHIFT)
        | (mev << MEV_COMMISSION_SHIFT)
        | (u64::from(age_epochs) << AGE_SHIFT)
        | credit_ratio.min(CREDIT_RATIO_ONE)
}

/// Epochs `[current + 1 - window, current]`, the oracle and commission windows (current included).
fn recent(history: &ValidatorHistory, current: u16, window: u16) -> impl Iterator<Item = &HistoryEntry> {
    history.window(current.saturating_add(1), window)
}

/// Scores `history` at epoch `current`. `cluster_max(epoch)` is the cluster's highest vote credits
/// of a completed epoch (from the snapshot taken when the cycle's scoring began).
pub fn score(
    history: &ValidatorHistory,
    current: u16,
    params: &Parameters,
    cluster_max: impl Fn(u16) -> Option<u32>,
) -> Score {
    let mut failed = 0u16;

    // MEV client and commission: the latest oracle value in the window decides the client filter;
    // no MEV data at all fails it.
    let mut mev_client = None;
    let mut max_mev: Option<u16> = None;
    for entry in recent(history, current, params.mev_commission_window) {
        if entry.mev_client != unset::U8 {
            mev_client = Some(entry.mev_client == 1);
        }
        if entry.mev_commission_bps != unset::U16 {
            max_mev = Some(max_mev.map_or(entry.mev_commission_bps, |m| m.max(entry.mev_commission_bps)));
        }
    }
    if mev_client != Some(true) {
        failed |= filter::MEV_CLIENT;
    }
    let max_mev = max_mev.unwrap_or(BPS as u16);
    if max_mev > params.mev_commission_threshold_bps {
        failed |= filter::MEV_COMMISSION;
    }

    // Inflation commission: the window's maximum and the all-time maximum.
    let max_commission = recent(history, current, params.commission_window)
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
    let superminority = recent(history, current, params.mev_commission_window)
        .filter(|e| e.superminority != unset::U8)
        .last()
        .is_some_and(|e| e.superminority == 1);
    if superminority {
        failed |= filter::SUPERMINORITY;
    }

    // Vote credits over the completed epochs of the window, against the cluster maximum. Epochs
    // before the validator's first credits do not count against it; missing epochs after do.
    let (mut earned, mut possible) = (0u64, 0u64);
    let start = current.saturating_sub(params.epoch_credits_window);
    for epoch in start..current {
        let Some(max) = cluster_max(epoch).filter(|m| *m > 0) else { continue };
        if history.first_credit_epoch == unset::U16 || epoch < history.first_credit_epoch {
            continue;
        }
        let credits =
            history.entry(epoch).map_or(0, |e| if e.vote_credits == unset::U32 { 0 } else { e.vote_credits });
        if u64::from(credits).saturating_mul(BPS)
            < u64::from(max).saturating_mul(u64::from(params.scoring_delinquency_ratio_bps))
        {
            failed |= filter::DELINQUENCY;
        }
        earned = earned.saturating_add(u64::from(credits));
        possible = possible.saturating_add(u64::from(max));
    }
    let ratio = if possible == 0 {
        0
    } else {
        earned.saturating_mul(CREDIT_RATIO_ONE).checked_div(possible).unwrap_or(0)
    };
    let age = if history.first_credit_epoch == unset::U16 {
        0
    } else {
        current.saturating_sub(history.first_credit_epoch)
    };

    let raw = pack(max_commission, max_mev, age, ratio);
    Score { raw, score: if failed == 0 { raw } else { 0 }, filters_failed: failed }
}

/// Facts of this epoch the instant-unstake check reads.
#[derive(Clone, Copy, Debug)]
pub struct InstantFacts {
    /// Vote credits so far this epoch; `None` when the vote account is closed or unreadable.
    pub credits_now: Option<u64>,
    /// Inflation commission now.
    pub commission_bps: u16,
    /// MEV commission reported for this epoch, if any.
    pub mev_commission_bps: Option<u16>,
    /// Blacklisted.
    pub blacklisted: bool,
}

/// The [`instant`] reasons that apply (0 = none). `cluster_max_now` is this epoch's cluster maximum
/// snapshotted when the check began.
pub fn instant_unstake_reasons(
    facts: &InstantFacts,
    cluster_max_now: Option<u32>,
    params: &Parameters,
) -> u8 {
    let mut reasons = 0;
    match facts.credits_now {
        None => reasons |= instant::VOTE_CLOSED,
        Some(credits) => {
            if let Some(max) = cluster_max_now.filter(|m| *m > 0) {
                let needed =
                    u64::from(max).saturating_mul(u64::from(params.instant_unstake_delinquency_ratio_bps));
                if credits.saturating_mul(BPS) < needed {
                    reasons |= instant::DELINQUENT;
                }
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

    fn history() -> ValidatorHistory {
        let mut h = ValidatorHistory {
            config: Pubkey::default(),
            vote_account: Pubkey::default(),
            entries: [HistoryEntry::empty(unset::U16); HISTORY_LEN],
            max_commission_bps: 0,
            first_credit_epoch: 50,
            last_copy_epoch: NOW,
            blacklisted: 0,
            bump: 0,
        };
        for epoch in 90..=NOW {
            let e = h.entry_mut(epoch);
            e.vote_credits = 1_000;
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

    fn cluster(_: u16) -> Option<u32> {
        Some(1_000)
    }

    #[test]
    fn a_healthy_validator_passes_every_filter() {
        let s = score(&history(), NOW, &params(), cluster);
        assert_eq!(s.filters_failed, 0);
        assert_eq!(s.score, s.raw);
        assert_eq!(s.raw, pack(0, 500, NOW - 50, CREDIT_RATIO_ONE));
    }

    #[test]
    fn each_filter_fails_on_its_own() {
        type Breakage = fn(&mut ValidatorHistory);
        let cases: [(Breakage, u16); 8] = [
            (|h| h.entry_mut(NOW).mev_client = 0, filter::MEV_CLIENT),
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
            (|h| h.entry_mut(NOW - 3).vote_credits = 969, filter::DELINQUENCY),
        ];
        for (break_it, expected) in cases {
            let mut h = history();
            break_it(&mut h);
            let s = score(&h, NOW, &params(), cluster);
            assert_eq!(s.filters_failed, expected);
            assert_eq!(s.score, 0);
            assert!(s.raw > 0);
        }
    }

    #[test]
    fn unset_is_not_zero() {
        // Credits never copied after the validator started count as zero; epochs before it started
        // and epochs without a cluster maximum do not count.
        let mut h = history();
        h.entry_mut(NOW - 2).vote_credits = unset::U32;
        assert_eq!(score(&h, NOW, &params(), cluster).filters_failed, filter::DELINQUENCY);
        let mut h = history();
        h.first_credit_epoch = NOW - 1;
        h.entry_mut(NOW - 2).vote_credits = unset::U32;
        assert_eq!(score(&h, NOW, &params(), cluster).filters_failed, 0);
        assert_eq!(score(&h, NOW, &params(), |_| None).filters_failed, 0);
        // A zero MEV commission is a value, not "unknown".
        let mut h = history();
        (90..=NOW).for_each(|e| h.entry_mut(e).mev_commission_bps = 0);
        assert_eq!(score(&h, NOW, &params(), cluster).filters_failed, 0);
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
    fn instant_unstake_reasons_apply() {
        let p = Parameters::MAINNET;
        let ok = InstantFacts {
            credits_now: Some(800),
            commission_bps: 500,
            mev_commission_bps: Some(1_000),
            blacklisted: false,
        };
        assert_eq!(instant_unstake_reasons(&ok, Some(1_000), &p), 0);
        let delinquent = InstantFacts { credits_now: Some(699), ..ok };
        assert_eq!(instant_unstake_reasons(&delinquent, Some(1_000), &p), instant::DELINQUENT);
        assert_eq!(instant_unstake_reasons(&delinquent, None, &p), 0);
        let rug = InstantFacts { commission_bps: 501, mev_commission_bps: Some(1_001), ..ok };
        assert_eq!(
            instant_unstake_reasons(&rug, Some(1_000), &p),
            instant::COMMISSION | instant::MEV_COMMISSION
        );
        let closed = InstantFacts { credits_now: None, blacklisted: true, ..ok };
        assert_eq!(
            instant_unstake_reasons(&closed, Some(1_000), &p),
            instant::VOTE_CLOSED | instant::BLACKLIST
        );
    }
}
