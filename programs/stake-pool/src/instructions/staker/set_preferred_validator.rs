//! `SetPreferredValidator` (SPL tag 5), staker only: the validator stake deposits must go to, or stake
//! withdrawals must come from first (`None` clears it).
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` staker, 2 validator list.

use {
    crate::{
        error::StakePoolError,
        state::{
            validator_list::{self, status},
            StakePool,
        },
    },
    anchor_lang::prelude::*,
};

/// Which preference `SetPreferredValidator` sets (SPL's `PreferredValidatorType`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferredValidatorType {
    /// Where stake deposits must go.
    Deposit,
    /// Where stake withdrawals must come from first.
    Withdraw,
}

/// Accounts of `SetPreferredValidator`.
#[derive(Accounts)]
pub struct SetPreferredValidator<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's staker and sign (`StakePool::check_staker`).
    pub staker: UncheckedAccount<'info>,
    /// CHECK: must be the pool's list (checked in `validate`); ours, checked up front as SPL does.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub validator_list: UncheckedAccount<'info>,
}

impl SetPreferredValidator<'_> {
    fn validate(&self, vote: Option<Pubkey>) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_staker(&self.staker)?;
        pool.check_validator_list(&self.validator_list)?;
        let data = self.validator_list.try_borrow_data()?;
        validator_list::header(&data)?;
        if let Some(vote) = vote {
            match validator_list::find(&data, &vote)? {
                Some(record) if record.status != status::ACTIVE => {
                    msg!("Validator {} about to be removed, cannot be preferred", vote);
                    return err!(StakePoolError::InvalidPreferredValidator);
                }
                Some(_) => {}
                None => {
                    msg!("Validator {} not present in the stake pool, cannot be preferred", vote);
                    return err!(StakePoolError::ValidatorNotFound);
                }
            }
        }
        Ok(pool)
    }
}

/// Records the preference.
pub fn process_set_preferred_validator<'info>(
    ctx: Context<'info, SetPreferredValidator<'info>>,
    validator_type: PreferredValidatorType,
    vote: Option<Pubkey>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate(vote)?;
    match validator_type {
        PreferredValidatorType::Deposit => pool.preferred_deposit_validator_vote_address = vote,
        PreferredValidatorType::Withdraw => pool.preferred_withdraw_validator_vote_address = vote,
    }
    pool.save(&accounts.stake_pool)
}
