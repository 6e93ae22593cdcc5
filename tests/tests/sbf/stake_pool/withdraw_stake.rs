//! `WithdrawStake`: SPL's source order and every refused input with its exact error, on both programs
//! alike. (Successful stake withdrawals run in `compat::epochs` and `compat::huge_pool`.)

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::instruction::PreferredValidatorType,
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

#[derive(Clone, Copy, Debug)]
enum Fault {
    TooSmall,
    NotPreferred,
    LeavesTooLittle,
    ReserveWhileValidatorsHoldStake,
    WrongList,
    Slippage,
    StalePool,
}

async fn withdraw(
    fx: &mut TestFixture,
    program_id: Pubkey,
    votes: &[Pubkey; 2],
    fault: Fault,
) -> Result<(), TxError> {
    let config = PoolConfig { reserve_extra_lamports: 20 * SOL, ..PoolConfig::default() };
    let pool = TestPool::with_validators(fx, program_id, config, votes).await;
    // Both validators get 5 SOL more, so either could serve a withdrawal.
    for vote in votes {
        fx.process(&[pool.increase_ix(vote, 5 * SOL, 0, None)], &[&pool.staker]).await.unwrap();
    }
    fx.next_epoch().await;
    pool.update_all(fx).await.unwrap();
    let user = fx.funded_user(20 * SOL).await;
    let tokens = pool.create_token_account(fx, &user.pubkey()).await.unwrap();
    pool.deposit_sol(fx, &user, &tokens, &tokens, 10 * SOL).await.unwrap();
    if matches!(fault, Fault::NotPreferred) {
        let ix =
            pool.set_preferred_ix(&pool.staker.pubkey(), PreferredValidatorType::Withdraw, Some(votes[1]));
        fx.process(&[ix], &[&pool.staker]).await.unwrap();
    }
    if matches!(fault, Fault::StalePool) {
        fx.next_epoch().await;
    }
    let from = match fault {
        Fault::ReserveWhileValidatorsHoldStake => pool.reserve.pubkey(),
        _ => pool.validator_stake(&votes[0], None),
    };
    let (amount, minimum) = match fault {
        Fault::TooSmall => (1, None),
        Fault::LeavesTooLittle => (5_500_000_000, None),
        Fault::Slippage => (2 * SOL, Some(3 * SOL)),
        _ => (2 * SOL, None),
    };
    let (mut ixs, receive) =
        pool.withdraw_stake_ixs(fx, &from, &user.pubkey(), &tokens, amount, minimum).await;
    if matches!(fault, Fault::WrongList) {
        ixs[1].accounts[1].pubkey = Pubkey::new_unique();
    }
    fx.process(&ixs, &[&user, &receive]).await.map(|_| ())
}

#[tokio::test]
async fn refuses_bad_stake_withdrawals_alike() {
    let mut fx = TestFixture::new().await;
    let votes = [fx.new_validator().await, fx.new_validator().await];
    let cases = [
        (Fault::TooSmall, StakePoolError::WithdrawalTooSmall),
        (Fault::NotPreferred, StakePoolError::IncorrectWithdrawVoteAddress),
        (Fault::LeavesTooLittle, StakePoolError::StakeLamportsNotEqualToMinimum),
        (Fault::ReserveWhileValidatorsHoldStake, StakePoolError::StakeLamportsNotEqualToMinimum),
        (Fault::WrongList, StakePoolError::InvalidValidatorStakeList),
        (Fault::Slippage, StakePoolError::ExceededSlippage),
        (Fault::StalePool, StakePoolError::StakeListAndPoolOutOfDate),
    ];
    for (fault, expected) in cases {
        let ours = withdraw(&mut fx, both_programs()[0], &votes, fault).await.unwrap_err();
        let theirs = withdraw(&mut fx, both_programs()[1], &votes, fault).await.unwrap_err();
        assert_eq!(ours, theirs, "{fault:?}: ours vs upstream");
        assert_eq!(ours.custom_code(), Some(expected as u32), "{fault:?}");
    }
}

/// When no validator holds more than its minimum, a stake withdrawal takes a whole validator account
/// and the validator leaves; a preferred validator pointing at it is cleared, as upstream does.
#[tokio::test]
async fn taking_a_whole_validator_account_clears_its_preference() {
    use spl_stake_pool::state::Fee;
    let mut fx = TestFixture::new().await;
    let votes = [fx.new_validator().await, fx.new_validator().await];
    for program_id in both_programs() {
        let no_fee = Fee { numerator: 0, denominator: 0 };
        let config = PoolConfig {
            withdrawal_fee: no_fee,
            deposit_fee: no_fee,
            reserve_extra_lamports: 20 * SOL,
            ..PoolConfig::default()
        };
        let pool = TestPool::with_validators(&mut fx, program_id, config, &votes).await;
        let user = fx.funded_user(20 * SOL).await;
        let tokens = pool.create_token_account(&mut fx, &user.pubkey()).await.unwrap();
        pool.deposit_sol(&mut fx, &user, &tokens, &tokens, 10 * SOL).await.unwrap();
        for kind in [PreferredValidatorType::Deposit, PreferredValidatorType::Withdraw] {
            let ix = pool.set_preferred_ix(&pool.staker.pubkey(), kind, Some(votes[0]));
            fx.process(&[ix], &[&pool.staker]).await.unwrap();
        }
        let state = pool.state(&mut fx).await;
        let from = pool.validator_stake(&votes[0], None);
        let whole = fx.lamports(&from).await;
        let (supply, total) = (u128::from(state.pool_token_supply), u128::from(state.total_lamports));
        let pool_tokens = u64::try_from((u128::from(whole) * supply).div_ceil(total)).unwrap();
        let (ixs, receive) =
            pool.withdraw_stake_ixs(&mut fx, &from, &user.pubkey(), &tokens, pool_tokens, None).await;
        let outcome = fx.process(&ixs, &[&user, &receive]).await;
        outcome.unwrap_or_else(|e| panic!("{program_id}: {e:?}"));
        let state = pool.state(&mut fx).await;
        assert_eq!(state.preferred_deposit_validator_vote_address, None, "{program_id}");
        assert_eq!(state.preferred_withdraw_validator_vote_address, None, "{program_id}");
        assert_eq!(fx.lamports(&from).await, 0, "{program_id}: the whole account went");
        let rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
        assert_eq!(fx.lamports(&receive.pubkey()).await, whole + rent, "{program_id}");
    }
}
