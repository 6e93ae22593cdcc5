//! A 1,000-validator pool completes a whole steward cycle: maintenance, scores, delegations,
//! instant unstake and rebalance. Prints transactions and compute units per step.

use {
    lst_sdk::steward::flag,
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{large_cycle, print_steps},
    },
    steward::state::StateTag,
};

#[tokio::test]
async fn a_thousand_validators_complete_a_cycle() {
    cycle_of(1_000).await;
}

#[tokio::test]
async fn five_thousand_validators_complete_a_cycle() {
    cycle_of(5_000).await;
}

async fn cycle_of(n: usize) {
    let mut fx = TestFixture::new().await;
    let (sp, mid, late) = large_cycle(&mut fx, stake_pool_program_id(), n).await;
    print_steps(&[&mid, &late]);

    let state = sp.state(&mut fx).await;
    assert_eq!(state.slots.len(), n);
    assert_eq!(state.tag(), Some(StateTag::Idle));
    assert_eq!(state.header.rebalance_epoch, fx.epoch().await);
    assert!(state.slots.iter().all(|s| s.flags & flag::SCORED != 0 && s.flags & flag::REBALANCED != 0));
    assert_eq!(state.header.delegated_count as usize, n * 2 / 5);
    // Validators without the MEV client (every tenth) never receive delegation.
    assert!(state.slots.iter().skip(9).step_by(10).all(|s| s.score == 0 && s.flags & flag::DELEGATED == 0));
    for step in ["compute scores", "compute instant unstake", "rebalance"] {
        let report = mid.step(step).or(late.step(step)).expect(step);
        assert_eq!(report.validators, n, "{step} handled every validator");
    }
    // The reserve cannot cover every target at once (targets share the whole pool): increases
    // went to delegated validators only, best scores first.
    let stakes = sp.stakes(&mut fx).await;
    let increased: Vec<_> = (0..n).filter(|i| stakes[*i].2 > 0).collect();
    assert!(increased.len() > n * 3 / 10, "most of the delegated validators were increased");
    assert!(increased.iter().all(|i| state.slots[*i].flags & flag::DELEGATED != 0));
    let lowest_served = increased.iter().map(|i| state.slots[*i].score).min().unwrap();
    let best_unserved = (0..n)
        .filter(|i| state.slots[*i].flags & flag::DELEGATED != 0 && stakes[*i].2 == 0)
        .map(|i| state.slots[i].score)
        .max()
        .unwrap_or(0);
    assert!(lowest_served >= best_unserved);
}
