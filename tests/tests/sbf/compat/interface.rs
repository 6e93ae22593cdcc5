//! `lst-interface` reads what upstream writes: the pool's fixed-position fields, the validator list's
//! header and entries, every instruction tag, the seeds of the pool's addresses, and the stake
//! program's account layout (written by the stake interface crate's bincode).

use {
    lst_sdk::interface::{
        instruction::tag,
        seeds,
        stake::{self, StakeState},
        stake_pool::{account_type, StakePoolPrefix},
        validator_list::{self, status, ValidatorStakeInfo},
    },
    solana_pubkey::Pubkey,
    solana_stake_interface::state as native,
    spl_stake_pool::{
        instruction::{FundingType, PreferredValidatorType, StakePoolInstruction as Ix},
        state::{self as upstream, Fee, FeeType, StakeStatus},
    },
};

#[test]
fn the_pool_prefix_reads_an_upstream_pool() {
    let k: Vec<Pubkey> = (0..9).map(|_| Pubkey::new_unique()).collect();
    let pool = upstream::StakePool {
        account_type: upstream::AccountType::StakePool,
        manager: k[0],
        staker: k[1],
        stake_deposit_authority: k[2],
        stake_withdraw_bump_seed: 253,
        validator_list: k[3],
        reserve_stake: k[4],
        pool_mint: k[5],
        manager_fee_account: k[6],
        token_program_id: k[7],
        total_lamports: 11,
        pool_token_supply: 12,
        last_update_epoch: 13,
        lockup: native::Lockup { unix_timestamp: -5, epoch: 14, custodian: k[8] },
        epoch_fee: Fee { denominator: 100, numerator: 3 },
        ..Default::default()
    };
    let bytes = borsh::to_vec(&pool).expect("serialize");
    let ours = StakePoolPrefix::read_pool(&bytes).expect("a pool");
    assert_eq!(ours.account_type, account_type::STAKE_POOL);
    assert_eq!(
        [ours.manager, ours.staker, ours.stake_deposit_authority, ours.validator_list, ours.reserve_stake],
        [k[0], k[1], k[2], k[3], k[4]]
    );
    assert_eq!([ours.pool_mint, ours.manager_fee_account, ours.token_program_id], [k[5], k[6], k[7]]);
    assert_eq!(ours.stake_withdraw_bump_seed, 253);
    assert_eq!(
        [ours.total_lamports.get(), ours.pool_token_supply.get(), ours.last_update_epoch.get()],
        [11, 12, 13]
    );
    let lockup = stake::Lockup::from(&ours.lockup);
    assert_eq!(lockup, stake::Lockup { unix_timestamp: -5, epoch: 14, custodian: k[8] });
    assert_eq!([ours.epoch_fee.denominator.get(), ours.epoch_fee.numerator.get()], [100, 3]);
    // A validator list is no pool.
    let mut list = bytes.clone();
    list[0] = account_type::VALIDATOR_LIST;
    assert!(StakePoolPrefix::read_pool(&list).is_none());
}

#[test]
fn the_list_reads_an_upstream_list() {
    let statuses = [
        StakeStatus::Active,
        StakeStatus::DeactivatingTransient,
        StakeStatus::ReadyForRemoval,
        StakeStatus::DeactivatingValidator,
        StakeStatus::DeactivatingAll,
    ];
    let votes: Vec<Pubkey> = statuses.iter().map(|_| Pubkey::new_unique()).collect();
    let validators = statuses
        .iter()
        .zip(&votes)
        .enumerate()
        .map(|(i, (status, vote))| {
            let i = i as u64;
            upstream::ValidatorStakeInfo {
                active_stake_lamports: (1_000 + i).into(),
                transient_stake_lamports: (2_000 + i).into(),
                last_update_epoch: (3_000 + i).into(),
                transient_seed_suffix: (4_000 + i).into(),
                unused: 0.into(),
                validator_seed_suffix: (5_000 + i as u32).into(),
                status: (*status).into(),
                vote_account_address: *vote,
            }
        })
        .collect();
    let list = upstream::ValidatorList {
        header: upstream::ValidatorListHeader {
            account_type: upstream::AccountType::ValidatorList,
            max_validators: 7,
        },
        validators,
    };
    let mut bytes = borsh::to_vec(&list).expect("serialize");
    bytes.resize(validator_list::len_for_max_validators(7), 0);
    let upstream_len =
        solana_borsh::v1::get_instance_packed_len(&upstream::ValidatorList::new(7)).expect("len");
    assert_eq!(bytes.len(), upstream_len);
    assert_eq!(
        validator_list::max_validators_for_len(bytes.len()),
        upstream::ValidatorList::calculate_max_validators(bytes.len())
    );
    let header = validator_list::header(&bytes).expect("header");
    assert_eq!(
        (header.account_type, header.max_validators.get(), header.len.get()),
        (account_type::VALIDATOR_LIST, 7, 5)
    );
    assert_eq!(validator_list::max_validators_for_len(bytes.len()), 7);
    let ours = validator_list::entries(&bytes).expect("entries");
    let wanted = [
        status::ACTIVE,
        status::DEACTIVATING_TRANSIENT,
        status::READY_FOR_REMOVAL,
        status::DEACTIVATING_VALIDATOR,
        status::DEACTIVATING_ALL,
    ];
    for (i, entry) in ours.iter().enumerate() {
        let n = i as u64;
        assert_eq!(entry.active_stake_lamports(), 1_000 + n);
        assert_eq!(entry.transient_stake_lamports(), 2_000 + n);
        assert_eq!(entry.last_update_epoch(), 3_000 + n);
        assert_eq!(entry.transient_seed(), 4_000 + n);
        assert_eq!(entry.validator_seed(), 5_000 + i as u32);
        assert_eq!(entry.status, wanted[i]);
        assert_eq!(entry.vote_account_address, votes[i]);
    }
    // And what we write, upstream reads.
    let mut written = bytes.clone();
    validator_list::slots_mut(&mut written, 0, 5).expect("slots")[0] =
        ValidatorStakeInfo::new_active(&votes[4], 77, 88, 9);
    let decoded: upstream::ValidatorList =
        borsh::BorshDeserialize::deserialize(&mut &written[..]).expect("decode");
    let first = &decoded.validators[0];
    assert_eq!((u64::from(first.active_stake_lamports), u64::from(first.last_update_epoch)), (77, 88));
    assert_eq!(u32::from(first.validator_seed_suffix), 9);
    assert_eq!(StakeStatus::try_from(first.status).ok(), Some(StakeStatus::Active));
    assert_eq!(first.vote_account_address, votes[4]);
}

/// Upstream's instruction and our tag for it.
fn tags() -> Vec<(Ix, u8)> {
    let fee = Fee { denominator: 1, numerator: 0 };
    let (lamports, seed) = (1, 2);
    let text = || String::from("x");
    vec![
        (
            Ix::Initialize { fee, withdrawal_fee: fee, deposit_fee: fee, referral_fee: 0, max_validators: 1 },
            tag::INITIALIZE,
        ),
        (Ix::AddValidatorToPool(0), tag::ADD_VALIDATOR_TO_POOL),
        (Ix::RemoveValidatorFromPool, tag::REMOVE_VALIDATOR_FROM_POOL),
        #[allow(deprecated)]
        (Ix::DecreaseValidatorStake { lamports, transient_stake_seed: seed }, tag::DECREASE_VALIDATOR_STAKE),
        (Ix::IncreaseValidatorStake { lamports, transient_stake_seed: seed }, tag::INCREASE_VALIDATOR_STAKE),
        (
            Ix::SetPreferredValidator {
                validator_type: PreferredValidatorType::Deposit,
                validator_vote_address: None,
            },
            tag::SET_PREFERRED_VALIDATOR,
        ),
        (
            Ix::UpdateValidatorListBalance { start_index: 0, no_merge: false },
            tag::UPDATE_VALIDATOR_LIST_BALANCE,
        ),
        (Ix::UpdateStakePoolBalance, tag::UPDATE_STAKE_POOL_BALANCE),
        (Ix::CleanupRemovedValidatorEntries, tag::CLEANUP_REMOVED_VALIDATOR_ENTRIES),
        (Ix::DepositStake, tag::DEPOSIT_STAKE),
        (Ix::WithdrawStake(1), tag::WITHDRAW_STAKE),
        (Ix::SetManager, tag::SET_MANAGER),
        (Ix::SetFee { fee: FeeType::Epoch(fee) }, tag::SET_FEE),
        (Ix::SetStaker, tag::SET_STAKER),
        (Ix::DepositSol(1), tag::DEPOSIT_SOL),
        (Ix::SetFundingAuthority(FundingType::SolDeposit), tag::SET_FUNDING_AUTHORITY),
        (Ix::WithdrawSol(1), tag::WITHDRAW_SOL),
        (Ix::CreateTokenMetadata { name: text(), symbol: text(), uri: text() }, tag::CREATE_TOKEN_METADATA),
        (Ix::UpdateTokenMetadata { name: text(), symbol: text(), uri: text() }, tag::UPDATE_TOKEN_METADATA),
        (
            Ix::IncreaseAdditionalValidatorStake {
                lamports,
                transient_stake_seed: seed,
                ephemeral_stake_seed: seed,
            },
            tag::INCREASE_ADDITIONAL_VALIDATOR_STAKE,
        ),
        (
            Ix::DecreaseAdditionalValidatorStake {
                lamports,
                transient_stake_seed: seed,
                ephemeral_stake_seed: seed,
            },
            tag::DECREASE_ADDITIONAL_VALIDATOR_STAKE,
        ),
        (
            Ix::DecreaseValidatorStakeWithReserve { lamports, transient_stake_seed: seed },
            tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE,
        ),
        #[allow(deprecated)]
        (
            Ix::Redelegate {
                lamports,
                source_transient_stake_seed: seed,
                ephemeral_stake_seed: seed,
                destination_transient_stake_seed: seed,
            },
            tag::REDELEGATE,
        ),
        (Ix::DepositStakeWithSlippage { minimum_pool_tokens_out: 1 }, tag::DEPOSIT_STAKE_WITH_SLIPPAGE),
        (
            Ix::WithdrawStakeWithSlippage { pool_tokens_in: 1, minimum_lamports_out: 1 },
            tag::WITHDRAW_STAKE_WITH_SLIPPAGE,
        ),
        (
            Ix::DepositSolWithSlippage { lamports_in: 1, minimum_pool_tokens_out: 1 },
            tag::DEPOSIT_SOL_WITH_SLIPPAGE,
        ),
        (
            Ix::WithdrawSolWithSlippage { pool_tokens_in: 1, minimum_lamports_out: 1 },
            tag::WITHDRAW_SOL_WITH_SLIPPAGE,
        ),
    ]
}

#[test]
fn every_tag_is_upstreams() {
    let all = tags();
    // Every variant upstream has (27), each once.
    assert_eq!(all.len(), 27);
    let mut seen: Vec<u8> = all.iter().map(|(_, t)| *t).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 27);
    for (ix, ours) in all {
        assert_eq!(borsh::to_vec(&ix).expect("serialize")[0], ours, "{ix:?}");
    }
}

#[test]
fn the_seeds_are_upstreams() {
    let (program, pool, vote) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
    let find = |seeds: &[&[u8]]| Pubkey::find_program_address(seeds, &program).0;
    assert_eq!(
        find(&[pool.as_ref(), seeds::WITHDRAW_AUTHORITY]),
        spl_stake_pool::find_withdraw_authority_program_address(&program, &pool).0
    );
    assert_eq!(
        find(&[pool.as_ref(), seeds::DEPOSIT_AUTHORITY]),
        spl_stake_pool::find_deposit_authority_program_address(&program, &pool).0
    );
    assert_eq!(
        find(&[seeds::TRANSIENT_STAKE, vote.as_ref(), pool.as_ref(), &7u64.to_le_bytes()]),
        spl_stake_pool::find_transient_stake_program_address(&program, &vote, &pool, 7).0
    );
    assert_eq!(
        find(&[seeds::EPHEMERAL_STAKE, pool.as_ref(), &7u64.to_le_bytes()]),
        spl_stake_pool::find_ephemeral_stake_program_address(&program, &pool, 7).0
    );
}

#[test]
fn the_stake_reader_reads_the_stake_programs_layout() {
    let (staker, withdrawer, custodian, voter) =
        (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
    #[allow(deprecated, reason = "the field is still in the layout the reader reads")]
    let meta = native::Meta {
        rent_exempt_reserve: 2_282_880,
        authorized: native::Authorized { staker, withdrawer },
        lockup: native::Lockup { unix_timestamp: 9, epoch: 10, custodian },
    };
    let delegation = native::Delegation {
        voter_pubkey: voter,
        stake: 5_000_000_000,
        activation_epoch: 3,
        deactivation_epoch: u64::MAX,
        ..native::Delegation::default()
    };
    let encode = |state: &native::StakeStateV2| {
        let mut data = vec![0u8; stake::ACCOUNT_LEN];
        bincode::serialize_into(&mut data[..], state).expect("serialize");
        data
    };
    let ours_meta = stake::Meta {
        rent_exempt_reserve: 2_282_880,
        staker,
        withdrawer,
        lockup: stake::Lockup { unix_timestamp: 9, epoch: 10, custodian },
    };
    let delegated = native::StakeStateV2::Stake(
        meta,
        native::Stake { delegation, credits_observed: 42 },
        solana_stake_interface::stake_flags::StakeFlags::empty(),
    );
    let Some(StakeState::Stake(m, d)) = StakeState::read(&encode(&delegated)) else {
        panic!("not delegated")
    };
    assert_eq!(m, ours_meta);
    assert_eq!(
        (d.voter, d.stake, d.activation_epoch, d.deactivation_epoch),
        (voter, 5_000_000_000, 3, u64::MAX)
    );
    assert!(!d.is_deactivating());
    assert_eq!(
        StakeState::read(&encode(&native::StakeStateV2::Initialized(meta))),
        Some(StakeState::Initialized(ours_meta))
    );
    assert_eq!(
        StakeState::read(&encode(&native::StakeStateV2::Uninitialized)),
        Some(StakeState::Uninitialized)
    );
    assert_eq!(StakeState::read(&encode(&native::StakeStateV2::RewardsPool)), Some(StakeState::RewardsPool));
    assert_eq!(StakeState::read(&[9, 0, 0, 0]), None);
    assert_eq!(StakeState::read(&encode(&delegated)[..196]), None);
    assert_eq!(stake::ACCOUNT_LEN as u64, native::StakeStateV2::size_of() as u64);
}

#[test]
fn instruction_data_is_upstreams() {
    use lst_sdk::interface::instruction::{add_validator_to_pool, move_stake};
    let upstream = |ix: &Ix| borsh::to_vec(ix).expect("serialize");
    for seed in [0, 7, u32::MAX] {
        assert_eq!(add_validator_to_pool(seed).to_vec(), upstream(&Ix::AddValidatorToPool(seed)));
    }
    let (lamports, transient_stake_seed) = (5_000_000_123, 0x0102_0304_0506_0708);
    assert_eq!(
        move_stake(tag::INCREASE_VALIDATOR_STAKE, lamports, transient_stake_seed).to_vec(),
        upstream(&Ix::IncreaseValidatorStake { lamports, transient_stake_seed })
    );
    assert_eq!(
        move_stake(tag::DECREASE_VALIDATOR_STAKE_WITH_RESERVE, lamports, transient_stake_seed).to_vec(),
        upstream(&Ix::DecreaseValidatorStakeWithReserve { lamports, transient_stake_seed })
    );
}

#[test]
fn stake_tags_and_ids_are_the_runtimes() {
    use {
        lst_sdk::interface::{id, instruction::stake_tag},
        solana_sdk_ids as ids,
        solana_stake_interface::{instruction::StakeInstruction as Stake, state::StakeAuthorize},
    };
    let tag =
        |ix: &Stake| u32::from_le_bytes(bincode::serialize(ix).expect("serialize")[..4].try_into().unwrap());
    let key = Pubkey::new_unique();
    assert_eq!(tag(&Stake::Authorize(key, StakeAuthorize::Staker)), stake_tag::AUTHORIZE);
    assert_eq!(tag(&Stake::DelegateStake), stake_tag::DELEGATE_STAKE);
    assert_eq!(tag(&Stake::Split(1)), stake_tag::SPLIT);
    assert_eq!(tag(&Stake::Withdraw(1)), stake_tag::WITHDRAW);
    assert_eq!(tag(&Stake::Deactivate), stake_tag::DEACTIVATE);
    assert_eq!(tag(&Stake::Merge), stake_tag::MERGE);
    assert_eq!(tag(&Stake::GetMinimumDelegation), stake_tag::GET_MINIMUM_DELEGATION);
    #[allow(deprecated, reason = "DelegateStake still names the stake config account")]
    let stake_config = ids::stake::config::id().to_bytes();
    let pairs = [
        (id::STAKE_PROGRAM.to_bytes(), ids::stake::id().to_bytes()),
        (id::STAKE_CONFIG.to_bytes(), stake_config),
        (id::VOTE_PROGRAM.to_bytes(), ids::vote::id().to_bytes()),
        (id::SYSTEM_PROGRAM.to_bytes(), ids::system_program::id().to_bytes()),
        (id::CLOCK_SYSVAR.to_bytes(), ids::sysvar::clock::id().to_bytes()),
        (id::RENT_SYSVAR.to_bytes(), ids::sysvar::rent::id().to_bytes()),
        (id::STAKE_HISTORY_SYSVAR.to_bytes(), ids::sysvar::stake_history::id().to_bytes()),
        (id::TOKEN_2022_PROGRAM.to_bytes(), spl_token_2022_interface::id().to_bytes()),
    ];
    for (ours, runtime) in pairs {
        assert_eq!(ours, runtime);
    }
}
