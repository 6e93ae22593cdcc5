//! The `StakePool` account, byte-identical to SPL's (account type 1, then borsh fields).

use {
    crate::{
        checks,
        constants::AUTHORITY_WITHDRAW,
        error::StakePoolError,
        pda,
        state::codec,
        state::fee::{Fee, FeeType, FutureFee},
    },
    anchor_lang::prelude::*,
};

/// SPL `AccountType` tags.
pub use lst_interface::stake_pool::account_type::{
    STAKE_POOL as ACCOUNT_TYPE_STAKE_POOL, UNINITIALIZED as ACCOUNT_TYPE_UNINITIALIZED,
    VALIDATOR_LIST as ACCOUNT_TYPE_VALIDATOR_LIST,
};

/// Stake-account lockup (the stake program's layout).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lockup {
    /// Unix timestamp until which the stake is locked.
    pub unix_timestamp: i64,
    /// Epoch until which the stake is locked.
    pub epoch: u64,
    /// Custodian who may lift the lockup.
    pub custodian: Pubkey,
}

impl From<Lockup> for lst_interface::stake::Lockup {
    fn from(l: Lockup) -> Self {
        Self { unix_timestamp: l.unix_timestamp, epoch: l.epoch, custodian: l.custodian }
    }
}

/// The pool. Field order and encoding are SPL's; the leading account-type byte is the discriminator.
#[account(discriminator = [ACCOUNT_TYPE_STAKE_POOL])]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StakePool {
    /// Sets fees, the manager fee account and the funding authorities.
    pub manager: Pubkey,
    /// Adds and removes validators and moves stake between them.
    pub staker: Pubkey,
    /// Must sign stake deposits (the deposit PDA when deposits are open).
    pub stake_deposit_authority: Pubkey,
    /// Bump of the withdraw authority PDA.
    pub stake_withdraw_bump_seed: u8,
    /// The validator list account.
    pub validator_list: Pubkey,
    /// The reserve stake account.
    pub reserve_stake: Pubkey,
    /// The pool token mint.
    pub pool_mint: Pubkey,
    /// Token account receiving the manager's fees.
    pub manager_fee_account: Pubkey,
    /// Token program of the pool mint.
    pub token_program_id: Pubkey,
    /// Lamports under management as of the last update.
    pub total_lamports: u64,
    /// Pool tokens in circulation as of the last update.
    pub pool_token_supply: u64,
    /// Epoch of the last `UpdateStakePoolBalance`.
    pub last_update_epoch: u64,
    /// Lockup applied to stake accounts the pool hands out.
    pub lockup: Lockup,
    /// Fee on each epoch's rewards.
    pub epoch_fee: Fee,
    /// Epoch fee waiting to take effect.
    pub next_epoch_fee: FutureFee,
    /// Only validator stake deposits may go to, if set.
    pub preferred_deposit_validator_vote_address: Option<Pubkey>,
    /// Validator withdrawals must come from first, if set.
    pub preferred_withdraw_validator_vote_address: Option<Pubkey>,
    /// Fee on stake deposits.
    pub stake_deposit_fee: Fee,
    /// Fee on stake withdrawals.
    pub stake_withdrawal_fee: Fee,
    /// Stake withdrawal fee waiting to take effect.
    pub next_stake_withdrawal_fee: FutureFee,
    /// Referrer's share of the stake deposit fee, in percent.
    pub stake_referral_fee: u8,
    /// Must sign SOL deposits, if set.
    pub sol_deposit_authority: Option<Pubkey>,
    /// Fee on SOL deposits.
    pub sol_deposit_fee: Fee,
    /// Referrer's share of the SOL deposit fee, in percent.
    pub sol_referral_fee: u8,
    /// Must sign SOL withdrawals, if set.
    pub sol_withdraw_authority: Option<Pubkey>,
    /// Fee on SOL withdrawals.
    pub sol_withdrawal_fee: Fee,
    /// SOL withdrawal fee waiting to take effect.
    pub next_sol_withdrawal_fee: FutureFee,
    /// Pool token supply at the last epoch update (for APY).
    pub last_epoch_pool_token_supply: u64,
    /// Total lamports at the last epoch update (for APY).
    pub last_epoch_total_lamports: u64,
}

/// The account type of a pool account, decoded as SPL decodes it (`try_from_slice_unchecked`): data
/// too short for the layout, or a type byte that is no account type, is `BorshIoError`.
pub fn decoded_type(data: &[u8]) -> Result<u8> {
    decode(data).map(|(kind, _)| kind).ok_or_else(|| ProgramError::BorshIoError.into())
}

/// SPL's `try_from_slice_unchecked::<StakePool>`: the type byte (one of SPL's three account types)
/// and the pool fields, trailing bytes ignored; `None` (SPL's `BorshIoError`) when they do not decode.
#[inline(always)]
fn decode(data: &[u8]) -> Option<(u8, Box<StakePool>)> {
    let (&kind, rest) = data.split_first()?;
    if kind > ACCOUNT_TYPE_VALIDATOR_LIST {
        return None;
    }
    let mut pool = Box::<StakePool>::default();
    codec::decode_into(rest, &mut pool)?;
    Some((kind, pool))
}

impl StakePool {
    /// Largest encoded size (every option set), the size clients allocate: 611 bytes.
    pub const MAX_LEN: usize = 1
        + 32 * 3
        + 1
        + 32 * 5
        + 8 * 3
        + 48
        + 16
        + 17
        + 33 * 2
        + 16 * 2
        + 17
        + 1
        + 33
        + 16
        + 1
        + 33
        + 16
        + 17
        + 8 * 2;

    /// Reads an initialized pool onto the heap (SBF frames are 4 KB). The owner is checked by the
    /// caller's `Accounts` constraint. As in SPL: bytes that do not decode as a pool are
    /// `BorshIoError`, an account of another type that does is `InvalidState`.
    pub fn load(info: &AccountInfo) -> Result<Box<Self>> {
        match decode(&info.try_borrow_data()?) {
            Some((ACCOUNT_TYPE_STAKE_POOL, pool)) => Ok(pool),
            Some(_) => err!(StakePoolError::InvalidState),
            None => Err(ProgramError::BorshIoError.into()),
        }
    }

    /// Writes the pool back in SPL's encoding (type byte, then the borsh layout), leaving trailing
    /// bytes alone.
    pub fn save(&self, info: &AccountInfo) -> Result<()> {
        let mut data = info.try_borrow_mut_data()?;
        let (kind, rest) = data.split_first_mut().ok_or(ProgramError::AccountDataTooSmall)?;
        *kind = ACCOUNT_TYPE_STAKE_POOL;
        codec::encode(self, rest).ok_or_else(|| ProgramError::BorshIoError.into())
    }

    /// Writes back only the pool's lamports and token supply, for deposits and withdrawals that change
    /// nothing else (a stake withdrawal emptying a preferred validator's account is not one): cheaper
    /// than `save`, same bytes.
    ///
    /// Contract: the account held this pool, apart from the two balances, when it was loaded, and
    /// nothing else in it changed since. Test and debug builds (and `contract-checks`) re-read the
    /// account after the write and panic unless it decodes to exactly `self`.
    pub fn save_balances(&self, info: &AccountInfo) -> Result<()> {
        {
            let mut data = info.try_borrow_mut_data()?;
            let rest = data.get_mut(1..).ok_or(ProgramError::AccountDataTooSmall)?;
            codec::encode_balances(self, rest).ok_or(ProgramError::BorshIoError)?;
        }
        #[cfg(any(test, debug_assertions, feature = "contract-checks"))]
        {
            let (_, written) = decode(&info.try_borrow_data()?).ok_or(ProgramError::BorshIoError)?;
            assert!(
                *written == *self,
                "save_balances: the pool account holds more changes than the balances"
            );
        }
        Ok(())
    }

    /// The withdraw authority must be the PDA with the stored bump (found by `find_program_address` at
    /// initialization, so a hash comparison suffices).
    pub fn check_withdraw_authority(&self, stake_pool: &Pubkey, received: &Pubkey) -> Result<()> {
        let seeds: [&[u8]; 3] = [stake_pool.as_ref(), AUTHORITY_WITHDRAW, &[self.stake_withdraw_bump_seed]];
        if !pda::is_program_address(received, &seeds, &crate::ID) {
            msg!("Incorrect withdraw authority provided, received {}", received);
            return err!(StakePoolError::InvalidProgramAddress);
        }
        Ok(())
    }

    /// When the pool has a SOL deposit authority, it must be passed and sign.
    pub fn check_sol_deposit_authority(&self, authority: Option<&AccountInfo>) -> Result<()> {
        check_funding_authority(
            self.sol_deposit_authority,
            authority,
            StakePoolError::InvalidSolDepositAuthority,
        )
    }

    /// When the pool has a SOL withdraw authority, it must be passed and sign.
    pub fn check_sol_withdraw_authority(&self, authority: Option<&AccountInfo>) -> Result<()> {
        check_funding_authority(
            self.sol_withdraw_authority,
            authority,
            StakePoolError::InvalidSolWithdrawAuthority,
        )
    }

    /// The mint must be the pool's and a valid mint; returns its decimals.
    pub fn check_mint(&self, mint: &AccountInfo) -> Result<u8> {
        if *mint.key != self.pool_mint {
            return err!(StakePoolError::WrongPoolMint);
        }
        checks::read_mint(mint).map(|mint| mint.decimals)
    }

    /// The reserve must be the pool's.
    pub fn check_reserve_stake(&self, received: &Pubkey) -> Result<()> {
        if *received != self.reserve_stake {
            msg!("Invalid reserve stake provided, expected {}, received {}", self.reserve_stake, received);
            return err!(StakePoolError::InvalidProgramAddress);
        }
        Ok(())
    }

    /// The accounts every SOL deposit or withdrawal names, checked against the pool: withdraw authority
    /// PDA, mint (returns its decimals), reserve, token program and manager fee account.
    pub fn check_sol_flow_accounts(&self, accounts: &SolFlowAccounts) -> Result<u8> {
        self.check_withdraw_authority(accounts.stake_pool, accounts.withdraw_authority)?;
        let decimals = self.check_mint(accounts.pool_mint)?;
        self.check_reserve_stake(accounts.reserve_stake)?;
        if self.token_program_id != *accounts.token_program {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        if self.manager_fee_account != *accounts.manager_fee_account {
            return err!(StakePoolError::InvalidFeeAccount);
        }
        Ok(decimals)
    }

    /// The metadata account must be Metaplex's for the pool mint.
    pub fn check_metadata_account(&self, metadata: &Pubkey) -> Result<()> {
        if pda::find_metadata_account(&self.pool_mint).0 != *metadata {
            return err!(StakePoolError::InvalidMetadataAccount);
        }
        Ok(())
    }

    /// The manager must be passed and sign.
    pub fn check_manager(&self, manager: &AccountInfo) -> Result<()> {
        if *manager.key != self.manager {
            msg!("Incorrect manager provided, expected {}, received {}", self.manager, manager.key);
            return err!(StakePoolError::WrongManager);
        }
        if !manager.is_signer {
            msg!("Manager signature missing");
            return err!(StakePoolError::SignatureMissing);
        }
        Ok(())
    }

    /// The staker must be passed and sign.
    pub fn check_staker(&self, staker: &AccountInfo) -> Result<()> {
        if *staker.key != self.staker {
            msg!("Incorrect staker provided, expected {}, received {}", self.staker, staker.key);
            return err!(StakePoolError::WrongStaker);
        }
        if !staker.is_signer {
            msg!("Staker signature missing");
            return err!(StakePoolError::SignatureMissing);
        }
        Ok(())
    }

    /// Applies a fee change: referral and deposit fees at once, epoch and withdrawal fees two epoch
    /// boundaries later (withdrawal fees only within the ratchet).
    pub fn update_fee(&mut self, fee: &FeeType) -> std::result::Result<(), StakePoolError> {
        match *fee {
            FeeType::SolReferral(percent) => self.sol_referral_fee = percent,
            FeeType::StakeReferral(percent) => self.stake_referral_fee = percent,
            FeeType::Epoch(new) => self.next_epoch_fee = FutureFee::Two(new),
            FeeType::StakeWithdrawal(new) => {
                new.check_withdrawal_increase(&self.stake_withdrawal_fee)?;
                self.next_stake_withdrawal_fee = FutureFee::Two(new);
            }
            FeeType::SolWithdrawal(new) => {
                new.check_withdrawal_increase(&self.sol_withdrawal_fee)?;
                self.next_sol_withdrawal_fee = FutureFee::Two(new);
            }
            FeeType::SolDeposit(new) => self.sol_deposit_fee = new,
            FeeType::StakeDeposit(new) => self.stake_deposit_fee = new,
        }
        Ok(())
    }

    /// Once per epoch: fees due now take effect, later ones move one epoch closer.
    pub fn roll_fees_forward(&mut self) {
        if let Some(fee) = self.next_epoch_fee.due() {
            self.epoch_fee = fee;
        }
        self.next_epoch_fee.advance();
        if let Some(fee) = self.next_stake_withdrawal_fee.due() {
            self.stake_withdrawal_fee = fee;
        }
        self.next_stake_withdrawal_fee.advance();
        if let Some(fee) = self.next_sol_withdrawal_fee.due() {
            self.sol_withdrawal_fee = fee;
        }
        self.next_sol_withdrawal_fee.advance();
    }

    /// The stake deposit authority must be the pool's.
    pub fn check_stake_deposit_authority(&self, received: &Pubkey) -> Result<()> {
        if *received != self.stake_deposit_authority {
            return err!(StakePoolError::InvalidStakeDepositAuthority);
        }
        Ok(())
    }

    /// The validator list must be the pool's, and ours.
    pub fn check_validator_list(&self, list: &AccountInfo) -> Result<()> {
        if *list.key != self.validator_list {
            msg!("Invalid validator list provided, expected {}, received {}", self.validator_list, list.key);
            return err!(StakePoolError::InvalidValidatorStakeList);
        }
        if *list.owner != crate::ID {
            return Err(ProgramError::IncorrectProgramId.into());
        }
        Ok(())
    }

    /// The staleness gate: the pool must have been updated in the current epoch.
    pub fn check_updated_this_epoch(&self) -> Result<()> {
        if self.last_update_epoch < Clock::get()?.epoch {
            return err!(StakePoolError::StakeListAndPoolOutOfDate);
        }
        Ok(())
    }
}

/// The pool-identity accounts of a SOL deposit or withdrawal.
pub struct SolFlowAccounts<'a, 'info> {
    /// The pool account's address.
    pub stake_pool: &'a Pubkey,
    /// The withdraw authority passed.
    pub withdraw_authority: &'a Pubkey,
    /// The pool mint passed.
    pub pool_mint: &'a AccountInfo<'info>,
    /// The reserve passed.
    pub reserve_stake: &'a Pubkey,
    /// The token program passed.
    pub token_program: &'a Pubkey,
    /// The manager fee account passed.
    pub manager_fee_account: &'a Pubkey,
}

/// A funding authority, when the pool has one, must be passed, match and sign.
fn check_funding_authority(
    expected: Option<Pubkey>,
    authority: Option<&AccountInfo>,
    mismatch: StakePoolError,
) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    let authority = authority.ok_or(ProgramError::NotEnoughAccountKeys)?;
    if expected != *authority.key {
        msg!("Expected {}, received {}", expected, authority.key);
        return Err(mismatch.into());
    }
    if !authority.is_signer {
        msg!("Funding authority signature missing");
        return err!(StakePoolError::SignatureMissing);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` on a pool account holding a pool of 10 lamports and 9 tokens, loaded.
    fn with_loaded_pool(f: impl FnOnce(&AccountInfo, Box<StakePool>)) {
        let pool = StakePool { total_lamports: 10, pool_token_supply: 9, ..StakePool::default() };
        let mut data = vec![0u8; StakePool::MAX_LEN];
        data[0] = ACCOUNT_TYPE_STAKE_POOL;
        codec::encode(&pool, &mut data[1..]).expect("fits");
        let (key, owner, mut lamports) = (Pubkey::new_unique(), crate::ID, 1u64);
        let info = AccountInfo::new(&key, false, true, &mut lamports, &mut data, &owner, false);
        let loaded = StakePool::load(&info).expect("a pool");
        f(&info, loaded);
    }

    #[test]
    fn balances_written_back_alone() {
        with_loaded_pool(|info, mut loaded| {
            loaded.total_lamports = 30;
            loaded.pool_token_supply = 20;
            loaded.save_balances(info).expect("written");
            assert_eq!(*StakePool::load(info).expect("a pool"), *loaded);
        });
    }

    #[test]
    #[should_panic(expected = "more changes than the balances")]
    fn balances_written_back_over_other_changes_fail_the_contract() {
        with_loaded_pool(|info, mut loaded| {
            loaded.total_lamports = 30;
            loaded.manager = Pubkey::new_unique();
            let _ = loaded.save_balances(info);
        });
    }
}
