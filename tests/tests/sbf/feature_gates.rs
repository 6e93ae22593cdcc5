//! The chain as it is now, and as it was. The bank's stake program is v5.1, whose minimum delegation
//! is 1 SOL (SIMD-0490); before v5 it was 1 lamport (the stake program 4.0.0, built from its published
//! crate by `scripts/build-sbf.sh`, loaded in its place). The old feature gate
//! `stake_raise_minimum_delegation_to_1_sol` no longer decides anything: the stake program is an SBF
//! program that reads no feature, so turning the gate off changes nothing. Under each, both pools
//! keep the same floor (the stake program's minimum, at least 0.001 SOL, plus rent), refuse the same
//! moves below it, accept the same moves at it, and stay byte-identical.

use {
    crate::compat::parity::Pair,
    lst_tests::{
        fixture::{sbf_out_dir, BankOptions, TestFixture},
        pool::{Decrease, PoolConfig},
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
};

const SOL: u64 = 1_000_000_000;
/// SPL's floor under any validator stake (`MINIMUM_ACTIVE_STAKE`).
const MINIMUM_ACTIVE_STAKE: u64 = 1_000_000;

/// One boundary scenario on both pools in a bank set up by `options`; returns the floor the pools
/// kept (validator stake above rent).
async fn boundaries(options: BankOptions) -> u64 {
    let mut fx = TestFixture::with(options).await;
    let config = PoolConfig { reserve_extra_lamports: 20 * SOL, max_validators: 4, ..PoolConfig::default() };
    let pair = Pair::new(&mut fx, config, 1).await;
    let vote = fx.new_validator().await;
    let rent = fx.rent_exempt(200).await;
    let mut floors = Vec::new();
    for pool in &pair.pools {
        let add = pool.add_validator_ix(&pool.staker.pubkey(), &vote, None);
        fx.process(&[add], &[&pool.staker]).await.expect("validator added");
        floors.push(fx.lamports(&pool.validator_stake(&vote, None)).await - rent);
    }
    assert_eq!(floors[0], floors[1], "the floor a validator starts with");
    let floor = floors[0];
    pair.assert_same(&mut fx, "validator added").await;

    let both =
        async |fx: &mut TestFixture,
               what: &str,
               build: &dyn Fn(&lst_tests::pool::TestPool) -> solana_instruction::Instruction| {
            let mut outcomes = Vec::new();
            for pool in &pair.pools {
                let staker: &Keypair = &pool.staker;
                outcomes.push(fx.process(&[build(pool)], &[staker]).await.map(|_| ()));
            }
            assert_eq!(outcomes[0], outcomes[1], "{what}: ours vs upstream");
            pair.assert_same(fx, what).await;
            outcomes.remove(0)
        };
    // A transient account below the floor is refused; at the floor it is made.
    let below =
        both(&mut fx, "increase below the floor", &|p| p.increase_ix(&vote, floor - 1, 0, None)).await;
    assert!(below.is_err(), "{below:?}");
    let at = both(&mut fx, "increase at the floor", &|p| p.increase_ix(&vote, floor, 0, None)).await;
    assert_eq!(at, Ok(()));
    fx.next_epoch().await;
    for pool in &pair.pools {
        pool.update_all(&mut fx).await.expect("crank");
    }
    pair.assert_same(&mut fx, "crank").await;
    // Taking stake out must leave the floor behind and move at least the floor.
    let too_much = both(&mut fx, "decrease below the floor", &|p| {
        p.decrease_ix(&vote, floor + 1, 1, Decrease::WithReserve)
    })
    .await;
    assert!(too_much.is_err(), "{too_much:?}");
    let too_little = both(&mut fx, "decrease under the floor", &|p| {
        p.decrease_ix(&vote, floor - 1, 1, Decrease::WithReserve)
    })
    .await;
    assert!(too_little.is_err(), "{too_little:?}");
    let exact =
        both(&mut fx, "decrease of the floor", &|p| p.decrease_ix(&vote, floor, 1, Decrease::WithReserve))
            .await;
    assert_eq!(exact, Ok(()));
    floor
}

#[tokio::test]
async fn the_banks_stake_program_keeps_a_one_sol_floor() {
    assert_eq!(boundaries(BankOptions::default()).await, SOL);
}

#[tokio::test]
async fn the_old_gate_no_longer_decides_the_minimum() {
    let gate = agave_feature_set::stake_raise_minimum_delegation_to_1_sol::id();
    let options = BankOptions { features_off: vec![gate], ..BankOptions::default() };
    assert_eq!(boundaries(options).await, SOL);
}

#[tokio::test]
async fn before_v5_the_floor_is_the_pools_own() {
    let elf = std::fs::read(sbf_out_dir().join("solana_stake_program_v4.so"))
        .expect("solana_stake_program_v4.so: run scripts/build-sbf.sh");
    let options = BankOptions { stake_program: Some(elf), ..BankOptions::default() };
    assert_eq!(boundaries(options).await, MINIMUM_ACTIVE_STAKE);
}
