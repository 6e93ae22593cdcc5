//! The one guard every steward crank starts with, and the epoch-progress clock.

use {
    crate::{
        constants::BPS,
        errors::StewardError,
        events::StateTransition,
        state::{Config, StateTag, StateView},
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_schedule::EpochSchedule, Sysvar},
};

/// Not paused, and epoch maintenance done this epoch.
pub fn crank_checks(config: &Config, view: &StateView, epoch: u64) -> Result<()> {
    if config.is_paused() {
        return err!(StewardError::Paused);
    }
    if view.header.maintenance_epoch != epoch {
        return err!(StewardError::EpochMaintenanceNotComplete);
    }
    Ok(())
}

/// Progress through the current epoch, in basis points.
pub fn epoch_progress_bps(clock: &Clock) -> Result<u64> {
    let schedule = EpochSchedule::get()?;
    let first = schedule.get_first_slot_in_epoch(clock.epoch);
    let length = schedule.get_slots_in_epoch(clock.epoch);
    Ok(clock.slot.saturating_sub(first).saturating_mul(BPS).checked_div(length).unwrap_or(0))
}

/// The first slot of the current epoch at or past `bps` basis points of its progress: inputs a step
/// reads must have been read at or after it.
pub fn progress_point_slot(clock: &Clock, bps: u16) -> Result<u64> {
    let schedule = EpochSchedule::get()?;
    let first = schedule.get_first_slot_in_epoch(clock.epoch);
    let length = schedule.get_slots_in_epoch(clock.epoch);
    let offset = u128::from(length).saturating_mul(u128::from(bps)).div_ceil(u128::from(BPS));
    Ok(first.saturating_add(u64::try_from(offset).unwrap_or(u64::MAX)))
}

/// Moves the state machine to `to`, emitting the transition.
pub fn transition(view: &mut StateView, config: &Pubkey, epoch: u64, to: StateTag) {
    let from = view.header.tag;
    view.enter(to);
    emit!(StateTransition { config: *config, epoch, from, to: to as u8 });
}
