//! A full crank cycle through the sdk's one call: pool update, history copies, maintenance, scores,
//! delegations, instant unstake and rebalance.

use {
    lst_sdk::steward::flag,
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{mev, new_validators, test_parameters, warp_to_progress, StewardPool},
    },
    steward::state::filter,
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn one_call_runs_a_whole_cycle() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 2, 4, 10]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new(&mut fx, stake_pool_program_id(), &votes, 1_000 * SOL, test_parameters()).await;

    let epoch = fx.epoch().await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    let oracle: Vec<_> = votes.iter().map(|v| (*v, mev(500, 10 * SOL))).collect();
    sp.oracle(&mut fx, epoch, &oracle).await;

    warp_to_progress(&mut fx, epoch + 1, 5_000).await;
    sp.oracle(&mut fx, epoch + 1, &oracle).await;
    let report = sp.crank(&mut fx).await.expect("crank at 50%");
    println!("{report:#?}");
    let state = sp.state(&mut fx).await;
    for (i, slot) in state.slots.iter().enumerate() {
        println!(
            "{i}: raw {:x} score {:x} failed {:b} flags {:b}",
            slot.raw_score, slot.score, slot.filters_failed, slot.flags
        );
    }
    assert_eq!(state.slots[3].filters_failed, filter::COMMISSION);
    assert_eq!(state.header.delegated_count, 3);
    assert!(state.slots[..3].iter().all(|s| s.flags & flag::DELEGATED != 0));

    warp_to_progress(&mut fx, epoch + 1, 9_000).await;
    let report = sp.crank(&mut fx).await.expect("crank at 90%");
    println!("{report:#?}");
    let stakes = sp.stakes(&mut fx).await;
    println!("{stakes:#?}");
    assert!(stakes[..3].iter().all(|(_, _, transient)| *transient > 0));
    assert_eq!(stakes[3].2, 0);
}
