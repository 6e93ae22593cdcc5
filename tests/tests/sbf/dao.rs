//! The DAO in the loop: SPL Governance 4.0.0 (built from its published crate, loaded at its mainnet
//! id) owns the steward's parameters and blacklist authorities through its governance's native
//! treasury. A full proposal life cycle changes a parameter (deposit, propose, vote, hold-up,
//! execute → the steward's event with old and new); a proposal whose parameters are out of bounds
//! fails at execution and changes nothing; a defeated proposal changes nothing; the steward refuses
//! the same change signed by anyone but the treasury; a validator blacklisted by vote is left out of
//! the next delegation set; the bonds authority (lock-up, fee shares, insurance cover) passes to the
//! treasury by vote and then acts only by vote.

use {
    bonds::{
        errors::BondsError,
        events::{AuthorityChanged as BondsAuthorityChanged, LockupChanged},
    },
    lst_sdk::{
        governance::{
            decode, proposal_transaction_address, token_owner_record_address, Dao, DaoRules,
            GovernanceConfig, GovernanceV2, InstructionData, Proposal, ProposalState, ProposalTransactionV2,
            ProposalV2, RealmV2, TransactionExecutionStatus, Vote, VoteTipping,
        },
        steward::{self as client, decode_config, decode_history, flag},
    },
    lst_tests::{
        bonds::open_bonds,
        fixture::{stake_pool_program_id, TestFixture, TxError},
        steward::{
            events, new_validators, open_tips, test_parameters, tips_of, warp_to_progress, StewardPool,
        },
    },
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    steward::{
        errors::StewardError,
        events::ParametersUpdated,
        state::{filter, AuthorityKind, ParametersUpdate},
    },
};

const SOL: u64 = 1_000_000_000;
use lst_sdk::interface::id::TOKEN_PROGRAM;
/// Seconds between a proposal passing and its transaction becoming executable.
const HOLD_UP: u32 = 3_600;
/// Seconds a vote runs.
const VOTING_TIME: u32 = 3 * 86_400;
/// SPL Governance's `CannotExecuteTransactionWithinHoldUpTime`.
const WITHIN_HOLD_UP: u32 = 525;
/// SPL Governance's `GoverningTokenMintNotAllowedToVote`: a council proposal, with no council vote.
const COUNCIL_DOES_NOT_VOTE: u32 = 610;
/// SPL Governance's `InvalidStateCannotExecuteTransaction`.
const CANNOT_EXECUTE: u32 = 524;
/// SPL Governance's `CannotFinalizeVotingInProgress`.
const CANNOT_FINALIZE: u32 = 535;
/// SPL Governance's `InvalidStateCannotVote`.
const CANNOT_VOTE: u32 = 531;

/// A realm whose community is Alice (60 tokens) and Bob (40) and whose council is Carol (1 token),
/// and a governance of the steward config that passes at 60 % of the community's supply (strict
/// tipping) after a one-hour hold-up, the council able to veto.
struct World {
    sp: StewardPool,
    validators: Vec<(Keypair, Pubkey)>,
    votes: Vec<Pubkey>,
    dao: Dao,
    alice: Keypair,
    bob: Keypair,
    carol: Keypair,
    seeds: u8,
}

impl World {
    async fn new(fx: &mut TestFixture) -> Self {
        Self::with_tipping(fx, VoteTipping::Strict).await
    }

    /// The same world, the community's vote ending as `tipping` says.
    async fn with_tipping(fx: &mut TestFixture, tipping: VoteTipping) -> Self {
        let validators = new_validators(fx, &[5, 5]).await;
        let votes: Vec<_> = validators.iter().map(|(_, v)| *v).collect();
        let sp = StewardPool::new(fx, stake_pool_program_id(), &votes, 100 * SOL, test_parameters()).await;
        let payer = fx.payer().pubkey();
        let (mint, council) = (Keypair::new(), Keypair::new());
        fx.create_mint(&mint, &TOKEN_PROGRAM, &payer, 0).await.expect("community mint");
        fx.create_mint(&council, &TOKEN_PROGRAM, &payer, 0).await.expect("council mint");
        let dao = Dao::new("lst-dao", mint.pubkey(), Some(council.pubkey()), &sp.addresses.config);
        let admin = &sp.authority;
        fx.process(&[dao.create_realm("lst-dao", &admin.pubkey(), &payer)], &[]).await.expect("realm");
        let (alice, bob, carol) = (Keypair::new(), Keypair::new(), Keypair::new());
        for (member, mint, amount) in [(&alice, &mint, 60), (&bob, &mint, 40), (&carol, &council, 1)] {
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
        let config =
            GovernanceConfig::community(60, HOLD_UP, VOTING_TIME).with_tipping(tipping).with_council_veto();
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
        let mut world = Self { sp, validators, votes, dao, alice, bob, carol, seeds: 0 };
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

    async fn state(&self, fx: &mut TestFixture, seed: &Pubkey) -> ProposalState {
        Proposal::decode(&fx.data(&self.dao.proposal(seed)).await).expect("proposal").state
    }

    /// Proposes `action`, Alice votes yes, the hold-up passes, anyone executes.
    async fn pass(&mut self, fx: &mut TestFixture, action: &Instruction) -> Result<Vec<String>, TxError> {
        let seed = self.propose(fx, action).await;
        let alice = self.alice.insecure_clone();
        self.vote(fx, &seed, &alice, Vote::yes()).await;
        if self.state(fx, &seed).await == ProposalState::Voting {
            // No early tipping: the vote runs its full time, then anyone finalizes it.
            fx.advance_time(i64::from(VOTING_TIME) + 1).await;
            let finalize = self.dao.proposal_at(&seed, &self.alice.pubkey()).finalize();
            fx.process(&[finalize], &[]).await.expect("finalized");
        }
        assert_eq!(self.state(fx, &seed).await, ProposalState::Succeeded);
        fx.advance_time(i64::from(HOLD_UP) + 1).await;
        fx.process(&[self.dao.execute(&seed, 0, action)], &[]).await.map(|done| done.logs)
    }
}

fn admin_key(world: &World) -> Pubkey {
    world.sp.authority.pubkey()
}

/// What the real program wrote, read back through `spl-governance-accounts` (the one layout the sdk
/// decodes with and the dApp's generated client is made from): each field this test set is where
/// the layout says, and another account type is refused by its type byte.
#[tokio::test]
async fn the_programs_accounts_read_through_the_one_layout() {
    let mut fx = TestFixture::new().await;
    let mut world = World::new(&mut fx).await;
    let config = world.sp.addresses.config;
    let update = ParametersUpdate { num_delegation_validators: Some(7), ..Default::default() };
    let action = client::update_parameters(&config, &world.dao.treasury(), update);
    let seed = world.propose(&mut fx, &action).await;
    let alice = world.alice.insecure_clone();
    world.vote(&mut fx, &seed, &alice, Vote::yes()).await;
    fx.advance_time(i64::from(HOLD_UP) + 1).await;
    fx.process(&[world.dao.execute(&seed, 0, &action)], &[]).await.expect("executed");

    let dao = &world.dao;
    let realm: RealmV2 = decode(&fx.data(&dao.realm).await).expect("realm");
    assert_eq!(realm.name, "lst-dao");
    assert_eq!((realm.community_mint, realm.config.council_mint), (dao.community_mint, dao.council_mint));
    let governance: GovernanceV2 = decode(&fx.data(&dao.governance).await).expect("governance");
    assert_eq!((governance.realm, governance.governed_account), (dao.realm, config));
    let rules = GovernanceConfig::community(60, HOLD_UP, VOTING_TIME).with_tipping(VoteTipping::Strict);
    assert_eq!(governance.config, rules.with_council_veto());
    let address = dao.proposal(&seed);
    let proposal: ProposalV2 = decode(&fx.data(&address).await).expect("proposal");
    assert_eq!((proposal.governance, proposal.governing_token_mint), (dao.governance, dao.community_mint));
    assert_eq!(proposal.token_owner_record, dao.member(&world.alice.pubkey()));
    assert_eq!((proposal.state, proposal.name.as_str()), (ProposalState::Completed, "change"));
    let option = &proposal.options[0];
    assert_eq!(
        (option.vote_weight, option.transactions_count, option.transactions_executed_count),
        (60, 1, 1)
    );
    assert_eq!((proposal.deny_vote_weight, proposal.veto_vote_weight), (Some(0), 0));
    assert_eq!(proposal.max_vote_weight, Some(100));
    let times = [proposal.voting_at, proposal.voting_completed_at, proposal.executing_at, proposal.closed_at];
    assert!(times.iter().all(Option::is_some), "{times:?}");
    let held = proposal_transaction_address(&address, 0, 0);
    let transaction: ProposalTransactionV2 = decode(&fx.data(&held).await).expect("transaction");
    assert_eq!((transaction.proposal, transaction.hold_up_time), (address, HOLD_UP));
    assert_eq!(transaction.instructions, vec![InstructionData::from(&action)]);
    assert_eq!(transaction.execution_status, TransactionExecutionStatus::Success);
    assert!(transaction.executed_at.is_some());
    assert!(decode::<ProposalV2>(&fx.data(&dao.governance).await).is_none());
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
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Voting);
    let alice = world.alice.insecure_clone();
    world.vote(&mut fx, &seed, &alice, Vote::yes()).await;
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Succeeded);
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
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Completed);
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
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Defeated);
    fx.advance_time(i64::from(HOLD_UP) + 1).await;
    let err = fx.process(&[world.dao.execute(&seed, 0, &raise(20))], &[]).await.expect_err("defeated");
    assert_eq!(err.custom_code(), Some(CANNOT_EXECUTE), "{err:?}");
    assert_eq!(decode_config(&fx.data(&config).await).expect("config").parameters, after);

    // A blacklisting by vote.
    let vote = world.votes[0];
    let init = client::init_validator_history(&config, &fx.payer().pubkey(), &vote);
    fx.process(&[init], &[]).await.expect("the validator's history");
    world.pass(&mut fx, &client::set_blacklist(&config, &treasury, &vote, true)).await.expect("blacklisted");
    let history = decode_history(&fx.data(&world.sp.addresses.history(&vote)).await).expect("history");
    assert_eq!(history.blacklisted, 1, "the vote blacklisted the validator");
}

#[tokio::test]
async fn a_validator_blacklisted_by_vote_leaves_the_next_delegation_set() {
    let mut fx = TestFixture::new().await;
    let mut world = World::new(&mut fx).await;
    let config = world.sp.addresses.config;
    let (banned, kept) = (world.votes[0], world.votes[1]);
    let votes = world.votes.clone();
    world.sp.init_histories(&mut fx, &votes).await;
    let ban = client::set_blacklist(&config, &world.dao.treasury(), &banned, true);
    world.pass(&mut fx, &ban).await.expect("blacklisted by vote");

    // The next scoring: both validators vote and run an MEV client; only the other is delegated to.
    let epoch = fx.epoch().await;
    for e in [epoch, epoch + 1] {
        if e > epoch {
            warp_to_progress(&mut fx, e, 5_000).await;
        }
        for vote in &votes {
            fx.credit_votes(vote, 1_000);
        }
        open_tips(&mut fx, &tips_of(&world.validators, 500, &[])).await;
    }
    world.sp.crank(&mut fx).await.expect("the scoring crank");
    let state = world.sp.state(&mut fx).await;
    let slot = |vote: &Pubkey| state.slots.iter().find(|s| s.vote_account == *vote).expect("slot");
    assert_eq!(slot(&banned).filters_failed & filter::BLACKLIST, filter::BLACKLIST);
    assert_eq!(slot(&banned).flags & flag::DELEGATED, 0, "left out of the delegation set");
    assert_eq!(slot(&kept).filters_failed, 0);
    assert_ne!(slot(&kept).flags & flag::DELEGATED, 0, "the other is delegated to");
}

#[tokio::test]
async fn the_bonds_authority_passes_to_the_dao_and_then_acts_only_by_vote() {
    let mut fx = TestFixture::new().await;
    let mut world = World::new(&mut fx).await;
    let bonds = open_bonds(&mut fx, &world.sp, 2).await;
    let admin = world.sp.authority.insecure_clone();
    let treasury = world.dao.treasury();

    // The admin (the bonds authority) offers its place; the treasury accepts by vote.
    let offer = bonds.offer_authority(&admin.pubkey(), &treasury);
    fx.process(&[offer], &[&admin]).await.expect("offered");
    let logs = world.pass(&mut fx, &bonds.accept_authority(&treasury)).await.expect("accepted by vote");
    let changed = &events::<BondsAuthorityChanged>(&logs)[0];
    assert_eq!((changed.old, changed.new), (admin.pubkey(), treasury));

    // The former authority is refused; the same change passes by vote.
    let err = fx.process(&[bonds.set_lockup(&admin.pubkey(), 5)], &[&admin]).await.expect_err("not the DAO");
    assert_eq!(err.custom_code(), Some(u32::from(BondsError::Unauthorized)));
    let logs = world.pass(&mut fx, &bonds.set_lockup(&treasury, 5)).await.expect("lock-up by vote");
    let changed = &events::<LockupChanged>(&logs)[0];
    assert_eq!((changed.old, changed.new), (2, 5));
}

#[tokio::test]
async fn the_council_vetoes_a_community_proposal() {
    let mut fx = TestFixture::new().await;
    let mut world = World::new(&mut fx).await;
    let config = world.sp.addresses.config;
    let before = decode_config(&fx.data(&config).await).expect("config").parameters;
    let update = ParametersUpdate {
        num_delegation_validators: Some(before.num_delegation_validators + 1),
        ..Default::default()
    };
    let action = client::update_parameters(&config, &world.dao.treasury(), update);
    let seed = world.propose(&mut fx, &action).await;
    let (alice, carol, payer) =
        (world.alice.insecure_clone(), world.carol.insecure_clone(), fx.payer().pubkey());
    let veto =
        world.dao.veto(&seed, &alice.pubkey(), &carol.pubkey(), &payer).expect("the realm has a council");
    fx.process(&[veto], &[&carol]).await.expect("vetoed");
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Vetoed);
    // The council cannot propose: it has no vote of its own to put a proposal to.
    let council = world.dao.council_mint.expect("council");
    let own = Pubkey::new_unique();
    let mut create = world
        .dao
        .propose("council's", "", std::slice::from_ref(&action), &own, HOLD_UP, &carol.pubkey(), &payer)
        .remove(0);
    create.accounts[3].pubkey = token_owner_record_address(&world.dao.realm, &council, &carol.pubkey());
    create.accounts[4].pubkey = council;
    let err = fx.process(&[create], &[&carol]).await.expect_err("the council does not propose");
    assert_eq!(err.custom_code(), Some(COUNCIL_DOES_NOT_VOTE), "{err:?}");
    // The community's yes comes too late; nothing executes, nothing changes.
    let yes = world.dao.vote(&seed, &alice.pubkey(), &alice.pubkey(), &Vote::yes(), &payer);
    let late = fx.process(&[yes], &[&alice]).await.expect_err("the vote is over");
    assert_eq!(late.custom_code(), Some(CANNOT_VOTE), "{late:?}");
    fx.advance_time(i64::from(HOLD_UP) + 1).await;
    let err = fx.process(&[world.dao.execute(&seed, 0, &action)], &[]).await.expect_err("vetoed");
    assert_eq!(err.custom_code(), Some(CANNOT_EXECUTE), "{err:?}");
    assert_eq!(decode_config(&fx.data(&config).await).expect("config").parameters, before);

    // Strict tipping: a holder above the threshold passes a proposal with its own vote, before the
    // council can veto it — why `lst dao init` lets every vote run its full time by default.
    let seed = world.propose(&mut fx, &action).await;
    let yes = world.dao.vote(&seed, &alice.pubkey(), &alice.pubkey(), &Vote::yes(), &payer);
    fx.process(&[yes], &[&alice]).await.expect("yes");
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Succeeded);
    let veto =
        world.dao.veto(&seed, &alice.pubkey(), &carol.pubkey(), &payer).expect("the realm has a council");
    let late = fx.process(&[veto], &[&carol]).await.expect_err("tipped");
    assert_eq!(late.custom_code(), Some(CANNOT_VOTE), "{late:?}");
}

#[tokio::test]
async fn with_full_time_votes_the_council_vetoes_even_a_majority() {
    let mut fx = TestFixture::new().await;
    let mut world = World::with_tipping(&mut fx, VoteTipping::Disabled).await;
    let config = world.sp.addresses.config;
    let before = decode_config(&fx.data(&config).await).expect("config").parameters;
    let treasury = world.dao.treasury();
    let raise = |n: u32| {
        let update = ParametersUpdate { num_delegation_validators: Some(n), ..Default::default() };
        client::update_parameters(&config, &treasury, update)
    };
    let (alice, carol, payer) =
        (world.alice.insecure_clone(), world.carol.insecure_clone(), fx.payer().pubkey());

    // Alice's 60 % does not end the vote; the council vetoes after it.
    let action = raise(before.num_delegation_validators + 1);
    let seed = world.propose(&mut fx, &action).await;
    world.vote(&mut fx, &seed, &alice, Vote::yes()).await;
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Voting);
    let veto =
        world.dao.veto(&seed, &alice.pubkey(), &carol.pubkey(), &payer).expect("the realm has a council");
    fx.process(&[veto], &[&carol]).await.expect("vetoed");
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Vetoed);

    // Unvetoed, the vote is finalized once its time is over (not at its last second), then executed
    // after the hold-up.
    let action = raise(before.num_delegation_validators + 2);
    let seed = world.propose(&mut fx, &action).await;
    world.vote(&mut fx, &seed, &alice, Vote::yes()).await;
    fx.advance_time(i64::from(VOTING_TIME)).await;
    let finalize = world.dao.proposal_at(&seed, &alice.pubkey()).finalize();
    let early = fx.process(std::slice::from_ref(&finalize), &[]).await.expect_err("the vote still runs");
    assert_eq!(early.custom_code(), Some(CANNOT_FINALIZE), "{early:?}");
    fx.advance_time(1).await;
    fx.process(&[finalize], &[]).await.expect("finalized");
    assert_eq!(world.state(&mut fx, &seed).await, ProposalState::Succeeded);
    fx.advance_time(i64::from(HOLD_UP) + 1).await;
    fx.process(&[world.dao.execute(&seed, 0, &action)], &[]).await.expect("executed");
    let after = decode_config(&fx.data(&config).await).expect("config").parameters;
    assert_eq!(after.num_delegation_validators, before.num_delegation_validators + 2);
}
