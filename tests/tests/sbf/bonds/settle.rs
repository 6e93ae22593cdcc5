//! One scenario over both pools (ours and upstream SPL under one steward each). Validator 0 raises
//! its commission to 50 % (the steward promises at most 5 %) in epoch R; the runtime (SIMD-0249)
//! applies it to the rewards of epoch L = R+2, in which validator 1 also stops voting. In L+1 anyone
//! settles L — by hand, or the crank at the instant-unstake point: each loss equals the runtime's
//! reward rule written out here (checked first against a plain stake account's real reward), is
//! paid once, raises the pool's lamports by exactly what was paid, and a withdrawal requested in L
//! cannot take it back. Settling R+1 instead finds no loss:
//! the runtime still paid it at the old commission.

use {
    bonds::{errors::BondsError, events::InsuranceCovered},
    lst_sdk::{
        instructions::create_associated_token_account_idempotent,
        steward::{self as client, decode_cluster_history, decode_history},
    },
    lst_tests::{
        bonds::{
            available, bond, jito_staker_tips, open_bond, open_bonds, pool_token, runtime_staker_reward,
            settle, settlement,
        },
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture},
        steward::{
            events, new_validators, open_tips, run_epoch, test_parameters, warp_to_progress, StewardPool,
        },
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_stake_interface::state::StakeStateV2,
    solana_sysvar::epoch_rewards::EpochRewards,
    solana_vote_interface::instruction as vote_instruction,
    steward::state::Parameters,
};

const SOL: u64 = 1_000_000_000;

fn code(e: BondsError) -> Option<u32> {
    Some(u32::from(e))
}

async fn delegated(fx: &mut TestFixture, stake: &solana_pubkey::Pubkey) -> u64 {
    let data = fx.data(stake).await;
    match bincode::deserialize::<StakeStateV2>(&data).expect("stake account") {
        StakeStateV2::Stake(_, stake, _) => stake.delegation.stake,
        other => panic!("not delegated: {other:?}"),
    }
}

#[tokio::test]
async fn losses_are_settled_once_as_the_runtime_pays_rewards_on_both_pools() {
    let mut fx = TestFixture::new().await;
    let validators = new_validators(&mut fx, &[5, 5, 5, 5]).await;
    let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
    let params = Parameters { num_delegation_validators: 4, epochs_per_cycle: 10, ..test_parameters() };
    let programs = [stake_pool_program_id(), upstream_program_id()];
    let pools = StewardPool::twins(&mut fx, &programs, &votes, 500 * SOL, &[100 * SOL; 4], params).await;
    let mut bonds = Vec::new();
    for sp in &pools {
        let b = open_bonds(&mut fx, sp, 2).await;
        open_bond(&mut fx, &b, &validators[0].0, &votes[0], 10 * SOL).await.expect("bond 0");
        open_bond(&mut fx, &b, &validators[1].0, &votes[1], 0).await.expect("bond 1 (empty)");
        open_bond(&mut fx, &b, &validators[2].0, &votes[2], SOL).await.expect("bond 2");
        open_bond(&mut fx, &b, &validators[3].0, &votes[3], SOL).await.expect("bond 3");
        // The insurance fund: anyone deposits SOL to the pool for it.
        let token = pool_token(sp);
        let payer = fx.payer().pubkey();
        let fund = b.insurance_fund(&token);
        let ixs = [
            b.open_insurance(&sp.authority.pubkey(), &payer, u64::MAX),
            create_associated_token_account_idempotent(&payer, &b.insurance(), &token.mint, &token.program),
            sp.pool.deposit_sol_ix(&payer, &fund, &fund, 10 * SOL, None),
        ];
        fx.process(&ixs, &[&sp.authority]).await.expect("insurance fund");
        bonds.push(b);
    }
    // A plain stake account with validator 0, to read the runtime's own reward from.
    let (reference, owner) = (Keypair::new(), Keypair::new());
    fx.create_delegated_stake(&reference, &owner, &votes[0], 100 * SOL).await.expect("reference stake");
    let stewards: Vec<_> = pools.iter().collect();
    let all_vote: Vec<_> = votes.iter().map(|v| (*v, 1_000)).collect();
    let start = fx.epoch().await;
    run_epoch(&mut fx, &stewards, start, &all_vote, &[]).await;

    // Epoch R: validator 0 raises its commission to 50 % early on (increases must come in an
    // epoch's first half).
    let rug_epoch = start + 1;
    warp_to_progress(&mut fx, rug_epoch, 1_000).await;
    let (identity, rugged) = (&validators[0].0, votes[0]);
    let rug = vote_instruction::update_commission(&rugged, &identity.pubkey(), 50);
    fx.process(&[rug], &[identity]).await.expect("commission raised");
    run_epoch(&mut fx, &stewards, rug_epoch, &all_vote, &[]).await;
    run_epoch(&mut fx, &stewards, rug_epoch + 1, &all_vote, &[]).await;

    // Epoch L: paid at 50 %; validator 1 does not vote; validator 0 asks for its whole bond back.
    let epoch = rug_epoch + 2;
    warp_to_progress(&mut fx, epoch, 100).await;
    for vote in [votes[0], votes[2], votes[3]] {
        fx.credit_votes(&vote, 1_000);
    }
    let request = bonds[0].request_withdraw(&rugged, &identity.pubkey(), 10 * SOL);
    let steady = &validators[2].0;
    let request_2 = bonds[0].request_withdraw(&votes[2], &steady.pubkey(), SOL);
    fx.process(&[request_2], &[steady]).await.expect("validator 2 asks too");
    fx.process(&[request], &[identity]).await.expect("withdrawal requested");
    // Validator 3 runs Jito's client this epoch at a 50 % MEV commission (the limit is 10 %) and
    // receives 2 SOL of tips.
    open_tips(&mut fx, &[(&validators[3].0, votes[3], 5_000)]).await;
    let tip_account = lst_sdk::steward::tip_distribution_address(&votes[3], epoch);
    let tip = solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &tip_account, 2 * SOL);
    fx.process(&[tip], &[]).await.expect("tips");
    warp_to_progress(&mut fx, epoch, 5_000).await;
    for sp in &pools {
        sp.crank(&mut fx).await.expect("scoring crank");
    }
    // The stake the steward records for each pool at the instant-unstake point: the list's, less
    // the stake account's rent.
    let stake_rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
    let mut pool_stakes = Vec::new();
    for sp in &pools {
        let stakes = sp.stakes(&mut fx).await;
        pool_stakes.push([stakes[0].1 - stake_rent, stakes[1].1 - stake_rent, stakes[3].1 - stake_rent]);
    }
    warp_to_progress(&mut fx, epoch, 9_000).await;
    for sp in &pools {
        sp.crank(&mut fx).await.expect("instant-unstake crank");
    }
    let reference_stake = delegated(&mut fx, &reference.pubkey()).await;
    let reference_before = fx.lamports(&reference.pubkey()).await;

    // Epoch L+1: the rewards for L are paid. Early on, anyone updates our pool, copies validator
    // 0's final credits and records the rewards, and settles validator 0 by hand.
    warp_to_progress(&mut fx, epoch + 1, 500).await;
    let (sp, b) = (&pools[0], &bonds[0]);
    sp.pool.update_all(&mut fx).await.expect("pool update");
    let copies = [
        client::copy_vote_account(&sp.addresses.config, &rugged),
        client::copy_cluster_info(&sp.addresses.config),
    ];
    fx.process(&copies, &[]).await.expect("copies");
    let rewards: EpochRewards = fx.ctx.banks_client.get_sysvar().await.expect("epoch rewards");
    let (points, total) = (rewards.total_points, rewards.total_rewards);
    assert!(points > 0 && total > 0);
    // The rule below is the runtime's: the reference account earned exactly what it says.
    let reference_reward = fx.lamports(&reference.pubkey()).await - reference_before;
    assert_eq!(reference_reward, runtime_staker_reward(reference_stake, 1_000, 50, points, total));
    let cluster = decode_cluster_history(&fx.data(&sp.addresses.cluster_history).await).expect("cluster");
    let entry = cluster.entries.iter().find(|e| u64::from(e.epoch) == epoch).expect("epoch recorded");
    assert_eq!(entry.rewards(), Some((points, total)), "the steward recorded the sysvar");
    let floor = u64::from(entry.total_blocks) * 16 * 9_000 / 10_000;
    assert!(floor > 0 && floor < 1_000);
    // Validator 0: a commission above the limit, promised at 5 %, earned at 50 %. Validator 1: no
    // credits, promised at the delinquency floor.
    // Validator 3: an MEV commission above the limit; its tips are shared over all its stake that
    // epoch (the runtime's epoch stake, as each steward recorded it).
    let mut losses: Vec<[u64; 3]> = Vec::new();
    for (sp, [stake0, stake1, stake3]) in pools.iter().zip(&pool_stakes) {
        let commission = runtime_staker_reward(*stake0, 1_000, 5, points, total)
            - runtime_staker_reward(*stake0, 1_000, 50, points, total);
        let history = decode_history(&fx.data(&sp.addresses.history(&votes[3])).await).expect("history");
        let entry = history.entries.iter().find(|e| u64::from(e.epoch) == epoch).expect("entry");
        let validator_stake = entry.activated_stake_lamports;
        assert!(validator_stake >= *stake3);
        let mev = jito_staker_tips(2 * SOL, 1_000, *stake3, validator_stake)
            - jito_staker_tips(2 * SOL, 5_000, *stake3, validator_stake);
        losses.push([commission, runtime_staker_reward(*stake1, floor, 5, points, total), mev]);
    }
    assert!(losses.iter().flatten().all(|l| *l > 0));

    // By hand: the reserve, then the pool's next balance update, gain exactly what the bond paid.
    let want = losses[0][0];
    let reserve_before = fx.lamports(&sp.pool.reserve.pubkey()).await;
    let bond_before = available(&mut fx, b, &rugged).await;
    settle(&mut fx, b, &rugged, epoch).await.expect("settle the commission");
    assert_eq!(fx.lamports(&sp.pool.reserve.pubkey()).await - reserve_before, want);
    assert_eq!(bond_before - available(&mut fx, b, &rugged).await, want);
    let before = sp.pool.state(&mut fx).await.total_lamports;
    fx.process(&[sp.pool.update_balance_ix()], &[]).await.expect("balance update");
    assert_eq!(sp.pool.state(&mut fx).await.total_lamports - before, want);
    let again = settle(&mut fx, b, &rugged, epoch).await.expect_err("settled twice");
    assert_eq!(again.custom_code(), Some(0), "the settlement record exists: {again:?}");

    // On upstream's pool, not yet updated this epoch, anyone settles validator 1 by hand; the
    // insurance fund will not cover at a stale rate.
    let (sp_b, b_b) = (&pools[1], &bonds[1]);
    let copies = [
        client::copy_vote_account(&sp_b.addresses.config, &votes[1]),
        client::copy_cluster_info(&sp_b.addresses.config),
    ];
    fx.process(&copies, &[]).await.expect("copies");
    settle(&mut fx, b_b, &votes[1], epoch).await.expect("settle by hand");
    let stale =
        fx.process(&[b_b.cover(&votes[1], epoch, &pool_token(sp_b))], &[]).await.expect_err("stale rate");
    assert_eq!(stale.custom_code(), code(BondsError::PoolNotUpdated));

    // On our pool the DAO allows the insurance fund to cover only half of validator 1's loss this
    // epoch without a vote.
    let cap = losses[0][1] / 2;
    let set_cap = bonds[0].set_cover_cap(&pools[0].authority.pubkey(), cap);
    fx.process(&[set_cap], &[&pools[0].authority]).await.expect("cover cap");

    // The cranks settle every other loss themselves, once, and the insurance fund covers what a bond
    // could not pay, within its cap. (In L+1 every validator but 2 votes.)
    warp_to_progress(&mut fx, epoch + 1, 5_000).await;
    for vote in [votes[0], votes[1], votes[3]] {
        fx.credit_votes(&vote, 1_000);
    }
    let (mut settled, mut covered, mut burned) = (Vec::new(), Vec::new(), Vec::new());
    for sp in &pools {
        let report = sp.crank(&mut fx).await.expect("crank");
        settled.push(report.step("settle bonds").map_or(0, |s| s.validators));
        covered.push(report.step("insurance covers").map_or(0, |s| s.validators));
        // The burned pool tokens: the pool's supply at its update this epoch less the mint's now.
        let state = sp.pool.state(&mut fx).await;
        let burnt = state.pool_token_supply - fx.mint_supply(&sp.pool.mint.pubkey()).await;
        let fund_before =
            fx.token_balance(&bonds[burned.len()].insurance_fund(&pool_token(sp))).await + burnt;
        burned.push((burnt, state.total_lamports, state.pool_token_supply, fund_before));
    }
    assert_eq!(
        settled,
        [2, 2],
        "validators 1 and 3 on ours (0 settled by hand), 0 and 3 on upstream's (1 by hand)"
    );
    assert_eq!(covered, [1, 1], "validator 1's shortfall, on each pool");
    for (i, (tokens, total, supply, fund)) in burned.iter().enumerate() {
        // The fewest tokens whose burning gives the holders outside the fund at least the value
        // covered: t ≥ w·N² / ((N − f)·T + w·N).
        let value = if i == 0 { cap } else { losses[1][1] } as u128;
        let (t, n, f) = (*total as u128, *supply as u128, *fund as u128);
        let want = (value * n * n).div_ceil((n - f) * t + value * n) as u64;
        assert_eq!(*tokens, want, "pool {i}");
        let gain = |burnt: u128| (n - f) * t * burnt / (n * (n - burnt));
        assert!(gain(want as u128) >= value && gain(want as u128 - 1) < value, "pool {i}: the fewest tokens");
    }
    // Beyond the cap, only the bonds authority covers, and only up to the shortfall.
    let token = pool_token(&pools[0]);
    let again = fx.process(&[bonds[0].cover(&votes[1], epoch, &token)], &[]).await.expect_err("cap used up");
    assert_eq!(again.custom_code(), code(BondsError::CoverCapReached));
    // Another pool's fund, mint or pool is refused before anything is burned.
    let other = pool_token(&pools[1]);
    let substitutions = [
        (7, bonds[1].insurance_fund(&other), BondsError::InvalidFundAccount),
        (6, other.mint, BondsError::PoolTokenMismatch),
        (5, pools[1].pool.stake_pool.pubkey(), BondsError::StakePoolMismatch),
    ];
    for (index, key, want) in substitutions {
        let mut ix = bonds[0].cover(&votes[1], epoch, &token);
        ix.accounts[index].pubkey = key;
        let err = fx.process(&[ix], &[]).await.expect_err("substituted");
        assert_eq!(err.custom_code(), code(want), "account {index}");
    }
    let stranger = Keypair::new();
    let dao = bonds[0].cover_beyond_cap(&stranger.pubkey(), &votes[1], epoch, &token, u64::MAX);
    let err = fx.process(&[dao], &[&stranger]).await.expect_err("not the authority");
    assert_eq!(err.custom_code(), code(BondsError::Unauthorized));
    let dao = bonds[0].cover_beyond_cap(&pools[0].authority.pubkey(), &votes[1], epoch, &token, u64::MAX);
    let done = fx.process(&[dao], &[&pools[0].authority]).await.expect("the DAO covers the rest");
    let event = &events::<InsuranceCovered>(&done.logs)[0];
    assert_eq!((event.lamports, event.by_authority), (losses[0][1] - cap, true));
    let dao = bonds[0].cover_beyond_cap(&pools[0].authority.pubkey(), &votes[1], epoch, &token, u64::MAX);
    let err = fx.process(&[dao], &[&pools[0].authority]).await.expect_err("nothing left");
    assert_eq!(err.custom_code(), code(BondsError::NothingToCover));
    for (b, [commission, downtime, mev]) in bonds.iter().zip(&losses) {
        let record = settlement(&mut fx, b, &votes[3], epoch).await;
        let paid = (record.loss_lamports, record.paid_lamports, record.shortfall_lamports);
        assert_eq!(paid, (*mev, *mev, 0), "the MEV commission's loss");
        let record = settlement(&mut fx, b, &votes[0], epoch).await;
        let paid = (record.loss_lamports, record.paid_lamports, record.shortfall_lamports);
        assert_eq!(paid, (*commission, *commission, 0));
        // Validator 1's bond is empty: the whole loss is its shortfall.
        let record = settlement(&mut fx, b, &votes[1], epoch).await;
        let paid = (record.loss_lamports, record.paid_lamports, record.shortfall_lamports);
        assert_eq!(paid, (*downtime, 0, *downtime));
        assert_eq!(record.covered_lamports, *downtime, "the insurance fund covered it all");
        assert_eq!(bond(&mut fx, b, &votes[1]).await.shortfall_lamports, *downtime);
        // Epoch R+1 was still paid at 5 % (the commission R began with): nothing to settle.
        let early =
            settle(&mut fx, b, &votes[0], rug_epoch + 1).await.expect_err("paid at the old commission");
        assert_eq!(early.custom_code(), code(BondsError::NoLoss));
        // Validator 2 kept every promise.
        let none = settle(&mut fx, b, &votes[2], epoch).await.expect_err("no loss");
        assert_eq!(none.custom_code(), code(BondsError::NoLoss));
    }
    warp_to_progress(&mut fx, epoch + 1, 9_000).await;
    for sp in &pools {
        let report = sp.crank(&mut fx).await.expect("crank again");
        assert!(report.step("settle bonds").is_none(), "nothing left to settle");
        assert!(report.step("insurance covers").is_none(), "nothing left to cover");
    }

    // The withdrawals requested in L are locked through L+1. In L+2 each waits until every epoch
    // since is settled or cost nothing: refused while L+1's credits are not final; validator 2,
    // which did not vote in L+1, is refused until that loss is settled.
    let destination = Keypair::new().pubkey();
    let withdraw_in = |vote: &solana_pubkey::Pubkey, who: &Keypair, requested_in, now| {
        bonds[0].withdraw(vote, &who.pubkey(), &destination, (start, requested_in, now))
    };
    let locked = fx
        .process(&[withdraw_in(&rugged, identity, epoch, epoch + 1)], &[identity])
        .await
        .expect_err("locked");
    assert_eq!(locked.custom_code(), code(BondsError::WithdrawLocked));
    fx.next_epoch().await;
    let now = epoch + 2;
    let early =
        fx.process(&[withdraw_in(&rugged, identity, epoch, now)], &[identity]).await.expect_err("not final");
    assert_eq!(early.custom_code(), code(BondsError::CreditsNotFinal));
    let config = &pools[0].addresses.config;
    let copies = [
        client::copy_vote_account(config, &rugged),
        client::copy_vote_account(config, &votes[2]),
        client::copy_cluster_info(config),
    ];
    fx.process(&copies, &[]).await.expect("copies");
    // Validator 0: what L+1 cost (if its stake was still there) settled, the rest is paid out.
    let _ = settle(&mut fx, &bonds[0], &rugged, epoch + 1).await;
    let left = available(&mut fx, &bonds[0], &rugged).await;
    assert!(left < 10 * SOL);
    fx.process(&[withdraw_in(&rugged, identity, epoch, now)], &[identity]).await.expect("withdrawn");
    assert_eq!(fx.lamports(&destination).await, left);
    assert_eq!(available(&mut fx, &bonds[0], &rugged).await, 0);
    // Validator 2: L+1's downtime first.
    let unsettled = fx.process(&[withdraw_in(&votes[2], steady, epoch, now)], &[steady]).await.unwrap_err();
    assert_eq!(unsettled.custom_code(), code(BondsError::UnsettledLoss));
    let short = fx.process(&[withdraw_in(&votes[2], steady, epoch + 1, now)], &[steady]).await.unwrap_err();
    assert_eq!(short.custom_code(), code(BondsError::SettlementsMissing), "an epoch left out");
    settle(&mut fx, &bonds[0], &votes[2], epoch + 1).await.expect("L+1 settled");
    let left = available(&mut fx, &bonds[0], &votes[2]).await;
    assert!(left < SOL);
    let had = fx.lamports(&destination).await;
    fx.process(&[withdraw_in(&votes[2], steady, epoch, now)], &[steady]).await.expect("withdrawn");
    assert_eq!(fx.lamports(&destination).await - had, left);
}
