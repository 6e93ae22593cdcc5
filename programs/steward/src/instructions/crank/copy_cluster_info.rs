//! `copy_cluster_info`: anyone records the blocks produced in the previous and the current epoch,
//! counted from the slot-history sysvar, with the slot the count reaches. A count that covers a
//! whole epoch is final and never rewritten (the sysvar forgets slots older than about 2.4 epochs).
//! It also records the previous epoch's inflation rewards from the epoch-rewards sysvar, which the
//! runtime fills at the first block of each epoch for the epoch that just ended and keeps until the
//! next one: the only time they can be read.

use {
    crate::{
        constants::SLOT_HISTORY_ID,
        errors::StewardError,
        foreign::slot_history,
        state::{epoch16, ClusterHistory, Config},
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_rewards::EpochRewards, epoch_schedule::EpochSchedule, Sysvar},
};

/// Accounts of `copy_cluster_info`.
#[derive(Accounts)]
pub struct CopyClusterInfo<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The steward's cluster history.
    #[account(mut, constraint = cluster_history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub cluster_history: AccountLoader<'info, ClusterHistory>,
    /// CHECK: the slot-history sysvar.
    #[account(address = SLOT_HISTORY_ID @ StewardError::InvalidSlotHistory)]
    pub slot_history: UncheckedAccount<'info>,
}

/// Counts and records the blocks, and the previous epoch's rewards.
pub fn process_copy_cluster_info(ctx: Context<CopyClusterInfo>) -> Result<()> {
    let clock = Clock::get()?;
    let schedule = EpochSchedule::get()?;
    let data = ctx.accounts.slot_history.try_borrow_data()?;
    let mut cluster = ctx.accounts.cluster_history.load_mut()?;
    if let Some(previous) = clock.epoch.checked_sub(1) {
        let entry = cluster.entry_mut(epoch16(previous)?);
        if entry.rewards().is_none() {
            let rewards = EpochRewards::get()?;
            entry.total_points = rewards.total_points.to_le_bytes();
            entry.total_rewards = rewards.total_rewards;
        }
    }
    for epoch in [clock.epoch.saturating_sub(1), clock.epoch] {
        let first = schedule.get_first_slot_in_epoch(epoch);
        let last = schedule.get_last_slot_in_epoch(epoch);
        let entry = cluster.entry_mut(epoch16(epoch)?);
        if entry.complete_blocks(last).is_some() {
            continue;
        }
        let counted_to = last.min(clock.slot);
        let (blocks, from_first) = slot_history::blocks_in(&data, first, counted_to.saturating_add(1))?;
        entry.total_blocks = blocks;
        entry.counted_to_slot = counted_to;
        entry.from_first_slot = u8::from(from_first);
    }
    Ok(())
}
