//! `CleanupRemovedValidatorEntries` (SPL tag 8), permissionless: drop list entries that are ready for
//! removal and hold nothing, and forget preferred validators that are gone or no longer active.
//!
//! Accounts (SPL order): 0 stake pool (`[w]` to reset preferred validators), 1 `[w]` validator list.

use {
    crate::state::{
        validator_list::{self, status, ValidatorStakeInfo},
        StakePool,
    },
    anchor_lang::prelude::*,
};

/// Accounts of `CleanupRemovedValidatorEntries`.
#[derive(Accounts)]
pub struct CleanupRemovedValidatorEntries<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
}

impl CleanupRemovedValidatorEntries<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_validator_list(&self.validator_list)?;
        Ok(pool)
    }
}

/// Whether an entry is gone from the pool: ready for removal with no stake left.
fn is_removed(record: &ValidatorStakeInfo) -> bool {
    record.status == status::READY_FOR_REMOVAL
        && record.active_stake_lamports() == 0
        && record.transient_stake_lamports() == 0
}

/// Compacts the list in place: kept entries move down in order, the count shrinks, and entries past
/// the new end are left as they were (as SPL's `BigVec::retain` leaves them). One pass over the
/// entries; each run of kept entries between two removed ones moves in one `copy_within`, so the
/// cost is one memory move per removed entry, not per kept one.
fn retain_live_entries(data: &mut [u8]) -> Result<()> {
    let (_, len) = validator_list::header(data)?;
    let entries = validator_list::entries_mut(data, 0, len as usize)?;
    let end = entries.len();
    // Kept entries so far end at `write`; the run of kept entries not yet moved starts at `run`.
    let (mut write, mut run) = (0usize, 0usize);
    for at in 0..end {
        if !is_removed(&entries[at]) {
            continue;
        }
        if run != write {
            entries.copy_within(run..at, write);
        }
        write = write.saturating_add(at.saturating_sub(run));
        run = at.saturating_add(1);
    }
    if run != write {
        entries.copy_within(run..end, write);
    }
    write = write.saturating_add(end.saturating_sub(run));
    let kept = u32::try_from(write).map_err(|_| ProgramError::InvalidAccountData)?;
    validator_list::set_len(data, kept)
}

/// Whether `vote` is listed and active.
fn is_active_in(entries: &[ValidatorStakeInfo], vote: &Pubkey) -> bool {
    entries.iter().any(|record| validator_list::is_of(record, vote) && record.status == status::ACTIVE)
}

/// Removes finished entries; with a writable pool, also resets preferred validators that are gone.
pub fn process_cleanup_removed_validator_entries<'info>(
    ctx: Context<'info, CleanupRemovedValidatorEntries<'info>>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    let mut data = accounts.validator_list.try_borrow_mut_data()?;
    retain_live_entries(&mut data)?;
    if accounts.stake_pool.is_writable {
        let entries = validator_list::entries(&data)?;
        for preferred in [
            &mut pool.preferred_deposit_validator_vote_address,
            &mut pool.preferred_withdraw_validator_vote_address,
        ] {
            if preferred.is_some_and(|vote| !is_active_in(entries, &vote)) {
                msg!("Preferred validator not found or not active, resetting");
                *preferred = None;
            }
        }
        pool.save(&accounts.stake_pool)?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects, reason = "test code")]
mod tests {
    use {super::*, proptest::prelude::*};

    /// A list of `kinds.len()` entries (capacity `spare` more): entry `i` carries its index in its
    /// vote bytes, and is removed when `kinds[i]`.
    fn list(kinds: &[bool], spare: usize) -> Vec<u8> {
        let n = kinds.len();
        let mut data = vec![0u8; validator_list::len_for_max_validators((n + spare) as u32)];
        validator_list::write_empty(&mut data, (n + spare) as u32).expect("header");
        validator_list::set_len(&mut data, n as u32).expect("len");
        for (i, removed) in kinds.iter().enumerate() {
            let record = &mut validator_list::entries_mut(&mut data, i, 1).expect("entry")[0];
            let mut vote = [0u8; 32];
            vote[..4].copy_from_slice(&(i as u32).to_le_bytes());
            record.vote_account_address = Pubkey::new_from_array(vote);
            if *removed {
                record.status = status::READY_FOR_REMOVAL;
            } else {
                record.active_stake_lamports.set(1_000 + i as u64);
            }
        }
        data
    }

    proptest! {
        /// The kept entries come out in order, whole, and the count is theirs; bytes past the new
        /// end are untouched.
        #[test]
        fn keeps_exactly_the_live_entries_in_order(kinds in proptest::collection::vec(any::<bool>(), 0..60), spare in 0usize..3) {
            let before = list(&kinds, spare);
            let mut data = before.clone();
            retain_live_entries(&mut data).expect("retain");
            let kept: Vec<usize> = (0..kinds.len()).filter(|i| !kinds[*i]).collect();
            let (_, len) = validator_list::header(&data).expect("header");
            prop_assert_eq!(len as usize, kept.len());
            let entries = validator_list::entries(&data).expect("entries");
            let before_entries = lst_interface::validator_list::slots(&before).expect("slots");
            for (slot, i) in kept.iter().enumerate() {
                prop_assert_eq!(entries[slot], before_entries[*i]);
            }
            let tail = validator_list::len_for_max_validators(kinds.len() as u32);
            prop_assert_eq!(&data[tail..], &before[tail..]);
        }
    }
}
