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
}
