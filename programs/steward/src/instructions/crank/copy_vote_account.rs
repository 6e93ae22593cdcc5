//! `copy_vote_account`: anyone copies a vote account's commission and the runtime's epoch stake
//! (this epoch) and its per-epoch credits (every epoch the account still lists) into the validator's
//! history, stamped with the slot. A vote account that is not open (closed, emptied, or re-created
//! uninitialized) is recorded as closed, so that a validator never makes a step wait for a copy that
//! cannot happen.

use {
    crate::{
        constants::HISTORY_LEN,
        errors::StewardError,
        foreign::{runtime, vote::VoteFacts},
        state::{epoch16, unset, Config, ValidatorHistory},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `copy_vote_account`.
#[derive(Accounts)]
pub struct CopyVoteAccount<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The validator's history.
    #[account(mut, constraint = history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
    /// CHECK: must be the history's vote account; read in the handler (closed when the vote program
    /// no longer owns it).
    #[account(constraint = history.load()?.vote_account == vote_account.key() @ StewardError::VoteAccountMismatch)]
    pub vote_account: UncheckedAccount<'info>,
}

/// Copies commission, stake and credits.
pub fn process_copy_vote_account(ctx: Context<CopyVoteAccount>) -> Result<()> {
    let clock = Clock::get()?;
    record_vote_account(&mut *ctx.accounts.history.load_mut()?, &ctx.accounts.vote_account, &clock)
}

/// Records `vote` (the history's own vote account, checked by the caller) into `history` at `clock`.
pub fn record_vote_account(history: &mut ValidatorHistory, vote: &AccountInfo, clock: &Clock) -> Result<()> {
    let epoch = clock.epoch;
    let current = epoch16(epoch)?;
    history.vote_copy_slot = clock.slot;
    let data = vote.try_borrow_data()?;
    let Some(facts) = VoteFacts::read_open(vote, &data) else {
        history.vote_closed = 1;
        return Ok(());
    };
    history.vote_closed = 0;
    let entry = history.entry_mut(current);
    entry.commission_bps = facts.commission_bps;
    entry.activated_stake_lamports = runtime::epoch_stake(vote.key);
    if history.max_commission_bps == unset::U16 || history.max_commission_bps < facts.commission_bps {
        history.max_commission_bps = facts.commission_bps;
    }
    let mut voting_epochs = 0u16;
    for (credit_epoch, credits) in facts.epoch_credits() {
        if credits > 0 {
            voting_epochs = voting_epochs.saturating_add(1);
        }
        if credit_epoch > epoch || epoch.saturating_sub(credit_epoch) >= HISTORY_LEN as u64 {
            continue;
        }
        let credits = u32::try_from(credits).map_err(|_| StewardError::ArithmeticOverflow)?;
        history.entry_mut(epoch16(credit_epoch)?).vote_credits = credits;
    }
    history.voting_epochs = voting_epochs;
    Ok(())
}
