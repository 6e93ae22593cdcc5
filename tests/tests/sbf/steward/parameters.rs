//! SPEC §4 scenario 10: parameter updates need the parameters authority, are bounds-checked as a
//! whole, and emit the old and new values; every other authority action is gated and emits too.

use {
    lst_sdk::steward::{self as client, decode_config},
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{code, events, mev, new_validators, test_parameters, StewardPool},
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
    steward::{
        errors::StewardError,
        events::{
            AuthorityChanged, BlacklistChanged, OracleData, OracleUpdated, ParametersUpdated, PauseChanged,
        },
        state::{AuthorityKind, ParametersUpdate},
    },
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn parameter_updates_are_gated_bounded_and_logged() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new(&mut fx, stake_pool_program_id(), &votes, 10 * SOL, test_parameters()).await;
    let config = sp.addresses.config;
    let authority = sp.authority.insecure_clone();
    let stranger = fx.funded_user(SOL).await;
    let params = |fx_data: &[u8]| decode_config(fx_data).expect("config").parameters;
    let original = params(&fx.data(&config).await);

    // Not the parameters authority.
    let update = ParametersUpdate { commission_threshold_bps: Some(700), ..Default::default() };
    let err = fx
        .process(&[client::update_parameters(&config, &stranger.pubkey(), update)], &[&stranger])
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));

    // Out of bounds, one field at a time: refused, nothing changed.
    let bad = [
        ParametersUpdate { commission_threshold_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { mev_commission_threshold_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { historical_commission_ceiling_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { scoring_delinquency_ratio_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { instant_unstake_delinquency_ratio_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { scoring_unstake_cap_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { instant_unstake_cap_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { stake_deposit_unstake_cap_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { compute_score_progress_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { instant_unstake_progress_bps: Some(10_001), ..Default::default() },
        ParametersUpdate { mev_commission_window: Some(0), ..Default::default() },
        ParametersUpdate { commission_window: Some(65), ..Default::default() },
        ParametersUpdate { epoch_credits_window: Some(0), ..Default::default() },
        ParametersUpdate { num_delegation_validators: Some(0), ..Default::default() },
        ParametersUpdate { num_delegation_validators: Some(5_001), ..Default::default() },
        ParametersUpdate { epochs_per_cycle: Some(0), ..Default::default() },
        ParametersUpdate { minimum_voting_epochs: Some(65), ..Default::default() },
    ];
    for update in bad {
        let ix = client::update_parameters(&config, &authority.pubkey(), update);
        let err = fx.process(&[ix], &[&authority]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::ParameterOutOfBounds)), "{update:?}");
    }
    assert_eq!(params(&fx.data(&config).await), original);

    // In bounds: applied, and the event carries both sets.
    let update = ParametersUpdate {
        commission_threshold_bps: Some(700),
        num_delegation_validators: Some(5),
        minimum_stake_lamports: Some(42),
        ..Default::default()
    };
    let done = fx
        .process(&[client::update_parameters(&config, &authority.pubkey(), update)], &[&authority])
        .await
        .expect("update");
    let updated = params(&fx.data(&config).await);
    assert_eq!(
        (updated.commission_threshold_bps, updated.num_delegation_validators, updated.minimum_stake_lamports),
        (700, 5, 42)
    );
    let logged = events::<ParametersUpdated>(&done.logs);
    assert_eq!(logged.len(), 1);
    assert_eq!((logged[0].config, logged[0].old, logged[0].new), (config, original, updated));

    // Rotating the parameters authority: only the admin may; the old key stops working.
    let successor = Keypair::new();
    let rotate =
        client::set_authority(&config, &stranger.pubkey(), AuthorityKind::Parameters, &successor.pubkey());
    let err = fx.process(&[rotate], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    let rotate =
        client::set_authority(&config, &authority.pubkey(), AuthorityKind::Parameters, &successor.pubkey());
    let done = fx.process(&[rotate], &[&authority]).await.expect("rotate");
    let logged = events::<AuthorityChanged>(&done.logs);
    assert_eq!(
        (logged[0].kind, logged[0].old, logged[0].new),
        (AuthorityKind::Parameters, authority.pubkey(), successor.pubkey())
    );
    let update = ParametersUpdate { epochs_per_cycle: Some(3), ..Default::default() };
    let err = fx
        .process(&[client::update_parameters(&config, &authority.pubkey(), update)], &[&authority])
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    fx.process(&[client::update_parameters(&config, &successor.pubkey(), update)], &[&successor])
        .await
        .expect("new key");

    // Blacklist, oracle and pause: gated by their authorities, logged with old and new values.
    sp.init_histories(&mut fx, &votes).await;
    let ban = client::set_blacklist(&config, &stranger.pubkey(), &votes[0], true);
    let err = fx.process(&[ban], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    let done = fx
        .process(&[client::set_blacklist(&config, &authority.pubkey(), &votes[0], true)], &[&authority])
        .await
        .expect("ban");
    let logged = events::<BlacklistChanged>(&done.logs);
    assert_eq!((logged[0].vote_account, logged[0].old, logged[0].new), (votes[0], false, true));

    let epoch = fx.epoch().await;
    let data = mev(800, 7 * SOL);
    let write = client::update_oracle_data(&config, &stranger.pubkey(), &votes[1], epoch, data);
    let err = fx.process(&[write], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    let future = client::update_oracle_data(&config, &authority.pubkey(), &votes[1], epoch + 1, data);
    let err = fx.process(&[future], &[&authority]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::EpochOutOfRange)));
    let silly = OracleData { mev_commission_bps: Some(10_001), ..OracleData::default() };
    let err = fx
        .process(
            &[client::update_oracle_data(&config, &authority.pubkey(), &votes[1], epoch, silly)],
            &[&authority],
        )
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::ParameterOutOfBounds)));
    let write = client::update_oracle_data(&config, &authority.pubkey(), &votes[1], epoch, data);
    let done = fx.process(&[write], &[&authority]).await.expect("oracle");
    let logged = events::<OracleUpdated>(&done.logs);
    assert_eq!((logged[0].epoch, logged[0].old, logged[0].new), (epoch, OracleData::default(), data));

    let done =
        fx.process(&[client::pause(&config, &authority.pubkey())], &[&authority]).await.expect("pause");
    let logged = events::<PauseChanged>(&done.logs);
    assert_eq!((logged[0].old, logged[0].new), (false, true));
}
