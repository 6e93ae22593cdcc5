//! `DepositStake`: refused inputs with their exact errors, on both programs alike. (Successful stake
//! deposits, with the SOL part charged the SOL fee, run in `compat::epochs`.)

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::instruction::PreferredValidatorType,
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

#[derive(Clone, Copy, Debug)]
enum Fault {
    WrongDepositAuthority,
    UnlistedValidator,
    NotPreferred,
    WrongFeeAccount,
    WrongMint,
    WrongReserve,
    StalePool,
}

async fn deposit(
    fx: &mut TestFixture,
    program_id: Pubkey,
    votes: &[Pubkey; 3],
    fault: Fault,
) -> Result<(), TxError> {
    let config = PoolConfig { reserve_extra_lamports: 10 * SOL, ..PoolConfig::default() };
    let pool = TestPool::with_validators(fx, program_id, config, &votes[..2]).await;
    let user = fx.funded_user(10 * SOL).await;
    let tokens = pool.create_token_account(fx, &user.pubkey()).await.unwrap();
    let target = if matches!(fault, Fault::UnlistedValidator) { votes[2] } else { votes[0] };
    let stake = Keypair::new();
    fx.create_delegated_stake(&stake, &user, &target, 2 * SOL).await.unwrap();
    if matches!(fault, Fault::NotPreferred) {
        let ix =
            pool.set_preferred_ix(&pool.staker.pubkey(), PreferredValidatorType::Deposit, Some(votes[1]));
        fx.process(&[ix], &[&pool.staker]).await.unwrap();
    }
    if matches!(fault, Fault::StalePool) {
        fx.next_epoch().await;
    }
    let mut ixs = pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), &target, &tokens, &tokens, None);
    let deposit = ixs.last_mut().unwrap();
    let impostor = Keypair::new();
    let mut signers = vec![&user];
    match fault {
        Fault::WrongDepositAuthority => {
            deposit.accounts[2].pubkey = impostor.pubkey();
            deposit.accounts[2].is_signer = true;
            signers.push(&impostor);
        }
        Fault::WrongFeeAccount => deposit.accounts[8].pubkey = tokens,
        Fault::WrongMint => deposit.accounts[10].pubkey = tokens,
        Fault::WrongReserve => deposit.accounts[6].pubkey = tokens,
        Fault::UnlistedValidator | Fault::NotPreferred | Fault::StalePool => {}
    }
    fx.process(&ixs, &signers).await.map(|_| ())
}

#[tokio::test]
async fn refuses_bad_stake_deposits_alike() {
    let mut fx = TestFixture::new().await;
    let votes = [fx.new_validator().await, fx.new_validator().await, fx.new_validator().await];
    let cases = [
        (Fault::WrongDepositAuthority, Some(StakePoolError::InvalidStakeDepositAuthority)),
        (Fault::UnlistedValidator, None),
        (Fault::NotPreferred, Some(StakePoolError::IncorrectDepositVoteAddress)),
        (Fault::WrongFeeAccount, Some(StakePoolError::InvalidFeeAccount)),
        (Fault::WrongMint, Some(StakePoolError::WrongPoolMint)),
        (Fault::WrongReserve, Some(StakePoolError::InvalidProgramAddress)),
        (Fault::StalePool, Some(StakePoolError::StakeListAndPoolOutOfDate)),
    ];
    for (fault, expected) in cases {
        let ours = deposit(&mut fx, both_programs()[0], &votes, fault).await.unwrap_err();
        let theirs = deposit(&mut fx, both_programs()[1], &votes, fault).await.unwrap_err();
        assert_eq!(ours, theirs, "{fault:?}: ours vs upstream");
        if let Some(code) = expected {
            assert_eq!(ours.custom_code(), Some(code as u32), "{fault:?}");
        }
    }
}
