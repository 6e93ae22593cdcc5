//! `SetFee`: immediate and delayed fees, the withdrawal-fee ratchet, the staleness gate for delayed
//! fees, and the manager's signature — on both programs.

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_signer::Signer,
    spl_stake_pool::state::{Fee, FeeType, FutureEpoch},
    stake_pool::error::StakePoolError,
};

fn fee(numerator: u64, denominator: u64) -> Fee {
    Fee { numerator, denominator }
}

async fn pool(fx: &mut TestFixture, program_id: solana_pubkey::Pubkey, withdrawal_fee: Fee) -> TestPool {
    let config = PoolConfig { withdrawal_fee, ..PoolConfig::default() };
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    pool
}

async fn set(fx: &mut TestFixture, pool: &TestPool, fee: FeeType) -> Result<(), TxError> {
    fx.process(&[pool.set_fee_ix(&pool.manager.pubkey(), fee)], &[&pool.manager]).await.map(|_| ())
}

#[tokio::test]
async fn deposit_and_referral_fees_apply_at_once_others_two_epochs_later() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id, fee(1, 1_000)).await;
        set(&mut fx, &pool, FeeType::SolDeposit(fee(1, 50))).await.unwrap();
        set(&mut fx, &pool, FeeType::StakeDeposit(fee(1, 40))).await.unwrap();
        set(&mut fx, &pool, FeeType::SolReferral(60)).await.unwrap();
        set(&mut fx, &pool, FeeType::StakeReferral(70)).await.unwrap();
        set(&mut fx, &pool, FeeType::Epoch(fee(1, 10))).await.unwrap();
        set(&mut fx, &pool, FeeType::SolWithdrawal(fee(15, 10_000))).await.unwrap();
        set(&mut fx, &pool, FeeType::StakeWithdrawal(fee(12, 10_000))).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!((state.sol_deposit_fee, state.stake_deposit_fee), (fee(1, 50), fee(1, 40)));
        assert_eq!((state.sol_referral_fee, state.stake_referral_fee), (60, 70));
        assert_eq!(state.epoch_fee, PoolConfig::default().epoch_fee, "{program_id}: epoch fee unchanged yet");
        assert_eq!(state.next_epoch_fee, FutureEpoch::Two(fee(1, 10)));
        assert_eq!(state.next_sol_withdrawal_fee, FutureEpoch::Two(fee(15, 10_000)));
        assert_eq!(state.next_stake_withdrawal_fee, FutureEpoch::Two(fee(12, 10_000)));
    }
}

/// Withdrawal-fee changes from `old`: each `(new, expected)` on both programs.
async fn ratchet(old: Fee, cases: &[(Fee, Result<(), StakePoolError>)]) {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id, old).await;
        for (new, expected) in cases {
            for kind in [FeeType::SolWithdrawal(*new), FeeType::StakeWithdrawal(*new)] {
                let outcome = set(&mut fx, &pool, kind.clone()).await;
                let expected =
                    (*expected).map_err(|e| TxError::Instruction(0, InstructionError::Custom(e as u32)));
                assert_eq!(outcome, expected, "{old:?} -> {kind:?} on {program_id}");
            }
        }
    }
}

#[tokio::test]
async fn withdrawal_fee_rises_at_most_one_and_a_half_times() {
    // From 0.1 %: 0.15 % is ×1.5, 0.16 % is more.
    ratchet(
        fee(1, 1_000),
        &[(fee(15, 10_000), Ok(())), (fee(16, 10_000), Err(StakePoolError::FeeIncreaseTooHigh))],
    )
    .await;
}

#[tokio::test]
async fn withdrawal_fee_rises_at_most_half_a_point() {
    // From 2 %: 2.5 % is +0.5 points (and ×1.25), 2.6 % is more.
    ratchet(
        fee(2, 100),
        &[(fee(25, 1_000), Ok(())), (fee(26, 1_000), Err(StakePoolError::FeeIncreaseTooHigh))],
    )
    .await;
}

#[tokio::test]
async fn a_zero_withdrawal_fee_ratchets_from_the_baseline() {
    // From 0: the baseline 0.1 % makes 0.15 % the ceiling.
    ratchet(
        fee(0, 0),
        &[(fee(15, 10_000), Ok(())), (fee(2, 1_000), Err(StakePoolError::FeeIncreaseTooHigh))],
    )
    .await;
}

#[tokio::test]
async fn withdrawal_fee_decreases_always_pass_and_above_one_hundred_percent_fails() {
    ratchet(
        fee(50, 100),
        &[(fee(0, 0), Ok(())), (fee(1, 1_000_000), Ok(())), (fee(101, 100), Err(StakePoolError::FeeTooHigh))],
    )
    .await;
}

#[tokio::test]
async fn fees_above_one_hundred_percent_are_refused() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id, fee(1, 1_000)).await;
        for kind in [FeeType::Epoch(fee(2, 1)), FeeType::SolDeposit(fee(2, 1)), FeeType::SolReferral(101)] {
            let err = set(&mut fx, &pool, kind.clone()).await.unwrap_err();
            assert_eq!(
                err.custom_code(),
                Some(StakePoolError::FeeTooHigh as u32),
                "{kind:?} on {program_id}"
            );
        }
    }
}

#[tokio::test]
async fn delayed_fees_need_the_pool_updated_this_epoch() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id, fee(1, 1_000)).await;
        let epoch = fx.epoch().await;
        fx.warp_to_epoch(epoch + 1, 5).await;
        let err = set(&mut fx, &pool, FeeType::Epoch(fee(1, 10))).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(StakePoolError::StakeListAndPoolOutOfDate as u32));
        // Immediate fees do not wait for the update.
        set(&mut fx, &pool, FeeType::SolDeposit(fee(1, 10))).await.unwrap();
    }
}

#[tokio::test]
async fn only_the_manager_sets_fees() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id, fee(1, 1_000)).await;
        let impostor = Keypair::new();
        let ix = pool.set_fee_ix(&impostor.pubkey(), FeeType::SolReferral(1));
        let err = fx.process(&[ix], &[&impostor]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(StakePoolError::WrongManager as u32));
        let mut ix = pool.set_fee_ix(&pool.manager.pubkey(), FeeType::SolReferral(1));
        ix.accounts[1].is_signer = false;
        let err = fx.process(&[ix], &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(StakePoolError::SignatureMissing as u32));
    }
}
