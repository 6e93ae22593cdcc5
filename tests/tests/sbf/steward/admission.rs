//! SPEC §4 scenario 9: admission needs the last N completed epochs voted, enough stake this epoch (as
//! the runtime counts it), a history copied this epoch and no blacklist; removal needs a closed vote account or deactivated stake (or the admin); a removed
//! validator leaves the steward's state and cannot receive deposits.

use {
    lst_sdk::steward as client,
    lst_tests::{
        fixture::TestFixture,
        pool::both_programs,
        steward::{code, new_validators, test_parameters, warp_to_progress, StewardPool},
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_vote_interface::instruction as vote_instruction,
    spl_stake_pool::error::StakePoolError,
    steward::{
        errors::StewardError,
        state::{flag, Parameters, ParametersUpdate},
    },
};

const SOL: u64 = 1_000_000_000;

async fn copy(fx: &mut TestFixture, sp: &StewardPool, votes: &[Pubkey]) {
    sp.init_histories(fx, votes).await;
    let ixs: Vec<_> = votes.iter().map(|v| client::copy_vote_account(&sp.addresses.config, v)).collect();
    fx.process(&ixs, &[]).await.expect("copy");
}

/// Epoch `epoch` from mid-epoch: `voting` vote, the crank runs, the `candidates`' histories are copied.
async fn voting_epoch(
    fx: &mut TestFixture,
    sp: &StewardPool,
    epoch: u64,
    voting: &[Pubkey],
    candidates: &[Pubkey],
) {
    warp_to_progress(fx, epoch, 5_000).await;
    for vote in voting {
        fx.credit_votes(vote, 1_000);
    }
    sp.crank(fx).await.expect("crank");
    copy(fx, sp, candidates).await;
}

#[tokio::test]
async fn admission_and_removal_rules() {
    for program in both_programs() {
        admission_and_removal_on(program).await;
    }
}

async fn admission_and_removal_on(program: Pubkey) {
    let mut fx = TestFixture::new().await;
    // Listed: two healthy validators and one that will close its vote account. Candidates: C, B.
    let validators = new_validators(&mut fx, &[0, 0, 0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let (listed, candidate, blacklisted) = (&votes[..3], votes[3], votes[4]);
    let closing = 2;
    let params = Parameters {
        minimum_voting_epochs: 2,
        minimum_stake_lamports: 100 * SOL,
        num_delegation_validators: 4,
        ..test_parameters()
    };
    let sp = StewardPool::new_staked(&mut fx, program, listed, 500 * SOL, 10 * SOL, params).await;
    let a = sp.addresses.clone();
    let admin = sp.authority.insecure_clone();
    let voting: Vec<_> = votes.iter().enumerate().filter(|(i, _)| *i != closing).map(|(_, v)| *v).collect();

    // Epoch E: the candidates start voting, and holders delegate 100 SOL to each (active from E+1).
    let epoch = fx.epoch().await;
    for vote in [candidate, blacklisted] {
        let holder = fx.funded_user(101 * SOL).await;
        fx.create_delegated_stake(&Keypair::new(), &holder, &vote, 100 * SOL).await.expect("stake");
    }
    let candidates = [candidate, blacklisted];
    voting_epoch(&mut fx, &sp, epoch, &voting, &candidates).await;
    let err = sp.send(&mut fx, a.add_validator(&candidate), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::AdmissionRefused)), "no completed voting epoch");

    // Epoch E+1: one completed voting epoch of the two needed.
    let epoch = epoch + 1;
    voting_epoch(&mut fx, &sp, epoch, &voting, &candidates).await;
    let err = sp.send(&mut fx, a.add_validator(&candidate), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::AdmissionRefused)), "one voting epoch");

    // Epoch E+2: the last two epochs voted, and the runtime's epoch stake is 100 SOL: refused while
    // the minimum is one lamport more, admitted at 100 SOL.
    let epoch = epoch + 1;
    voting_epoch(&mut fx, &sp, epoch, &voting, &candidates).await;
    let set_minimum = |lamports: u64| {
        let update =
            ParametersUpdate { minimum_stake_lamports: Some(lamports), ..ParametersUpdate::default() };
        client::update_parameters(&a.config, &admin.pubkey(), update)
    };
    sp.send(&mut fx, set_minimum(100 * SOL + 1), &[&admin]).await.expect("minimum raised");
    let err = sp.send(&mut fx, a.add_validator(&candidate), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::AdmissionRefused)), "stake below the minimum");
    sp.send(&mut fx, set_minimum(100 * SOL), &[&admin]).await.expect("minimum restored");
    sp.send(&mut fx, a.add_validator(&candidate), &[]).await.expect("admitted");
    let state = sp.state(&mut fx).await;
    assert_eq!(state.slots.len(), 4);
    assert_eq!(state.slots[3].vote_account, candidate);
    assert_eq!(sp.pool.validator_list(&mut fx).await.validators[3].vote_account_address, candidate);

    // The blacklisted candidate qualifies otherwise.
    let ban = client::set_blacklist(&a.config, &admin.pubkey(), &blacklisted, true);
    fx.process(&[ban], &[&admin]).await.expect("blacklist");
    let err = sp.send(&mut fx, a.add_validator(&blacklisted), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::AdmissionRefused)), "blacklisted");
    let unban = client::set_blacklist(&a.config, &admin.pubkey(), &blacklisted, false);
    fx.process(&[unban], &[&admin]).await.expect("unblacklist");

    // A user stakes with validator 1 (active next epoch, when it will have been removed).
    let user = fx.funded_user(20 * SOL).await;
    let stake = Keypair::new();
    fx.create_delegated_stake(&stake, &user, &votes[1], 10 * SOL).await.expect("user stake");

    // Epoch E+2: its history was not copied this epoch.
    let epoch = epoch + 1;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    sp.crank(&mut fx).await.expect("crank");
    let err = sp.send(&mut fx, a.add_validator(&blacklisted), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::StaleValidatorHistory)));

    // Removal: refused for a healthy validator, allowed once its vote account is closed.
    let list = sp.pool.validator_list(&mut fx).await;
    let seeds = |i: usize| {
        (
            u32::from(list.validators[i].validator_seed_suffix),
            u64::from(list.validators[i].transient_seed_suffix),
        )
    };
    let (s1, t1) = seeds(1);
    let err = sp.send(&mut fx, a.remove_validator(1, &votes[1], s1, t1, None), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::RemovalRefused)));
    let (identity, vote) = (&validators[closing].0, votes[closing]);
    let all = fx.lamports(&vote).await;
    let close = vote_instruction::withdraw(&vote, &identity.pubkey(), all, &identity.pubkey());
    fx.process(&[close], &[identity]).await.expect("vote account closed");
    let (s2, t2) = seeds(closing);
    sp.send(&mut fx, a.remove_validator(closing as u32, &vote, s2, t2, None), &[])
        .await
        .expect("closed: removed");
    // The admin may remove a healthy validator.
    sp.send(&mut fx, a.remove_validator(1, &votes[1], s1, t1, Some(admin.pubkey())), &[&admin])
        .await
        .expect("admin");
    let state = sp.state(&mut fx).await;
    assert!(state.slots[1].flags & flag::REMOVING != 0 && state.slots[closing].flags & flag::REMOVING != 0);

    // A user's stake delegated to the removed validator cannot be deposited.
    let tokens = sp.pool.create_token_account(&mut fx, &user.pubkey()).await.expect("token account");
    let ixs = sp.pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), &votes[1], &tokens, &tokens, None);
    let err = fx.process(&ixs, &[&user]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(StakePoolError::ValidatorNotFound as u32));

    // Next epoch: the pool drops both entries and the steward's state follows — once the pool's
    // cleanup has run (before it, the list would shift under the steward).
    let epoch = epoch + 1;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    let (state_now, list_now) = (sp.pool.state(&mut fx).await, sp.pool.validator_list(&mut fx).await);
    let (chunks, last) = spl_stake_pool::instruction::update_stake_pool(
        &sp.pool.program_id,
        &state_now,
        &list_now,
        &sp.pool.stake_pool.pubkey(),
        false,
    );
    for ix in chunks {
        fx.process(&[ix], &[]).await.expect("list update");
    }
    fx.process(&last[..1], &[]).await.expect("pool balance update, no cleanup");
    let err = sp.send(&mut fx, a.epoch_maintenance(), &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::PoolNeedsCleanup)));
    let report = sp.crank(&mut fx).await.expect("crank");
    assert!(report.step("pool cleanup").is_some());
    let list = sp.pool.validator_list(&mut fx).await;
    let state = sp.state(&mut fx).await;
    let listed_votes: Vec<_> = list.validators.iter().map(|v| v.vote_account_address).collect();
    let state_votes: Vec<_> = state.slots.iter().map(|s| s.vote_account).collect();
    assert_eq!(listed_votes, vec![votes[0], candidate]);
    assert_eq!(state_votes, listed_votes);
}

/// Anyone may remove a validator whose pool stake was deactivated as delinquent (the stake
/// program's `DeactivateDelinquent`, after five epochs without votes).
#[tokio::test]
async fn delinquent_deactivated_validator_is_removed_by_anyone() {
    for program in both_programs() {
        let mut fx = TestFixture::new().await;
        let validators = new_validators(&mut fx, &[0, 0, 0]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let (listed, reference) = (&votes[..2], votes[2]);
        let sp =
            StewardPool::new_staked(&mut fx, program, listed, 100 * SOL, 10 * SOL, test_parameters()).await;
        let delinquent = 1;
        for _ in 0..5 {
            let epoch = fx.epoch().await;
            fx.credit_votes(&reference, 1_000);
            fx.credit_votes(&votes[0], 1_000);
            warp_to_progress(&mut fx, epoch, 5_000).await;
            sp.crank(&mut fx).await.expect("crank");
            fx.next_epoch().await;
        }
        fx.credit_votes(&reference, 1_000);
        fx.credit_votes(&votes[0], 1_000);
        sp.crank(&mut fx).await.expect("crank");
        let list = sp.pool.validator_list(&mut fx).await;
        let entry = &list.validators[delinquent];
        let (seed, transient) =
            (u32::from(entry.validator_seed_suffix), u64::from(entry.transient_seed_suffix));
        let a = sp.addresses.clone();
        let remove = a.remove_validator(delinquent as u32, &votes[delinquent], seed, transient, None);
        let err = sp.send(&mut fx, remove.clone(), &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(code(StewardError::RemovalRefused)));

        let stake = a.validator_stake(&votes[delinquent], seed);
        let deactivate = solana_stake_interface::instruction::deactivate_delinquent_stake(
            &stake,
            &votes[delinquent],
            &reference,
        );
        fx.process(&[deactivate], &[]).await.expect("deactivate delinquent");
        sp.send(&mut fx, remove, &[]).await.expect("removed by anyone");
        assert!(sp.state(&mut fx).await.slots[delinquent].flags & flag::REMOVING != 0);
    }
}
