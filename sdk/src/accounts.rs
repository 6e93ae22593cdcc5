//! Decoding of pool accounts from raw bytes.

use {
    anchor_lang::AnchorDeserialize,
    stake_pool::state::{StakePool, ACCOUNT_TYPE_STAKE_POOL, ACCOUNT_TYPE_VALIDATOR_LIST},
};

/// Why account data could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The first byte is not the expected account type.
    WrongAccountType(u8),
    /// The data is too short or malformed.
    Malformed,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongAccountType(kind) => write!(f, "unexpected account type {kind}"),
            Self::Malformed => write!(f, "malformed account data"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a `StakePool` account (SPL layout).
pub fn decode_stake_pool(data: &[u8]) -> Result<StakePool, DecodeError> {
    match data.split_first() {
        Some((&ACCOUNT_TYPE_STAKE_POOL, mut rest)) => {
            StakePool::deserialize(&mut rest).map_err(|_| DecodeError::Malformed)
        }
        Some((kind, _)) => Err(DecodeError::WrongAccountType(*kind)),
        None => Err(DecodeError::Malformed),
    }
}

/// Header of a `ValidatorList` account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidatorListHeader {
    /// Capacity.
    pub max_validators: u32,
    /// Entries in use.
    pub len: u32,
}

/// Decodes the header of a `ValidatorList` account without touching its entries.
pub fn decode_validator_list_header(data: &[u8]) -> Result<ValidatorListHeader, DecodeError> {
    let header = lst_interface::validator_list::header(data).ok_or(DecodeError::Malformed)?;
    if header.account_type != ACCOUNT_TYPE_VALIDATOR_LIST {
        return Err(DecodeError::WrongAccountType(header.account_type));
    }
    Ok(ValidatorListHeader { max_validators: header.max_validators.get(), len: header.len.get() })
}

/// Lamports per pool token of a pool as an `f64`, for display only (never for amounts).
pub fn display_rate(pool: &StakePool) -> f64 {
    if pool.pool_token_supply == 0 {
        1.0
    } else {
        pool.total_lamports as f64 / pool.pool_token_supply as f64
    }
}
