//! SPEC §4 scenario 6: a commission rug triggers instant unstake only once the epoch reaches the
//! instant-unstake progress point, and the decrease stays within the instant-unstake cap.

use {
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{code, new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
    },
    solana_signer::Signer,
    solana_vote_interface::instruction as vote_instruction,
    steward::{
        errors::StewardError,
        state::{flag, instant, Parameters},
    },
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn commission_rug_is_unstaked_after_the_progress_point() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters {
        num_delegation_validators: 4,
        epochs_per_cycle: 10,
        instant_unstake_cap_bps: 400,
        ..test_parameters()
    };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 500 * SOL, 100 * SOL, params).await;
    let tips = tips_of(&validators, 0, &[]);

    // Epoch E: the cycle is scored; nobody is instant-unstaked.
    let epoch = fx.epoch().await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips).await;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    sp.crank(&mut fx).await.expect("scoring");
    let cycle_base = sp.state(&mut fx).await.header.cycle_base_lamports;
    assert_eq!(cycle_base, sp.pool.state(&mut fx).await.total_lamports);
    warp_to_progress(&mut fx, epoch, 9_000).await;
    sp.crank(&mut fx).await.expect("rebalance");
    assert!(sp.state(&mut fx).await.slots.iter().all(|s| s.flags & flag::INSTANT_UNSTAKE == 0));

    // Epoch E+1: validator 2 raises its commission to 50 % early in the epoch.
    let epoch = epoch + 1;
    warp_to_progress(&mut fx, epoch, 1_000).await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips).await;
    let (identity, rugged) = (&validators[2].0, validators[2].1);
    let rug = vote_instruction::update_commission(&rugged, &identity.pubkey(), 50);
    fx.process(&[rug], &[identity]).await.expect("commission raised");

    // Mid-epoch: the crank updates and copies, but the instant-unstake step is not due yet.
    warp_to_progress(&mut fx, epoch, 6_000).await;
    sp.crank(&mut fx).await.expect("mid-epoch crank");
    let early =
        sp.send(&mut fx, sp.addresses.compute_instant_unstake(epoch, 0, &votes), &[]).await.unwrap_err();
    assert_eq!(early.custom_code(), Some(code(StewardError::EpochProgressNotReached)));
    assert!(sp.state(&mut fx).await.slots.iter().all(|s| s.flags & flag::INSTANT_UNSTAKE == 0));
    let before = sp.stakes(&mut fx).await;

    // At the progress point: instant unstake, within the cap of 4 % of the cycle's pool.
    warp_to_progress(&mut fx, epoch, 9_000).await;
    sp.crank(&mut fx).await.expect("late crank");
    let state = sp.state(&mut fx).await;
    assert_eq!(state.slots[2].instant_reasons, instant::COMMISSION);
    assert!(state.slots[2].flags & flag::INSTANT_UNSTAKE != 0);
    assert!(state.slots.iter().enumerate().all(|(i, s)| i == 2 || s.instant_reasons == 0));
    let after = sp.stakes(&mut fx).await;
    // The instant cap, plus what the validator earned since the last move (charged to the deposit cap).
    assert_eq!(state.header.instant_unstaked, cycle_base * 400 / 10_000);
    assert_eq!(before[2].1 - after[2].1, state.header.instant_unstaked + state.header.deposit_unstaked);
    assert!(state.header.deposit_unstaked < SOL);
    for i in [0, 1, 3] {
        assert!(after[i].1 >= before[i].1);
    }
}
