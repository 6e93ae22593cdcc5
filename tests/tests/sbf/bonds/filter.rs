//! The steward's bond filter (`minimum_bond_bps` > 0): a validator whose bond holds less than that
//! share of its target stake scores 0 and is instant-unstaked; a bond asked back counts as gone;
//! a cranker cannot pass another account for a validator's bond.

use {
    lst_tests::{
        bonds::{open_bond, open_bonds},
        fixture::{stake_pool_program_id, TestFixture},
        steward::{code, new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool},
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
    steward::{
        errors::StewardError,
        foreign::bond::required,
        state::{filter, instant, Parameters},
    },
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn an_under_bonded_validator_is_never_delegated_and_is_instant_unstaked() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[5, 5, 5, 5]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters {
        num_delegation_validators: 4,
        epochs_per_cycle: 1,
        minimum_bond_bps: 1_000,
        ..test_parameters()
    };
    let sp =
        StewardPool::new_staked(&mut fx, stake_pool_program_id(), &votes, 100 * SOL, 10 * SOL, params).await;
    let bonds = open_bonds(&mut fx, &sp, 2).await;
    // Validator 0: well bonded. 1: 1 SOL. 2: an empty bond. 3: no bond account at all.
    open_bond(&mut fx, &bonds, &validators[0].0, &votes[0], 100 * SOL).await.expect("bond 0");
    open_bond(&mut fx, &bonds, &validators[1].0, &votes[1], SOL).await.expect("bond 1");
    open_bond(&mut fx, &bonds, &validators[2].0, &votes[2], 0).await.expect("bond 2");

    let tips = tips_of(&validators, 0, &[]);
    let epoch = fx.epoch().await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips).await;

    // Scoring: only validator 0 passes the filter.
    warp_to_progress(&mut fx, epoch, 5_000).await;
    sp.crank(&mut fx).await.expect("scoring crank");
    let state = sp.state(&mut fx).await;
    let need = required(state.header.cycle_base_lamports, 4, 1_000);
    assert!(need > SOL && need < 100 * SOL, "10 % of a quarter of the pool: {need}");
    assert_eq!(state.slots[0].filters_failed & filter::BOND, 0);
    assert!(state.slots[0].score > 0, "filters failed: {:#b}", state.slots[0].filters_failed);
    for slot in &state.slots[1..] {
        assert_ne!(slot.filters_failed & filter::BOND, 0);
        assert_eq!(slot.score, 0);
    }

    // The instant-unstake check: the three short of bond are unstaked; validator 0 is not.
    warp_to_progress(&mut fx, epoch, 9_000).await;
    let before = sp.stakes(&mut fx).await;
    sp.crank(&mut fx).await.expect("instant-unstake crank");
    let state = sp.state(&mut fx).await;
    assert_eq!(state.slots[0].instant_reasons & instant::BOND, 0);
    for slot in &state.slots[1..] {
        assert_ne!(slot.instant_reasons & instant::BOND, 0);
    }
    let after = sp.stakes(&mut fx).await;
    assert!(after[0].1 >= before[0].1, "the bonded validator keeps its stake");
    // Unstaked within the per-cycle caps, lowest raw score first; none of them gains.
    assert!((1..4).all(|i| after[i].1 <= before[i].1));
    assert!((1..4).map(|i| before[i].1 - after[i].1).sum::<u64>() > 0, "the under-bonded lose stake");

    // Validator 0 asks for most of its bond back: what is leaving no longer counts.
    let request = bonds.request_withdraw(&votes[0], &validators[0].0.pubkey(), 99 * SOL);
    fx.process(&[request], &[&validators[0].0]).await.expect("withdrawal requested");
    let epoch = epoch + 1;
    warp_to_progress(&mut fx, epoch, 1_000).await;
    for vote in &votes {
        fx.credit_votes(vote, 1_000);
    }
    open_tips(&mut fx, &tips).await;
    sp.crank(&mut fx).await.expect("the epoch's first crank");
    warp_to_progress(&mut fx, epoch, 5_000).await;
    let copies = lst_sdk::steward::copy_histories(&sp.addresses.config, epoch, &votes);
    fx.process(&[copies], &[]).await.expect("fresh copies");
    // A cranker cannot pass another validator's bond, or any other account, for validator 0's.
    let mut ix = sp.addresses.compute_scores_bonded(0, &votes);
    let first_bond = ix.accounts.len() - 2 * votes.len() + 1;
    for wrong in [bonds.bond(&votes[1]), Keypair::new().pubkey()] {
        ix.accounts[first_bond].pubkey = wrong;
        let err = sp.send(&mut fx, ix.clone(), &[]).await.expect_err("substituted bond");
        assert_eq!(err.custom_code(), Some(code(StewardError::BondMismatch)), "{err:?}");
    }
    sp.crank(&mut fx).await.expect("scoring crank");
    let state = sp.state(&mut fx).await;
    assert_ne!(state.slots[0].filters_failed & filter::BOND, 0);
    assert_eq!(state.slots[0].score, 0);
}
