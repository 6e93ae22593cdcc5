//! `DepositStake` (SPL tag 9) and `DepositStakeWithSlippage` (tag 23): merge a user's active stake
//! account (already authorized to the pool's deposit authority) into a validator's stake account and
//! mint pool tokens for it; lamports beyond the delegation go to the reserve and pay the SOL deposit
//! fee.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[w]` validator list, 2 `[s]`/PDA stake deposit
//! authority, 3 withdraw authority PDA, 4 `[w]` the stake to merge, 5 `[w]` validator stake account,
//! 6 `[w]` reserve stake, 7 `[w]` destination pool-token account, 8 `[w]` manager fee account,
//! 9 `[w]` referrer pool-token account, 10 `[w]` pool mint, 11 clock sysvar, 12 stake history sysvar,
//! 13 token program, 14 stake program.

use {
    crate::{
        checks,
        constants::{AUTHORITY_DEPOSIT, STAKE_PROGRAM_ID},
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
    anchor_lang::prelude::*,
};

/// Accounts of `DepositStake`.
#[derive(Accounts)]
pub struct DepositStake<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the pool's stake deposit authority (checked in `validate`); the stake program
    /// checks it controls the deposited stake.
    pub stake_deposit_authority: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: the stake program checks it when authorizing and merging.
    pub deposit_stake: UncheckedAccount<'info>,
    /// CHECK: a listed validator's stake PDA (checked in `validate`).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub destination: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager fee account (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub referrer: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: the clock sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: must be the pool's token program (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
}

impl DepositStake<'_> {
    /// Returns the pool and the validator stake's delegation before the merge.
    fn validate(&self) -> Result<(Box<StakePool>, checks::Delegation)> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_stake_deposit_authority(self.stake_deposit_authority.key)?;
        pool.check_mint(&self.pool_mint)?;
        pool.check_validator_list(&self.validator_list)?;
        pool.check_reserve_stake(self.reserve_stake.key)?;
        if pool.token_program_id != *self.token_program.key {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        if pool.manager_fee_account != *self.manager_fee_account.key {
            return err!(StakePoolError::InvalidFeeAccount);
        }
        pool.check_updated_this_epoch()?;
        let data = self.validator_list.try_borrow_data()?;
        validator_list::header(&data)?;
        let (_, delegation) = checks::read_delegated_stake(&self.validator_stake)?;
        let vote = delegation.voter;
        if let Some(preferred) = pool.preferred_deposit_validator_vote_address {
            if preferred != vote {
                msg!("Incorrect deposit address, expected {}, received {}", preferred, vote);
                return err!(StakePoolError::IncorrectDepositVoteAddress);
            }
        }
        let record = validator_list::find(&data, &vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
        checks::check_validator_stake_address(
            self.validator_stake.key,
            self.stake_pool.key,
            &vote,
            record.validator_seed(),
        )?;
        if record.status != status::ACTIVE {
            msg!("Validator is marked for removal and no longer accepting deposits");
            return err!(StakePoolError::ValidatorNotFound);
        }
        Ok((pool, delegation))
    }
}

/// Merges the user's stake into the validator's and mints pool tokens; with `minimum_pool_tokens_out`,
/// fails with `ExceededSlippage` below it.
pub fn process_deposit_stake<'info>(
    ctx: Context<'info, DepositStake<'info>>,
    minimum_pool_tokens_out: Option<u64>,
) -> Result<()> {
    let a = &ctx.accounts;
    let (mut pool, before) = a.validate()?;
    let vote = before.voter;
    let pool_key = a.stake_pool.key;
    let lamports_before = a.validator_stake.lamports();

    // The deposit authority hands the stake to the withdraw authority: signed by us when it is our
    // default PDA, by the transaction otherwise.
    let (default_deposit_authority, deposit_bump) = pda::find_deposit_authority(&crate::ID, pool_key);
    let deposit_seeds: &[&[u8]] = &[pool_key.as_ref(), AUTHORITY_DEPOSIT, &[deposit_bump]];
    let seeds = (*a.stake_deposit_authority.key == default_deposit_authority).then_some(deposit_seeds);
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe {
        cpi::stake::authorize_both(
            &a.deposit_stake,
            &a.stake_deposit_authority,
            a.withdraw_authority.key,
            &a.clock,
            seeds,
        )
    }?;
    let signer = PoolSigner {
        stake_pool: pool_key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &a.withdraw_authority,
    };
    let sysvars = StakeSysvars { clock: &a.clock, stake_history: &a.stake_history };
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe { cpi::stake::merge(&signer, &a.deposit_stake, &a.validator_stake, &sysvars) }?;

    let (_, after) = checks::read_delegated_stake(&a.validator_stake)?;
    let total_deposit = a
        .validator_stake
        .lamports()
        .checked_sub(lamports_before)
        .ok_or(StakePoolError::CalculationFailure)?;
    let stake_deposit = after.stake.checked_sub(before.stake).ok_or(StakePoolError::CalculationFailure)?;
    let sol_deposit = total_deposit.checked_sub(stake_deposit).ok_or(StakePoolError::CalculationFailure)?;
    let split = math::split_stake_deposit(
        pool.total_lamports,
        pool.pool_token_supply,
        total_deposit,
        stake_deposit,
        &pool.stake_deposit_fee,
        &pool.sol_deposit_fee,
        pool.stake_referral_fee,
    )
    .ok_or(StakePoolError::CalculationFailure)?;
    if split.user == 0 {
        return err!(StakePoolError::DepositTooSmall);
    }
    if minimum_pool_tokens_out.is_some_and(|minimum| split.user < minimum) {
        return err!(StakePoolError::ExceededSlippage);
    }

    for (destination, amount) in
        [(&a.destination, split.user), (&a.manager_fee_account, split.manager), (&a.referrer, split.referrer)]
    {
        if amount > 0 {
            // SAFETY: no borrow of the accounts passed is live across the call.
            unsafe { cpi::token::mint_to(&signer, &a.token_program, &a.pool_mint, destination, amount) }?;
        }
    }
    if sol_deposit > 0 {
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe {
            cpi::stake::withdraw(&signer, &a.validator_stake, &a.reserve_stake, &sysvars, sol_deposit)
        }?;
    }

    pool.pool_token_supply =
        pool.pool_token_supply.checked_add(split.minted).ok_or(StakePoolError::CalculationFailure)?;
    pool.total_lamports =
        pool.total_lamports.checked_add(total_deposit).ok_or(StakePoolError::CalculationFailure)?;
    pool.save_balances(&a.stake_pool)?;

    let mut data = a.validator_list.try_borrow_mut_data()?;
    let record = validator_list::find_mut(&mut data, &vote)?.ok_or(StakePoolError::ValidatorNotFound)?;
    record.active_stake_lamports.set(a.validator_stake.lamports());
    Ok(())
}
