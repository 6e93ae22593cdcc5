//! `SetFundingAuthority` (SPL tag 15): restrict (or open) stake deposits, SOL deposits or SOL
//! withdrawals to one signer.
//!
//! Accounts (SPL order): 0 `[w]` stake pool, 1 `[s]` manager, then optionally 2 the new authority
//! (remaining account; omitted = open to everyone).

use {
    crate::{pda, state::StakePool},
    anchor_lang::prelude::*,
};

/// Which funding authority `SetFundingAuthority` sets (SPL's `FundingType`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundingType {
    /// Who may deposit stake (the deposit PDA when open).
    StakeDeposit,
    /// Who may deposit SOL.
    SolDeposit,
    /// Who may withdraw SOL.
    SolWithdraw,
}

/// Accounts of `SetFundingAuthority`.
#[derive(Accounts)]
pub struct SetFundingAuthority<'info> {
    /// CHECK: loaded by `StakePool::load` in `validate`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager and sign (`StakePool::check_manager`).
    pub manager: UncheckedAccount<'info>,
}

impl SetFundingAuthority<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        let pool = StakePool::load(&self.stake_pool)?;
        pool.check_manager(&self.manager)?;
        Ok(pool)
    }
}

/// Records the new authority (`None` when no third account is passed).
pub fn process_set_funding_authority<'info>(
    ctx: Context<'info, SetFundingAuthority<'info>>,
    funding_type: FundingType,
) -> Result<()> {
    let accounts = &ctx.accounts;
    let mut pool = accounts.validate()?;
    let new_authority = ctx.remaining_accounts.first().map(|info| *info.key);
    match funding_type {
        FundingType::StakeDeposit => {
            pool.stake_deposit_authority = new_authority
                .unwrap_or_else(|| pda::find_deposit_authority(&crate::ID, accounts.stake_pool.key).0);
        }
        FundingType::SolDeposit => pool.sol_deposit_authority = new_authority,
        FundingType::SolWithdraw => pool.sol_withdraw_authority = new_authority,
    }
    pool.save(&accounts.stake_pool)
}
