//! `WithdrawStake` (SPL tag 10) and `WithdrawStakeWithSlippage` (tag 24): burn pool tokens and receive
//! a stake account split off the pool. Sources in order: the preferred validator, any validator above
//! its minimum, transient stake, then the reserve or a whole validator account (which leaves the pool).
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[w]` validator list, 2 withdraw authority PDA,
//! 3 `[w]` stake account to split from, 4 `[w]` uninitialized stake account to receive, 5 the new
//! owner's authority, 6 `[s]` user transfer authority, 7 `[w]` pool-token account to burn from,
//! 8 `[w]` manager fee account, 9 `[w]` pool mint, 10 clock sysvar, 11 token program, 12 stake program.

use {
    crate::{
        checks::{self, StakeState},
        constants::{MINIMUM_ACTIVE_STAKE, STAKE_PROGRAM_ID},
        cpi::{self, stake::PoolSigner},
        error::StakePoolError,
        math, pda,
        state::{
            validator_list::{self, status, ValidatorStakeInfo},
            StakePool,
        },
    },
    anchor_lang::prelude::*,
};

/// Accounts of `WithdrawStake`.
#[derive(Accounts)]
pub struct WithdrawStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: the reserve or a listed validator's stake or transient PDA (checked in the handler).
    pub split_from: UncheckedAccount<'info>,
    /// CHECK: the stake program checks it is an uninitialized stake account.
    pub split_to: UncheckedAccount<'info>,
    /// CHECK: any key may own the new stake account.
    pub user_stake_authority: UncheckedAccount<'info>,
    /// CHECK: must sign; the token program checks it owns (or is delegate of) the burnt tokens.
    #[account(signer @ ProgramError::MissingRequiredSignature)]
    pub user_transfer_authority: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub burn_from: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager fee account (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: must be the pool's token program (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

/// Where the withdrawn stake comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Reserve,
    Active(Pubkey),
    Transient(Pubkey),
    /// The whole validator stake account: the validator leaves the pool.
    ValidatorRemoval(Pubkey),
}

impl WithdrawStake<'_> {
    /// Returns the pool and the mint's decimals.
    fn validate(&self) -> Result<(Box<StakePool>, u8)> {
        let pool = StakePool::load(&self.stake_pool)?;
        let decimals = pool.check_mint(&self.pool_mint)?;
        pool.check_validator_list(&self.validator_list)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        if pool.manager_fee_account != *self.manager_fee_account.key {
            return err!(StakePoolError::InvalidFeeAccount);
        }
        if pool.token_program_id != *self.token_program.key {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        pool.check_updated_this_epoch()?;
        validator_list::header(&self.validator_list.try_borrow_data()?)?;
        Ok((pool, decimals))
    }

    /// Picks and checks the source, enforcing SPL's order; may adjust `lamports` (a whole account).
    fn choose_source(&self, pool: &mut StakePool, lamports: &mut u64) -> Result<Source> {
        let rent = math::rent_exempt_minimum(&Rent::get()?, self.split_from.data_len());
        let stake_minimum = cpi::stake::minimum_delegation()?;
        let state =
            StakeState::read(&self.split_from.try_borrow_data()?).ok_or(ProgramError::BorshIoError)?;
        let required = rent.saturating_add(stake_minimum.max(MINIMUM_ACTIVE_STAKE));
        let per_token = math::lamports_per_pool_token(pool.total_lamports, pool.pool_token_supply)
            .ok_or(StakePoolError::CalculationFailure)?;
        let tolerance = required.saturating_add(stake_minimum).saturating_add(per_token);

        let data = self.validator_list.try_borrow_data()?;
        let entries = validator_list::entries(&data)?;
        let active = |r: &&ValidatorStakeInfo| r.status == status::ACTIVE;
        let has_active = entries.iter().filter(active).any(|r| r.active_stake_lamports() > tolerance);
        let has_transient = entries.iter().filter(active).any(|r| r.transient_stake_lamports() > tolerance);

        if *self.split_from.key == pool.reserve_stake {
            if has_active || has_transient {
                msg!("Error withdrawing from reserve: validator stake accounts have lamports available, please use those first.");
                return err!(StakePoolError::StakeLamportsNotEqualToMinimum);
            }
            let reserve_minimum = math::minimum_reserve_lamports(rent);
            if self.split_from.lamports().saturating_sub(*lamports) < reserve_minimum {
                msg!(
                    "Attempting to withdraw {} lamports, maximum possible SOL withdrawal is {} lamports",
                    lamports,
                    self.split_from.lamports().saturating_sub(reserve_minimum)
                );
                return err!(StakePoolError::SolWithdrawalTooLarge);
            }
            return Ok(Source::Reserve);
        }

        let StakeState::Stake(_, delegation) = state else {
            return err!(StakePoolError::WrongStakeStake);
        };
        let vote = delegation.voter;
        if let Some(preferred) = pool.preferred_withdraw_validator_vote_address {
            match validator_list::find(&data, &preferred)? {
                Some(record) if preferred != vote && record.active_stake_lamports() >= tolerance => {
                    msg!("Validator vote address {} is preferred for withdrawals, it currently has {} lamports available. Please withdraw those before using other validator stake accounts.", preferred, record.active_stake_lamports());
                    return err!(StakePoolError::IncorrectWithdrawVoteAddress);
                }
                Some(_) => {}
                None => {
                    msg!("Preferred withdraw validator not found, allowing withdrawal from any validator")
                }
            }
        }
        let record = validator_list::find(&data, &vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
        let pool_key = self.stake_pool.key;
        let validator_address =
            pda::find_validator_stake(&crate::ID, &vote, pool_key, record.validator_seed()).0;
        let source = if has_active {
            Source::Active(validator_address)
        } else if has_transient || record.transient_stake_lamports() != 0 {
            Source::Transient(
                pda::find_transient_stake(&crate::ID, &vote, pool_key, record.transient_seed()).0,
            )
        } else {
            Source::ValidatorRemoval(validator_address)
        };
        let expected = match source {
            Source::Active(address) | Source::Transient(address) | Source::ValidatorRemoval(address) => {
                address
            }
            Source::Reserve => *self.split_from.key,
        };
        if expected != *self.split_from.key {
            msg!(
                "Incorrect stake account address for vote {}, expected {}, received {}",
                vote,
                expected,
                self.split_from.key
            );
            return err!(StakePoolError::InvalidStakeAccountAddress);
        }
        if record.status != status::ACTIVE {
            msg!("Validator is marked for removal and no longer allowing withdrawals");
            return err!(StakePoolError::ValidatorNotFound);
        }
        match source {
            Source::ValidatorRemoval(_) => {
                let whole = self.split_from.lamports();
                if *lamports < whole || *lamports > whole.saturating_add(per_token) {
                    msg!("Cannot withdraw a whole account worth {} lamports, must withdraw at least {} lamports worth of pool tokens with a margin of {} lamports", lamports, whole, per_token);
                    return err!(StakePoolError::StakeLamportsNotEqualToMinimum);
                }
                *lamports = whole;
                for preferred in [
                    &mut pool.preferred_deposit_validator_vote_address,
                    &mut pool.preferred_withdraw_validator_vote_address,
                ] {
                    if *preferred == Some(vote) {
                        *preferred = None;
                    }
                }
            }
            _ => {
                if self.split_from.lamports().saturating_sub(*lamports) < required {
                    msg!("Attempting to withdraw {} lamports from validator account with {} stake lamports, {} must remain", lamports, self.split_from.lamports(), required);
                    return err!(StakePoolError::StakeLamportsNotEqualToMinimum);
                }
            }
        }
        Ok(match source {
            Source::Active(_) => Source::Active(vote),
            Source::Transient(_) => Source::Transient(vote),
            Source::ValidatorRemoval(_) => Source::ValidatorRemoval(vote),
            Source::Reserve => Source::Reserve,
        })
    }
}

/// Burns `pool_tokens` for a stake account; with `minimum_lamports_out`, fails with `ExceededSlippage`
/// below it.
pub fn process_withdraw_stake<'info>(
    ctx: Context<'info, WithdrawStake<'info>>,
    pool_tokens: u64,
    minimum_lamports_out: Option<u64>,
) -> Result<()> {
    let a = &ctx.accounts;
    let (mut pool, decimals) = a.validate()?;
    let charge_fee = pool.manager_fee_account != *a.burn_from.key
        && checks::check_manager_fee_account(&a.manager_fee_account, &pool.pool_mint, &pool.token_program_id)
            .is_ok();
    let split = math::split_withdrawal(
        pool.total_lamports,
        pool.pool_token_supply,
        pool_tokens,
        &pool.stake_withdrawal_fee,
        charge_fee,
    )
    .ok_or(StakePoolError::CalculationFailure)?;
    if split.lamports == 0 {
        return err!(StakePoolError::WithdrawalTooSmall);
    }
    let mut lamports = split.lamports;
    let source = a.choose_source(&mut pool, &mut lamports)?;
    if minimum_lamports_out.is_some_and(|minimum| lamports < minimum) {
        return err!(StakePoolError::ExceededSlippage);
    }

    let pool_key = a.stake_pool.key;
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe {
        cpi::token::burn(
            &a.token_program,
            &a.burn_from,
            &a.pool_mint,
            &a.user_transfer_authority,
            split.burnt,
        )
    }?;
    let signer = PoolSigner {
        stake_pool: pool_key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &a.withdraw_authority,
    };
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe { cpi::stake::split(&signer, &a.split_from, &a.split_to, lamports) }?;
    let bump = [signer.bump];
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe {
        cpi::stake::authorize_both(
            &a.split_to,
            &a.withdraw_authority,
            a.user_stake_authority.key,
            &a.clock,
            Some(&signer.seeds(&bump)),
        )
    }?;
    if split.fee > 0 {
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe {
            cpi::token::transfer_checked(
                &a.token_program,
                &a.burn_from,
                &a.pool_mint,
                &a.manager_fee_account,
                &a.user_transfer_authority,
                split.fee,
                decimals,
            )
        }?;
    }

    pool.pool_token_supply =
        pool.pool_token_supply.checked_sub(split.burnt).ok_or(StakePoolError::CalculationFailure)?;
    pool.total_lamports =
        pool.total_lamports.checked_sub(lamports).ok_or(StakePoolError::CalculationFailure)?;
    // Emptying a validator's account may have cleared a preferred validator: then the whole pool.
    if matches!(source, Source::ValidatorRemoval(_)) {
        pool.save(&a.stake_pool)?;
    } else {
        pool.save_balances(&a.stake_pool)?;
    }

    let vote = match source {
        Source::Reserve => return Ok(()),
        Source::Active(vote) | Source::Transient(vote) | Source::ValidatorRemoval(vote) => vote,
    };
    let mut data = a.validator_list.try_borrow_mut_data()?;
    let record = validator_list::find_mut(&mut data, &vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
    let overflow = || error!(StakePoolError::CalculationFailure);
    match source {
        Source::Transient(_) => {
            let left = record.transient_stake_lamports().checked_sub(lamports).ok_or_else(overflow)?;
            record.transient_stake_lamports.set(left);
        }
        _ => {
            let left = record.active_stake_lamports().checked_sub(lamports).ok_or_else(overflow)?;
            record.active_stake_lamports.set(left);
            if matches!(source, Source::ValidatorRemoval(_)) {
                if left != 0 {
                    msg!("Attempting to remove a validator from the pool, but withdrawal leaves {} lamports, update the pool to merge any unaccounted lamports", left);
                    return err!(StakePoolError::StakeListAndPoolOutOfDate);
                }
                record.status = status::READY_FOR_REMOVAL;
            }
        }
    }
    Ok(())
}
