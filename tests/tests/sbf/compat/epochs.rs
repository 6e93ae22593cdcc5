//! Ten validators, six epochs of real inflation rewards and MEV tips, the whole epoch crank as
//! upstream's client builds it, SOL flows in between: our pool and upstream's stay byte-identical.

use {
    crate::compat::parity::Pair,
    lst_tests::{
        fixture::TestFixture,
        pool::{Decrease, PoolConfig},
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::{instruction::PreferredValidatorType, state::Fee},
};

const SOL: u64 = 1_000_000_000;

#[tokio::test]
async fn ten_validators_over_six_epochs_match_upstream() {
    let mut fx = TestFixture::new().await;
    let (total, supply) = ten_validators_over_six_epochs(&mut fx).await;
    eprintln!("default bank: total lamports {total}, pool tokens {supply}");
}

/// The scenario, in a bank the caller set up; returns the pool's total lamports and token supply at
/// the end (the same on both programs).
pub(crate) async fn ten_validators_over_six_epochs(fx: &mut TestFixture) -> (u64, u64) {
    let config = PoolConfig {
        epoch_fee: Fee { numerator: 5, denominator: 100 },
        reserve_extra_lamports: 50 * SOL,
        max_validators: 16,
        ..PoolConfig::default()
    };
    let pair = Pair::new(fx, config, 2).await;
    let mut votes: Vec<Pubkey> = Vec::new();
    for i in 0..10u8 {
        let (identity, vote) = (Keypair::new(), Keypair::new());
        fx.create_vote(&identity, &vote, i).await.unwrap();
        votes.push(vote.pubkey());
    }
    for pool in &pair.pools {
        for vote in &votes {
            fx.process(&[pool.add_validator_ix(&pool.staker.pubkey(), vote, None)], &[&pool.staker])
                .await
                .unwrap();
        }
    }
    for pool in &pair.pools {
        let staker = pool.staker.pubkey();
        let ixs = [
            pool.set_preferred_ix(&staker, PreferredValidatorType::Deposit, Some(votes[3])),
            pool.set_preferred_ix(&staker, PreferredValidatorType::Withdraw, Some(votes[4])),
        ];
        fx.process(&ixs, &[&pool.staker]).await.unwrap();
    }
    pair.assert_same(fx, "validators added").await;
    pair.deposit_sol(fx, 0, 30 * SOL, None).await.unwrap();
    // A stake holder delegates to validator 6 now and deposits the stake into each pool later.
    let holder = Keypair::new();
    let fund = solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &holder.pubkey(), SOL);
    fx.process(&[fund], &[]).await.unwrap();
    let holder_stakes = [Keypair::new(), Keypair::new()];
    let mut holder_tokens = Vec::new();
    for (pool, stake) in pair.pools.iter().zip(&holder_stakes) {
        fx.create_delegated_stake(stake, &holder, &votes[6], 5 * SOL).await.unwrap();
        holder_tokens.push(pool.create_token_account(fx, &holder.pubkey()).await.unwrap());
    }
    // Stake moves out of the reserve: plain increases on three validators.
    for pool in &pair.pools {
        for (i, vote) in votes[..3].iter().enumerate() {
            let ix = pool.increase_ix(vote, (2 + i as u64) * SOL, 0, None);
            fx.process(&[ix], &[&pool.staker]).await.unwrap();
        }
    }
    pair.assert_same(fx, "increases").await;

    for round in 0..6u64 {
        for (i, vote) in votes.iter().enumerate() {
            fx.credit_votes(vote, 100 + 10 * i as u64);
        }
        let epoch = fx.epoch().await;
        fx.warp_to_epoch(epoch + 1, 10).await;
        // MEV tips land on two validators' stake accounts of both pools.
        for pool in &pair.pools {
            for vote in &votes[..2] {
                let stake = pool.validator_stake(vote, None);
                let tip = solana_system_interface::instruction::transfer(
                    &fx.payer().pubkey(),
                    &stake,
                    1_000_000 * (round + 1),
                );
                fx.process(&[tip], &[]).await.unwrap();
            }
        }
        for pool in &pair.pools {
            pool.update_all(fx).await.unwrap();
        }
        pair.assert_same(fx, &format!("epoch round {round} after the crank")).await;
        if round == 0 {
            // An increase and an additional increase in the same epoch, through an ephemeral account.
            for pool in &pair.pools {
                let first = pool.increase_ix(&votes[5], 3 * SOL, 7, None);
                fx.process(&[first], &[&pool.staker]).await.unwrap();
                let more = pool.increase_ix(&votes[5], SOL + 12_345, 7, Some(0));
                fx.process(&[more], &[&pool.staker]).await.unwrap();
                // A plain increase on a validator with transient stake is refused alike.
                let again = pool.increase_ix(&votes[5], SOL, 8, None);
                let err = fx.process(&[again], &[&pool.staker]).await.unwrap_err();
                assert_eq!(
                    err.custom_code(),
                    Some(stake_pool::error::StakePoolError::TransientAccountInUse as u32)
                );
            }
            pair.assert_same(fx, "additional increase").await;
        }
        if round == 2 {
            // The active stake goes in, with a donation on top that counts as a SOL deposit.
            let mut outcomes = Vec::new();
            for ((pool, stake), tokens) in pair.pools.iter().zip(&holder_stakes).zip(&holder_tokens) {
                let tip = solana_system_interface::instruction::transfer(
                    &fx.payer().pubkey(),
                    &stake.pubkey(),
                    SOL / 2,
                );
                fx.process(&[tip], &[]).await.unwrap();
                let ixs = pool.deposit_stake_ixs(
                    &stake.pubkey(),
                    &holder.pubkey(),
                    &votes[6],
                    tokens,
                    tokens,
                    Some(1),
                );
                outcomes.push(fx.process(&ixs, &[&holder]).await.map(|_| ()));
            }
            assert_eq!(outcomes[0], outcomes[1], "deposit stake: ours vs upstream");
            assert_eq!(outcomes[0], Ok(()));
            assert_eq!(fx.token_balance(&holder_tokens[0]).await, fx.token_balance(&holder_tokens[1]).await);
            assert!(fx.token_balance(&holder_tokens[0]).await > 5 * SOL * 9 / 10);
            pair.assert_same(fx, "stake deposited").await;
        }
        if round == 3 {
            // Stake out: from a validator with plenty of active stake, and refused from the reserve
            // while validators still hold withdrawable stake.
            let sources = [
                pair.pools[0].validator_stake(&votes[2], None),
                pair.pools[1].validator_stake(&votes[2], None),
            ];
            let reserves = [pair.pools[0].reserve.pubkey(), pair.pools[1].reserve.pubkey()];
            for (from, expect_ok) in [(sources, true), (reserves, false)] {
                let mut outcomes = Vec::new();
                let mut received = Vec::new();
                for (side, pool) in pair.pools.iter().enumerate() {
                    let (user, tokens) = pair.user(0);
                    let (ixs, receive) = pool
                        .withdraw_stake_ixs(fx, &from[side], &user.pubkey(), &tokens[side], 2 * SOL, Some(1))
                        .await;
                    outcomes.push(fx.process(&ixs, &[user, &receive]).await.map(|_| ()));
                    received.push(fx.lamports(&receive.pubkey()).await);
                }
                assert_eq!(outcomes[0], outcomes[1], "withdraw stake: ours vs upstream");
                assert_eq!(outcomes[0].is_ok(), expect_ok, "{:?}", outcomes[0]);
                assert_eq!(received[0], received[1]);
                pair.assert_same(fx, "stake withdrawn").await;
            }
        }
        if round == 1 {
            // Decreases in all three forms. Stacking a second decrease on stake that was fully active is
            // refused by the stake program's merge rules, on both programs alike.
            let steps: [(usize, u64, u64, Decrease); 3] = [
                (0, SOL + 777, 1, Decrease::WithReserve),
                (0, SOL, 1, Decrease::Additional(3)),
                (1, SOL, 0, Decrease::Deprecated),
            ];
            for (validator, lamports, seed, kind) in steps {
                let mut outcomes = Vec::new();
                for pool in &pair.pools {
                    let ix = pool.decrease_ix(&votes[validator], lamports, seed, kind);
                    outcomes.push(fx.process(&[ix], &[&pool.staker]).await.map(|_| ()));
                }
                assert_eq!(outcomes[0], outcomes[1], "{kind:?}: ours vs upstream");
            }
            pair.assert_same(fx, "decreases").await;
        }
        if round == 1 {
            // A validator holding stake leaves: deactivating now, back in the reserve after the next
            // crank, its entry dropped by cleanup.
            for pool in &pair.pools {
                let ix = pool.remove_validator_ix(fx, &pool.staker.pubkey(), &votes[3]).await;
                fx.process(&[ix], &[&pool.staker]).await.unwrap();
            }
            pair.assert_same(fx, "validator 3 removed").await;
        }
        pair.deposit_sol(fx, 1, SOL + round, None).await.unwrap();
        pair.withdraw_sol(fx, 0, SOL / 3, None).await.unwrap();
        pair.assert_same(fx, &format!("epoch round {round} after flows")).await;
    }
    let state = pair.pools[0].state(fx).await;
    assert!(state.total_lamports > state.pool_token_supply, "real rewards raised the rate");
    let list = pair.pools[0].validator_list(fx).await;
    assert_eq!(list.validators.len(), 9, "the removed validator's entry is gone");
    assert!(list.find(&votes[3]).is_none());
    let state = pair.pools[0].state(fx).await;
    assert_eq!(state.preferred_deposit_validator_vote_address, None, "removal cleared the preference");
    assert_eq!(state.preferred_withdraw_validator_vote_address, Some(votes[4]));
    (state.total_lamports, state.pool_token_supply)
}
