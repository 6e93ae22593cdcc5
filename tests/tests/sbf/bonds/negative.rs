//! Every bonds instruction refuses a substituted account or a missing authority with its exact
//! error, and refuses to settle an epoch before the chain holds all of it.

use {
    anchor_lang::error::ErrorCode as AnchorError,
    bonds::{
        errors::BondsError,
        events::{AuthorityChanged, AuthorityOffered, LockupChanged},
    },
    lst_sdk::{
        bonds::{settlement_address, BondsAddresses},
        steward as client,
    },
    lst_tests::{
        bonds::{open_bond, open_bonds},
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture, TxError},
        steward::{events, new_validators, test_parameters, warp_to_progress, StewardPool},
    },
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::state::Parameters,
};

const SOL: u64 = 1_000_000_000;

fn code(e: BondsError) -> Option<u32> {
    Some(u32::from(e))
}

fn with(mut ix: Instruction, index: usize, key: Pubkey) -> Instruction {
    ix.accounts[index].pubkey = key;
    ix
}

async fn refused(fx: &mut TestFixture, ix: Instruction, signers: &[&Keypair], want: Option<u32>) {
    let err: TxError = fx.process(&[ix], signers).await.expect_err("must fail");
    assert_eq!(err.custom_code(), want, "{err:?}");
}

#[tokio::test]
async fn every_substitution_and_missing_authority_is_refused() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[5, 5]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: 2, epochs_per_cycle: 10, ..test_parameters() };
    let programs = [stake_pool_program_id(), upstream_program_id()];
    let pools = StewardPool::twins(&mut fx, &programs, &votes, 100 * SOL, &[10 * SOL; 2], params).await;
    let (a, b) = (&pools[0], &pools[1]);
    let stranger = Keypair::new();
    let payer = fx.payer().pubkey();
    let (identity, vote) = (&validators[0].0, votes[0]);

    // initialize_bonds: only the steward's admin.
    let other = BondsAddresses::new(b.addresses.config, b.pool.stake_pool.pubkey(), b.pool.reserve.pubkey());
    let ix = other.initialize(&stranger.pubkey(), &payer, &stranger.pubkey(), 2);
    refused(&mut fx, ix, &[&stranger], code(BondsError::Unauthorized)).await;
    let ix = other.initialize(&b.authority.pubkey(), &payer, &b.authority.pubkey(), 1);
    refused(&mut fx, ix, &[&b.authority], code(BondsError::LockupOutOfBounds)).await;
    let bonds_b = open_bonds(&mut fx, b, 2).await;
    let bonds_a = open_bonds(&mut fx, a, 2).await;

    // set_lockup: only the bonds authority, within 2..=32; the event carries old and new.
    refused(&mut fx, bonds_a.set_lockup(&stranger.pubkey(), 3), &[&stranger], code(BondsError::Unauthorized))
        .await;
    for bad in [1, 33] {
        let ix = bonds_a.set_lockup(&a.authority.pubkey(), bad);
        refused(&mut fx, ix, &[&a.authority], code(BondsError::LockupOutOfBounds)).await;
    }
    let done =
        fx.process(&[bonds_a.set_lockup(&a.authority.pubkey(), 3)], &[&a.authority]).await.expect("lockup");
    let changed = events::<LockupChanged>(&done.logs);
    assert_eq!((changed[0].old, changed[0].new), (2, 3));

    // offer_authority / accept_authority: only the authority offers, only the offered successor
    // accepts; the former authority can do nothing after.
    let successor = Keypair::new();
    let ix = bonds_a.offer_authority(&stranger.pubkey(), &stranger.pubkey());
    refused(&mut fx, ix, &[&stranger], code(BondsError::Unauthorized)).await;
    let ix = bonds_a.accept_authority(&stranger.pubkey());
    refused(&mut fx, ix, &[&stranger], code(BondsError::NoPendingAuthority)).await;
    // An offer replaced, then withdrawn: neither earlier successor can take it.
    let authority = a.authority.pubkey();
    for new in [stranger.pubkey(), successor.pubkey(), Pubkey::default()] {
        fx.process(&[bonds_a.offer_authority(&authority, &new)], &[&a.authority]).await.expect("offer");
    }
    for who in [&stranger, &successor] {
        let ix = bonds_a.accept_authority(&who.pubkey());
        refused(&mut fx, ix, &[who], code(BondsError::NoPendingAuthority)).await;
    }
    let offer = bonds_a.offer_authority(&a.authority.pubkey(), &successor.pubkey());
    let done = fx.process(&[offer], &[&a.authority]).await.expect("offer");
    let offered = events::<AuthorityOffered>(&done.logs);
    assert_eq!((offered[0].old, offered[0].new), (Pubkey::default(), successor.pubkey()));
    let ix = bonds_a.accept_authority(&stranger.pubkey());
    refused(&mut fx, ix, &[&stranger], code(BondsError::NoPendingAuthority)).await;
    let done =
        fx.process(&[bonds_a.accept_authority(&successor.pubkey())], &[&successor]).await.expect("accept");
    let changed = events::<AuthorityChanged>(&done.logs);
    assert_eq!((changed[0].old, changed[0].new), (a.authority.pubkey(), successor.pubkey()));
    let ix = bonds_a.accept_authority(&successor.pubkey());
    refused(&mut fx, ix, &[&successor], code(BondsError::NoPendingAuthority)).await;
    let ix = bonds_a.set_lockup(&a.authority.pubkey(), 4);
    refused(&mut fx, ix, &[&a.authority], code(BondsError::Unauthorized)).await;
    let ix = bonds_a.offer_authority(&a.authority.pubkey(), &a.authority.pubkey());
    refused(&mut fx, ix, &[&a.authority], code(BondsError::Unauthorized)).await;
    // Handed back, so the rest of this test runs as before.
    let back = bonds_a.offer_authority(&successor.pubkey(), &a.authority.pubkey());
    fx.process(&[back], &[&successor]).await.expect("offer back");
    fx.process(&[bonds_a.accept_authority(&a.authority.pubkey())], &[&a.authority]).await.expect("back");

    // open_bond: the vote account's withdraw authority, of a real vote account.
    refused(
        &mut fx,
        bonds_a.open_bond(&vote, &stranger.pubkey(), &payer),
        &[&stranger],
        code(BondsError::NotVoteWithdrawer),
    )
    .await;
    let pool_account = a.pool.stake_pool.pubkey();
    let not_vote = with(bonds_a.open_bond(&vote, &identity.pubkey(), &payer), 1, pool_account);
    let not_vote = with(not_vote, 3, lst_sdk::bonds::bond_address(&bonds_a.config, &pool_account));
    refused(&mut fx, not_vote, &[identity], code(BondsError::InvalidVoteAccount)).await;
    open_bond(&mut fx, &bonds_a, identity, &vote, SOL).await.expect("bond a");
    open_bond(&mut fx, &bonds_b, identity, &vote, SOL).await.expect("bond b");

    // offer_authority / accept_authority take only a bonds config: not another program's account
    // (the steward's config), not another bonds account (a bond).
    let offer = bonds_a.offer_authority(&a.authority.pubkey(), &successor.pubkey());
    let accept = bonds_a.accept_authority(&successor.pubkey());
    for (ix, signer) in [(offer, &a.authority), (accept, &successor)] {
        let not_ours = with(ix.clone(), 0, a.addresses.config);
        refused(&mut fx, not_ours, &[signer], Some(u32::from(AnchorError::AccountOwnedByWrongProgram))).await;
        let a_bond = with(ix, 0, bonds_a.bond(&vote));
        refused(&mut fx, a_bond, &[signer], Some(u32::from(AnchorError::AccountDiscriminatorMismatch))).await;
    }

    // fund_bond: something, into this config's bond.
    refused(&mut fx, bonds_a.fund_bond(&vote, &payer, 0), &[], code(BondsError::ZeroAmount)).await;
    let foreign = with(bonds_a.fund_bond(&vote, &payer, SOL), 1, bonds_b.bond(&vote));
    refused(&mut fx, foreign, &[], code(BondsError::BondMismatch)).await;

    // request_withdraw / withdraw: the bond's own vote account and its withdraw authority.
    let ix = bonds_a.request_withdraw(&vote, &stranger.pubkey(), SOL);
    refused(&mut fx, ix, &[&stranger], code(BondsError::NotVoteWithdrawer)).await;
    let other_vote = with(bonds_a.request_withdraw(&vote, &validators[1].0.pubkey(), SOL), 2, votes[1]);
    refused(&mut fx, other_vote, &[&validators[1].0], code(BondsError::InvalidVoteAccount)).await;

    // settle: every account is the steward's own, and only a recorded, ended epoch.
    let epoch = fx.epoch().await;
    warp_to_progress(&mut fx, epoch, 5_000).await;
    a.crank(&mut fx).await.expect("crank creates the histories");
    b.crank(&mut fx).await.expect("crank creates the histories");
    let ix = bonds_a.withdraw(&vote, &identity.pubkey(), &payer, (epoch, epoch, epoch));
    refused(&mut fx, ix, &[identity], code(BondsError::NoWithdrawRequest)).await;
    let settle = bonds_a.settle(&vote, epoch - 1, &payer);
    let foreign_bond = with(settle.clone(), 1, bonds_b.bond(&vote));
    let foreign_bond = with(foreign_bond, 9, settlement_address(&bonds_b.bond(&vote), epoch - 1));
    refused(&mut fx, foreign_bond, &[], code(BondsError::BondMismatch)).await;
    let cases = [
        (2, b.addresses.config, code(BondsError::StewardConfigMismatch)),
        (3, a.addresses.history(&votes[1]), code(BondsError::HistoryMismatch)),
        (3, b.addresses.history(&vote), code(BondsError::HistoryMismatch)),
        (4, b.addresses.cluster_history, code(BondsError::ClusterHistoryMismatch)),
        (4, a.addresses.history(&vote), Some(u32::from(AnchorError::AccountDiscriminatorMismatch))),
        (5, b.pool.stake_pool.pubkey(), code(BondsError::StakePoolMismatch)),
        (6, b.pool.reserve.pubkey(), code(BondsError::ReserveMismatch)),
        (7, Keypair::new().pubkey(), code(BondsError::TipDistributionMismatch)),
        (8, Keypair::new().pubkey(), code(BondsError::InvalidFeatureAccount)),
        (9, settlement_address(&bonds_a.bond(&vote), epoch), Some(u32::from(AnchorError::ConstraintSeeds))),
    ];
    for (index, key, want) in cases {
        refused(&mut fx, with(settle.clone(), index, key), &[], want).await;
    }
    refused(&mut fx, bonds_a.settle(&vote, epoch, &payer), &[], code(BondsError::EpochNotEnded)).await;
    // The epoch before the bond was opened: it answers for none.
    refused(&mut fx, settle, &[], code(BondsError::EpochBeforeBond)).await;

    // This epoch is recorded at the instant-unstake point; in the next one, not before the vote
    // account is copied again and the cluster's rewards for it are read.
    fx.credit_votes(&vote, 1_000);
    warp_to_progress(&mut fx, epoch, 9_000).await;
    a.crank(&mut fx).await.expect("instant-unstake crank");
    fx.next_epoch().await;
    let settle = bonds_a.settle(&vote, epoch, &payer);
    refused(&mut fx, settle.clone(), &[], code(BondsError::CreditsNotFinal)).await;
    fx.process(&[client::copy_vote_account(&a.addresses.config, &vote)], &[]).await.expect("vote copy");
    refused(&mut fx, settle, &[], code(BondsError::ClusterEpochNotRecorded)).await;
}
