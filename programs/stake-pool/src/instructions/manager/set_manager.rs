//! `SetManager` (SPL tag 11): hand the pool to a new manager and fee account; both managers sign.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` manager, 2 `[s]` new manager, 3 new manager fee
//! account.

use {
    crate::{checks, error::StakePoolError, state::StakePool},
    anchor_lang::prelude::*,
};

/// Accounts of `SetManager`.
#[derive(Accounts)]
pub struct SetManager<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager and sign (`StakePool::check_manager`).
    pub manager: UncheckedAccount<'info>,
    /// CHECK: any key may become manager; it must sign (checked in `validate`, after the manager).
    pub new_manager: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint (checked in `validate`).
    pub new_manager_fee_account: UncheckedAccount<'info>,
}

impl SetManager<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        if *self.new_manager_fee_account.owner != pool.token_program_id {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        pool.check_manager(&self.manager)?;
        if !self.new_manager.is_signer {
            msg!("New manager signature missing");
            return err!(StakePoolError::SignatureMissing);
        }
        checks::check_manager_fee_account(
            &self.new_manager_fee_account,
            &pool.pool_mint,
            &pool.token_program_id,
        )?;
        Ok(pool)
    }
}

/// Records the new manager and fee account.
pub fn process_set_manager<'info>(ctx: Context<'info, SetManager<'info>>) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    pool.manager = *accounts.new_manager.key;
    pool.manager_fee_account = *accounts.new_manager_fee_account.key;
    pool.save(&accounts.stake_pool)
}
