//! Steward errors. Append only: clients match on the numbers.

use anchor_lang::prelude::*;

/// Everything the steward refuses, with the reason a crank operator or DAO member reads.
#[error_code]
pub enum StewardError {
    /// The steward is paused by its admin.
    #[msg("The steward is paused")]
    Paused,
    /// Epoch maintenance has not run this epoch.
    #[msg("Epoch maintenance has not run this epoch")]
    EpochMaintenanceNotComplete,
    /// The pool has not been updated this epoch.
    #[msg("The stake pool is not updated for this epoch")]
    PoolNotUpdated,
    /// The step is not the one the state machine is in.
    #[msg("The steward is not in the state this step needs")]
    InvalidState,
    /// The epoch has not reached the progress point of this step.
    #[msg("The epoch has not reached this step's progress point")]
    EpochProgressNotReached,
    /// The signer is not the authority this action needs.
    #[msg("The signer is not the authority for this action")]
    Unauthorized,
    /// A parameter is outside its bounds.
    #[msg("A parameter is outside its allowed bounds")]
    ParameterOutOfBounds,
    /// The account is not the vote account it should be.
    #[msg("Vote account does not match")]
    VoteAccountMismatch,
    /// A vote account could not be read.
    #[msg("Vote account data could not be read")]
    InvalidVoteAccount,
    /// The stake pool account does not match the config.
    #[msg("Stake pool account does not match the steward config")]
    StakePoolMismatch,
    /// The validator list does not match the pool.
    #[msg("Validator list does not match the stake pool")]
    ValidatorListMismatch,
    /// The reserve does not match the pool.
    #[msg("Reserve stake does not match the stake pool")]
    ReserveMismatch,
    /// The stake-pool program is not the configured one.
    #[msg("Stake-pool program does not match the steward config")]
    PoolProgramMismatch,
    /// The pool's staker is not the steward.
    #[msg("The pool's staker is not the steward's staker authority")]
    NotPoolStaker,
    /// A validator index is outside the list.
    #[msg("Validator index out of range")]
    IndexOutOfRange,
    /// The validator history account does not match.
    #[msg("Validator history does not match")]
    HistoryMismatch,
    /// The validator's history was not copied from its vote account this epoch.
    #[msg("Validator history is stale: copy the vote account first")]
    StaleValidatorHistory,
    /// The validator does not meet the admission rules.
    #[msg("Validator does not meet the admission rules")]
    AdmissionRefused,
    /// The validator is still eligible; removal refused.
    #[msg("Validator cannot be removed: vote account open and stake active")]
    RemovalRefused,
    /// The validator list and the steward state disagree.
    #[msg("Validator list and steward state disagree")]
    ListStateMismatch,
    /// The steward manages its maximum number of validators.
    #[msg("The steward already manages its maximum number of validators")]
    TooManyValidators,
    /// Arithmetic overflow.
    #[msg("Arithmetic overflow")]
    ArithmeticOverflow,
    /// The epoch does not fit the history's 16-bit epoch field.
    #[msg("Epoch out of range for the history ring")]
    EpochOutOfRange,
    /// The accounts after the fixed ones are not in the expected groups.
    #[msg("Remaining accounts are not in the expected groups")]
    BadRemainingAccounts,
    /// The slot-history sysvar could not be read.
    #[msg("Slot history could not be read")]
    InvalidSlotHistory,
    /// The steward state account is not the config's.
    #[msg("Steward state does not match the config")]
    StateMismatch,
    /// The state account has the wrong size.
    #[msg("Steward state account has the wrong size")]
    StateSize,
    /// The validator stake account is not delegated to the slot's vote account.
    #[msg("Validator stake account does not belong to this validator")]
    ValidatorStakeMismatch,
    /// The validator's removal has already started.
    #[msg("Validator removal already started")]
    AlreadyRemoving,
    /// The pool's list holds entries ready for removal: run the pool's cleanup first.
    #[msg("The pool's validator list needs CleanupRemovedValidatorEntries first")]
    PoolNeedsCleanup,
    /// The cluster history's block count for this epoch was not read after the progress point.
    #[msg("Cluster history is stale: copy the cluster info after the progress point")]
    StaleClusterHistory,
    /// The account is not the validator's tip-distribution account for the epoch.
    #[msg("Tip-distribution account does not match the validator and epoch")]
    TipDistributionMismatch,
    /// No authority rotation is pending for the signer.
    #[msg("No pending authority rotation for this signer")]
    NoPendingAuthority,
    /// Oracle data holds an unset marker or an impossible value.
    #[msg("Oracle data holds an invalid value")]
    InvalidOracleData,
    /// `mev_commission_threshold_bps` above 10000.
    #[msg("mev_commission_threshold_bps out of bounds")]
    MevCommissionThresholdOutOfBounds,
    /// `commission_threshold_bps` above 10000.
    #[msg("commission_threshold_bps out of bounds")]
    CommissionThresholdOutOfBounds,
    /// `historical_commission_ceiling_bps` above 10000.
    #[msg("historical_commission_ceiling_bps out of bounds")]
    HistoricalCommissionCeilingOutOfBounds,
    /// `scoring_delinquency_ratio_bps` above 10000.
    #[msg("scoring_delinquency_ratio_bps out of bounds")]
    ScoringDelinquencyRatioOutOfBounds,
    /// `instant_unstake_delinquency_ratio_bps` above 10000.
    #[msg("instant_unstake_delinquency_ratio_bps out of bounds")]
    InstantUnstakeDelinquencyRatioOutOfBounds,
    /// `scoring_unstake_cap_bps` above 10000.
    #[msg("scoring_unstake_cap_bps out of bounds")]
    ScoringUnstakeCapOutOfBounds,
    /// `instant_unstake_cap_bps` above 10000.
    #[msg("instant_unstake_cap_bps out of bounds")]
    InstantUnstakeCapOutOfBounds,
    /// `stake_deposit_unstake_cap_bps` above 10000.
    #[msg("stake_deposit_unstake_cap_bps out of bounds")]
    StakeDepositUnstakeCapOutOfBounds,
    /// `mev_commission_window` outside 1..=63.
    #[msg("mev_commission_window out of bounds")]
    MevCommissionWindowOutOfBounds,
    /// `commission_window` outside 1..=63.
    #[msg("commission_window out of bounds")]
    CommissionWindowOutOfBounds,
    /// `epoch_credits_window` outside 1..=63.
    #[msg("epoch_credits_window out of bounds")]
    EpochCreditsWindowOutOfBounds,
    /// `num_delegation_validators` outside 1..=5000.
    #[msg("num_delegation_validators out of bounds")]
    NumDelegationValidatorsOutOfBounds,
    /// `compute_score_progress_bps` not below `instant_unstake_progress_bps`.
    #[msg("compute_score_progress_bps must be below instant_unstake_progress_bps")]
    ComputeScoreProgressOutOfBounds,
    /// `instant_unstake_progress_bps` not below 10000.
    #[msg("instant_unstake_progress_bps out of bounds")]
    InstantUnstakeProgressOutOfBounds,
    /// `epochs_per_cycle` outside 1..=64.
    #[msg("epochs_per_cycle out of bounds")]
    EpochsPerCycleOutOfBounds,
    /// `minimum_voting_epochs` above 63.
    #[msg("minimum_voting_epochs out of bounds")]
    MinimumVotingEpochsOutOfBounds,
    /// The state's validator orders do not hold its live slots, sorted.
    #[msg("The state's validator orders do not match its slots")]
    OrderCorrupt,
    /// `minimum_bond_bps` above 10000.
    #[msg("minimum_bond_bps is outside its bounds")]
    MinimumBondOutOfBounds,
    /// The account passed as a validator's bond is neither its bond nor its bond's address.
    #[msg("Bond account does not match the validator")]
    BondMismatch,
}
