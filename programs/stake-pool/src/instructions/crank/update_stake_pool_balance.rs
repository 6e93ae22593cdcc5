//! `UpdateStakePoolBalance` (SPL tag 7), permissionless: recompute the pool's lamports from the reserve
//! and the (already updated) validator list, mint the epoch fee on gains to the manager, roll the fee
//! schedule forward once per epoch, and open the staleness gate for this epoch.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 withdraw authority PDA, 2 `[w]` validator list,
//! 3 reserve stake, 4 `[w]` manager fee account, 5 `[w]` pool mint, 6 token program.

use {
    crate::{
        checks, cpi,
        error::StakePoolError,
        math,
        state::{validator_list, StakePool},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `UpdateStakePoolBalance`.
#[derive(Accounts)]
pub struct UpdateStakePoolBalance<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager fee account (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: must be the pool's token program (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
}

impl UpdateStakePoolBalance<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_mint(&self.pool_mint)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_reserve_stake(self.reserve_stake.key)?;
        if pool.manager_fee_account != *self.manager_fee_account.key {
            return err!(StakePoolError::InvalidFeeAccount);
        }
        pool.check_validator_list(&self.validator_list)?;
        if pool.token_program_id != *self.token_program.key {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        Ok(pool)
    }

    /// Reserve lamports above its minimum plus every validator's stake; `StakeListOutOfDate` if a
    /// validator was not updated this epoch.
    fn total_lamports(&self, epoch: u64) -> Result<u64> {
        let rent = math::rent_exempt_minimum(&Rent::get()?, self.reserve_stake.data_len());
        // Saturating: rent may rise above what the reserve holds.
        let mut total = self.reserve_stake.lamports().saturating_sub(math::minimum_reserve_lamports(rent));
        let data = self.validator_list.try_borrow_data()?;
        for entry in validator_list::entries(&data)? {
            if entry.last_update_epoch() < epoch {
                return err!(StakePoolError::StakeListOutOfDate);
            }
            let stake = entry.stake_lamports().ok_or(StakePoolError::CalculationFailure)?;
            total = total.checked_add(stake).ok_or(StakePoolError::CalculationFailure)?;
        }
        Ok(total)
    }
}

/// Brings the pool's totals and fee schedule up to the current epoch.
pub fn process_update_stake_pool_balance<'info>(
    ctx: Context<'info, UpdateStakePoolBalance<'info>>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    let epoch = Clock::get()?.epoch;
    let total_lamports = accounts.total_lamports(epoch)?;
    let (previous_lamports, previous_supply) = (pool.total_lamports, pool.pool_token_supply);

    // A manager whose fee account is broken gets no fee (and the update still goes through).
    let reward = total_lamports.saturating_sub(previous_lamports);
    let fee = if checks::check_manager_fee_account(
        &accounts.manager_fee_account,
        &pool.pool_mint,
        &pool.token_program_id,
    )
    .is_ok()
    {
        math::epoch_fee_tokens(previous_lamports, previous_supply, reward, &pool.epoch_fee)
            .ok_or(StakePoolError::CalculationFailure)?
    } else {
        0
    };
    if fee > 0 {
        let signer = cpi::stake::PoolSigner {
            stake_pool: accounts.stake_pool.key,
            bump: pool.stake_withdraw_bump_seed,
            authority: &accounts.withdraw_authority,
        };
        let (token_program, mint) = (&accounts.token_program, &accounts.pool_mint);
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::token::mint_to(&signer, token_program, mint, &accounts.manager_fee_account, fee) }?;
    }

    if pool.last_update_epoch < epoch {
        pool.roll_fees_forward();
        pool.last_update_epoch = epoch;
        pool.last_epoch_total_lamports = previous_lamports;
        pool.last_epoch_pool_token_supply = previous_supply;
    }
    pool.total_lamports = total_lamports;
    pool.pool_token_supply = checks::read_mint(&accounts.pool_mint)?.supply;
    pool.save(&accounts.stake_pool)
}
