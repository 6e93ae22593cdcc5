//! Liquid-staking pool that speaks the SPL stake-pool interface byte for byte: SPL's one-byte
//! instruction tags and borsh arguments, SPL's account order, SPL's `StakePool` / `ValidatorList`
//! layouts and SPL's error numbers. Instructions of our own use tags from 100 up.
//!
//! Layout: `instructions/<role>/<ix>.rs` (accounts, `validate`, `handler`), `state/` (layouts),
//! `math.rs` (pure conversions), `checks.rs` (foreign-account reads), `cpi/` (raw CPIs).
// Anchor's generated client modules carry no docs, so `missing_docs` cannot be denied here;
// every hand-written item is documented.
#![allow(missing_docs)]
#![allow(unexpected_cfgs)]

#[cfg(target_os = "solana")]
use solana_compiler_builtins as _;

pub mod checks;
pub mod constants;
pub mod cpi;
pub mod error;
pub mod instructions;
pub mod math;
pub mod pda;
pub mod state;

use {anchor_lang::prelude::*, instructions::*};

declare_id!("HGRNVuariTjwzzadKVsQqPa1nrcwgVryH7ZioyuJjzSf");

/// SPL stake-pool instruction tags (the first byte of instruction data).
pub mod tag {
    /// `Initialize`.
    pub const INITIALIZE: u8 = 0;
    /// `DepositSol`.
    pub const DEPOSIT_SOL: u8 = 14;
    /// `DepositSolWithSlippage`.
    pub const DEPOSIT_SOL_WITH_SLIPPAGE: u8 = 25;
}

/// Instruction routes. Each handler lives in `instructions/`.
#[program]
pub mod stake_pool {
    use super::*;

    /// Creates a pool (SPL tag 0).
    #[instruction(discriminator = [tag::INITIALIZE])]
    pub fn initialize<'info>(
        ctx: Context<'info, Initialize<'info>>,
        epoch_fee: state::Fee,
        withdrawal_fee: state::Fee,
        deposit_fee: state::Fee,
        referral_fee: u8,
        max_validators: u32,
    ) -> Result<()> {
        let args = InitializeArgs { epoch_fee, withdrawal_fee, deposit_fee, referral_fee, max_validators };
        process_initialize(ctx, args)
    }

    /// Deposits SOL into the reserve for pool tokens (SPL tag 14).
    #[instruction(discriminator = [tag::DEPOSIT_SOL])]
    pub fn deposit_sol<'info>(ctx: Context<'info, DepositSol<'info>>, lamports: u64) -> Result<()> {
        process_deposit_sol(ctx, lamports, None)
    }

    /// Deposits SOL, failing if fewer than `minimum_pool_tokens_out` would be minted (SPL tag 25).
    #[instruction(discriminator = [tag::DEPOSIT_SOL_WITH_SLIPPAGE])]
    pub fn deposit_sol_with_slippage<'info>(
        ctx: Context<'info, DepositSol<'info>>,
        lamports_in: u64,
        minimum_pool_tokens_out: u64,
    ) -> Result<()> {
        process_deposit_sol(ctx, lamports_in, Some(minimum_pool_tokens_out))
    }

    /// Any other tag: SPL's answer to instruction data it cannot decode.
    pub fn fallback<'info>(
        _program_id: &Pubkey,
        _accounts: &'info [AccountInfo<'info>],
        _data: &[u8],
    ) -> Result<()> {
        Err(ProgramError::BorshIoError.into())
    }
}
