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
pub mod wire;

use {anchor_lang::prelude::*, instructions::*};

#[cfg(not(feature = "spl-id"))]
declare_id!("HGRNVuariTjwzzadKVsQqPa1nrcwgVryH7ZioyuJjzSf");
// Built with `spl-id`, the program answers at the upstream SPL program's address, so that upstream's
// own test suite runs against it unchanged (`scripts/upstream-suite.sh`).
#[cfg(feature = "spl-id")]
declare_id!("SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy");

/// Every instruction, as SPL frames it: the data checked first ([`wire::check`]: SPL decodes it
/// before reading any account), then the account list's shape as SPL reads it
/// ([`wire::check_accounts`]), then Anchor's dispatch, with Anchor's "not enough account keys"
/// answered as SPL answers it.
pub fn process_instruction<'info>(
    program_id: &'info Pubkey,
    accounts: &'info [AccountInfo<'info>],
    data: &'info [u8],
) -> anchor_lang::solana_program::entrypoint::ProgramResult {
    let tag = wire::check(data)?;
    wire::check_accounts(tag, accounts)?;
    entry(program_id, accounts, data).map_err(|error| {
        if error == ProgramError::Custom(anchor_lang::error::ErrorCode::AccountNotEnoughKeys as u32) {
            ProgramError::NotEnoughAccountKeys
        } else {
            error
        }
    })
}

/// The program's entrypoint (the `lean-entrypoint` feature, on by default): the SDK's
/// deserialisation, then [`process_instruction`]; the account list is not dropped on the way out —
/// the process ends there, and releasing two reference counts per account costs ~25 CU per account
/// for nothing.
#[cfg(all(target_os = "solana", feature = "lean-entrypoint"))]
mod lean_entrypoint {
    use anchor_lang::solana_program::entrypoint::{self, SUCCESS};

    /// # Safety
    /// Called by the runtime with its serialised input.
    #[unsafe(no_mangle)]
    pub unsafe extern "C" fn entrypoint(input: *mut u8) -> u64 {
        // SAFETY: `input` is the runtime's serialised input, as `deserialize` expects.
        let (program_id, accounts, data) = unsafe { entrypoint::deserialize(input) };
        let accounts = core::mem::ManuallyDrop::new(accounts);
        match crate::process_instruction(program_id, &accounts, data) {
            Ok(()) => SUCCESS,
            Err(error) => error.into(),
        }
    }

    entrypoint::custom_heap_default!();
    entrypoint::custom_panic_default!();
}

/// `Redelegate` takes no accounts: it is always refused.
#[derive(Accounts)]
pub struct Redelegate {}

/// SPL stake-pool instruction tags (the first byte of instruction data).
pub use lst_interface::instruction::tag;

/// Instruction routes. Each handler lives in `instructions/`.
#[program]
pub mod stake_pool {
    use super::*;

    // Anchor tries the routes in this order: the users' instructions come first.

    /// Deposits SOL into the reserve for pool tokens (SPL tag 14).
    #[instruction(discriminator = [tag::DEPOSIT_SOL])]
    pub fn deposit_sol<'info>(ctx: Context<'info, DepositSol<'info>>, lamports: u64) -> Result<()> {
        process_deposit_sol(ctx, lamports, None)
    }

    /// Burns pool tokens for SOL from the reserve (SPL tag 16).
    #[instruction(discriminator = [tag::WITHDRAW_SOL])]
    pub fn withdraw_sol<'info>(ctx: Context<'info, WithdrawSol<'info>>, pool_tokens: u64) -> Result<()> {
        process_withdraw_sol(ctx, pool_tokens, None)
    }

    /// Merges a stake account into a validator's for pool tokens (SPL tag 9).
    #[instruction(discriminator = [tag::DEPOSIT_STAKE])]
    pub fn deposit_stake<'info>(ctx: Context<'info, DepositStake<'info>>) -> Result<()> {
        process_deposit_stake(ctx, None)
    }

    /// Burns pool tokens for a stake account split off the pool (SPL tag 10).
    #[instruction(discriminator = [tag::WITHDRAW_STAKE])]
    pub fn withdraw_stake<'info>(ctx: Context<'info, WithdrawStake<'info>>, pool_tokens: u64) -> Result<()> {
        process_withdraw_stake(ctx, pool_tokens, None)
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

    /// Burns pool tokens for SOL, failing if fewer than `minimum_lamports_out` would be paid (SPL tag 26).
    #[instruction(discriminator = [tag::WITHDRAW_SOL_WITH_SLIPPAGE])]
    pub fn withdraw_sol_with_slippage<'info>(
        ctx: Context<'info, WithdrawSol<'info>>,
        pool_tokens_in: u64,
        minimum_lamports_out: u64,
    ) -> Result<()> {
        process_withdraw_sol(ctx, pool_tokens_in, Some(minimum_lamports_out))
    }

    /// Like `DepositStake`, failing below `minimum_pool_tokens_out` (SPL tag 23).
    #[instruction(discriminator = [tag::DEPOSIT_STAKE_WITH_SLIPPAGE])]
    pub fn deposit_stake_with_slippage<'info>(
        ctx: Context<'info, DepositStake<'info>>,
        minimum_pool_tokens_out: u64,
    ) -> Result<()> {
        process_deposit_stake(ctx, Some(minimum_pool_tokens_out))
    }

    /// Like `WithdrawStake`, failing below `minimum_lamports_out` (SPL tag 24).
    #[instruction(discriminator = [tag::WITHDRAW_STAKE_WITH_SLIPPAGE])]
    pub fn withdraw_stake_with_slippage<'info>(
        ctx: Context<'info, WithdrawStake<'info>>,
        pool_tokens_in: u64,
        minimum_lamports_out: u64,
    ) -> Result<()> {
        process_withdraw_stake(ctx, pool_tokens_in, Some(minimum_lamports_out))
    }

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

    /// Lists a validator with a minimum delegation from the reserve (SPL tag 1).
    #[instruction(discriminator = [tag::ADD_VALIDATOR_TO_POOL])]
    pub fn add_validator_to_pool<'info>(
        ctx: Context<'info, AddValidatorToPool<'info>>,
        raw_validator_seed: u32,
    ) -> Result<()> {
        process_add_validator_to_pool(ctx, raw_validator_seed)
    }

    /// Starts deactivating a validator's stake and marks it for removal (SPL tag 2).
    #[instruction(discriminator = [tag::REMOVE_VALIDATOR_FROM_POOL])]
    pub fn remove_validator_from_pool<'info>(
        ctx: Context<'info, RemoveValidatorFromPool<'info>>,
    ) -> Result<()> {
        process_remove_validator_from_pool(ctx)
    }

    /// Deprecated: splits stake off a validator, deactivating; the split pays its own rent (SPL tag 3).
    #[instruction(discriminator = [tag::DECREASE_VALIDATOR_STAKE])]
    pub fn decrease_validator_stake<'info>(
        ctx: Context<'info, DecreaseValidatorStake<'info>>,
        lamports: u64,
        transient_stake_seed: u64,
    ) -> Result<()> {
        process_decrease_validator_stake(ctx, lamports, transient_stake_seed)
    }

    /// Like `DecreaseValidatorStakeWithReserve`, through an ephemeral account, so that it can add to a
    /// transient stake deactivating this epoch (SPL tag 20).
    #[instruction(discriminator = [tag::DECREASE_ADDITIONAL_VALIDATOR_STAKE])]
    pub fn decrease_additional_validator_stake<'info>(
        ctx: Context<'info, DecreaseAdditionalValidatorStake<'info>>,
        lamports: u64,
        transient_stake_seed: u64,
        ephemeral_stake_seed: u64,
    ) -> Result<()> {
        process_decrease_additional_validator_stake(ctx, lamports, transient_stake_seed, ephemeral_stake_seed)
    }

    /// Splits stake off a validator into its transient account, deactivating; the reserve pays the
    /// transient account's rent (SPL tag 21).
    #[instruction(discriminator = [tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE])]
    pub fn decrease_validator_stake_with_reserve<'info>(
        ctx: Context<'info, DecreaseValidatorStakeWithReserve<'info>>,
        lamports: u64,
        transient_stake_seed: u64,
    ) -> Result<()> {
        process_decrease_validator_stake_with_reserve(ctx, lamports, transient_stake_seed)
    }

    /// Moves reserve lamports into a validator's transient stake, activating (SPL tag 4).
    #[instruction(discriminator = [tag::INCREASE_VALIDATOR_STAKE])]
    pub fn increase_validator_stake<'info>(
        ctx: Context<'info, IncreaseValidatorStake<'info>>,
        lamports: u64,
        transient_stake_seed: u64,
    ) -> Result<()> {
        process_increase_validator_stake(ctx, lamports, transient_stake_seed)
    }

    /// Like `IncreaseValidatorStake`, through an ephemeral account, so that it can add to a transient
    /// stake activating this epoch (SPL tag 19).
    #[instruction(discriminator = [tag::INCREASE_ADDITIONAL_VALIDATOR_STAKE])]
    pub fn increase_additional_validator_stake<'info>(
        ctx: Context<'info, IncreaseAdditionalValidatorStake<'info>>,
        lamports: u64,
        transient_stake_seed: u64,
        ephemeral_stake_seed: u64,
    ) -> Result<()> {
        process_increase_additional_validator_stake(ctx, lamports, transient_stake_seed, ephemeral_stake_seed)
    }

    /// Sets or clears the preferred deposit or withdraw validator (SPL tag 5).
    #[instruction(discriminator = [tag::SET_PREFERRED_VALIDATOR])]
    pub fn set_preferred_validator<'info>(
        ctx: Context<'info, SetPreferredValidator<'info>>,
        validator_type: PreferredValidatorType,
        validator_vote_address: Option<Pubkey>,
    ) -> Result<()> {
        process_set_preferred_validator(ctx, validator_type, validator_vote_address)
    }

    /// Merges, sweeps and records a chunk of validators' balances for this epoch (SPL tag 6).
    #[instruction(discriminator = [tag::UPDATE_VALIDATOR_LIST_BALANCE])]
    pub fn update_validator_list_balance<'info>(
        ctx: Context<'info, UpdateValidatorListBalance<'info>>,
        start_index: u32,
        no_merge: bool,
    ) -> Result<()> {
        process_update_validator_list_balance(ctx, start_index, no_merge)
    }

    /// Recomputes the pool's lamports, mints the epoch fee and rolls the fee schedule (SPL tag 7).
    #[instruction(discriminator = [tag::UPDATE_STAKE_POOL_BALANCE])]
    pub fn update_stake_pool_balance<'info>(
        ctx: Context<'info, UpdateStakePoolBalance<'info>>,
    ) -> Result<()> {
        process_update_stake_pool_balance(ctx)
    }

    /// Drops finished validator entries and stale preferred validators (SPL tag 8).
    #[instruction(discriminator = [tag::CLEANUP_REMOVED_VALIDATOR_ENTRIES])]
    pub fn cleanup_removed_validator_entries<'info>(
        ctx: Context<'info, CleanupRemovedValidatorEntries<'info>>,
    ) -> Result<()> {
        process_cleanup_removed_validator_entries(ctx)
    }

    /// Redelegate was never enabled in SPL 2.x: its data decodes and is refused (SPL tag 22).
    #[instruction(discriminator = [tag::REDELEGATE])]
    pub fn redelegate<'info>(
        _ctx: Context<'info, Redelegate>,
        _lamports: u64,
        _source_transient_stake_seed: u64,
        _ephemeral_stake_seed: u64,
        _destination_transient_stake_seed: u64,
    ) -> Result<()> {
        msg!("Instruction: Redelegate will not be enabled");
        Err(ProgramError::InvalidInstructionData.into())
    }

    /// Hands the pool to a new manager and fee account (SPL tag 11).
    #[instruction(discriminator = [tag::SET_MANAGER])]
    pub fn set_manager<'info>(ctx: Context<'info, SetManager<'info>>) -> Result<()> {
        process_set_manager(ctx)
    }

    /// Changes one fee (SPL tag 12).
    #[instruction(discriminator = [tag::SET_FEE])]
    pub fn set_fee<'info>(ctx: Context<'info, SetFee<'info>>, fee: state::FeeType) -> Result<()> {
        process_set_fee(ctx, fee)
    }

    /// Names a new staker (SPL tag 13).
    #[instruction(discriminator = [tag::SET_STAKER])]
    pub fn set_staker<'info>(ctx: Context<'info, SetStaker<'info>>) -> Result<()> {
        process_set_staker(ctx)
    }

    /// Restricts or opens deposits or SOL withdrawals (SPL tag 15).
    #[instruction(discriminator = [tag::SET_FUNDING_AUTHORITY])]
    pub fn set_funding_authority<'info>(
        ctx: Context<'info, SetFundingAuthority<'info>>,
        funding_type: FundingType,
    ) -> Result<()> {
        process_set_funding_authority(ctx, funding_type)
    }

    /// Gives the pool token a Metaplex name, symbol and URI (SPL tag 17).
    #[instruction(discriminator = [tag::CREATE_TOKEN_METADATA])]
    pub fn create_token_metadata<'info>(
        ctx: Context<'info, CreateTokenMetadata<'info>>,
        name: String,
        symbol: String,
        uri: String,
    ) -> Result<()> {
        process_create_token_metadata(
            ctx,
            &cpi::metadata::TokenInfo { name: &name, symbol: &symbol, uri: &uri },
        )
    }

    /// Renames the pool token in its Metaplex metadata (SPL tag 18).
    #[instruction(discriminator = [tag::UPDATE_TOKEN_METADATA])]
    pub fn update_token_metadata<'info>(
        ctx: Context<'info, UpdateTokenMetadata<'info>>,
        name: String,
        symbol: String,
        uri: String,
    ) -> Result<()> {
        process_update_token_metadata(
            ctx,
            &cpi::metadata::TokenInfo { name: &name, symbol: &symbol, uri: &uri },
        )
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
