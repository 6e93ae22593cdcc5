//! Differential runs: one scenario drives our pool and an upstream SPL pool side by side and compares
//! token amounts, lamports, errors and account bytes after every step (addresses that differ only
//! because they are other accounts or derived from another program id are mapped first).

use {
    lst_tests::{
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture, TxError},
        pool::{normalize_pool_bytes, PoolConfig, TestPool, BUMP_OFFSET},
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::{Fee, FeeType},
};

const SOL: u64 = 1_000_000_000;

/// One user of both pools: the same keypair, one token account per pool.
pub(crate) struct User {
    key: Keypair,
    tokens: [Pubkey; 2],
}

/// Both pools, ours first.
pub(crate) struct Pair {
    pub(crate) pools: [TestPool; 2],
    users: Vec<User>,
    referrers: [Pubkey; 2],
}

impl Pair {
    pub(crate) async fn new(fx: &mut TestFixture, config: PoolConfig, users: usize) -> Self {
        let (manager, staker) = (Keypair::new(), Keypair::new());
        let pools = [
            TestPool::new(stake_pool_program_id(), config.clone(), &manager, &staker),
            TestPool::new(upstream_program_id(), config, &manager, &staker),
        ];
        for pool in &pools {
            pool.create(fx).await.unwrap();
        }
        let mut all = Vec::new();
        for _ in 0..users {
            let key = Keypair::new();
            let fund = solana_system_interface::instruction::transfer(
                &fx.payer().pubkey(),
                &key.pubkey(),
                1_000 * SOL,
            );
            fx.process(&[fund], &[]).await.unwrap();
            let tokens = [
                pools[0].create_token_account(fx, &key.pubkey()).await.unwrap(),
                pools[1].create_token_account(fx, &key.pubkey()).await.unwrap(),
            ];
            all.push(User { key, tokens });
        }
        let referrer = Pubkey::new_unique();
        let referrers = [
            pools[0].create_token_account(fx, &referrer).await.unwrap(),
            pools[1].create_token_account(fx, &referrer).await.unwrap(),
        ];
        Self { pools, users: all, referrers }
    }

    /// Deposits on both; the outcomes (including the exact error) must match.
    pub(crate) async fn deposit_sol(
        &self,
        fx: &mut TestFixture,
        user: usize,
        lamports: u64,
        minimum_out: Option<u64>,
    ) -> Result<(), TxError> {
        let mut outcomes = Vec::new();
        for side in 0..2 {
            let u = &self.users[user];
            let ix = self.pools[side].deposit_sol_ix(
                &u.key.pubkey(),
                &u.tokens[side],
                &self.referrers[side],
                lamports,
                minimum_out,
            );
            outcomes.push(fx.process(&[ix], &[&u.key]).await.map(|_| ()));
        }
        assert_eq!(outcomes[0], outcomes[1], "deposit of {lamports} by user {user}: ours vs upstream");
        outcomes.remove(0)
    }

    /// User `index`: the keypair and its token account in each pool.
    pub(crate) fn user(&self, index: usize) -> (&Keypair, [Pubkey; 2]) {
        (&self.users[index].key, self.users[index].tokens)
    }

    /// Withdraws on both; the outcomes (including the exact error) must match, and so must the SOL paid.
    pub(crate) async fn withdraw_sol(
        &self,
        fx: &mut TestFixture,
        user: usize,
        pool_tokens: u64,
        minimum_out: Option<u64>,
    ) -> Result<(), TxError> {
        let mut outcomes = Vec::new();
        let mut paid = Vec::new();
        for side in 0..2 {
            let u = &self.users[user];
            let to = Pubkey::new_unique();
            let ix = self.pools[side].withdraw_sol_ix(
                &u.key.pubkey(),
                &u.tokens[side],
                &to,
                pool_tokens,
                minimum_out,
                None,
            );
            outcomes.push(fx.process(&[ix], &[&u.key]).await.map(|_| ()));
            paid.push(fx.lamports(&to).await);
        }
        assert_eq!(outcomes[0], outcomes[1], "withdrawal of {pool_tokens} by user {user}: ours vs upstream");
        assert_eq!(paid[0], paid[1], "withdrawal of {pool_tokens} by user {user}: SOL paid");
        outcomes.remove(0)
    }

    /// Changes a fee on both; the outcomes must match.
    async fn set_fee(&self, fx: &mut TestFixture, fee: FeeType) -> Result<(), TxError> {
        let mut outcomes = Vec::new();
        for pool in &self.pools {
            let ix = pool.set_fee_ix(&pool.manager.pubkey(), fee.clone());
            outcomes.push(fx.process(&[ix], &[&pool.manager]).await.map(|_| ()));
        }
        assert_eq!(outcomes[0], outcomes[1], "set fee {fee:?}: ours vs upstream");
        outcomes.remove(0)
    }

    /// Updates both; the outcomes must match.
    async fn update(&self, fx: &mut TestFixture) -> Result<(), TxError> {
        let mut outcomes = Vec::new();
        for pool in &self.pools {
            outcomes.push(fx.process(&[pool.update_balance_ix()], &[]).await.map(|_| ()));
        }
        assert_eq!(outcomes[0], outcomes[1], "update: ours vs upstream");
        outcomes.remove(0)
    }

    /// Every observable of the two pools is equal.
    pub(crate) async fn assert_same(&self, fx: &mut TestFixture, step: &str) {
        let [ours, theirs] = &self.pools;
        let pairs = ours.address_pairs(theirs);
        let their_pool = fx.data(&theirs.stake_pool.pubkey()).await;
        let our_pool =
            normalize_pool_bytes(fx.data(&ours.stake_pool.pubkey()).await, &pairs, their_pool[BUMP_OFFSET]);
        assert_eq!(our_pool, their_pool, "{step}: StakePool bytes");
        let our_list = fx.data(&ours.validator_list.pubkey()).await;
        let their_list = fx.data(&theirs.validator_list.pubkey()).await;
        assert_eq!(our_list, their_list, "{step}: ValidatorList bytes");
        assert_eq!(
            fx.lamports(&ours.reserve.pubkey()).await,
            fx.lamports(&theirs.reserve.pubkey()).await,
            "{step}: reserve"
        );
        assert_eq!(
            fx.mint_supply(&ours.mint.pubkey()).await,
            fx.mint_supply(&theirs.mint.pubkey()).await,
            "{step}: supply"
        );
        let fee = (
            fx.token_balance(&ours.manager_fee.pubkey()).await,
            fx.token_balance(&theirs.manager_fee.pubkey()).await,
        );
        assert_eq!(fee.0, fee.1, "{step}: manager fee tokens");
        let referral =
            (fx.token_balance(&self.referrers[0]).await, fx.token_balance(&self.referrers[1]).await);
        assert_eq!(referral.0, referral.1, "{step}: referral tokens");
        for (i, user) in self.users.iter().enumerate() {
            let balances = (fx.token_balance(&user.tokens[0]).await, fx.token_balance(&user.tokens[1]).await);
            assert_eq!(balances.0, balances.1, "{step}: user {i} tokens");
        }
    }
}

/// One operation of a differential scenario.
#[derive(Clone, Debug)]
enum Step {
    Deposit {
        user: usize,
        lamports: u64,
        minimum_out: Option<u64>,
    },
    Withdraw {
        user: usize,
        pool_tokens: u64,
        minimum_out: Option<u64>,
    },
    SetFee(FeeType),
    /// Cross an epoch boundary; `reward` lamports land in each reserve (rewards, MEV tips).
    NextEpoch {
        reward: u64,
    },
    /// `UpdateStakePoolBalance` on both.
    Update,
}

async fn run(pair: &Pair, fx: &mut TestFixture, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let _ = match step {
            Step::Deposit { user, lamports, minimum_out } => {
                pair.deposit_sol(fx, *user, *lamports, *minimum_out).await
            }
            Step::Withdraw { user, pool_tokens, minimum_out } => {
                pair.withdraw_sol(fx, *user, *pool_tokens, *minimum_out).await
            }
            Step::SetFee(fee) => pair.set_fee(fx, fee.clone()).await,
            Step::NextEpoch { reward } => {
                let epoch = fx.epoch().await;
                fx.warp_to_epoch(epoch + 1, 5).await;
                for pool in &pair.pools {
                    pool.add_to_reserve(fx, *reward).await.unwrap();
                }
                Ok(())
            }
            Step::Update => pair.update(fx).await,
        };
        pair.assert_same(fx, &format!("step {i} {step:?}")).await;
    }
}

#[tokio::test]
async fn sol_deposits_withdrawals_and_fee_changes_match_upstream() {
    use Step::*;
    let mut fx = TestFixture::new().await;
    let config = PoolConfig {
        deposit_fee: Fee { numerator: 7, denominator: 1_000 },
        withdrawal_fee: Fee { numerator: 3, denominator: 1_000 },
        referral_fee: 33,
        reserve_extra_lamports: 1_234_567_891,
        ..PoolConfig::default()
    };
    let pair = Pair::new(&mut fx, config, 3).await;
    pair.assert_same(&mut fx, "initialize").await;

    let steps = [
        Deposit { user: 0, lamports: 10 * SOL, minimum_out: None },
        Deposit { user: 1, lamports: 1, minimum_out: None }, // nothing left for the user after the fee
        Deposit { user: 2, lamports: 3 * SOL + 17, minimum_out: Some(3 * SOL) }, // slippage
        Deposit { user: 2, lamports: 3 * SOL + 17, minimum_out: Some(2 * SOL) },
        Withdraw { user: 0, pool_tokens: 2 * SOL + 3, minimum_out: None },
        Withdraw { user: 2, pool_tokens: 1, minimum_out: None }, // pays nothing
        Withdraw { user: 2, pool_tokens: SOL, minimum_out: Some(SOL) }, // slippage
        SetFee(FeeType::SolDeposit(Fee { numerator: 1, denominator: 3 })),
        SetFee(FeeType::SolReferral(100)),
        Deposit { user: 1, lamports: 999_999_999, minimum_out: None },
        SetFee(FeeType::SolWithdrawal(Fee { numerator: 1, denominator: 100 })), // ratchet: refused
        SetFee(FeeType::SolWithdrawal(Fee { numerator: 45, denominator: 10_000 })),
        SetFee(FeeType::Epoch(Fee { numerator: 2, denominator: 1 })), // above 100 %
        Deposit { user: 0, lamports: 0, minimum_out: None },
        Withdraw { user: 1, pool_tokens: 500_000_000, minimum_out: Some(1) },
        Deposit { user: 1, lamports: 250 * SOL, minimum_out: None },
        Withdraw { user: 1, pool_tokens: 1_000 * SOL, minimum_out: None }, // more than the user holds
        Withdraw { user: 2, pool_tokens: 12_345, minimum_out: None },
    ];
    run(&pair, &mut fx, &steps).await;
}

#[tokio::test]
async fn five_epochs_of_rewards_fees_and_flows_match_upstream() {
    use Step::*;
    let mut fx = TestFixture::new().await;
    let config = PoolConfig {
        epoch_fee: Fee { numerator: 7, denominator: 100 },
        deposit_fee: Fee { numerator: 1, denominator: 400 },
        withdrawal_fee: Fee { numerator: 2, denominator: 1_000 },
        referral_fee: 50,
        reserve_extra_lamports: 777_777,
        ..PoolConfig::default()
    };
    let pair = Pair::new(&mut fx, config, 3).await;
    let steps = [
        Deposit { user: 0, lamports: 40 * SOL, minimum_out: None },
        Deposit { user: 1, lamports: 7 * SOL + 3, minimum_out: None },
        SetFee(FeeType::Epoch(Fee { numerator: 1, denominator: 10 })),
        SetFee(FeeType::SolWithdrawal(Fee { numerator: 3, denominator: 1_000 })),
        NextEpoch { reward: 123_456_789 },
        Deposit { user: 2, lamports: SOL, minimum_out: None }, // stale: refused
        Withdraw { user: 0, pool_tokens: SOL, minimum_out: None }, // stale: refused
        Update,
        Update, // a second update in the same epoch changes nothing
        Deposit { user: 2, lamports: 5 * SOL, minimum_out: Some(4 * SOL) },
        Withdraw { user: 1, pool_tokens: 3 * SOL, minimum_out: None },
        NextEpoch { reward: 987_654_321 },
        Update,
        SetFee(FeeType::SolWithdrawal(Fee { numerator: 45, denominator: 10_000 })),
        Withdraw { user: 0, pool_tokens: 10 * SOL + 1, minimum_out: None },
        NextEpoch { reward: 0 },
        Update,
        Deposit { user: 1, lamports: 3, minimum_out: None },
        NextEpoch { reward: 55_555 },
        Update,
        Withdraw { user: 2, pool_tokens: SOL, minimum_out: None },
        NextEpoch { reward: SOL },
        Update,
        Withdraw { user: 0, pool_tokens: 20 * SOL, minimum_out: None },
    ];
    run(&pair, &mut fx, &steps).await;
}

#[tokio::test]
async fn a_stale_pool_is_refused_alike() {
    let mut fx = TestFixture::new().await;
    let pair = Pair::new(&mut fx, PoolConfig::default(), 1).await;
    pair.deposit_sol(&mut fx, 0, SOL, None).await.unwrap();
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 5).await;
    let err = pair.deposit_sol(&mut fx, 0, SOL, None).await.unwrap_err();
    assert_eq!(err.custom_code(), Some(stake_pool::error::StakePoolError::StakeListAndPoolOutOfDate as u32));
    pair.assert_same(&mut fx, "stale").await;
}
