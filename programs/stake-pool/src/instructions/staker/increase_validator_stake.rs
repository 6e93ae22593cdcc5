//! `IncreaseValidatorStake` (SPL tag 4) and `IncreaseAdditionalValidatorStake` (tag 19), staker only:
//! move reserve lamports into the validator's transient stake account, activating towards the
//! validator; the epoch crank merges it into the validator stake once active. The "additional" form
//! goes through an ephemeral account so that it can top up a transient account activating this epoch.
//!
//! Accounts (SPL order): 0 stake pool, 1 `[s]` staker, 2 withdraw authority PDA, 3 `[w]` validator
//! list, 4 `[w]` reserve stake, (additional: 5 `[w]` ephemeral stake), `[w]` transient stake,
//! validator stake, vote account, clock sysvar, (plain: rent sysvar), stake history sysvar, stake
//! config, system program, stake program.

use {
    crate::{
        checks::{self, StakeState},
        constants::*,
        cpi::{
            self,
            stake::{PoolSigner, StakeSysvars},
        },
        error::StakePoolError,
        math, pda,
        state::{
            validator_list::{self, status},
            StakePool,
        },
    },
    anchor_lang::{prelude::*, solana_program::system_program},
};

/// Accounts of `IncreaseValidatorStake`.
#[derive(Accounts)]
pub struct IncreaseValidatorStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `IncreaseView::validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `IncreaseView::validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `IncreaseView::validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `IncreaseView::validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA for the given seed (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: `checks::check_validator_stake_account`.
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: must be listed (checked in `IncreaseView::validate`).
    pub vote_account: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the rent sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub rent: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: the stake program checks it.
    pub stake_config: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Accounts of `IncreaseAdditionalValidatorStake`.
#[derive(Accounts)]
pub struct IncreaseAdditionalValidatorStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `IncreaseView::validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `IncreaseView::validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `IncreaseView::validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `IncreaseView::validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: the ephemeral PDA for the given seed (checked in the handler).
    pub ephemeral_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA for the given seed (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: `checks::check_validator_stake_account`.
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: must be listed (checked in `IncreaseView::validate`).
    pub vote_account: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: the stake program checks it.
    pub stake_config: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// The accounts both forms share, so that one code path serves both.
pub struct IncreaseView<'a, 'info> {
    stake_pool: &'a AccountInfo<'info>,
    staker: &'a AccountInfo<'info>,
    withdraw_authority: &'a AccountInfo<'info>,
    validator_list: &'a AccountInfo<'info>,
    reserve_stake: &'a AccountInfo<'info>,
    ephemeral_stake: Option<&'a AccountInfo<'info>>,
    transient_stake: &'a AccountInfo<'info>,
    validator_stake: &'a AccountInfo<'info>,
    vote_account: &'a AccountInfo<'info>,
    clock: &'a AccountInfo<'info>,
    stake_history: &'a AccountInfo<'info>,
    stake_config: &'a AccountInfo<'info>,
}

impl<'info> IncreaseValidatorStake<'info> {
    fn view(&self) -> IncreaseView<'_, 'info> {
        IncreaseView {
            stake_pool: &self.stake_pool,
            staker: &self.staker,
            withdraw_authority: &self.withdraw_authority,
            validator_list: &self.validator_list,
            reserve_stake: &self.reserve_stake,
            ephemeral_stake: None,
            transient_stake: &self.transient_stake,
            validator_stake: &self.validator_stake,
            vote_account: &self.vote_account,
            clock: &self.clock,
            stake_history: &self.stake_history,
            stake_config: &self.stake_config,
        }
    }
}

impl<'info> IncreaseAdditionalValidatorStake<'info> {
    fn view(&self) -> IncreaseView<'_, 'info> {
        IncreaseView {
            stake_pool: &self.stake_pool,
            staker: &self.staker,
            withdraw_authority: &self.withdraw_authority,
            validator_list: &self.validator_list,
            reserve_stake: &self.reserve_stake,
            ephemeral_stake: Some(&self.ephemeral_stake),
            transient_stake: &self.transient_stake,
            validator_stake: &self.validator_stake,
            vote_account: &self.vote_account,
            clock: &self.clock,
            stake_history: &self.stake_history,
            stake_config: &self.stake_config,
        }
    }
}

impl IncreaseView<'_, '_> {
    /// Returns the pool, the current epoch and whether the validator already has transient stake.
    fn validate(&self, transient_seed: u64, additional: bool) -> Result<(Box<StakePool>, u64, bool)> {
        let pool = StakePool::load(self.stake_pool)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_staker(self.staker)?;
        pool.check_updated_this_epoch()?;
        pool.check_validator_list(self.validator_list)?;
        pool.check_reserve_stake(self.reserve_stake.key)?;
        let epoch = Clock::get()?.epoch;
        let data = self.validator_list.try_borrow_data()?;
        validator_list::header(&data)?;
        let vote = self.vote_account.key;
        let Some(record) = validator_list::find(&data, vote)? else {
            msg!("Vote account {} not found in stake pool", vote);
            return err!(StakePoolError::ValidatorNotFound);
        };
        let has_transient = record.transient_stake_lamports() > 0;
        if has_transient {
            if !additional {
                msg!("Attempting to increase stake on a validator with pending transient stake, use IncreaseAdditionalValidatorStake with the existing seed");
                return err!(StakePoolError::TransientAccountInUse);
            }
            if transient_seed != record.transient_seed() {
                msg!(
                    "Transient stake already exists with seed {}, you must use that one",
                    record.transient_seed()
                );
                return Err(ProgramError::InvalidSeeds.into());
            }
            let (_, delegation) = checks::read_delegated_stake(self.transient_stake)?;
            if delegation.deactivation_epoch != u64::MAX || delegation.activation_epoch != epoch {
                msg!(
                    "Existing stake {} delegated to {} not activated in epoch {}",
                    self.transient_stake.key,
                    vote,
                    epoch
                );
                return err!(StakePoolError::WrongStakeStake);
            }
        }
        checks::check_validator_stake_account(
            self.validator_stake,
            self.stake_pool.key,
            self.withdraw_authority.key,
            vote,
            record.validator_seed(),
            &pool.lockup,
        )?;
        if record.status != status::ACTIVE {
            msg!("Validator is marked for removal and no longer allows increases");
            return err!(StakePoolError::ValidatorNotFound);
        }
        Ok((pool, epoch, has_transient))
    }
}

/// `IncreaseValidatorStake`.
pub fn process_increase_validator_stake<'info>(
    ctx: Context<'info, IncreaseValidatorStake<'info>>,
    lamports: u64,
    transient_seed: u64,
) -> Result<()> {
    process_increase(&ctx.accounts.view(), lamports, transient_seed, None)
}

/// `IncreaseAdditionalValidatorStake`.
pub fn process_increase_additional_validator_stake<'info>(
    ctx: Context<'info, IncreaseAdditionalValidatorStake<'info>>,
    lamports: u64,
    transient_seed: u64,
    ephemeral_seed: u64,
) -> Result<()> {
    process_increase(&ctx.accounts.view(), lamports, transient_seed, Some(ephemeral_seed))
}

/// Moves `lamports` (plus a stake account's rent) from the reserve to the validator's transient stake.
fn process_increase<'info>(
    view: &IncreaseView<'_, 'info>,
    lamports: u64,
    transient_seed: u64,
    ephemeral_seed: Option<u64>,
) -> Result<()> {
    let (pool, epoch, has_transient) = view.validate(transient_seed, ephemeral_seed.is_some())?;
    let stake_rent = math::rent_exempt_minimum(&Rent::get()?, STAKE_ACCOUNT_LEN as usize);
    let minimum = cpi::stake::minimum_delegation()?.max(MINIMUM_ACTIVE_STAKE);
    if lamports < minimum {
        msg!("Need more than {} lamports for transient stake to meet minimum delegation requirement, {} provided", minimum, lamports);
        return Err(ProgramError::Custom(STAKE_ERROR_INSUFFICIENT_DELEGATION).into());
    }
    let total = lamports.saturating_add(stake_rent);
    if view.reserve_stake.lamports().saturating_sub(total) < stake_rent {
        msg!(
            "Reserve stake does not have enough lamports for increase, maximum amount {}, {} requested",
            view.reserve_stake.lamports().saturating_sub(stake_rent.saturating_mul(2)),
            lamports
        );
        return Err(ProgramError::InsufficientFunds.into());
    }

    let pool_key = view.stake_pool.key;
    let vote = view.vote_account.key;
    let signer = PoolSigner {
        stake_pool: pool_key,
        bump: pool.stake_withdraw_bump_seed,
        authority: view.withdraw_authority,
    };
    let sysvars = StakeSysvars { clock: view.clock, stake_history: view.stake_history };
    let source = match (ephemeral_seed, view.ephemeral_stake) {
        (Some(seed), Some(ephemeral)) => {
            let (address, bump) = pda::find_ephemeral_stake(&crate::ID, pool_key, seed);
            if address != *ephemeral.key {
                return err!(StakePoolError::InvalidStakeAccountAddress);
            }
            let seed_bytes = seed.to_le_bytes();
            let seeds: &[&[u8]] = &[EPHEMERAL_STAKE_SEED_PREFIX, pool_key.as_ref(), &seed_bytes, &[bump]];
            cpi::system::create_stake_account(ephemeral, seeds, STAKE_ACCOUNT_LEN)?;
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe { cpi::stake::split(&signer, view.reserve_stake, ephemeral, total) }?;
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe {
                cpi::stake::delegate(&signer, ephemeral, view.vote_account, &sysvars, view.stake_config)
            }?;
            ephemeral
        }
        _ => view.reserve_stake,
    };

    let (transient_address, transient_bump) =
        pda::find_transient_stake(&crate::ID, vote, pool_key, transient_seed);
    if transient_address != *view.transient_stake.key {
        return err!(StakePoolError::InvalidStakeAccountAddress);
    }
    if has_transient {
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::merge(&signer, source, view.transient_stake, &sysvars) }?;
    } else {
        let seed_bytes = transient_seed.to_le_bytes();
        let seeds: &[&[u8]] =
            &[TRANSIENT_STAKE_SEED_PREFIX, vote.as_ref(), pool_key.as_ref(), &seed_bytes, &[transient_bump]];
        cpi::system::create_stake_account(view.transient_stake, seeds, STAKE_ACCOUNT_LEN)?;
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::split(&signer, source, view.transient_stake, total) }?;
        // Split from an (ephemeral) delegation that is already activating: nothing more to do.
        let activating = matches!(
            StakeState::read(&view.transient_stake.try_borrow_data()?),
            Some(StakeState::Stake(_, delegation)) if delegation.activation_epoch <= epoch
        );
        if !activating {
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe {
                cpi::stake::delegate(
                    &signer,
                    view.transient_stake,
                    view.vote_account,
                    &sysvars,
                    view.stake_config,
                )
            }?;
        }
    }

    let mut data = view.validator_list.try_borrow_mut_data()?;
    let record = validator_list::find_mut(&mut data, vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
    let transient =
        record.transient_stake_lamports().checked_add(total).ok_or(StakePoolError::CalculationFailure)?;
    record.transient_stake_lamports.set(transient);
    record.transient_seed_suffix.set(transient_seed);
    Ok(())
}
