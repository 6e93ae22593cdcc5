//! What the chain recorded of one (validator, epoch): the inputs of its loss. Pure, so that the
//! program's `settle` and the keeper (which settles only what has a loss) read them alike.

use {
    crate::{
        constants::FEATURE_PROGRAM_ID,
        errors::BondsError,
        loss::{Inputs, MevInputs},
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_schedule::EpochSchedule, Sysvar},
    steward::{
        foreign::tip_distribution::{self, Tips},
        state::{history::unset, read_since, ClusterHistory, ValidatorHistory},
    },
};

/// Whether the runtime delayed commission changes (SIMD-0249) when it computed rewards at `slot`,
/// from the feature account's owner and data: the feature program's, activated at or before `slot`.
pub fn commissions_delayed(owner: &Pubkey, data: &[u8], slot: u64) -> bool {
    if owner != &FEATURE_PROGRAM_ID {
        return false;
    }
    // bincode `Feature { activated_at: Option<u64> }`.
    match (data.first(), data.get(1..9).and_then(|b| <[u8; 8]>::try_from(b).ok())) {
        (Some(1), Some(at)) => u64::from_le_bytes(at) <= slot,
        _ => false,
    }
}

/// The inputs of `epoch`'s loss, which ended at `next_first_slot` (the first slot of the next
/// epoch, when the runtime computed its rewards). `delayed`: see [`commissions_delayed`]. `tips`:
/// what the validator's tip-distribution account for the epoch holds, if it has one.
pub fn inputs(
    history: &ValidatorHistory,
    cluster: &ClusterHistory,
    epoch: u64,
    next_first_slot: u64,
    delayed: bool,
    tips: Option<Tips>,
) -> Result<Inputs> {
    let e16 = u16::try_from(epoch).map_err(|_| BondsError::EpochNotRecorded)?;
    let entry = history.entry(e16).ok_or(BondsError::EpochNotRecorded)?;
    if entry.pool_stake_lamports == unset::U64 {
        return err!(BondsError::EpochNotRecorded);
    }
    // Credits are final once a copy of the vote account was made after the epoch ended; an epoch
    // the account lists no credits for earned none. A copy that found the account closed keeps
    // the credits copied before, its last: closing the vote account does not stop a settlement.
    if !read_since(history.vote_copy_slot, next_first_slot) {
        return err!(BondsError::CreditsNotFinal);
    }
    let cluster_entry = cluster.entry(e16).ok_or(BondsError::ClusterEpochNotRecorded)?;
    let blocks = cluster_entry
        .complete_blocks(next_first_slot.saturating_sub(1))
        .ok_or(BondsError::ClusterEpochNotRecorded)?;
    let (total_points, total_rewards) = cluster_entry.rewards().ok_or(BondsError::ClusterEpochNotRecorded)?;
    // The commission the runtime applied: the one held at the end of this epoch, or of the epoch
    // two before once commission changes are delayed. The steward's last reading of an epoch is
    // past its first half, after which the vote program allows only decreases.
    let commission_epoch = if delayed { e16.checked_sub(2) } else { Some(e16) };
    let commission_bps = commission_epoch
        .and_then(|e| history.entry(e))
        .map(|e| e.commission_bps)
        .filter(|c| *c != unset::U16)
        .ok_or(BondsError::EpochNotRecorded)?;
    let mev = match tips {
        Some(_) if entry.activated_stake_lamports == unset::U64 => return err!(BondsError::EpochNotRecorded),
        Some(t) => Some(MevInputs {
            tips: t.received_lamports,
            commission_bps: t.commission_bps,
            validator_stake: entry.activated_stake_lamports,
        }),
        None => None,
    };
    Ok(Inputs {
        stake: entry.pool_stake_lamports,
        credits: u64::from(entry.credits_or_zero()),
        blocks: u64::from(blocks),
        commission_bps,
        total_points,
        total_rewards,
        mev,
    })
}

/// What `tip_account`, `vote`'s tip-distribution account for `epoch` or its address, holds; any
/// other account is `TipDistributionMismatch`.
pub fn tips(tip_account: &AccountInfo, vote: &Pubkey, epoch: u64, rent: &Rent) -> Result<Option<Tips>> {
    tip_distribution::read_with_tips(tip_account, vote, epoch, rent)
        .map_err(|_| error!(BondsError::TipDistributionMismatch))
}

/// [`inputs`] of `epoch` on chain: its end from the epoch schedule, the delay from `feature` (the
/// SIMD-0249 feature account).
pub fn recorded(
    history: &ValidatorHistory,
    cluster: &ClusterHistory,
    feature: &AccountInfo,
    epoch: u64,
    tips: Option<Tips>,
) -> Result<Inputs> {
    let next_first_slot = EpochSchedule::get()?.get_first_slot_in_epoch(epoch.saturating_add(1));
    let delayed = commissions_delayed(feature.owner, &feature.try_borrow_data()?, next_first_slot);
    inputs(history, cluster, epoch, next_first_slot, delayed, tips)
}
