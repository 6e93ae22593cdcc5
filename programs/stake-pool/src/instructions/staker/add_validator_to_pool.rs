//! `AddValidatorToPool` (SPL tag 1), staker only: create the validator's stake account at its PDA,
//! fund it from the reserve with rent plus the minimum delegation, delegate it, and list the validator.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` staker, 2 `[w]` reserve stake, 3 withdraw
//! authority PDA, 4 `[w]` validator list, 5 `[w]` validator stake account (PDA), 6 vote account,
//! 7 rent sysvar, 8 clock sysvar, 9 stake history sysvar, 10 stake config, 11 system program,
//! 12 stake program.

use {
    crate::{
        constants::*,
        cpi::{
            self,
            stake::{PoolSigner, StakeSysvars},
        },
        error::StakePoolError,
        math, pda,
        state::{validator_list, StakePool},
    },
    anchor_lang::{prelude::*, solana_program::system_program},
};

/// Accounts of `AddValidatorToPool`.
#[derive(Accounts)]
pub struct AddValidatorToPool<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list and ours (checked in `validate`).
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: must be the validator's stake PDA (checked in `validate`).
    pub validator_stake: UncheckedAccount<'info>,
    /// CHECK: the stake program checks it is a vote account when delegating.
    pub vote_account: UncheckedAccount<'info>,
    /// CHECK: the rent sysvar, checked before dispatch where SPL reads it (`wire::check_accounts`).
    pub rent: UncheckedAccount<'info>,
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

impl AddValidatorToPool<'_> {
    /// Returns the pool and the validator stake PDA's bump.
    fn validate(&self, validator_seed: u32) -> Result<(Box<StakePool>, u8)> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_withdraw_authority(self.stake_pool.key, self.withdraw_authority.key)?;
        pool.check_staker(&self.staker)?;
        pool.check_reserve_stake(self.reserve_stake.key)?;
        pool.check_validator_list(&self.validator_list)?;
        pool.check_updated_this_epoch()?;
        {
            let data = self.validator_list.try_borrow_data()?;
            let (max_validators, len) = validator_list::header(&data)?;
            if max_validators == len {
                return Err(ProgramError::AccountDataTooSmall.into());
            }
            if len >= MAX_VALIDATORS_IN_POOL {
                return err!(StakePoolError::TooManyValidatorsInPool);
            }
            let vote = self.vote_account.key;
            if validator_list::entries(&data)?.iter().any(|e| validator_list::is_of(e, vote)) {
                return err!(StakePoolError::ValidatorAlreadyAdded);
            }
        }
        let (address, bump) =
            pda::find_validator_stake(&crate::ID, self.vote_account.key, self.stake_pool.key, validator_seed);
        if address != *self.validator_stake.key {
            msg!("Incorrect stake account address for vote {}, expected {}", self.vote_account.key, address);
            return err!(StakePoolError::InvalidStakeAccountAddress);
        }
        Ok((pool, bump))
    }
}

/// Lists the validator with a freshly delegated minimum stake.
pub fn process_add_validator_to_pool<'info>(
    ctx: Context<'info, AddValidatorToPool<'info>>,
    validator_seed: u32,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let (pool, bump) = accounts.validate(validator_seed)?;
    let rent = Rent::get()?;
    let minimum = cpi::stake::minimum_delegation()?.max(MINIMUM_ACTIVE_STAKE);
    let required = minimum.saturating_add(math::rent_exempt_minimum(&rent, STAKE_ACCOUNT_LEN as usize));
    let reserve_minimum =
        math::minimum_reserve_lamports(math::rent_exempt_minimum(&rent, accounts.reserve_stake.data_len()));
    let reserve = accounts.reserve_stake.lamports();
    if reserve.saturating_sub(required) < reserve_minimum {
        msg!(
            "Need to add {} lamports for the reserve stake to be rent-exempt after adding a validator, reserve currently has {} lamports",
            required.saturating_add(reserve_minimum).saturating_sub(reserve),
            reserve
        );
        return Err(ProgramError::InsufficientFunds.into());
    }

    let seed_bytes = validator_seed.to_le_bytes();
    let seed: &[u8] = if validator_seed == 0 { &[] } else { &seed_bytes };
    let signer_seeds: &[&[u8]] =
        &[accounts.vote_account.key.as_ref(), accounts.stake_pool.key.as_ref(), seed, &[bump]];
    cpi::system::create_stake_account(&accounts.validator_stake, signer_seeds, STAKE_ACCOUNT_LEN)?;
    let signer = PoolSigner {
        stake_pool: accounts.stake_pool.key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &accounts.withdraw_authority,
    };
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe { cpi::stake::split(&signer, &accounts.reserve_stake, &accounts.validator_stake, required) }?;
    let sysvars = StakeSysvars { clock: &accounts.clock, stake_history: &accounts.stake_history };
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe {
        cpi::stake::delegate(
            &signer,
            &accounts.validator_stake,
            &accounts.vote_account,
            &sysvars,
            &accounts.stake_config,
        )
    }?;

    let epoch = Clock::get()?.epoch;
    let mut data = accounts.validator_list.try_borrow_mut_data()?;
    validator_list::push_active(&mut data, accounts.vote_account.key, required, epoch, validator_seed)
}
