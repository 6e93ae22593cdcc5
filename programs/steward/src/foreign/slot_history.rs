//! Counts produced blocks in a slot range from the slot-history sysvar's bytes.
//!
//! Layout (bincode): `Option<Box<[u64]>>` bit words (tag u8, len u64, words), bit count u64,
//! `next_slot` u64. Slot `s` is bit `s % bit_count`; only the last `bit_count` slots are kept.

use {crate::errors::StewardError, anchor_lang::prelude::*};

/// Blocks produced in `[first, end)`, counting only slots the sysvar still covers, and whether it
/// still covers `first` (so that the count misses nothing).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "slot < end, offset < 64, bit < bits <= 64 * words: every step is in range"
)]
pub fn blocks_in(data: &[u8], first: u64, end: u64) -> Result<(u32, bool)> {
    let bad = || error!(StewardError::InvalidSlotHistory);
    if data.first() != Some(&1) {
        return Err(bad());
    }
    let read = |at: usize| -> Result<u64> {
        Ok(u64::from_le_bytes(data.get(at..at + 8).and_then(|b| b.try_into().ok()).ok_or_else(bad)?))
    };
    let words = usize::try_from(read(1)?).map_err(|_| bad())?;
    let words_end = words.checked_mul(8).and_then(|n| n.checked_add(9)).ok_or_else(bad)?;
    let bits = read(words_end)?;
    let next_slot = read(words_end + 8)?;
    let bitmap = data.get(9..words_end).ok_or_else(bad)?;
    if bits == 0 || bits > (words as u64).saturating_mul(64) {
        return Err(bad());
    }
    let covered = next_slot.saturating_sub(bits);
    let from_first = first >= covered;
    let first = first.max(covered);
    let end = end.min(next_slot);
    let mut count: u32 = 0;
    let mut slot = first;
    while slot < end {
        let bit = slot % bits;
        let word_index = (bit / 64) as usize;
        let offset = bit % 64;
        // Whole words where possible, else the rest of this word up to `end`.
        let span = (64 - offset).min(end - slot).min(bits - bit);
        let word =
            u64::from_le_bytes(bitmap[word_index * 8..word_index * 8 + 8].try_into().map_err(|_| bad())?);
        let mask = if span == 64 { u64::MAX } else { ((1u64 << span) - 1) << offset };
        count = count.saturating_add((word & mask).count_ones());
        slot += span;
    }
    Ok((count, from_first))
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {super::*, solana_slot_history::SlotHistory};

    #[test]
    fn counts_blocks_like_the_sysvar_type() {
        // The default history holds the genesis slot.
        let mut history = SlotHistory::default();
        let produced: Vec<u64> = (0..5_000).filter(|s| *s == 0 || (s % 3 != 0 && s % 7 != 0)).collect();
        for slot in &produced {
            history.add(*slot);
        }
        let data = bincode::serialize(&history).expect("serialize");
        for (first, end) in [(0, 5_000), (1, 2), (63, 65), (64, 128), (100, 4_321), (4_990, 10_000)] {
            let expected = produced.iter().filter(|s| **s >= first && **s < end).count() as u32;
            assert_eq!(blocks_in(&data, first, end).expect("count"), (expected, true), "[{first}, {end})");
        }
        assert!(blocks_in(&data[..20], 0, 10).is_err());
    }
}
