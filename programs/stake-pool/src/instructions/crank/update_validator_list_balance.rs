//! `UpdateValidatorListBalance` (SPL tag 6), permissionless: for a chunk of validators, merge transient
//! stake that is ready, sweep lamports beyond the delegation (MEV tips, donations) into the reserve so
//! they count as rewards, move fully deactivated stake back to the reserve, and record this epoch's
//! balances.
//!
//! Accounts (SPL order): 0 stake pool, 1 withdraw authority PDA, 2 `[w]` validator list, 3 `[w]`
//! reserve stake, 4 clock sysvar, 5 stake history sysvar, 6 stake program, then pairs of
//! (`[w]` validator stake, `[w]` transient stake) for validators `start_index..` (remaining accounts).
//! Pairs whose addresses do not match the list are skipped, as in SPL.

use {
    crate::{
        checks::{self, StakeState},
        constants::STAKE_PROGRAM_ID,
        cpi::{
            self,
            stake::{PoolSigner, StakeSysvars},
        },
        error::StakePoolError,
        math, pda,
        state::{
            validator_list::{self, status, ValidatorStakeInfo},
            Lockup, StakePool,
        },
    },
    anchor_lang::prelude::*,
    solana_sysvar::{epoch_rewards::EpochRewards, Sysvar},
};

/// Accounts of `UpdateValidatorListBalance`.
#[derive(Accounts)]
pub struct UpdateValidatorListBalance<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

impl UpdateValidatorListBalance<'_> {
    fn validate(&self, pairs: usize) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_validator_list(&self.validator_list)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_reserve_stake(self.reserve_stake.key)?;
        if EpochRewards::get()?.active {
            return err!(StakePoolError::EpochRewardDistributionInProgress);
        }
        if !pairs.is_multiple_of(2) {
            msg!("Odd number of validator stake accounts passed in, should be pairs of validator stake and transient stake accounts");
            return err!(StakePoolError::UnexpectedValidatorListAccountSize);
        }
        Ok(pool)
    }
}

/// One validator's update: everything it needs besides its list entry and its two accounts.
struct ValidatorUpdate<'a, 'info> {
    signer: PoolSigner<'a, 'info>,
    sysvars: StakeSysvars<'a, 'info>,
    reserve: &'a AccountInfo<'info>,
    lockup: Lockup,
    epoch: u64,
    no_merge: bool,
    rent: Rent,
}

impl<'info> ValidatorUpdate<'_, 'info> {
    fn usable(&self, meta: &checks::StakeMeta) -> bool {
        checks::is_usable_by_pool(meta, self.signer.authority.key, &self.lockup)
    }

    /// Settles the transient stake account; returns the lamports it still holds for the pool.
    fn settle_transient(
        &self,
        record: &mut ValidatorStakeInfo,
        validator: &AccountInfo<'info>,
        transient: &AccountInfo<'info>,
    ) -> Result<u64> {
        if record.transient_stake_lamports() == 0 {
            return Ok(0);
        }
        let state = StakeState::read(&transient.try_borrow_data()?);
        match state {
            Some(StakeState::Initialized(meta)) if self.usable(&meta) => {
                if self.no_merge {
                    return Ok(transient.lamports());
                }
                // SAFETY: no borrow of the accounts passed is live across the call.
                unsafe { cpi::stake::merge(&self.signer, transient, self.reserve, &self.sysvars) }?;
                record.status = validator_list::without_transient(record.status);
                Ok(0)
            }
            Some(StakeState::Stake(meta, delegation)) if self.usable(&meta) => {
                if !self.no_merge {
                    if delegation.is_inactive_without_history(self.epoch) {
                        // SAFETY: no borrow of the accounts passed is live across the call.
                        unsafe { cpi::stake::merge(&self.signer, transient, self.reserve, &self.sysvars) }?;
                        record.status = validator_list::without_transient(record.status);
                    } else if record.status == status::ACTIVE {
                        self.merge_into_validator(transient, validator, &delegation)?;
                    } else if delegation.deactivation_epoch == u64::MAX {
                        msg!("Transient stake is activating or active, deactivating.");
                        // SAFETY: no borrow of the accounts passed is live across the call.
                        unsafe { cpi::stake::deactivate(&self.signer, transient, self.sysvars.clock) }?;
                    }
                }
                Ok(transient.lamports())
            }
            _ => Ok(0),
        }
    }

    /// An active transient merges into the validator stake once both are past activation.
    fn merge_into_validator(
        &self,
        transient: &AccountInfo<'info>,
        validator: &AccountInfo<'info>,
        delegation: &checks::Delegation,
    ) -> Result<()> {
        if delegation.activation_epoch >= self.epoch {
            msg!("Transient stake not ready to be merged anywhere");
            return Ok(());
        }
        match StakeState::read(&validator.try_borrow_data()?) {
            Some(StakeState::Stake(_, validator_delegation))
                if validator_delegation.activation_epoch < self.epoch => {}
            Some(StakeState::Stake(..)) => {
                msg!("Stake activating or just active, not ready to merge");
                return Ok(());
            }
            _ => {
                msg!(
                    "Transient stake is activating or active, but validator stake is not, need to add the validator stake account on {} back into the stake pool",
                    delegation.voter
                );
                return Ok(());
            }
        }
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::merge(&self.signer, transient, validator, &self.sysvars) }
    }

    /// Settles the validator stake account; returns its active lamports for the pool.
    fn settle_validator(
        &self,
        record: &mut ValidatorStakeInfo,
        validator: &AccountInfo<'info>,
        transient_lamports: u64,
    ) -> Result<u64> {
        let state = StakeState::read(&validator.try_borrow_data()?);
        match state {
            Some(StakeState::Stake(meta, delegation)) if self.usable(&meta) => {
                let rent = math::rent_exempt_minimum(&self.rent, validator.data_len());
                let extra = validator.lamports().saturating_sub(delegation.stake).saturating_sub(rent);
                if extra > 0 {
                    // SAFETY: no borrow of the accounts passed is live across the call.
                    unsafe {
                        cpi::stake::withdraw(&self.signer, validator, self.reserve, &self.sysvars, extra)
                    }?;
                }
                match record.status {
                    status::ACTIVE => Ok(validator.lamports()),
                    status::DEACTIVATING_VALIDATOR | status::DEACTIVATING_ALL => {
                        if self.no_merge || !delegation.is_inactive_without_history(self.epoch) {
                            Ok(validator.lamports())
                        } else {
                            // SAFETY: no borrow of the accounts passed is live across the call.
                            unsafe {
                                cpi::stake::merge(&self.signer, validator, self.reserve, &self.sysvars)
                            }?;
                            record.status = validator_list::without_validator_stake(record.status);
                            Ok(0)
                        }
                    }
                    status::DEACTIVATING_TRANSIENT | status::READY_FOR_REMOVAL => {
                        msg!("Validator stake account no longer part of the pool, ignoring");
                        Ok(0)
                    }
                    _ => Err(ProgramError::InvalidAccountData.into()),
                }
            }
            Some(StakeState::Initialized(meta)) if self.usable(&meta) => {
                // SAFETY: no borrow of the accounts passed is live across the call.
                unsafe { cpi::stake::merge(&self.signer, validator, self.reserve, &self.sysvars) }?;
                let next = if transient_lamports != 0 {
                    status::DEACTIVATING_TRANSIENT
                } else {
                    status::READY_FOR_REMOVAL
                };
                record.status = next;
                Ok(0)
            }
            _ => {
                msg!("Validator stake account no longer part of the pool, ignoring");
                Ok(0)
            }
        }
    }
}

/// Updates validators `start_index..start_index + pairs` for the current epoch.
pub fn process_update_validator_list_balance<'info>(
    ctx: Context<'info, UpdateValidatorListBalance<'info>>,
    start_index: u32,
    no_merge: bool,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let pairs = ctx.remaining_accounts;
    let pool = accounts.validate(pairs.len())?;
    let update = ValidatorUpdate {
        signer: PoolSigner {
            stake_pool: accounts.stake_pool.key,
            bump: pool.stake_withdraw_bump_seed,
            authority: &accounts.withdraw_authority,
        },
        sysvars: StakeSysvars { clock: &accounts.clock, stake_history: &accounts.stake_history },
        reserve: &accounts.reserve_stake,
        lockup: pool.lockup,
        epoch: Clock::get()?.epoch,
        no_merge,
        rent: Rent::get()?,
    };

    let mut data = accounts.validator_list.try_borrow_mut_data()?;
    let records = validator_list::entries_mut(&mut data, start_index as usize, pairs.len() / 2)?;
    for (record, pair) in records.iter_mut().zip(pairs.chunks_exact(2)) {
        let (validator, transient) = (&pair[0], &pair[1]);
        let vote = record.vote_account_address;
        let pool_key = accounts.stake_pool.key;
        if pda::find_validator_stake(&crate::ID, &vote, pool_key, record.validator_seed()).0 != *validator.key
        {
            msg!("Incorrect stake account address for vote {}", vote);
            continue;
        }
        if pda::find_transient_stake(&crate::ID, &vote, pool_key, record.transient_seed()).0 != *transient.key
        {
            continue;
        }
        let transient_lamports = update.settle_transient(record, validator, transient)?;
        let active_lamports = update.settle_validator(record, validator, transient_lamports)?;
        record.active_stake_lamports.set(active_lamports);
        record.transient_stake_lamports.set(transient_lamports);
        record.last_update_epoch.set(update.epoch);
    }
    Ok(())
}
