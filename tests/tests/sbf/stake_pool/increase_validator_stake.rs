//! `IncreaseValidatorStake` / `IncreaseAdditionalValidatorStake`: refused inputs with their exact errors
//! on both programs. (Increases through the crank, merges included, run in `compat::epochs`.)

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
};

const SOL: u64 = 1_000_000_000;

fn code(error: StakePoolError) -> TxError {
    TxError::Instruction(0, InstructionError::Custom(error as u32))
}

#[tokio::test]
async fn refuses_bad_increases_alike() {
    let mut fx = TestFixture::new().await;
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    let vote = vote.pubkey();
    let mut pools = Vec::new();
    for program_id in both_programs() {
        let config = PoolConfig { reserve_extra_lamports: 5 * SOL, ..PoolConfig::default() };
        let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
        pool.create(&mut fx).await.unwrap();
        fx.process(&[pool.add_validator_ix(&pool.staker.pubkey(), &vote, None)], &[&pool.staker])
            .await
            .unwrap();

        let unknown = Pubkey::new_unique();
        let err = fx.process(&[pool.increase_ix(&unknown, SOL, 0, None)], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::ValidatorNotFound), "{program_id}");

        // Below the stake program's minimum delegation: the stake program's InsufficientDelegation.
        let err =
            fx.process(&[pool.increase_ix(&vote, SOL / 2, 0, None)], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, InstructionError::Custom(12)), "{program_id}");

        let err =
            fx.process(&[pool.increase_ix(&vote, 100 * SOL, 0, None)], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, InstructionError::InsufficientFunds), "{program_id}");

        let mut ix = pool.increase_ix(&vote, SOL, 0, None);
        ix.accounts[5].pubkey = pool.transient_stake(&vote, 1);
        let err = fx.process(&[ix], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::InvalidStakeAccountAddress), "{program_id}");

        let mut ix = pool.increase_ix(&vote, SOL, 0, None);
        ix.accounts[1].is_signer = false;
        let err = fx.process(&[ix], &[]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::SignatureMissing), "{program_id}");

        fx.process(&[pool.increase_ix(&vote, SOL, 3, None)], &[&pool.staker]).await.unwrap();
        let err = fx.process(&[pool.increase_ix(&vote, SOL, 4, Some(0))], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, TxError::Instruction(0, InstructionError::InvalidSeeds), "{program_id}: wrong seed");
        pools.push(pool);
    }
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 5).await;
    for pool in &pools {
        let err = fx.process(&[pool.increase_ix(&vote, SOL, 0, None)], &[&pool.staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::StakeListAndPoolOutOfDate));
    }
}
