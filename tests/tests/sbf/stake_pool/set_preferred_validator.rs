//! `SetPreferredValidator`: set and clear, only listed active validators, only the staker — on both
//! programs.

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::instruction::PreferredValidatorType::{Deposit, Withdraw},
    stake_pool::error::StakePoolError,
};

fn code(error: StakePoolError) -> TxError {
    TxError::Instruction(0, InstructionError::Custom(error as u32))
}

#[tokio::test]
async fn the_staker_prefers_listed_active_validators_only() {
    let mut fx = TestFixture::new().await;
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    let (second_identity, second) = (Keypair::new(), Keypair::new());
    fx.create_vote(&second_identity, &second, 0).await.unwrap();
    let vote = vote.pubkey();
    for program_id in both_programs() {
        let config = PoolConfig { reserve_extra_lamports: 10_000_000_000, ..PoolConfig::default() };
        let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
        pool.create(&mut fx).await.unwrap();
        let staker = &pool.staker;
        for v in [vote, second.pubkey()] {
            fx.process(&[pool.add_validator_ix(&staker.pubkey(), &v, None)], &[staker]).await.unwrap();
        }

        let ixs = [
            pool.set_preferred_ix(&staker.pubkey(), Deposit, Some(vote)),
            pool.set_preferred_ix(&staker.pubkey(), Withdraw, Some(vote)),
        ];
        fx.process(&ixs, &[staker]).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!(state.preferred_deposit_validator_vote_address, Some(vote));
        assert_eq!(state.preferred_withdraw_validator_vote_address, Some(vote));
        fx.process(&[pool.set_preferred_ix(&staker.pubkey(), Withdraw, None)], &[staker]).await.unwrap();
        assert_eq!(pool.state(&mut fx).await.preferred_withdraw_validator_vote_address, None);

        let unknown = Pubkey::new_unique();
        let err =
            fx.process(&[pool.set_preferred_ix(&staker.pubkey(), Deposit, Some(unknown))], &[staker]).await;
        assert_eq!(err.unwrap_err(), code(StakePoolError::ValidatorNotFound), "{program_id}");

        let ix = pool.remove_validator_ix(&mut fx, &staker.pubkey(), &second.pubkey()).await;
        fx.process(&[ix], &[staker]).await.unwrap();
        let ix = pool.set_preferred_ix(&staker.pubkey(), Deposit, Some(second.pubkey()));
        let err = fx.process(&[ix], &[staker]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::InvalidPreferredValidator), "{program_id}");

        let impostor = Keypair::new();
        let ix = pool.set_preferred_ix(&impostor.pubkey(), Deposit, None);
        let err = fx.process(&[ix], &[&impostor]).await.unwrap_err();
        assert_eq!(err, code(StakePoolError::WrongStaker), "{program_id}");
    }
}
