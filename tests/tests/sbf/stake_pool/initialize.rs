//! `Initialize`: the pool state written, and every refused input with its exact error — on our program
//! and on upstream SPL, which must agree.

use {
    lst_tests::{
        fixture::{
            stake_pool_program_id, token_2022_program_id, upstream_program_id, Executed, TestFixture, TxError,
        },
        pool::{PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::{AccountType, Fee, FutureEpoch},
    stake_pool::error::StakePoolError,
};

/// One thing wrong with an `Initialize`.
#[derive(Clone, Copy, Debug)]
enum Fault {
    ManagerNotSigner,
    WrongWithdrawAuthority,
    InitializedTwice,
    ListSizeMismatch,
    ListSameAsPool,
    FeeTooHigh,
    ReferralTooHigh,
    PoolNotProgramOwned,
    MintAuthority,
    MintDecimals,
    ReserveAuthority,
    FeeAccountOtherMint,
    NotATokenProgram,
}

async fn initialize(
    fx: &mut TestFixture,
    program_id: Pubkey,
    config: PoolConfig,
    fault: Option<Fault>,
) -> Result<Executed, TxError> {
    let (manager, staker) = (Keypair::new(), Keypair::new());
    let pool = TestPool::new(program_id, config, &manager, &staker);
    let mut setup = pool.setup();
    match fault {
        Some(Fault::MintAuthority) => setup.mint_authority = manager.pubkey(),
        Some(Fault::MintDecimals) => setup.mint_decimals = 6,
        Some(Fault::ReserveAuthority) => setup.reserve_authority = manager.pubkey(),
        Some(Fault::FeeAccountOtherMint) => {
            let other = Keypair::new();
            fx.create_mint(&other, &pool.config.token_program, &manager.pubkey(), 9).await.unwrap();
            setup.fee_account_mint = Some(other.pubkey());
        }
        _ => {}
    }
    pool.create_accounts_with(fx, &setup).await.unwrap();

    let mut ix = pool.initialize_ix();
    let mut signers = vec![&manager];
    match fault {
        Some(Fault::ManagerNotSigner) => {
            ix.accounts[1].is_signer = false;
            signers.clear();
        }
        Some(Fault::WrongWithdrawAuthority) => ix.accounts[3].pubkey = Pubkey::new_unique(),
        Some(Fault::ListSizeMismatch) => {
            let at = ix.data.len() - 4;
            ix.data[at..].copy_from_slice(&(pool.config.max_validators + 1).to_le_bytes());
        }
        Some(Fault::ListSameAsPool) => ix.accounts[4].pubkey = pool.stake_pool.pubkey(),
        Some(Fault::PoolNotProgramOwned) => ix.accounts[0].pubkey = Pubkey::new_unique(),
        Some(Fault::NotATokenProgram) => ix.accounts[8].pubkey = solana_system_interface::program::ID,
        Some(Fault::InitializedTwice) => {
            fx.process(&[ix.clone()], &signers).await.unwrap();
        }
        _ => {}
    }
    fx.process(&[ix], &signers).await
}

/// Runs `fault` against both programs and checks both fail with `expected`.
async fn assert_refused(fault: Fault, config: PoolConfig, expected: InstructionError) {
    let mut fx = TestFixture::new().await;
    for program_id in [stake_pool_program_id(), upstream_program_id()] {
        let err = initialize(&mut fx, program_id, config.clone(), Some(fault)).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, expected.clone()), "{fault:?} on {program_id}");
    }
}

fn code(error: StakePoolError) -> InstructionError {
    InstructionError::Custom(error as u32)
}

#[tokio::test]
async fn writes_the_spl_pool_state() {
    let mut fx = TestFixture::new().await;
    let (manager, staker) = (Keypair::new(), Keypair::new());
    let config = PoolConfig { reserve_extra_lamports: 5_000_000_000, ..PoolConfig::default() };
    let pool = TestPool::new(stake_pool_program_id(), config.clone(), &manager, &staker);
    pool.create(&mut fx).await.unwrap();

    let state = pool.state(&mut fx).await;
    assert_eq!(state.account_type, AccountType::StakePool);
    assert_eq!(state.manager, manager.pubkey());
    assert_eq!(state.staker, staker.pubkey());
    assert_eq!(state.stake_deposit_authority, pool.default_deposit_authority());
    assert_eq!(state.sol_deposit_authority, None);
    assert_eq!(state.epoch_fee, config.epoch_fee);
    assert_eq!(state.next_epoch_fee, FutureEpoch::None);
    assert_eq!(state.sol_deposit_fee, config.deposit_fee);
    assert_eq!(state.stake_withdrawal_fee, config.withdrawal_fee);
    assert_eq!(state.sol_referral_fee, config.referral_fee);
    assert_eq!(state.last_update_epoch, fx.epoch().await);
    // Lamports already in the reserve are minted 1:1 to the manager.
    assert_eq!(state.total_lamports, 5_000_000_000);
    assert_eq!(state.pool_token_supply, 5_000_000_000);
    assert_eq!(fx.token_balance(&pool.manager_fee.pubkey()).await, 5_000_000_000);

    let list = fx.data(&pool.validator_list.pubkey()).await;
    let header = lst_sdk::interface::validator_list::header(&list).unwrap();
    assert_eq!(header.account_type, lst_sdk::interface::stake_pool::account_type::VALIDATOR_LIST);
    assert_eq!((header.max_validators.get(), header.len.get()), (config.max_validators, 0));
}

#[tokio::test]
async fn records_the_deposit_authority_for_sol_and_stake() {
    let mut fx = TestFixture::new().await;
    let (manager, staker) = (Keypair::new(), Keypair::new());
    let config = PoolConfig { with_deposit_authority: true, ..PoolConfig::default() };
    let pool = TestPool::new(stake_pool_program_id(), config, &manager, &staker);
    pool.create(&mut fx).await.unwrap();
    let state = pool.state(&mut fx).await;
    assert_eq!(state.stake_deposit_authority, pool.deposit_authority.pubkey());
    assert_eq!(state.sol_deposit_authority, Some(pool.deposit_authority.pubkey()));
}

#[tokio::test]
async fn works_with_token_2022() {
    let mut fx = TestFixture::new().await;
    let config = PoolConfig { token_program: token_2022_program_id(), ..PoolConfig::default() };
    let pool = TestPool::new(stake_pool_program_id(), config, &Keypair::new(), &Keypair::new());
    pool.create(&mut fx).await.unwrap();
    assert_eq!(pool.state(&mut fx).await.token_program_id, token_2022_program_id());
}

#[tokio::test]
async fn refuses_a_manager_that_did_not_sign() {
    assert_refused(Fault::ManagerNotSigner, PoolConfig::default(), code(StakePoolError::SignatureMissing))
        .await;
}

#[tokio::test]
async fn refuses_a_wrong_withdraw_authority() {
    let expected = code(StakePoolError::InvalidProgramAddress);
    assert_refused(Fault::WrongWithdrawAuthority, PoolConfig::default(), expected).await;
}

#[tokio::test]
async fn refuses_an_initialized_pool() {
    assert_refused(Fault::InitializedTwice, PoolConfig::default(), code(StakePoolError::AlreadyInUse)).await;
}

#[tokio::test]
async fn refuses_a_list_of_the_wrong_size() {
    let expected = code(StakePoolError::UnexpectedValidatorListAccountSize);
    assert_refused(Fault::ListSizeMismatch, PoolConfig::default(), expected).await;
}

#[tokio::test]
async fn refuses_the_pool_account_as_its_own_list() {
    assert_refused(Fault::ListSameAsPool, PoolConfig::default(), code(StakePoolError::AlreadyInUse)).await;
}

#[tokio::test]
async fn refuses_fees_above_one_hundred_percent() {
    let config = PoolConfig { epoch_fee: Fee { numerator: 101, denominator: 100 }, ..PoolConfig::default() };
    assert_refused(Fault::FeeTooHigh, config, code(StakePoolError::FeeTooHigh)).await;
    let config = PoolConfig { referral_fee: 101, ..PoolConfig::default() };
    assert_refused(Fault::ReferralTooHigh, config, code(StakePoolError::FeeTooHigh)).await;
}

#[tokio::test]
async fn refuses_a_pool_account_of_another_owner() {
    assert_refused(Fault::PoolNotProgramOwned, PoolConfig::default(), InstructionError::IncorrectProgramId)
        .await;
}

#[tokio::test]
async fn refuses_a_mint_it_cannot_mint_from() {
    let expected = code(StakePoolError::WrongMintingAuthority);
    assert_refused(Fault::MintAuthority, PoolConfig::default(), expected).await;
}

#[tokio::test]
async fn refuses_a_mint_without_nine_decimals() {
    let expected = code(StakePoolError::IncorrectMintDecimals);
    assert_refused(Fault::MintDecimals, PoolConfig::default(), expected).await;
}

#[tokio::test]
async fn refuses_a_reserve_it_does_not_control() {
    assert_refused(Fault::ReserveAuthority, PoolConfig::default(), code(StakePoolError::WrongStakeStake))
        .await;
}

#[tokio::test]
async fn refuses_a_fee_account_of_another_mint() {
    let expected = code(StakePoolError::InvalidFeeAccount);
    assert_refused(Fault::FeeAccountOtherMint, PoolConfig::default(), expected).await;
}

#[tokio::test]
async fn refuses_a_program_that_is_not_a_token_program() {
    assert_refused(Fault::NotATokenProgram, PoolConfig::default(), InstructionError::IncorrectProgramId)
        .await;
}
