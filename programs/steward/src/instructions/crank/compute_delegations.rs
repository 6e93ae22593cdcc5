//! `compute_delegations`: once every validator is scored, the top N with a positive score (ties by
//! list index) receive delegation, an equal share each; the cycle is then complete. When no validator
//! has a positive score, the last cycle's set stays.

use {
    crate::{
        delegation,
        errors::StewardError,
        guards,
        state::{Config, StateTag, StateView, StewardState},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `compute_delegations`.
#[derive(Accounts)]
pub struct ComputeDelegations<'info> {
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The steward state.
    #[account(mut, address = config.load()?.state @ StewardError::StateMismatch)]
    pub state: AccountLoader<'info, StewardState>,
}

/// Chooses the delegation set.
pub fn process_compute_delegations(ctx: Context<ComputeDelegations>) -> Result<()> {
    let epoch = Clock::get()?.epoch;
    let config = &*ctx.accounts.config.load()?;
    let mut data = ctx.accounts.state.as_ref().try_borrow_mut_data()?;
    let mut view = StateView::new(&mut data)?;
    guards::crank_checks(config, &view, epoch)?;
    if view.tag()? != StateTag::ComputeDelegations {
        return err!(StewardError::InvalidState);
    }
    let n = config.parameters.num_delegation_validators as usize;
    // Nobody qualifying (a miscalibrated parameter, a cluster outage) keeps the last set.
    let (slots, _, by_score) = view.with_orders();
    if let Some(marked) = delegation::mark_top(slots, by_score, n) {
        view.header.delegated_count = marked;
    }
    view.header.last_cycle_epoch = view.header.cycle_start_epoch;
    guards::transition(&mut view, &ctx.accounts.config.key(), epoch, StateTag::Idle);
    Ok(())
}
