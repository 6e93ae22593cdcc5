//! `init_validator_history`: anyone pays to start following a vote account.

use {
    crate::{
        constants::{HISTORY_SEED, VOTE_PROGRAM_ID},
        errors::StewardError,
        state::{unset, Config, HistoryEntry, ValidatorHistory, HISTORY_ACCOUNT_LEN},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `init_validator_history`.
#[derive(Accounts)]
pub struct InitValidatorHistory<'info> {
    /// Pays for the account.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// The steward config.
    pub config: AccountLoader<'info, Config>,
    /// The new history.
    #[account(init, payer = payer, space = HISTORY_ACCOUNT_LEN,
        seeds = [HISTORY_SEED, config.key().as_ref(), vote_account.key().as_ref()], bump)]
    pub history: AccountLoader<'info, ValidatorHistory>,
    /// CHECK: any account of the vote program.
    #[account(owner = VOTE_PROGRAM_ID @ StewardError::InvalidVoteAccount)]
    pub vote_account: UncheckedAccount<'info>,
    /// System program.
    pub system_program: Program<'info, System>,
}

/// Writes an empty ring.
pub fn process_init_validator_history(ctx: Context<InitValidatorHistory>) -> Result<()> {
    let mut history = ctx.accounts.history.load_init()?;
    history.config = ctx.accounts.config.key();
    history.vote_account = ctx.accounts.vote_account.key();
    history.entries = [HistoryEntry::empty(unset::U16); crate::constants::HISTORY_LEN];
    history.vote_copy_slot = unset::U64;
    history.mev_copy_slot = unset::U64;
    history.max_commission_bps = unset::U16;
    history.voting_epochs = 0;
    history.vote_closed = 0;
    history.blacklisted = 0;
    history.bump = ctx.bumps.history;
    history.padding = 0;
    Ok(())
}
