//! A full crank cycle through the sdk's one call: pool update, history copies, maintenance, scores,
//! delegations, instant unstake and rebalance.

use {
    lst_sdk::steward::flag,
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
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
    open_tips(&mut fx, &tips_of(&validators, 500, &[])).await;

    warp_to_progress(&mut fx, epoch + 1, 5_000).await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips_of(&validators, 500, &[])).await;
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

/// A validator whose transient stake is still activating is skipped; the others are served.
#[tokio::test]
async fn pending_transients_are_skipped() {
    use {
        lst_tests::{
            pool::{PoolConfig, TestPool},
            steward::CU_LIMIT,
        },
        solana_compute_budget_interface::ComputeBudgetInstruction,
        solana_keypair::Keypair,
        solana_signer::Signer,
    };
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let config = PoolConfig { reserve_extra_lamports: 300 * SOL, ..PoolConfig::default() };
    let pool = TestPool::new(stake_pool_program_id(), config, &Keypair::new(), &Keypair::new());
    pool.create(&mut fx).await.expect("pool");
    let mut ixs = vec![ComputeBudgetInstruction::set_compute_unit_limit(CU_LIMIT)];
    ixs.extend(votes.iter().map(|v| pool.add_validator_ix(&pool.staker.pubkey(), v, None)));
    fx.process(&ixs, &[&pool.staker]).await.expect("validators");
    // The validators voted in the epoch before.
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    fx.next_epoch().await;
    pool.update_all(&mut fx).await.expect("update");
    // The previous staker's increase is still activating when the steward takes over.
    fx.process(&[pool.increase_ix(&votes[0], 5 * SOL, 0, None)], &[&pool.staker]).await.expect("increase");
    let sp = StewardPool::hand_over(&mut fx, pool, test_parameters()).await.expect("steward");

    let epoch = fx.epoch().await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips_of(&validators, 0, &[])).await;
    warp_to_progress(&mut fx, epoch, 9_500).await;
    let before = sp.stakes(&mut fx).await;
    assert!(before[0].2 > 0);
    sp.crank(&mut fx).await.expect("cycle");
    let after = sp.stakes(&mut fx).await;
    let state = sp.state(&mut fx).await;
    assert!(state.slots.iter().all(|s| s.flags & flag::DELEGATED != 0 && s.flags & flag::REBALANCED != 0));
    assert_eq!(after[0], before[0], "pending transient: skipped");
    assert!(after[1].2 > 0 && after[2].2 > 0, "the others are increased");
}

/// A validator whose vote account closed is removed by the crank and does not block the cycle.
#[tokio::test]
async fn closed_vote_account_does_not_block_the_cycle() {
    use {solana_signer::Signer, solana_vote_interface::instruction as vote_instruction};
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new(&mut fx, stake_pool_program_id(), &votes, 100 * SOL, test_parameters()).await;
    // Validator 2 stops voting; a vote account closes only after a whole epoch without credits.
    fx.credit_votes(&votes[0], 1_000);
    fx.credit_votes(&votes[1], 1_000);
    fx.next_epoch().await;
    let (identity, closing) = (&validators[2].0, votes[2]);
    let all = fx.lamports(&closing).await;
    let close = vote_instruction::withdraw(&closing, &identity.pubkey(), all, &identity.pubkey());
    fx.process(&[close], &[identity]).await.expect("vote account closed");

    let epoch = fx.epoch().await;
    fx.credit_votes(&votes[0], 1_000);
    fx.credit_votes(&votes[1], 1_000);
    open_tips(&mut fx, &tips_of(&validators, 0, &[2])).await;
    warp_to_progress(&mut fx, epoch, 9_500).await;
    let report = sp.crank(&mut fx).await.expect("the cycle completes");
    assert!(report.step("remove closed or deactivated validators").is_some());
    let state = sp.state(&mut fx).await;
    assert!(state.slots[2].flags & flag::REMOVING != 0 && state.slots[2].score == 0);
    assert_eq!(state.header.delegated_count, 2);
    assert!(state.slots.iter().all(|s| s.flags & flag::SCORED != 0 && s.flags & flag::REBALANCED != 0));
}
