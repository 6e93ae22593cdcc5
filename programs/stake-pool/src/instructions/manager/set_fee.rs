//! `SetFee` (SPL tag 12): change one fee. Epoch and withdrawal fees take effect at the second epoch
//! boundary and need the pool updated this epoch; withdrawal fees rise at most ×1.5 and +0.5 points.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` manager.

use {
    crate::state::{FeeType, StakePool},
    anchor_lang::prelude::*,
};

/// Accounts of `SetFee`.
#[derive(Accounts)]
pub struct SetFee<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager and sign (`StakePool::check_manager`).
    pub manager: UncheckedAccount<'info>,
}

impl SetFee<'_> {
    fn validate(&self, fee: &FeeType) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_manager(&self.manager)?;
        if fee.can_only_change_next_epoch() {
            pool.check_updated_this_epoch()?;
        }
        fee.check_too_high()?;
        Ok(pool)
    }
}

/// Applies the fee change.
pub fn process_set_fee<'info>(ctx: Context<'info, SetFee<'info>>, fee: FeeType) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate(&fee)?;
    pool.update_fee(&fee)?;
    pool.save(&accounts.stake_pool)
}
