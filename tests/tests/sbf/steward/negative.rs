//! Every steward instruction refuses substituted accounts with its exact error: another steward's
//! state or history, another pool's list or reserve, a wrong program or sysvar, mismatched
//! validators, malformed batches, an unauthorized creator.

use {
    anchor_lang::error::ErrorCode as AnchorError,
    lst_sdk::steward::{self as client, InitializeArgs},
    lst_tests::{
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture, TxError},
        pool::{PoolConfig, TestPool},
        steward::{code, new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
    },
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::errors::StewardError,
};

const SOL: u64 = 1_000_000_000;

fn with(mut ix: Instruction, index: usize, key: Pubkey) -> Instruction {
    ix.accounts[index].pubkey = key;
    ix
}

fn anchor(e: AnchorError) -> Option<u32> {
    Some(u32::from(e))
}

async fn expect(
    sp: &StewardPool,
    fx: &mut TestFixture,
    ix: Instruction,
    signers: &[&Keypair],
    want: Option<u32>,
) {
    let err: TxError = sp.send(fx, ix, signers).await.expect_err("must fail");
    assert_eq!(err.custom_code(), want, "{err:?}");
}

#[tokio::test]
async fn substituted_accounts_are_refused() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[0, 0, 0]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let sp = StewardPool::new_staked(
        &mut fx,
        stake_pool_program_id(),
        &votes,
        100 * SOL,
        10 * SOL,
        test_parameters(),
    )
    .await;
    let other = StewardPool::new_staked(
        &mut fx,
        stake_pool_program_id(),
        &votes,
        100 * SOL,
        10 * SOL,
        test_parameters(),
    )
    .await;
    let (a, b) = (sp.addresses.clone(), other.addresses.clone());
    let epoch = fx.epoch().await;
    open_tips(&mut fx, &tips_of(&validators, 0, &[])).await;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    sp.pool.update_all(&mut fx).await.expect("update");
    other.pool.update_all(&mut fx).await.expect("update");
    for s in [&sp, &other] {
        s.init_histories(&mut fx, &votes).await;
        let c = &s.addresses.config;
        let copies: Vec<_> = votes
            .iter()
            .flat_map(|v| [client::copy_vote_account(c, v), client::copy_tip_distribution(c, v, epoch)])
            .collect();
        fx.process(&copies, &[]).await.expect("copies");
        // Scoring judges the previous epoch too: it waits for that epoch's complete block count.
        if s.addresses.config == sp.addresses.config {
            sp.send(&mut fx, s.addresses.epoch_maintenance(), &[]).await.expect("maintenance");
            let early = sp.send(&mut fx, s.addresses.compute_scores(0, &votes), &[]).await.unwrap_err();
            assert_eq!(early.custom_code(), Some(code(StewardError::StaleClusterHistory)));
        }
        fx.process(&[client::copy_cluster_info(c)], &[]).await.expect("cluster info");
    }

    // epoch_maintenance: [config, state, staker, stake_pool, validator_list]
    let m = a.epoch_maintenance();
    expect(&sp, &mut fx, with(m.clone(), 1, b.state), &[], Some(code(StewardError::StateMismatch))).await;
    expect(&sp, &mut fx, with(m.clone(), 3, b.stake_pool), &[], Some(code(StewardError::StakePoolMismatch)))
        .await;
    expect(
        &sp,
        &mut fx,
        with(m.clone(), 4, b.validator_list),
        &[],
        Some(code(StewardError::ValidatorListMismatch)),
    )
    .await;
    expect(&sp, &mut fx, with(m.clone(), 2, b.staker), &[], anchor(AnchorError::ConstraintSeeds)).await;
    sp.send(&mut fx, m, &[]).await.expect("maintenance");

    // copy_vote_account: [config, history, vote]; copy_cluster_info: [config, cluster, slot_history]
    let c = client::copy_vote_account(&a.config, &votes[0]);
    expect(&sp, &mut fx, with(c.clone(), 2, votes[1]), &[], Some(code(StewardError::VoteAccountMismatch)))
        .await;
    expect(&sp, &mut fx, with(c, 1, b.history(&votes[0])), &[], Some(code(StewardError::HistoryMismatch)))
        .await;
    // copy_tip_distribution: [config, history, tip-distribution account]: the validator's own account
    // of that epoch only, and no future epoch.
    let t = client::copy_tip_distribution(&a.config, &votes[0], epoch);
    let theirs = client::tip_distribution_address(&votes[1], epoch);
    expect(&sp, &mut fx, with(t.clone(), 2, theirs), &[], Some(code(StewardError::TipDistributionMismatch)))
        .await;
    let earlier = client::tip_distribution_address(&votes[0], epoch - 1);
    expect(&sp, &mut fx, with(t.clone(), 2, earlier), &[], Some(code(StewardError::TipDistributionMismatch)))
        .await;
    expect(&sp, &mut fx, with(t, 1, b.history(&votes[0])), &[], Some(code(StewardError::HistoryMismatch)))
        .await;
    let future = client::copy_tip_distribution(&a.config, &votes[0], epoch + 1);
    expect(&sp, &mut fx, future, &[], Some(code(StewardError::EpochOutOfRange))).await;
    // copy_histories: [config, (history, vote, this epoch's tip-distribution account) per validator]:
    // the same checks per validator, wherever it sits in the batch.
    let h = client::copy_histories(&a.config, epoch, &votes[..2]);
    for at in [1, 4] {
        let vote = h.accounts[at + 1].pubkey;
        let other = if vote == votes[0] { votes[1] } else { votes[0] };
        let cases = [
            (at, b.history(&vote), code(StewardError::HistoryMismatch)),
            (at + 1, other, code(StewardError::VoteAccountMismatch)),
            (
                at + 2,
                client::tip_distribution_address(&other, epoch),
                code(StewardError::TipDistributionMismatch),
            ),
            (
                at + 2,
                client::tip_distribution_address(&vote, epoch - 1),
                code(StewardError::TipDistributionMismatch),
            ),
            (at, a.state, u32::from(AnchorError::AccountDiscriminatorMismatch)),
            (at, vote, u32::from(AnchorError::AccountOwnedByWrongProgram)),
        ];
        for (index, key, error) in cases {
            expect(&sp, &mut fx, with(h.clone(), index, key), &[], Some(error)).await;
        }
        let mut read_only = h.clone();
        read_only.accounts[at].is_writable = false;
        expect(&sp, &mut fx, read_only, &[], anchor(AnchorError::ConstraintMut)).await;
    }
    let mut partial = h.clone();
    partial.accounts.pop();
    expect(&sp, &mut fx, partial, &[], Some(code(StewardError::BadRemainingAccounts))).await;
    let mut empty = h.clone();
    empty.accounts.truncate(1);
    expect(&sp, &mut fx, empty, &[], Some(code(StewardError::BadRemainingAccounts))).await;
    expect(&sp, &mut fx, with(h.clone(), 0, b.config), &[], Some(code(StewardError::HistoryMismatch))).await;
    sp.send(&mut fx, h, &[]).await.expect("copy histories");
    let clock_id = lst_sdk::interface::id::CLOCK_SYSVAR;
    let ci = client::copy_cluster_info(&a.config);
    expect(&sp, &mut fx, with(ci, 2, clock_id), &[], Some(code(StewardError::InvalidSlotHistory))).await;
    // init_validator_history: [payer, config, history, vote, system]: not a vote account.
    let stranger = Keypair::new();
    let ih = client::init_validator_history(&a.config, &fx.payer().pubkey(), &stranger.pubkey());
    fx.create_account(&stranger, 0, &Pubkey::default()).await.expect("system account");
    expect(&sp, &mut fx, ih, &[], Some(code(StewardError::InvalidVoteAccount))).await;

    // compute_scores: [config, state, cluster_history, stake_pool, histories...]
    let s = a.compute_scores(0, &votes);
    let mut swapped = s.clone();
    swapped.accounts.swap(4, 5);
    expect(&sp, &mut fx, swapped, &[], Some(code(StewardError::HistoryMismatch))).await;
    expect(
        &sp,
        &mut fx,
        with(s.clone(), 4, b.history(&votes[0])),
        &[],
        Some(code(StewardError::HistoryMismatch)),
    )
    .await;
    expect(
        &sp,
        &mut fx,
        with(s.clone(), 4, a.stake_pool),
        &[],
        anchor(AnchorError::AccountOwnedByWrongProgram),
    )
    .await;
    expect(
        &sp,
        &mut fx,
        with(s.clone(), 2, b.cluster_history),
        &[],
        Some(code(StewardError::HistoryMismatch)),
    )
    .await;
    expect(&sp, &mut fx, a.compute_scores(3, &votes[..1]), &[], Some(code(StewardError::IndexOutOfRange)))
        .await;
    sp.send(&mut fx, s, &[]).await.expect("scores");
    sp.send(&mut fx, a.compute_delegations(), &[]).await.expect("delegations");

    // compute_instant_unstake: [config, state, cluster, pool, list, reserve, stake program,
    // (history, vote, tip-distribution account)...]; the cluster's block count must be read after
    // the progress point.
    warp_to_progress(&mut fx, epoch, 9_000).await;
    let iu = a.compute_instant_unstake(epoch, 0, &votes);
    expect(&sp, &mut fx, iu.clone(), &[], Some(code(StewardError::StaleClusterHistory))).await;
    sp.send(&mut fx, client::copy_cluster_info(&a.config), &[]).await.expect("cluster info");
    expect(
        &sp,
        &mut fx,
        with(iu.clone(), 4, b.validator_list),
        &[],
        Some(code(StewardError::ValidatorListMismatch)),
    )
    .await;
    expect(&sp, &mut fx, with(iu.clone(), 5, b.reserve), &[], Some(code(StewardError::ReserveMismatch)))
        .await;
    expect(&sp, &mut fx, with(iu.clone(), 8, votes[1]), &[], Some(code(StewardError::VoteAccountMismatch)))
        .await;
    let wrong_tips = client::tip_distribution_address(&votes[1], epoch);
    expect(
        &sp,
        &mut fx,
        with(iu.clone(), 9, wrong_tips),
        &[],
        Some(code(StewardError::TipDistributionMismatch)),
    )
    .await;
    let mut odd = iu.clone();
    odd.accounts.pop();
    expect(&sp, &mut fx, odd, &[], Some(code(StewardError::BadRemainingAccounts))).await;
    sp.send(&mut fx, iu, &[]).await.expect("instant unstake");

    // rebalance: [config, state, staker, pool, withdraw authority, list, reserve, clock, rent,
    // stake history, stake config, system, stake program, pool program, rent payer,
    // (vote, stake, transient)...]
    let list = sp.pool.validator_list(&mut fx).await;
    let triples: Vec<_> = list
        .validators
        .iter()
        .map(|v| (v.vote_account_address, 0, u64::from(v.transient_seed_suffix)))
        .collect();
    let payer = fx.payer().pubkey();
    let r = a.rebalance(&payer, 0, &triples);
    expect(
        &sp,
        &mut fx,
        with(r.clone(), 13, upstream_program_id()),
        &[],
        Some(code(StewardError::PoolProgramMismatch)),
    )
    .await;
    expect(&sp, &mut fx, with(r.clone(), 6, b.reserve), &[], Some(code(StewardError::ReserveMismatch))).await;
    expect(
        &sp,
        &mut fx,
        with(r.clone(), 5, b.validator_list),
        &[],
        Some(code(StewardError::ValidatorListMismatch)),
    )
    .await;
    expect(&sp, &mut fx, with(r.clone(), 3, b.stake_pool), &[], Some(code(StewardError::StakePoolMismatch)))
        .await;
    expect(&sp, &mut fx, with(r.clone(), 7, a.stake_pool), &[], anchor(AnchorError::ConstraintAddress)).await;
    expect(&sp, &mut fx, with(r.clone(), 15, votes[1]), &[], Some(code(StewardError::VoteAccountMismatch)))
        .await;
    // Another validator's stake account under this slot's vote account: the pool would act on it.
    let stranger_stake = a.validator_stake(&votes[1], 0);
    let mismatch = Some(code(StewardError::ValidatorStakeMismatch));
    expect(&sp, &mut fx, with(r.clone(), 16, stranger_stake), &[], mismatch).await;
    let mut odd = r.clone();
    odd.accounts.pop();
    expect(&sp, &mut fx, odd, &[], Some(code(StewardError::BadRemainingAccounts))).await;
    expect(
        &sp,
        &mut fx,
        a.rebalance(&payer, 3, &triples[..1]),
        &[],
        Some(code(StewardError::IndexOutOfRange)),
    )
    .await;
    sp.send(&mut fx, r, &[]).await.expect("rebalance");
    // Done for this epoch: a second rebalance is out of step (only an increase waiting for the
    // reserve may be retried).
    expect(&sp, &mut fx, a.rebalance(&payer, 0, &triples), &[], Some(code(StewardError::InvalidState))).await;

    // remove_validator: [config, state, staker, pool accounts (11), validator stake, transient stake,
    // vote, admin]: the stake account must be this validator's, and removal happens once.
    let admin = sp.authority.insecure_clone();
    let (vote, transient) = (triples[0].0, triples[0].2);
    let remove = a.remove_validator(0, &vote, 0, transient, Some(admin.pubkey()));
    expect(&sp, &mut fx, with(remove.clone(), 14, stranger_stake), &[&admin], mismatch).await;
    sp.send(&mut fx, remove.clone(), &[&admin]).await.expect("admin removal");
    expect(&sp, &mut fx, remove, &[&admin], Some(code(StewardError::AlreadyRemoving))).await;
}

#[tokio::test]
async fn only_the_pool_staker_or_manager_creates_its_steward() {
    let mut fx = TestFixture::new().await;
    let pool =
        TestPool::new(stake_pool_program_id(), PoolConfig::default(), &Keypair::new(), &Keypair::new());
    pool.create(&mut fx).await.expect("pool");
    let stranger = fx.funded_user(SOL).await;
    let args = |p| InitializeArgs {
        admin: stranger.pubkey(),
        parameters_authority: stranger.pubkey(),
        blacklist_authority: stranger.pubkey(),
        oracle_authority: stranger.pubkey(),
        parameters: p,
    };
    let state = Keypair::new();
    fx.create_account(&state, client::STATE_ACCOUNT_LEN, &lst_sdk::STEWARD_PROGRAM_ID).await.expect("state");
    let small = Keypair::new();
    fx.create_account(&small, 1_000, &lst_sdk::STEWARD_PROGRAM_ID).await.expect("small state");
    let (payer, pool_key) = (fx.payer().pubkey(), pool.stake_pool.pubkey());
    let init = |authority: &Pubkey, state: &Pubkey, p| {
        client::initialize_steward(&payer, authority, &pool_key, state, args(p))
    };

    let err = fx
        .process(&[init(&stranger.pubkey(), &state.pubkey(), test_parameters())], &[&stranger])
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::Unauthorized)));
    let bad = steward::state::Parameters { epochs_per_cycle: 0, ..test_parameters() };
    let err =
        fx.process(&[init(&pool.staker.pubkey(), &state.pubkey(), bad)], &[&pool.staker]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::EpochsPerCycleOutOfBounds)));
    let err = fx
        .process(&[init(&pool.staker.pubkey(), &small.pubkey(), test_parameters())], &[&pool.staker])
        .await
        .unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::StateSize)));
    // Not a pool at all.
    let fake = client::initialize_steward(
        &payer,
        &pool.staker.pubkey(),
        &stranger.pubkey(),
        &state.pubkey(),
        args(test_parameters()),
    );
    let err = fx.process(&[fake], &[&pool.staker]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::StakePoolMismatch)));
    fx.process(&[init(&pool.manager.pubkey(), &state.pubkey(), test_parameters())], &[&pool.manager])
        .await
        .expect("manager may");

    // Before the manager hands the staker role over, the steward cannot run.
    let addresses = client::StewardAddresses::new(
        pool.program_id,
        pool.stake_pool.pubkey(),
        pool.validator_list.pubkey(),
        pool.reserve.pubkey(),
        state.pubkey(),
    );
    let err = fx.process(&[addresses.epoch_maintenance()], &[]).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(code(StewardError::NotPoolStaker)));
}
