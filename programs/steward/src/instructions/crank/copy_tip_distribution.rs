//! `copy_tip_distribution`: anyone copies a validator's MEV commission for `epoch` from its Jito
//! tip-distribution account into its history. The account exists only if the validator (its vote
//! account's node identity) created it, so no key but the validator's own decides what is recorded.
//! A copy that finds no account records "no MEV client" for the epoch, but never over a commission
//! an earlier copy found (tip-distribution accounts are closed after they expire). A copy of the
//! current epoch is stamped with the slot, so scoring can refuse one read before its progress point.

use {
    crate::{
        constants::HISTORY_LEN,
        errors::StewardError,
        foreign::tip_distribution,
        state::{epoch16, unset, Config, ValidatorHistory},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `copy_tip_distribution`.
#[derive(Accounts)]
#[instruction(epoch: u64)]
pub struct CopyTipDistribution<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The validator's history.
    #[account(mut, constraint = history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
    /// CHECK: the validator's tip-distribution account for `epoch`, or its empty address
    /// (`tip_distribution::read`).
    pub tip_distribution_account: UncheckedAccount<'info>,
}

impl CopyTipDistribution<'_> {
    /// `epoch` is in the ring and not in the future.
    pub fn validate(&self, epoch: u64, current: u64) -> Result<()> {
        if epoch > current || current.saturating_sub(epoch) >= HISTORY_LEN as u64 {
            return err!(StewardError::EpochOutOfRange);
        }
        Ok(())
    }
}

/// Records the epoch's MEV commission, or that the validator has no tip-distribution account.
pub fn process_copy_tip_distribution(ctx: Context<CopyTipDistribution>, epoch: u64) -> Result<()> {
    let clock = Clock::get()?;
    ctx.accounts.validate(epoch, clock.epoch)?;
    record_tip_distribution(
        &mut *ctx.accounts.history.load_mut()?,
        &ctx.accounts.tip_distribution_account,
        epoch,
        &clock,
    )
}

/// Records into `history` what `tip_account` (checked here to be the history's validator's account
/// for `epoch`, an epoch the caller checked is in range) says about `epoch`.
pub fn record_tip_distribution(
    history: &mut ValidatorHistory,
    tip_account: &AccountInfo,
    epoch: u64,
    clock: &Clock,
) -> Result<()> {
    let found = tip_distribution::read(tip_account, &history.vote_account, epoch)?;
    let entry = history.entry_mut(epoch16(epoch)?);
    match found {
        Some(commission) => {
            entry.mev_client = 1;
            entry.mev_commission_bps = commission;
        }
        None if entry.mev_client == unset::U8 => entry.mev_client = 0,
        None => {}
    }
    if epoch == clock.epoch {
        history.mev_copy_slot = clock.slot;
    }
    Ok(())
}
