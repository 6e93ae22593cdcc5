//! The same steward drives our stake-pool program and the upstream SPL program through full cycles,
//! with identical delegation results.

use {
    lst_tests::{
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture},
        steward::{new_validators, run_epoch, test_parameters, tips_of, StewardPool},
    },
    steward::state::Parameters,
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn same_delegations_on_our_pool_and_upstream() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 1, 3, 8, 2]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params =
        Parameters { num_delegation_validators: 3, scoring_unstake_cap_bps: 800, ..test_parameters() };
    let stakes = vec![40 * SOL; votes.len()];
    let programs = [stake_pool_program_id(), upstream_program_id()];
    let pools = StewardPool::twins(&mut fx, &programs, &votes, 400 * SOL, &stakes, params).await;
    let (ours, theirs) = (&pools[0], &pools[1]);
    let credits: Vec<_> = votes.iter().map(|v| (*v, 1_000)).collect();
    let tips = tips_of(&validators, 300, &[4]);

    for _ in 0..4 {
        let epoch = fx.epoch().await;
        run_epoch(&mut fx, &[ours, theirs], epoch, &credits, &tips).await;
        assert_eq!(ours.stakes(&mut fx).await, theirs.stakes(&mut fx).await);
        let (a, b) = (ours.state(&mut fx).await, theirs.state(&mut fx).await);
        let flags = |s: &lst_sdk::steward::StewardStateView| {
            s.slots.iter().map(|x| (x.score, x.flags, x.snapshot_lamports)).collect::<Vec<_>>()
        };
        assert_eq!(flags(&a), flags(&b));
        fx.next_epoch().await;
    }
    let stakes = ours.stakes(&mut fx).await;
    assert!(
        stakes[3].1 < 41 * SOL && stakes[4].1 < 41 * SOL,
        "the commission and MEV-less validators lose stake"
    );
    assert!(stakes[0].1 > 41 * SOL, "the best validator gains stake");
}
