//! Bonds errors. Append only: clients match on the numbers.

use anchor_lang::prelude::*;

/// Everything the bonds program refuses.
#[error_code]
pub enum BondsError {
    /// The signer is not the authority for this action.
    #[msg("The signer is not the authority for this action")]
    Unauthorized,
    /// The account is not an initialized vote account.
    #[msg("Not an initialized vote account")]
    InvalidVoteAccount,
    /// The signer is not the vote account's withdraw authority.
    #[msg("The signer is not the vote account's withdraw authority")]
    NotVoteWithdrawer,
    /// The withdrawal lock-up is outside its bounds.
    #[msg("The withdrawal lock-up is outside its bounds")]
    LockupOutOfBounds,
    /// A transfer of zero lamports.
    #[msg("The amount must be positive")]
    ZeroAmount,
    /// No withdrawal was requested.
    #[msg("No withdrawal is requested")]
    NoWithdrawRequest,
    /// The withdrawal's lock-up has not passed.
    #[msg("The withdrawal is still locked up")]
    WithdrawLocked,
    /// The steward account is not the one the bonds config follows.
    #[msg("Steward config does not match")]
    StewardConfigMismatch,
    /// The validator history is not the bond's validator's under this steward.
    #[msg("Validator history does not match the bond")]
    HistoryMismatch,
    /// The cluster history is not this steward's.
    #[msg("Cluster history does not match the steward")]
    ClusterHistoryMismatch,
    /// The pool account is not the steward's pool.
    #[msg("Stake pool does not match the steward")]
    StakePoolMismatch,
    /// The reserve is not the pool's reserve.
    #[msg("Reserve does not match the stake pool")]
    ReserveMismatch,
    /// The epoch has not ended.
    #[msg("The epoch has not ended")]
    EpochNotEnded,
    /// The steward's history does not hold the epoch, or not every input of it yet.
    #[msg("The validator history does not hold the epoch's credits, commission and pool stake")]
    EpochNotRecorded,
    /// The validator's credits for the epoch were last copied before the epoch ended.
    #[msg("The validator's credits for the epoch are not final: copy its vote account")]
    CreditsNotFinal,
    /// The cluster history does not hold the epoch's block count or rewards.
    #[msg("The cluster history does not hold the epoch's blocks and rewards")]
    ClusterEpochNotRecorded,
    /// The validator met every limit in the epoch.
    #[msg("The validator caused no loss in the epoch")]
    NoLoss,
    /// An amount overflowed.
    #[msg("Arithmetic overflow")]
    Overflow,
    /// The bond belongs to another bonds config.
    #[msg("The bond is not this config's")]
    BondMismatch,
    /// The account is not the delayed-commission feature account.
    #[msg("Not the delayed-commission feature account")]
    InvalidFeatureAccount,
    /// The account is neither the validator's tip-distribution account for the epoch nor its
    /// address.
    #[msg("Tip-distribution account does not match the validator and epoch")]
    TipDistributionMismatch,
    /// The settlement's shortfall is covered already.
    #[msg("Nothing left to cover")]
    NothingToCover,
    /// This epoch's cover cap is used up; the bonds authority may cover beyond it.
    #[msg("The insurance fund's cover cap for this epoch is used up")]
    CoverCapReached,
    /// The fund holds no pool tokens.
    #[msg("The insurance fund is empty")]
    InsuranceEmpty,
    /// The token account is not a pool-token account of the insurance fund.
    #[msg("Not a pool-token account of the insurance fund")]
    InvalidFundAccount,
    /// The mint or token program is not the pool's.
    #[msg("Mint or token program does not match the pool")]
    PoolTokenMismatch,
    /// The pool has not been updated this epoch, so its rate is not current.
    #[msg("The stake pool is not updated for this epoch")]
    PoolNotUpdated,
    /// The fee shares do not add up to 10,000 bps, or name too many or no recipients.
    #[msg("Fee shares must name 1 to 8 recipients and add up to 10000 bps")]
    InvalidFeeShares,
    /// A recipient passed to `distribute` is not the one the shares name at that place.
    #[msg("Fee recipient does not match the shares")]
    FeeRecipientMismatch,
    /// The fee vault holds nothing to distribute.
    #[msg("No fees to distribute")]
    NoFees,
    /// The epoch ended before the bond was opened.
    #[msg("The bond was opened after this epoch")]
    EpochBeforeBond,
    /// `withdraw` did not get a settlement record and tip-distribution account for each epoch it
    /// must check.
    #[msg("Pass the settlement record and tip-distribution account of each epoch since the request")]
    SettlementsMissing,
    /// An epoch since the withdrawal request has a loss nobody settled yet.
    #[msg("Settle the losses since the withdrawal request first")]
    UnsettledLoss,
    /// The bond already holds a stake account.
    #[msg("The bond already holds a stake account")]
    BondHoldsStake,
    /// The account is not a delegated stake account.
    #[msg("Not a delegated stake account")]
    NotDelegatedStake,
    /// The stake account's staker and withdrawer are not both the bond.
    #[msg("The stake account's staker and withdrawer must both be the bond")]
    StakeNotBondControlled,
    /// The stake account's lock-up is in force.
    #[msg("The stake account's lock-up is in force")]
    StakeLocked,
    /// The stake is delegated to another vote account.
    #[msg("The stake is not delegated to the bond's vote account")]
    StakeNotDelegatedToVote,
    /// The stake is deactivating or inactive.
    #[msg("The stake is deactivating")]
    StakeDeactivating,
    /// The stake account is not the one the bond holds.
    #[msg("Stake account does not match the bond")]
    StakeMismatch,
    /// No settlement pledged the bond's stake.
    #[msg("Nothing of the bond's stake is owed")]
    NothingOwed,
    /// Settlements pledged the stake: it is collected into the pool, not withdrawn.
    #[msg("The bond's stake is owed to the pool")]
    StakeOwed,
    /// The bond holds no stake account.
    #[msg("The bond holds no stake account")]
    NoStake,
    /// The withdrawal request does not cover the stake account.
    #[msg("Request a withdrawal of at least the stake account's lamports")]
    RequestBelowStake,
    /// The signer is not the successor the bonds authority offered its place to.
    #[msg("The signer is not the offered successor of the bonds authority")]
    NoPendingAuthority,
}
