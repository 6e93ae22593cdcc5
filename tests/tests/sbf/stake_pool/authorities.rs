//! `SetManager`, `SetStaker`, `SetFundingAuthority`: who may change the pool's authorities, and what
//! each records — on both programs.

use {
    lst_tests::{
        fixture::TestFixture,
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::instruction::FundingType,
    stake_pool::error::StakePoolError,
};

async fn pool(fx: &mut TestFixture, program_id: Pubkey) -> TestPool {
    let pool = TestPool::new(program_id, PoolConfig::default(), &Keypair::new(), &Keypair::new());
    pool.create(fx).await.unwrap();
    pool
}

fn code(error: StakePoolError) -> Option<u32> {
    Some(error as u32)
}

#[tokio::test]
async fn set_manager_needs_both_signatures_and_a_fee_account_of_the_mint() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        let (manager, new_manager) = (&pool.manager, Keypair::new());
        let new_fee = pool.create_token_account(&mut fx, &new_manager.pubkey()).await.unwrap();

        let mut ix = pool.set_manager_ix(&manager.pubkey(), &new_manager.pubkey(), &new_fee);
        ix.accounts[2].is_signer = false;
        let err = fx.process(&[ix], &[manager]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(StakePoolError::SignatureMissing), "{program_id}");

        let impostor = Keypair::new();
        let ix = pool.set_manager_ix(&impostor.pubkey(), &new_manager.pubkey(), &new_fee);
        let err = fx.process(&[ix], &[&impostor, &new_manager]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(StakePoolError::WrongManager), "{program_id}");

        let stranger = Keypair::new();
        let other_mint = Keypair::new();
        fx.create_mint(&other_mint, &pool.config.token_program, &stranger.pubkey(), 9).await.unwrap();
        let wrong_fee = Keypair::new();
        fx.create_token_account(
            &wrong_fee,
            &pool.config.token_program,
            &other_mint.pubkey(),
            &stranger.pubkey(),
        )
        .await
        .unwrap();
        let ix = pool.set_manager_ix(&manager.pubkey(), &new_manager.pubkey(), &wrong_fee.pubkey());
        let err = fx.process(&[ix], &[manager, &new_manager]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(StakePoolError::InvalidFeeAccount), "{program_id}");

        let ix = pool.set_manager_ix(&manager.pubkey(), &new_manager.pubkey(), &Pubkey::new_unique());
        let err = fx.process(&[ix], &[manager, &new_manager]).await.unwrap_err();
        assert_eq!(err, lst_tests::fixture::TxError::Instruction(0, InstructionError::IncorrectProgramId));

        let ix = pool.set_manager_ix(&manager.pubkey(), &new_manager.pubkey(), &new_fee);
        fx.process(&[ix], &[manager, &new_manager]).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!((state.manager, state.manager_fee_account), (new_manager.pubkey(), new_fee));
    }
}

#[tokio::test]
async fn the_manager_or_the_staker_may_set_the_staker() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        let next = Keypair::new();
        let ix = pool.set_staker_ix(&pool.staker.pubkey(), &next.pubkey());
        fx.process(&[ix], &[&pool.staker]).await.unwrap();
        assert_eq!(pool.state(&mut fx).await.staker, next.pubkey());

        let last = Pubkey::new_unique();
        let ix = pool.set_staker_ix(&pool.manager.pubkey(), &last);
        fx.process(&[ix], &[&pool.manager]).await.unwrap();
        assert_eq!(pool.state(&mut fx).await.staker, last);

        // The old staker, a stranger, or the manager without signing: refused.
        let stranger = Keypair::new();
        for (who, signers) in [(&pool.staker, vec![&pool.staker]), (&stranger, vec![&stranger])] {
            let ix = pool.set_staker_ix(&who.pubkey(), &who.pubkey());
            let err = fx.process(&[ix], &signers).await.unwrap_err();
            assert_eq!(err.custom_code(), code(StakePoolError::SignatureMissing), "{program_id}");
        }
        let mut ix = pool.set_staker_ix(&pool.manager.pubkey(), &stranger.pubkey());
        ix.accounts[1].is_signer = false;
        let err = fx.process(&[ix], &[]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(StakePoolError::SignatureMissing), "{program_id}");
    }
}

#[tokio::test]
async fn funding_authorities_are_set_and_cleared_by_the_manager() {
    let mut fx = TestFixture::new().await;
    for program_id in both_programs() {
        let pool = pool(&mut fx, program_id).await;
        let manager = &pool.manager;
        let (a, b, c) = (Pubkey::new_unique(), Pubkey::new_unique(), Pubkey::new_unique());
        let ixs = [
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::StakeDeposit, Some(&a)),
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::SolDeposit, Some(&b)),
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::SolWithdraw, Some(&c)),
        ];
        fx.process(&ixs, &[manager]).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!(state.stake_deposit_authority, a);
        assert_eq!(state.sol_deposit_authority, Some(b));
        assert_eq!(state.sol_withdraw_authority, Some(c));

        let ixs = [
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::StakeDeposit, None),
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::SolDeposit, None),
            pool.set_funding_authority_ix(&manager.pubkey(), FundingType::SolWithdraw, None),
        ];
        fx.process(&ixs, &[manager]).await.unwrap();
        let state = pool.state(&mut fx).await;
        assert_eq!(state.stake_deposit_authority, pool.default_deposit_authority());
        assert_eq!((state.sol_deposit_authority, state.sol_withdraw_authority), (None, None));

        let impostor = Keypair::new();
        let ix = pool.set_funding_authority_ix(&impostor.pubkey(), FundingType::SolDeposit, Some(&a));
        let err = fx.process(&[ix], &[&impostor]).await.unwrap_err();
        assert_eq!(err.custom_code(), code(StakePoolError::WrongManager), "{program_id}");
    }
}
