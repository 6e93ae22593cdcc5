//! The steward tried as an attacker would. Each test is an attack that once succeeded; each must fail
//! against the steward that had the hole and pass against the fixed one.
//!
//! 1. Delinquency judged against stale data: a validator that stops voting after the epoch's history
//!    copy was compared with the cluster's credits as of that copy.
//! 2. A holder of pool tokens stalls rebalance (and a due instant unstake) by draining the reserve
//!    below two stake-account rents before the rebalance step.
//! 3. Results depend on crank order once the reserve shrinks between the snapshot and the rebalance.
//! 4. A stake deposit into a validator outside the delegation set takes the scoring unstake cap.
//!
//! Found in review of the fixes, each seen failing first:
//! 5. A validator re-creates its closed vote account uninitialized: every copy of it failed, and with
//!    it every step.
//! 6. A user withdraws a validator's stake below the floor around its rebalance and deposits it back:
//!    the validator's planned decrease was lost.
//! 7. A withdrawal from the reserve timed around one validator's rebalance, deposited back after:
//!    that validator's increase was lost while the others got theirs.
//! 8. A cycle in which no validator qualifies unstaked every validator.

use {
    lst_sdk::steward::{copy_cluster_info, flag, instant},
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        pool::both_programs,
        steward::{
            new_validators, open_tips, produce_blocks, test_parameters, tips_of, vote_share,
            warp_to_progress, StewardPool,
        },
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::state::{Parameters, StateTag},
};

const SOL: u64 = 1_000_000_000;

type Validators = [(Keypair, Pubkey)];

/// Every validator votes on every block up to now and runs an MEV client (no commission).
async fn healthy_inputs(fx: &mut TestFixture, validators: &Validators) {
    produce_blocks(fx).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    vote_share(fx, &votes, 10_000).await;
    open_tips(fx, &tips_of(validators, 0, &[])).await;
}

/// One healthy cycle in the current epoch: scored at 50 %, rebalanced at 90 %.
async fn healthy_cycle(fx: &mut TestFixture, sp: &StewardPool, validators: &Validators) {
    let epoch = fx.epoch().await;
    warp_to_progress(fx, epoch, 5_000).await;
    healthy_inputs(fx, validators).await;
    sp.crank(fx).await.expect("scoring crank");
    warp_to_progress(fx, epoch, 9_000).await;
    healthy_inputs(fx, validators).await;
    sp.crank(fx).await.expect("rebalance crank");
}

/// Attack 1: validator 3 votes with everyone until the crank copies the histories at 20 % of the
/// epoch, then stops. At the instant-unstake point it holds less than a quarter of what its peers
/// earned: it must be instant-unstaked as delinquent, whoever copied what and when.
#[tokio::test]
async fn delinquency_is_judged_on_fresh_data() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: 4, epochs_per_cycle: 10, ..test_parameters() };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 500 * SOL, 100 * SOL, params).await;
    healthy_cycle(&mut fx, &sp, &validators).await;

    let epoch = fx.epoch().await + 1;
    warp_to_progress(&mut fx, epoch, 2_000).await;
    healthy_inputs(&mut fx, &validators).await;
    sp.crank(&mut fx).await.expect("crank at 20 %: pool update and history copies");

    warp_to_progress(&mut fx, epoch, 9_000).await;
    produce_blocks(&mut fx).await;
    vote_share(&mut fx, &votes[..3], 10_000).await;
    sp.crank(&mut fx).await.expect("crank at the instant-unstake point");

    let state = sp.state(&mut fx).await;
    assert_eq!(
        state.slots[3].instant_reasons & instant::DELINQUENT,
        instant::DELINQUENT,
        "a validator that stopped voting is delinquent"
    );
    assert!(state.slots[..3].iter().all(|s| s.instant_reasons == 0), "voters are not");
}

/// What a rug-pulling validator and a reserve-draining holder leave behind: validator 2 raises its
/// commission, and the manager (who holds the pool's first tokens) withdraws SOL until the reserve
/// keeps less than two stake-account rents, after the instant-unstake step and before rebalance.
/// Returns the stakes before, the validator that rugged, and the pool.
async fn drained_reserve(fx: &mut TestFixture, program: Pubkey) -> (StewardPool, Vec<(Pubkey, u64, u64)>) {
    let validators = new_validators(fx, &[0, 0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters {
        num_delegation_validators: 4,
        epochs_per_cycle: 10,
        instant_unstake_cap_bps: 1_000,
        ..test_parameters()
    };
    let sp = StewardPool::new_staked(fx, program, &votes, 430 * SOL, 100 * SOL, params).await;
    healthy_cycle(fx, &sp, &validators).await;

    let epoch = fx.epoch().await + 1;
    warp_to_progress(fx, epoch, 2_000).await;
    healthy_inputs(fx, &validators).await;
    let (identity, rugged) = (&validators[2].0, validators[2].1);
    let rug = solana_vote_interface::instruction::update_commission(&rugged, &identity.pubkey(), 50);
    fx.process(&[rug], &[identity]).await.expect("commission raised");
    sp.crank(fx).await.expect("crank at 20 %");

    warp_to_progress(fx, epoch, 9_000).await;
    healthy_inputs(fx, &validators).await;
    let a = &sp.addresses;
    sp.send(fx, copy_cluster_info(&a.config), &[]).await.expect("cluster info");
    sp.send(fx, a.compute_instant_unstake(epoch, 0, &votes), &[]).await.expect("instant unstake");
    assert_eq!(sp.state(fx).await.tag(), Some(StateTag::Rebalance));
    let before = sp.stakes(fx).await;

    drain_reserve(fx, &sp).await;
    (sp, before)
}

/// The manager withdraws SOL from its fee account (no fee) until the reserve holds its rent plus
/// less than one more stake account's rent.
async fn drain_reserve(fx: &mut TestFixture, sp: &StewardPool) {
    let pool = sp.pool.state(fx).await;
    let reserve = fx.lamports(&sp.pool.reserve.pubkey()).await;
    let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
    let take = reserve - rent - rent / 2;
    let tokens =
        (u128::from(take) * u128::from(pool.pool_token_supply) / u128::from(pool.total_lamports)) as u64;
    let manager = sp.pool.manager.insecure_clone();
    let ix = sp.pool.withdraw_sol_ix(
        &manager.pubkey(),
        &sp.pool.manager_fee.pubkey(),
        &manager.pubkey(),
        tokens,
        None,
        None,
    );
    fx.process(&[ix], &[&manager]).await.expect("reserve drained");
    assert!(fx.lamports(&sp.pool.reserve.pubkey()).await < 2 * rent);
}

/// Attack 2: the drained reserve cannot fund a transient account's rent, yet the rebalance step
/// finishes in its epoch and the due instant unstake happens.
#[tokio::test]
async fn a_drained_reserve_cannot_stall_rebalance() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let (sp, before) = drained_reserve(&mut fx, program).await;
        let report = sp.crank(&mut fx).await;
        let state = sp.state(&mut fx).await;
        assert_eq!(state.tag(), Some(StateTag::Idle), "rebalance finished ({report:?})");
        assert!(state.slots.iter().all(|s| s.flags & flag::REBALANCED != 0));
        let after = sp.stakes(&mut fx).await;
        let cap = state.header.cycle_base_lamports * 1_000 / 10_000;
        // The instant cap, plus what it earned since the last move (charged to the deposit cap).
        assert_eq!(state.header.instant_unstaked, cap, "the rugged validator loses the instant cap");
        let moved = state.header.instant_unstaked + state.header.deposit_unstaked;
        assert_eq!(before[2].1 - after[2].1, moved);
    }
}

/// Attack 3: two identical pools see the same 100 SOL withdrawal between the snapshot and the
/// rebalance; one is rebalanced in list order in one batch, the other one validator at a time in
/// reverse order. The stakes must come out identical, and the shortfall must fall on the
/// lowest-priority increases.
#[tokio::test]
async fn a_withdrawal_does_not_make_results_depend_on_crank_order() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let validators = new_validators(&mut fx, &[0, 1, 2, 3]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let params = Parameters { num_delegation_validators: 2, epochs_per_cycle: 10, ..test_parameters() };
        let stakes = vec![10 * SOL; votes.len()];
        let pools =
            StewardPool::twins(&mut fx, &[program, program], &votes, 900 * SOL, &stakes, params).await;
        let epoch = fx.epoch().await;
        warp_to_progress(&mut fx, epoch, 5_000).await;
        for sp in &pools {
            healthy_inputs(&mut fx, &validators).await;
            sp.crank(&mut fx).await.expect("scoring crank");
        }
        warp_to_progress(&mut fx, epoch, 9_000).await;
        for sp in &pools {
            healthy_inputs(&mut fx, &validators).await;
            let a = &sp.addresses;
            sp.send(&mut fx, copy_cluster_info(&a.config), &[]).await.expect("cluster info");
            sp.send(&mut fx, a.compute_instant_unstake(epoch, 0, &votes), &[])
                .await
                .expect("instant unstake");
        }
        let planned: Vec<u64> = pools[0].state(&mut fx).await.slots.iter().map(|s| s.deficit).collect();
        assert!(planned[0] > 100 * SOL && planned[1] > 100 * SOL, "both delegated validators need stake");
        let reserve_before = fx.lamports(&pools[0].pool.reserve.pubkey()).await;

        // The same outside withdrawal in both pools.
        for sp in &pools {
            let user = fx.funded_user(SOL).await;
            let manager = sp.pool.manager.insecure_clone();
            let pool = sp.pool.state(&mut fx).await;
            let tokens = (u128::from(100 * SOL) * u128::from(pool.pool_token_supply)
                / u128::from(pool.total_lamports)) as u64;
            let ix = sp.pool.withdraw_sol_ix(
                &manager.pubkey(),
                &sp.pool.manager_fee.pubkey(),
                &user.pubkey(),
                tokens,
                None,
                None,
            );
            fx.process(&[ix], &[&manager]).await.expect("withdrawal");
        }

        // Pool 0: the sdk, list order. Pool 1: one validator per transaction, last first.
        pools[0].crank(&mut fx).await.expect("forward rebalance");
        let backward = &pools[1];
        let payer = fx.payer().pubkey();
        let list = backward.pool.validator_list(&mut fx).await;
        for i in (0..votes.len()).rev() {
            let entry = &list.validators[i];
            let seed = u64::from(entry.transient_seed_suffix);
            let ix = backward.addresses.rebalance(&payer, i as u32, &[(entry.vote_account_address, 0, seed)]);
            backward.send(&mut fx, ix, &[]).await.expect("one rebalance");
        }
        let (forward, reversed) = (pools[0].stakes(&mut fx).await, pools[1].stakes(&mut fx).await);
        let increases = |stakes: &[(Pubkey, u64, u64)]| stakes.iter().map(|s| s.2).collect::<Vec<_>>();
        assert_eq!(increases(&forward), increases(&reversed), "same moves whatever the order");
        // The best validator is served in full, the second takes what the withdrawal left.
        let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
        let got = increases(&forward);
        assert_eq!(got[0], planned[0] + rent, "best first");
        assert!(got[1] < planned[1] + rent, "the shortfall falls on the lower priority");
        assert!(reserve_before > 100 * SOL);
    }
}

/// Attack 4: validator 3 (worst score, outside the delegation set) holds only the pool's floor; a
/// holder deposits 45 SOL of stake delegated to it. The deposit is charged to the stake-deposit cap,
/// so the scoring cap still drains validator 2 (outside the set, 100 SOL above its target).
#[tokio::test]
async fn a_stake_deposit_does_not_take_the_scoring_cap() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let validators = new_validators(&mut fx, &[0, 1, 3, 4]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let params = Parameters {
            num_delegation_validators: 2,
            epochs_per_cycle: 1,
            scoring_unstake_cap_bps: 1_000,
            stake_deposit_unstake_cap_bps: 1_000,
            ..test_parameters()
        };
        let sp = StewardPool::new_staked_each(
            &mut fx,
            program,
            &votes,
            400 * SOL,
            &[100 * SOL, 100 * SOL, 100 * SOL, 0],
            params,
        )
        .await;
        healthy_cycle(&mut fx, &sp, &validators).await;

        // A holder's stake, delegated to validator 3 now, active next epoch.
        let user = fx.funded_user(50 * SOL).await;
        let stake = Keypair::new();
        fx.create_delegated_stake(&stake, &user, &votes[3], 45 * SOL).await.expect("stake");
        let epoch = fx.epoch().await + 1;
        warp_to_progress(&mut fx, epoch, 2_000).await;
        healthy_inputs(&mut fx, &validators).await;
        sp.crank(&mut fx).await.expect("pool update");
        let tokens = sp.pool.create_token_account(&mut fx, &user.pubkey()).await.expect("token account");
        let ixs =
            sp.pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), &votes[3], &tokens, &tokens, None);
        fx.process(&ixs, &[&user]).await.expect("stake deposited");

        warp_to_progress(&mut fx, epoch, 5_000).await;
        healthy_inputs(&mut fx, &validators).await;
        sp.crank(&mut fx).await.expect("scoring crank");
        let before = sp.stakes(&mut fx).await;
        warp_to_progress(&mut fx, epoch, 9_000).await;
        healthy_inputs(&mut fx, &validators).await;
        sp.crank(&mut fx).await.expect("rebalance crank");
        let after = sp.stakes(&mut fx).await;
        let state = sp.state(&mut fx).await;
        let cap = state.header.cycle_base_lamports * 1_000 / 10_000;
        let floor = state.header.snapshot_minimum_active;
        assert_eq!(before[2].1 - after[2].1, cap.min(before[2].1 - floor), "validator 2 drained");
        assert_eq!(state.header.scoring_unstaked, before[2].1 - after[2].1);
        assert!(state.header.deposit_unstaked >= 44 * SOL, "the deposit went to its own cap");
        assert!(before[3].1 - after[3].1 >= 44 * SOL);
    }
}

/// Attack 5: validator 2 stops voting, closes its vote account and re-creates the address owned by
/// the vote program but uninitialized. Copies record it closed; the epoch's steps all finish, and
/// anyone may remove it.
#[tokio::test]
async fn an_uninitialized_vote_account_cannot_stall_the_steward() {
    let mut fx = TestFixture::new().await;
    let keys: Vec<(Keypair, Keypair)> = (0..3).map(|_| (Keypair::new(), Keypair::new())).collect();
    for (identity, vote) in &keys {
        fx.create_vote(identity, vote, 0).await.expect("vote account");
    }
    let validators: Vec<(Keypair, Pubkey)> =
        keys.iter().map(|(i, v)| (i.insecure_clone(), v.pubkey())).collect();
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: 3, ..test_parameters() };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 300 * SOL, 50 * SOL, params).await;
    healthy_cycle(&mut fx, &sp, &validators).await;

    // Epoch E+1: validator 2 no longer votes. Epoch E+2: it closes its vote account and re-creates
    // the address, owned by the vote program, never initialized.
    let epoch = fx.epoch().await + 1;
    warp_to_progress(&mut fx, epoch, 9_500).await;
    healthy_inputs(&mut fx, &validators[..2]).await;
    sp.crank(&mut fx).await.expect("crank");
    let epoch = epoch + 1;
    warp_to_progress(&mut fx, epoch, 1_000).await;
    let (identity, vote) = &keys[2];
    let all = fx.lamports(&vote.pubkey()).await;
    let close = solana_vote_interface::instruction::withdraw(
        &vote.pubkey(),
        &identity.pubkey(),
        all,
        &identity.pubkey(),
    );
    fx.process(&[close], &[identity]).await.expect("closed");
    let space = solana_vote_interface::instruction::CreateVoteAccountConfig::default().space as usize;
    fx.create_account(vote, space, &steward::constants::VOTE_PROGRAM_ID)
        .await
        .expect("re-created, uninitialized");

    for point in [5_000, 9_000] {
        warp_to_progress(&mut fx, epoch, point).await;
        healthy_inputs(&mut fx, &validators[..2]).await;
        sp.crank(&mut fx).await.expect("crank");
    }
    let state = sp.state(&mut fx).await;
    assert_eq!(state.tag(), Some(StateTag::Idle));
    assert_eq!(state.header.rebalance_epoch, epoch, "the epoch's steps finished");
    assert!(state.slots.iter().all(|s| s.flags & flag::REBALANCED != 0));
    assert!(state.slots[2].flags & flag::REMOVING != 0, "anyone removed it");
}

/// Attack 6: validator 2 is instant-unstaked; after the snapshot, the manager withdraws stake from
/// its account down to the pool's floor, the validator is cranked, and the stake goes back in. The
/// decrease waits for the stake and the next crank makes it.
#[tokio::test]
async fn a_stake_withdrawal_timed_around_the_crank_only_delays_a_decrease() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let validators = new_validators(&mut fx, &[0, 0, 0]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let params = Parameters { num_delegation_validators: 3, epochs_per_cycle: 10, ..test_parameters() };
        let sp = StewardPool::new_staked(&mut fx, program, &votes, 400 * SOL, 100 * SOL, params).await;
        healthy_cycle(&mut fx, &sp, &validators).await;

        let epoch = fx.epoch().await + 1;
        warp_to_progress(&mut fx, epoch, 2_000).await;
        healthy_inputs(&mut fx, &validators).await;
        let rug =
            solana_vote_interface::instruction::update_commission(&votes[2], &validators[2].0.pubkey(), 50);
        fx.process(&[rug], &[&validators[2].0]).await.expect("rug");
        sp.crank(&mut fx).await.expect("crank at 20 %");
        warp_to_progress(&mut fx, epoch, 9_000).await;
        healthy_inputs(&mut fx, &validators).await;
        let a = &sp.addresses;
        sp.send(&mut fx, copy_cluster_info(&a.config), &[]).await.expect("cluster info");
        sp.send(&mut fx, a.compute_instant_unstake(epoch, 0, &votes), &[]).await.expect("instant unstake");
        // Validator 2 is the only one above its target: its decrease is its excess within each cap.
        let state = sp.state(&mut fx).await;
        let caps = state.header.snapshot_caps_remaining;
        let planned: u64 = (0..3).map(|c| state.slots[2].needs[c].min(caps[c])).sum();
        assert!(planned > 5 * SOL);

        // The manager (holding the pool's first tokens) takes validator 2's stake out as a stake
        // account, leaving the floor; validator 2 is cranked; the stake goes back in.
        let manager = sp.pool.manager.insecure_clone();
        let fee_account = sp.pool.manager_fee.pubkey();
        let list = sp.pool.validator_list(&mut fx).await;
        let active = u64::from(list.validators[2].active_stake_lamports);
        let pool_state = sp.pool.state(&mut fx).await;
        let floor = sp.state(&mut fx).await.header.snapshot_minimum_active;
        let take = active - floor - SOL / 2;
        let tokens = (u128::from(take) * u128::from(pool_state.pool_token_supply)
            / u128::from(pool_state.total_lamports)) as u64;
        let from = sp.pool.validator_stake(&votes[2], None);
        let (ixs, receive) =
            sp.pool.withdraw_stake_ixs(&mut fx, &from, &manager.pubkey(), &fee_account, tokens, None).await;
        fx.process(&ixs, &[&manager, &receive]).await.expect("stake withdrawn");
        let seed = u64::from(list.validators[2].transient_seed_suffix);
        let payer = fx.payer().pubkey();
        sp.send(&mut fx, a.rebalance(&payer, 2, &[(votes[2], 0, seed)]), &[]).await.expect("cranked");
        assert!(sp.state(&mut fx).await.slots[2].flags & flag::WAITING != 0, "the decrease waits");
        let back = sp.pool.deposit_stake_ixs(
            &receive.pubkey(),
            &manager.pubkey(),
            &votes[2],
            &fee_account,
            &fee_account,
            None,
        );
        fx.process(&back, &[&manager]).await.expect("stake deposited back");

        let before = sp.stakes(&mut fx).await[2].1;
        sp.crank(&mut fx).await.expect("the keeper's next crank");
        let state = sp.state(&mut fx).await;
        assert_eq!(state.slots[2].flags & flag::WAITING, 0);
        assert_eq!(before - sp.stakes(&mut fx).await[2].1, planned, "the planned decrease, made late");
    }
}

/// Attack 7: after the snapshot, the manager withdraws most of the reserve, validator 0 (the best,
/// first in line for an increase) is cranked, and the SOL goes back. Validator 0's increase waits
/// and the keeper's next crank makes it in full.
#[tokio::test]
async fn a_reserve_withdrawal_timed_around_the_crank_only_delays_an_increase() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let validators = new_validators(&mut fx, &[0, 1, 2]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let params = Parameters { num_delegation_validators: 3, epochs_per_cycle: 10, ..test_parameters() };
        let sp = StewardPool::new_staked(&mut fx, program, &votes, 600 * SOL, 10 * SOL, params).await;
        let epoch = fx.epoch().await;
        warp_to_progress(&mut fx, epoch, 5_000).await;
        healthy_inputs(&mut fx, &validators).await;
        sp.crank(&mut fx).await.expect("scoring");
        warp_to_progress(&mut fx, epoch, 9_000).await;
        healthy_inputs(&mut fx, &validators).await;
        let a = &sp.addresses;
        sp.send(&mut fx, copy_cluster_info(&a.config), &[]).await.expect("cluster info");
        sp.send(&mut fx, a.compute_instant_unstake(epoch, 0, &votes), &[]).await.expect("instant unstake");
        let planned = sp.state(&mut fx).await.slots[0].deficit;
        assert!(planned > 100 * SOL);

        let manager = sp.pool.manager.insecure_clone();
        let fee_account = sp.pool.manager_fee.pubkey();
        let pool_state = sp.pool.state(&mut fx).await;
        let take = 500 * SOL;
        let tokens = (u128::from(take) * u128::from(pool_state.pool_token_supply)
            / u128::from(pool_state.total_lamports)) as u64;
        let out =
            sp.pool.withdraw_sol_ix(&manager.pubkey(), &fee_account, &manager.pubkey(), tokens, None, None);
        fx.process(&[out], &[&manager]).await.expect("reserve withdrawal");
        let list = sp.pool.validator_list(&mut fx).await;
        let seed = u64::from(list.validators[0].transient_seed_suffix);
        let payer = fx.payer().pubkey();
        sp.send(&mut fx, a.rebalance(&payer, 0, &[(votes[0], 0, seed)]), &[]).await.expect("cranked");
        assert!(sp.state(&mut fx).await.slots[0].flags & flag::WAITING != 0, "the increase waits");
        sp.pool.deposit_sol(&mut fx, &manager, &fee_account, &fee_account, take).await.expect("SOL back");

        sp.crank(&mut fx).await.expect("the keeper's next crank");
        let state = sp.state(&mut fx).await;
        assert_eq!(state.slots[0].flags & flag::WAITING, 0);
        let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
        assert_eq!(sp.stakes(&mut fx).await[0].2, planned + rent, "the planned increase, made late");
    }
}

/// Attack 8: the next cycle, no validator runs an MEV client any more, so none qualifies: the
/// delegation set of the last cycle stays and nobody is unstaked for score.
#[tokio::test]
async fn a_cycle_nobody_qualifies_in_keeps_the_last_delegation_set() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters {
        num_delegation_validators: 2,
        epochs_per_cycle: 1,
        mev_commission_window: 1,
        ..test_parameters()
    };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 300 * SOL, 50 * SOL, params).await;
    healthy_cycle(&mut fx, &sp, &validators).await;
    let delegated: Vec<u16> =
        sp.state(&mut fx).await.slots.iter().map(|s| s.flags & flag::DELEGATED).collect();
    assert_eq!(delegated.iter().filter(|f| **f != 0).count(), 2);

    let epoch = fx.epoch().await + 1;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    produce_blocks(&mut fx).await;
    vote_share(&mut fx, &votes, 10_000).await;
    sp.crank(&mut fx).await.expect("scoring crank");
    let before = sp.stakes(&mut fx).await;
    warp_to_progress(&mut fx, epoch, 9_000).await;
    produce_blocks(&mut fx).await;
    vote_share(&mut fx, &votes, 10_000).await;
    sp.crank(&mut fx).await.expect("rebalance crank");
    let state = sp.state(&mut fx).await;
    assert!(state.slots.iter().all(|s| s.score == 0), "nobody qualifies");
    let kept: Vec<u16> = state.slots.iter().map(|s| s.flags & flag::DELEGATED).collect();
    assert_eq!(kept, delegated, "the last set stays");
    assert_eq!(state.header.delegated_count, 2);
    let after = sp.stakes(&mut fx).await;
    for i in (0..3).filter(|i| delegated[*i] != 0) {
        assert!(after[i].1 >= before[i].1, "delegated validator {i} keeps its stake");
    }
}
