//! The SPL stake-pool accounts the steward reads (raw SPL layout, whichever program owns them) and
//! the four SPL instructions it sends as the pool's staker.

use {
    crate::{constants::*, errors::StewardError},
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
};

/// SPL `StakePool` field offsets.
mod offset {
    pub const STAKER: usize = 33;
    pub const WITHDRAW_BUMP: usize = 97;
    pub const VALIDATOR_LIST: usize = 98;
    pub const RESERVE: usize = 130;
    pub const POOL_MINT: usize = 162;
    pub const TOKEN_PROGRAM: usize = 226;
    pub const TOTAL_LAMPORTS: usize = 258;
    pub const POOL_TOKEN_SUPPLY: usize = 266;
    pub const LAST_UPDATE_EPOCH: usize = 274;
    pub const END: usize = 282;
}

#[allow(clippy::arithmetic_side_effects, reason = "callers pass constant offsets within checked lengths")]
fn pubkey_at(data: &[u8], at: usize) -> Pubkey {
    let mut key = [0u8; 32];
    key.copy_from_slice(&data[at..at + 32]);
    Pubkey::new_from_array(key)
}

#[allow(clippy::arithmetic_side_effects, reason = "callers pass constant offsets within checked lengths")]
fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&data[at..at + 8]);
    u64::from_le_bytes(word)
}

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
    #[allow(clippy::arithmetic_side_effects, reason = "offsets are constants within the checked length")]
    pub fn read(stake_pool: &AccountInfo, pool_program: &Pubkey) -> Result<Self> {
        if stake_pool.owner != pool_program {
            return err!(StewardError::PoolProgramMismatch);
        }
        let data = stake_pool.try_borrow_data()?;
        if data.len() < offset::END || data[0] != 1 {
            return err!(StewardError::StakePoolMismatch);
        }
        Ok(Self {
            staker: pubkey_at(&data, offset::STAKER),
            withdraw_bump: data[offset::WITHDRAW_BUMP],
            validator_list: pubkey_at(&data, offset::VALIDATOR_LIST),
            reserve: pubkey_at(&data, offset::RESERVE),
            pool_mint: pubkey_at(&data, offset::POOL_MINT),
            token_program: pubkey_at(&data, offset::TOKEN_PROGRAM),
            total_lamports: u64_at(&data, offset::TOTAL_LAMPORTS),
            pool_token_supply: u64_at(&data, offset::POOL_TOKEN_SUPPLY),
            last_update_epoch: u64_at(&data, offset::LAST_UPDATE_EPOCH),
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

/// SPL `ValidatorList`: a 9-byte header (type, max, length) then 73-byte entries.
pub mod list {
    use super::*;

    /// Bytes of one entry.
    pub const ENTRY_LEN: usize = 73;
    /// Bytes before the first entry.
    pub const HEADER_LEN: usize = 9;

    /// One entry's fields the steward uses.
    pub struct Entry {
        /// Lamports of the validator stake account.
        pub active: u64,
        /// Lamports of its transient stake account.
        pub transient: u64,
        /// Seed suffix of the transient account.
        pub transient_seed: u64,
        /// The validator's vote account.
        pub vote_account: Pubkey,
    }

    /// Number of entries.
    pub fn len(data: &[u8]) -> Result<usize> {
        let bytes = data.get(5..9).ok_or(StewardError::ValidatorListMismatch)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize)
    }

    /// Entry `index`.
    #[allow(clippy::arithmetic_side_effects, reason = "index < len, bounds checked by get")]
    pub fn entry(data: &[u8], index: usize) -> Result<Entry> {
        if index >= len(data)? {
            return err!(StewardError::IndexOutOfRange);
        }
        let at = HEADER_LEN + index * ENTRY_LEN;
        let e = data.get(at..at + ENTRY_LEN).ok_or(StewardError::ValidatorListMismatch)?;
        Ok(Entry {
            active: u64_at(e, 0),
            transient: u64_at(e, 8),
            transient_seed: u64_at(e, 24),
            vote_account: pubkey_at(e, 41),
        })
    }

    /// Where an entry keeps its status byte.
    const STATUS_AT: usize = 40;
    /// Status of an entry whose accounts are gone, waiting for the pool's cleanup.
    pub const READY_FOR_REMOVAL: u8 = 2;

    /// Whether any entry is ready for removal (the pool's cleanup would shift the list).
    #[allow(clippy::arithmetic_side_effects, reason = "bounds checked by get")]
    pub fn any_ready_for_removal(data: &[u8]) -> Result<bool> {
        let n = len(data)?;
        Ok((0..n).any(|i| data.get(HEADER_LEN + i * ENTRY_LEN + STATUS_AT) == Some(&READY_FOR_REMOVAL)))
    }

    /// The vote account of entry `index` (no other field read).
    #[allow(clippy::arithmetic_side_effects, reason = "bounds checked by get")]
    pub fn vote_at(data: &[u8], index: usize) -> Option<&[u8]> {
        let at = HEADER_LEN + index * ENTRY_LEN + 41;
        data.get(at..at + 32)
    }
}

/// SPL stake-pool instruction tags the steward sends.
mod tag {
    pub const ADD_VALIDATOR_TO_POOL: u8 = 1;
    pub const REMOVE_VALIDATOR_FROM_POOL: u8 = 2;
    pub const INCREASE_VALIDATOR_STAKE: u8 = 4;
    pub const DECREASE_VALIDATOR_STAKE_WITH_RESERVE: u8 = 21;
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
            &[tag::ADD_VALIDATOR_TO_POOL, 0, 0, 0, 0],
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
            &move_data(tag::INCREASE_VALIDATOR_STAKE, lamports, seed),
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
            &move_data(tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE, lamports, seed),
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

/// `tag`, then the lamports and the transient seed, little-endian.
fn move_data(tag: u8, lamports: u64, seed: u64) -> [u8; 17] {
    let mut data = [0u8; 17];
    data[0] = tag;
    data[1..9].copy_from_slice(&lamports.to_le_bytes());
    data[9..].copy_from_slice(&seed.to_le_bytes());
    data
}

/// The stake program's minimum delegation (asked of the stake program itself).
pub fn minimum_delegation() -> Result<u64> {
    use anchor_lang::solana_program::program::{get_return_data, invoke};
    let ix =
        Instruction { program_id: STAKE_PROGRAM_ID, accounts: vec![], data: 13u32.to_le_bytes().to_vec() };
    invoke(&ix, &[])?;
    let (program, data) = get_return_data().ok_or(ProgramError::InvalidInstructionData)?;
    if program != STAKE_PROGRAM_ID || data.len() < 8 {
        return Err(ProgramError::InvalidAccountData.into());
    }
    Ok(u64_at(&data, 0))
}

/// A stake account's delegation, read from its bytes (`StakeStateV2::Stake`, tag 2: the 120-byte meta
/// from offset 4, then voter (32), stake (8), activation epoch (8), deactivation epoch (8)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delegation {
    /// The vote account the stake is delegated to.
    pub voter: Pubkey,
    /// Epoch the stake started deactivating; `u64::MAX` while it is not.
    pub deactivation_epoch: u64,
}

impl Delegation {
    /// The delegation in `data`, a delegated stake account's bytes (`None` for anything else).
    pub fn read(data: &[u8]) -> Option<Self> {
        const AT: usize = 4 + 120;
        if data.get(..4)? != [2, 0, 0, 0] {
            return None;
        }
        let d = data.get(AT..AT.checked_add(56)?)?;
        Some(Self { voter: pubkey_at(d, 0), deactivation_epoch: u64_at(d, 48) })
    }

    /// Whether the stake is deactivating or deactivated.
    pub fn deactivating(&self) -> bool {
        self.deactivation_epoch != u64::MAX
    }
}

/// The vote account a stake account is delegated to (`None` when it is not a delegated stake account).
pub fn stake_voter(stake: &AccountInfo) -> Option<Pubkey> {
    if stake.owner != &STAKE_PROGRAM_ID {
        return None;
    }
    let data = stake.try_borrow_data().ok()?;
    Delegation::read(&data).map(|d| d.voter)
}

/// Whether a stake account's delegation is deactivating or deactivated (raw stake-state read).
pub fn stake_is_deactivating(stake: &AccountInfo) -> Result<bool> {
    if stake.owner != &STAKE_PROGRAM_ID {
        return Ok(true);
    }
    let data = stake.try_borrow_data()?;
    Ok(Delegation::read(&data).is_none_or(|d| d.deactivating()))
}
