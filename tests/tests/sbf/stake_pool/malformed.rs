//! Malformed input gets SPL's answer: every instruction, built by upstream's builders, is mangled
//! (a byte too many, a byte too few, an account too few, a substituted sysvar or stake config) and
//! sent to a pool of ours and an identical pool of upstream's; both must answer the same. Accounts
//! SPL writes only sometimes are accepted read-only when nothing is written, as SPL accepts them.

use {
    lst_tests::{
        fixture::{stake_pool_program_id, upstream_program_id, TestFixture, TxError},
        pool::{PoolConfig, TestPool},
    },
    solana_instruction::{error::InstructionError, AccountMeta, Instruction},
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    spl_stake_pool::{
        instruction::{self as spl, FundingType, PreferredValidatorType},
        state::{Fee, FeeType},
    },
    stake_pool::error::StakePoolError,
};

const SOL: u64 = 1_000_000_000;
use lst_sdk::interface::id::{CLOCK_SYSVAR as CLOCK, STAKE_CONFIG, STAKE_HISTORY_SYSVAR as STAKE_HISTORY};

/// One pool with two validators holding stake, a user with pool tokens and an active stake account
/// delegated to the first validator.
struct Scene {
    pool: TestPool,
    votes: [Pubkey; 2],
    /// A validator not in the pool.
    newcomer: Pubkey,
    user: Keypair,
    tokens: Pubkey,
    stake: Keypair,
}

/// The same scene on both programs, in one bank (the same epochs and rewards).
async fn scenes(fx: &mut TestFixture, config: PoolConfig) -> [Scene; 2] {
    let votes = [fx.new_validator().await, fx.new_validator().await];
    let newcomer = fx.new_validator().await;
    fx.credit_votes(&newcomer, 1_000);
    let config = PoolConfig { reserve_extra_lamports: 50 * SOL, ..config };
    let mut out = Vec::new();
    for program in [stake_pool_program_id(), upstream_program_id()] {
        let pool = TestPool::new(program, config.clone(), &Keypair::new(), &Keypair::new());
        pool.create(fx).await.expect("pool");
        for vote in &votes {
            fx.process(&[pool.add_validator_ix(&pool.staker.pubkey(), vote, None)], &[&pool.staker])
                .await
                .expect("add");
            fx.process(&[pool.increase_ix(vote, 5 * SOL, 0, None)], &[&pool.staker]).await.expect("increase");
        }
        let user = fx.funded_user(100 * SOL).await;
        let tokens = pool.create_token_account(fx, &user.pubkey()).await.expect("tokens");
        pool.deposit_sol(fx, &user, &tokens, &tokens, 40 * SOL).await.expect("deposit");
        let stake = Keypair::new();
        fx.create_delegated_stake(&stake, &user, &votes[0], 3 * SOL).await.expect("user stake");
        out.push(Scene { pool, votes, newcomer, user, tokens, stake });
    }
    fx.next_epoch().await;
    for s in &out {
        s.pool.update_all(fx).await.expect("update");
    }
    out.try_into().unwrap_or_else(|_| unreachable!())
}

/// One instruction of a scene, with the keys that sign it.
struct Call {
    name: &'static str,
    ixs: Vec<Instruction>,
    signers: Vec<Keypair>,
}

/// Every SPL instruction a scene can send, built by upstream's builders (the last instruction is
/// the pool's; the ones before it prepare it).
async fn calls(fx: &mut TestFixture, s: &Scene) -> Vec<Call> {
    let p = &s.pool;
    let (program, pool) = (p.program_id, p.stake_pool.pubkey());
    let (staker, manager) = (p.staker.insecure_clone(), p.manager.insecure_clone());
    let user = s.user.insecure_clone();
    let list = p.validator_list(fx).await;
    let state = p.state(fx).await;
    let (updates, last) = spl::update_stake_pool(&program, &state, &list, &pool, false);
    let to = Pubkey::new_unique();
    let (withdraw_stake, receive) = p
        .withdraw_stake_ixs(
            fx,
            &p.validator_stake(&s.votes[1], None),
            &user.pubkey(),
            &s.tokens,
            2 * SOL,
            None,
        )
        .await;
    let remove = p.remove_validator_ix(fx, &staker.pubkey(), &s.votes[1]).await;
    let newcomer = s.newcomer;
    let one = |name, ix: Instruction, signers: Vec<&Keypair>| Call {
        name,
        ixs: vec![ix],
        signers: signers.into_iter().map(|k| k.insecure_clone()).collect(),
    };
    vec![
        one("DepositSol", p.deposit_sol_ix(&user.pubkey(), &s.tokens, &s.tokens, SOL, None), vec![&user]),
        one(
            "DepositSolWithSlippage",
            p.deposit_sol_ix(&user.pubkey(), &s.tokens, &s.tokens, SOL, Some(1)),
            vec![&user],
        ),
        one("WithdrawSol", p.withdraw_sol_ix(&user.pubkey(), &s.tokens, &to, SOL, None, None), vec![&user]),
        one(
            "WithdrawSolWithSlippage",
            p.withdraw_sol_ix(&user.pubkey(), &s.tokens, &to, SOL, Some(1), None),
            vec![&user],
        ),
        Call {
            name: "DepositStake",
            ixs: p.deposit_stake_ixs(
                &s.stake.pubkey(),
                &user.pubkey(),
                &s.votes[0],
                &s.tokens,
                &s.tokens,
                None,
            ),
            signers: vec![user.insecure_clone()],
        },
        Call { name: "WithdrawStake", ixs: withdraw_stake, signers: vec![user.insecure_clone(), receive] },
        one("IncreaseValidatorStake", p.increase_ix(&s.votes[0], SOL, 1, None), vec![&staker]),
        one("IncreaseAdditionalValidatorStake", p.increase_ix(&s.votes[0], SOL, 1, Some(3)), vec![&staker]),
        one(
            "DecreaseValidatorStakeWithReserve",
            p.decrease_ix(&s.votes[1], SOL, 1, lst_tests::pool::Decrease::WithReserve),
            vec![&staker],
        ),
        one(
            "DecreaseAdditionalValidatorStake",
            p.decrease_ix(&s.votes[1], SOL, 1, lst_tests::pool::Decrease::Additional(4)),
            vec![&staker],
        ),
        one("AddValidatorToPool", p.add_validator_ix(&staker.pubkey(), &newcomer, None), vec![&staker]),
        one("RemoveValidatorFromPool", remove, vec![&staker]),
        one(
            "SetPreferredValidator",
            p.set_preferred_ix(&staker.pubkey(), PreferredValidatorType::Deposit, Some(s.votes[0])),
            vec![&staker],
        ),
        one("UpdateValidatorListBalance", updates[0].clone(), vec![]),
        one("UpdateStakePoolBalance", last[0].clone(), vec![]),
        one("CleanupRemovedValidatorEntries", last[1].clone(), vec![]),
        one(
            "SetFee",
            p.set_fee_ix(&manager.pubkey(), FeeType::Epoch(Fee { numerator: 1, denominator: 50 })),
            vec![&manager],
        ),
        one(
            "SetManager",
            p.set_manager_ix(&manager.pubkey(), &manager.pubkey(), &p.manager_fee.pubkey()),
            vec![&manager],
        ),
        one("SetStaker", p.set_staker_ix(&manager.pubkey(), &staker.pubkey()), vec![&manager]),
        one(
            "SetFundingAuthority",
            p.set_funding_authority_ix(&manager.pubkey(), FundingType::SolDeposit, None),
            vec![&manager],
        ),
    ]
}

/// Sends `ixs`, signed by those of `signers` they name as signers.
async fn send(fx: &mut TestFixture, ixs: &[Instruction], signers: &[Keypair]) -> Result<(), TxError> {
    let named =
        |k: &&Keypair| ixs.iter().flat_map(|ix| &ix.accounts).any(|m| m.is_signer && m.pubkey == k.pubkey());
    let refs: Vec<&Keypair> = signers.iter().filter(named).collect();
    fx.process(ixs, &refs).await.map(|_| ())
}

/// `call` with its pool instruction changed by `mangle` (`None`: that mangling does not apply).
fn mangled(call: &Call, mangle: &dyn Fn(&Instruction) -> Option<Instruction>) -> Option<Vec<Instruction>> {
    let (last, before) = call.ixs.split_last()?;
    let mut ixs = before.to_vec();
    ixs.push(mangle(last)?);
    Some(ixs)
}

/// The instruction with the account at `address` replaced by `with` (`None` if it names none).
fn substituted(ix: &Instruction, address: &Pubkey, with: &Pubkey) -> Option<Instruction> {
    let mut ix = ix.clone();
    let meta = ix.accounts.iter_mut().find(|m| m.pubkey == *address)?;
    meta.pubkey = *with;
    Some(ix)
}

#[tokio::test]
async fn every_mangled_instruction_gets_upstreams_answer() {
    let mut fx = TestFixture::new().await;
    let scenes = scenes(&mut fx, PoolConfig::default()).await;
    let ours = calls(&mut fx, &scenes[0]).await;
    let theirs = calls(&mut fx, &scenes[1]).await;
    // Unmangled, each goes through on both programs (simulated: nothing changes), so every refusal
    // below is the mangling's.
    for call in ours.iter().chain(&theirs) {
        let named = |k: &&Keypair| {
            call.ixs.iter().flat_map(|ix| &ix.accounts).any(|m| m.is_signer && m.pubkey == k.pubkey())
        };
        let signers: Vec<&Keypair> = call.signers.iter().filter(named).collect();
        fx.simulate(&call.ixs, &signers).await.unwrap_or_else(|e| panic!("{}: {e:?}", call.name));
    }
    type Mangle = (&'static str, Box<dyn Fn(&Instruction) -> Option<Instruction>>);
    let manglings: Vec<Mangle> = vec![
        (
            "a byte too many",
            Box::new(|ix| {
                let mut ix = ix.clone();
                ix.data.push(0);
                Some(ix)
            }),
        ),
        (
            "a byte too few",
            Box::new(|ix| {
                let mut ix = ix.clone();
                ix.data.pop().filter(|_| !ix.data.is_empty())?;
                Some(ix)
            }),
        ),
        (
            "the slippage variant's minimum on the plain one",
            Box::new(|ix| {
                let mut ix = ix.clone();
                let plain = match ix.data[0] {
                    25 => 14,
                    26 => 16,
                    23 => 9,
                    24 => 10,
                    _ => return None,
                };
                ix.data[0] = plain;
                Some(ix)
            }),
        ),
        (
            "an account too few",
            Box::new(|ix| {
                let mut ix = ix.clone();
                ix.accounts.pop()?;
                Some(ix)
            }),
        ),
        ("the clock in the stake-history slot", Box::new(|ix| substituted(ix, &STAKE_HISTORY, &CLOCK))),
        (
            "the validator list in the stake-history slot",
            Box::new(|ix| {
                let list = ix.accounts.get(3)?.pubkey;
                substituted(ix, &STAKE_HISTORY, &list)
            }),
        ),
        ("the clock in the stake-config slot", Box::new(|ix| substituted(ix, &STAKE_CONFIG, &CLOCK))),
        ("a stranger in the clock slot", Box::new(|ix| substituted(ix, &CLOCK, &Pubkey::new_unique()))),
    ];
    // Every account left out in turn, every later one shifted: SPL's answer is its first read that
    // fails (the list running out, or a shifted account where it parses a sysvar).
    let mut manglings = manglings;
    for at in 0..16usize {
        let name: &'static str = Box::leak(format!("account {at} left out").into_boxed_str());
        manglings.push((
            name,
            Box::new(move |ix: &Instruction| {
                let mut ix = ix.clone();
                (at < ix.accounts.len()).then(|| ix.accounts.remove(at))?;
                Some(ix)
            }),
        ));
    }
    let mut checked = 0;
    for (name, mangle) in &manglings {
        for (a, b) in ours.iter().zip(&theirs) {
            let (Some(x), Some(y)) = (mangled(a, mangle.as_ref()), mangled(b, mangle.as_ref())) else {
                continue;
            };
            let got = send(&mut fx, &x, &a.signers).await;
            let want = send(&mut fx, &y, &b.signers).await;
            assert_eq!(got, want, "{}: {name}", a.name);
            // Framing errors always refuse; a substituted sysvar or a missing account only where the
            // instruction would use it (an update with nothing to merge never calls the stake program).
            if name.starts_with("a byte") || name.starts_with("the slippage") {
                assert!(want.is_err(), "{}: {name} is refused", a.name);
            }
            checked += 1;
        }
    }
    // The framing errors are SPL's decoding error, whatever the instruction.
    for (a, b) in ours.iter().zip(&theirs) {
        for mangle in [&manglings[0].1, &manglings[1].1] {
            let (Some(x), Some(_)) = (mangled(a, mangle.as_ref()), mangled(b, mangle.as_ref())) else {
                continue;
            };
            let error = send(&mut fx, &x, &a.signers).await.unwrap_err();
            assert_eq!(
                error,
                TxError::Instruction((x.len() - 1) as u8, InstructionError::BorshIoError),
                "{}",
                a.name
            );
        }
    }
    assert!(checked > 60, "{checked} mangled instructions compared");
}

/// Where one account breaks two of SPL's checks, the one SPL makes first answers: an account of
/// another program as the list (`SetPreferredValidator` checks owners before addresses), the pool's
/// own list in the pool's slot (SPL decodes it as a pool: this list decodes, so it is a pool of the
/// wrong type), a new manager that does not sign
/// with a fee account that is no token account (SPL checks the fee account's owner first).
#[tokio::test]
async fn two_faults_at_once_get_upstreams_first_answer() {
    let mut fx = TestFixture::new().await;
    let scenes = scenes(&mut fx, PoolConfig::default()).await;
    let mut answers: Vec<Vec<Result<(), TxError>>> = Vec::new();
    for s in &scenes {
        let p = &s.pool;
        let (staker, manager) = (p.staker.insecure_clone(), p.manager.insecure_clone());
        let list = p.validator_list.pubkey();
        let mut outcomes = Vec::new();
        let preferred =
            p.set_preferred_ix(&staker.pubkey(), PreferredValidatorType::Deposit, Some(s.votes[0]));
        let foreign_list = substituted(&preferred, &list, &s.tokens).expect("the list");
        outcomes.push(send(&mut fx, &[foreign_list], &[staker.insecure_clone()]).await);
        let list_as_pool = substituted(&preferred, &p.stake_pool.pubkey(), &list).expect("the pool");
        outcomes.push(send(&mut fx, &[list_as_pool], &[staker.insecure_clone()]).await);
        let fee = p.set_fee_ix(&manager.pubkey(), FeeType::Epoch(Fee { numerator: 1, denominator: 50 }));
        let list_as_pool = substituted(&fee, &p.stake_pool.pubkey(), &list).expect("the pool");
        outcomes.push(send(&mut fx, &[list_as_pool], &[manager.insecure_clone()]).await);
        let newcomer = Keypair::new();
        let mut handover = p.set_manager_ix(&manager.pubkey(), &newcomer.pubkey(), &p.reserve.pubkey());
        handover.accounts[2].is_signer = false;
        outcomes.push(send(&mut fx, &[handover], &[manager.insecure_clone()]).await);
        answers.push(outcomes);
    }
    assert_eq!(answers[0], answers[1], "ours vs upstream");
    let error = |e| Err(TxError::Instruction(0, e));
    assert_eq!(
        answers[0],
        vec![
            error(InstructionError::IncorrectProgramId),
            error(InstructionError::Custom(StakePoolError::InvalidState as u32)),
            error(InstructionError::Custom(StakePoolError::InvalidState as u32)),
            error(InstructionError::IncorrectProgramId),
        ]
    );
}

#[tokio::test]
async fn data_that_is_no_instruction_gets_upstreams_answer() {
    let mut fx = TestFixture::new().await;
    let event_tag = vec![0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d];
    for data in [vec![], vec![27], vec![99], vec![255, 0, 0], event_tag, vec![12], vec![12, 9]] {
        let mut errors = Vec::new();
        for program_id in [stake_pool_program_id(), upstream_program_id()] {
            let ix = Instruction {
                program_id,
                accounts: vec![AccountMeta::new(Pubkey::new_unique(), false)],
                data: data.clone(),
            };
            errors.push(fx.process(&[ix], &[]).await.unwrap_err());
        }
        assert_eq!(errors[0], errors[1], "data {data:?}");
        assert_eq!(errors[0], TxError::Instruction(0, InstructionError::BorshIoError), "data {data:?}");
    }
}

/// Accounts SPL writes only when there is something to write are accepted read-only otherwise: the
/// list at `UpdateStakePoolBalance`, the fee accounts when the fee is zero, the list when stake comes
/// out of the reserve, the transient account at removal when it holds nothing.
#[tokio::test]
async fn accounts_written_only_sometimes_may_be_read_only() {
    let mut fx = TestFixture::new().await;
    let zero = Fee { numerator: 0, denominator: 1 };
    let config = PoolConfig {
        deposit_fee: zero,
        withdrawal_fee: zero,
        epoch_fee: zero,
        referral_fee: 0,
        ..PoolConfig::default()
    };
    let scenes = scenes(&mut fx, config).await;
    let readonly = |mut ix: Instruction, at: &Pubkey| {
        for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *at) {
            meta.is_writable = false;
        }
        ix
    };
    for s in &scenes {
        let p = &s.pool;
        let (program, pool) = (p.program_id, p.stake_pool.pubkey());
        let list = p.validator_list.pubkey();
        let state = p.state(&mut fx).await;
        let validators = p.validator_list(&mut fx).await;
        let (_, last) = spl::update_stake_pool(&program, &state, &validators, &pool, false);
        send(&mut fx, &[readonly(last[0].clone(), &list)], &[])
            .await
            .expect("UpdateStakePoolBalance, list read-only");
        let fee_account = p.manager_fee.pubkey();
        let deposit =
            readonly(p.deposit_sol_ix(&s.user.pubkey(), &s.tokens, &fee_account, SOL, None), &fee_account);
        send(&mut fx, &[deposit], &[s.user.insecure_clone()])
            .await
            .expect("DepositSol, no fee, fee accounts read-only");
        let remove = p.remove_validator_ix(&mut fx, &p.staker.pubkey(), &s.votes[1]).await;
        let transient = remove.accounts[5].pubkey;
        send(&mut fx, &[readonly(remove, &transient)], &[p.staker.insecure_clone()])
            .await
            .expect("RemoveValidatorFromPool, empty transient read-only");
    }
    // The list when the stake comes out of the reserve (a pool without validators).
    let mut outcomes = Vec::new();
    for program in [stake_pool_program_id(), upstream_program_id()] {
        let config = PoolConfig { reserve_extra_lamports: 10 * SOL, ..PoolConfig::default() };
        let p = TestPool::new(program, config, &Keypair::new(), &Keypair::new());
        p.create(&mut fx).await.expect("pool");
        let user = fx.funded_user(20 * SOL).await;
        let tokens = p.create_token_account(&mut fx, &user.pubkey()).await.expect("tokens");
        p.deposit_sol(&mut fx, &user, &tokens, &tokens, 10 * SOL).await.expect("deposit");
        let (ixs, receive) =
            p.withdraw_stake_ixs(&mut fx, &p.reserve.pubkey(), &user.pubkey(), &tokens, 2 * SOL, None).await;
        let list = p.validator_list.pubkey();
        let ixs = vec![ixs[0].clone(), readonly(ixs[1].clone(), &list)];
        outcomes.push(send(&mut fx, &ixs, &[user, receive]).await);
    }
    assert_eq!(outcomes[0], outcomes[1], "WithdrawStake from the reserve, list read-only");
    assert!(outcomes[0].is_ok(), "{:?}", outcomes[0]);
}

#[tokio::test]
async fn an_undersized_pool_account_gets_upstreams_answer() {
    let mut fx = TestFixture::new().await;
    let mut errors = Vec::new();
    for program in [stake_pool_program_id(), upstream_program_id()] {
        for size in [1usize, 100, 434] {
            let pool = TestPool::new(program, PoolConfig::default(), &Keypair::new(), &Keypair::new());
            let setup = lst_tests::pool::AccountSetup { pool_len: size, ..pool.setup() };
            pool.create_accounts_with(&mut fx, &setup).await.expect("accounts");
            let error = fx.process(&[pool.initialize_ix()], &[&pool.manager]).await.unwrap_err();
            errors.push((size, error));
        }
    }
    assert_eq!(errors[..3], errors[3..], "ours vs upstream");
    assert!(
        errors.iter().all(|(_, e)| *e == TxError::Instruction(0, InstructionError::BorshIoError)),
        "{errors:?}"
    );
}
