//! `StakePoolError`: the SPL stake-pool numbering (0..=44), append-only.

use anchor_lang::prelude::*;

/// Errors of the stake-pool program. The discriminant is the `Custom` error code on the wire and equals
/// upstream SPL's `StakePoolError` for every condition SPL names; new conditions are appended.
#[error_code(offset = 0)]
pub enum StakePoolError {
    /// 0: The account cannot be initialized because it is already in use.
    #[msg("The account cannot be initialized because it is already in use")]
    AlreadyInUse,
    /// 1: The program address provided does not match the derived address.
    #[msg("The program address provided does not match the derived address")]
    InvalidProgramAddress,
    /// 2: The stake pool state is invalid.
    #[msg("The stake pool state is invalid")]
    InvalidState,
    /// 3: A calculation overflowed or divided by zero.
    #[msg("A calculation overflowed or divided by zero")]
    CalculationFailure,
    /// 4: A fee is greater than 100 %.
    #[msg("A fee is greater than 100 %")]
    FeeTooHigh,
    /// 5: The token account is associated with the wrong mint.
    #[msg("The token account is associated with the wrong mint")]
    WrongAccountMint,
    /// 6: Wrong pool manager account.
    #[msg("Wrong pool manager account")]
    WrongManager,
    /// 7: A required signature is missing.
    #[msg("A required signature is missing")]
    SignatureMissing,
    /// 8: Invalid validator stake list account.
    #[msg("Invalid validator stake list account")]
    InvalidValidatorStakeList,
    /// 9: Invalid manager fee account.
    #[msg("Invalid manager fee account")]
    InvalidFeeAccount,
    /// 10: Specified pool mint account is wrong.
    #[msg("Specified pool mint account is wrong")]
    WrongPoolMint,
    /// 11: The stake account is not in the state the program expects.
    #[msg("The stake account is not in the state the program expects")]
    WrongStakeStake,
    /// 12: The user stake is not active.
    #[msg("The user stake is not active")]
    UserStakeNotActive,
    /// 13: A stake account for this validator already exists in the pool.
    #[msg("A stake account for this validator already exists in the pool")]
    ValidatorAlreadyAdded,
    /// 14: No stake account for this validator exists in the pool.
    #[msg("No stake account for this validator exists in the pool")]
    ValidatorNotFound,
    /// 15: The stake account address is not derived from the validator address.
    #[msg("The stake account address is not derived from the validator address")]
    InvalidStakeAccountAddress,
    /// 16: Validator stake balances are out of date: run the update first.
    #[msg("Validator stake balances are out of date: run the update first")]
    StakeListOutOfDate,
    /// 17: The pool was not updated this epoch: update the validator list and then the pool.
    #[msg("The pool was not updated this epoch: update the validator list and then the pool")]
    StakeListAndPoolOutOfDate,
    /// 18: The validator stake account is not in the list.
    #[msg("The validator stake account is not in the list")]
    UnknownValidatorStakeAccount,
    /// 19: The pool mint has the wrong mint authority.
    #[msg("The pool mint has the wrong mint authority")]
    WrongMintingAuthority,
    /// 20: The validator list account size does not match max_validators.
    #[msg("The validator list account size does not match max_validators")]
    UnexpectedValidatorListAccountSize,
    /// 21: Wrong pool staker account.
    #[msg("Wrong pool staker account")]
    WrongStaker,
    /// 22: The pool mint already has a supply.
    #[msg("The pool mint already has a supply")]
    NonZeroPoolTokenSupply,
    /// 23: The stake account lamports are not equal to the minimum.
    #[msg("The stake account lamports are not equal to the minimum")]
    StakeLamportsNotEqualToMinimum,
    /// 24: The deposit goes to a validator other than the preferred one.
    #[msg("The deposit goes to a validator other than the preferred one")]
    IncorrectDepositVoteAddress,
    /// 25: The withdrawal comes from a validator other than the preferred one.
    #[msg("The withdrawal comes from a validator other than the preferred one")]
    IncorrectWithdrawVoteAddress,
    /// 26: The pool mint has a freeze authority.
    #[msg("The pool mint has a freeze authority")]
    InvalidMintFreezeAuthority,
    /// 27: The proposed fee increase exceeds the allowed maximum.
    #[msg("The proposed fee increase exceeds the allowed maximum")]
    FeeIncreaseTooHigh,
    /// 28: The withdrawal would return nothing.
    #[msg("The withdrawal would return nothing")]
    WithdrawalTooSmall,
    /// 29: The deposit would mint no pool tokens.
    #[msg("The deposit would mint no pool tokens")]
    DepositTooSmall,
    /// 30: Wrong stake deposit authority.
    #[msg("Wrong stake deposit authority")]
    InvalidStakeDepositAuthority,
    /// 31: Wrong SOL deposit authority.
    #[msg("Wrong SOL deposit authority")]
    InvalidSolDepositAuthority,
    /// 32: The preferred validator is not usable.
    #[msg("The preferred validator is not usable")]
    InvalidPreferredValidator,
    /// 33: A transient stake account for this validator is in use.
    #[msg("A transient stake account for this validator is in use")]
    TransientAccountInUse,
    /// 34: Wrong SOL withdraw authority.
    #[msg("Wrong SOL withdraw authority")]
    InvalidSolWithdrawAuthority,
    /// 35: Not enough SOL in the reserve for this withdrawal.
    #[msg("Not enough SOL in the reserve for this withdrawal")]
    SolWithdrawalTooLarge,
    /// 36: The metadata account is not derived from the pool mint.
    #[msg("The metadata account is not derived from the pool mint")]
    InvalidMetadataAccount,
    /// 37: The pool mint has an unsupported token-2022 extension.
    #[msg("The pool mint has an unsupported token-2022 extension")]
    UnsupportedMintExtension,
    /// 38: The fee account has an unsupported token-2022 extension.
    #[msg("The fee account has an unsupported token-2022 extension")]
    UnsupportedFeeAccountExtension,
    /// 39: Instruction exceeds desired slippage limit.
    #[msg("Instruction exceeds desired slippage limit")]
    ExceededSlippage,
    /// 40: The pool mint must have the same decimals as SOL.
    #[msg("The pool mint must have the same decimals as SOL")]
    IncorrectMintDecimals,
    /// 41: The reserve would fall below its rent-exempt minimum.
    #[msg("The reserve would fall below its rent-exempt minimum")]
    ReserveDepleted,
    /// 42: Missing required sysvar account.
    #[msg("Missing required sysvar account")]
    MissingRequiredSysvar,
    /// 43: Epoch reward distribution is in progress: stakes are still being updated.
    #[msg("Epoch reward distribution is in progress: stakes are still being updated")]
    EpochRewardDistributionInProgress,
    /// 44: The stake pool has too many validators.
    #[msg("The stake pool has too many validators")]
    TooManyValidatorsInPool,
}
