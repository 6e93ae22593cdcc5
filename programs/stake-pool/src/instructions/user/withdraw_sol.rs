//! `WithdrawSol` (SPL tag 16) and `WithdrawSolWithSlippage` (tag 26): burn pool tokens, receive SOL
//! from the reserve at the current rate, the withdrawal fee to the manager.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 withdraw authority PDA, 2 `[s]` user transfer authority,
//! 3 `[w]` pool-token account to burn from, 4 `[w]` reserve stake, 5 `[w]` destination for the SOL,
//! 6 `[w]` manager fee account, 7 `[w]` pool mint, 8 clock sysvar, 9 stake history sysvar,
//! 10 stake program, 11 token program, then optionally 12 `[s]` the SOL withdraw authority.
//!
//! A broken manager fee account (closed, frozen, wrong mint) never traps users' SOL: the withdrawal
//! then goes through without a fee.

use {
    crate::{
        checks,
        constants::STAKE_PROGRAM_ID,
        cpi::{
            self,
            stake::{PoolSigner, StakeSysvars},
        },
        error::StakePoolError,
        math,
        state::{SolFlowAccounts, StakePool},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `WithdrawSol`.
#[derive(Accounts)]
pub struct WithdrawSol<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must sign; the token program checks it owns (or is delegate of) the burnt tokens.
    #[account(signer @ ProgramError::MissingRequiredSignature)]
    pub user_transfer_authority: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub burn_from: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: any account may receive SOL.
    pub destination: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager fee account (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub clock: UncheckedAccount<'info>,
    /// CHECK: the stake program checks the sysvar.
    pub stake_history: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = STAKE_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub stake_program: UncheckedAccount<'info>,
    /// CHECK: must be the pool's token program (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
}

impl<'info> WithdrawSol<'info> {
    /// Returns the pool and the mint's decimals.
    fn validate(&self, remaining: &[AccountInfo<'info>]) -> Result<(Box<StakePool>, u8)> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_sol_withdraw_authority(remaining.first())?;
        let decimals = pool.check_sol_flow_accounts(&SolFlowAccounts {
            stake_pool: self.stake_pool.key,
            withdraw_authority: self.withdraw_authority.key,
            pool_mint: &self.pool_mint,
            reserve_stake: self.reserve_stake.key,
            token_program: self.token_program.key,
            manager_fee_account: self.manager_fee_account.key,
        })?;
        pool.check_updated_this_epoch()?;
        Ok((pool, decimals))
    }
}

/// Withdraws `pool_tokens`; with `minimum_lamports_out`, fails with `ExceededSlippage` if the user
/// would receive fewer lamports.
pub fn process_withdraw_sol<'info>(
    ctx: Context<'info, WithdrawSol<'info>>,
    pool_tokens: u64,
    minimum_lamports_out: Option<u64>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let (mut pool, decimals) = accounts.validate(ctx.remaining_accounts)?;

    // No fee when the manager withdraws from the fee account itself, or when the fee account is broken.
    let charge_fee = pool.manager_fee_account != *accounts.burn_from.key
        && checks::check_manager_fee_account(
            &accounts.manager_fee_account,
            &pool.pool_mint,
            &pool.token_program_id,
        )
        .is_ok();
    let split = math::split_withdrawal(
        pool.total_lamports,
        pool.pool_token_supply,
        pool_tokens,
        &pool.sol_withdrawal_fee,
        charge_fee,
    )
    .ok_or(StakePoolError::CalculationFailure)?;
    if split.lamports == 0 {
        return err!(StakePoolError::WithdrawalTooSmall);
    }
    if minimum_lamports_out.is_some_and(|minimum| split.lamports < minimum) {
        return err!(StakePoolError::ExceededSlippage);
    }
    let reserve_minimum = math::minimum_reserve_lamports(math::rent_exempt_minimum(
        &Rent::get()?,
        accounts.reserve_stake.data_len(),
    ));
    let reserve = accounts.reserve_stake.lamports();
    if reserve.saturating_sub(split.lamports) < reserve_minimum {
        msg!(
            "Attempting to withdraw {} lamports, maximum possible SOL withdrawal is {} lamports",
            split.lamports,
            reserve.saturating_sub(reserve_minimum)
        );
        return err!(StakePoolError::SolWithdrawalTooLarge);
    }

    let (token_program, mint, user) =
        (&accounts.token_program, &accounts.pool_mint, &accounts.user_transfer_authority);
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe { cpi::token::burn(token_program, &accounts.burn_from, mint, user, split.burnt) }?;
    if split.fee > 0 {
        let fee_account = &accounts.manager_fee_account;
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe {
            cpi::token::transfer_checked(
                token_program,
                &accounts.burn_from,
                mint,
                fee_account,
                user,
                split.fee,
                decimals,
            )
        }?;
    }
    let signer = PoolSigner {
        stake_pool: accounts.stake_pool.key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &accounts.withdraw_authority,
    };
    // SAFETY: no borrow of the accounts passed is live across the call.
    unsafe {
        cpi::stake::withdraw(
            &signer,
            &accounts.reserve_stake,
            &accounts.destination,
            &StakeSysvars { clock: &accounts.clock, stake_history: &accounts.stake_history },
            split.lamports,
        )
    }?;

    pool.pool_token_supply =
        pool.pool_token_supply.checked_sub(split.burnt).ok_or(StakePoolError::CalculationFailure)?;
    pool.total_lamports =
        pool.total_lamports.checked_sub(split.lamports).ok_or(StakePoolError::CalculationFailure)?;
    pool.save_balances(&accounts.stake_pool)
}
