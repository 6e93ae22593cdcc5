//! SPEC §4 scenario 10: parameter updates need the parameters authority, are bounds-checked field by
//! field (each bound its own error), and emit the old and new values; authorities change hands in two
//! steps; every other authority action is gated and emits too.

use {
    lst_sdk::steward::{self as client, decode_config},
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture},
        steward::{code, events, new_validators, test_parameters, StewardPool},
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::{
        errors::StewardError,
        events::{
            AuthorityChanged, AuthorityProposed, BlacklistChanged, OracleData, OracleUpdated,
            ParametersUpdated, PauseChanged,
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

    // Out of bounds, one field at a time: refused with that bound's own error, nothing changed.
    use StewardError as E;
    let bad = [
        (
            ParametersUpdate { commission_threshold_bps: Some(10_001), ..Default::default() },
            E::CommissionThresholdOutOfBounds,
        ),
        (
            ParametersUpdate { mev_commission_threshold_bps: Some(10_001), ..Default::default() },
            E::MevCommissionThresholdOutOfBounds,
        ),
        (
            ParametersUpdate { historical_commission_ceiling_bps: Some(10_001), ..Default::default() },
            E::HistoricalCommissionCeilingOutOfBounds,
        ),
        (
            ParametersUpdate { scoring_delinquency_ratio_bps: Some(10_001), ..Default::default() },
            E::ScoringDelinquencyRatioOutOfBounds,
        ),
        (
            ParametersUpdate { instant_unstake_delinquency_ratio_bps: Some(10_001), ..Default::default() },
            E::InstantUnstakeDelinquencyRatioOutOfBounds,
        ),
        (
            ParametersUpdate { scoring_unstake_cap_bps: Some(10_001), ..Default::default() },
            E::ScoringUnstakeCapOutOfBounds,
        ),
        (
            ParametersUpdate { instant_unstake_cap_bps: Some(10_001), ..Default::default() },
            E::InstantUnstakeCapOutOfBounds,
        ),
        (
            ParametersUpdate { stake_deposit_unstake_cap_bps: Some(10_001), ..Default::default() },
            E::StakeDepositUnstakeCapOutOfBounds,
        ),
        (
            ParametersUpdate { minimum_bond_bps: Some(10_001), ..Default::default() },
            E::MinimumBondOutOfBounds,
        ),
        // The scoring point comes before the instant-unstake point, which comes before the epoch's end.
        (
            ParametersUpdate { compute_score_progress_bps: Some(9_000), ..Default::default() },
            E::ComputeScoreProgressOutOfBounds,
        ),
        (
            ParametersUpdate { instant_unstake_progress_bps: Some(5_000), ..Default::default() },
            E::ComputeScoreProgressOutOfBounds,
        ),
        (
            ParametersUpdate { instant_unstake_progress_bps: Some(10_000), ..Default::default() },
            E::InstantUnstakeProgressOutOfBounds,
        ),
        (
            ParametersUpdate { mev_commission_window: Some(0), ..Default::default() },
            E::MevCommissionWindowOutOfBounds,
        ),
        (
            ParametersUpdate { commission_window: Some(64), ..Default::default() },
            E::CommissionWindowOutOfBounds,
        ),
        (
            ParametersUpdate { epoch_credits_window: Some(0), ..Default::default() },
            E::EpochCreditsWindowOutOfBounds,
        ),
        (
            ParametersUpdate { num_delegation_validators: Some(0), ..Default::default() },
            E::NumDelegationValidatorsOutOfBounds,
        ),
        (
            ParametersUpdate { num_delegation_validators: Some(5_001), ..Default::default() },
            E::NumDelegationValidatorsOutOfBounds,
        ),
        (ParametersUpdate { epochs_per_cycle: Some(0), ..Default::default() }, E::EpochsPerCycleOutOfBounds),
        (ParametersUpdate { epochs_per_cycle: Some(65), ..Default::default() }, E::EpochsPerCycleOutOfBounds),
        (
            ParametersUpdate { minimum_voting_epochs: Some(64), ..Default::default() },
            E::MinimumVotingEpochsOutOfBounds,
        ),
    ];
    for (update, error) in bad {
        let ix = client::update_parameters(&config, &authority.pubkey(), update);
        let err = fx.process(&[ix], &[&authority]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(error)), "{update:?}");
    }
    // The edges themselves are in bounds.
    let edges = ParametersUpdate {
        commission_window: Some(63),
        epochs_per_cycle: Some(64),
        minimum_voting_epochs: Some(63),
        instant_unstake_progress_bps: Some(9_999),
        compute_score_progress_bps: Some(9_998),
        ..Default::default()
    };
    fx.process(&[client::update_parameters(&config, &authority.pubkey(), edges)], &[&authority])
        .await
        .expect("edges");
    let back = ParametersUpdate {
        commission_window: Some(original.commission_window),
        epochs_per_cycle: Some(original.epochs_per_cycle),
        minimum_voting_epochs: Some(original.minimum_voting_epochs),
        compute_score_progress_bps: Some(original.compute_score_progress_bps),
        instant_unstake_progress_bps: Some(original.instant_unstake_progress_bps),
        ..Default::default()
    };
    fx.process(&[client::update_parameters(&config, &authority.pubkey(), back)], &[&authority])
        .await
        .expect("back");
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

    // Rotating the parameters authority: only its holder may propose, only the proposed key may
    // accept, and until it does the old key keeps working; then the old key stops.
    let successor = Keypair::new();
    let rotate =
        client::set_authority(&config, &stranger.pubkey(), AuthorityKind::Parameters, &successor.pubkey());
    let err = fx.process(&[rotate], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    let rotate =
        client::set_authority(&config, &authority.pubkey(), AuthorityKind::Parameters, &successor.pubkey());
    let done = fx.process(&[rotate], &[&authority]).await.expect("propose");
    let logged = events::<AuthorityProposed>(&done.logs);
    assert_eq!(
        (logged[0].kind, logged[0].current, logged[0].old, logged[0].new),
        (AuthorityKind::Parameters, authority.pubkey(), Pubkey::default(), successor.pubkey())
    );
    let still = ParametersUpdate { epochs_per_cycle: Some(2), ..Default::default() };
    fx.process(&[client::update_parameters(&config, &authority.pubkey(), still)], &[&authority])
        .await
        .expect("the old key until the successor accepts");
    for (who, kind) in [(&stranger, AuthorityKind::Parameters), (&successor, AuthorityKind::Blacklist)] {
        let accept = client::accept_authority(&config, &who.pubkey(), kind);
        let err = fx.process(&[accept], &[who]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::NoPendingAuthority)));
    }
    let accept = client::accept_authority(&config, &successor.pubkey(), AuthorityKind::Parameters);
    let done = fx.process(&[accept], &[&successor]).await.expect("accept");
    let logged = events::<AuthorityChanged>(&done.logs);
    assert_eq!(
        (logged[0].kind, logged[0].old, logged[0].new),
        (AuthorityKind::Parameters, authority.pubkey(), successor.pubkey())
    );
    let again = client::accept_authority(&config, &successor.pubkey(), AuthorityKind::Parameters);
    let err = fx.process(&[again], &[&successor]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::NoPendingAuthority)), "a proposal is used once");
    // Only an authority's holder proposes its successor: the admin cannot take back the parameters
    // authority it handed on (the attack a DAO's takeover must survive), nor offer it elsewhere.
    let (oracle, admin2) = (Keypair::new(), Keypair::new());
    for key in [&authority, &stranger] {
        let retake = client::set_authority(&config, &key.pubkey(), AuthorityKind::Parameters, &key.pubkey());
        let err = fx.process(&[retake], &[key]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)), "not the holder");
    }
    // A holder's offer outlives a change of admin (each authority is its holder's alone), except
    // an oracle offer: the admin may make those, so a change of admin withdraws it, and a former
    // admin that offered the oracle to a key of its own keeps no way back.
    let (backdoor, heir) = (Keypair::new(), Keypair::new());
    let offers = [
        (&authority, AuthorityKind::Oracle, &backdoor),
        (&successor, AuthorityKind::Parameters, &heir),
        (&authority, AuthorityKind::Admin, &admin2),
    ];
    for (holder, kind, to) in offers {
        let offer = client::set_authority(&config, &holder.pubkey(), kind, &to.pubkey());
        fx.process(&[offer], &[holder]).await.expect("offer");
    }
    let take_admin = client::accept_authority(&config, &admin2.pubkey(), AuthorityKind::Admin);
    let done = fx.process(&[take_admin], &[&admin2]).await.expect("new admin");
    let withdrawn = events::<AuthorityProposed>(&done.logs);
    assert_eq!(
        (withdrawn.len(), withdrawn[0].kind, withdrawn[0].old, withdrawn[0].new),
        (1, AuthorityKind::Oracle, backdoor.pubkey(), Pubkey::default())
    );
    let stale = client::accept_authority(&config, &backdoor.pubkey(), AuthorityKind::Oracle);
    let err = fx.process(&[stale], &[&backdoor]).await.unwrap_err();
    assert_eq!(
        err.custom_code(),
        Some(code(StewardError::NoPendingAuthority)),
        "the oracle offer is withdrawn"
    );
    let take = client::accept_authority(&config, &heir.pubkey(), AuthorityKind::Parameters);
    fx.process(&[take], &[&heir]).await.expect("the parameters offer stands");
    let back = client::set_authority(&config, &heir.pubkey(), AuthorityKind::Parameters, &successor.pubkey());
    fx.process(&[back], &[&heir]).await.expect("offered back");
    let take = client::accept_authority(&config, &successor.pubkey(), AuthorityKind::Parameters);
    fx.process(&[take], &[&successor]).await.expect("taken back");
    let offer = client::set_authority(&config, &authority.pubkey(), AuthorityKind::Oracle, &oracle.pubkey());
    fx.process(&[offer], &[&authority]).await.expect("the oracle's holder offers it");
    let take_oracle = client::accept_authority(&config, &oracle.pubkey(), AuthorityKind::Oracle);
    fx.process(&[take_oracle], &[&oracle]).await.expect("the oracle's offer stands");
    // The admin revokes an oracle key (lost or stolen): it replaces it itself, at once; a stranger
    // cannot, nor can the admin do so for the parameters it does not hold (above).
    let stranger_rotation =
        client::set_authority(&config, &stranger.pubkey(), AuthorityKind::Oracle, &stranger.pubkey());
    let err = fx.process(&[stranger_rotation], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)), "a stranger revokes nothing");
    // The thief's offer to a key of its own, then the admin's revocation: at once, the thief's offer
    // gone with it, so the thief has no window between an offer and its acceptance.
    let thief_offer =
        client::set_authority(&config, &oracle.pubkey(), AuthorityKind::Oracle, &stranger.pubkey());
    fx.process(&[thief_offer], &[&oracle]).await.expect("the holder may offer");
    let revoke = client::set_authority(&config, &admin2.pubkey(), AuthorityKind::Oracle, &admin2.pubkey());
    let done = fx.process(&[revoke], &[&admin2]).await.expect("the admin replaces the oracle");
    let changed = events::<AuthorityChanged>(&done.logs);
    assert_eq!(
        (changed[0].kind, changed[0].old, changed[0].new),
        (AuthorityKind::Oracle, oracle.pubkey(), admin2.pubkey())
    );
    let late = client::accept_authority(&config, &stranger.pubkey(), AuthorityKind::Oracle);
    let err = fx.process(&[late], &[&stranger]).await.unwrap_err();
    assert_eq!(
        err.custom_code(),
        Some(code(StewardError::NoPendingAuthority)),
        "the thief's offer went with it"
    );
    let again = client::set_authority(&config, &oracle.pubkey(), AuthorityKind::Oracle, &oracle.pubkey());
    let err = fx.process(&[again], &[&oracle]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)), "the revoked key offers nothing");
    let give = client::set_authority(&config, &admin2.pubkey(), AuthorityKind::Oracle, &oracle.pubkey());
    fx.process(&[give], &[&admin2]).await.expect("proposed");
    fx.process(&[client::accept_authority(&config, &oracle.pubkey(), AuthorityKind::Oracle)], &[&oracle])
        .await
        .expect("the oracle again");
    let back = client::set_authority(&config, &oracle.pubkey(), AuthorityKind::Oracle, &authority.pubkey());
    fx.process(&[back], &[&oracle]).await.expect("propose the oracle back");
    let retake = client::accept_authority(&config, &authority.pubkey(), AuthorityKind::Oracle);
    fx.process(&[retake], &[&authority]).await.expect("oracle back");
    let back = client::set_authority(&config, &admin2.pubkey(), AuthorityKind::Admin, &authority.pubkey());
    fx.process(&[back], &[&admin2]).await.expect("propose the old admin back");
    let retake = client::accept_authority(&config, &authority.pubkey(), AuthorityKind::Admin);
    fx.process(&[retake], &[&authority]).await.expect("admin back");
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

    // The oracle writes only what the chain cannot tell, and only for the current epoch.
    let epoch = fx.epoch().await;
    let data = OracleData {
        stake_rank: Some(3),
        superminority: Some(false),
        client_type: Some(1),
        client_version: Some(7),
    };
    let write = client::update_oracle_data(&config, &stranger.pubkey(), &votes[1], epoch, data);
    let err = fx.process(&[write], &[&stranger]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    for other_epoch in [epoch + 1, epoch - 1] {
        let write = client::update_oracle_data(&config, &authority.pubkey(), &votes[1], other_epoch, data);
        let err = fx.process(&[write], &[&authority]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::EpochOutOfRange)), "epoch {other_epoch}");
    }
    let silly = OracleData { stake_rank: Some(u32::MAX), ..OracleData::default() };
    let err = fx
        .process(
            &[client::update_oracle_data(&config, &authority.pubkey(), &votes[1], epoch, silly)],
            &[&authority],
        )
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::InvalidOracleData)));
    let write = client::update_oracle_data(&config, &authority.pubkey(), &votes[1], epoch, data);
    let done = fx.process(&[write], &[&authority]).await.expect("oracle");
    let logged = events::<OracleUpdated>(&done.logs);
    assert_eq!((logged[0].epoch, logged[0].old, logged[0].new), (epoch, OracleData::default(), data));

    let done =
        fx.process(&[client::pause(&config, &authority.pubkey())], &[&authority]).await.expect("pause");
    let logged = events::<PauseChanged>(&done.logs);
    assert_eq!((logged[0].old, logged[0].new), (false, true));
}
