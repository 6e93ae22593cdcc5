//! The two orders the steward's plans follow, stored in the state account as arrays of slot
//! indices and kept sorted as scores change: a score change moves one entry (a binary search and
//! one `memmove`), dropping and appending slots renumbers in one pass. So choosing the delegation
//! set and freezing an epoch's plan are single walks, and no step ever sorts.
//!
//! - [`Order::Decrease`]: lowest raw score first, ties by lower list index (who is unstaked first).
//! - [`Order::Increase`]: highest score first, ties by lower list index (who is staked first).
//!
//! Keys are unique (they end with the index), so every entry has exactly one place.

use {super::ValidatorSlot, crate::errors::StewardError, anchor_lang::prelude::*};

/// Which order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Lowest raw score first, ties by lower index.
    Decrease,
    /// Highest score first, ties by lower index.
    Increase,
}

impl Order {
    /// The sort key of slot `index` (ascending).
    pub fn key(self, slot: &ValidatorSlot, index: usize) -> (u64, usize) {
        match self {
            Self::Decrease => (slot.raw_score, index),
            Self::Increase => (!slot.score, index),
        }
    }
}

/// Where slot `index`'s current key is, or would go, in `entries`.
fn search(
    order: Order,
    entries: &[u16],
    slots: &[ValidatorSlot],
    index: usize,
) -> Result<std::result::Result<usize, usize>> {
    let key = order.key(slots.get(index).ok_or(StewardError::OrderCorrupt)?, index);
    let mut corrupt = false;
    let found = entries.binary_search_by(|entry| {
        let i = usize::from(*entry);
        match slots.get(i) {
            Some(slot) => order.key(slot, i).cmp(&key),
            None => {
                corrupt = true;
                std::cmp::Ordering::Less
            }
        }
    });
    if corrupt {
        return err!(StewardError::OrderCorrupt);
    }
    Ok(found)
}

/// Removes slot `index` (at its current key) from `entries`; the last entry becomes free.
pub fn remove(order: Order, entries: &mut [u16], slots: &[ValidatorSlot], index: usize) -> Result<()> {
    let at = search(order, entries, slots, index)?.map_err(|_| StewardError::OrderCorrupt)?;
    entries.copy_within(at.saturating_add(1).., at);
    Ok(())
}

/// Inserts slot `index` (at its current key) into `entries`, whose last entry is free.
pub fn insert(order: Order, entries: &mut [u16], slots: &[ValidatorSlot], index: usize) -> Result<()> {
    let (last, sorted) = entries.split_last_mut().ok_or(StewardError::OrderCorrupt)?;
    let at = search(order, sorted, slots, index)?.err().ok_or(StewardError::OrderCorrupt)?;
    *last = 0;
    entries.copy_within(at..entries.len().saturating_sub(1), at.saturating_add(1));
    entries[at] = u16::try_from(index).map_err(|_| StewardError::OrderCorrupt)?;
    Ok(())
}

/// Renumbers `entries` after slots were dropped: `moved[old]` is the new index, `u16::MAX` for a
/// dropped slot (removed, the survivors closing up). The map keeps order, so `entries` stays sorted.
pub fn renumber(entries: &mut [u16], moved: &[u16]) {
    let mut kept = 0usize;
    for r in 0..entries.len() {
        let new = moved.get(usize::from(entries[r])).copied().unwrap_or(u16::MAX);
        if new != u16::MAX {
            entries[kept] = new;
            kept = kept.saturating_add(1);
        }
    }
}

/// Places the unscored slots `from..entries.len()` (raw score and score 0, indices above every
/// other) into `entries`, whose first `from` entries are sorted. They go as one block: in the
/// decrease order after every raw score of 0, in the increase order last.
pub fn append_unscored(
    order: Order,
    entries: &mut [u16],
    slots: &[ValidatorSlot],
    from: usize,
) -> Result<()> {
    let end = entries.len();
    if slots.len() != end || from > end {
        return err!(StewardError::OrderCorrupt);
    }
    if slots[from..].iter().any(|s| s.raw_score != 0 || s.score != 0) {
        return err!(StewardError::OrderCorrupt);
    }
    let at = match order {
        Order::Decrease => {
            entries[..from].partition_point(|e| slots.get(usize::from(*e)).is_some_and(|s| s.raw_score == 0))
        }
        Order::Increase => from,
    };
    let count = end.saturating_sub(from);
    entries.copy_within(at..from, at.saturating_add(count));
    for (k, entry) in entries[at..at.saturating_add(count)].iter_mut().enumerate() {
        *entry = u16::try_from(from.saturating_add(k)).map_err(|_| StewardError::OrderCorrupt)?;
    }
    Ok(())
}

/// Checks that `entries` holds every slot index once, strictly ascending by key.
pub fn check(order: Order, entries: &[u16], slots: &[ValidatorSlot]) -> Result<()> {
    if entries.len() != slots.len() {
        return err!(StewardError::OrderCorrupt);
    }
    let mut seen = vec![false; slots.len()];
    let mut previous = None;
    for entry in entries {
        let i = usize::from(*entry);
        let slot = slots.get(i).ok_or(StewardError::OrderCorrupt)?;
        if std::mem::replace(&mut seen[i], true) {
            return err!(StewardError::OrderCorrupt);
        }
        let key = order.key(slot, i);
        if previous.is_some_and(|p| p >= key) {
            return err!(StewardError::OrderCorrupt);
        }
        previous = Some(key);
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {
        super::*,
        crate::state::{StateView, STATE_ACCOUNT_LEN},
        proptest::prelude::*,
    };

    /// What a full sort gives.
    fn sorted(order: Order, slots: &[ValidatorSlot]) -> Vec<u16> {
        let mut v: Vec<u16> = (0..slots.len() as u16).collect();
        v.sort_by_key(|i| order.key(&slots[usize::from(*i)], usize::from(*i)));
        v
    }

    #[derive(Clone, Debug)]
    enum Op {
        Score { at: usize, raw: u64, score: u64 },
        Append(usize),
        Drop(Vec<bool>),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (any::<usize>(), 0u64..6, 0u64..6).prop_map(|(at, raw, score)| Op::Score { at, raw, score }),
            1 => (0usize..5).prop_map(Op::Append),
            1 => proptest::collection::vec(proptest::bool::weighted(0.8), 0..64).prop_map(Op::Drop),
        ]
    }

    proptest! {
        /// Any sequence of score changes, appends and drops keeps both orders equal to a full sort
        /// of the live slots, checked after every step.
        #[test]
        fn orders_stay_sorted(ops in proptest::collection::vec(op(), 1..60)) {
            let mut data = vec![0u8; STATE_ACCOUNT_LEN];
            let mut view = StateView::new(&mut data).unwrap();
            for op in ops {
                let n = view.header.num_validators as usize;
                match op {
                    Op::Score { at, raw, score } if n > 0 => view.set_scores(at % n, raw, score).unwrap(),
                    Op::Score { .. } => {}
                    Op::Append(count) => {
                        view.append(count, |_| Ok(Pubkey::new_unique())).unwrap();
                    }
                    Op::Drop(keep) => {
                        let mut i = 0;
                        view.retain(|_, _| { i += 1; keep.get(i - 1).copied().unwrap_or(true) }).unwrap();
                    }
                }
                view.invariant().unwrap();
                let (slots, down, up) = view.with_orders();
                prop_assert_eq!(down.to_vec(), sorted(Order::Decrease, slots));
                prop_assert_eq!(up.to_vec(), sorted(Order::Increase, slots));
            }
        }
    }

    #[test]
    fn a_corrupt_order_is_refused() {
        let mut data = vec![0u8; STATE_ACCOUNT_LEN];
        let mut view = StateView::new(&mut data).unwrap();
        view.append(2, |_| Ok(Pubkey::new_unique())).unwrap();
        view.set_scores(0, 3, 3).unwrap();
        // A slot's score written behind the orders' back.
        view.slots[1].raw_score = 9;
        view.slots[1].score = 9;
        assert_eq!(view.invariant(), Err(StewardError::OrderCorrupt.into()));
        assert_eq!(view.set_scores(1, 1, 1), Err(StewardError::OrderCorrupt.into()));
    }
}
