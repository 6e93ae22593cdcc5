//! `RemoveValidatorFromPool`: who may remove, which validators can be removed, the stale gate — on
//! both programs. (The full life cycle, through the crank and cleanup, runs in `compat::epochs`.)

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::state::StakeStatus,
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

async fn pool_with(fx: &mut TestFixture, program_id: Pubkey, votes: &[Pubkey]) -> TestPool {
    let config = PoolConfig { reserve_extra_lamports: 10 * SOL, ..PoolConfig::default() };
    let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    for vote in votes {
        fx.process(&[pool.add_validator_ix(&pool.staker.pubkey(), vote, None)], &[&pool.staker])
            .await
            .unwrap();
    }
    pool
}

fn code(error: StakePoolError) -> TxError {
    TxError::Instruction(0, InstructionError::Custom(error as u32))
}

#[tokio::test]
async fn marks_the_validator_and_refuses_a_second_removal() {
    let mut fx = TestFixture::new().await;
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    for program_id in both_programs() {
        let pool = pool_with(&mut fx, program_id, &[vote.pubkey()]).await;
        let ix = pool.remove_validator_ix(&mut fx, &pool.staker.pubkey(), &vote.pubkey()).await;
        fx.process(std::slice::from_ref(&ix), &[&pool.staker]).await.unwrap();
        let list = pool.validator_list(&mut fx).await;
        let status = StakeStatus::try_from(list.validators[0].status).unwrap();
        assert_eq!(status, StakeStatus::DeactivatingValidator, "{program_id}");
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::ValidatorNotFound), "{program_id}");
    }
}

#[tokio::test]
async fn refuses_strangers_unknown_validators_and_a_stale_pool() {
    let mut fx = TestFixture::new().await;
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    let (other_identity, other_vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&other_identity, &other_vote, 0).await.unwrap();
    let mut pools = Vec::new();
    for program_id in both_programs() {
        let pool = pool_with(&mut fx, program_id, &[vote.pubkey()]).await;
        let impostor = Keypair::new();
        let ix = pool.remove_validator_ix(&mut fx, &impostor.pubkey(), &vote.pubkey()).await;
        let err = fx.process(&[ix], &[&impostor]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::WrongStaker), "{program_id}");

        // The stake account of a validator this pool never listed.
        let stranger_pool = pool_with(&mut fx, program_id, &[other_vote.pubkey()]).await;
        let mut ix = pool.remove_validator_ix(&mut fx, &pool.staker.pubkey(), &vote.pubkey()).await;
        ix.accounts[4].pubkey = stranger_pool.validator_stake(&other_vote.pubkey(), None);
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::ValidatorNotFound), "{program_id}");

        // A delegated stake account that is not the validator's PDA of this pool.
        let mut ix = pool.remove_validator_ix(&mut fx, &pool.staker.pubkey(), &vote.pubkey()).await;
        let other_pool = pool_with(&mut fx, program_id, &[vote.pubkey()]).await;
        ix.accounts[4].pubkey = other_pool.validator_stake(&vote.pubkey(), None);
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::InvalidStakeAccountAddress), "{program_id}");
        pools.push(pool);
    }
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 5).await;
    for pool in &pools {
        let ix = pool.remove_validator_ix(&mut fx, &pool.staker.pubkey(), &vote.pubkey()).await;
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::StakeListAndPoolOutOfDate));
    }
}
