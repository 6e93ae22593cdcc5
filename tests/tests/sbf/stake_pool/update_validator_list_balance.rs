//! `UpdateValidatorListBalance` and `CleanupRemovedValidatorEntries`: refused inputs with their exact
//! errors, and the epoch-rewards guard, on both programs alike. (The crank's work itself runs in
//! `compat::epochs` and `compat::huge_pool`.)

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::{error::InstructionError, AccountMeta},
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    stake_pool::error::StakePoolError,
};

fn chunk(
    pool: &TestPool,
    list: &spl_stake_pool::state::ValidatorList,
    len: usize,
    start: usize,
) -> solana_instruction::Instruction {
    spl_stake_pool::instruction::update_validator_list_balance_chunk(
        &pool.program_id,
        &pool.stake_pool.pubkey(),
        &pool.withdraw_authority(),
        &pool.validator_list.pubkey(),
        &pool.reserve.pubkey(),
        list,
        len,
        start,
        false,
    )
    .unwrap()
}

#[tokio::test]
async fn refuses_bad_updates_alike() {
    let mut fx = TestFixture::new().await;
    let votes = [fx.new_validator().await, fx.new_validator().await];
    let custom = |e: StakePoolError| InstructionError::Custom(e as u32);
    let mut outcomes: Vec<Vec<TxError>> = Vec::new();
    for program_id in both_programs() {
        let config = PoolConfig { reserve_extra_lamports: 10_000_000_000, ..PoolConfig::default() };
        let pool = TestPool::with_validators(&mut fx, program_id, config, &votes).await;
        let list = pool.validator_list(&mut fx).await;
        let mut errors = Vec::new();

        let mut odd = chunk(&pool, &list, 2, 0);
        odd.accounts.pop();
        errors.push(fx.process(&[odd], &[]).await.unwrap_err());

        let mut wrong_list = chunk(&pool, &list, 2, 0);
        wrong_list.accounts[2].pubkey = Pubkey::new_unique();
        errors.push(fx.process(&[wrong_list], &[]).await.unwrap_err());

        let mut wrong_reserve = chunk(&pool, &list, 2, 0);
        wrong_reserve.accounts[3].pubkey = Pubkey::new_unique();
        errors.push(fx.process(&[wrong_reserve], &[]).await.unwrap_err());

        let mut wrong_program = chunk(&pool, &list, 2, 0);
        wrong_program.accounts[6].pubkey = solana_system_interface::program::ID;
        errors.push(fx.process(&[wrong_program], &[]).await.unwrap_err());

        // Two pairs starting at index 1 of a two-entry list run past its end.
        let mut past_end = chunk(&pool, &list, 2, 0);
        past_end.data[1..5].copy_from_slice(&1u32.to_le_bytes());
        errors.push(fx.process(&[past_end], &[]).await.unwrap_err());

        let mut cleanup = spl_stake_pool::instruction::cleanup_removed_validator_entries(
            &pool.program_id,
            &pool.stake_pool.pubkey(),
            &pool.validator_list.pubkey(),
        );
        cleanup.accounts[1] = AccountMeta::new(pool.reserve.pubkey(), false);
        errors.push(fx.process(&[cleanup], &[]).await.unwrap_err());
        outcomes.push(errors);
    }
    assert_eq!(outcomes[0], outcomes[1], "ours vs upstream");
    let expected = [
        custom(StakePoolError::UnexpectedValidatorListAccountSize),
        custom(StakePoolError::InvalidValidatorStakeList),
        custom(StakePoolError::InvalidProgramAddress),
        InstructionError::IncorrectProgramId,
        InstructionError::AccountDataTooSmall,
        custom(StakePoolError::InvalidValidatorStakeList),
    ];
    for (got, want) in outcomes[0].iter().zip(expected) {
        assert_eq!(*got, TxError::Instruction(0, want));
    }
}

#[tokio::test]
async fn no_update_while_epoch_rewards_are_paid() {
    let mut fx = TestFixture::new().await;
    let vote = fx.new_validator().await;
    let mut pools = Vec::new();
    for program_id in both_programs() {
        let config = PoolConfig { reserve_extra_lamports: 10_000_000_000, ..PoolConfig::default() };
        pools.push(TestPool::with_validators(&mut fx, program_id, config, &[vote]).await);
    }
    // Rewards for the epoch are paid over the first slots after the boundary.
    fx.credit_votes(&vote, 100);
    let epoch = fx.epoch().await;
    fx.warp_to_epoch(epoch + 1, 0).await;
    for pool in &pools {
        let list = pool.validator_list(&mut fx).await;
        let err = fx.process(&[chunk(pool, &list, 1, 0)], &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), Some(StakePoolError::EpochRewardDistributionInProgress as u32));
    }
}
