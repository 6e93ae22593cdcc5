//! Steward client: addresses, instruction builders (Anchor's generated account lists, so they can
//! never drift from the program) and state decoding.

use {
    anchor_lang::{
        prelude::Pubkey,
        solana_program::{instruction::Instruction, system_program},
        InstructionData, ToAccountMetas,
    },
    steward::{
        constants::*,
        events::OracleData,
        state::{
            AuthorityKind, ClusterHistory, Config, ParametersUpdate, StateTag, StewardState,
            ValidatorHistory, ValidatorSlot, HEADER_LEN, SLOT_LEN,
        },
    },
};

pub use steward::{
    instructions::InitializeArgs,
    state::{filter, flag, instant, Parameters, STATE_ACCOUNT_LEN},
};

/// Sysvar addresses the stake-moving instructions (and the crank) name.
pub(crate) mod ids {
    use super::Pubkey;
    pub use lst_interface::id::{
        CLOCK_SYSVAR as CLOCK, RENT_SYSVAR as RENT, STAKE_HISTORY_SYSVAR as STAKE_HISTORY,
    };
    pub const SLOT_HASHES: Pubkey = Pubkey::from_str_const("SysvarS1otHashes111111111111111111111111111");
    pub use steward::constants::{STAKE_CONFIG_ID, STAKE_PROGRAM_ID};
}

/// The steward config of `stake_pool`.
pub fn config_address(stake_pool: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[CONFIG_SEED, stake_pool.as_ref()], &steward::ID).0
}

/// The staker PDA the pool's staker must be set to.
pub fn staker_address(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[STAKER_SEED, config.as_ref()], &steward::ID).0
}

/// A validator's history under `config`.
pub fn history_address(config: &Pubkey, vote: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[HISTORY_SEED, config.as_ref(), vote.as_ref()], &steward::ID).0
}

/// The cluster history under `config`.
pub fn cluster_history_address(config: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[CLUSTER_HISTORY_SEED, config.as_ref()], &steward::ID).0
}

/// The addresses of one steward and the pool it runs.
#[derive(Clone, Debug)]
pub struct StewardAddresses {
    /// The stake-pool program (ours or upstream SPL).
    pub pool_program: Pubkey,
    /// The pool.
    pub stake_pool: Pubkey,
    /// The pool's validator list.
    pub validator_list: Pubkey,
    /// The pool's reserve.
    pub reserve: Pubkey,
    /// The pool's withdraw authority.
    pub withdraw_authority: Pubkey,
    /// The steward config.
    pub config: Pubkey,
    /// The steward state account.
    pub state: Pubkey,
    /// The staker PDA.
    pub staker: Pubkey,
    /// The cluster history.
    pub cluster_history: Pubkey,
}

impl StewardAddresses {
    /// Addresses derived from the pool's and the state's.
    pub fn new(
        pool_program: Pubkey,
        stake_pool: Pubkey,
        validator_list: Pubkey,
        reserve: Pubkey,
        state: Pubkey,
    ) -> Self {
        let config = config_address(&stake_pool);
        Self {
            pool_program,
            stake_pool,
            validator_list,
            reserve,
            withdraw_authority: crate::pda::find_withdraw_authority(&pool_program, &stake_pool).0,
            config,
            state,
            staker: staker_address(&config),
            cluster_history: cluster_history_address(&config),
        }
    }

    /// A validator's stake account.
    pub fn validator_stake(&self, vote: &Pubkey, seed: u32) -> Pubkey {
        stake_pool::pda::find_validator_stake(&self.pool_program, vote, &self.stake_pool, seed).0
    }

    /// A validator's transient stake account.
    pub fn transient_stake(&self, vote: &Pubkey, seed: u64) -> Pubkey {
        stake_pool::pda::find_transient_stake(&self.pool_program, vote, &self.stake_pool, seed).0
    }

    /// A validator's history.
    pub fn history(&self, vote: &Pubkey) -> Pubkey {
        history_address(&self.config, vote)
    }

    fn pool_fields(&self) -> [Pubkey; 5] {
        [self.stake_pool, self.withdraw_authority, self.validator_list, self.reserve, self.pool_program]
    }
}

fn ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction { program_id: steward::ID, accounts: accounts.to_account_metas(None), data: data.data() }
}

fn with_remaining(mut ix: Instruction, remaining: impl IntoIterator<Item = (Pubkey, bool)>) -> Instruction {
    ix.accounts.extend(remaining.into_iter().map(|(key, writable)| {
        if writable {
            anchor_lang::prelude::AccountMeta::new(key, false)
        } else {
            anchor_lang::prelude::AccountMeta::new_readonly(key, false)
        }
    }));
    ix
}

/// `initialize_steward`; `state` must already exist (size [`STATE_ACCOUNT_LEN`], owned by the steward).
pub fn initialize_steward(
    payer: &Pubkey,
    pool_authority: &Pubkey,
    stake_pool: &Pubkey,
    state: &Pubkey,
    args: InitializeArgs,
) -> Instruction {
    let config = config_address(stake_pool);
    ix(
        steward::accounts::InitializeSteward {
            payer: *payer,
            pool_authority: *pool_authority,
            config,
            state: *state,
            cluster_history: cluster_history_address(&config),
            stake_pool: *stake_pool,
            system_program: system_program::ID,
        },
        steward::instruction::InitializeSteward { args },
    )
}

/// `set_authority`: the holder of `kind` proposes `new` (it takes over when it signs
/// [`accept_authority`]).
pub fn set_authority(config: &Pubkey, holder: &Pubkey, kind: AuthorityKind, new: &Pubkey) -> Instruction {
    ix(
        steward::accounts::ProposeAuthority { config: *config, holder: *holder },
        steward::instruction::SetAuthority { kind, new: *new },
    )
}

/// `accept_authority`: the proposed successor takes the authority `kind`.
pub fn accept_authority(config: &Pubkey, new_authority: &Pubkey, kind: AuthorityKind) -> Instruction {
    ix(
        steward::accounts::AcceptAuthority { config: *config, new_authority: *new_authority },
        steward::instruction::AcceptAuthority { kind },
    )
}

/// `pause`.
pub fn pause(config: &Pubkey, admin: &Pubkey) -> Instruction {
    ix(steward::accounts::AdminAction { config: *config, admin: *admin }, steward::instruction::Pause {})
}

/// `resume`.
pub fn resume(config: &Pubkey, admin: &Pubkey) -> Instruction {
    ix(steward::accounts::AdminAction { config: *config, admin: *admin }, steward::instruction::Resume {})
}

/// `update_parameters`.
pub fn update_parameters(config: &Pubkey, authority: &Pubkey, update: ParametersUpdate) -> Instruction {
    ix(
        steward::accounts::UpdateParameters { config: *config, parameters_authority: *authority },
        steward::instruction::UpdateParameters { update },
    )
}

/// `set_blacklist`.
pub fn set_blacklist(config: &Pubkey, authority: &Pubkey, vote: &Pubkey, blacklisted: bool) -> Instruction {
    ix(
        steward::accounts::SetBlacklist {
            config: *config,
            blacklist_authority: *authority,
            history: history_address(config, vote),
        },
        steward::instruction::SetBlacklist { blacklisted },
    )
}

/// `update_oracle_data`.
pub fn update_oracle_data(
    config: &Pubkey,
    oracle: &Pubkey,
    vote: &Pubkey,
    epoch: u64,
    data: OracleData,
) -> Instruction {
    ix(
        steward::accounts::UpdateOracleData {
            config: *config,
            oracle_authority: *oracle,
            history: history_address(config, vote),
        },
        steward::instruction::UpdateOracleData { epoch, data },
    )
}

/// `init_validator_history`.
pub fn init_validator_history(config: &Pubkey, payer: &Pubkey, vote: &Pubkey) -> Instruction {
    ix(
        steward::accounts::InitValidatorHistory {
            payer: *payer,
            config: *config,
            history: history_address(config, vote),
            vote_account: *vote,
            system_program: system_program::ID,
        },
        steward::instruction::InitValidatorHistory {},
    )
}

/// `copy_vote_account`.
pub fn copy_vote_account(config: &Pubkey, vote: &Pubkey) -> Instruction {
    ix(
        steward::accounts::CopyVoteAccount {
            config: *config,
            history: history_address(config, vote),
            vote_account: *vote,
        },
        steward::instruction::CopyVoteAccount {},
    )
}

/// `vote`'s Jito tip-distribution account for `epoch`.
pub fn tip_distribution_address(vote: &Pubkey, epoch: u64) -> Pubkey {
    steward::foreign::tip_distribution::address(vote, epoch)
}

/// `copy_tip_distribution` of `vote` for `epoch`.
pub fn copy_tip_distribution(config: &Pubkey, vote: &Pubkey, epoch: u64) -> Instruction {
    ix(
        steward::accounts::CopyTipDistribution {
            config: *config,
            history: history_address(config, vote),
            tip_distribution_account: tip_distribution_address(vote, epoch),
        },
        steward::instruction::CopyTipDistribution { epoch },
    )
}

/// `copy_histories` in `epoch` (the current one) for the validators voting with `votes`.
pub fn copy_histories(config: &Pubkey, epoch: u64, votes: &[Pubkey]) -> Instruction {
    with_remaining(
        ix(steward::accounts::CopyHistories { config: *config }, steward::instruction::CopyHistories {}),
        votes.iter().flat_map(|v| {
            [(history_address(config, v), true), (*v, false), (tip_distribution_address(v, epoch), false)]
        }),
    )
}

/// `copy_cluster_info`.
pub fn copy_cluster_info(config: &Pubkey) -> Instruction {
    ix(
        steward::accounts::CopyClusterInfo {
            config: *config,
            cluster_history: cluster_history_address(config),
            slot_history: SLOT_HISTORY_ID,
        },
        steward::instruction::CopyClusterInfo {},
    )
}

impl StewardAddresses {
    /// `epoch_maintenance`.
    pub fn epoch_maintenance(&self) -> Instruction {
        ix(
            steward::accounts::EpochMaintenance {
                config: self.config,
                state: self.state,
                staker: self.staker,
                stake_pool: self.stake_pool,
                validator_list: self.validator_list,
            },
            steward::instruction::EpochMaintenance {},
        )
    }

    /// `add_validator` for `vote` (its stake account at seed 0).
    pub fn add_validator(&self, vote: &Pubkey) -> Instruction {
        let [stake_pool, withdraw_authority, validator_list, reserve, pool_program] = self.pool_fields();
        ix(
            steward::accounts::AddValidator {
                config: self.config,
                state: self.state,
                staker: self.staker,
                stake_pool,
                withdraw_authority,
                validator_list,
                reserve,
                clock: ids::CLOCK,
                rent: ids::RENT,
                stake_history: ids::STAKE_HISTORY,
                stake_config: STAKE_CONFIG_ID,
                system_program: system_program::ID,
                stake_program: STAKE_PROGRAM_ID,
                pool_program,
                validator_stake: self.validator_stake(vote, 0),
                vote_account: *vote,
                history: self.history(vote),
            },
            steward::instruction::AddValidator {},
        )
    }

    /// `remove_validator` of the validator at `index` (`admin` signs to remove one that still qualifies).
    pub fn remove_validator(
        &self,
        index: u32,
        vote: &Pubkey,
        validator_seed: u32,
        transient_seed: u64,
        admin: Option<Pubkey>,
    ) -> Instruction {
        let [stake_pool, withdraw_authority, validator_list, reserve, pool_program] = self.pool_fields();
        ix(
            steward::accounts::RemoveValidator {
                config: self.config,
                state: self.state,
                staker: self.staker,
                stake_pool,
                withdraw_authority,
                validator_list,
                reserve,
                clock: ids::CLOCK,
                rent: ids::RENT,
                stake_history: ids::STAKE_HISTORY,
                stake_config: STAKE_CONFIG_ID,
                system_program: system_program::ID,
                stake_program: STAKE_PROGRAM_ID,
                pool_program,
                validator_stake: self.validator_stake(vote, validator_seed),
                transient_stake: self.transient_stake(vote, transient_seed),
                vote_account: *vote,
                admin,
            },
            steward::instruction::RemoveValidator { index },
        )
    }

    /// `compute_scores` for validators `start_index..` voting with `votes`.
    pub fn compute_scores(&self, start_index: u32, votes: &[Pubkey]) -> Instruction {
        with_remaining(
            ix(
                steward::accounts::ComputeScores {
                    config: self.config,
                    state: self.state,
                    cluster_history: self.cluster_history,
                    stake_pool: self.stake_pool,
                },
                steward::instruction::ComputeScores { start_index },
            ),
            votes.iter().map(|v| (self.history(v), false)),
        )
    }

    /// `compute_scores` with each history followed by the validator's bond, as the steward asks
    /// when its bond filter is on (`minimum_bond_bps` > 0).
    pub fn compute_scores_bonded(&self, start_index: u32, votes: &[Pubkey]) -> Instruction {
        self.bonded(self.compute_scores(start_index, votes), votes, 1)
    }

    /// `compute_instant_unstake` with each validator's accounts followed by its bond, as the
    /// steward asks when its bond filter is on.
    pub fn compute_instant_unstake_bonded(
        &self,
        epoch: u64,
        start_index: u32,
        votes: &[Pubkey],
    ) -> Instruction {
        self.bonded(self.compute_instant_unstake(epoch, start_index, votes), votes, 3)
    }

    /// `ix`, whose last `per × votes.len()` accounts are `per` per validator, with each validator's
    /// bond after its own.
    fn bonded(&self, mut ix: Instruction, votes: &[Pubkey], per: usize) -> Instruction {
        let bonds_config = crate::bonds::config_address(&self.config);
        let fixed = ix.accounts.len().saturating_sub(per.saturating_mul(votes.len()));
        let groups: Vec<_> = ix.accounts.split_off(fixed).chunks(per).map(<[_]>::to_vec).collect();
        for (group, vote) in groups.into_iter().zip(votes) {
            ix.accounts.extend(group);
            let bond = crate::bonds::bond_address(&bonds_config, vote);
            ix.accounts.push(anchor_lang::prelude::AccountMeta::new_readonly(bond, false));
        }
        ix
    }

    /// `compute_delegations`.
    pub fn compute_delegations(&self) -> Instruction {
        ix(
            steward::accounts::ComputeDelegations { config: self.config, state: self.state },
            steward::instruction::ComputeDelegations {},
        )
    }

    /// `compute_instant_unstake` in `epoch` for validators `start_index..` voting with `votes`.
    pub fn compute_instant_unstake(&self, epoch: u64, start_index: u32, votes: &[Pubkey]) -> Instruction {
        with_remaining(
            ix(
                steward::accounts::ComputeInstantUnstake {
                    config: self.config,
                    state: self.state,
                    cluster_history: self.cluster_history,
                    stake_pool: self.stake_pool,
                    validator_list: self.validator_list,
                    reserve: self.reserve,
                    stake_program: STAKE_PROGRAM_ID,
                },
                steward::instruction::ComputeInstantUnstake { start_index },
            ),
            votes.iter().flat_map(|v| {
                [(self.history(v), true), (*v, false), (tip_distribution_address(v, epoch), false)]
            }),
        )
    }

    /// `rebalance` for validators `start_index..`: `(vote, validator seed, transient seed)` each;
    /// `rent_payer` (the crank's fee payer, a signer) funds a transient account's rent when the
    /// reserve cannot.
    pub fn rebalance(
        &self,
        rent_payer: &Pubkey,
        start_index: u32,
        validators: &[(Pubkey, u32, u64)],
    ) -> Instruction {
        let [stake_pool, withdraw_authority, validator_list, reserve, pool_program] = self.pool_fields();
        with_remaining(
            ix(
                steward::accounts::Rebalance {
                    config: self.config,
                    state: self.state,
                    staker: self.staker,
                    stake_pool,
                    withdraw_authority,
                    validator_list,
                    reserve,
                    clock: ids::CLOCK,
                    rent: ids::RENT,
                    stake_history: ids::STAKE_HISTORY,
                    stake_config: STAKE_CONFIG_ID,
                    system_program: system_program::ID,
                    stake_program: STAKE_PROGRAM_ID,
                    pool_program,
                    rent_payer: *rent_payer,
                },
                steward::instruction::Rebalance { start_index },
            ),
            validators.iter().flat_map(|(vote, seed, transient)| {
                [
                    (*vote, false),
                    (self.validator_stake(vote, *seed), true),
                    (self.transient_stake(vote, *transient), true),
                ]
            }),
        )
    }
}

/// Why steward account data could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct StewardDecodeError(pub &'static str);

impl std::fmt::Display for StewardDecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "steward account: {}", self.0)
    }
}

impl std::error::Error for StewardDecodeError {}

/// Decodes a zero-copy Anchor account of any of our programs (discriminator, then the struct).
pub(crate) fn zero_copy<T: anchor_lang::ZeroCopy + anchor_lang::Discriminator>(
    data: &[u8],
) -> Result<T, StewardDecodeError> {
    let body = data.get(8..).filter(|_| data.get(..8) == Some(T::DISCRIMINATOR));
    let body = body.and_then(|b| b.get(..std::mem::size_of::<T>()));
    body.map(bytemuck::pod_read_unaligned).ok_or(StewardDecodeError("wrong discriminator or size"))
}

/// Decodes a config account.
pub fn decode_config(data: &[u8]) -> Result<Config, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes a validator history account.
pub fn decode_history(data: &[u8]) -> Result<ValidatorHistory, StewardDecodeError> {
    zero_copy(data)
}

/// Decodes the cluster history account.
pub fn decode_cluster_history(data: &[u8]) -> Result<ClusterHistory, StewardDecodeError> {
    zero_copy(data)
}

/// A decoded state account: header and live slots.
#[derive(Clone, Debug)]
pub struct StewardStateView {
    /// The header.
    pub header: StewardState,
    /// Live slots, in validator-list order.
    pub slots: Vec<ValidatorSlot>,
}

impl StewardStateView {
    /// The state machine's step.
    pub fn tag(&self) -> Option<StateTag> {
        StateTag::from_u8(self.header.tag).ok()
    }
}

/// Where the state's slots begin.
const STATE_SLOTS_OFFSET: usize = 8 + HEADER_LEN;

/// Decodes the state account.
pub fn decode_state(data: &[u8]) -> Result<StewardStateView, StewardDecodeError> {
    if data.len() != STATE_ACCOUNT_LEN {
        return Err(StewardDecodeError("wrong state size"));
    }
    let header: StewardState = zero_copy(data)?;
    let n = header.num_validators as usize;
    let slots = data[STATE_SLOTS_OFFSET..]
        .chunks_exact(SLOT_LEN)
        .take(n)
        .map(bytemuck::pod_read_unaligned::<ValidatorSlot>)
        .collect();
    Ok(StewardStateView { header, slots })
}
