//! A bond holding a stake account. Validators 0–2 bond stake accounts delegated to their own vote
//! accounts; validator 3's bond is empty. In epoch L validators 1 and 3 stop voting. Validator 1's
//! loss is pledged from its stake (its bond holds no SOL), which anyone deactivates and, once
//! inactive, collects into the pool's reserve: the pool's next update gains exactly the loss.
//! Validator 3's loss is its shortfall, which an empty insurance fund cannot cover. After the
//! lock-up validator 0 takes its stake account back; validator 1 cannot (its stake is owed) nor can
//! validator 2 with a request short of its stake. Every substituted stake account, signer and state
//! is refused with its exact error.

use {
    bonds::{
        errors::BondsError,
        events::{BondStakeCollected, LossSettled},
    },
    lst_sdk::{instructions::create_associated_token_account_idempotent, steward as client},
    lst_tests::{
        bonds::{bond, open_bond, open_bonds, pool_token, settle, settlement},
        fixture::{stake_pool_program_id, TestFixture, TxError},
        steward::{events, new_validators, run_epoch, test_parameters, warp_to_progress, StewardPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_stake_interface::{
        instruction::{authorize, create_account_and_delegate_stake},
        state::{Authorized, Lockup, StakeAuthorize, StakeStateV2},
    },
    steward::state::Parameters,
};

const SOL: u64 = 1_000_000_000;

fn code(e: BondsError) -> Option<u32> {
    Some(u32::from(e))
}

/// What the steward's bond filter counts of `vote`'s bond.
async fn counted(fx: &mut TestFixture, bonds: &lst_sdk::bonds::BondsAddresses, vote: &Pubkey) -> u64 {
    let address = bonds.bond(vote);
    let mut account = fx.ctx.banks_client.get_account(address).await.expect("rpc").expect("bond");
    // The test bank's rent is the default one.
    let rent = anchor_lang::prelude::Rent::default();
    let info = anchor_lang::prelude::AccountInfo::new(
        &address,
        false,
        false,
        &mut account.lamports,
        &mut account.data,
        &account.owner,
        false,
    );
    steward::foreign::bond::available(&info, &bonds.config, vote, &rent).expect("a bond")
}

async fn stake_state(fx: &mut TestFixture, stake: &Pubkey) -> StakeStateV2 {
    bincode::deserialize(&fx.data(stake).await).expect("stake account")
}

#[tokio::test]
async fn a_bond_pays_from_its_stake_account_and_the_validator_takes_the_rest_back() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[5, 5, 5, 5]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: 4, epochs_per_cycle: 10, ..test_parameters() };
    let sp =
        StewardPool::twins(&mut fx, &[stake_pool_program_id()], &votes, 500 * SOL, &[100 * SOL; 4], params)
            .await
            .remove(0);
    let b = open_bonds(&mut fx, &sp, 2).await;
    for (identity, vote) in &validators {
        open_bond(&mut fx, &b, identity, vote, 0).await.expect("bond");
    }
    // An empty insurance fund.
    let (token, payer) = (pool_token(&sp), fx.payer().pubkey());
    let ixs = [
        b.open_insurance(&sp.authority.pubkey(), &payer, u64::MAX),
        create_associated_token_account_idempotent(&payer, &b.insurance(), &token.mint, &token.program),
    ];
    fx.process(&ixs, &[&sp.authority]).await.expect("insurance fund");

    // Each of validators 0–2 delegates 20 SOL to itself; a stranger delegates 20 SOL to validator 1.
    let stakes: Vec<Keypair> = (0..3).map(|_| Keypair::new()).collect();
    for ((identity, vote), stake) in validators.iter().zip(&stakes) {
        fx.create_delegated_stake(stake, identity, vote, 20 * SOL).await.expect("stake");
    }
    let (stranger, strangers_stake) = (Keypair::new(), Keypair::new());
    fx.create_delegated_stake(&strangers_stake, &stranger, &votes[1], 20 * SOL).await.expect("stake");

    // Refused: a stake account the bond does not control; one delegated to another validator; a
    // signer that is not the vote account's withdraw authority.
    let (identity0, vote0) = (&validators[0].0, votes[0]);
    let alone = b.fund_bond_stake(&vote0, &identity0.pubkey(), &stakes[0].pubkey(), &identity0.pubkey());
    let err = fx.process(&alone[2..], &[identity0]).await.expect_err("not the bond's");
    assert_eq!(err.custom_code(), code(BondsError::StakeNotBondControlled));
    let mut other_vote =
        b.fund_bond_stake(&vote0, &identity0.pubkey(), &strangers_stake.pubkey(), &stranger.pubkey());
    other_vote[2] =
        b.fund_bond_stake(&vote0, &identity0.pubkey(), &strangers_stake.pubkey(), &identity0.pubkey())[2]
            .clone();
    let err = fx.process(&other_vote, &[identity0, &stranger]).await.expect_err("delegated elsewhere");
    assert_eq!(err.custom_code(), code(BondsError::StakeNotDelegatedToVote));
    let not_withdrawer =
        b.fund_bond_stake(&vote0, &stranger.pubkey(), &stakes[0].pubkey(), &identity0.pubkey());
    let err = fx.process(&not_withdrawer, &[identity0, &stranger]).await.expect_err("not the validator");
    assert_eq!(err.custom_code(), code(BondsError::NotVoteWithdrawer));
    // Bonded: the steward counts the stake account's lamports.
    for ((identity, vote), stake) in validators.iter().zip(&stakes) {
        let ixs = b.fund_bond_stake(vote, &identity.pubkey(), &stake.pubkey(), &identity.pubkey());
        fx.process(&ixs, &[identity]).await.expect("stake bonded");
        let lamports = fx.lamports(&stake.pubkey()).await;
        assert_eq!(bond(&mut fx, &b, vote).await.stake_lamports, lamports);
        assert_eq!(counted(&mut fx, &b, vote).await, lamports);
    }
    let (second, owner) = (Keypair::new(), identity0);
    fx.create_delegated_stake(&second, owner, &vote0, 2 * SOL).await.expect("stake");
    let again = b.fund_bond_stake(&vote0, &owner.pubkey(), &second.pubkey(), &owner.pubkey());
    let err = fx.process(&again, &[owner]).await.expect_err("one per bond");
    assert_eq!(err.custom_code(), code(BondsError::BondHoldsStake));
    // Not a stake account; a stake already deactivating (handed to the bond in the same
    // transaction, which fails whole).
    let (identity3, vote3) = (&validators[3].0, votes[3]);
    let not_stake = b.fund_bond_stake(&vote3, &identity3.pubkey(), &vote3, &identity3.pubkey());
    let err = fx.process(&not_stake[2..], &[identity3]).await.expect_err("a vote account");
    assert_eq!(err.custom_code(), code(BondsError::NotDelegatedStake));
    let leaving = Keypair::new();
    fx.create_delegated_stake(&leaving, identity3, &vote3, 2 * SOL).await.expect("stake");
    let deactivate =
        solana_stake_interface::instruction::deactivate_stake(&leaving.pubkey(), &identity3.pubkey());
    fx.process(&[deactivate], &[identity3]).await.expect("deactivated");
    let ixs = b.fund_bond_stake(&vote3, &identity3.pubkey(), &leaving.pubkey(), &identity3.pubkey());
    let err = fx.process(&ixs, &[identity3]).await.expect_err("deactivating");
    assert_eq!(err.custom_code(), code(BondsError::StakeDeactivating));
    // A stake under a lock-up in force (its custodian signs the hand-over, so the stake program
    // lets it pass and the bond's own check refuses it).
    let locked = Keypair::new();
    let owner3 = identity3.pubkey();
    let lockup = Lockup { unix_timestamp: 0, epoch: u64::MAX, custodian: owner3 };
    let authorized = Authorized { staker: owner3, withdrawer: owner3 };
    let create =
        create_account_and_delegate_stake(&payer, &locked.pubkey(), &vote3, &authorized, &lockup, 2 * SOL);
    fx.process(&create, &[&locked, identity3]).await.expect("a locked stake");
    let mut ixs = b.fund_bond_stake(&vote3, &owner3, &locked.pubkey(), &owner3);
    ixs[1] = authorize(&locked.pubkey(), &owner3, &b.bond(&vote3), StakeAuthorize::Withdrawer, Some(&owner3));
    let err = fx.process(&ixs, &[identity3]).await.expect_err("locked");
    assert_eq!(err.custom_code(), code(BondsError::StakeLocked));
    // Nothing is owed yet, and the stake account must be the bond's.
    let err =
        fx.process(&[b.unstake_bond(&vote0, &stakes[0].pubkey())], &[]).await.expect_err("nothing owed");
    assert_eq!(err.custom_code(), code(BondsError::NothingOwed));
    let err = fx.process(&[b.unstake_bond(&vote0, &stakes[1].pubkey())], &[]).await.expect_err("another's");
    assert_eq!(err.custom_code(), code(BondsError::StakeMismatch));
    let err = fx.process(&[b.unstake_bond(&votes[3], &stakes[1].pubkey())], &[]).await.expect_err("no stake");
    assert_eq!(err.custom_code(), code(BondsError::NoStake));

    let stewards = [&sp];
    let all_vote: Vec<_> = votes.iter().map(|v| (*v, 1_000)).collect();
    let start = fx.epoch().await;
    // Three epochs of records: a withdrawal checks the epoch before its request, whose commission the
    // runtime (SIMD-0249) took from two epochs earlier.
    for e in start..start + 3 {
        run_epoch(&mut fx, &stewards, e, &all_vote, &[]).await;
    }

    // Epoch L: validators 1 and 3 do not vote. Validators 0 and 1 ask for all of their bond back,
    // validator 2 for less than its stake.
    let epoch = start + 3;
    warp_to_progress(&mut fx, epoch, 100).await;
    for vote in [votes[0], votes[2]] {
        fx.credit_votes(&vote, 1_000);
    }
    for (i, lamports) in [(0, 100 * SOL), (1, 100 * SOL), (2, SOL)] {
        let (identity, vote) = &validators[i];
        let request = b.request_withdraw(vote, &identity.pubkey(), lamports);
        fx.process(&[request], &[identity]).await.expect("withdrawal requested");
    }
    warp_to_progress(&mut fx, epoch, 5_000).await;
    sp.crank(&mut fx).await.expect("scoring crank");
    warp_to_progress(&mut fx, epoch, 9_000).await;
    sp.crank(&mut fx).await.expect("instant-unstake crank");

    // L+1: anyone settles validator 1 by hand: the whole loss is pledged from its stake, nothing
    // reaches the reserve yet.
    warp_to_progress(&mut fx, epoch + 1, 500).await;
    sp.pool.update_all(&mut fx).await.expect("pool update");
    let copies = [
        client::copy_vote_account(&sp.addresses.config, &votes[1]),
        client::copy_cluster_info(&sp.addresses.config),
    ];
    fx.process(&copies, &[]).await.expect("copies");
    let reserve = sp.pool.reserve.pubkey();
    let reserve_before = fx.lamports(&reserve).await;
    let done = settle(&mut fx, &b, &votes[1], epoch).await.expect("settled from stake");
    let event = &events::<LossSettled>(&done.logs)[0];
    let loss = event.loss.loss;
    assert!(loss > 0 && loss < 20 * SOL);
    assert_eq!((event.paid, event.from_stake, event.shortfall), (loss, loss, 0));
    let record = settlement(&mut fx, &b, &votes[1], epoch).await;
    assert_eq!((record.loss_lamports, record.paid_lamports, record.shortfall_lamports), (loss, loss, 0));
    assert_eq!(fx.lamports(&reserve).await, reserve_before, "pledged, not yet paid");
    let pledged = bond(&mut fx, &b, &votes[1]).await;
    assert_eq!(pledged.owed_lamports, loss);
    // The steward counts only what is not pledged, beyond the request.
    assert_eq!(counted(&mut fx, &b, &votes[1]).await, 0, "the request covers the rest");

    // The crank settles validator 3 (an empty bond: all shortfall) and deactivates validator 1's
    // stake; the empty insurance fund covers nothing.
    warp_to_progress(&mut fx, epoch + 1, 5_000).await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    let report = sp.crank(&mut fx).await.expect("crank");
    assert_eq!(report.step("settle bonds").map(|s| s.validators), Some(1));
    assert_eq!(report.step("unstake bonds").map(|s| s.validators), Some(1));
    assert!(report.step("insurance covers").is_none());
    let record = settlement(&mut fx, &b, &votes[3], epoch).await;
    assert_eq!((record.paid_lamports, record.shortfall_lamports), (0, record.loss_lamports));
    let err = fx.process(&[b.cover(&votes[3], epoch, &token)], &[]).await.expect_err("empty fund");
    assert_eq!(err.custom_code(), code(BondsError::InsuranceEmpty));
    let stake1 = stakes[1].pubkey();
    let twice = fx.process(&[b.unstake_bond(&votes[1], &stake1)], &[]).await.expect_err("deactivated");
    assert_eq!(
        twice,
        TxError::Instruction(0, InstructionError::Custom(2)),
        "the stake program's AlreadyDeactivated"
    );
    let early = fx.process(&[b.collect_bond_stake(&votes[1], &stake1)], &[]).await.expect_err("cooling down");
    assert_eq!(early, TxError::Instruction(0, InstructionError::InsufficientFunds));

    // L+2: the lock-ups have passed.
    warp_to_progress(&mut fx, epoch + 2, 500).await;
    sp.pool.update_all(&mut fx).await.expect("pool update");
    let config = &sp.addresses.config;
    let mut copies: Vec<_> = votes[..3].iter().map(|v| client::copy_vote_account(config, v)).collect();
    copies.push(client::copy_cluster_info(config));
    fx.process(&copies, &[]).await.expect("copies");
    let destination = Keypair::new().pubkey();
    let withdraw_stake = |i: usize| {
        let (identity, vote) = &validators[i];
        b.withdraw_stake(
            vote,
            &identity.pubkey(),
            &destination,
            &stakes[i].pubkey(),
            (start, epoch, epoch + 2),
        )
    };
    let by_stranger = b.withdraw_stake(
        &vote0,
        &stranger.pubkey(),
        &destination,
        &stakes[0].pubkey(),
        (start, epoch, epoch + 2),
    );
    let err = fx.process(&[by_stranger], &[&stranger]).await.expect_err("not the validator");
    assert_eq!(err.custom_code(), code(BondsError::NotVoteWithdrawer));
    let err = fx.process(&[withdraw_stake(1)], &[&validators[1].0]).await.expect_err("owed");
    assert_eq!(err.custom_code(), code(BondsError::StakeOwed));
    let err = fx.process(&[withdraw_stake(2)], &[&validators[2].0]).await.expect_err("request too small");
    assert_eq!(err.custom_code(), code(BondsError::RequestBelowStake));
    let lamports = bond(&mut fx, &b, &vote0).await.stake_lamports;
    fx.process(&[withdraw_stake(0)], &[identity0]).await.expect("stake taken back");
    let StakeStateV2::Stake(meta, _, _) = stake_state(&mut fx, &stakes[0].pubkey()).await else {
        panic!("delegated")
    };
    assert_eq!((meta.authorized.staker, meta.authorized.withdrawer), (destination, destination));
    let after = bond(&mut fx, &b, &vote0).await;
    assert!(!after.has_stake());
    assert_eq!(after.withdraw_request_lamports, 100 * SOL - lamports, "the rest of the request is SOL");

    // Anyone collects validator 1's stake: the reserve, then the pool's next update, gain exactly
    // the loss; the rest stays in the bond as SOL.
    let before = sp.pool.state(&mut fx).await.total_lamports;
    let reserve_before = fx.lamports(&reserve).await;
    let mut elsewhere = b.collect_bond_stake(&votes[1], &stake1);
    elsewhere.accounts[4].pubkey = Pubkey::new_unique();
    let err = fx.process(&[elsewhere], &[]).await.expect_err("another reserve");
    assert_eq!(err.custom_code(), code(BondsError::ReserveMismatch));
    let mut another_pool = b.collect_bond_stake(&votes[1], &stake1);
    let at =
        another_pool.accounts.iter().position(|a| a.pubkey == sp.pool.stake_pool.pubkey()).expect("the pool");
    another_pool.accounts[at].pubkey = Pubkey::new_unique();
    let err = fx.process(&[another_pool], &[]).await.expect_err("another pool");
    assert_eq!(err.custom_code(), code(BondsError::StakePoolMismatch));
    let stake_lamports = fx.lamports(&stake1).await;
    let done = fx.process(&[b.collect_bond_stake(&votes[1], &stake1)], &[]).await.expect("collected");
    let event = &events::<BondStakeCollected>(&done.logs)[0];
    assert_eq!((event.lamports, event.paid), (stake_lamports, loss));
    assert_eq!(fx.lamports(&reserve).await - reserve_before, loss);
    assert_eq!(event.available, stake_lamports - loss);
    assert!(!bond(&mut fx, &b, &votes[1]).await.has_stake());
    fx.process(&[sp.pool.update_balance_ix()], &[]).await.expect("balance update");
    assert_eq!(sp.pool.state(&mut fx).await.total_lamports - before, loss);
}
