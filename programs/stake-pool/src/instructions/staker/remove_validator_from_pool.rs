//! `RemoveValidatorFromPool` (SPL tag 2), staker only: start deactivating the validator's stake (and
//! its transient stake), mark the entry for removal; the epoch crank then returns the lamports to the
//! reserve and cleanup drops the entry.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` staker, 2 withdraw authority PDA, 3 `[w]`
//! validator list, 4 `[w]` validator stake account, 5 `[w]` transient stake account, 6 clock sysvar,
//! 7 stake program.

use {
    crate::{
        checks,
        constants::STAKE_PROGRAM_ID,
        cpi::{self, stake::PoolSigner},
        error::StakePoolError,
        pda,
        state::{
            validator_list::{self, status},
            StakePool,
        },
    },
    anchor_lang::prelude::*,
};

/// Accounts of `RemoveValidatorFromPool`.
#[derive(Accounts)]
pub struct RemoveValidatorFromPool<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: a delegated stake account at the validator's PDA (checked in the handler).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA, when it holds stake (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

impl RemoveValidatorFromPool<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_staker(&self.staker)?;
        pool.check_updated_this_epoch()?;
        pool.check_validator_list(&self.validator_list)?;
        Ok(pool)
    }
}

/// Marks the validator for removal and starts deactivating its stake.
pub fn process_remove_validator_from_pool<'info>(
    ctx: Context<'info, RemoveValidatorFromPool<'info>>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    let mut data = accounts.validator_list.try_borrow_mut_data()?;
    validator_list::header(&data)?;
    let (_, delegation) = checks::read_delegated_stake(&accounts.validator_stake)?;
    let vote = delegation.voter;
    let Some(record) = validator_list::find_mut(&mut data, &vote)? else {
        msg!("Vote account {} not found in stake pool", vote);
        return err!(StakePoolError::ValidatorNotFound);
    };
    let pool_key = accounts.stake_pool.key;
    checks::check_validator_stake_address(
        accounts.validator_stake.key,
        pool_key,
        &vote,
        record.validator_seed(),
    )?;
    if record.status != status::ACTIVE {
        msg!("Validator is already marked for removal");
        return err!(StakePoolError::ValidatorNotFound);
    }

    let signer = PoolSigner {
        stake_pool: pool_key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &accounts.withdraw_authority,
    };
    let new_status = if record.transient_stake_lamports() > 0 {
        let transient = pda::find_transient_stake(&crate::ID, &vote, pool_key, record.transient_seed()).0;
        if transient != *accounts.transient_stake.key {
            return err!(StakePoolError::InvalidStakeAccountAddress);
        }
        if let Ok((meta, transient_delegation)) = checks::read_delegated_stake(&accounts.transient_stake) {
            if checks::is_usable_by_pool(&meta, accounts.withdraw_authority.key, &pool.lockup)
                && transient_delegation.deactivation_epoch == u64::MAX
            {
                // SAFETY: no borrow of the accounts passed is live across the call.
                unsafe { cpi::stake::deactivate(&signer, &accounts.transient_stake, &accounts.clock) }?;
            }
        }
        status::DEACTIVATING_ALL
    } else {
        status::DEACTIVATING_VALIDATOR
    };
    // Stake already deactivated (deactivate-delinquent, say) is not deactivated again.
    if delegation.deactivation_epoch == u64::MAX {
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::deactivate(&signer, &accounts.validator_stake, &accounts.clock) }?;
    }
    record.status = new_status;
    drop(data);

    for preferred in [
        &mut pool.preferred_deposit_validator_vote_address,
        &mut pool.preferred_withdraw_validator_vote_address,
    ] {
        if *preferred == Some(vote) {
            *preferred = None;
        }
    }
    pool.save(&accounts.stake_pool)
}
