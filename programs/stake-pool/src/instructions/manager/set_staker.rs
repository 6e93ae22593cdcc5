//! `SetStaker` (SPL tag 13): the manager or the current staker names a new staker.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` manager or staker, 2 new staker.

use {
    crate::{error::StakePoolError, state::StakePool},
    anchor_lang::prelude::*,
};

/// Accounts of `SetStaker`.
#[derive(Accounts)]
pub struct SetStaker<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager or staker, and sign (checked in `validate`).
    pub set_staker_authority: UncheckedAccount<'info>,
    /// CHECK: any key may become staker (the steward's PDA, typically).
    pub new_staker: UncheckedAccount<'info>,
}

impl SetStaker<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        let authority = &self.set_staker_authority;
        if pool.check_staker(authority).is_err() && pool.check_manager(authority).is_err() {
            return err!(StakePoolError::SignatureMissing);
        }
        Ok(pool)
    }
}

/// Records the new staker.
pub fn process_set_staker<'info>(ctx: Context<'info, SetStaker<'info>>) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    pool.staker = *accounts.new_staker.key;
    pool.save(&accounts.stake_pool)
}
