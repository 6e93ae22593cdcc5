//! `WithdrawSol` / `WithdrawSolWithSlippage`: exact payouts and fees, withdrawals that a broken fee
//! account must not block, and every refused input with its exact error — on both programs.

use {
    lst_tests::{
        fixture::{token_2022_program_id, TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::{instruction::FundingType, state::Fee},
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

/// A pool where `user` deposited 10 SOL and holds the tokens in `tokens`.
struct Holder {
    pool: TestPool,
    user: Keypair,
    tokens: Pubkey,
}

async fn holder(fx: &mut TestFixture, program_id: Pubkey, config: PoolConfig) -> Holder {
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    let user = Keypair::new();
    let fund = solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &user.pubkey(), 20 * SOL);
    fx.process(&[fund], &[]).await.unwrap();
    let tokens = pool.create_token_account(fx, &user.pubkey()).await.unwrap();
    let referrer = pool.create_token_account(fx, &Pubkey::new_unique()).await.unwrap();
    pool.deposit_sol(fx, &user, &tokens, &referrer, 10 * SOL).await.unwrap();
    Holder { pool, user, tokens }
}

impl Holder {
    async fn withdraw(
        &self,
        fx: &mut TestFixture,
        pool_tokens: u64,
        minimum_out: Option<u64>,
    ) -> Result<Pubkey, TxError> {
        let to = Pubkey::new_unique();
        let ix =
            self.pool.withdraw_sol_ix(&self.user.pubkey(), &self.tokens, &to, pool_tokens, minimum_out, None);
        fx.process(&[ix], &[&self.user]).await.map(|_| to)
    }
}

fn code(error: StakePoolError) -> InstructionError {
    InstructionError::Custom(error as u32)
}

#[tokio::test]
async fn pays_at_the_rate_and_takes_the_fee_in_tokens() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        // Deposit fee 0.5 %: the user holds 9.95 SOL of tokens at a rate of exactly 1.
        let h = holder(&mut fx, program_id, PoolConfig::default()).await;
        let fee_before = fx.token_balance(&h.pool.manager_fee.pubkey()).await;
        let to = h.withdraw(&mut fx, 4 * SOL, None).await.unwrap();
        // Withdrawal fee 0.1 % rounded up: 4,000,000 tokens; 3.996 SOL burnt and paid.
        assert_eq!(fx.lamports(&to).await, 3_996_000_000);
        assert_eq!(fx.token_balance(&h.tokens).await, 9_950_000_000 - 4 * SOL);
        assert_eq!(fx.token_balance(&h.pool.manager_fee.pubkey()).await, fee_before + 4_000_000);
        let state = h.pool.state(&mut fx).await;
        assert_eq!(state.pool_token_supply, 10 * SOL - 3_996_000_000);
        assert_eq!(state.total_lamports, 10 * SOL - 3_996_000_000);
    }
}

#[tokio::test]
async fn a_closed_fee_account_does_not_block_withdrawals() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let config = PoolConfig {
            deposit_fee: Fee { numerator: 0, denominator: 0 },
            token_program: token_2022_program_id(),
            ..PoolConfig::default()
        };
        let h = holder(&mut fx, program_id, config).await;
        let (fee_account, manager) = (h.pool.manager_fee.pubkey(), &h.pool.manager);
        let close = spl_token_2022_interface::instruction::close_account(
            &token_2022_program_id(),
            &fee_account,
            &manager.pubkey(),
            &manager.pubkey(),
            &[],
        )
        .unwrap();
        fx.process(&[close], &[manager]).await.unwrap();
        // No fee can be taken, so none is: the whole amount is paid.
        let to = h.withdraw(&mut fx, SOL, None).await.unwrap();
        assert_eq!(fx.lamports(&to).await, SOL, "{program_id}");
    }
}

/// One thing wrong with a `WithdrawSol`.
#[derive(Clone, Copy, Debug)]
enum Fault {
    TooSmall,
    Slippage,
    AuthorityNotSigner,
    WrongWithdrawAuthority,
    WrongReserve,
    WrongMint,
    WrongManagerFeeAccount,
    WrongTokenProgram,
    WrongStakeProgram,
    StalePool,
    WithdrawAuthorityMissing,
    WithdrawAuthorityWrong,
    WithdrawAuthorityNotSigner,
}

async fn withdraw_with(fx: &mut TestFixture, program_id: Pubkey, fault: Fault) -> Result<(), TxError> {
    let h = holder(fx, program_id, PoolConfig::default()).await;
    let authority = Keypair::new();
    let sets_authority = matches!(
        fault,
        Fault::WithdrawAuthorityMissing | Fault::WithdrawAuthorityWrong | Fault::WithdrawAuthorityNotSigner
    );
    if sets_authority {
        let manager = &h.pool.manager;
        let ix = h.pool.set_funding_authority_ix(
            &manager.pubkey(),
            FundingType::SolWithdraw,
            Some(&authority.pubkey()),
        );
        fx.process(&[ix], &[manager]).await.unwrap();
    }
    let (amount, minimum) = match fault {
        Fault::TooSmall => (1, None),
        Fault::Slippage => (SOL, Some(SOL)),
        _ => (SOL, None),
    };
    let withdraw_authority = sets_authority.then(|| authority.pubkey());
    let to = Pubkey::new_unique();
    let mut ix = h.pool.withdraw_sol_ix(
        &h.user.pubkey(),
        &h.tokens,
        &to,
        amount,
        minimum,
        withdraw_authority.as_ref(),
    );
    let impostor = Keypair::new();
    let mut signers = vec![&h.user];
    if sets_authority {
        signers.push(&authority);
    }
    match fault {
        Fault::AuthorityNotSigner => {
            ix.accounts[2].is_signer = false;
            signers.clear();
        }
        Fault::WrongWithdrawAuthority => ix.accounts[1].pubkey = Pubkey::new_unique(),
        Fault::WrongReserve => ix.accounts[4].pubkey = h.tokens,
        Fault::WrongMint => ix.accounts[7].pubkey = h.tokens,
        Fault::WrongManagerFeeAccount => ix.accounts[6].pubkey = h.tokens,
        Fault::WrongTokenProgram => ix.accounts[11].pubkey = token_2022_program_id(),
        Fault::WrongStakeProgram => ix.accounts[10].pubkey = solana_system_interface::program::ID,
        Fault::StalePool => {
            let epoch = fx.epoch().await;
            fx.warp_to_epoch(epoch + 1, 5).await;
        }
        Fault::WithdrawAuthorityMissing => {
            ix.accounts.pop();
            signers.pop();
        }
        Fault::WithdrawAuthorityWrong => {
            ix.accounts.last_mut().unwrap().pubkey = impostor.pubkey();
            signers.pop();
            signers.push(&impostor);
        }
        Fault::WithdrawAuthorityNotSigner => {
            ix.accounts.last_mut().unwrap().is_signer = false;
            signers.pop();
        }
        Fault::TooSmall | Fault::Slippage => {}
    }
    fx.process(&[ix], &signers).await.map(|_| ())
}

/// Runs `fault` against both programs; each must fail with its expected error (ours first).
async fn assert_refused_each(fault: Fault, expected: [InstructionError; 2]) {
    let mut fx = TestFixture::new().await;
    for (program_id, expected) in both_programs().into_iter().zip(expected) {
        let err = withdraw_with(&mut fx, program_id, fault).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, expected), "{fault:?} on {program_id}");
    }
}

async fn assert_refused(fault: Fault, expected: InstructionError) {
    assert_refused_each(fault, [expected.clone(), expected]).await;
}

#[tokio::test]
async fn refuses_a_withdrawal_that_pays_nothing() {
    // 1 token: the fee rounds up to 1, nothing is left to burn.
    assert_refused(Fault::TooSmall, code(StakePoolError::WithdrawalTooSmall)).await;
}

#[tokio::test]
async fn refuses_a_payout_below_the_minimum_out() {
    assert_refused(Fault::Slippage, code(StakePoolError::ExceededSlippage)).await;
}

/// A deliberate difference: upstream lets the token burn fail on the missing signature
/// (`PrivilegeEscalation`); we refuse up front with the error that names the problem.
#[tokio::test]
async fn refuses_a_user_that_did_not_sign() {
    let expected = [InstructionError::MissingRequiredSignature, InstructionError::PrivilegeEscalation];
    assert_refused_each(Fault::AuthorityNotSigner, expected).await;
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
    assert_refused(Fault::WrongStakeProgram, InstructionError::IncorrectProgramId).await;
}

#[tokio::test]
async fn refuses_a_pool_not_updated_this_epoch() {
    assert_refused(Fault::StalePool, code(StakePoolError::StakeListAndPoolOutOfDate)).await;
}

#[tokio::test]
#[allow(deprecated, reason = "the runtime still reports a missing account as NotEnoughAccountKeys")]
async fn enforces_the_sol_withdraw_authority() {
    assert_refused(Fault::WithdrawAuthorityMissing, InstructionError::NotEnoughAccountKeys).await;
    assert_refused(Fault::WithdrawAuthorityWrong, code(StakePoolError::InvalidSolWithdrawAuthority)).await;
    assert_refused(Fault::WithdrawAuthorityNotSigner, code(StakePoolError::SignatureMissing)).await;
}
