//! Instruction builders in the SPL stake-pool wire format (one-byte tag, borsh arguments, SPL account
//! order), with signatures that mirror `spl_stake_pool::instruction`.

use {
    anchor_lang::{
        prelude::{AccountMeta, Pubkey},
        solana_program::{instruction::Instruction, system_program},
        AnchorSerialize,
    },
    stake_pool::{instructions::InitializeArgs, state::Fee, tag},
};

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
