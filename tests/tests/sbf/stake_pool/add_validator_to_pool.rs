//! `AddValidatorToPool`: the validator stake account created, funded from the reserve and delegated;
//! every refused input with its exact error — on both programs.

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    stake_pool::error::StakePoolError,
    std::num::NonZeroU32,
};

const SOL: u64 = 1_000_000_000;

async fn pool_with_reserve(
    fx: &mut TestFixture,
    program_id: Pubkey,
    max_validators: u32,
    reserve: u64,
) -> TestPool {
    let config = PoolConfig { max_validators, reserve_extra_lamports: reserve, ..PoolConfig::default() };
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    pool
}

async fn validator(fx: &mut TestFixture) -> Pubkey {
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 5).await.unwrap();
    vote.pubkey()
}

async fn add(
    fx: &mut TestFixture,
    pool: &TestPool,
    vote: &Pubkey,
    seed: Option<NonZeroU32>,
) -> Result<(), TxError> {
    fx.process(&[pool.add_validator_ix(&pool.staker.pubkey(), vote, seed)], &[&pool.staker]).await.map(|_| ())
}

fn code(error: StakePoolError) -> InstructionError {
    InstructionError::Custom(error as u32)
}

#[tokio::test]
async fn lists_the_validator_with_a_minimum_delegation() {
    let mut fx = TestFixture::new().await;
    let vote = validator(&mut fx).await;
    for program_id in both_programs() {
        let pool = pool_with_reserve(&mut fx, program_id, 10, 10 * SOL).await;
        let reserve_before = fx.lamports(&pool.reserve.pubkey()).await;
        add(&mut fx, &pool, &vote, NonZeroU32::new(7)).await.unwrap();
        let list = pool.validator_list(&mut fx).await;
        assert_eq!(list.validators.len(), 1);
        let entry = &list.validators[0];
        assert_eq!(entry.vote_account_address, vote);
        assert_eq!(u32::from(entry.validator_seed_suffix), 7);
        let stake = pool.validator_stake(&vote, NonZeroU32::new(7));
        let funded = fx.lamports(&stake).await;
        assert_eq!(u64::from(entry.active_stake_lamports), funded, "{program_id}");
        assert_eq!(fx.lamports(&pool.reserve.pubkey()).await, reserve_before - funded);
        // Rent plus the stake program's minimum delegation (1 SOL in this bank, above the pool's own
        // 0.001 SOL floor).
        assert_eq!(fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await + SOL, funded);
    }
}

#[tokio::test]
async fn refuses_wrong_or_missing_staker_signatures() {
    let mut fx = TestFixture::new().await;
    let vote = validator(&mut fx).await;
    for program_id in both_programs() {
        let pool = pool_with_reserve(&mut fx, program_id, 10, 10 * SOL).await;
        let impostor = Keypair::new();
        let ix = pool.add_validator_ix(&impostor.pubkey(), &vote, None);
        let err = fx.process(&[ix], &[&impostor]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, code(StakePoolError::WrongStaker)), "{program_id}");
        let mut ix = pool.add_validator_ix(&pool.staker.pubkey(), &vote, None);
        ix.accounts[1].is_signer = false;
        let err = fx.process(&[ix], &[]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, code(StakePoolError::SignatureMissing)), "{program_id}");
    }
}

#[tokio::test]
async fn refuses_duplicates_wrong_addresses_a_full_list_and_an_empty_reserve() {
    let mut fx = TestFixture::new().await;
    let (first, second) = (validator(&mut fx).await, validator(&mut fx).await);
    for program_id in both_programs() {
        let pool = pool_with_reserve(&mut fx, program_id, 1, 10 * SOL).await;
        add(&mut fx, &pool, &first, None).await.unwrap();
        let err = add(&mut fx, &pool, &first, NonZeroU32::new(2)).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, InstructionError::AccountDataTooSmall), "full, {program_id}");

        let pool = pool_with_reserve(&mut fx, program_id, 3, 10 * SOL).await;
        add(&mut fx, &pool, &first, None).await.unwrap();
        let err = add(&mut fx, &pool, &first, NonZeroU32::new(2)).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, code(StakePoolError::ValidatorAlreadyAdded)), "{program_id}");

        let mut ix = pool.add_validator_ix(&pool.staker.pubkey(), &second, None);
        ix.accounts[5].pubkey = pool.validator_stake(&second, NonZeroU32::new(9));
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, code(StakePoolError::InvalidStakeAccountAddress)));

        let poor = pool_with_reserve(&mut fx, program_id, 3, 0).await;
        let err = add(&mut fx, &poor, &second, None).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, InstructionError::InsufficientFunds), "{program_id}");
    }
}

#[tokio::test]
async fn refuses_a_stale_pool_and_substituted_programs() {
    let mut fx = TestFixture::new().await;
    let vote = validator(&mut fx).await;
    for program_id in both_programs() {
        let pool = pool_with_reserve(&mut fx, program_id, 10, 10 * SOL).await;
        for (index, substitute) in
            [(11, solana_stake_interface::program::ID), (12, solana_system_interface::program::ID)]
        {
            let mut ix = pool.add_validator_ix(&pool.staker.pubkey(), &vote, None);
            ix.accounts[index].pubkey = substitute;
            let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
            assert_eq!(
                err,
                TxError::Instruction(0, InstructionError::IncorrectProgramId),
                "{index} on {program_id}"
            );
        }
    }
    let pools = [
        pool_with_reserve(&mut fx, both_programs()[0], 10, 10 * SOL).await,
        pool_with_reserve(&mut fx, both_programs()[1], 10, 10 * SOL).await,
    ];
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 5).await;
    for pool in &pools {
        let err = add(&mut fx, pool, &vote, None).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, code(StakePoolError::StakeListAndPoolOutOfDate)));
    }
}
