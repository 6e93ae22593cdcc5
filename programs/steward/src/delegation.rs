//! Which validators receive delegation and how much stake each rebalance moves (SPEC §2.4). Pure:
//! every result depends only on the slots and the snapshot, never on crank order.

use crate::state::{flag, ValidatorSlot};

/// Whether `slot` competes for delegation.
fn eligible(slot: &ValidatorSlot) -> bool {
    slot.score > 0 && !slot.has(flag::INSTANT_UNSTAKE) && !slot.has(flag::REMOVING)
}

/// Marks the first `n` eligible validators of the increase order (`by_score`: highest score first,
/// ties by lower list index) as delegated and returns how many were marked; `None` when none is
/// eligible, leaving the previous marks as they are (a cycle in which nobody qualifies keeps the last
/// delegation set rather than unstaking everyone). One walk.
pub fn mark_top(slots: &mut [ValidatorSlot], by_score: &[u16], n: usize) -> Option<u32> {
    let eligible_at = |i: &u16| slots.get(usize::from(*i)).is_some_and(eligible);
    if n == 0 || !by_score.iter().any(eligible_at) {
        return None;
    }
    for slot in slots.iter_mut() {
        slot.flags &= !flag::DELEGATED;
    }
    let mut marked = 0u32;
    for i in by_score {
        if marked as usize >= n {
            break;
        }
        if let Some(slot) = slots.get_mut(usize::from(*i)).filter(|s| eligible(s)) {
            slot.flags |= flag::DELEGATED;
            marked = marked.saturating_add(1);
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

/// What the reserve lets this epoch's increases use.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
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

/// Where each cap runs out in the decrease order, fixed when the instant-unstake step ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cuts {
    /// Per cap, the decrease-order key `(raw score, list index)` of the validator whose excess
    /// first passes what is left of the cap; `(u64::MAX, u64::MAX)` when the cap covers every excess.
    pub key: [(u64, u64); 3],
    /// Per cap, what is left of it for that validator.
    pub partial: [u64; 3],
}

impl Cuts {
    /// No cap runs out.
    pub const NONE: Self = Self { key: [(u64::MAX, u64::MAX); 3], partial: [0; 3] };
}

/// Sums of this epoch's `needs` and count of its shortfalls, added up as the instant-unstake step
/// computes them (so [`freeze`] knows what it may skip).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Per cap, the saturating sum of every slot's need.
    pub needs: [u64; 3],
    /// Slots with a shortfall.
    pub shortfalls: u64,
}

impl Totals {
    /// Adds one slot's `needs` and `deficit`.
    pub fn add(&mut self, needs: &[u64; 3], deficit: u64) {
        for (total, need) in self.needs.iter_mut().zip(needs) {
            *total = total.saturating_add(*need);
        }
        if deficit > 0 {
            self.shortfalls = self.shortfalls.saturating_add(1);
        }
    }
}

/// Freezes this epoch's plan once every slot's `needs` and `deficit` are known: finds where each of
/// `caps` runs out in the decrease order (walking only for a cap the sum of needs passes, and no
/// further than where the last such cap runs out) and records in each slot the shortfalls ahead of
/// it in the increase order (no further than the last shortfall). From then on [`plan`] costs the
/// same for every validator, whatever the pool's size.
pub fn freeze(
    slots: &mut [ValidatorSlot],
    by_raw_score: &[u16],
    by_score: &[u16],
    caps: &[u64; 3],
    totals: &Totals,
) -> Cuts {
    let mut cuts = Cuts::NONE;
    for (c, (&cap, &total)) in caps.iter().zip(&totals.needs).enumerate() {
        // A cap that covers the (unsaturated) sum of its needs runs out nowhere.
        if total < u64::MAX && total <= cap {
            continue;
        }
        let mut before = 0u64;
        for i in by_raw_score {
            let index = usize::from(*i);
            let Some(slot) = slots.get(index) else { continue };
            // The first validator whose excess does not fit in what the worse ones left.
            match before.checked_add(slot.needs[c]) {
                Some(through) if through <= cap => before = through,
                _ => {
                    cuts.key[c] = (slot.raw_score, index as u64);
                    cuts.partial[c] = cap.saturating_sub(before);
                    break;
                }
            }
        }
    }
    let mut ahead = 0u64;
    let mut rest = totals.shortfalls;
    for i in by_score {
        if rest == 0 {
            break;
        }
        if let Some(slot) = slots.get_mut(usize::from(*i)) {
            slot.increase_ahead = ahead;
            if slot.deficit > 0 {
                ahead = ahead.saturating_add(slot.deficit);
                rest = rest.saturating_sub(1);
            }
        }
    }
    cuts
}

/// Validator `index`'s moves, from its frozen `needs`, `deficit` and shortfalls ahead (see
/// [`freeze`]). Decreases go worst raw score first within each cap; increases go best score first
/// within the reserve budget (see [`reserve_budget`]: a shortfall falls on the lowest-priority
/// increases); ties by list index. Constant cost: the same result as summing over every other slot
/// (the tests compare it with that scan).
pub fn plan(slot: &ValidatorSlot, index: usize, cuts: &Cuts, budget: &Budget) -> Plan {
    let key = (slot.raw_score, index as u64);
    let mut plan = Plan::default();
    for (c, decrease) in plan.decrease.iter_mut().enumerate() {
        let need = slot.needs[c];
        *decrease = match key.cmp(&cuts.key[c]) {
            std::cmp::Ordering::Less => need,
            std::cmp::Ordering::Equal => cuts.partial[c].min(need),
            std::cmp::Ordering::Greater => 0,
        };
    }
    if slot.deficit > 0 {
        let ahead = slot.increase_ahead;
        plan.increase = budget.reserve_available.saturating_sub(ahead).min(slot.deficit);
        plan.planned_increase = budget.reserve_planned.saturating_sub(ahead).min(slot.deficit);
    }
    plan
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {super::*, crate::state::order::Order, anchor_lang::prelude::Pubkey, proptest::prelude::*};

    fn slot(raw: u64, score: u64, lamports: u64, flags: u16) -> ValidatorSlot {
        let mut s = ValidatorSlot::new(Pubkey::new_unique());
        s.raw_score = raw;
        s.score = score;
        s.snapshot_lamports = lamports;
        s.flags = flags;
        s
    }

    /// Both orders, by a full sort.
    fn orders(slots: &[ValidatorSlot]) -> (Vec<u16>, Vec<u16>) {
        let by = |order: Order| {
            let mut v: Vec<u16> = (0..slots.len() as u16).collect();
            v.sort_by_key(|i| order.key(&slots[*i as usize], *i as usize));
            v
        };
        (by(Order::Decrease), by(Order::Increase))
    }

    fn top_by_sort(slots: &[ValidatorSlot], n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..slots.len()).filter(|i| eligible(&slots[*i])).collect();
        order.sort_by(|a, b| slots[*b].score.cmp(&slots[*a].score).then(a.cmp(b)));
        order.truncate(n);
        order.sort();
        order
    }

    /// The rule as first written: validator `index`'s moves summed over every other slot (`O(n)`
    /// per validator). [`plan`] must give exactly this.
    fn plan_by_scan(slots: &[ValidatorSlot], index: usize, caps: &[u64; 3], budget: &Budget) -> Plan {
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
        for other in &slots[..index] {
            add(other, other.raw_score <= me.raw_score, other.score >= me.score);
        }
        for other in slots.iter().skip(index + 1) {
            add(other, other.raw_score < me.raw_score, other.score > me.score);
        }
        let mut plan = Plan::default();
        for (c, decrease) in plan.decrease.iter_mut().enumerate() {
            *decrease = caps[c].saturating_sub(before[c]).min(me.needs[c]);
        }
        if me.deficit > 0 {
            plan.increase = budget.reserve_available.saturating_sub(ahead).min(me.deficit);
            plan.planned_increase = budget.reserve_planned.saturating_sub(ahead).min(me.deficit);
        }
        plan
    }

    /// Freezes `slots` and plans every validator.
    fn frozen_plans(slots: &mut [ValidatorSlot], caps: &[u64; 3], budget: &Budget) -> Vec<Plan> {
        let (down, up) = orders(slots);
        let mut totals = Totals::default();
        for s in slots.iter() {
            totals.add(&s.needs, s.deficit);
        }
        let cuts = freeze(slots, &down, &up, caps, &totals);
        slots.iter().enumerate().map(|(i, s)| plan(s, i, &cuts, budget)).collect()
    }

    proptest! {
        /// The walk of the increase order picks exactly what a full sort would, ties by index.
        #[test]
        fn mark_top_matches_sorting(scores in proptest::collection::vec(0u64..6, 0..60), n in 1usize..20, shift in 0u32..60) {
            let mut slots: Vec<_> = scores.iter().map(|s| slot(0, s << shift, 0, 0)).collect();
            let expected = top_by_sort(&slots, n);
            let before: Vec<u16> = slots.iter().map(|s| s.flags).collect();
            let (_, up) = orders(&slots);
            match mark_top(&mut slots, &up, n) {
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

        /// The constant-cost plan equals the full scan for every validator: random scores with many
        /// ties, random excesses and shortfalls, caps and reserves from none to more than enough
        /// (the reserve now possibly below what was planned), amounts up to the saturation edge.
        #[test]
        fn constant_cost_plan_equals_the_full_scan(
            validators in proptest::collection::vec(
                (0u64..5, 0u64..5, proptest::array::uniform3(prop_oneof![Just(0u64), 1u64..3_000, (u64::MAX - 10)..=u64::MAX]), prop_oneof![Just(0u64), 1u64..3_000]),
                1..40,
            ),
            caps in proptest::array::uniform3(prop_oneof![0u64..9_000, Just(u64::MAX)]),
            planned in 0u64..60_000,
            taken in 0u64..60_000,
        ) {
            let mut slots: Vec<_> = validators.iter().map(|(raw, score, needs, deficit)| {
                let mut s = slot(*raw, *score, 0, 0);
                s.needs = *needs;
                s.deficit = *deficit;
                s
            }).collect();
            let budget = Budget { reserve_available: planned.saturating_sub(taken), reserve_planned: planned };
            let frozen = frozen_plans(&mut slots, &caps, &budget);
            for (i, got) in frozen.iter().enumerate() {
                prop_assert_eq!(*got, plan_by_scan(&slots, i, &caps, &budget), "validator {}", i);
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
            let caps = [caps.0, caps.1, caps.2];
            let budget = Budget { reserve_available: reserve, reserve_planned: reserve };
            let plans = frozen_plans(&mut slots, &caps, &budget);
            for (c, cap) in caps.iter().enumerate() {
                let wanted: u64 = slots.iter().map(|s| needs(s, &snap, true, true).0[c]).sum();
                let planned: u64 = plans.iter().map(|p| p.decrease[c]).sum();
                prop_assert_eq!(planned, wanted.min(*cap));
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
        let budget = Budget { reserve_available: 0, reserve_planned: 0 };
        let plans = frozen_plans(&mut slots, &[10_000; 3], &budget);
        assert_eq!(plans[0], Plan::default());
        assert_eq!(plans[1].decrease, [4_900, 0, 0]);
    }

    #[test]
    fn a_slot_added_after_the_freeze_plans_nothing() {
        let mut slots = vec![slot(1, 0, 5_000, 0), slot(2, 0, 5_000, 0)];
        let t = Targets { total_lamports: 10_000, delegated_count: 1, minimum_active: 100, minimum_move: 1 };
        for s in slots.iter_mut() {
            (s.needs, s.deficit) = needs(s, &t, true, true);
        }
        let budget = Budget { reserve_available: 0, reserve_planned: 0 };
        let (down, up) = orders(&slots);
        let mut totals = Totals::default();
        for s in &slots {
            totals.add(&s.needs, s.deficit);
        }
        let cuts = freeze(&mut slots, &down, &up, &[1_000; 3], &totals);
        assert_eq!(cuts.key[cap::SCORING], (1, 0), "the cap runs out at the first validator");
        assert_eq!(plan(&slots[0], 0, &cuts, &budget).decrease, [1_000, 0, 0]);
        assert_eq!(plan(&slots[1], 1, &cuts, &budget).decrease, [0; 3]);
        // Added later with a key before the cut and no needs: it plans nothing.
        let late = ValidatorSlot::new(Pubkey::new_unique());
        assert_eq!(plan(&late, 2, &cuts, &budget), Plan::default());
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
