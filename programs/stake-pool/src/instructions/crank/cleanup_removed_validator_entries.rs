//! `CleanupRemovedValidatorEntries` (SPL tag 8), permissionless: drop list entries that are ready for
//! removal and hold nothing, and forget preferred validators that are gone or no longer active.
//!
//! Accounts (SPL order): 0 stake pool (`[w]` to reset preferred validators), 1 `[w]` validator list.

use {
    crate::state::{
        validator_list::{self, entry, status},
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
    #[account(mut)]
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
fn is_removed(record: &[u8]) -> bool {
    entry::status(record) == status::READY_FOR_REMOVAL
        && entry::active_stake_lamports(record) == 0
        && entry::transient_stake_lamports(record) == 0
}

/// Compacts the list in place: kept entries move down in order, the count shrinks, and bytes past
/// the new end are left as they were (as SPL's `BigVec::retain` leaves them).
fn retain_live_entries(data: &mut [u8]) -> Result<()> {
    let (_, len) = validator_list::header(data)?;
    let at =
        |i: usize| i.saturating_mul(validator_list::ENTRY_LEN).saturating_add(validator_list::ENTRIES_OFFSET);
    let mut kept = 0usize;
    for index in 0..len as usize {
        let range = at(index)..at(index).saturating_add(validator_list::ENTRY_LEN);
        let record = data.get(range.clone()).ok_or(ProgramError::AccountDataTooSmall)?;
        if is_removed(record) {
            continue;
        }
        if kept != index {
            data.copy_within(range, at(kept));
        }
        kept = kept.saturating_add(1);
    }
    let kept = u32::try_from(kept).map_err(|_| ProgramError::InvalidAccountData)?;
    data[validator_list::HEADER_LEN..validator_list::ENTRIES_OFFSET].copy_from_slice(&kept.to_le_bytes());
    Ok(())
}

/// Whether `vote` is listed and active.
fn is_active_in(entries: &[u8], vote: &Pubkey) -> bool {
    entries
        .chunks_exact(validator_list::ENTRY_LEN)
        .any(|record| entry::vote(record) == vote.as_ref() && entry::status(record) == status::ACTIVE)
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
