//! Instruction tags: the first byte of an SPL stake-pool instruction's data (the borsh enum index
//! of `StakePoolInstruction`), and the stake program's (a `u32`, bincode's enum index).

/// SPL stake-pool instruction tags.
pub mod tag {
    /// `Initialize`.
    pub const INITIALIZE: u8 = 0;
    /// `AddValidatorToPool`.
    pub const ADD_VALIDATOR_TO_POOL: u8 = 1;
    /// `RemoveValidatorFromPool`.
    pub const REMOVE_VALIDATOR_FROM_POOL: u8 = 2;
    /// `DecreaseValidatorStake` (deprecated).
    pub const DECREASE_VALIDATOR_STAKE: u8 = 3;
    /// `IncreaseValidatorStake`.
    pub const INCREASE_VALIDATOR_STAKE: u8 = 4;
    /// `SetPreferredValidator`.
    pub const SET_PREFERRED_VALIDATOR: u8 = 5;
    /// `UpdateValidatorListBalance`.
    pub const UPDATE_VALIDATOR_LIST_BALANCE: u8 = 6;
    /// `UpdateStakePoolBalance`.
    pub const UPDATE_STAKE_POOL_BALANCE: u8 = 7;
    /// `CleanupRemovedValidatorEntries`.
    pub const CLEANUP_REMOVED_VALIDATOR_ENTRIES: u8 = 8;
    /// `DepositStake`.
    pub const DEPOSIT_STAKE: u8 = 9;
    /// `WithdrawStake`.
    pub const WITHDRAW_STAKE: u8 = 10;
    /// `SetManager`.
    pub const SET_MANAGER: u8 = 11;
    /// `SetFee`.
    pub const SET_FEE: u8 = 12;
    /// `SetStaker`.
    pub const SET_STAKER: u8 = 13;
    /// `DepositSol`.
    pub const DEPOSIT_SOL: u8 = 14;
    /// `SetFundingAuthority`.
    pub const SET_FUNDING_AUTHORITY: u8 = 15;
    /// `WithdrawSol`.
    pub const WITHDRAW_SOL: u8 = 16;
    /// `CreateTokenMetadata`.
    pub const CREATE_TOKEN_METADATA: u8 = 17;
    /// `UpdateTokenMetadata`.
    pub const UPDATE_TOKEN_METADATA: u8 = 18;
    /// `IncreaseAdditionalValidatorStake`.
    pub const INCREASE_ADDITIONAL_VALIDATOR_STAKE: u8 = 19;
    /// `DecreaseAdditionalValidatorStake`.
    pub const DECREASE_ADDITIONAL_VALIDATOR_STAKE: u8 = 20;
    /// `DecreaseValidatorStakeWithReserve`.
    pub const DECREASE_VALIDATOR_STAKE_WITH_RESERVE: u8 = 21;
    /// `Redelegate` (never enabled).
    pub const REDELEGATE: u8 = 22;
    /// `DepositStakeWithSlippage`.
    pub const DEPOSIT_STAKE_WITH_SLIPPAGE: u8 = 23;
    /// `WithdrawStakeWithSlippage`.
    pub const WITHDRAW_STAKE_WITH_SLIPPAGE: u8 = 24;
    /// `DepositSolWithSlippage`.
    pub const DEPOSIT_SOL_WITH_SLIPPAGE: u8 = 25;
    /// `WithdrawSolWithSlippage`.
    pub const WITHDRAW_SOL_WITH_SLIPPAGE: u8 = 26;
}

/// Stake-program instruction tags (the first four bytes, little-endian) of the calls the pool makes.
pub mod stake_tag {
    /// `Authorize`.
    pub const AUTHORIZE: u32 = 1;
    /// `DelegateStake`.
    pub const DELEGATE_STAKE: u32 = 2;
    /// `Split`.
    pub const SPLIT: u32 = 3;
    /// `Withdraw`.
    pub const WITHDRAW: u32 = 4;
    /// `Deactivate`.
    pub const DEACTIVATE: u32 = 5;
    /// `Merge`.
    pub const MERGE: u32 = 7;
    /// `GetMinimumDelegation` (the answer comes back as return data, a little-endian `u64`).
    pub const GET_MINIMUM_DELEGATION: u32 = 13;
}

/// Data of `AddValidatorToPool`: the tag, then the validator stake account's seed suffix (0: none).
pub fn add_validator_to_pool(validator_seed: u32) -> [u8; 5] {
    let mut data = [0u8; 5];
    let (head, seed) = data.split_at_mut(1);
    head[0] = tag::ADD_VALIDATOR_TO_POOL;
    seed.copy_from_slice(&validator_seed.to_le_bytes());
    data
}

/// Data of a stake move that takes lamports and a transient seed (`IncreaseValidatorStake`,
/// `DecreaseValidatorStake`, `DecreaseValidatorStakeWithReserve`): the tag, then both, little-endian.
pub fn move_stake(tag: u8, lamports: u64, transient_seed: u64) -> [u8; 17] {
    let mut data = [0u8; 17];
    let (head, rest) = data.split_at_mut(1);
    head[0] = tag;
    let (amount, seed) = rest.split_at_mut(8);
    amount.copy_from_slice(&lamports.to_le_bytes());
    seed.copy_from_slice(&transient_seed.to_le_bytes());
    data
}
