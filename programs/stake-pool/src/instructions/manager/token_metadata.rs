//! The pool token's Metaplex metadata, at the manager's request; the withdraw authority (the mint
//! authority) signs and is the metadata's update authority.
//!
//! `CreateTokenMetadata` (SPL tag 17), accounts in SPL order: 0 stake pool, 1 `[s]` manager,
//! 2 withdraw authority PDA, 3 pool mint, 4 `[s, w]` payer (a system account), 5 `[w]` metadata
//! account (Metaplex PDA of the mint), 6 Metaplex token-metadata program, 7 system program.
//!
//! `UpdateTokenMetadata` (SPL tag 18): 0 stake pool, 1 `[s]` manager, 2 withdraw authority PDA,
//! 3 `[w]` metadata account, 4 Metaplex token-metadata program.

use {
    crate::{
        constants::METADATA_PROGRAM_ID,
        cpi::{
            metadata::{self, TokenInfo},
            stake::PoolSigner,
        },
        error::StakePoolError,
        state::StakePool,
    },
    anchor_lang::{prelude::*, solana_program::system_program},
};

/// Accounts of `CreateTokenMetadata`.
#[derive(Accounts)]
pub struct CreateTokenMetadata<'info> {
    /// CHECK: loaded by `StakePool::load` in `checked_request`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager and sign (checked in `checked_request`).
    pub manager: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `checked_request`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be the pool's mint (checked in `validate`).
    pub pool_mint: UncheckedAccount<'info>,
    /// CHECK: pays for the metadata account.
    #[account(
        mut,
        signer @ StakePoolError::SignatureMissing,
        owner = system_program::ID @ ProgramError::IncorrectProgramId
    )]
    pub payer: UncheckedAccount<'info>,
    /// CHECK: must be Metaplex's metadata PDA of the pool mint (checked in `checked_request`).
    pub metadata: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = METADATA_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub metadata_program: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = system_program::ID @ ProgramError::IncorrectProgramId)]
    pub system_program: UncheckedAccount<'info>,
}

/// Accounts of `UpdateTokenMetadata`.
#[derive(Accounts)]
pub struct UpdateTokenMetadata<'info> {
    /// CHECK: loaded by `StakePool::load` in `checked_request`.
    #[account(owner = crate::ID @ ProgramError::IncorrectProgramId)]
    pub stake_pool: UncheckedAccount<'info>,
    /// CHECK: must be the pool's manager and sign (checked in `checked_request`).
    pub manager: UncheckedAccount<'info>,
    /// CHECK: derived from the pool's stored bump in `checked_request`.
    pub withdraw_authority: UncheckedAccount<'info>,
    /// CHECK: must be Metaplex's metadata PDA of the pool mint (checked in `checked_request`).
    pub metadata: UncheckedAccount<'info>,
    /// CHECK: address checked.
    #[account(address = METADATA_PROGRAM_ID @ ProgramError::IncorrectProgramId)]
    pub metadata_program: UncheckedAccount<'info>,
}

/// What both instructions check, in SPL's order: the pool, its manager's signature, the withdraw
/// authority and (`mint`, for a creation) the pool mint, then the metadata address. Returns the pool.
fn checked_request(
    stake_pool: &AccountInfo,
    manager: &AccountInfo,
    withdraw_authority: &Pubkey,
    mint: Option<&AccountInfo>,
    metadata: &Pubkey,
) -> Result<Box<StakePool>> {
    let pool = StakePool::load(stake_pool)?;
    pool.check_manager(manager)?;
    pool.check_withdraw_authority(stake_pool.key, withdraw_authority)?;
    if let Some(mint) = mint {
        pool.check_mint(mint)?;
    }
    pool.check_metadata_account(metadata)?;
    Ok(pool)
}

impl CreateTokenMetadata<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        checked_request(
            &self.stake_pool,
            &self.manager,
            self.withdraw_authority.key,
            Some(&self.pool_mint),
            self.metadata.key,
        )
    }
}

impl UpdateTokenMetadata<'_> {
    fn validate(&self) -> Result<Box<StakePool>> {
        checked_request(&self.stake_pool, &self.manager, self.withdraw_authority.key, None, self.metadata.key)
    }
}

/// Creates the pool token's metadata.
pub fn process_create_token_metadata<'info>(
    ctx: Context<'info, CreateTokenMetadata<'info>>,
    token: &TokenInfo,
) -> Result<()> {
    let a = &ctx.accounts;
    let pool = a.validate()?;
    let bump = pool.stake_withdraw_bump_seed;
    let signer = PoolSigner { stake_pool: a.stake_pool.key, bump, authority: &a.withdraw_authority };
    metadata::create(&signer, &a.metadata, &a.pool_mint, &a.payer, &a.system_program, token)
}

/// Replaces the pool token's name, symbol and URI.
pub fn process_update_token_metadata<'info>(
    ctx: Context<'info, UpdateTokenMetadata<'info>>,
    token: &TokenInfo,
) -> Result<()> {
    let a = &ctx.accounts;
    let pool = a.validate()?;
    let bump = pool.stake_withdraw_bump_seed;
    let signer = PoolSigner { stake_pool: a.stake_pool.key, bump, authority: &a.withdraw_authority };
    metadata::update(&signer, &a.metadata, token)
}
