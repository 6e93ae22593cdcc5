//! `update_oracle_data`: the oracle authority writes what the chain cannot prove (stake rank,
//! superminority, client type and version), for the current epoch only; every write is an event
//! with the old and new values. MEV facts come from the tip-distribution accounts, stake and
//! credits from the vote account and the runtime, never from this key.

use {
    crate::{
        errors::StewardError,
        events::{OracleData, OracleUpdated},
        state::{epoch16, unset, Config, HistoryEntry, ValidatorHistory},
    },
    anchor_lang::prelude::*,
};

/// Accounts of `update_oracle_data`.
#[derive(Accounts)]
pub struct UpdateOracleData<'info> {
    /// The steward config.
    #[account(constraint = config.load()?.oracle_authority == oracle_authority.key() @ StewardError::Unauthorized)]
    pub config: AccountLoader<'info, Config>,
    /// Its oracle authority.
    pub oracle_authority: Signer<'info>,
    /// The validator's history.
    #[account(mut, constraint = history.load()?.config == config.key() @ StewardError::HistoryMismatch)]
    pub history: AccountLoader<'info, ValidatorHistory>,
}

fn opt<T: PartialEq + Copy>(value: T, unset: T) -> Option<T> {
    (value != unset).then_some(value)
}

fn read(entry: &HistoryEntry) -> OracleData {
    OracleData {
        stake_rank: opt(entry.stake_rank, unset::U32),
        superminority: opt(entry.superminority, unset::U8).map(|v| v == 1),
        client_type: opt(entry.client_type, unset::U8),
        client_version: opt(entry.client_version, unset::U32),
    }
}

impl UpdateOracleData<'_> {
    /// The epoch must be the current one and every value distinct from its unset marker.
    pub fn validate(&self, epoch: u64, data: &OracleData) -> Result<u16> {
        if epoch != Clock::get()?.epoch {
            return err!(StewardError::EpochOutOfRange);
        }
        let valid = data.stake_rank != Some(unset::U32)
            && data.client_type != Some(unset::U8)
            && data.client_version != Some(unset::U32);
        if !valid {
            return err!(StewardError::InvalidOracleData);
        }
        epoch16(epoch)
    }
}

/// Writes the fields `data` sets.
pub fn process_update_oracle_data(
    ctx: Context<UpdateOracleData>,
    epoch: u64,
    data: OracleData,
) -> Result<()> {
    let epoch16 = ctx.accounts.validate(epoch, &data)?;
    let mut history = ctx.accounts.history.load_mut()?;
    let vote_account = history.vote_account;
    let entry = history.entry_mut(epoch16);
    let old = read(entry);
    if let Some(v) = data.stake_rank {
        entry.stake_rank = v;
    }
    if let Some(v) = data.superminority {
        entry.superminority = u8::from(v);
    }
    if let Some(v) = data.client_type {
        entry.client_type = v;
    }
    if let Some(v) = data.client_version {
        entry.client_version = v;
    }
    let new = read(entry);
    emit!(OracleUpdated { config: ctx.accounts.config.key(), vote_account, epoch, old, new });
    Ok(())
}
