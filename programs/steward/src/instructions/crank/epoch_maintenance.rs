//! `epoch_maintenance`: the first steward step of every epoch. Needs the pool updated this epoch;
//! realigns the state with the pool's list (drops removed validators, adopts listed ones), clears
//! the per-epoch flags and abandons any step left from the previous epoch. Run again when the list
//! changed later in the epoch, it realigns and reopens this epoch's instant-unstake step.

use {
    crate::{
        constants::{MAX_VALIDATORS, STAKER_SEED},
        errors::StewardError,
        foreign::pool::{list, PoolView},
        guards,
        state::{flag, Config, StateTag, StateView, StewardState},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `epoch_maintenance`.
#[derive(Accounts)]
pub struct EpochMaintenance<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The steward state.
    #[account(mut, address = config.load()?.state @ StewardError::StateMismatch)]
    pub state: AccountLoader<'info, StewardState>,
    /// CHECK: the steward's staker PDA.
    #[account(seeds = [STAKER_SEED, config.key().as_ref()], bump = config.load()?.staker_bump)]
    pub staker: UncheckedAccount<'info>,
    /// CHECK: the config's pool (`validate`).
    #[account(address = config.load()?.stake_pool @ StewardError::StakePoolMismatch)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's validator list (`validate`).
    pub validator_list: UncheckedAccount<'info>,
}

impl EpochMaintenance<'_> {
    /// Not paused; the steward is the pool's staker; the pool is updated this epoch.
    pub fn validate(&self, epoch: u64) -> Result<()> {
        let config = self.config.load()?;
        if config.is_paused() {
            return err!(StewardError::Paused);
        }
        let pool = PoolView::read(&self.stake_pool, &config.pool_program)?;
        pool.check_list_and_reserve(&self.validator_list, None)?;
        if pool.staker != self.staker.key() {
            return err!(StewardError::NotPoolStaker);
        }
        if pool.last_update_epoch != epoch {
            return err!(StewardError::PoolNotUpdated);
        }
        Ok(())
    }
}

/// Realigns and resets; a no-op when already done this epoch.
pub fn process_epoch_maintenance(ctx: Context<EpochMaintenance>) -> Result<()> {
    let epoch = Clock::get()?.epoch;
    ctx.accounts.validate(epoch)?;
    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let mut view = StateView::new(&mut data)?;
    let list_data = ctx.accounts.validator_list.try_borrow_data()?;
    let listed = list::len(&list_data)?;
    // Done this epoch, unless the pool's list changed since (a cleanup later in the epoch): then the
    // slots are realigned and this epoch's steps end.
    if view.header.maintenance_epoch == epoch && listed == view.header.num_validators as usize {
        return Ok(());
    }
    if list::any_ready_for_removal(&list_data)? {
        return err!(StewardError::PoolNeedsCleanup);
    }
    if listed > MAX_VALIDATORS {
        return err!(StewardError::TooManyValidators);
    }
    // Both sequences keep their order (the pool only appends and drops), so one merge pass drops
    // the slots whose validator left the list and appends the ones the list gained.
    view.retain(|slot, kept| kept < listed && list::vote_at(&list_data, kept) == Some(&slot.vote_account))?;
    let kept = view.header.num_validators as usize;
    view.append(listed.saturating_sub(kept), |j| {
        list::vote_at(&list_data, j).copied().ok_or_else(|| error!(StewardError::ValidatorListMismatch))
    })?;

    view.clear_flags(flag::INSTANT_CHECKED | flag::REBALANCED | flag::WAITING);
    if view.tag()? != StateTag::Idle {
        guards::transition(&mut view, &ctx.accounts.config.key(), epoch, StateTag::Idle);
    }
    // A list that changed mid-epoch restarts this epoch's instant-unstake step from a fresh snapshot
    // (moves made so far left pending transient accounts, which the new snapshot skips; the caps
    // keep what they charged): a cleanup never cancels the epoch's moves.
    if view.header.rebalance_epoch == epoch {
        view.header.rebalance_epoch = u64::MAX;
    }
    view.header.maintenance_epoch = epoch;
    Ok(())
}
