//! `DepositSol` (SPL tag 14) and `DepositSolWithSlippage` (tag 25): SOL into the reserve, pool tokens
//! out at the current rate, the deposit fee split between manager and referrer.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 withdraw authority PDA, 2 `[w]` reserve stake,
//! 3 `[s,w]` lamports from, 4 `[w]` destination pool-token account, 5 `[w]` manager fee account,
//! 6 `[w]` referrer pool-token account, 7 `[w]` pool mint, 8 system program, 9 token program,
//! then optionally 10 `[s]` the SOL deposit authority (remaining account).

use {
    crate::{
        cpi,
        error::StakePoolError,
        math,
        state::{SolFlowAccounts, StakePool},
    },
    anchor_lang::{prelude::*, solana_program::system_program},
};

/// Accounts of `DepositSol`.
#[derive(Accounts)]
pub struct DepositSol<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `validate`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's reserve (checked in `validate`).
    pub reserve_stake: UncheckedAccount<'info>,
    /// CHECK: pays the deposit through the system program, which requires the signature.
    #[account(signer @ ProgramError::MissingRequiredSignature)]
    pub lamports_from: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub destination: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager fee account (checked in `validate`).
    pub manager_fee_account: UncheckedAccount<'info>,
    /// CHECK: a token account of the pool mint; the token program checks it.
    pub referrer: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
    /// CHECK: must be the pool's token program (checked in `validate`).
    pub token_program: UncheckedAccount<'info>,
}

impl<'info> DepositSol<'info> {
    fn validate(&self, remaining: &[AccountInfo<'info>]) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_sol_deposit_authority(remaining.first())?;
        pool.check_sol_flow_accounts(&SolFlowAccounts {
            stake_pool: self.stake_pool.key,
            withdraw_authority: self.withdraw_authority.key,
            pool_mint: &self.pool_mint,
            reserve_stake: self.reserve_stake.key,
            token_program: self.token_program.key,
            manager_fee_account: self.manager_fee_account.key,
        })?;
        pool.check_updated_this_epoch()?;
        Ok(pool)
    }
}

/// Deposits `lamports`; with `minimum_pool_tokens_out`, fails with `ExceededSlippage` if the depositor
/// would receive fewer tokens.
pub fn process_deposit_sol<'info>(
    ctx: Context<'info, DepositSol<'info>>,
    lamports: u64,
    minimum_pool_tokens_out: Option<u64>,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate(ctx.remaining_accounts)?;

    let split = math::split_deposit(
        pool.total_lamports,
        pool.pool_token_supply,
        lamports,
        &pool.sol_deposit_fee,
        pool.sol_referral_fee,
    )
    .ok_or(StakePoolError::CalculationFailure)?;
    if split.user == 0 {
        return err!(StakePoolError::DepositTooSmall);
    }
    if minimum_pool_tokens_out.is_some_and(|minimum| split.user < minimum) {
        return err!(StakePoolError::ExceededSlippage);
    }

    cpi::system::transfer(&accounts.lamports_from, &accounts.reserve_stake, lamports)?;
    let signer = cpi::stake::PoolSigner {
        stake_pool: accounts.stake_pool.key,
        bump: pool.stake_withdraw_bump_seed,
        authority: &accounts.withdraw_authority,
    };
    let mint_to = |destination: &AccountInfo<'info>, amount: u64| -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        // SAFETY: no borrow of the accounts passed is live across the call.
        unsafe {
            cpi::token::mint_to(&signer, &accounts.token_program, &accounts.pool_mint, destination, amount)
        }
    };
    mint_to(&accounts.destination, split.user)?;
    mint_to(&accounts.manager_fee_account, split.manager)?;
    mint_to(&accounts.referrer, split.referrer)?;

    pool.pool_token_supply =
        pool.pool_token_supply.checked_add(split.minted).ok_or(StakePoolError::CalculationFailure)?;
    pool.total_lamports =
        pool.total_lamports.checked_add(lamports).ok_or(StakePoolError::CalculationFailure)?;
    pool.save_balances(&accounts.stake_pool)
}
