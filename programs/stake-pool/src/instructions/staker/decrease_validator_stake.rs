//! `DecreaseValidatorStakeWithReserve` (SPL tag 21), `DecreaseAdditionalValidatorStake` (tag 20) and the
//! deprecated `DecreaseValidatorStake` (tag 3), staker only: split stake off the validator into its
//! transient account and deactivate it; the epoch crank merges it into the reserve once inactive. The
//! reserve pays the transient account's rent, so the pool's SOL value is unchanged; the "additional"
//! form goes through an ephemeral account to add to a transient deactivating this epoch.
//!
//! Accounts (SPL order): 0 stake pool, 1 `[s]` staker, 2 withdraw authority PDA, 3 `[w]` validator
//! list, (with reserve: `[w]` reserve stake), `[w]` validator stake, (additional: `[w]` ephemeral
//! stake), `[w]` transient stake, clock sysvar, (deprecated: rent sysvar; else stake history sysvar),
//! system program, stake program.

use {
    crate::{
        checks,
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

/// Accounts of `DecreaseValidatorStakeWithReserve`.
#[derive(Accounts)]
pub struct DecreaseValidatorStakeWithReserve<'info> {
    /// CHECK: loaded by `StakePool::load` in `DecreaseView::validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `DecreaseView::validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `DecreaseView::validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `DecreaseView::validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: a delegated stake account at a listed validator's PDA (checked in `DecreaseView::validate`).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA for the given seed (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Accounts of `DecreaseAdditionalValidatorStake`.
#[derive(Accounts)]
pub struct DecreaseAdditionalValidatorStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `DecreaseView::validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `DecreaseView::validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `DecreaseView::validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `DecreaseView::validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: a delegated stake account at a listed validator's PDA (checked in `DecreaseView::validate`).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the ephemeral PDA for the given seed (checked in the handler).
    pub ephemeral_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA for the given seed (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Accounts of the deprecated `DecreaseValidatorStake` (the split-off stake pays its own rent).
#[derive(Accounts)]
pub struct DecreaseValidatorStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `DecreaseView::validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `DecreaseView::validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `DecreaseView::validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: a delegated stake account at a listed validator's PDA (checked in `DecreaseView::validate`).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the validator's transient PDA for the given seed (checked in the handler).
    pub transient_stake: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the rent sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub rent: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// The accounts the three forms share, so that one code path serves them all.
pub struct DecreaseView<'a, 'info> {
    stake_pool: &'a AccountInfo<'info>,
    staker: &'a AccountInfo<'info>,
    withdraw_authority: &'a AccountInfo<'info>,
    validator_list: &'a AccountInfo<'info>,
    reserve_stake: Option<&'a AccountInfo<'info>>,
    validator_stake: &'a AccountInfo<'info>,
    ephemeral_stake: Option<&'a AccountInfo<'info>>,
    transient_stake: &'a AccountInfo<'info>,
    clock: &'a AccountInfo<'info>,
    /// Absent in the deprecated form, which never merges or withdraws.
    stake_history: Option<&'a AccountInfo<'info>>,
}

/// What `DecreaseView::validate` established.
struct Plan {
    pool: Box<StakePool>,
    vote: Pubkey,
    has_transient: bool,
}

impl<'info> DecreaseView<'_, 'info> {
    fn validate(&self, transient_seed: u64, additional: bool) -> Result<Plan> {
        let pool = StakePool::load(self.stake_pool)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_staker(self.staker)?;
        pool.check_updated_this_epoch()?;
        pool.check_validator_list(self.validator_list)?;
        let data = self.validator_list.try_borrow_data()?;
        validator_list::header(&data)?;
        if let Some(reserve) = self.reserve_stake {
            pool.check_reserve_stake(reserve.key)?;
        }
        let (_, delegation) = checks::read_delegated_stake(self.validator_stake)?;
        let vote = delegation.voter;
        let Some(record) = validator_list::find(&data, &vote)? else {
            msg!("Vote account {} not found in stake pool", vote);
            return err!(StakePoolError::ValidatorNotFound);
        };
        checks::check_validator_stake_address(
            self.validator_stake.key,
            self.stake_pool.key,
            &vote,
            record.validator_seed(),
        )?;
        let has_transient = record.transient_stake_lamports() > 0;
        if has_transient {
            if !additional {
                msg!("Attempting to decrease stake on a validator with pending transient stake, use DecreaseAdditionalValidatorStake with the existing seed");
                return err!(StakePoolError::TransientAccountInUse);
            }
            if transient_seed != record.transient_seed() {
                msg!(
                    "Transient stake already exists with seed {}, you must use that one",
                    record.transient_seed()
                );
                return Err(ProgramError::InvalidSeeds.into());
            }
            let epoch = Clock::get()?.epoch;
            let (_, transient) = checks::read_delegated_stake(self.transient_stake)?;
            if transient.deactivation_epoch != epoch {
                msg!(
                    "Existing stake {} delegated to {} not deactivated in epoch {}",
                    self.transient_stake.key,
                    vote,
                    epoch
                );
                return err!(StakePoolError::WrongStakeStake);
            }
        }
        if record.status != status::ACTIVE {
            msg!("Validator is marked for removal and no longer allows decreases");
            return err!(StakePoolError::ValidatorNotFound);
        }
        Ok(Plan { pool, vote, has_transient })
    }

    /// Tops `account` up to a stake account's rent from the reserve (the reserve forms only).
    fn fund_rent_from_reserve(
        &self,
        signer: &PoolSigner<'_, 'info>,
        account: &AccountInfo<'info>,
        stake_rent: u64,
    ) -> Result<()> {
        let Some(reserve) = self.reserve_stake else {
            return Ok(());
        };
        let missing = stake_rent.saturating_sub(account.lamports());
        if missing == 0 {
            return Ok(());
        }
        if missing >= reserve.lamports() {
            return err!(StakePoolError::ReserveDepleted);
        }
        let stake_history = self.stake_history.ok_or(StakePoolError::MissingRequiredSysvar)?;
        let sysvars = StakeSysvars { clock: self.clock, stake_history };
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::withdraw(signer, reserve, account, &sysvars, missing) }
    }
}

/// `DecreaseValidatorStakeWithReserve`.
pub fn process_decrease_validator_stake_with_reserve<'info>(
    ctx: Context<'info, DecreaseValidatorStakeWithReserve<'info>>,
    lamports: u64,
    transient_seed: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let view = DecreaseView {
        stake_pool: &a.stake_pool,
        staker: &a.staker,
        withdraw_authority: &a.withdraw_authority,
        validator_list: &a.validator_list,
        reserve_stake: Some(&a.reserve_stake),
        validator_stake: &a.validator_stake,
        ephemeral_stake: None,
        transient_stake: &a.transient_stake,
        clock: &a.clock,
        stake_history: Some(&a.stake_history),
    };
    process_decrease(&view, lamports, transient_seed, None)
}

/// `DecreaseAdditionalValidatorStake`.
pub fn process_decrease_additional_validator_stake<'info>(
    ctx: Context<'info, DecreaseAdditionalValidatorStake<'info>>,
    lamports: u64,
    transient_seed: u64,
    ephemeral_seed: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let view = DecreaseView {
        stake_pool: &a.stake_pool,
        staker: &a.staker,
        withdraw_authority: &a.withdraw_authority,
        validator_list: &a.validator_list,
        reserve_stake: Some(&a.reserve_stake),
        validator_stake: &a.validator_stake,
        ephemeral_stake: Some(&a.ephemeral_stake),
        transient_stake: &a.transient_stake,
        clock: &a.clock,
        stake_history: Some(&a.stake_history),
    };
    process_decrease(&view, lamports, transient_seed, Some(ephemeral_seed))
}

/// The deprecated `DecreaseValidatorStake`, as SPL 2.x still runs it.
pub fn process_decrease_validator_stake<'info>(
    ctx: Context<'info, DecreaseValidatorStake<'info>>,
    lamports: u64,
    transient_seed: u64,
) -> Result<()> {
    let a = &ctx.accounts;
    let view = DecreaseView {
        stake_pool: &a.stake_pool,
        staker: &a.staker,
        withdraw_authority: &a.withdraw_authority,
        validator_list: &a.validator_list,
        reserve_stake: None,
        validator_stake: &a.validator_stake,
        ephemeral_stake: None,
        transient_stake: &a.transient_stake,
        clock: &a.clock,
        stake_history: None,
    };
    process_decrease(&view, lamports, transient_seed, None)
}

/// Splits `lamports` off the validator stake into its transient account, deactivating.
fn process_decrease<'info>(
    view: &DecreaseView<'_, 'info>,
    lamports: u64,
    transient_seed: u64,
    ephemeral_seed: Option<u64>,
) -> Result<()> {
    let Plan { pool, vote, has_transient } = view.validate(transient_seed, ephemeral_seed.is_some())?;
    let rent = Rent::get()?;
    let stake_rent = math::rent_exempt_minimum(&rent, STAKE_ACCOUNT_LEN as usize);
    let validator_rent = math::rent_exempt_minimum(&rent, view.validator_stake.data_len());
    let stake_minimum = cpi::stake::minimum_delegation()?;
    let minimum = stake_minimum.max(MINIMUM_ACTIVE_STAKE);
    if lamports < minimum {
        msg!("Need at least {} lamports for transient stake to meet minimum delegation and rent-exempt requirements, {} provided", minimum, lamports);
        return Err(ProgramError::AccountNotRentExempt.into());
    }
    let remaining =
        view.validator_stake.lamports().checked_sub(lamports).ok_or(ProgramError::InsufficientFunds)?;
    let required = validator_rent.saturating_add(minimum);
    if remaining < required {
        msg!(
            "Need at least {} lamports in the stake account after decrease, {} requested",
            required,
            lamports
        );
        return Err(ProgramError::InsufficientFunds.into());
    }

    let pool_key = view.stake_pool.key;
    let signer = PoolSigner {
        stake_pool: pool_key,
        bump: pool.stake_withdraw_bump_seed,
        authority: view.withdraw_authority,
    };
    let (source, split_lamports) = match (ephemeral_seed, view.ephemeral_stake) {
        (Some(seed), Some(ephemeral)) => {
            let (address, bump) = pda::find_ephemeral_stake(&crate::ID, pool_key, seed);
            if address != *ephemeral.key {
                return err!(StakePoolError::InvalidStakeAccountAddress);
            }
            let seed_bytes = seed.to_le_bytes();
            let seeds: &[&[u8]] = &[EPHEMERAL_STAKE_SEED_PREFIX, pool_key.as_ref(), &seed_bytes, &[bump]];
            cpi::system::create_stake_account(ephemeral, seeds, STAKE_ACCOUNT_LEN)?;
            view.fund_rent_from_reserve(&signer, ephemeral, stake_rent)?;
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe { cpi::stake::split(&signer, view.validator_stake, ephemeral, lamports) }?;
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe { cpi::stake::deactivate(&signer, ephemeral, view.clock) }?;
            (ephemeral, ephemeral.lamports())
        }
        _ => (view.validator_stake, lamports),
    };

    let (transient_address, transient_bump) =
        pda::find_transient_stake(&crate::ID, &vote, pool_key, transient_seed);
    if transient_address != *view.transient_stake.key {
        return err!(StakePoolError::InvalidStakeAccountAddress);
    }
    if has_transient {
        let stake_history = view.stake_history.ok_or(StakePoolError::MissingRequiredSysvar)?;
        let sysvars = StakeSysvars { clock: view.clock, stake_history };
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::merge(&signer, source, view.transient_stake, &sysvars) }?;
    } else {
        let seed_bytes = transient_seed.to_le_bytes();
        let seeds: &[&[u8]] =
            &[TRANSIENT_STAKE_SEED_PREFIX, vote.as_ref(), pool_key.as_ref(), &seed_bytes, &[transient_bump]];
        cpi::system::create_stake_account(view.transient_stake, seeds, STAKE_ACCOUNT_LEN)?;
        // Splitting a whole account (the ephemeral one) moves its rent along; a partial split needs the
        // reserve to pay the new account's rent.
        if source.lamports() != split_lamports {
            view.fund_rent_from_reserve(&signer, view.transient_stake, stake_rent)?;
        }
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe { cpi::stake::split(&signer, source, view.transient_stake, split_lamports) }?;
        let (_, delegation) = checks::read_delegated_stake(view.transient_stake)?;
        if delegation.deactivation_epoch == u64::MAX {
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe { cpi::stake::deactivate(&signer, view.transient_stake, view.clock) }?;
        }
    }

    let mut data = view.validator_list.try_borrow_mut_data()?;
    let record = validator_list::find_mut(&mut data, &vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
    let active =
        record.active_stake_lamports().checked_sub(lamports).ok_or(StakePoolError::CalculationFailure)?;
    record.active_stake_lamports.set(active);
    record.transient_stake_lamports.set(view.transient_stake.lamports());
    record.transient_seed_suffix.set(transient_seed);
    Ok(())
}
