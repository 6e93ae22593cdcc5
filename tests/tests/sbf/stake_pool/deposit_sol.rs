//! `DepositSol` / `DepositSolWithSlippage`: exact amounts with fees and referral, and every refused
//! input with its exact error — on our program and on upstream SPL, which must agree.

use {
    lst_tests::{
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture, TxError},
        pool::{PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::Fee,
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

/// A pool with a funded depositor and token accounts for the depositor and a referrer.
struct Deposit {
    pool: TestPool,
    user: Keypair,
    user_tokens: Pubkey,
    referrer_tokens: Pubkey,
}

async fn setup(fx: &mut TestFixture, program_id: Pubkey, config: PoolConfig) -> Deposit {
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    let user = Keypair::new();
    let fund =
        solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &user.pubkey(), 100 * SOL);
    fx.process(&[fund], &[]).await.unwrap();
    let user_tokens = pool.create_token_account(fx, &user.pubkey()).await.unwrap();
    let referrer_tokens = pool.create_token_account(fx, &Pubkey::new_unique()).await.unwrap();
    Deposit { pool, user, user_tokens, referrer_tokens }
}

fn code(error: StakePoolError) -> InstructionError {
    InstructionError::Custom(error as u32)
}

#[tokio::test]
async fn mints_at_the_rate_and_splits_the_fee() {
    let mut fx = TestFixture::new().await;
    // 0.5 % deposit fee, 25 % of it to the referrer; the reserve starts with 3 SOL minted 1:1.
    let config = PoolConfig { reserve_extra_lamports: 3 * SOL, ..PoolConfig::default() };
    let d = setup(&mut fx, stake_pool_program_id(), config).await;
    let reserve_before = fx.lamports(&d.pool.reserve.pubkey()).await;

    d.pool.deposit_sol(&mut fx, &d.user, &d.user_tokens, &d.referrer_tokens, 2 * SOL).await.unwrap();

    // minted 2e9; fee ceil(2e9 / 200) = 1e7; referral 25 % = 2.5e6; manager 7.5e6.
    assert_eq!(fx.token_balance(&d.user_tokens).await, 1_990_000_000);
    assert_eq!(fx.token_balance(&d.referrer_tokens).await, 2_500_000);
    assert_eq!(fx.token_balance(&d.pool.manager_fee.pubkey()).await, 3 * SOL + 7_500_000);
    assert_eq!(fx.lamports(&d.pool.reserve.pubkey()).await, reserve_before + 2 * SOL);
    let state = d.pool.state(&mut fx).await;
    assert_eq!(state.total_lamports, 5 * SOL);
    assert_eq!(state.pool_token_supply, 5 * SOL);
    assert_eq!(fx.mint_supply(&d.pool.mint.pubkey()).await, 5 * SOL);
}

#[tokio::test]
async fn rounds_the_mint_down_and_the_fee_up() {
    let mut fx = TestFixture::new().await;
    let config = PoolConfig {
        deposit_fee: Fee { numerator: 1, denominator: 3 },
        referral_fee: 50,
        ..PoolConfig::default()
    };
    let d = setup(&mut fx, stake_pool_program_id(), config).await;
    d.pool.deposit_sol(&mut fx, &d.user, &d.user_tokens, &d.referrer_tokens, 10).await.unwrap();
    // fee ceil(10 / 3) = 4 → user 6; referral floor(4 × 50 %) = 2, manager 2.
    assert_eq!(fx.token_balance(&d.user_tokens).await, 6);
    assert_eq!(fx.token_balance(&d.referrer_tokens).await, 2);
    assert_eq!(fx.token_balance(&d.pool.manager_fee.pubkey()).await, 2);
}

/// One thing wrong with a `DepositSol`.
#[derive(Clone, Copy, Debug)]
enum Fault {
    ZeroLamports,
    Slippage,
    PayerNotSigner,
    WrongWithdrawAuthority,
    WrongReserve,
    WrongMint,
    WrongManagerFeeAccount,
    WrongTokenProgram,
    WrongSystemProgram,
    PoolNotProgramOwned,
    StalePool,
    DepositAuthorityMissing,
    DepositAuthorityNotSigner,
    DepositAuthorityWrong,
}

async fn deposit(fx: &mut TestFixture, program_id: Pubkey, fault: Fault) -> Result<(), TxError> {
    let with_authority = matches!(
        fault,
        Fault::DepositAuthorityMissing | Fault::DepositAuthorityNotSigner | Fault::DepositAuthorityWrong
    );
    let config = PoolConfig { with_deposit_authority: with_authority, ..PoolConfig::default() };
    let d = setup(fx, program_id, config).await;
    let lamports = if matches!(fault, Fault::ZeroLamports) { 0 } else { SOL };
    let minimum = matches!(fault, Fault::Slippage).then_some(SOL);
    let mut ix =
        d.pool.deposit_sol_ix(&d.user.pubkey(), &d.user_tokens, &d.referrer_tokens, lamports, minimum);
    let impostor = Keypair::new();
    let mut signers = vec![&d.user];
    if with_authority {
        signers.push(&d.pool.deposit_authority);
    }
    match fault {
        Fault::PayerNotSigner => {
            ix.accounts[3].is_signer = false;
            signers.retain(|k| k.pubkey() != d.user.pubkey());
        }
        Fault::WrongWithdrawAuthority => ix.accounts[1].pubkey = Pubkey::new_unique(),
        Fault::WrongReserve => ix.accounts[2].pubkey = d.user_tokens,
        Fault::WrongMint => ix.accounts[7].pubkey = d.user_tokens,
        Fault::WrongManagerFeeAccount => ix.accounts[5].pubkey = d.referrer_tokens,
        Fault::WrongTokenProgram => ix.accounts[9].pubkey = lst_tests::fixture::token_2022_program_id(),
        Fault::WrongSystemProgram => ix.accounts[8].pubkey = solana_stake_interface::program::ID,
        Fault::PoolNotProgramOwned => ix.accounts[0].pubkey = d.pool.reserve.pubkey(),
        Fault::StalePool => {
            let epoch = fx.epoch().await;
            fx.warp_to_epoch(epoch + 1, 5).await;
        }
        Fault::DepositAuthorityMissing => {
            ix.accounts.pop();
            signers.pop();
        }
        Fault::DepositAuthorityNotSigner => {
            ix.accounts.last_mut().unwrap().is_signer = false;
            signers.pop();
        }
        Fault::DepositAuthorityWrong => {
            ix.accounts.last_mut().unwrap().pubkey = impostor.pubkey();
            signers.pop();
            signers.push(&impostor);
        }
        Fault::ZeroLamports | Fault::Slippage => {}
    }
    fx.process(&[ix], &signers).await.map(|_| ())
}

/// Runs `fault` against both programs and checks both fail with `expected`.
async fn assert_refused(fault: Fault, expected: InstructionError) {
    assert_refused_each(fault, expected.clone(), expected).await;
}

/// Runs `fault` against both programs and checks each fails with its expected error.
async fn assert_refused_each(fault: Fault, ours: InstructionError, upstream: InstructionError) {
    let mut fx = TestFixture::new().await;
    for (program_id, expected) in [(stake_pool_program_id(), ours), (upstream_program_id(), upstream)] {
        let err = deposit(&mut fx, program_id, fault).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, expected), "{fault:?} on {program_id}");
    }
}

#[tokio::test]
async fn refuses_a_deposit_that_mints_nothing() {
    assert_refused(Fault::ZeroLamports, code(StakePoolError::DepositTooSmall)).await;
}

#[tokio::test]
async fn refuses_a_deposit_below_the_minimum_out() {
    // 1 SOL in, 0.5 % fee: 0.995 SOL of tokens < the 1 SOL asked for.
    assert_refused(Fault::Slippage, code(StakePoolError::ExceededSlippage)).await;
}

/// A deliberate difference: upstream lets the system-program CPI fail on the missing signature
/// (`PrivilegeEscalation`); we refuse up front with the error that names the problem.
#[tokio::test]
async fn refuses_a_payer_that_did_not_sign() {
    let (ours, upstream) =
        (InstructionError::MissingRequiredSignature, InstructionError::PrivilegeEscalation);
    assert_refused_each(Fault::PayerNotSigner, ours, upstream).await;
}

#[tokio::test]
async fn refuses_substituted_accounts() {
    assert_refused(Fault::WrongWithdrawAuthority, code(StakePoolError::InvalidProgramAddress)).await;
    assert_refused(Fault::WrongReserve, code(StakePoolError::InvalidProgramAddress)).await;
    assert_refused(Fault::WrongMint, code(StakePoolError::WrongPoolMint)).await;
    assert_refused(Fault::WrongManagerFeeAccount, code(StakePoolError::InvalidFeeAccount)).await;
}

#[tokio::test]
async fn refuses_substituted_programs() {
    assert_refused(Fault::WrongTokenProgram, InstructionError::IncorrectProgramId).await;
    assert_refused(Fault::WrongSystemProgram, InstructionError::IncorrectProgramId).await;
}

#[tokio::test]
async fn refuses_a_pool_account_of_another_owner() {
    assert_refused(Fault::PoolNotProgramOwned, InstructionError::IncorrectProgramId).await;
}

#[tokio::test]
async fn refuses_a_pool_not_updated_this_epoch() {
    assert_refused(Fault::StalePool, code(StakePoolError::StakeListAndPoolOutOfDate)).await;
}

#[tokio::test]
#[allow(deprecated, reason = "the runtime still reports a missing account as NotEnoughAccountKeys")]
async fn enforces_the_sol_deposit_authority() {
    assert_refused(Fault::DepositAuthorityMissing, InstructionError::NotEnoughAccountKeys).await;
    assert_refused(Fault::DepositAuthorityNotSigner, code(StakePoolError::SignatureMissing)).await;
    assert_refused(Fault::DepositAuthorityWrong, code(StakePoolError::InvalidSolDepositAuthority)).await;
}
