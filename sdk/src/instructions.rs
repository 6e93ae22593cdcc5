//! Instruction builders in the SPL stake-pool wire format (one-byte tag, borsh arguments, SPL account
//! order), with signatures that mirror `spl_stake_pool::instruction`.

use {
    anchor_lang::{
        prelude::{AccountMeta, Pubkey},
        solana_program::{instruction::Instruction, system_program},
        AnchorSerialize,
    },
    stake_pool::{
        constants::{METADATA_PROGRAM_ID, STAKE_PROGRAM_ID},
        instructions::{FundingType, InitializeArgs},
        state::{Fee, FeeType},
        tag,
    },
};

/// The clock and stake-history sysvars.
use crate::steward::ids::{CLOCK as CLOCK_SYSVAR, STAKE_HISTORY as STAKE_HISTORY_SYSVAR};

fn data(tag: u8, args: &impl AnchorSerialize) -> Vec<u8> {
    let mut data = vec![tag];
    args.serialize(&mut data).expect("writing to a Vec cannot fail");
    data
}

/// Accounts of `Initialize`.
pub struct InitializeAccounts {
    /// The new pool account (owned by the program, zeroed).
    pub stake_pool: Pubkey,
    /// Manager (signs).
    pub manager: Pubkey,
    /// Staker.
    pub staker: Pubkey,
    /// Withdraw authority PDA.
    pub withdraw_authority: Pubkey,
    /// The new validator list account.
    pub validator_list: Pubkey,
    /// Reserve stake account.
    pub reserve_stake: Pubkey,
    /// Pool mint.
    pub pool_mint: Pubkey,
    /// Manager fee token account.
    pub manager_fee_account: Pubkey,
    /// Token program of the mint.
    pub token_program: Pubkey,
    /// Optional deposit authority (restricts SOL and stake deposits).
    pub deposit_authority: Option<Pubkey>,
}

/// `Initialize` (tag 0).
pub fn initialize(
    program_id: &Pubkey,
    accounts: &InitializeAccounts,
    epoch_fee: Fee,
    withdrawal_fee: Fee,
    deposit_fee: Fee,
    referral_fee: u8,
    max_validators: u32,
) -> Instruction {
    let mut metas = vec![
        AccountMeta::new(accounts.stake_pool, false),
        AccountMeta::new_readonly(accounts.manager, true),
        AccountMeta::new_readonly(accounts.staker, false),
        AccountMeta::new_readonly(accounts.withdraw_authority, false),
        AccountMeta::new(accounts.validator_list, false),
        AccountMeta::new_readonly(accounts.reserve_stake, false),
        AccountMeta::new(accounts.pool_mint, false),
        AccountMeta::new(accounts.manager_fee_account, false),
        AccountMeta::new_readonly(accounts.token_program, false),
    ];
    if let Some(authority) = accounts.deposit_authority {
        metas.push(AccountMeta::new_readonly(authority, true));
    }
    let args = InitializeArgs { epoch_fee, withdrawal_fee, deposit_fee, referral_fee, max_validators };
    Instruction { program_id: *program_id, accounts: metas, data: data(tag::INITIALIZE, &args) }
}

/// Accounts of `DepositSol`.
pub struct DepositSolAccounts {
    /// The pool.
    pub stake_pool: Pubkey,
    /// Withdraw authority PDA.
    pub withdraw_authority: Pubkey,
    /// Reserve stake account.
    pub reserve_stake: Pubkey,
    /// Pays the SOL (signs).
    pub lamports_from: Pubkey,
    /// Receives the pool tokens.
    pub pool_tokens_to: Pubkey,
    /// Manager fee token account.
    pub manager_fee_account: Pubkey,
    /// Referrer's pool token account.
    pub referrer_pool_tokens_account: Pubkey,
    /// Pool mint.
    pub pool_mint: Pubkey,
    /// Token program of the mint.
    pub token_program: Pubkey,
    /// SOL deposit authority, when the pool has one (signs).
    pub sol_deposit_authority: Option<Pubkey>,
}

/// `DepositSol` (tag 14), or `DepositSolWithSlippage` (tag 25) when `minimum_pool_tokens_out` is set.
pub fn deposit_sol(
    program_id: &Pubkey,
    accounts: &DepositSolAccounts,
    lamports_in: u64,
    minimum_pool_tokens_out: Option<u64>,
) -> Instruction {
    let mut metas = vec![
        AccountMeta::new(accounts.stake_pool, false),
        AccountMeta::new_readonly(accounts.withdraw_authority, false),
        AccountMeta::new(accounts.reserve_stake, false),
        AccountMeta::new(accounts.lamports_from, true),
        AccountMeta::new(accounts.pool_tokens_to, false),
        AccountMeta::new(accounts.manager_fee_account, false),
        AccountMeta::new(accounts.referrer_pool_tokens_account, false),
        AccountMeta::new(accounts.pool_mint, false),
        AccountMeta::new_readonly(system_program::ID, false),
        AccountMeta::new_readonly(accounts.token_program, false),
    ];
    if let Some(authority) = accounts.sol_deposit_authority {
        metas.push(AccountMeta::new_readonly(authority, true));
    }
    let data = match minimum_pool_tokens_out {
        None => data(tag::DEPOSIT_SOL, &lamports_in),
        Some(minimum) => data(tag::DEPOSIT_SOL_WITH_SLIPPAGE, &(lamports_in, minimum)),
    };
    Instruction { program_id: *program_id, accounts: metas, data }
}

/// Accounts of `WithdrawSol`.
pub struct WithdrawSolAccounts {
    /// The pool.
    pub stake_pool: Pubkey,
    /// Withdraw authority PDA.
    pub withdraw_authority: Pubkey,
    /// Owner or delegate of the burnt tokens (signs).
    pub user_transfer_authority: Pubkey,
    /// Token account the pool tokens are burnt from.
    pub pool_tokens_from: Pubkey,
    /// Reserve stake account.
    pub reserve_stake: Pubkey,
    /// Receives the SOL.
    pub lamports_to: Pubkey,
    /// Manager fee token account.
    pub manager_fee_account: Pubkey,
    /// Pool mint.
    pub pool_mint: Pubkey,
    /// Token program of the mint.
    pub token_program: Pubkey,
    /// SOL withdraw authority, when the pool has one (signs).
    pub sol_withdraw_authority: Option<Pubkey>,
}

/// `WithdrawSol` (tag 16), or `WithdrawSolWithSlippage` (tag 26) when `minimum_lamports_out` is set.
pub fn withdraw_sol(
    program_id: &Pubkey,
    accounts: &WithdrawSolAccounts,
    pool_tokens_in: u64,
    minimum_lamports_out: Option<u64>,
) -> Instruction {
    let mut metas = vec![
        AccountMeta::new(accounts.stake_pool, false),
        AccountMeta::new_readonly(accounts.withdraw_authority, false),
        AccountMeta::new_readonly(accounts.user_transfer_authority, true),
        AccountMeta::new(accounts.pool_tokens_from, false),
        AccountMeta::new(accounts.reserve_stake, false),
        AccountMeta::new(accounts.lamports_to, false),
        AccountMeta::new(accounts.manager_fee_account, false),
        AccountMeta::new(accounts.pool_mint, false),
        AccountMeta::new_readonly(CLOCK_SYSVAR, false),
        AccountMeta::new_readonly(STAKE_HISTORY_SYSVAR, false),
        AccountMeta::new_readonly(STAKE_PROGRAM_ID, false),
        AccountMeta::new_readonly(accounts.token_program, false),
    ];
    if let Some(authority) = accounts.sol_withdraw_authority {
        metas.push(AccountMeta::new_readonly(authority, true));
    }
    let data = match minimum_lamports_out {
        None => data(tag::WITHDRAW_SOL, &pool_tokens_in),
        Some(minimum) => data(tag::WITHDRAW_SOL_WITH_SLIPPAGE, &(pool_tokens_in, minimum)),
    };
    Instruction { program_id: *program_id, accounts: metas, data }
}

/// `SetManager` (tag 11): both managers sign.
pub fn set_manager(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    manager: &Pubkey,
    new_manager: &Pubkey,
    new_fee_receiver: &Pubkey,
) -> Instruction {
    let accounts = vec![
        AccountMeta::new(*stake_pool, false),
        AccountMeta::new_readonly(*manager, true),
        AccountMeta::new_readonly(*new_manager, true),
        AccountMeta::new_readonly(*new_fee_receiver, false),
    ];
    Instruction { program_id: *program_id, accounts, data: vec![tag::SET_MANAGER] }
}

/// `SetFee` (tag 12).
pub fn set_fee(program_id: &Pubkey, stake_pool: &Pubkey, manager: &Pubkey, fee: FeeType) -> Instruction {
    let accounts = vec![AccountMeta::new(*stake_pool, false), AccountMeta::new_readonly(*manager, true)];
    Instruction { program_id: *program_id, accounts, data: data(tag::SET_FEE, &fee) }
}

/// `CreateTokenMetadata` (tag 17, the manager signs, `payer` funds the metadata account) or, with
/// `update`, `UpdateTokenMetadata` (tag 18): the pool token's Metaplex name, symbol and URI.
#[allow(clippy::too_many_arguments, reason = "SPL's account list")]
pub fn token_metadata(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    manager: &Pubkey,
    pool_mint: &Pubkey,
    payer: &Pubkey,
    update: bool,
    name: &str,
    symbol: &str,
    uri: &str,
) -> Instruction {
    let withdraw_authority = crate::pda::find_withdraw_authority(program_id, stake_pool).0;
    let metadata = crate::pda::find_metadata_account(pool_mint).0;
    let args = (name.to_string(), symbol.to_string(), uri.to_string());
    if update {
        let accounts = vec![
            AccountMeta::new_readonly(*stake_pool, false),
            AccountMeta::new_readonly(*manager, true),
            AccountMeta::new_readonly(withdraw_authority, false),
            AccountMeta::new(metadata, false),
            AccountMeta::new_readonly(METADATA_PROGRAM_ID, false),
        ];
        return Instruction {
            program_id: *program_id,
            accounts,
            data: data(tag::UPDATE_TOKEN_METADATA, &args),
        };
    }
    let accounts = vec![
        AccountMeta::new_readonly(*stake_pool, false),
        AccountMeta::new_readonly(*manager, true),
        AccountMeta::new_readonly(withdraw_authority, false),
        AccountMeta::new_readonly(*pool_mint, false),
        AccountMeta::new(*payer, true),
        AccountMeta::new(metadata, false),
        AccountMeta::new_readonly(METADATA_PROGRAM_ID, false),
        AccountMeta::new_readonly(system_program::ID, false),
    ];
    Instruction { program_id: *program_id, accounts, data: data(tag::CREATE_TOKEN_METADATA, &args) }
}

/// `SetStaker` (tag 13), signed by the manager or the current staker.
pub fn set_staker(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    set_staker_authority: &Pubkey,
    new_staker: &Pubkey,
) -> Instruction {
    let accounts = vec![
        AccountMeta::new(*stake_pool, false),
        AccountMeta::new_readonly(*set_staker_authority, true),
        AccountMeta::new_readonly(*new_staker, false),
    ];
    Instruction { program_id: *program_id, accounts, data: vec![tag::SET_STAKER] }
}

/// `SetFundingAuthority` (tag 15); `None` opens the funding path to everyone.
pub fn set_funding_authority(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    manager: &Pubkey,
    new_authority: Option<&Pubkey>,
    funding_type: FundingType,
) -> Instruction {
    let mut accounts = vec![AccountMeta::new(*stake_pool, false), AccountMeta::new_readonly(*manager, true)];
    if let Some(authority) = new_authority {
        accounts.push(AccountMeta::new_readonly(*authority, false));
    }
    Instruction { program_id: *program_id, accounts, data: data(tag::SET_FUNDING_AUTHORITY, &funding_type) }
}

/// `UpdateValidatorListBalance` (tag 6) for validators `start_index..`, given each one's
/// `(validator stake, transient stake)` addresses.
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors spl_stake_pool::instruction::update_validator_list_balance_chunk"
)]
pub fn update_validator_list_balance(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    withdraw_authority: &Pubkey,
    validator_list: &Pubkey,
    reserve_stake: &Pubkey,
    stakes: &[(Pubkey, Pubkey)],
    start_index: u32,
    no_merge: bool,
) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new_readonly(*stake_pool, false),
        AccountMeta::new_readonly(*withdraw_authority, false),
        AccountMeta::new(*validator_list, false),
        AccountMeta::new(*reserve_stake, false),
        AccountMeta::new_readonly(CLOCK_SYSVAR, false),
        AccountMeta::new_readonly(STAKE_HISTORY_SYSVAR, false),
        AccountMeta::new_readonly(STAKE_PROGRAM_ID, false),
    ];
    for (validator, transient) in stakes {
        accounts.push(AccountMeta::new(*validator, false));
        accounts.push(AccountMeta::new(*transient, false));
    }
    Instruction {
        program_id: *program_id,
        accounts,
        data: data(tag::UPDATE_VALIDATOR_LIST_BALANCE, &(start_index, no_merge)),
    }
}

/// `UpdateStakePoolBalance` (tag 7).
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors spl_stake_pool::instruction::update_stake_pool_balance"
)]
pub fn update_stake_pool_balance(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    withdraw_authority: &Pubkey,
    validator_list: &Pubkey,
    reserve_stake: &Pubkey,
    manager_fee_account: &Pubkey,
    pool_mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    let accounts = vec![
        AccountMeta::new(*stake_pool, false),
        AccountMeta::new_readonly(*withdraw_authority, false),
        AccountMeta::new(*validator_list, false),
        AccountMeta::new_readonly(*reserve_stake, false),
        AccountMeta::new(*manager_fee_account, false),
        AccountMeta::new(*pool_mint, false),
        AccountMeta::new_readonly(*token_program, false),
    ];
    Instruction { program_id: *program_id, accounts, data: vec![tag::UPDATE_STAKE_POOL_BALANCE] }
}

/// `CleanupRemovedValidatorEntries` (tag 8).
pub fn cleanup_removed_validator_entries(
    program_id: &Pubkey,
    stake_pool: &Pubkey,
    validator_list: &Pubkey,
) -> Instruction {
    let accounts = vec![AccountMeta::new(*stake_pool, false), AccountMeta::new(*validator_list, false)];
    Instruction { program_id: *program_id, accounts, data: vec![tag::CLEANUP_REMOVED_VALIDATOR_ENTRIES] }
}

/// Accounts of `DepositStake`.
pub struct DepositStakeAccounts {
    /// The pool.
    pub stake_pool: Pubkey,
    /// Validator list.
    pub validator_list: Pubkey,
    /// Stake-deposit authority: the pool's PDA, or its own key (which then signs).
    pub deposit_authority: Pubkey,
    /// Whether `deposit_authority` is a configured authority that signs (not the default PDA).
    pub deposit_authority_signs: bool,
    /// Withdraw authority PDA.
    pub withdraw_authority: Pubkey,
    /// The user's stake account.
    pub deposit_stake: Pubkey,
    /// Its current staker and withdrawer (signs the two authorizations).
    pub deposit_stake_withdraw_authority: Pubkey,
    /// The validator's stake account in the pool.
    pub validator_stake: Pubkey,
    /// Reserve stake account.
    pub reserve_stake: Pubkey,
    /// Receives the pool tokens.
    pub pool_tokens_to: Pubkey,
    /// Manager fee token account.
    pub manager_fee_account: Pubkey,
    /// Referrer's pool token account.
    pub referrer_pool_tokens_account: Pubkey,
    /// Pool mint.
    pub pool_mint: Pubkey,
    /// Token program of the mint.
    pub token_program: Pubkey,
}

/// The stake program's `Authorize` of `new` as staker (`0`) or withdrawer (`1`).
pub(crate) fn stake_authorize(stake: &Pubkey, authority: &Pubkey, new: &Pubkey, kind: u32) -> Instruction {
    let mut data = 1u32.to_le_bytes().to_vec();
    data.extend_from_slice(new.as_ref());
    data.extend_from_slice(&kind.to_le_bytes());
    Instruction {
        program_id: STAKE_PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(*stake, false),
            AccountMeta::new_readonly(CLOCK_SYSVAR, false),
            AccountMeta::new_readonly(*authority, true),
        ],
        data,
    }
}

/// The two stake authorizations then `DepositStake` (tag 9), or `DepositStakeWithSlippage` (tag 23)
/// when `minimum_pool_tokens_out` is set: what `spl_stake_pool::instruction::deposit_stake` returns.
pub fn deposit_stake(
    program_id: &Pubkey,
    accounts: &DepositStakeAccounts,
    minimum_pool_tokens_out: Option<u64>,
) -> Vec<Instruction> {
    let a = accounts;
    let mut ixs: Vec<Instruction> = [0, 1]
        .iter()
        .map(|kind| {
            stake_authorize(
                &a.deposit_stake,
                &a.deposit_stake_withdraw_authority,
                &a.deposit_authority,
                *kind,
            )
        })
        .collect();
    let metas = vec![
        AccountMeta::new(a.stake_pool, false),
        AccountMeta::new(a.validator_list, false),
        AccountMeta::new_readonly(a.deposit_authority, a.deposit_authority_signs),
        AccountMeta::new_readonly(a.withdraw_authority, false),
        AccountMeta::new(a.deposit_stake, false),
        AccountMeta::new(a.validator_stake, false),
        AccountMeta::new(a.reserve_stake, false),
        AccountMeta::new(a.pool_tokens_to, false),
        AccountMeta::new(a.manager_fee_account, false),
        AccountMeta::new(a.referrer_pool_tokens_account, false),
        AccountMeta::new(a.pool_mint, false),
        AccountMeta::new_readonly(CLOCK_SYSVAR, false),
        AccountMeta::new_readonly(STAKE_HISTORY_SYSVAR, false),
        AccountMeta::new_readonly(a.token_program, false),
        AccountMeta::new_readonly(STAKE_PROGRAM_ID, false),
    ];
    let data = match minimum_pool_tokens_out {
        None => vec![tag::DEPOSIT_STAKE],
        Some(min) => data(tag::DEPOSIT_STAKE_WITH_SLIPPAGE, &min),
    };
    ixs.push(Instruction { program_id: *program_id, accounts: metas, data });
    ixs
}

/// Accounts of `WithdrawStake`.
pub struct WithdrawStakeAccounts {
    /// The pool.
    pub stake_pool: Pubkey,
    /// Validator list.
    pub validator_list: Pubkey,
    /// Withdraw authority PDA.
    pub withdraw_authority: Pubkey,
    /// The pool stake account to split from (a validator's, or the reserve).
    pub stake_to_split: Pubkey,
    /// The new stake account (uninitialized, owned by the stake program, rent-exempt size).
    pub stake_to_receive: Pubkey,
    /// Staker and withdrawer of the new stake account.
    pub user_stake_authority: Pubkey,
    /// Owner or delegate of the pool tokens (signs).
    pub user_transfer_authority: Pubkey,
    /// The pool tokens burned.
    pub user_pool_token_account: Pubkey,
    /// Manager fee token account.
    pub manager_fee_account: Pubkey,
    /// Pool mint.
    pub pool_mint: Pubkey,
    /// Token program of the mint.
    pub token_program: Pubkey,
}

/// `WithdrawStake` (tag 10), or `WithdrawStakeWithSlippage` (tag 24) when `minimum_lamports_out` is set.
pub fn withdraw_stake(
    program_id: &Pubkey,
    accounts: &WithdrawStakeAccounts,
    pool_tokens_in: u64,
    minimum_lamports_out: Option<u64>,
) -> Instruction {
    let a = accounts;
    let metas = vec![
        AccountMeta::new(a.stake_pool, false),
        AccountMeta::new(a.validator_list, false),
        AccountMeta::new_readonly(a.withdraw_authority, false),
        AccountMeta::new(a.stake_to_split, false),
        AccountMeta::new(a.stake_to_receive, false),
        AccountMeta::new_readonly(a.user_stake_authority, false),
        AccountMeta::new_readonly(a.user_transfer_authority, true),
        AccountMeta::new(a.user_pool_token_account, false),
        AccountMeta::new(a.manager_fee_account, false),
        AccountMeta::new(a.pool_mint, false),
        AccountMeta::new_readonly(CLOCK_SYSVAR, false),
        AccountMeta::new_readonly(a.token_program, false),
        AccountMeta::new_readonly(STAKE_PROGRAM_ID, false),
    ];
    let data = match minimum_lamports_out {
        None => data(tag::WITHDRAW_STAKE, &pool_tokens_in),
        Some(min) => data(tag::WITHDRAW_STAKE_WITH_SLIPPAGE, &(pool_tokens_in, min)),
    };
    Instruction { program_id: *program_id, accounts: metas, data }
}

/// The associated token program.
pub const ASSOCIATED_TOKEN_PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

/// The amount an SPL token account holds (0 for anything too short to be one).
pub fn token_amount(data: &[u8]) -> u64 {
    data.get(64..72).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes).unwrap_or(0)
}

/// The associated token account of `owner` for `mint` under `token_program`.
pub fn associated_token_address(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[owner.as_ref(), token_program.as_ref(), mint.as_ref()],
        &ASSOCIATED_TOKEN_PROGRAM_ID,
    )
    .0
}

/// Creates `owner`'s associated token account for `mint` unless it exists (`CreateIdempotent`).
pub fn create_associated_token_account_idempotent(
    payer: &Pubkey,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    Instruction {
        program_id: ASSOCIATED_TOKEN_PROGRAM_ID,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(associated_token_address(owner, mint, token_program), false),
            AccountMeta::new_readonly(*owner, false),
            AccountMeta::new_readonly(*mint, false),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new_readonly(*token_program, false),
        ],
        data: vec![1],
    }
}
