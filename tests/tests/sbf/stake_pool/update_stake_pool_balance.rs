//! `UpdateStakePoolBalance`: the epoch fee on gains only, the two-epoch fee delay, the staleness gate it
//! opens, a broken fee account that must not block it, and every refused input — on both programs.

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_account::{AccountSharedData, ReadableAccount, WritableAccount},
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::{Fee, FeeType},
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

/// A pool with 100 SOL deposited by one user (no deposit fee), epoch fee 3 %.
async fn funded_pool(fx: &mut TestFixture, program_id: Pubkey) -> TestPool {
    let config = PoolConfig { deposit_fee: Fee { numerator: 0, denominator: 0 }, ..PoolConfig::default() };
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    let user = Keypair::new();
    let fund =
        solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &user.pubkey(), 101 * SOL);
    fx.process(&[fund], &[]).await.unwrap();
    let tokens = pool.create_token_account(fx, &user.pubkey()).await.unwrap();
    pool.deposit_sol(fx, &user, &tokens, &tokens, 100 * SOL).await.unwrap();
    pool
}

async fn next_epoch(fx: &mut TestFixture) {
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 5).await;
}

async fn update(fx: &mut TestFixture, pool: &TestPool) -> Result<(), TxError> {
    fx.process(&[pool.update_balance_ix()], &[]).await.map(|_| ())
}

/// Fee tokens for a gain, computed here from the SPL formula: the fee (rounded up) is worth
/// `supply × fee / (total − fee)` tokens (rounded down).
fn expected_fee_tokens(total: u64, supply: u64, reward: u64, fee: Fee) -> u64 {
    let fee_lamports = (u128::from(reward) * u128::from(fee.numerator)).div_ceil(u128::from(fee.denominator));
    let new_total = u128::from(total) + u128::from(reward);
    (u128::from(supply) * fee_lamports / (new_total - fee_lamports)) as u64
}

#[tokio::test]
async fn the_epoch_fee_is_minted_on_gains_only() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = funded_pool(&mut fx, program_id).await;
        next_epoch(&mut fx).await;
        pool.add_to_reserve(&mut fx, SOL).await.unwrap();
        update(&mut fx, &pool).await.unwrap();
        let fee = expected_fee_tokens(100 * SOL, 100 * SOL, SOL, Fee { numerator: 3, denominator: 100 });
        assert_eq!(fee, 29_711_795);
        assert_eq!(fx.token_balance(&pool.manager_fee.pubkey()).await, fee, "{program_id}");
        let state = pool.state(&mut fx).await;
        assert_eq!((state.total_lamports, state.pool_token_supply), (101 * SOL, 100 * SOL + fee));
        assert_eq!(
            (state.last_epoch_total_lamports, state.last_epoch_pool_token_supply),
            (100 * SOL, 100 * SOL)
        );
        assert_eq!(state.last_update_epoch, fx.epoch().await);

        // A loss (slashing): the rate falls, and no fee is minted.
        next_epoch(&mut fx).await;
        let reserve = pool.reserve.pubkey();
        let mut account = AccountSharedData::from(fx.account(&reserve).await.unwrap());
        account.set_lamports(account.lamports() - 2 * SOL);
        fx.ctx.set_account(&reserve, &account);
        update(&mut fx, &pool).await.unwrap();
        assert_eq!(fx.token_balance(&pool.manager_fee.pubkey()).await, fee, "{program_id}");
        assert_eq!(pool.state(&mut fx).await.total_lamports, 99 * SOL);
    }
}

#[tokio::test]
async fn an_epoch_fee_set_in_epoch_n_applies_from_n_plus_two() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = funded_pool(&mut fx, program_id).await;
        let ten_percent = Fee { numerator: 10, denominator: 100 };
        let ix = pool.set_fee_ix(&pool.manager.pubkey(), FeeType::Epoch(ten_percent));
        fx.process(&[ix], &[&pool.manager]).await.unwrap();

        next_epoch(&mut fx).await; // N + 1: still 3 %
        pool.add_to_reserve(&mut fx, SOL).await.unwrap();
        update(&mut fx, &pool).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!(state.epoch_fee, Fee { numerator: 3, denominator: 100 }, "{program_id}");
        let first = expected_fee_tokens(100 * SOL, 100 * SOL, SOL, Fee { numerator: 3, denominator: 100 });
        assert_eq!(fx.token_balance(&pool.manager_fee.pubkey()).await, first);

        next_epoch(&mut fx).await; // N + 2: the gain of N + 1 is charged at 3 %, then 10 % applies
        pool.add_to_reserve(&mut fx, SOL).await.unwrap();
        update(&mut fx, &pool).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!(state.epoch_fee, ten_percent, "{program_id}");
        let second =
            expected_fee_tokens(101 * SOL, 100 * SOL + first, SOL, Fee { numerator: 3, denominator: 100 });
        assert_eq!(fx.token_balance(&pool.manager_fee.pubkey()).await, first + second);

        next_epoch(&mut fx).await; // N + 3: charged at 10 %
        pool.add_to_reserve(&mut fx, SOL).await.unwrap();
        update(&mut fx, &pool).await.unwrap();
        let third = expected_fee_tokens(102 * SOL, 100 * SOL + first + second, SOL, ten_percent);
        assert_eq!(
            fx.token_balance(&pool.manager_fee.pubkey()).await,
            first + second + third,
            "{program_id}"
        );
    }
}

#[tokio::test]
async fn deposits_wait_for_the_update_and_pass_after_it() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = funded_pool(&mut fx, program_id).await;
        let user = Keypair::new();
        let fund =
            solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &user.pubkey(), 2 * SOL);
        fx.process(&[fund], &[]).await.unwrap();
        let tokens = pool.create_token_account(&mut fx, &user.pubkey()).await.unwrap();
        next_epoch(&mut fx).await;
        let err = pool.deposit_sol(&mut fx, &user, &tokens, &tokens, SOL).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(StakePoolError::StakeListAndPoolOutOfDate as u32));
        update(&mut fx, &pool).await.unwrap();
        pool.deposit_sol(&mut fx, &user, &tokens, &tokens, SOL).await.unwrap();
    }
}

#[tokio::test]
async fn a_closed_fee_account_forfeits_the_fee_but_not_the_update() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = funded_pool(&mut fx, program_id).await;
        let manager = &pool.manager;
        let token = pool.config.token_program;
        let close = spl_token_2022_interface::instruction::close_account(
            &token,
            &pool.manager_fee.pubkey(),
            &manager.pubkey(),
            &manager.pubkey(),
            &[],
        )
        .unwrap();
        fx.process(&[close], &[manager]).await.unwrap();
        next_epoch(&mut fx).await;
        pool.add_to_reserve(&mut fx, SOL).await.unwrap();
        update(&mut fx, &pool).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!((state.total_lamports, state.pool_token_supply), (101 * SOL, 100 * SOL), "{program_id}");
    }
}

#[tokio::test]
async fn refuses_substituted_accounts() {
    let mut fx = TestFixture::new().await;
    let code = |e: StakePoolError| InstructionError::Custom(e as u32);
    for program_id in both_programs() {
        let pool = funded_pool(&mut fx, program_id).await;
        let stranger = Pubkey::new_unique();
        let cases = [
            (0, pool.reserve.pubkey(), InstructionError::IncorrectProgramId),
            (1, stranger, code(StakePoolError::InvalidProgramAddress)),
            (2, stranger, code(StakePoolError::InvalidValidatorStakeList)),
            (3, stranger, code(StakePoolError::InvalidProgramAddress)),
            (4, stranger, code(StakePoolError::InvalidFeeAccount)),
            (5, pool.manager_fee.pubkey(), code(StakePoolError::WrongPoolMint)),
            (6, lst_tests::fixture::token_2022_program_id(), InstructionError::IncorrectProgramId),
        ];
        for (index, substitute, expected) in cases {
            let mut ix = pool.update_balance_ix();
            ix.accounts[index].pubkey = substitute;
            let err = fx.process(&[ix], &[]).await.unwrap_err();
            assert_eq!(err, TxError::Instruction(0, expected), "account {index} on {program_id}");
        }
    }
}
