//! SPEC §4 scenario 7: rebalance results do not depend on the order validators are cranked in.
//! Two identical pools; one is rebalanced by the sdk in list order, the other one validator per
//! instruction in reverse order, with the unstake cap and the reserve both binding.

use {
    lst_sdk::steward::{copy_cluster_info, flag},
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
    },
    solana_signer::Signer,
    steward::state::Parameters,
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn rebalance_is_independent_of_crank_order() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 1, 2, 3, 4, 4]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params =
        Parameters { num_delegation_validators: 2, scoring_unstake_cap_bps: 500, ..test_parameters() };
    let program = stake_pool_program_id();
    let stakes = vec![50 * SOL; votes.len()];
    let pools = StewardPool::twins(&mut fx, &[program, program], &votes, 400 * SOL, &stakes, params).await;
    let (forward, backward) = (&pools[0], &pools[1]);

    let epoch = fx.epoch().await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips_of(&validators, 0, &[])).await;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    for sp in [forward, backward] {
        sp.crank(&mut fx).await.expect("scoring crank");
    }
    let before = forward.stakes(&mut fx).await;
    assert_eq!(before, backward.stakes(&mut fx).await);

    warp_to_progress(&mut fx, epoch, 9_000).await;
    forward.crank(&mut fx).await.expect("forward rebalance");

    // The other pool: instant-unstake check in one instruction, then one validator per rebalance,
    // last validator first.
    let a = &backward.addresses;
    backward.send(&mut fx, copy_cluster_info(&a.config), &[]).await.expect("cluster info");
    backward.send(&mut fx, a.compute_instant_unstake(epoch, 0, &votes), &[]).await.expect("instant unstake");
    let payer = fx.payer().pubkey();
    let list = backward.pool.validator_list(&mut fx).await;
    for i in (0..votes.len()).rev() {
        let entry = &list.validators[i];
        let ix = a.rebalance(
            &payer,
            i as u32,
            &[(entry.vote_account_address, 0, u64::from(entry.transient_seed_suffix))],
        );
        backward.send(&mut fx, ix, &[]).await.expect("one rebalance");
    }

    let after_forward = forward.stakes(&mut fx).await;
    let after_backward = backward.stakes(&mut fx).await;
    assert_eq!(after_forward, after_backward, "same moves whatever the order");

    // The cap bound: the decreases add up to exactly 5 % of the pool, not to every excess.
    let total = forward.pool.state(&mut fx).await.total_lamports;
    let decreased: u64 = before.iter().zip(&after_forward).map(|(b, a)| b.1.saturating_sub(a.1)).sum();
    assert_eq!(decreased, total * 500 / 10_000);
    // The two best (lowest commission) receive the delegation. The worst raw scores (4 % commission,
    // a tie broken by list index) are decreased first: the first of them takes the whole cap.
    let state = forward.state(&mut fx).await;
    assert!(state.slots[0].flags & flag::DELEGATED != 0 && state.slots[1].flags & flag::DELEGATED != 0);
    assert_eq!(state.slots[4].raw_score, state.slots[5].raw_score);
    assert_eq!(before[4].1 - after_forward[4].1, total * 500 / 10_000);
    for i in [0, 1, 2, 3, 5] {
        assert!(after_forward[i].1 >= before[i].1, "validator {i} is not decreased");
    }
}
