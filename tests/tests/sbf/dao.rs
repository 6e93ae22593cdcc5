//! The DAO in the loop: SPL Governance 4.0.0 (built from its published crate, loaded at its mainnet
//! id) owns the steward's parameters and blacklist authorities through its governance's native
//! treasury. A full proposal life cycle changes a parameter (deposit, propose, vote, hold-up,
//! execute → the steward's event with old and new); a proposal whose parameters are out of bounds
//! fails at execution and changes nothing; a defeated proposal changes nothing; the steward refuses
//! the same change signed by anyone but the treasury; a blacklisting by vote takes effect.

use {
    lst_sdk::{
        governance::{proposal_state, proposal_state_of, Dao, GovernanceConfig, Vote},
        steward::{self as client, decode_config, decode_history},
    },
    lst_tests::{
        fixture::{stake_pool_program_id, TestFixture, TxError},
        steward::{events, new_validators, test_parameters, StewardPool},
    },
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::{
        errors::StewardError,
        events::ParametersUpdated,
        state::{AuthorityKind, ParametersUpdate},
    },
};

const SOL: u64 = 1_000_000_000;
const TOKEN_PROGRAM: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
/// Seconds between a proposal passing and its transaction becoming executable.
const HOLD_UP: u32 = 3_600;
/// SPL Governance's `CannotExecuteTransactionWithinHoldUpTime`.
const WITHIN_HOLD_UP: u32 = 525;

/// A realm whose community is Alice (60 tokens) and Bob (40), and a governance of the steward
/// config that passes at 60 % of the supply (strict tipping) after a one-hour hold-up.
struct World {
    sp: StewardPool,
    votes: Vec<Pubkey>,
    dao: Dao,
    alice: Keypair,
    bob: Keypair,
    seeds: u8,
}

impl World {
    async fn new(fx: &mut TestFixture) -> Self {
        let votes: Vec<_> = new_validators(fx, &[5, 5]).await.into_iter().map(|(_, v)| v).collect();
        let sp = StewardPool::new(fx, stake_pool_program_id(), &votes, 100 * SOL, test_parameters()).await;
        let payer = fx.payer().pubkey();
        let mint = Keypair::new();
        fx.create_mint(&mint, &TOKEN_PROGRAM, &payer, 0).await.expect("community mint");
        let dao = Dao::new("lst-dao", mint.pubkey(), None, &sp.addresses.config);
        let admin = &sp.authority;
        fx.process(&[dao.create_realm("lst-dao", &admin.pubkey(), &payer)], &[]).await.expect("realm");
        let (alice, bob) = (Keypair::new(), Keypair::new());
        for (member, amount) in [(&alice, 60), (&bob, 40)] {
            let account = Keypair::new();
            fx.create_token_account(&account, &TOKEN_PROGRAM, &mint.pubkey(), &member.pubkey())
                .await
                .expect("account");
            let mint_to = spl_token_2022_interface::instruction::mint_to(
                &TOKEN_PROGRAM,
                &mint.pubkey(),
                &account.pubkey(),
                &payer,
                &[],
                amount,
            )
            .expect("mint_to");
            let deposit = dao.deposit(&mint.pubkey(), &account.pubkey(), &member.pubkey(), amount, &payer);
            fx.process(&[mint_to, deposit], &[member]).await.expect("tokens deposited");
        }
        let config = GovernanceConfig::community(60, HOLD_UP, 3 * 86_400);
        let governance = dao.create_governance(
            &sp.addresses.config,
            &config,
            &dao.member(&alice.pubkey()),
            &admin.pubkey(),
            &payer,
        );
        fx.process(&[governance, dao.create_treasury(&payer)], &[admin]).await.expect("governance");
        // The admin hands the parameters and blacklist authorities to the treasury, which accepts
        // them by vote.
        let mut world = Self { sp, votes, dao, alice, bob, seeds: 0 };
        for kind in [AuthorityKind::Parameters, AuthorityKind::Blacklist] {
            let config = world.sp.addresses.config;
            let offer = client::set_authority(&config, &admin_key(&world), kind, &world.dao.treasury());
            fx.process(&[offer], &[&world.sp.authority]).await.expect("authority offered");
            let accept = client::accept_authority(&config, &world.dao.treasury(), kind);
            world.pass(fx, &accept).await.expect("accepted by vote");
        }
        world
    }

    fn next_seed(&mut self) -> Pubkey {
        self.seeds += 1;
        Pubkey::new_from_array([self.seeds; 32])
    }

    /// Alice proposes `action`; the proposal's seed.
    async fn propose(&mut self, fx: &mut TestFixture, action: &Instruction) -> Pubkey {
        let seed = self.next_seed();
        let payer = fx.payer().pubkey();
        let ixs = self.dao.propose(
            "change",
            "",
            std::slice::from_ref(action),
            &seed,
            HOLD_UP,
            &self.alice.pubkey(),
            &payer,
        );
        fx.process(&ixs, &[&self.alice]).await.expect("proposed");
        seed
    }

    async fn vote(&self, fx: &mut TestFixture, seed: &Pubkey, voter: &Keypair, vote: Vote) {
        let payer = fx.payer().pubkey();
        let ix = self.dao.vote(seed, &self.alice.pubkey(), &voter.pubkey(), &vote, &payer);
        fx.process(&[ix], &[voter]).await.expect("vote cast");
    }

    async fn state(&self, fx: &mut TestFixture, seed: &Pubkey) -> u8 {
        proposal_state_of(&fx.data(&self.dao.proposal(seed)).await).expect("proposal")
    }

    /// Proposes `action`, Alice votes yes, the hold-up passes, anyone executes.
    async fn pass(&mut self, fx: &mut TestFixture, action: &Instruction) -> Result<Vec<String>, TxError> {
        let seed = self.propose(fx, action).await;
        let alice = self.alice.insecure_clone();
        self.vote(fx, &seed, &alice, Vote::yes()).await;
        assert_eq!(self.state(fx, &seed).await, proposal_state::SUCCEEDED);
        fx.advance_time(i64::from(HOLD_UP) + 1).await;
        fx.process(&[self.dao.execute(&seed, 0, action)], &[]).await.map(|done| done.logs)
    }
}

fn admin_key(world: &World) -> Pubkey {
    world.sp.authority.pubkey()
}

#[tokio::test]
async fn only_a_vote_changes_the_stewards_parameters() {
    let mut fx = TestFixture::new().await;
    let mut world = World::new(&mut fx).await;
    let config = world.sp.addresses.config;
    let treasury = world.dao.treasury();
    let before = decode_config(&fx.data(&config).await).expect("config").parameters;
    let raise = |n: u32| {
        let update = ParametersUpdate { num_delegation_validators: Some(n), ..Default::default() };
        client::update_parameters(&config, &treasury, update)
    };

    // The former holder, or anyone else, is refused.
    let admin = world.sp.authority.insecure_clone();
    let direct = client::update_parameters(
        &config,
        &admin.pubkey(),
        ParametersUpdate { num_delegation_validators: Some(12), ..Default::default() },
    );
    let err = fx.process(&[direct], &[&admin]).await.expect_err("not the DAO");
    assert_eq!(err.custom_code(), Some(u32::from(StewardError::Unauthorized)));

    // The full life cycle: deposit (in `World::new`), propose, vote, hold-up, execute.
    let seed = world.propose(&mut fx, &raise(before.num_delegation_validators + 2)).await;
    assert_eq!(world.state(&mut fx, &seed).await, proposal_state::VOTING);
    let alice = world.alice.insecure_clone();
    world.vote(&mut fx, &seed, &alice, Vote::yes()).await;
    assert_eq!(world.state(&mut fx, &seed).await, proposal_state::SUCCEEDED);
    // Executable only once the hold-up has passed: not at its last second.
    fx.advance_time(i64::from(HOLD_UP)).await;
    let early =
        fx.process(&[world.dao.execute(&seed, 0, &raise(before.num_delegation_validators + 2))], &[]).await;
    assert_eq!(
        early.expect_err("held up"),
        TxError::Instruction(0, InstructionError::Custom(WITHIN_HOLD_UP))
    );
    fx.advance_time(1).await;
    let done = fx
        .process(&[world.dao.execute(&seed, 0, &raise(before.num_delegation_validators + 2))], &[])
        .await
        .expect("executed");
    let event = &events::<ParametersUpdated>(&done.logs)[0];
    assert_eq!(event.old.num_delegation_validators, before.num_delegation_validators);
    assert_eq!(event.new.num_delegation_validators, before.num_delegation_validators + 2);
    assert_eq!(world.state(&mut fx, &seed).await, proposal_state::COMPLETED);
    let after = decode_config(&fx.data(&config).await).expect("config").parameters;
    assert_eq!(after.num_delegation_validators, before.num_delegation_validators + 2);

    // Out of bounds: the vote passes, the execution fails, nothing changes.
    let err = world.pass(&mut fx, &raise(0)).await.expect_err("out of bounds");
    assert_eq!(err.custom_code(), Some(u32::from(StewardError::NumDelegationValidatorsOutOfBounds)));
    assert_eq!(decode_config(&fx.data(&config).await).expect("config").parameters, after);

    // Defeated: Alice votes no; nothing can be executed.
    let seed = world.propose(&mut fx, &raise(20)).await;
    let bob = world.bob.insecure_clone();
    world.vote(&mut fx, &seed, &bob, Vote::yes()).await;
    world.vote(&mut fx, &seed, &alice, Vote::Deny).await;
    assert_eq!(world.state(&mut fx, &seed).await, proposal_state::DEFEATED);
    fx.advance_time(i64::from(HOLD_UP) + 1).await;
    let err = fx.process(&[world.dao.execute(&seed, 0, &raise(20))], &[]).await.expect_err("defeated");
    assert!(matches!(err, TxError::Instruction(0, InstructionError::Custom(_))), "{err:?}");
    assert_eq!(decode_config(&fx.data(&config).await).expect("config").parameters, after);

    // A blacklisting by vote.
    let vote = world.votes[0];
    let init = client::init_validator_history(&config, &fx.payer().pubkey(), &vote);
    fx.process(&[init], &[]).await.expect("the validator's history");
    world.pass(&mut fx, &client::set_blacklist(&config, &treasury, &vote, true)).await.expect("blacklisted");
    let history = decode_history(&fx.data(&world.sp.addresses.history(&vote)).await).expect("history");
    assert_eq!(history.blacklisted, 1, "the vote blacklisted the validator");
}
