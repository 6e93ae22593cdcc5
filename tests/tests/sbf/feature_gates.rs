//! The chain as it is now, and as it was. The bank's stake program is v5.1, whose minimum delegation
//! is 1 SOL (SIMD-0490); before v5 it was 1 lamport (the stake program 4.0.0, built from its published
//! crate by `scripts/build-sbf.sh`, loaded in its place). The old feature gate
//! `stake_raise_minimum_delegation_to_1_sol` no longer decides anything: the stake program is an SBF
//! program that reads no feature, so turning the gate off changes nothing. Under each, both pools
//! keep the same floor (the stake program's minimum, at least 0.001 SOL, plus rent), refuse the same
//! moves below it, accept the same moves at it, and stay byte-identical.
//!
//! Then every gate this runtime (Agave 4.2.2) still reads that changes how stake is valued or earns
//! is turned off on its own, and the ten-validator, six-epoch scenario of `compat::epochs` (rewards,
//! tips, the whole crank, increases, decreases, stake in and out, a removal) runs on both pools: they
//! stay byte-identical under each. The pools read no feature; what a gate changes is what the runtime
//! writes (the stake history's warmup rate, how stake is valued, how rewards are split), and each test
//! prints the pool's final total: in this bank none of them changes it (commissions stay put and
//! epochs are short, so inflation rewards are tens of lamports). The warmup gate is also run with an
//! activation large enough for the rate to matter, where it does (the last test).

use {
    crate::compat::parity::Pair,
    lst_sdk::{
        crank::{update_pool, CrankReport},
        steward::StewardAddresses,
    },
    lst_tests::{
        fixture::{BankOptions, TestFixture, TxError},
        pool::{Decrease, PoolConfig, TestPool},
        steward::BankChain,
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
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
    let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
    let mut floors = Vec::new();
    for pool in &pair.pools {
        let add = pool.add_validator_ix(&pool.staker.pubkey(), &vote, None);
        fx.process(&[add], &[&pool.staker]).await.expect("validator added");
        floors.push(fx.lamports(&pool.validator_stake(&vote, None)).await - rent);
    }
    assert_eq!(floors[0], floors[1], "the floor a validator starts with");
    let floor = floors[0];
    pair.assert_same(&mut fx, "validator added").await;

    let both = async |fx: &mut TestFixture,
                      what: &str,
                      build: &dyn Fn(&TestPool) -> solana_instruction::Instruction| {
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
    assert_eq!(boundaries(BankOptions::before_stake_v5()).await, MINIMUM_ACTIVE_STAKE);
}

/// Both pools through six epochs in a bank set up by `options` (byte-identical after every step).
async fn six_epochs(what: &str, options: BankOptions) {
    let mut fx = TestFixture::with(options).await;
    let (total, supply) = crate::compat::epochs::ten_validators_over_six_epochs(&mut fx).await;
    eprintln!("{what}: total lamports {total}, pool tokens {supply}");
}

/// Six epochs with one gate off.
async fn six_epochs_without(gate: Pubkey, what: &str) {
    six_epochs(what, BankOptions { features_off: vec![gate], ..BankOptions::default() }).await;
}

/// Off: the runtime values stake in floating point, as before v5.1's fixed-point math.
#[tokio::test]
async fn six_epochs_with_floating_point_stake_math() {
    let gate = agave_feature_set::upgrade_bpf_stake_program_to_v5_1::id();
    six_epochs_without(gate, "upgrade_bpf_stake_program_to_v5_1 off").await;
}

/// Off: the stake history the runtime writes warms and cools stake at 25 % an epoch, not 9 %.
#[tokio::test]
async fn six_epochs_with_the_old_warmup_rate() {
    let gate = agave_feature_set::reduce_stake_warmup_cooldown::id();
    six_epochs_without(gate, "reduce_stake_warmup_cooldown off").await;
}

/// Off: rewards use the commission of the rewarded epoch, not the one set an epoch before.
#[tokio::test]
async fn six_epochs_with_commission_applied_at_once() {
    let gate = agave_feature_set::delay_commission_updates::id();
    six_epochs_without(gate, "delay_commission_updates off").await;
}

/// Off: the inflation commission is whole percent, not basis points.
#[tokio::test]
async fn six_epochs_with_percent_commission() {
    let gate = agave_feature_set::commission_rate_in_basis_points::id();
    six_epochs_without(gate, "commission_rate_in_basis_points off").await;
}

/// Off: commissions go to the vote account, not to a collector the validator names.
#[tokio::test]
async fn six_epochs_without_commission_collectors() {
    let gate = agave_feature_set::custom_commission_collector::id();
    six_epochs_without(gate, "custom_commission_collector off").await;
}

/// Off: block fees are not shared with stakers through the epoch-rewards account.
#[tokio::test]
async fn six_epochs_without_block_revenue_sharing() {
    let gate = agave_feature_set::block_revenue_sharing::id();
    six_epochs_without(gate, "block_revenue_sharing off").await;
}

/// A pool's validator stake after a crank: (active, transient) lamports of its list entry.
async fn entry(fx: &mut TestFixture, pool: &TestPool, vote: &Pubkey) -> (u64, u64) {
    let list = pool.validator_list(fx).await;
    let entry = list.find(vote).expect("listed");
    (entry.active_stake_lamports.into(), entry.transient_stake_lamports.into())
}

/// The sdk's crank of the pool (what `lst crank` and the keeper run) on `pool`.
async fn sdk_crank(fx: &mut TestFixture, pool: &TestPool) -> Result<CrankReport, String> {
    let addresses = StewardAddresses::new(
        pool.program_id,
        pool.stake_pool.pubkey(),
        pool.validator_list.pubkey(),
        pool.reserve.pubkey(),
        Pubkey::default(),
    );
    let mut report = CrankReport::default();
    update_pool(&mut BankChain { fx }, &addresses, &mut report).await?;
    Ok(report)
}

/// 60,000 SOL per pool start activating at once: 120,000 SOL against the bank's 1,000,000 SOL of
/// effective stake, more than the 9 % the stake program lets activate in an epoch, so the transient
/// stake accounts are still partly activating at the next crank.
/// Returns, for each of five epochs, whether the merging crank was refused and validator A's (active,
/// transient) lamports after it.
async fn large_activation(options: BankOptions) -> Vec<(bool, u64, u64)> {
    let mut fx = TestFixture::with(options).await;
    let config =
        PoolConfig { reserve_extra_lamports: 70_000 * SOL, max_validators: 4, ..PoolConfig::default() };
    let pair = Pair::new(&mut fx, config, 1).await;
    let (a, b) = (fx.new_validator().await, fx.new_validator().await);
    for pool in &pair.pools {
        for vote in [&a, &b] {
            let add = pool.add_validator_ix(&pool.staker.pubkey(), vote, None);
            fx.process(&[add], &[&pool.staker]).await.expect("validator added");
        }
        let increases =
            [pool.increase_ix(&a, 50_000 * SOL, 0, None), pool.increase_ix(&b, 10_000 * SOL, 0, None)];
        fx.process(&increases, &[&pool.staker]).await.expect("increases");
    }
    pair.assert_same(&mut fx, "increases").await;
    let mut seen = Vec::new();
    let refused = solana_stake_interface::error::StakeError::MergeTransientStake as u32;
    for epoch in 0..5 {
        fx.next_epoch().await;
        // The crank as upstream's client builds it merges every transient account it finds active.
        let mut cranks = Vec::new();
        for pool in &pair.pools {
            cranks.push(pool.update_all(&mut fx).await);
        }
        assert_eq!(cranks[0], cranks[1], "crank {epoch}: ours vs upstream");
        if cranks[0].is_err() {
            // Both programs ask the stake program to merge a partly active transient stake, which it
            // refuses: the whole list update fails, and with SPL's client the pool stays stale.
            assert_eq!(cranks[0], Err(TxError::Instruction(0, InstructionError::Custom(refused))));
            // Our sdk's crank updates without merging where a merge fails: the pool stays usable.
            for pool in &pair.pools {
                let report = sdk_crank(&mut fx, pool).await.expect("sdk crank");
                assert!(report.skipped.iter().any(|s| s.validator == a), "{report:?}");
            }
        }
        pair.assert_same(&mut fx, &format!("crank {epoch}")).await;
        // Users come and go while stake is still warming up.
        pair.deposit_sol(&mut fx, 0, 10 * SOL + epoch, None).await.expect("deposit");
        pair.withdraw_sol(&mut fx, 0, 5 * SOL, None).await.expect("withdrawal");
        pair.assert_same(&mut fx, &format!("flows {epoch}")).await;
        let (active, transient) = entry(&mut fx, &pair.pools[0], &a).await;
        seen.push((cranks[0].is_err(), active, transient));
    }
    seen
}

/// Both pools follow the stake program's partly active transient stake through each crank alike.
/// With the gate `reduce_stake_warmup_cooldown` on (the chain as it is), the stake is partly active
/// after one epoch and merged at the next crank. Off, the runtime writes the stake history at the old
/// 25 % rate while the stake program (an SBF program that reads no feature) computes at 9 %: the
/// transient stake is not mergeable within five epochs. Both pools agree throughout, and the sdk's
/// crank keeps them usable every epoch.
#[tokio::test]
async fn a_warmup_capped_activation_is_followed_alike_with_the_gate_on_or_off() {
    let on = large_activation(BankOptions::default()).await;
    let gate = agave_feature_set::reduce_stake_warmup_cooldown::id();
    let off = large_activation(BankOptions { features_off: vec![gate], ..BankOptions::default() }).await;
    eprintln!("per epoch (merge refused, validator A active, transient), gate on: {on:?}; off: {off:?}");
    assert!(on[0].0 && on[0].2 > 0, "after one epoch the stake is partly active: {on:?}");
    assert_eq!(on[1], (false, on[1].1, 0), "the next crank merged it: {on:?}");
    assert!(off.iter().all(|&(refused, _, transient)| refused && transient > 0), "{off:?}");
}
