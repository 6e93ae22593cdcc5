//! `DecreaseValidatorStakeWithReserve` (and the other forms): refused inputs with their exact errors,
//! on both programs alike. (Successful decreases through the crank run in `compat::epochs`.)

use {
    lst_tests::{
        fixture::{TestFixture, TxError},
        pool::{both_programs, Decrease, PoolConfig, TestPool},
    },
    solana_instruction::error::InstructionError,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;

#[derive(Clone, Copy, Debug)]
enum Fault {
    NotStaker,
    TooMuch,
    BelowMinimum,
    WrongTransient,
    PendingTransient,
    StalePool,
}

async fn decrease(
    fx: &mut TestFixture,
    program_id: Pubkey,
    vote: &Pubkey,
    fault: Fault,
) -> Result<(), TxError> {
    let config = PoolConfig { reserve_extra_lamports: 10 * SOL, ..PoolConfig::default() };
    let pool = TestPool::with_validators(fx, program_id, config, std::slice::from_ref(vote)).await;
    fx.process(&[pool.increase_ix(vote, 4 * SOL, 0, None)], &[&pool.staker]).await.unwrap();
    fx.next_epoch().await;
    pool.update_all(fx).await.unwrap();
    if matches!(fault, Fault::PendingTransient) {
        let first = pool.decrease_ix(vote, SOL, 1, Decrease::WithReserve);
        fx.process(&[first], &[&pool.staker]).await.unwrap();
    }
    if matches!(fault, Fault::StalePool) {
        fx.next_epoch().await;
    }
    let lamports = match fault {
        Fault::TooMuch => 5 * SOL,
        Fault::BelowMinimum => SOL / 2,
        _ => SOL,
    };
    let mut ix = pool.decrease_ix(vote, lamports, 1, Decrease::WithReserve);
    let impostor = Keypair::new();
    let mut signers = vec![&pool.staker];
    match fault {
        Fault::NotStaker => {
            ix.accounts[1].pubkey = impostor.pubkey();
            signers = vec![&impostor];
        }
        Fault::WrongTransient => ix.accounts[6].pubkey = pool.transient_stake(vote, 9),
        _ => {}
    }
    fx.process(&[ix], &signers).await.map(|_| ())
}

#[tokio::test]
async fn refuses_bad_decreases_alike() {
    let mut fx = TestFixture::new().await;
    let vote = fx.new_validator().await;
    let custom = |e: StakePoolError| InstructionError::Custom(e as u32);
    let cases = [
        (Fault::NotStaker, custom(StakePoolError::WrongStaker)),
        (Fault::TooMuch, InstructionError::InsufficientFunds),
        (Fault::BelowMinimum, InstructionError::AccountNotRentExempt),
        (Fault::WrongTransient, custom(StakePoolError::InvalidStakeAccountAddress)),
        (Fault::PendingTransient, custom(StakePoolError::TransientAccountInUse)),
        (Fault::StalePool, custom(StakePoolError::StakeListAndPoolOutOfDate)),
    ];
    for (fault, expected) in cases {
        let ours = decrease(&mut fx, both_programs()[0], &vote, fault).await.unwrap_err();
        let theirs = decrease(&mut fx, both_programs()[1], &vote, fault).await.unwrap_err();
        assert_eq!(ours, theirs, "{fault:?}: ours vs upstream");
        assert_eq!(ours, TxError::Instruction(0, expected), "{fault:?}");
    }
}

#[tokio::test]
async fn an_additional_decrease_stacks_on_this_epochs_transient_alike() {
    let mut fx = TestFixture::new().await;
    let vote = fx.new_validator().await;
    let mut transients = Vec::new();
    for program_id in both_programs() {
        let config = PoolConfig { reserve_extra_lamports: 10 * SOL, ..PoolConfig::default() };
        let pool = TestPool::with_validators(&mut fx, program_id, config, std::slice::from_ref(&vote)).await;
        // Stake activating this epoch, merged into the validator's stake activating this epoch.
        let user = fx.funded_user(SOL).await;
        let tokens = pool.create_token_account(&mut fx, &user.pubkey()).await.unwrap();
        let stake = Keypair::new();
        fx.create_delegated_stake(&stake, &user, &vote, 5 * SOL).await.unwrap();
        let ixs = pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), &vote, &tokens, &tokens, None);
        fx.process(&ixs, &[&user]).await.unwrap();

        let first = pool.decrease_ix(&vote, SOL, 4, Decrease::WithReserve);
        fx.process(&[first], &[&pool.staker]).await.unwrap();
        let more = pool.decrease_ix(&vote, SOL + 1, 4, Decrease::Additional(2));
        fx.process(&[more], &[&pool.staker]).await.unwrap();
        let list = pool.validator_list(&mut fx).await;
        let entry = &list.validators[0];
        transients.push((u64::from(entry.transient_stake_lamports), u64::from(entry.active_stake_lamports)));
        assert_eq!(
            fx.lamports(&pool.transient_stake(&vote, 4)).await,
            u64::from(entry.transient_stake_lamports)
        );
    }
    assert_eq!(transients[0], transients[1], "transient and active lamports: ours vs upstream");
    assert!(transients[0].0 > 2 * SOL, "both decreases landed in one transient account");
}
