//! `copy_histories`: [`copy_vote_account`](super::copy_vote_account) and this epoch's
//! [`copy_tip_distribution`](super::copy_tip_distribution) for many validators in one instruction
//! (remaining accounts: the validator's history, its vote account and its tip-distribution account
//! for this epoch, per validator). The same checks and the same records as the single copies; a
//! crank sends one instruction per batch instead of two per validator.

use {
    super::{copy_tip_distribution, copy_vote_account},
    crate::{
        errors::StewardError,
        state::{Config, ValidatorHistory},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `copy_histories`; remaining accounts: `(history, vote, tip distribution)` triples.
#[derive(Accounts)]
pub struct CopyHistories<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
}

/// Copies each validator's vote account and this epoch's tip-distribution account.
pub fn process_copy_histories<'info>(ctx: Context<'info, CopyHistories<'info>>) -> Result<()> {
    let clock = Clock::get()?;
    let config = ctx.accounts.config.key();
    let accounts = ctx.remaining_accounts;
    if accounts.is_empty() || !accounts.len().is_multiple_of(3) {
        return err!(StewardError::BadRemainingAccounts);
    }
    for triple in accounts.chunks_exact(3) {
        let (history_info, vote, tip) = (&triple[0], &triple[1], &triple[2]);
        if !history_info.is_writable {
            return err!(ErrorCode::ConstraintMut);
        }
        let loader = AccountLoader::<ValidatorHistory>::try_from(history_info)?;
        let mut history = loader.load_mut()?;
        if history.config != config {
            return err!(StewardError::HistoryMismatch);
        }
        if history.vote_account != *vote.key {
            return err!(StewardError::VoteAccountMismatch);
        }
        copy_vote_account::record_vote_account(&mut history, vote, &clock)?;
        copy_tip_distribution::record_tip_distribution(&mut history, tip, clock.epoch, &clock)?;
    }
    Ok(())
}
