//! Which validators receive delegation and how much stake each rebalance moves (SPEC §2.4). Pure:
//! every result depends only on the slots and the snapshot, never on crank order.

use crate::state::{flag, ValidatorSlot};

/// Whether `slot` competes for delegation.
fn eligible(slot: &ValidatorSlot) -> bool {
    slot.score > 0 && !slot.has(flag::INSTANT_UNSTAKE) && !slot.has(flag::REMOVING)
}

/// Marks the top `n` eligible validators by score as delegated (ties: lower list index first) and
/// returns how many were marked; `None` when none is eligible, leaving the previous marks as they are
/// (a cycle in which nobody qualifies keeps the last delegation set rather than unstaking everyone).
/// Radix selection: eight passes of 8-bit buckets, so cost is linear.
#[allow(clippy::arithmetic_side_effects, reason = "bucket counts <= slots.len(); shifts are < 64")]
pub fn mark_top(slots: &mut [ValidatorSlot], n: usize) -> Option<u32> {
    let candidates = slots.iter().filter(|s| eligible(s)).count();
    let k = n.min(candidates);
    if k == 0 {
        return None;
    }
    for slot in slots.iter_mut() {
        slot.flags &= !flag::DELEGATED;
    }
    // Find the k-th highest score `threshold`, and how many validators at exactly `threshold` fit.
    let (mut prefix, mut mask, mut remaining) = (0u64, 0u64, k);
    for shift in (0..64).step_by(8).rev() {
        let mut buckets = [0usize; 256];
        for slot in slots.iter().filter(|s| eligible(s) && s.score & mask == prefix) {
            buckets[((slot.score >> shift) & 0xff) as usize] += 1;
        }
        let mut bucket = 255;
        while buckets[bucket] < remaining {
            remaining -= buckets[bucket];
            bucket -= 1;
        }
        prefix |= (bucket as u64) << shift;
        mask |= 0xff << shift;
    }
    let threshold = prefix;
    let mut ties = remaining;
    let mut marked = 0;
    for slot in slots.iter_mut().filter(|s| eligible(s)) {
        let take = slot.score > threshold || (slot.score == threshold && ties > 0);
        if take {
            if slot.score == threshold {
                ties -= 1;
            }
            slot.flags |= flag::DELEGATED;
            marked += 1;
        }
    }
    Some(marked)
}

/// What targets are computed from, fixed when the epoch's instant-unstake step begins.
#[derive(Clone, Copy, Debug)]
pub struct Targets {
    /// Pool lamports the targets divide.
    pub total_lamports: u64,
    /// Validators receiving delegation.
    pub delegated_count: u32,
    /// Smallest stake a validator keeps (rent plus minimum).
    pub minimum_active: u64,
    /// Smallest stake move the pool accepts.
    pub minimum_move: u64,
}

/// What this epoch's moves may use, fixed when the instant-unstake step ends.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// What remains this epoch of each cap: scoring, instant, stake deposits.
    pub caps_remaining: [u64; 3],
    /// Reserve lamports increases may use now (see [`reserve_budget`]).
    pub reserve_available: u64,
    /// Reserve lamports increases could use at the snapshot.
    pub reserve_planned: u64,
}

/// Cap categories.
pub mod cap {
    /// Unstaking because the score put the validator below its stake.
    pub const SCORING: usize = 0;
    /// Instant unstake.
    pub const INSTANT: usize = 1;
    /// Unstaking what stake deposits brought in beyond the target.
    pub const DEPOSIT: usize = 2;
}

/// What one validator's rebalance moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Lamports to decrease, per cap category.
    pub decrease: [u64; 3],
    /// Lamports to increase from the reserve, out of what it can give now.
    pub increase: u64,
    /// Lamports the snapshot planned to increase: when the reserve can give less now, the increase
    /// waits for it rather than taking less.
    pub planned_increase: u64,
}

impl Plan {
    /// Total decrease.
    pub fn total_decrease(&self) -> u64 {
        self.decrease.iter().fold(0u64, |a, b| a.saturating_add(*b))
    }
}

/// The validator's target.
pub fn target(slot: &ValidatorSlot, t: &Targets) -> u64 {
    if slot.has(flag::DELEGATED) && !slot.has(flag::INSTANT_UNSTAKE) && !slot.has(flag::REMOVING) {
        t.total_lamports.checked_div(u64::from(t.delegated_count)).unwrap_or(0)
    } else {
        0
    }
}

/// Excess above target split by cap category, and the shortfall below target, of a validator whose
/// `snapshot_lamports` and flags are this epoch's. What reached the validator since the steward's
/// last move (stake deposits, and rewards) is charged to the stake-deposit cap first, whatever the
/// validator; the rest of the excess to the instant-unstake cap if it was instant-unstaked, else to
/// the scoring cap. A validator that cannot move this epoch (`movable` false: a transient account is
/// pending), is being removed, or whose move would be below the pool's minimum takes no budget; one
/// that cannot receive stake (`can_receive` false: its vote account is closed) has no shortfall.
pub fn needs(slot: &ValidatorSlot, t: &Targets, movable: bool, can_receive: bool) -> ([u64; 3], u64) {
    if slot.has(flag::REMOVING) || !movable {
        return ([0; 3], 0);
    }
    let target = target(slot, t);
    let current = slot.snapshot_lamports;
    let excess = current.saturating_sub(target.max(t.minimum_active));
    let mut parts = [0u64; 3];
    if excess >= t.minimum_move {
        let growth = if slot.expected_lamports == u64::MAX {
            0
        } else {
            current.saturating_sub(slot.expected_lamports)
        };
        parts[cap::DEPOSIT] = excess.min(growth);
        let rest = excess.saturating_sub(parts[cap::DEPOSIT]);
        if slot.has(flag::INSTANT_UNSTAKE) {
            parts[cap::INSTANT] = rest;
        } else {
            parts[cap::SCORING] = rest;
        }
    }
    let deficit = target.saturating_sub(current);
    let deficit = if can_receive && deficit >= t.minimum_move { deficit } else { 0 };
    (parts, deficit)
}

/// What the reserve can give to increases now: the snapshot's amount less whatever someone other
/// than the steward took from the reserve since (`reserve_now` below the snapshot's lamports net of
/// the steward's own moves). Lamports added to the reserve since wait for the next epoch.
pub fn reserve_budget(snapshot_available: u64, snapshot_lamports: u64, used: u64, reserve_now: u64) -> u64 {
    let outflow = snapshot_lamports.saturating_sub(used).saturating_sub(reserve_now);
    snapshot_available.saturating_sub(outflow)
}

/// Validator `index`'s moves, from every slot's stored `needs` and `deficit`. Decreases go worst raw
/// score first within each cap; increases go best score first within the reserve budget (see
/// [`reserve_budget`]: a shortfall falls on the lowest-priority increases); ties by list index. One
/// pass over the live slots.
pub fn plan(slots: &[ValidatorSlot], index: usize, budget: &Budget) -> Plan {
    let me = &slots[index];
    let mut before = [0u64; 3];
    let mut ahead = 0u64;
    let mut add = |other: &ValidatorSlot, worse: bool, better: bool| {
        if worse {
            for (sum, part) in before.iter_mut().zip(other.needs) {
                *sum = sum.saturating_add(part);
            }
        }
        if better {
            ahead = ahead.saturating_add(other.deficit);
        }
    };
    // Earlier slots win ties, later ones lose them.
    for other in &slots[..index] {
        add(other, other.raw_score <= me.raw_score, other.score >= me.score);
    }
    for other in slots.iter().skip(index.saturating_add(1)) {
        add(other, other.raw_score < me.raw_score, other.score > me.score);
    }
    let mut plan = Plan::default();
    for (c, decrease) in plan.decrease.iter_mut().enumerate() {
        *decrease = budget.caps_remaining[c].saturating_sub(before[c]).min(me.needs[c]);
    }
    if me.deficit > 0 {
        plan.increase = budget.reserve_available.saturating_sub(ahead).min(me.deficit);
        plan.planned_increase = budget.reserve_planned.saturating_sub(ahead).min(me.deficit);
    }
    plan
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {super::*, anchor_lang::prelude::Pubkey, proptest::prelude::*};

    fn slot(raw: u64, score: u64, lamports: u64, flags: u16) -> ValidatorSlot {
        let mut s = ValidatorSlot::new(Pubkey::new_unique());
        s.raw_score = raw;
        s.score = score;
        s.snapshot_lamports = lamports;
        s.flags = flags;
        s
    }

    fn top_by_sort(slots: &[ValidatorSlot], n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..slots.len()).filter(|i| eligible(&slots[*i])).collect();
        order.sort_by(|a, b| slots[*b].score.cmp(&slots[*a].score).then(a.cmp(b)));
        order.truncate(n);
        order.sort();
        order
    }

    proptest! {
        /// The radix selection picks exactly what a full sort would, ties by index.
        #[test]
        fn mark_top_matches_sorting(scores in proptest::collection::vec(0u64..6, 0..60), n in 1usize..20, shift in 0u32..60) {
            let mut slots: Vec<_> = scores.iter().map(|s| slot(0, s << shift, 0, 0)).collect();
            let expected = top_by_sort(&slots, n);
            let before: Vec<u16> = slots.iter().map(|s| s.flags).collect();
            match mark_top(&mut slots, n) {
                Some(marked) => {
                    let got: Vec<usize> = (0..slots.len()).filter(|i| slots[*i].has(flag::DELEGATED)).collect();
                    prop_assert_eq!(marked as usize, expected.len());
                    prop_assert_eq!(got, expected);
                }
                None => {
                    prop_assert!(expected.is_empty());
                    prop_assert_eq!(slots.iter().map(|s| s.flags).collect::<Vec<_>>(), before);
                }
            }
        }

        /// Planned decreases fill each cap exactly as far as the excess allows, worst raw score
        /// first; increases fill the reserve best score first; nobody moves past its target.
        #[test]
        fn plans_respect_caps_priorities_and_targets(
            validators in proptest::collection::vec((0u64..4, 0u64..4, 0u64..3_000, any::<bool>(), any::<bool>()), 1..25),
            caps in (0u64..4_000, 0u64..4_000, 0u64..4_000),
            reserve in 0u64..4_000,
        ) {
            let slots: Vec<_> = validators.iter().map(|(raw, score, lamports, delegated, instant)| {
                let mut flags = 0;
                if *delegated { flags |= flag::DELEGATED; }
                if *instant { flags |= flag::INSTANT_UNSTAKE; }
                let mut s = slot(*raw, *score, *lamports, flags);
                s.expected_lamports = lamports / 2;
                s
            }).collect();
            let mut slots = slots;
            let delegated = slots.iter().filter(|s| s.has(flag::DELEGATED)).count() as u32;
            let snap = Targets {
                total_lamports: 6_000,
                delegated_count: delegated.max(1),
                minimum_active: 100,
                minimum_move: 1,
            };
            for s in slots.iter_mut() {
                (s.needs, s.deficit) = needs(s, &snap, true, true);
            }
            let budget = Budget { caps_remaining: [caps.0, caps.1, caps.2], reserve_available: reserve, reserve_planned: reserve };
            let plans: Vec<_> = (0..slots.len()).map(|i| plan(&slots, i, &budget)).collect();
            for c in 0..3 {
                let wanted: u64 = slots.iter().map(|s| needs(s, &snap, true, true).0[c]).sum();
                let planned: u64 = plans.iter().map(|p| p.decrease[c]).sum();
                prop_assert_eq!(planned, wanted.min(budget.caps_remaining[c]));
            }
            let deficit: u64 = slots.iter().map(|s| needs(s, &snap, true, true).1).sum();
            prop_assert_eq!(plans.iter().map(|p| p.increase).sum::<u64>(), deficit.min(reserve));
            for (i, (s, p)) in slots.iter().zip(&plans).enumerate() {
                let t = target(s, &snap);
                prop_assert!(s.snapshot_lamports - p.total_decrease() >= t.max(snap.minimum_active).min(s.snapshot_lamports));
                prop_assert!(s.snapshot_lamports + p.increase <= t.max(s.snapshot_lamports));
                // A worse validator in the same category was served in full before this one got anything.
                for c in 0..3 {
                    if p.decrease[c] > 0 {
                        for (j, o) in slots.iter().enumerate() {
                            let worse = o.raw_score < s.raw_score || (o.raw_score == s.raw_score && j < i);
                            if worse {
                                prop_assert_eq!(plans[j].decrease[c], needs(o, &snap, true, true).0[c]);
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn removing_validators_are_left_to_the_pool() {
        let mut slots = [slot(0, 0, 5_000, flag::REMOVING), slot(1, 0, 5_000, 0)];
        let t = Targets { total_lamports: 10_000, delegated_count: 1, minimum_active: 100, minimum_move: 1 };
        for s in slots.iter_mut() {
            (s.needs, s.deficit) = needs(s, &t, true, true);
        }
        let budget = Budget { caps_remaining: [10_000; 3], reserve_available: 0, reserve_planned: 0 };
        assert_eq!(plan(&slots, 0, &budget), Plan::default());
        assert_eq!(plan(&slots, 1, &budget).decrease, [4_900, 0, 0]);
    }

    #[test]
    fn growth_since_the_last_move_goes_to_the_deposit_cap_first_for_everyone() {
        let t = Targets { total_lamports: 10_000, delegated_count: 1, minimum_active: 100, minimum_move: 10 };
        // Outside the delegation set, 1,000 above its floor after a deposit of 600.
        let mut outside = slot(1, 0, 1_100, 0);
        outside.expected_lamports = 500;
        assert_eq!(needs(&outside, &t, true, true), ([400, 0, 600], 0));
        // Instant-unstaked: the deposit still goes to the deposit cap, the rest to the instant cap.
        let mut rugged = slot(1, 0, 1_100, flag::INSTANT_UNSTAKE);
        rugged.expected_lamports = 500;
        assert_eq!(needs(&rugged, &t, true, true), ([0, 400, 600], 0));
        // Never moved by the steward: nothing is known to be a deposit.
        let fresh = slot(1, 0, 1_100, 0);
        assert_eq!(needs(&fresh, &t, true, true), ([1_000, 0, 0], 0));
    }

    #[test]
    fn validators_that_cannot_move_take_no_budget() {
        let t = Targets { total_lamports: 10_000, delegated_count: 1, minimum_active: 100, minimum_move: 50 };
        let over = slot(1, 0, 1_000, 0);
        let under = slot(1, 1, 1_000, flag::DELEGATED);
        // A pending transient account: nothing this epoch.
        assert_eq!(needs(&over, &t, false, true), ([0; 3], 0));
        assert_eq!(needs(&under, &t, false, true), ([0; 3], 0));
        // A closed vote account cannot receive stake.
        assert_eq!(needs(&under, &t, true, false), ([0; 3], 0));
        assert_eq!(needs(&under, &t, true, true), ([0; 3], 9_000));
        // Moves below the pool's minimum are not planned.
        assert_eq!(needs(&slot(1, 0, 149, 0), &t, true, true), ([0; 3], 0));
        assert_eq!(needs(&slot(1, 1, 9_951, flag::DELEGATED), &t, true, true), ([0; 3], 0));
    }

    #[test]
    fn an_outflow_since_the_snapshot_shrinks_the_reserve_budget() {
        // 1,000 available of 1,500; the steward has used 300 so far.
        assert_eq!(reserve_budget(1_000, 1_500, 300, 1_200), 1_000, "no one else touched the reserve");
        assert_eq!(reserve_budget(1_000, 1_500, 300, 1_900), 1_000, "inflows wait for the next epoch");
        assert_eq!(reserve_budget(1_000, 1_500, 300, 1_000), 800, "200 taken by someone else");
        assert_eq!(reserve_budget(1_000, 1_500, 300, 0), 0);
    }
}
