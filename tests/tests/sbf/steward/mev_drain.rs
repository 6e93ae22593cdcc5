//! SPEC §4 scenario 5: a validator without the MEV client scores 0 and is drained over the next
//! cycles, never faster than the scoring cap allows.

use {
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
    },
    steward::state::{filter, flag, Parameters},
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn validator_without_mev_client_is_drained_within_the_cap() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    // 3 % of the pool per cycle, one-epoch cycles: 100 SOL takes four cycles to drain.
    let params = Parameters { scoring_unstake_cap_bps: 300, ..test_parameters() };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 1_000 * SOL, 100 * SOL, params)
            .await;
    let drained = 3;
    let tips = tips_of(&validators, 500, &[drained]);
    let stake_rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;

    let mut decreases = Vec::new();
    let mut minimum_active = 0;
    for _cycle in 0..6 {
        let epoch = fx.epoch().await;
        for vote in &votes {
            fx.credit_votes(vote, 1_000);
        }
        open_tips(&mut fx, &tips).await;
        warp_to_progress(&mut fx, epoch, 5_000).await;
        sp.crank(&mut fx).await.expect("scoring crank");

        let state = sp.state(&mut fx).await;
        assert_eq!(state.slots[drained].score, 0);
        // No MEV data at all: no MEV client, and an unknown MEV commission counts as the worst.
        assert_eq!(state.slots[drained].filters_failed, filter::MEV_CLIENT | filter::MEV_COMMISSION);
        assert_eq!(state.slots[drained].flags & flag::DELEGATED, 0);
        assert!(state.slots.iter().enumerate().all(|(i, s)| i == drained || s.flags & flag::DELEGATED != 0));
        let cap = sp.pool.state(&mut fx).await.total_lamports * 300 / 10_000;
        let before = sp.stakes(&mut fx).await;

        warp_to_progress(&mut fx, epoch, 9_000).await;
        sp.crank(&mut fx).await.expect("rebalance crank");
        let after = sp.stakes(&mut fx).await;

        // The pool keeps rent plus the stake program's minimum delegation (at least 0.001 SOL).
        let header = sp.state(&mut fx).await.header;
        let minimum_move = header.snapshot_minimum_move;
        assert!(minimum_move >= 1_000_000);
        minimum_active = stake_rent + minimum_move;
        // What the validator earned since the last move counts as a deposit (its own cap); the rest
        // of its excess is drained within the scoring cap.
        let excess = before[drained].1 - minimum_active;
        let deposit = header.deposit_unstaked;
        let scoring = cap.min(excess - deposit);
        let expected = if scoring + deposit >= minimum_move { scoring + deposit } else { 0 };
        assert_eq!(before[drained].1 - after[drained].1, expected, "decrease is min(cap, excess)");
        assert_eq!(header.scoring_unstaked, if expected > 0 { scoring } else { 0 });
        for i in (0..votes.len()).filter(|i| *i != drained) {
            assert!(after[i].1 >= before[i].1, "validators with the MEV client are never decreased");
        }
        decreases.push(expected);
        fx.next_epoch().await;
    }
    // Capped cycles (30 SOL of the 99 movable), then the remainder, then nothing.
    assert!(decreases[..3].iter().all(|d| *d > 0));
    assert_eq!(*decreases.last().unwrap(), 0);
    // What is left is the pool's floor plus rewards earned since: less than one movable amount.
    sp.crank(&mut fx).await.expect("update");
    let left = sp.stakes(&mut fx).await[drained].1;
    let minimum_move = minimum_active - stake_rent;
    assert!(left >= minimum_active && left - minimum_active < minimum_move, "left {left}");
}
