//! `copy_vote_account`: anyone copies a vote account's commission (this epoch) and its per-epoch
//! credits (every epoch the account still lists) into the validator's history, raising the cluster
//! maximum of each epoch as it goes.

use {
    crate::{
        constants::HISTORY_LEN,
        errors::StewardError,
        foreign::vote::VoteFacts,
        state::{epoch16, unset, ClusterHistory, Config, ValidatorHistory},
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
    /// The steward's cluster history.
    #[account(mut, constraint = cluster_history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: must be the history's vote account, owned by the vote program (read in the handler).
    #[account(constraint = history.load()?.vote_account == vote_account.key() @ StewardError::VoteAccountMismatch)]
    pub vote_account: UncheckedAccount<'info>,
}

/// Copies commission and credits.
pub fn process_copy_vote_account(ctx: Context<CopyVoteAccount>) -> Result<()> {
    let epoch = Clock::get()?.epoch;
    let current = epoch16(epoch)?;
    let data = ctx.accounts.vote_account.try_borrow_data()?;
    let facts = VoteFacts::read(&ctx.accounts.vote_account, &data)?;
    let mut history = ctx.accounts.history.load_mut()?;
    let mut cluster = ctx.accounts.cluster_history.load_mut()?;

    history.entry_mut(current).commission_bps = facts.commission_bps;
    if history.max_commission_bps == unset::U16 || history.max_commission_bps < facts.commission_bps {
        history.max_commission_bps = facts.commission_bps;
    }
    for (credit_epoch, credits) in facts.epoch_credits() {
        if credit_epoch > epoch || epoch.saturating_sub(credit_epoch) >= HISTORY_LEN as u64 {
            continue;
        }
        let e = epoch16(credit_epoch)?;
        let credits = u32::try_from(credits).map_err(|_| StewardError::ArithmeticOverflow)?;
        history.entry_mut(e).vote_credits = credits;
        if credits > 0 && (history.first_credit_epoch == unset::U16 || e < history.first_credit_epoch) {
            history.first_credit_epoch = e;
        }
        let cluster_entry = cluster.entry_mut(e);
        if cluster_entry.max_vote_credits == unset::U32 || cluster_entry.max_vote_credits < credits {
            cluster_entry.max_vote_credits = credits;
        }
    }
    history.last_copy_epoch = current;
    Ok(())
}
