//! SPEC §4 scenario 8: every steward crank is refused before epoch maintenance (which itself needs
//! the pool updated); pause stops the steward but never the pool's users.

use {
    lst_sdk::steward as client,
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{code, new_validators, run_epoch, test_parameters, tips_of, StewardPool},
    },
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::errors::StewardError,
};

const SOL: u64 = 1_000_000_000;

async fn setup(fx: &mut TestFixture) -> (StewardPool, Vec<Pubkey>) {
    let validators = new_validators(fx, &[0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp =
        StewardPool::new_staked(fx, stake_pool_program_id(), &votes, 100 * SOL, 10 * SOL, test_parameters())
            .await;
    let epoch = fx.epoch().await;
    let credits: Vec<_> = votes.iter().map(|v| (*v, 1_000)).collect();
    run_epoch(fx, &[&sp], epoch, &credits, &tips_of(&validators, 0, &[])).await;
    (sp, votes)
}

#[tokio::test]
async fn every_crank_waits_for_epoch_maintenance() {
    let mut fx = TestFixture::new().await;
    let (sp, votes) = setup(&mut fx).await;
    let a = sp.addresses.clone();
    let next = fx.epoch().await + 1;
    lst_tests::steward::warp_to_progress(&mut fx, next, 9_500).await;

    // The pool is stale: maintenance refuses.
    let err = sp.send(&mut fx, a.epoch_maintenance(), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::PoolNotUpdated)));

    let list = sp.pool.validator_list(&mut fx).await;
    let entry = &list.validators[0];
    let newcomer = fx.new_validator().await;
    let admin = sp.authority.insecure_clone();
    let cranks = [
        a.compute_scores(0, &votes),
        a.compute_delegations(),
        a.compute_instant_unstake(next, 0, &votes),
        a.rebalance(&fx.payer().pubkey(), 0, &[(votes[0], 0, u64::from(entry.transient_seed_suffix))]),
        a.add_validator(&newcomer),
        a.remove_validator(0, &votes[0], 0, u64::from(entry.transient_seed_suffix), Some(admin.pubkey())),
    ];
    sp.init_histories(&mut fx, &[newcomer]).await;
    for ix in cranks {
        let needs_admin = ix.accounts.iter().any(|m| m.is_signer && m.pubkey == admin.pubkey());
        let signers = if needs_admin { vec![&admin] } else { vec![] };
        let err = sp.send(&mut fx, ix, &signers).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::EpochMaintenanceNotComplete)));
    }

    // Once the pool is updated, maintenance runs, and the steps follow the state machine.
    sp.pool.update_all(&mut fx).await.expect("pool update");
    sp.send(&mut fx, a.epoch_maintenance(), &[]).await.expect("maintenance");
    let err = sp.send(&mut fx, a.compute_delegations(), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::InvalidState)));
    let report = sp.crank(&mut fx).await.expect("crank");
    assert!(report.step("compute scores").is_some() && report.step("rebalance").is_some());
}

#[tokio::test]
async fn pause_stops_the_steward_not_the_users() {
    let mut fx = TestFixture::new().await;
    let (sp, votes) = setup(&mut fx).await;
    let a = sp.addresses.clone();

    let stranger = fx.funded_user(SOL).await;
    let err = sp.send(&mut fx, client::pause(&a.config, &stranger.pubkey()), &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    sp.send(&mut fx, client::pause(&a.config, &sp.authority.pubkey()), &[&sp.authority])
        .await
        .expect("pause");

    let next = fx.epoch().await + 1;
    lst_tests::steward::warp_to_progress(&mut fx, next, 9_500).await;
    sp.pool.update_all(&mut fx).await.expect("the pool's own crank is not the steward's");
    for ix in [a.epoch_maintenance(), a.compute_scores(0, &votes), a.compute_delegations()] {
        let err = sp.send(&mut fx, ix, &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::Paused)));
    }
    let report = sp.crank(&mut fx).await.expect("a paused crank does nothing and fails nothing");
    assert!(report.step("epoch maintenance").is_none());

    // Users deposit and withdraw as usual.
    let user = fx.funded_user(10 * SOL).await;
    let tokens = sp.pool.create_token_account(&mut fx, &user.pubkey()).await.expect("token account");
    sp.pool.deposit_sol(&mut fx, &user, &tokens, &tokens, 5 * SOL).await.expect("deposit while paused");
    let balance = fx.token_balance(&tokens).await;
    let withdraw = sp.pool.withdraw_sol_ix(&user.pubkey(), &tokens, &user.pubkey(), balance / 2, None, None);
    fx.process(&[withdraw], &[&user]).await.expect("withdraw while paused");

    sp.send(&mut fx, client::resume(&a.config, &sp.authority.pubkey()), &[&sp.authority])
        .await
        .expect("resume");
    let report = sp.crank(&mut fx).await.expect("crank after resume");
    assert!(report.step("epoch maintenance").is_some() && report.step("rebalance").is_some());
}
