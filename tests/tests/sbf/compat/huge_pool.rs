//! A 20,000-validator pool: the list filled to capacity, then add, update in chunks, deposits and
//! withdrawals of SOL and stake — on our program and on upstream SPL, which must agree. Instructions
//! that walk the whole list get the 1.4M CU transaction maximum, as SPL's own huge-pool test does.

use {
    lst_tests::{
        fixture::{Executed, TestFixture, TxError},
        pool::{both_programs, PoolConfig, TestPool},
    },
    solana_account::AccountSharedData,
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
};

use lst_sdk::interface::validator_list::{self as layout, ValidatorStakeInfo};

const SOL: u64 = 1_000_000_000;
const MAX_VALIDATORS: u32 = 20_000;

async fn with_max_budget(
    fx: &mut TestFixture,
    ixs: &[Instruction],
    signers: &[&Keypair],
) -> Result<Executed, TxError> {
    let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(1_400_000)];
    all.extend_from_slice(ixs);
    fx.process(&all, signers).await
}

/// Fills the list with `count` active entries of empty stake, updated this epoch (the shape SPL's
/// huge-pool test gives its genesis), keeping the pool's books consistent.
async fn fill_list(fx: &mut TestFixture, pool: &TestPool, votes: &[Pubkey]) {
    let address = pool.validator_list.pubkey();
    let account = fx.account(&address).await.unwrap();
    let mut data = account.data.clone();
    let epoch = fx.epoch().await;
    let slots = layout::slots_mut(&mut data, 0, votes.len()).expect("room for every entry");
    for (slot, vote) in slots.iter_mut().zip(votes) {
        *slot = ValidatorStakeInfo::new_active(vote, 0, epoch, 0);
    }
    layout::header_mut(&mut data).expect("header").len.set(votes.len() as u32);
    let mut shared = AccountSharedData::from(account);
    shared.set_data_from_slice(&data);
    fx.ctx.set_account(&address, &shared);
}

#[tokio::test]
async fn twenty_thousand_validators_work_alike() {
    let mut fx = TestFixture::new().await;
    let filler: Vec<Pubkey> = (0..MAX_VALIDATORS - 1).map(|_| Pubkey::new_unique()).collect();
    let (identity, vote) = (Keypair::new(), Keypair::new());
    fx.create_vote(&identity, &vote, 0).await.unwrap();
    let vote = vote.pubkey();
    let user = Keypair::new();
    let fund =
        solana_system_interface::instruction::transfer(&fx.payer().pubkey(), &user.pubkey(), 100 * SOL);
    fx.process(&[fund], &[]).await.unwrap();

    let mut results = Vec::new();
    for program_id in both_programs() {
        let config = PoolConfig {
            max_validators: MAX_VALIDATORS,
            reserve_extra_lamports: 20 * SOL,
            ..PoolConfig::default()
        };
        let pool = TestPool::new(program_id, config, &Keypair::new(), &Keypair::new());
        pool.create(&mut fx).await.unwrap();
        fill_list(&mut fx, &pool, &filler).await;
        let staker = &pool.staker;
        let mut cu = Vec::new();

        // The 20,000th validator: the duplicate scan walks the whole list.
        let run =
            with_max_budget(&mut fx, &[pool.add_validator_ix(&staker.pubkey(), &vote, None)], &[staker])
                .await;
        cu.push(("AddValidatorToPool #20,000", run.unwrap().units_of(&program_id)));
        let list = pool.validator_list(&mut fx).await;
        assert_eq!(list.validators.len(), MAX_VALIDATORS as usize);
        let full = fx
            .process(&[pool.add_validator_ix(&staker.pubkey(), &Pubkey::new_unique(), None)], &[staker])
            .await;
        assert_eq!(
            full.unwrap_err(),
            TxError::Instruction(0, solana_instruction::error::InstructionError::AccountDataTooSmall)
        );

        // The epoch crank over the last chunk, then the pool total over all 20,000 entries.
        let chunk = spl_stake_pool::instruction::update_validator_list_balance_chunk(
            &program_id,
            &pool.stake_pool.pubkey(),
            &pool.withdraw_authority(),
            &pool.validator_list.pubkey(),
            &pool.reserve.pubkey(),
            &list,
            4,
            MAX_VALIDATORS as usize - 4,
            false,
        )
        .unwrap();
        let run = fx.process(&[chunk], &[]).await.unwrap();
        cu.push(("UpdateValidatorListBalance, last 4", run.units_of(&program_id)));
        let run = with_max_budget(&mut fx, &[pool.update_balance_ix()], &[]).await.unwrap();
        cu.push(("UpdateStakePoolBalance over 20,000", run.units_of(&program_id)));

        // Users in and out.
        let tokens = pool.create_token_account(&mut fx, &user.pubkey()).await.unwrap();
        let run = pool.deposit_sol(&mut fx, &user, &tokens, &tokens, 10 * SOL).await.unwrap();
        cu.push(("DepositSol", run.units_of(&program_id)));
        let stake = Keypair::new();
        fx.create_delegated_stake(&stake, &user, &vote, 3 * SOL).await.unwrap();
        let ixs = pool.deposit_stake_ixs(&stake.pubkey(), &user.pubkey(), &vote, &tokens, &tokens, None);
        let run = with_max_budget(&mut fx, &ixs, &[&user]).await.unwrap();
        cu.push(("DepositStake (scan of 20,000)", run.units_of(&program_id)));
        let from = pool.validator_stake(&vote, None);
        let (ixs, receive) =
            pool.withdraw_stake_ixs(&mut fx, &from, &user.pubkey(), &tokens, 2 * SOL, None).await;
        let run = with_max_budget(&mut fx, &ixs, &[&user, &receive]).await.unwrap();
        cu.push(("WithdrawStake (scans of 20,000)", run.units_of(&program_id)));
        let to = Pubkey::new_unique();
        let ix = pool.withdraw_sol_ix(&user.pubkey(), &tokens, &to, SOL, None, None);
        let run = fx.process(&[ix], &[&user]).await.unwrap();
        cu.push(("WithdrawSol", run.units_of(&program_id)));

        let state = pool.state(&mut fx).await;
        results.push((cu, state.total_lamports, state.pool_token_supply, fx.token_balance(&tokens).await));
    }
    for ((name, ours), (_, theirs)) in results[0].0.iter().zip(&results[1].0) {
        println!("{name:<40} ours {ours:>9} CU   upstream {theirs:>9} CU");
    }
    let books = |r: &(Vec<(&str, u64)>, u64, u64, u64)| (r.1, r.2, r.3);
    assert_eq!(books(&results[0]), books(&results[1]), "total lamports, supply and user tokens");
}
