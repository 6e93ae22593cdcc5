//! `Initialize` (SPL tag 0): create a pool over a fresh pool account, validator list, reserve and mint.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` manager, 2 staker, 3 withdraw authority PDA,
//! 4 `[w]` validator list, 5 reserve stake, 6 `[w]` pool mint, 7 `[w]` manager fee account,
//! 8 token program, then optionally 9 the deposit authority (remaining account).

use {
    crate::{
        checks,
        constants::*,
        cpi,
        error::StakePoolError,
        math::{self, minimum_reserve_lamports},
        pda,
        state::{self, validator_list, Fee, FutureFee, Lockup, StakePool, ACCOUNT_TYPE_UNINITIALIZED},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `Initialize`.
#[derive(Accounts)]
pub struct Initialize<'info> {
    /// CHECK: must be ours and uninitialized (checked in `validate`).
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: only its signature is needed.
    #[account(signer @ StakePoolError::SignatureMissing)]
    pub manager: UncheckedAccount<'info>,
    /// CHECK: any address may be the staker.
    pub staker: UncheckedAccount<'info>,
    /// CHECK: derived from the pool in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be ours, uninitialized and sized for `max_validators` (checked in `validate`).
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub validator_list: UncheckedAccount<'info>,
    /// CHECK: an initialized stake account owned by the withdraw authority (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: owner, supply, decimals, authority and extensions checked in `validate`.
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: SPL token or token-2022 (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
}

/// Arguments of `Initialize` (SPL encoding).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InitializeArgs {
    /// Fee on epoch rewards.
    pub epoch_fee: Fee,
    /// Fee on SOL and stake withdrawals.
    pub withdrawal_fee: Fee,
    /// Fee on SOL and stake deposits.
    pub deposit_fee: Fee,
    /// Referrer's share of deposit fees, in percent.
    pub referral_fee: u8,
    /// Capacity of the validator list.
    pub max_validators: u32,
}

/// What `validate` established and the handler needs.
struct Plan {
    withdraw_bump: u8,
    reserve_excess: u64,
    stake_deposit_authority: Pubkey,
    sol_deposit_authority: Option<Pubkey>,
}

impl<'info> Initialize<'info> {
    fn validate(&self, args: &InitializeArgs, remaining: &[AccountInfo<'info>]) -> Result<Plan> {
        if self.stake_pool.key == self.validator_list.key {
            msg!("Cannot use same account for stake pool and validator list");
            return err!(StakePoolError::AlreadyInUse);
        }
        // SPL decodes both accounts before looking at them: one too small for its layout, or whose
        // type byte is no account type, cannot be a pool or a list at all.
        if state::decoded_type(&self.stake_pool.try_borrow_data()?)? != ACCOUNT_TYPE_UNINITIALIZED {
            msg!("Provided stake pool already in use");
            return err!(StakePoolError::AlreadyInUse);
        }
        if validator_list::decoded_type(&self.validator_list.try_borrow_data()?)?
            != ACCOUNT_TYPE_UNINITIALIZED
        {
            msg!("Provided validator list already in use");
            return err!(StakePoolError::AlreadyInUse);
        }
        let capacity = validator_list::max_validators_for_len(self.validator_list.data_len());
        if capacity != args.max_validators as usize || args.max_validators == 0 {
            msg!(
                "Incorrect validator list size provided, expected {}, provided {}",
                capacity,
                args.max_validators
            );
            return err!(StakePoolError::UnexpectedValidatorListAccountSize);
        }
        if args.max_validators > MAX_VALIDATORS_IN_POOL {
            return err!(StakePoolError::TooManyValidatorsInPool);
        }
        let rent = Rent::get()?;
        for account in [&self.stake_pool, &self.validator_list] {
            if !rent.is_exempt(account.lamports(), account.data_len()) {
                msg!("{} not rent-exempt", account.key);
                return Err(ProgramError::AccountNotRentExempt.into());
            }
        }
        if !args.epoch_fee.is_valid()
            || !args.withdrawal_fee.is_valid()
            || !args.deposit_fee.is_valid()
            || args.referral_fee > MAX_REFERRAL_FEE
        {
            return err!(StakePoolError::FeeTooHigh);
        }
        checks::check_token_program(self.token_program.key)?;
        if self.pool_mint.owner != self.token_program.key {
            return Err(ProgramError::IncorrectProgramId.into());
        }

        let (stake_deposit_authority, sol_deposit_authority) = match remaining.first() {
            Some(authority) => (*authority.key, Some(*authority.key)),
            None => (pda::find_deposit_authority(&crate::ID, self.stake_pool.key).0, None),
        };
        let (withdraw_authority, withdraw_bump) =
            pda::find_withdraw_authority(&crate::ID, self.stake_pool.key);
        if withdraw_authority != *self.withdraw_authority.key {
            msg!(
                "Incorrect withdraw authority provided, expected {}, received {}",
                withdraw_authority,
                self.withdraw_authority.key
            );
            return err!(StakePoolError::InvalidProgramAddress);
        }

        let mint = checks::read_mint(&self.pool_mint)?;
        if mint.supply != 0 {
            return err!(StakePoolError::NonZeroPoolTokenSupply);
        }
        if mint.decimals != POOL_MINT_DECIMALS {
            return err!(StakePoolError::IncorrectMintDecimals);
        }
        if mint.mint_authority != Some(withdraw_authority) {
            return err!(StakePoolError::WrongMintingAuthority);
        }
        checks::check_mint_extensions(&self.pool_mint)?;
        checks::check_manager_fee_account(
            &self.manager_fee_account,
            self.pool_mint.key,
            self.token_program.key,
        )?;

        let reserve = checks::read_initialized_stake(&self.reserve_stake)?;
        if reserve.lockup != lst_interface::stake::Lockup::default() {
            msg!("Reserve stake account has some lockup");
            return err!(StakePoolError::WrongStakeStake);
        }
        if reserve.staker != withdraw_authority || reserve.withdrawer != withdraw_authority {
            msg!(
                "Reserve stake account has staker {} and withdrawer {}, both should be {}",
                reserve.staker,
                reserve.withdrawer,
                withdraw_authority
            );
            return err!(StakePoolError::WrongStakeStake);
        }
        let reserve_rent = math::rent_exempt_minimum(&rent, self.reserve_stake.data_len());
        let reserve_excess = self
            .reserve_stake
            .lamports()
            .checked_sub(minimum_reserve_lamports(reserve_rent))
            .ok_or(StakePoolError::CalculationFailure)?;

        Ok(Plan { withdraw_bump, reserve_excess, stake_deposit_authority, sol_deposit_authority })
    }
}

/// Creates the pool. Lamports already in the reserve above its minimum are minted 1:1 to the manager.
pub fn process_initialize<'info>(ctx: Context<'info, Initialize<'info>>, args: InitializeArgs) -> Result<()> {
    let accounts = &ctx.accounts;
    let plan = accounts.validate(&args, ctx.remaining_accounts)?;

    if plan.reserve_excess > 0 {
        let signer = cpi::stake::PoolSigner {
            stake_pool: accounts.stake_pool.key,
            bump: plan.withdraw_bump,
            authority: &accounts.withdraw_authority,
        };
        let (token_program, mint) = (&accounts.token_program, &accounts.pool_mint);
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe {
            cpi::token::mint_to(
                &signer,
                token_program,
                mint,
                &accounts.manager_fee_account,
                plan.reserve_excess,
            )
        }?;
    }

    validator_list::write_empty(&mut accounts.validator_list.try_borrow_mut_data()?, args.max_validators)?;

    let pool = Box::new(StakePool {
        manager: *accounts.manager.key,
        staker: *accounts.staker.key,
        stake_deposit_authority: plan.stake_deposit_authority,
        stake_withdraw_bump_seed: plan.withdraw_bump,
        validator_list: *accounts.validator_list.key,
        reserve_stake: *accounts.reserve_stake.key,
        pool_mint: *accounts.pool_mint.key,
        manager_fee_account: *accounts.manager_fee_account.key,
        token_program_id: *accounts.token_program.key,
        total_lamports: plan.reserve_excess,
        pool_token_supply: plan.reserve_excess,
        last_update_epoch: Clock::get()?.epoch,
        lockup: Lockup::default(),
        epoch_fee: args.epoch_fee,
        next_epoch_fee: FutureFee::None,
        preferred_deposit_validator_vote_address: None,
        preferred_withdraw_validator_vote_address: None,
        stake_deposit_fee: args.deposit_fee,
        stake_withdrawal_fee: args.withdrawal_fee,
        next_stake_withdrawal_fee: FutureFee::None,
        stake_referral_fee: args.referral_fee,
        sol_deposit_authority: plan.sol_deposit_authority,
        sol_deposit_fee: args.deposit_fee,
        sol_referral_fee: args.referral_fee,
        sol_withdraw_authority: None,
        sol_withdrawal_fee: args.withdrawal_fee,
        next_sol_withdrawal_fee: FutureFee::None,
        last_epoch_pool_token_supply: 0,
        last_epoch_total_lamports: 0,
    });
    pool.save(&accounts.stake_pool)
}
