//! The dApp's generated files stay equal to what the Rust code says: account layouts (offsets of the
//! zero-copy steward and bonds accounts, their seeds, SPL pool fields, flag bits, parameter bounds) and quote vectors computed
//! with the programs' own math. `LST_REGENERATE=1 cargo test -p lst-sdk --test app_generated` rewrites
//! them; otherwise a difference fails the test.
#![allow(clippy::arithmetic_side_effects, reason = "test code")]

use {
    lst_sdk::governance::ProposalState,
    serde_json::{json, Value},
    std::mem::offset_of,
    steward::state::{
        filter, flag, instant, Config, Parameters, StewardState, ValidatorSlot, HEADER_LEN, SLOT_LEN,
    },
};

fn check(name: &str, value: Value) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/generated").join(name);
    let text = serde_json::to_string_pretty(&value).expect("json") + "\n";
    if std::env::var_os("LST_REGENERATE").is_some() {
        std::fs::write(&path, &text).expect("write");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        current,
        text,
        "{} is stale: run LST_REGENERATE=1 cargo test -p lst-sdk --test app_generated",
        path.display()
    );
}

/// Raw scores packed by the program, with their tiers.
fn score_vectors() -> Vec<Value> {
    [(500u16, 10_000u16, 12u16, 987_654u64), (0, 800, 64, 1_000_000), (10_000, 0, 0, 0)]
        .iter()
        .map(|&(commission, mev, age, ratio)| {
            json!({
                "commissionBps": commission, "mevCommissionBps": mev, "votingEpochs": age, "creditRatio": ratio,
                "raw": steward::score::pack(commission, mev, age, ratio).to_string(),
            })
        })
        .collect()
}

/// The SPL stake-pool wire format, from `lst-interface`.
fn spl_layout() -> Value {
    use lst_sdk::interface::{
        id,
        instruction::tag,
        seeds,
        stake_pool::{account_type, StakePoolPrefix, PREFIX_LEN},
        validator_list::{status, ValidatorListHeader, ValidatorStakeInfo, ENTRY_LEN, HEADER_LEN},
    };
    let seed = |s: &[u8]| String::from_utf8_lossy(s).into_owned();
    json!({
        "accountType": { "stakePool": account_type::STAKE_POOL, "validatorList": account_type::VALIDATOR_LIST },
        "stakePool": {
            "prefixLen": PREFIX_LEN,
            "manager": offset_of!(StakePoolPrefix, manager),
            "staker": offset_of!(StakePoolPrefix, staker),
            "stakeDepositAuthority": offset_of!(StakePoolPrefix, stake_deposit_authority),
            "stakeWithdrawBumpSeed": offset_of!(StakePoolPrefix, stake_withdraw_bump_seed),
            "validatorList": offset_of!(StakePoolPrefix, validator_list),
            "reserveStake": offset_of!(StakePoolPrefix, reserve_stake),
            "poolMint": offset_of!(StakePoolPrefix, pool_mint),
            "managerFeeAccount": offset_of!(StakePoolPrefix, manager_fee_account),
            "tokenProgramId": offset_of!(StakePoolPrefix, token_program_id),
            "totalLamports": offset_of!(StakePoolPrefix, total_lamports),
            "poolTokenSupply": offset_of!(StakePoolPrefix, pool_token_supply),
            "lastUpdateEpoch": offset_of!(StakePoolPrefix, last_update_epoch),
            "lockup": offset_of!(StakePoolPrefix, lockup),
            "epochFee": offset_of!(StakePoolPrefix, epoch_fee),
        },
        "validatorList": {
            "headerLen": HEADER_LEN,
            "entryLen": ENTRY_LEN,
            "maxValidators": offset_of!(ValidatorListHeader, max_validators),
            "len": offset_of!(ValidatorListHeader, len),
            "entry": {
                "activeStakeLamports": offset_of!(ValidatorStakeInfo, active_stake_lamports),
                "transientStakeLamports": offset_of!(ValidatorStakeInfo, transient_stake_lamports),
                "lastUpdateEpoch": offset_of!(ValidatorStakeInfo, last_update_epoch),
                "transientSeedSuffix": offset_of!(ValidatorStakeInfo, transient_seed_suffix),
                "validatorSeedSuffix": offset_of!(ValidatorStakeInfo, validator_seed_suffix),
                "status": offset_of!(ValidatorStakeInfo, status),
                "voteAccountAddress": offset_of!(ValidatorStakeInfo, vote_account_address),
            },
            "status": {
                "active": status::ACTIVE, "deactivatingTransient": status::DEACTIVATING_TRANSIENT,
                "readyForRemoval": status::READY_FOR_REMOVAL, "deactivatingValidator": status::DEACTIVATING_VALIDATOR,
                "deactivatingAll": status::DEACTIVATING_ALL,
            },
        },
        "seeds": {
            "withdrawAuthority": seed(seeds::WITHDRAW_AUTHORITY), "depositAuthority": seed(seeds::DEPOSIT_AUTHORITY),
            "transientStake": seed(seeds::TRANSIENT_STAKE), "ephemeralStake": seed(seeds::EPHEMERAL_STAKE),
        },
        "tags": {
            "depositSol": tag::DEPOSIT_SOL, "withdrawSol": tag::WITHDRAW_SOL, "depositStake": tag::DEPOSIT_STAKE,
            "withdrawStake": tag::WITHDRAW_STAKE, "depositSolWithSlippage": tag::DEPOSIT_SOL_WITH_SLIPPAGE,
            "withdrawSolWithSlippage": tag::WITHDRAW_SOL_WITH_SLIPPAGE,
            "depositStakeWithSlippage": tag::DEPOSIT_STAKE_WITH_SLIPPAGE,
            "withdrawStakeWithSlippage": tag::WITHDRAW_STAKE_WITH_SLIPPAGE,
        },
        "ids": {
            "stakeProgram": id::STAKE_PROGRAM.to_string(), "systemProgram": id::SYSTEM_PROGRAM.to_string(),
            "tokenProgram": id::TOKEN_PROGRAM.to_string(), "token2022Program": id::TOKEN_2022_PROGRAM.to_string(), "clockSysvar": id::CLOCK_SYSVAR.to_string(),
            "stakeHistorySysvar": id::STAKE_HISTORY_SYSVAR.to_string(), "rentSysvar": id::RENT_SYSVAR.to_string(),
        },
        "stakeAccountLen": lst_sdk::interface::stake::ACCOUNT_LEN,
    })
}

#[test]
fn layout_is_current() {
    check(
        "layout.json",
        json!({
            "stakePoolProgram": stake_pool::ID.to_string(),
            "spl": spl_layout(),
            "stewardProgram": steward::ID.to_string(),
            "bonds": {
                "program": bonds::ID.to_string(),
                "seeds": {
                    "config": String::from_utf8_lossy(bonds::constants::CONFIG_SEED),
                    "bond": String::from_utf8_lossy(bonds::constants::BOND_SEED),
                    "insurance": String::from_utf8_lossy(bonds::constants::INSURANCE_SEED),
                },
                "discriminator": 8,
                "bondLen": bonds::state::len::BOND,
                "bond": {
                    "withdrawRequestLamports": offset_of!(bonds::state::Bond, withdraw_request_lamports),
                    "stakeLamports": offset_of!(bonds::state::Bond, stake_lamports),
                    "owedLamports": offset_of!(bonds::state::Bond, owed_lamports),
                    "settledLamports": offset_of!(bonds::state::Bond, settled_lamports),
                    "shortfallLamports": offset_of!(bonds::state::Bond, shortfall_lamports),
                },
                "insurance": {
                    "capLamportsPerEpoch": offset_of!(bonds::state::Insurance, cap_lamports_per_epoch),
                    "coveredLamports": offset_of!(bonds::state::Insurance, covered_lamports),
                },
            },
            "stewardState": {
                "discriminator": 8,
                "headerLen": HEADER_LEN,
                "slotLen": SLOT_LEN,
                "header": {
                    "maintenanceEpoch": offset_of!(StewardState, maintenance_epoch),
                    "lastCycleEpoch": offset_of!(StewardState, last_cycle_epoch),
                    "rebalanceEpoch": offset_of!(StewardState, rebalance_epoch),
                    "numValidators": offset_of!(StewardState, num_validators),
                    "delegatedCount": offset_of!(StewardState, delegated_count),
                    "tag": offset_of!(StewardState, tag),
                },
                "slot": {
                    "voteAccount": offset_of!(ValidatorSlot, vote_account),
                    "rawScore": offset_of!(ValidatorSlot, raw_score),
                    "score": offset_of!(ValidatorSlot, score),
                    "filtersFailed": offset_of!(ValidatorSlot, filters_failed),
                    "flags": offset_of!(ValidatorSlot, flags),
                    "instantReasons": offset_of!(ValidatorSlot, instant_reasons),
                },
            },
            "config": {
                "discriminator": 8,
                "state": offset_of!(Config, state),
                "parameters": offset_of!(Config, parameters),
                "paused": offset_of!(Config, paused),
            },
            "parameters": {
                "commissionThresholdBps": offset_of!(Parameters, commission_threshold_bps),
                "mevCommissionThresholdBps": offset_of!(Parameters, mev_commission_threshold_bps),
                "historicalCommissionCeilingBps": offset_of!(Parameters, historical_commission_ceiling_bps),
                "scoringDelinquencyRatioBps": offset_of!(Parameters, scoring_delinquency_ratio_bps),
                "numDelegationValidators": offset_of!(Parameters, num_delegation_validators),
                "epochsPerCycle": offset_of!(Parameters, epochs_per_cycle),
                "minimumBondBps": offset_of!(Parameters, minimum_bond_bps),
            },
            "flags": { "scored": flag::SCORED, "delegated": flag::DELEGATED, "instantUnstake": flag::INSTANT_UNSTAKE, "removing": flag::REMOVING },
            "filters": {
                "mevClient": filter::MEV_CLIENT, "mevCommission": filter::MEV_COMMISSION, "commission": filter::COMMISSION,
                "historicalCommission": filter::HISTORICAL_COMMISSION, "blacklist": filter::BLACKLIST,
                "superminority": filter::SUPERMINORITY, "delinquency": filter::DELINQUENCY,
                "voteClosed": filter::VOTE_CLOSED, "bond": filter::BOND,
            },
            "instant": {
                "delinquent": instant::DELINQUENT, "commission": instant::COMMISSION, "mevCommission": instant::MEV_COMMISSION,
                "blacklist": instant::BLACKLIST, "voteClosed": instant::VOTE_CLOSED, "bond": instant::BOND,
            },
            "score": {
                "commissionShift": steward::score::COMMISSION_SHIFT,
                "mevCommissionShift": steward::score::MEV_COMMISSION_SHIFT,
                "ageShift": steward::score::AGE_SHIFT,
                "creditRatioOne": steward::score::CREDIT_RATIO_ONE,
                "creditsPerSlot": steward::constants::CREDITS_PER_SLOT,
                // Raw scores the program packs, for the app's decoder to read back.
                "vectors": score_vectors(),
            },
            "stateTags": ["Idle", "ComputeScores", "ComputeDelegations", "ComputeInstantUnstake", "Rebalance"],
            "governance": {
                "seeds": {
                    "governance": lst_sdk::governance::GOVERNANCE_SEED,
                    "nativeTreasury": lst_sdk::governance::NATIVE_TREASURY_SEED,
                },
                "proposalStates": ProposalState::ALL.map(ProposalState::name),
            },
        }),
    );
}

#[test]
fn quote_vectors_are_current() {
    use stake_pool::{math, state::Fee};
    let pools = [
        (0u64, 0u64),
        (1_000_000_000, 1_000_000_000),
        (3_700_000_000_123, 3_688_000_000_000),
        (5, 3),
        (10_000_000_000_000_000, 9_999_999_999_999_991),
    ];
    let amounts = [1u64, 7, 999_999, 1_000_000_000, 123_456_789_012, 5_000_000_000_000];
    let fees = [(0u64, 0u64), (1, 1_000), (5, 100), (3, 7)];
    let mut deposits = Vec::new();
    let mut withdrawals = Vec::new();
    for (total, supply) in pools {
        for amount in amounts {
            for (numerator, denominator) in fees {
                let fee = Fee { numerator, denominator };
                for referral in [0u8, 25, 100] {
                    if let Some(split) = math::split_deposit(total, supply, amount, &fee, referral) {
                        deposits.push(json!({ "total": total.to_string(), "supply": supply.to_string(), "lamports": amount.to_string(),
                            "fee": [numerator.to_string(), denominator.to_string()], "referral": referral,
                            "user": split.user.to_string(), "manager": split.manager.to_string(), "referrer": split.referrer.to_string() }));
                    }
                }
                if supply > 0 && amount <= supply {
                    if let Some(split) = math::split_withdrawal(total, supply, amount, &fee, true) {
                        withdrawals.push(json!({ "total": total.to_string(), "supply": supply.to_string(), "poolTokens": amount.to_string(),
                            "fee": [numerator.to_string(), denominator.to_string()],
                            "feeTokens": split.fee.to_string(), "lamports": split.lamports.to_string() }));
                    }
                }
            }
        }
    }
    check("quote-vectors.json", json!({ "deposits": deposits, "withdrawals": withdrawals }));
}
