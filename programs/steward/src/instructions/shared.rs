//! The pool accounts every stake-moving steward instruction names, checked in one place.

use {
    crate::{
        constants::*,
        errors::StewardError,
        foreign::pool::{PoolCpi, PoolView, StakeAccounts},
        state::Config,
    },
    anchor_lang::prelude::*,
};

/// Pool, list, reserve, sysvars and programs for SPL staker instructions: the flat fields of
/// `add_validator`, `remove_validator` and `rebalance` (Anchor's nested account structs would pull in
/// a hashed duplicate check that SBF cannot link), gathered for one validation.
pub struct PoolAccounts<'a, 'info> {
    /// The pool.
    pub stake_pool: &'a AccountInfo<'info>,
    /// The pool's withdraw authority.
    pub withdraw_authority: &'a AccountInfo<'info>,
    /// The pool's validator list.
    pub validator_list: &'a AccountInfo<'info>,
    /// The pool's reserve.
    pub reserve: &'a AccountInfo<'info>,
    /// Clock sysvar.
    pub clock: &'a AccountInfo<'info>,
    /// Rent sysvar.
    pub rent: &'a AccountInfo<'info>,
    /// Stake-history sysvar.
    pub stake_history: &'a AccountInfo<'info>,
    /// Stake config.
    pub stake_config: &'a AccountInfo<'info>,
    /// System program.
    pub system_program: &'a AccountInfo<'info>,
    /// Stake program.
    pub stake_program: &'a AccountInfo<'info>,
    /// The pool program.
    pub pool_program: &'a AccountInfo<'info>,
}

/// Builds [`PoolAccounts`] from an instruction's flat pool fields.
#[macro_export]
macro_rules! pool_accounts {
    ($accounts:expr) => {
        $crate::instructions::shared::PoolAccounts {
            stake_pool: $accounts.stake_pool.as_ref(),
            withdraw_authority: $accounts.withdraw_authority.as_ref(),
            validator_list: $accounts.validator_list.as_ref(),
            reserve: $accounts.reserve.as_ref(),
            clock: $accounts.clock.as_ref(),
            rent: $accounts.rent.as_ref(),
            stake_history: $accounts.stake_history.as_ref(),
            stake_config: $accounts.stake_config.as_ref(),
            system_program: $accounts.system_program.as_ref(),
            stake_program: $accounts.stake_program.as_ref(),
            pool_program: $accounts.pool_program.as_ref(),
        }
    };
}

impl<'a, 'info> PoolAccounts<'a, 'info> {
    /// The pool is the config's, the list and reserve the pool's, the program the config's, the
    /// pool's staker is `staker` (the steward's PDA), and the sysvars and programs are the real ones.
    pub fn validate(&self, config: &Config, staker: &Pubkey) -> Result<PoolView> {
        let fixed = [
            (self.clock, &CLOCK_ID),
            (self.rent, &RENT_ID),
            (self.stake_history, &STAKE_HISTORY_ID),
            (self.stake_config, &STAKE_CONFIG_ID),
            (self.system_program, &anchor_lang::system_program::ID),
            (self.stake_program, &STAKE_PROGRAM_ID),
        ];
        if fixed.iter().any(|(info, id)| info.key != *id) {
            return Err(ErrorCode::ConstraintAddress.into());
        }
        if self.stake_pool.key != &config.stake_pool {
            return err!(StewardError::StakePoolMismatch);
        }
        if self.pool_program.key != &config.pool_program {
            return err!(StewardError::PoolProgramMismatch);
        }
        let pool = PoolView::read(self.stake_pool, &config.pool_program)?;
        pool.check_list_and_reserve(self.validator_list, Some(self.reserve))?;
        if &pool.staker != staker {
            return err!(StewardError::NotPoolStaker);
        }
        Ok(pool)
    }

    /// The CPI context, signed by `staker`.
    pub fn cpi(&self, staker: &'a AccountInfo<'info>, staker_seeds: &'a [&'a [u8]]) -> PoolCpi<'a, 'info> {
        PoolCpi {
            program: self.pool_program,
            stake_pool: self.stake_pool,
            staker,
            staker_seeds,
            withdraw_authority: self.withdraw_authority,
            validator_list: self.validator_list,
            reserve: self.reserve,
            scratch: Default::default(),
        }
    }

    /// Sysvars and programs of stake moves.
    pub fn stake_accounts(&self) -> StakeAccounts<'a, 'info> {
        StakeAccounts {
            clock: self.clock,
            rent: self.rent,
            stake_history: self.stake_history,
            stake_config: self.stake_config,
            system_program: self.system_program,
            stake_program: self.stake_program,
        }
    }
}

/// Loads a validator history passed among the remaining accounts and checks it belongs to `config`
/// and follows `vote_account`.
pub fn load_history<'info>(
    account: &'info AccountInfo<'info>,
    config: &Pubkey,
    vote_account: &Pubkey,
) -> Result<AccountLoader<'info, crate::state::ValidatorHistory>> {
    let loader = AccountLoader::<crate::state::ValidatorHistory>::try_from(account)?;
    {
        let history = loader.load()?;
        if &history.config != config || &history.vote_account != vote_account {
            return err!(StewardError::HistoryMismatch);
        }
    }
    Ok(loader)
}
