//! The SPL stake-pool accounts the steward reads (raw SPL layout, whichever program owns them) and
//! the four SPL instructions it sends as the pool's staker.

use {
    crate::{constants::*, errors::StewardError},
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
    lst_interface::{
        instruction::{self as wire, stake_tag, tag},
        stake::StakeState,
        stake_pool::StakePoolPrefix,
    },
};

/// What the steward reads from the pool account.
pub struct PoolView {
    /// The pool's staker (must be the steward's staker PDA).
    pub staker: Pubkey,
    /// Bump of the pool's withdraw authority.
    pub withdraw_bump: u8,
    /// The pool's validator list.
    pub validator_list: Pubkey,
    /// The pool's reserve stake account.
    pub reserve: Pubkey,
    /// The pool token's mint.
    pub pool_mint: Pubkey,
    /// The pool token's program.
    pub token_program: Pubkey,
    /// Pool lamports at the last update.
    pub total_lamports: u64,
    /// Pool tokens at the last update.
    pub pool_token_supply: u64,
    /// Epoch of the last `UpdateStakePoolBalance`.
    pub last_update_epoch: u64,
}

impl PoolView {
    /// Reads `stake_pool`, which must be a pool account of `pool_program`.
    pub fn read(stake_pool: &AccountInfo, pool_program: &Pubkey) -> Result<Self> {
        if stake_pool.owner != pool_program {
            return err!(StewardError::PoolProgramMismatch);
        }
        let data = stake_pool.try_borrow_data()?;
        let pool = StakePoolPrefix::read_pool(&data).ok_or(StewardError::StakePoolMismatch)?;
        Ok(Self {
            staker: pool.staker,
            withdraw_bump: pool.stake_withdraw_bump_seed,
            validator_list: pool.validator_list,
            reserve: pool.reserve_stake,
            pool_mint: pool.pool_mint,
            token_program: pool.token_program_id,
            total_lamports: pool.total_lamports.get(),
            pool_token_supply: pool.pool_token_supply.get(),
            last_update_epoch: pool.last_update_epoch.get(),
        })
    }

    /// Checks the list and reserve accounts against the pool.
    pub fn check_list_and_reserve(&self, list: &AccountInfo, reserve: Option<&AccountInfo>) -> Result<()> {
        if list.key != &self.validator_list {
            return err!(StewardError::ValidatorListMismatch);
        }
        if reserve.is_some_and(|r| r.key != &self.reserve) {
            return err!(StewardError::ReserveMismatch);
        }
        Ok(())
    }
}

/// SPL `ValidatorList`, read through `lst_interface`'s entry type.
pub mod list {
    use {
        super::*,
        lst_interface::validator_list::{self as layout, status, ValidatorStakeInfo},
    };

    /// The entries in use; `ValidatorListMismatch` when `data` is no validator list.
    pub fn entries(data: &[u8]) -> Result<&[ValidatorStakeInfo]> {
        layout::entries(data).ok_or_else(|| error!(StewardError::ValidatorListMismatch))
    }

    /// Number of entries.
    pub fn len(data: &[u8]) -> Result<usize> {
        entries(data).map(<[_]>::len)
    }

    /// The balances of an entry, copied out so the list's data can be released before a call to
    /// the pool.
    pub struct Balances {
        /// Lamports of the validator stake account.
        pub active: u64,
        /// Lamports of its transient stake account.
        pub transient: u64,
        /// Seed suffix of the transient account.
        pub transient_seed: u64,
    }

    /// The balances of entry `index`, which must be `vote`'s (`ListStateMismatch` otherwise; the
    /// vote is compared in place, as bytes).
    pub fn balances_of(data: &[u8], index: usize, vote: &Pubkey) -> Result<Balances> {
        let entry = entries(data)?.get(index).ok_or_else(|| error!(StewardError::IndexOutOfRange))?;
        if entry.vote_account_address.as_ref() != vote.as_ref() {
            return err!(StewardError::ListStateMismatch);
        }
        Ok(Balances {
            active: entry.active_stake_lamports(),
            transient: entry.transient_stake_lamports(),
            transient_seed: entry.transient_seed(),
        })
    }

    /// Whether any entry is ready for removal (the pool's cleanup would shift the list).
    pub fn any_ready_for_removal(data: &[u8]) -> Result<bool> {
        Ok(entries(data)?.iter().any(|e| e.status == status::READY_FOR_REMOVAL))
    }

    /// The vote account of entry `index`.
    pub fn vote_at(data: &[u8], index: usize) -> Option<&Pubkey> {
        layout::entries(data)?.get(index).map(|e| &e.vote_account_address)
    }
}

/// The instruction and account buffers of [`PoolCpi`]'s calls.
#[derive(Default)]
pub struct Scratch<'info> {
    metas: Vec<AccountMeta>,
    infos: Vec<AccountInfo<'info>>,
    data: Vec<u8>,
}

/// The pool accounts every staker instruction names.
pub struct PoolCpi<'a, 'info> {
    /// The stake-pool program.
    pub program: &'a AccountInfo<'info>,
    /// The pool.
    pub stake_pool: &'a AccountInfo<'info>,
    /// The steward's staker PDA.
    pub staker: &'a AccountInfo<'info>,
    /// Seeds of the staker PDA (with bump).
    pub staker_seeds: &'a [&'a [u8]],
    /// The pool's withdraw authority.
    pub withdraw_authority: &'a AccountInfo<'info>,
    /// The validator list.
    pub validator_list: &'a AccountInfo<'info>,
    /// The reserve stake.
    pub reserve: &'a AccountInfo<'info>,
    /// Buffers every call reuses: the heap is a 32 KB bump allocator that never frees, and a
    /// rebalance makes one call per validator.
    pub scratch: std::cell::RefCell<Scratch<'info>>,
}

/// The sysvars and programs the stake moves name.
pub struct StakeAccounts<'a, 'info> {
    /// Clock sysvar.
    pub clock: &'a AccountInfo<'info>,
    /// Rent sysvar.
    pub rent: &'a AccountInfo<'info>,
    /// Stake-history sysvar.
    pub stake_history: &'a AccountInfo<'info>,
    /// Stake config account.
    pub stake_config: &'a AccountInfo<'info>,
    /// System program.
    pub system_program: &'a AccountInfo<'info>,
    /// Stake program.
    pub stake_program: &'a AccountInfo<'info>,
}

fn meta(info: &AccountInfo, writable: bool) -> AccountMeta {
    if writable {
        AccountMeta::new(*info.key, false)
    } else {
        AccountMeta::new_readonly(*info.key, false)
    }
}

impl<'a, 'info> PoolCpi<'a, 'info> {
    fn invoke(&self, data: &[u8], accounts: &[(&AccountInfo<'info>, bool)]) -> Result<()> {
        let mut scratch = self.scratch.try_borrow_mut().map_err(|_| ProgramError::AccountBorrowFailed)?;
        let Scratch { metas, infos, data: bytes } = &mut *scratch;
        metas.clear();
        metas.extend(accounts.iter().map(|(info, writable)| {
            let mut m = meta(info, *writable);
            m.is_signer = info.key == self.staker.key;
            m
        }));
        infos.clear();
        infos.extend(accounts.iter().map(|(info, _)| (*info).clone()));
        bytes.clear();
        bytes.extend_from_slice(data);
        let ix = Instruction {
            program_id: *self.program.key,
            accounts: std::mem::take(metas),
            data: std::mem::take(bytes),
        };
        let result = invoke_signed(&ix, infos, &[self.staker_seeds]);
        // Back into the buffers for the next call; the account clones are dropped.
        (*metas, *bytes) = (ix.accounts, ix.data);
        infos.clear();
        result.map_err(Into::into)
    }

    /// `AddValidatorToPool` with no seed suffix.
    pub fn add_validator(
        &self,
        validator_stake: &AccountInfo<'info>,
        vote: &AccountInfo<'info>,
        s: &StakeAccounts<'_, 'info>,
    ) -> Result<()> {
        // No seed suffix.
        self.invoke(
            &wire::add_validator_to_pool(0),
            &[
                (self.stake_pool, true),
                (self.staker, false),
                (self.reserve, true),
                (self.withdraw_authority, false),
                (self.validator_list, true),
                (validator_stake, true),
                (vote, false),
                (s.rent, false),
                (s.clock, false),
                (s.stake_history, false),
                (s.stake_config, false),
                (s.system_program, false),
                (s.stake_program, false),
            ],
        )
    }

    /// `RemoveValidatorFromPool`.
    pub fn remove_validator(
        &self,
        validator_stake: &AccountInfo<'info>,
        transient_stake: &AccountInfo<'info>,
        s: &StakeAccounts<'_, 'info>,
    ) -> Result<()> {
        self.invoke(
            &[tag::REMOVE_VALIDATOR_FROM_POOL],
            &[
                (self.stake_pool, true),
                (self.staker, false),
                (self.withdraw_authority, false),
                (self.validator_list, true),
                (validator_stake, true),
                (transient_stake, true),
                (s.clock, false),
                (s.stake_program, false),
            ],
        )
    }

    /// `IncreaseValidatorStake` of `lamports` through transient seed `seed`.
    pub fn increase(
        &self,
        transient_stake: &AccountInfo<'info>,
        validator_stake: &AccountInfo<'info>,
        vote: &AccountInfo<'info>,
        s: &StakeAccounts<'_, 'info>,
        lamports: u64,
        seed: u64,
    ) -> Result<()> {
        self.invoke(
            &wire::move_stake(tag::INCREASE_VALIDATOR_STAKE, lamports, seed),
            &[
                (self.stake_pool, false),
                (self.staker, false),
                (self.withdraw_authority, false),
                (self.validator_list, true),
                (self.reserve, true),
                (transient_stake, true),
                (validator_stake, false),
                (vote, false),
                (s.clock, false),
                (s.rent, false),
                (s.stake_history, false),
                (s.stake_config, false),
                (s.system_program, false),
                (s.stake_program, false),
            ],
        )
    }

    /// `DecreaseValidatorStakeWithReserve` of `lamports` through transient seed `seed`.
    pub fn decrease(
        &self,
        validator_stake: &AccountInfo<'info>,
        transient_stake: &AccountInfo<'info>,
        s: &StakeAccounts<'_, 'info>,
        lamports: u64,
        seed: u64,
    ) -> Result<()> {
        self.invoke(
            &wire::move_stake(tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE, lamports, seed),
            &[
                (self.stake_pool, false),
                (self.staker, false),
                (self.withdraw_authority, false),
                (self.validator_list, true),
                (self.reserve, true),
                (validator_stake, true),
                (transient_stake, true),
                (s.clock, false),
                (s.stake_history, false),
                (s.system_program, false),
                (s.stake_program, false),
            ],
        )
    }
}

/// The stake program's minimum delegation (asked of the stake program itself).
pub fn minimum_delegation() -> Result<u64> {
    use anchor_lang::solana_program::program::{get_return_data, invoke};
    let ix = Instruction {
        program_id: STAKE_PROGRAM_ID,
        accounts: vec![],
        data: stake_tag::GET_MINIMUM_DELEGATION.to_le_bytes().to_vec(),
    };
    invoke(&ix, &[])?;
    let (program, data) = get_return_data().ok_or(ProgramError::InvalidInstructionData)?;
    if program != STAKE_PROGRAM_ID {
        return Err(ProgramError::InvalidAccountData.into());
    }
    data.first_chunk::<8>()
        .map(|b| u64::from_le_bytes(*b))
        .ok_or_else(|| ProgramError::InvalidAccountData.into())
}

/// The delegation of a stake account owned by the stake program (`None` when it is not delegated).
fn delegation(stake: &AccountInfo) -> Result<Option<lst_interface::stake::Delegation>> {
    if stake.owner != &STAKE_PROGRAM_ID {
        return Ok(None);
    }
    let data = stake.try_borrow_data()?;
    Ok(StakeState::read(&data).and_then(|state| state.delegation().copied()))
}

/// The vote account a stake account is delegated to (`None` when it is not a delegated stake account).
pub fn stake_voter(stake: &AccountInfo) -> Option<Pubkey> {
    delegation(stake).ok().flatten().map(|d| d.voter)
}

/// Whether a stake account's delegation is deactivating or deactivated (or it is no delegated stake
/// account).
pub fn stake_is_deactivating(stake: &AccountInfo) -> Result<bool> {
    Ok(delegation(stake)?.is_none_or(|d| d.is_deactivating()))
}
