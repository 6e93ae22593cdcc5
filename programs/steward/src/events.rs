//! Events: one per authority action (old and new values) and per state transition or stake move.

use {
    crate::state::{AuthorityKind, Parameters},
    anchor_lang::prelude::*,
};

/// The parameters authority changed parameters.
#[event]
pub struct ParametersUpdated {
    /// Steward config.
    pub config: Pubkey,
    /// Before.
    pub old: Parameters,
    /// After.
    pub new: Parameters,
}

/// The admin proposed a new holder for an authority (`Pubkey::default()` withdraws a proposal).
#[event]
pub struct AuthorityProposed {
    /// Steward config.
    pub config: Pubkey,
    /// Which authority.
    pub kind: AuthorityKind,
    /// The authority now.
    pub current: Pubkey,
    /// The proposed successor before.
    pub old: Pubkey,
    /// The proposed successor after.
    pub new: Pubkey,
}

/// An authority changed hands: the proposed successor accepted.
#[event]
pub struct AuthorityChanged {
    /// Steward config.
    pub config: Pubkey,
    /// Which authority.
    pub kind: AuthorityKind,
    /// Before.
    pub old: Pubkey,
    /// After.
    pub new: Pubkey,
}

/// The admin paused or resumed the steward.
#[event]
pub struct PauseChanged {
    /// Steward config.
    pub config: Pubkey,
    /// Before.
    pub old: bool,
    /// After.
    pub new: bool,
}

/// The blacklist authority changed a validator's blacklist flag.
#[event]
pub struct BlacklistChanged {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
    /// Before.
    pub old: bool,
    /// After.
    pub new: bool,
}

/// Oracle fields of one validator-epoch: only what the chain cannot tell.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OracleData {
    /// Rank by stake, 0 = largest.
    pub stake_rank: Option<u32>,
    /// In the superminority.
    pub superminority: Option<bool>,
    /// Client type.
    pub client_type: Option<u8>,
    /// Client version, `major << 24 | minor << 12 | patch`.
    pub client_version: Option<u32>,
}

/// The oracle authority wrote history fields.
#[event]
pub struct OracleUpdated {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
    /// The epoch written.
    pub epoch: u64,
    /// Before.
    pub old: OracleData,
    /// After.
    pub new: OracleData,
}

/// The state machine moved.
#[event]
pub struct StateTransition {
    /// Steward config.
    pub config: Pubkey,
    /// Epoch of the move.
    pub epoch: u64,
    /// [`crate::state::StateTag`] before.
    pub from: u8,
    /// After.
    pub to: u8,
}

/// A validator was listed in the pool by the steward.
#[event]
pub struct ValidatorAdded {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
}

/// The steward started removing a validator.
#[event]
pub struct ValidatorRemoved {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
    /// Removed by the admin rather than by rule.
    pub by_admin: bool,
}

/// A validator met instant-unstake conditions.
#[event]
pub struct InstantUnstake {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
    /// [`crate::state::instant`] reason bits.
    pub reasons: u8,
}

/// One validator's rebalance.
#[event]
pub struct Rebalanced {
    /// Steward config.
    pub config: Pubkey,
    /// The validator.
    pub vote_account: Pubkey,
    /// Lamports decreased (scoring, instant, deposits).
    pub decrease: [u64; 3],
    /// Lamports increased.
    pub increase: u64,
    /// Rent of the transient account the crank's payer funded (the reserve could not).
    pub rent_from_payer: u64,
    /// The planned move waits (for the reserve, or for the validator's stake) to be retried.
    pub waiting: bool,
    /// Skipped: a transient stake was pending or the move was below the pool's minimum.
    pub skipped: bool,
}
