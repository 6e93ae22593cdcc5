//! The fuzzer's world: one bank, two pools set up alike, each with its own users; how a step is
//! built for each side and run on both.

use {
    super::{
        check::{self, Failure},
        op::{
            Candidate, DecreaseKind, FeeKind, Funding, Mutation, Op, Referrer, Role, Source, View, WellKnown,
        },
    },
    crate::{
        fixture::{
            stake_pool_program_id, token_2022_program_id, upstream_program_id, BankOptions, TestFixture,
            TxError,
        },
        pool::{PoolConfig, TestPool},
        rng::Rng,
    },
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_pubkey::Pubkey,
    solana_signer::Signer,
    solana_transaction::Transaction,
    solana_transaction_error::TransactionError,
    spl_stake_pool::{
        find_ephemeral_stake_program_address, find_stake_program_address,
        find_transient_stake_program_address,
        instruction::{self as spl, FundingType, PreferredValidatorType},
        state::{Fee, FeeType, StakePool, ValidatorList},
    },
    std::{
        collections::{BTreeMap, HashMap},
        num::NonZeroU32,
    },
};

const SOL: u64 = 1_000_000_000;
/// Candidate validators (the pool lists some of them).
const VOTES: usize = 5;
/// Users per side.
const USERS: usize = 3;
/// Keys that may become manager, staker or a funding authority.
const AUTHORITIES: usize = 3;
/// Keys nobody uses.
const FRESH: usize = 3;
/// Transient and ephemeral seeds the generator draws (`0..SEEDS`) and validator seeds
/// (`None, 1, …`).
const SEEDS: u64 = 3;

/// A side-independent name of an account: each side resolves it to its own address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Label {
    /// A pool account.
    Role(RoleKey),
    /// Validator `vote`'s stake account with validator seed `seed` (0 = none).
    ValidatorStake { vote: usize, seed: u32 },
    /// Validator `vote`'s transient stake account with `seed`.
    Transient { vote: usize, seed: u64 },
    /// The ephemeral stake account with `seed`.
    Ephemeral(u64),
    /// User `n`'s wallet.
    Wallet(usize),
    /// User `n`'s pool tokens.
    Tokens(usize),
    /// The referrer's pool tokens.
    Referrer,
    /// The account a withdrawal of this step pays into.
    Receive,
    /// The `n`th stake account users delegated.
    UserStake(usize),
    /// Authority key `n` (manager, staker or funding authority by turns).
    Authority(usize),
    /// Unused key `n`.
    Fresh(usize),
}

/// [`Role`] as a map key.
pub(super) type RoleKey = u8;

fn role_key(role: Role) -> RoleKey {
    role as RoleKey
}

/// A SOL instruction's optional funding-authority account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OptionalAccount {
    /// Not an instruction with one, or the pool requires none.
    None,
    /// In the list (the pool requires it).
    Present,
    /// Not in the list though the pool requires it.
    Missing,
}

/// A stake account (one per side) waiting to be deposited.
struct PendingStake {
    label: usize,
    user: usize,
    vote: usize,
}

/// What the steps did, by kind.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Steps run.
    pub steps: usize,
    /// Transactions sent (both sides).
    pub transactions: usize,
    /// Per step kind: (succeeded on both, refused alike on both).
    pub by_kind: BTreeMap<&'static str, (usize, usize)>,
    /// Refusals by error, as both programs gave it.
    pub errors: BTreeMap<String, usize>,
    /// In a survey, refusals where the two programs gave different errors: how many, and the first
    /// step seen.
    pub differences: BTreeMap<String, (usize, String)>,
    /// Refusals with different errors by design, by reason.
    pub deliberate: BTreeMap<&'static str, usize>,
}

impl Stats {
    /// Adds `other`'s counts to these.
    pub fn absorb(&mut self, other: &Stats) {
        self.steps += other.steps;
        self.transactions += other.transactions;
        for (kind, (ok, refused)) in &other.by_kind {
            let entry = self.by_kind.entry(kind).or_default();
            entry.0 += ok;
            entry.1 += refused;
        }
        for (error, n) in &other.errors {
            *self.errors.entry(error.clone()).or_default() += n;
        }
        for (difference, (n, example)) in &other.differences {
            self.differences.entry(difference.clone()).or_insert((0, example.clone())).0 += n;
        }
        for (reason, n) in &other.deliberate {
            *self.deliberate.entry(reason).or_default() += n;
        }
    }
}

/// The two pools and everything around them.
pub struct World {
    pub(super) fx: TestFixture,
    pub(super) pools: [TestPool; 2],
    votes: Vec<Pubkey>,
    keyring: HashMap<Pubkey, Keypair>,
    keys: Rng,
    pub(super) addresses: [HashMap<Label, Pubkey>; 2],
    /// Every address of either side, with its label and side.
    pub(super) labels: HashMap<Pubkey, (usize, Label)>,
    stakes: Vec<PendingStake>,
    user_stakes: usize,
    manager: usize,
    staker: usize,
    funding: [Option<usize>; 3],
    pub(super) stake_rent: u64,
    /// Both pools' state and list after the last step.
    pub(super) states: [StakePool; 2],
    pub(super) list: ValidatorList,
    pub(super) step_index: usize,
    /// What the last step left.
    pub(super) last: check::Snapshot,
    /// Counts.
    pub stats: Stats,
    /// Record refusals with different errors instead of failing (`LST_FUZZ_SURVEY`).
    pub survey: bool,
}

fn funding_index(kind: Funding) -> usize {
    kind as usize
}

impl World {
    /// A world made from `seed`: keys, fees and the first validators all follow from it.
    pub async fn new(seed: u64) -> Self {
        // One world in four runs under the stake program before v5 (1-lamport minimum delegation).
        let options = if seed % 4 == 3 { BankOptions::before_stake_v5() } else { BankOptions::default() };
        let mut fx = TestFixture::with(options).await;
        let mut keys = Rng::new(seed.wrapping_mul(0x9E37_79B9).wrapping_add(17));
        let mut keyring = HashMap::new();
        let mut new_key = |keyring: &mut HashMap<Pubkey, Keypair>| {
            let mut bytes = [0u8; 32];
            for chunk in bytes.chunks_mut(8) {
                chunk.copy_from_slice(&keys.next_u64().to_le_bytes());
            }
            let key = Keypair::new_from_array(bytes);
            let address = key.pubkey();
            keyring.insert(address, key);
            address
        };
        // Authorities and unused keys, one set per side.
        let authorities: [Vec<Pubkey>; 2] =
            [0, 1].map(|_| (0..AUTHORITIES).map(|_| new_key(&mut keyring)).collect());
        let fresh: [Vec<Pubkey>; 2] = [0, 1].map(|_| (0..FRESH).map(|_| new_key(&mut keyring)).collect());
        let mut config_rng = Rng::new(seed);
        let mut fee = |max: u64| {
            let denominator = [100, 1_000, 10_000][config_rng.below(3) as usize];
            Fee { numerator: config_rng.below(denominator * max / 100 + 1), denominator }
        };
        let config = PoolConfig {
            epoch_fee: fee(10),
            withdrawal_fee: fee(2),
            deposit_fee: fee(2),
            referral_fee: Rng::new(seed ^ 1).below(101) as u8,
            max_validators: 4,
            reserve_extra_lamports: 20 * SOL,
            ..PoolConfig::default()
        };
        let mut pool_keys = |keyring: &mut HashMap<Pubkey, Keypair>, program_id: Pubkey, side: usize| {
            let (manager, staker) = (
                keyring[&authorities[side][0]].insecure_clone(),
                keyring[&authorities[side][1]].insecure_clone(),
            );
            let mut take = || {
                let address = new_key(keyring);
                keyring[&address].insecure_clone()
            };
            TestPool {
                program_id,
                config: config.clone(),
                stake_pool: take(),
                validator_list: take(),
                reserve: take(),
                mint: take(),
                manager_fee: take(),
                deposit_authority: take(),
                manager,
                staker,
            }
        };
        let pools = [
            pool_keys(&mut keyring, stake_pool_program_id(), 0),
            pool_keys(&mut keyring, upstream_program_id(), 1),
        ];
        for pool in &pools {
            pool.create(&mut fx).await.expect("pool");
        }
        let mut votes = Vec::new();
        for i in 0..VOTES {
            let (identity, vote) = (new_key(&mut keyring), new_key(&mut keyring));
            let (identity, vote) = (keyring[&identity].insecure_clone(), keyring[&vote].insecure_clone());
            fx.create_vote(&identity, &vote, (i * 3) as u8).await.expect("vote account");
            votes.push(vote.pubkey());
        }
        let mut addresses: [HashMap<Label, Pubkey>; 2] = [HashMap::new(), HashMap::new()];
        for side in 0..2 {
            let pool = &pools[side];
            let roles = [
                (Role::Pool, pool.stake_pool.pubkey()),
                (Role::List, pool.validator_list.pubkey()),
                (Role::Reserve, pool.reserve.pubkey()),
                (Role::Mint, pool.mint.pubkey()),
                (Role::ManagerFee, pool.manager_fee.pubkey()),
                (Role::WithdrawAuthority, pool.withdraw_authority()),
                (Role::DepositAuthority, pool.default_deposit_authority()),
                (Role::Program, pool.program_id),
            ];
            for (role, address) in roles {
                addresses[side].insert(Label::Role(role_key(role)), address);
            }
            let (program, pool_address) = (pool.program_id, pool.stake_pool.pubkey());
            for (v, vote) in votes.iter().enumerate() {
                for seed in 0..SEEDS as u32 {
                    let address =
                        find_stake_program_address(&program, vote, &pool_address, NonZeroU32::new(seed)).0;
                    addresses[side].insert(Label::ValidatorStake { vote: v, seed }, address);
                }
                for seed in 0..SEEDS {
                    let address = find_transient_stake_program_address(&program, vote, &pool_address, seed).0;
                    addresses[side].insert(Label::Transient { vote: v, seed }, address);
                }
            }
            for seed in 0..SEEDS {
                let address = find_ephemeral_stake_program_address(&program, &pool_address, seed).0;
                addresses[side].insert(Label::Ephemeral(seed), address);
            }
            for (n, key) in authorities[side].iter().enumerate() {
                addresses[side].insert(Label::Authority(n), *key);
            }
            for (n, key) in fresh[side].iter().enumerate() {
                addresses[side].insert(Label::Fresh(n), *key);
            }
        }
        // Users: a wallet and a token account on each side, funded alike.
        for user in 0..USERS {
            for (side, pool) in pools.iter().enumerate() {
                let wallet = new_key(&mut keyring);
                let fund = solana_system_interface::instruction::transfer(
                    &fx.payer().pubkey(),
                    &wallet,
                    20_000 * SOL,
                );
                fx.process(&[fund], &[]).await.expect("fund user");
                let tokens = pool.create_token_account(&mut fx, &wallet).await.expect("user tokens");
                addresses[side].insert(Label::Wallet(user), wallet);
                addresses[side].insert(Label::Tokens(user), tokens);
            }
        }
        for (side, pool) in pools.iter().enumerate() {
            let owner = Pubkey::new_from_array([7; 32]);
            let referrer = pool.create_token_account(&mut fx, &owner).await.expect("referrer tokens");
            addresses[side].insert(Label::Referrer, referrer);
        }
        let mut labels = HashMap::new();
        for (side, map) in addresses.iter().enumerate() {
            for (label, address) in map {
                labels.insert(*address, (side, *label));
            }
        }
        let stake_rent = fx.rent_exempt(lst_sdk::interface::stake::ACCOUNT_LEN).await;
        let states = [pools[0].state(&mut fx).await, pools[1].state(&mut fx).await];
        let list = pools[0].validator_list(&mut fx).await;
        let mut world = Self {
            fx,
            pools,
            votes,
            keyring,
            keys,
            addresses,
            labels,
            stakes: Vec::new(),
            user_stakes: 0,
            manager: 0,
            staker: 1,
            funding: [None; 3],
            stake_rent,
            states,
            list,
            step_index: 0,
            last: check::Snapshot::default(),
            stats: Stats::default(),
            survey: std::env::var_os("LST_FUZZ_SURVEY").is_some(),
        };
        world.last = check::Snapshot::take(&mut world).await;
        // Two validators to start with; the steps add, fund and remove more.
        for vote in 0..2 {
            world.step(&Op::AddValidator { vote, seed: None }).await.expect("first validators");
        }
        world.stats = Stats::default();
        world.step_index = 0;
        world
    }

    fn new_key(&mut self) -> Pubkey {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&self.keys.next_u64().to_le_bytes());
        }
        let key = Keypair::new_from_array(bytes);
        let address = key.pubkey();
        self.keyring.insert(address, key);
        address
    }

    /// Gives `label` a new address on each side (fresh keys).
    fn relabel_fresh(&mut self, label: Label) {
        for side in 0..2 {
            let address = self.new_key();
            self.addresses[side].insert(label, address);
            self.labels.insert(address, (side, label));
        }
    }

    pub(super) fn address(&self, side: usize, label: Label) -> Pubkey {
        self.addresses[side][&label]
    }

    fn role(&self, side: usize, role: Role) -> Pubkey {
        self.address(side, Label::Role(role_key(role)))
    }

    /// The list entry of candidate validator `vote`, if listed.
    fn entry(&self, vote: usize) -> Option<&spl_stake_pool::state::ValidatorStakeInfo> {
        self.list.find(&self.votes[vote])
    }

    /// Validator `vote`'s stake account on `side`, with the seed the list holds (none if unlisted).
    fn validator_stake(&self, side: usize, vote: usize) -> Pubkey {
        let seed = self.entry(vote).map_or(0, |e| u32::from(e.validator_seed_suffix));
        let label = Label::ValidatorStake { vote, seed: seed.min(SEEDS as u32 - 1) };
        if seed < SEEDS as u32 {
            self.address(side, label)
        } else {
            let pool = &self.pools[side];
            find_stake_program_address(
                &pool.program_id,
                &self.votes[vote],
                &pool.stake_pool.pubkey(),
                NonZeroU32::new(seed),
            )
            .0
        }
    }

    /// Validator `vote`'s transient stake account on `side` with `seed`.
    fn transient(&self, side: usize, vote: usize, seed: u64) -> Pubkey {
        match self.addresses[side].get(&Label::Transient { vote, seed }) {
            Some(address) => *address,
            None => {
                let pool = &self.pools[side];
                find_transient_stake_program_address(
                    &pool.program_id,
                    &self.votes[vote],
                    &pool.stake_pool.pubkey(),
                    seed,
                )
                .0
            }
        }
    }

    /// Whether `op`'s SOL instruction carries its optional funding authority, or lacks one the pool
    /// requires (set by a mangled step to a key the world does not hold).
    pub(super) fn optional_account(&self, op: &Op) -> OptionalAccount {
        let inner = match op {
            Op::Mutated { op, .. } => op.as_ref(),
            other => other,
        };
        let state = &self.states[0];
        let (held, required) = match inner {
            Op::DepositSol { .. } => (
                self.funding[funding_index(Funding::SolDeposit)].is_some(),
                state.sol_deposit_authority.is_some(),
            ),
            Op::WithdrawSol { .. } => (
                self.funding[funding_index(Funding::SolWithdraw)].is_some(),
                state.sol_withdraw_authority.is_some(),
            ),
            _ => return OptionalAccount::None,
        };
        match (held, required) {
            (true, _) => OptionalAccount::Present,
            (false, true) => OptionalAccount::Missing,
            (false, false) => OptionalAccount::None,
        }
    }

    /// The listed transient seed of `vote` (0 if unlisted).
    fn listed_transient_seed(&self, vote: usize) -> u64 {
        self.entry(vote).map_or(0, |e| u64::from(e.transient_seed_suffix))
    }

    fn source(&self, side: usize, source: Source) -> Pubkey {
        match source {
            Source::Reserve => self.role(side, Role::Reserve),
            Source::Validator(vote) => self.validator_stake(side, vote),
            Source::Transient(vote) => self.transient(side, vote, self.listed_transient_seed(vote)),
        }
    }

    fn resolve(&self, side: usize, candidate: Candidate) -> Pubkey {
        match candidate {
            Candidate::Fresh(n) => self.address(side, Label::Fresh(n % FRESH)),
            Candidate::Payer => self.fx.payer().pubkey(),
            Candidate::Own(role) => self.role(side, role),
            Candidate::Other(role) => self.role(1 - side, role),
            Candidate::ValidatorStake(vote) => self.validator_stake(side, vote % VOTES),
            Candidate::TransientStake(vote) => {
                let vote = vote % VOTES;
                self.transient(side, vote, self.listed_transient_seed(vote))
            }
            Candidate::Vote(vote) => self.votes[vote % VOTES],
            Candidate::Wallet(user) => self.address(side, Label::Wallet(user % USERS)),
            Candidate::Tokens(user) => self.address(side, Label::Tokens(user % USERS)),
            Candidate::Authority(n) => self.address(side, Label::Authority(n % AUTHORITIES)),
            Candidate::Id(id) => match id {
                WellKnown::Clock => solana_sysvar::clock::ID,
                WellKnown::Rent => solana_sysvar::rent::ID,
                WellKnown::StakeHistory => solana_sysvar::stake_history::ID,
                #[allow(deprecated, reason = "the stake config account still exists and SPL still passes it")]
                WellKnown::StakeConfig => solana_stake_interface::config::ID,
                WellKnown::System => Pubkey::default(),
                WellKnown::Token => crate::fixture::token_program_id(),
                WellKnown::Token2022 => token_2022_program_id(),
                WellKnown::Stake => solana_stake_interface::program::ID,
            },
        }
    }

    /// What the generator sees.
    pub fn view(&self) -> View {
        View {
            users: USERS,
            votes: VOTES,
            authorities: AUTHORITIES,
            stakes: self.stakes.len(),
            tokens: self.last.sides[0].tokens.clone(),
            listed: self
                .list
                .validators
                .iter()
                .filter_map(|e| {
                    let vote = self.votes.iter().position(|v| *v == e.vote_account_address)?;
                    Some((
                        vote,
                        u64::from(e.active_stake_lamports),
                        u64::from(e.transient_stake_lamports),
                        u64::from(e.transient_seed_suffix),
                    ))
                })
                .collect(),
            max_validators: self.pools[0].config.max_validators as usize,
            reserve: self.last.sides[0].reserve,
            fresh: self.states[0].last_update_epoch >= self.last.epoch,
        }
    }
}

impl World {
    /// The transactions `op` sends on `side`, each a list of instructions (none: nothing to do).
    fn build(&self, side: usize, op: &Op) -> Vec<Vec<Instruction>> {
        let pool = &self.pools[side];
        let (program, pool_address) = (pool.program_id, pool.stake_pool.pubkey());
        let authority = pool.withdraw_authority();
        let (list, reserve, mint, fee, token) = (
            pool.validator_list.pubkey(),
            pool.reserve.pubkey(),
            pool.mint.pubkey(),
            pool.manager_fee.pubkey(),
            pool.config.token_program,
        );
        let authority_key = |n: usize| self.address(side, Label::Authority(n));
        let staker = authority_key(self.staker);
        let manager = authority_key(self.manager);
        let funding = |kind: Funding| self.funding[funding_index(kind)].map(authority_key);
        let one = |ix: Instruction| vec![vec![ix]];
        match op {
            Op::DepositSol { user, lamports, minimum, referrer } => {
                let (wallet, to) =
                    (self.address(side, Label::Wallet(*user)), self.address(side, Label::Tokens(*user)));
                let referrer = match referrer {
                    Referrer::Other => self.address(side, Label::Referrer),
                    Referrer::Depositor => to,
                    Referrer::Manager => fee,
                };
                let (p, a, r, w, t, f, m, k) =
                    (&program, &pool_address, &authority, &reserve, &wallet, &to, &fee, &mint);
                one(match (funding(Funding::SolDeposit), minimum) {
                    (None, None) => spl::deposit_sol(p, a, r, w, t, f, m, &referrer, k, &token, *lamports),
                    (None, Some(min)) => spl::deposit_sol_with_slippage(
                        p, a, r, w, t, f, m, &referrer, k, &token, *lamports, *min,
                    ),
                    (Some(d), None) => spl::deposit_sol_with_authority(
                        p, a, &d, r, w, t, f, m, &referrer, k, &token, *lamports,
                    ),
                    (Some(d), Some(min)) => spl::deposit_sol_with_authority_and_slippage(
                        p, a, &d, r, w, t, f, m, &referrer, k, &token, *lamports, *min,
                    ),
                })
            }
            Op::WithdrawSol { user, tokens, minimum } => {
                let (wallet, from) =
                    (self.address(side, Label::Wallet(*user)), self.address(side, Label::Tokens(*user)));
                let to = self.address(side, Label::Receive);
                let withdraw_authority = funding(Funding::SolWithdraw);
                one(pool.withdraw_sol_ix(&wallet, &from, &to, *tokens, *minimum, withdraw_authority.as_ref()))
            }
            Op::DepositStake { stake, minimum } => {
                let Some(pending) = self.stakes.get(*stake) else { return Vec::new() };
                let stake = self.address(side, Label::UserStake(pending.label));
                let wallet = self.address(side, Label::Wallet(pending.user));
                let to = self.address(side, Label::Tokens(pending.user));
                let validator = self.validator_stake(side, pending.vote);
                let (p, a, l, r) = (&program, &pool_address, &list, &authority);
                vec![match (funding(Funding::StakeDeposit), minimum) {
                    (None, None) => spl::deposit_stake(
                        p, a, l, r, &stake, &wallet, &validator, &reserve, &to, &fee, &to, &mint, &token,
                    ),
                    (None, Some(min)) => spl::deposit_stake_with_slippage(
                        p, a, l, r, &stake, &wallet, &validator, &reserve, &to, &fee, &to, &mint, &token,
                        *min,
                    ),
                    (Some(d), None) => spl::deposit_stake_with_authority(
                        p, a, l, &d, r, &stake, &wallet, &validator, &reserve, &to, &fee, &to, &mint, &token,
                    ),
                    (Some(d), Some(min)) => spl::deposit_stake_with_authority_and_slippage(
                        p, a, l, &d, r, &stake, &wallet, &validator, &reserve, &to, &fee, &to, &mint, &token,
                        *min,
                    ),
                }]
            }
            Op::WithdrawStake { user, from, tokens, minimum } => {
                let (wallet, burn) =
                    (self.address(side, Label::Wallet(*user)), self.address(side, Label::Tokens(*user)));
                let receive = self.address(side, Label::Receive);
                let create = solana_system_interface::instruction::create_account(
                    &self.fx.payer().pubkey(),
                    &receive,
                    self.stake_rent,
                    lst_sdk::interface::stake::ACCOUNT_LEN as u64,
                    &solana_stake_interface::program::ID,
                );
                let split_from = self.source(side, *from);
                let withdraw =
                    pool.withdraw_stake_ix(&split_from, &receive, &wallet, &burn, *tokens, *minimum);
                vec![vec![create, withdraw]]
            }
            Op::AddValidator { vote, seed } => {
                let seed = seed.and_then(NonZeroU32::new);
                let stake = find_stake_program_address(&program, &self.votes[*vote], &pool_address, seed).0;
                one(spl::add_validator_to_pool(
                    &program,
                    &pool_address,
                    &staker,
                    &reserve,
                    &authority,
                    &list,
                    &stake,
                    &self.votes[*vote],
                    seed,
                ))
            }
            Op::RemoveValidator { vote } => one(spl::remove_validator_from_pool(
                &program,
                &pool_address,
                &staker,
                &authority,
                &list,
                &self.validator_stake(side, *vote),
                &self.transient(side, *vote, self.listed_transient_seed(*vote)),
            )),
            Op::Increase { vote, lamports, transient_seed, ephemeral_seed } => {
                let transient = self.transient(side, *vote, *transient_seed);
                let validator = self.validator_stake(side, *vote);
                let v = &self.votes[*vote];
                let (p, a, s, r, l) = (&program, &pool_address, &staker, &authority, &list);
                one(match ephemeral_seed {
                    None => spl::increase_validator_stake(
                        p,
                        a,
                        s,
                        r,
                        l,
                        &reserve,
                        &transient,
                        &validator,
                        v,
                        *lamports,
                        *transient_seed,
                    ),
                    Some(seed) => spl::increase_additional_validator_stake(
                        p,
                        a,
                        s,
                        r,
                        l,
                        &reserve,
                        &self.address(side, Label::Ephemeral(*seed)),
                        &transient,
                        &validator,
                        v,
                        *lamports,
                        *transient_seed,
                        *seed,
                    ),
                })
            }
            Op::Decrease { vote, lamports, transient_seed, kind } => {
                let transient = self.transient(side, *vote, *transient_seed);
                let validator = self.validator_stake(side, *vote);
                let (p, a, s, r, l) = (&program, &pool_address, &staker, &authority, &list);
                one(match kind {
                    DecreaseKind::WithReserve => spl::decrease_validator_stake_with_reserve(
                        p,
                        a,
                        s,
                        r,
                        l,
                        &reserve,
                        &validator,
                        &transient,
                        *lamports,
                        *transient_seed,
                    ),
                    DecreaseKind::Additional(seed) => spl::decrease_additional_validator_stake(
                        p,
                        a,
                        s,
                        r,
                        l,
                        &reserve,
                        &validator,
                        &self.address(side, Label::Ephemeral(*seed)),
                        &transient,
                        *lamports,
                        *transient_seed,
                        *seed,
                    ),
                    #[allow(deprecated, reason = "upstream 2.x still serves the deprecated decrease")]
                    DecreaseKind::Deprecated => spl::decrease_validator_stake(
                        p,
                        a,
                        s,
                        r,
                        l,
                        &validator,
                        &transient,
                        *lamports,
                        *transient_seed,
                    ),
                })
            }
            Op::Redelegate { from, to, lamports } => {
                let (from_seed, to_seed) =
                    (self.listed_transient_seed(*from), self.listed_transient_seed(*to));
                #[allow(deprecated, reason = "both programs must refuse the retired instruction alike")]
                let ix = spl::redelegate(
                    &program,
                    &pool_address,
                    &staker,
                    &authority,
                    &list,
                    &reserve,
                    &self.validator_stake(side, *from),
                    &self.transient(side, *from, from_seed),
                    &self.address(side, Label::Ephemeral(0)),
                    &self.transient(side, *to, to_seed),
                    &self.validator_stake(side, *to),
                    &self.votes[*to],
                    *lamports,
                    from_seed,
                    0,
                    to_seed,
                );
                one(ix)
            }
            Op::SetPreferred { withdraw, vote } => {
                let kind = if *withdraw {
                    PreferredValidatorType::Withdraw
                } else {
                    PreferredValidatorType::Deposit
                };
                one(spl::set_preferred_validator(
                    &program,
                    &pool_address,
                    &staker,
                    &list,
                    kind,
                    vote.map(|v| self.votes[v]),
                ))
            }
            Op::SetFee { kind, numerator, denominator } => {
                let value = Fee { numerator: *numerator, denominator: *denominator };
                let percent = (*numerator).min(255) as u8;
                let fee_type = match kind {
                    FeeKind::Epoch => FeeType::Epoch(value),
                    FeeKind::StakeWithdrawal => FeeType::StakeWithdrawal(value),
                    FeeKind::SolWithdrawal => FeeType::SolWithdrawal(value),
                    FeeKind::StakeDeposit => FeeType::StakeDeposit(value),
                    FeeKind::SolDeposit => FeeType::SolDeposit(value),
                    FeeKind::SolReferral => FeeType::SolReferral(percent),
                    FeeKind::StakeReferral => FeeType::StakeReferral(percent),
                };
                one(spl::set_fee(&program, &pool_address, &manager, fee_type))
            }
            Op::SetStaker { to, by_manager } => {
                let signer = if *by_manager { manager } else { staker };
                one(spl::set_staker(&program, &pool_address, &signer, &authority_key(*to)))
            }
            Op::SetManager { to } => {
                one(spl::set_manager(&program, &pool_address, &manager, &authority_key(*to), &fee))
            }
            Op::SetFundingAuthority { kind, to } => {
                let funding_type = match kind {
                    Funding::StakeDeposit => FundingType::StakeDeposit,
                    Funding::SolDeposit => FundingType::SolDeposit,
                    Funding::SolWithdraw => FundingType::SolWithdraw,
                };
                let new = to.map(authority_key);
                one(spl::set_funding_authority(&program, &pool_address, &manager, new.as_ref(), funding_type))
            }
            Op::UpdateList { start, len, no_merge } => {
                let count = self.list.validators.len();
                let start = (*start).min(count);
                let len = (*len).min(count - start);
                let ix = spl::update_validator_list_balance_chunk(
                    &program,
                    &pool_address,
                    &authority,
                    &list,
                    &reserve,
                    &self.list,
                    len,
                    start,
                    *no_merge,
                )
                .expect("a chunk within the list");
                one(ix)
            }
            Op::UpdateBalance => one(pool.update_balance_ix()),
            Op::Cleanup => one(spl::cleanup_removed_validator_entries(&program, &pool_address, &list)),
            Op::Crank => {
                let (chunks, last) =
                    spl::update_stake_pool(&program, &self.states[side], &self.list, &pool_address, false);
                chunks.into_iter().map(|ix| vec![ix]).chain(std::iter::once(last)).collect()
            }
            Op::Mutated { op, mutation } => {
                let mut txs = self.build(side, op);
                let target = txs
                    .iter_mut()
                    .rev()
                    .find_map(|tx| tx.iter_mut().rev().find(|ix| ix.program_id == program));
                if let Some(ix) = target {
                    self.mutate(side, ix, mutation);
                }
                txs
            }
            Op::NextEpoch { .. } | Op::Tip { .. } | Op::CreateStake { .. } => Vec::new(),
        }
    }

    fn mutate(&self, side: usize, ix: &mut Instruction, mutation: &Mutation) {
        let accounts = ix.accounts.len();
        let at = |n: usize| (accounts > 0).then(|| n % accounts);
        match mutation {
            Mutation::Truncate(n) => ix.data.truncate(*n),
            Mutation::Append(bytes) => ix.data.extend_from_slice(bytes),
            Mutation::SetByte { at, value } => {
                if !ix.data.is_empty() {
                    let i = at % ix.data.len();
                    ix.data[i] = *value;
                }
            }
            Mutation::Replace { at: n, with } => {
                if let Some(i) = at(*n) {
                    ix.accounts[i].pubkey = self.resolve(side, *with);
                }
            }
            Mutation::Drop(n) => {
                if let Some(i) = at(*n) {
                    ix.accounts.remove(i);
                }
            }
            Mutation::Unsign(n) => {
                if let Some(i) = at(*n) {
                    ix.accounts[i].is_signer = false;
                }
            }
            Mutation::ReadOnly(n) => {
                if let Some(i) = at(*n) {
                    ix.accounts[i].is_writable = false;
                }
            }
            Mutation::Writable(n) => {
                if let Some(i) = at(*n) {
                    ix.accounts[i].is_writable = true;
                }
            }
        }
    }

    /// Sends `txs` on one side, in order, stopping at the first failure. Every transaction starts
    /// with a compute-unit limit that differs per step (repeated steps stay distinct transactions).
    /// Keys nobody holds (a PDA substituted for a signer) are sent unsigned.
    async fn send(&mut self, txs: Vec<Vec<Instruction>>) -> Result<(), TxError> {
        let payer = self.fx.payer().pubkey();
        for ixs in txs {
            let limit = 1_400_000 - (self.step_index % 100_000) as u32;
            let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(limit)];
            all.extend(ixs);
            let mut needed = Vec::new();
            for meta in all.iter_mut().flat_map(|ix| ix.accounts.iter_mut()) {
                if meta.is_signer && meta.pubkey != payer {
                    if self.keyring.contains_key(&meta.pubkey) {
                        needed.push(meta.pubkey);
                    } else {
                        meta.is_signer = false;
                    }
                }
            }
            needed.sort();
            needed.dedup();
            let signers: Vec<&Keypair> = needed.iter().map(|k| &self.keyring[k]).collect();
            self.stats.transactions += 1;
            match self.fx.process(&all, &signers).await {
                Ok(_) => {}
                // The index is the account's place in the message, which orders keys by address:
                // the two sides' differ. Name the account instead.
                Err(TxError::Transaction(TransactionError::InsufficientFundsForRent { account_index })) => {
                    let message = Transaction::new_with_payer(&all, Some(&payer)).message;
                    let key = message.account_keys[usize::from(account_index)];
                    let label = self.labels.get(&key).map(|(_, label)| *label);
                    return Err(TxError::Client(format!("insufficient funds for rent: {label:?}")));
                }
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }

    /// Runs one step on both sides and checks everything after it.
    pub async fn step(&mut self, op: &Op) -> Result<(), Failure> {
        self.step_index += 1;
        let before = self.last.clone();
        let mut touched: Vec<Label> = Vec::new();
        let mut deposited = None;
        let outcomes: [Result<(), TxError>; 2] = match op {
            Op::NextEpoch { slots } => {
                for (i, vote) in self.votes.clone().iter().enumerate() {
                    self.fx.credit_votes(vote, 200 + 50 * i as u64);
                }
                let epoch = self.fx.epoch().await;
                self.fx.warp_to_epoch(epoch + 1, *slots).await;
                touched.extend(self.addresses[0].keys().filter(|l| {
                    matches!(l, Label::ValidatorStake { .. } | Label::Transient { .. } | Label::UserStake(_))
                }));
                [Ok(()), Ok(())]
            }
            Op::Tip { to, lamports } => {
                let mut outcomes = Vec::new();
                for side in 0..2 {
                    let to = self.source(side, *to);
                    let payer = self.fx.payer().pubkey();
                    let tip = solana_system_interface::instruction::transfer(&payer, &to, *lamports);
                    outcomes.push(self.send(vec![vec![tip]]).await);
                    if let Some((_, label)) = self.labels.get(&to) {
                        touched.push(*label);
                    }
                }
                [outcomes.remove(0), outcomes.remove(0)]
            }
            Op::CreateStake { user, vote, lamports } => {
                let label = Label::UserStake(self.user_stakes);
                self.user_stakes += 1;
                self.relabel_fresh(label);
                let mut outcomes = Vec::new();
                for side in 0..2 {
                    let stake = self.keyring[&self.address(side, label)].insecure_clone();
                    let owner = self.keyring[&self.address(side, Label::Wallet(*user))].insecure_clone();
                    outcomes.push(
                        self.fx.create_delegated_stake(&stake, &owner, &self.votes[*vote], *lamports).await,
                    );
                    self.stats.transactions += 2;
                }
                if outcomes.iter().all(Result::is_ok) {
                    let Label::UserStake(n) = label else { unreachable!() };
                    self.stakes.push(PendingStake { label: n, user: *user, vote: *vote });
                }
                touched.push(label);
                [outcomes.remove(0), outcomes.remove(0)]
            }
            _ => {
                let inner = match op {
                    Op::Mutated { op, .. } => op.as_ref(),
                    other => other,
                };
                if matches!(inner, Op::WithdrawSol { .. } | Op::WithdrawStake { .. }) {
                    self.relabel_fresh(Label::Receive);
                }
                let txs = [self.build(0, op), self.build(1, op)];
                if txs[0].is_empty() {
                    return Ok(());
                }
                if let Op::DepositStake { stake, .. } = inner {
                    let pending = &self.stakes[*stake];
                    let (user, address) = (pending.user, self.address(0, Label::UserStake(pending.label)));
                    deposited = Some((user, self.fx.lamports(&address).await));
                }
                for (side, side_txs) in txs.iter().enumerate() {
                    for meta in side_txs.iter().flatten().flat_map(|ix| &ix.accounts) {
                        if let Some((owner_side, label)) = self.labels.get(&meta.pubkey) {
                            if meta.is_writable || *owner_side != side {
                                touched.push(*label);
                            }
                        }
                    }
                }
                let [ours, theirs] = txs;
                [self.send(ours).await, self.send(theirs).await]
            }
        };
        touched.sort();
        touched.dedup();
        let result = check::after_step(self, op, &before, &outcomes, &touched, deposited).await;
        let entry = self.stats.by_kind.entry(op.name()).or_default();
        match &outcomes[0] {
            Ok(()) => entry.0 += 1,
            Err(error) => {
                entry.1 += 1;
                *self.stats.errors.entry(check::describe(error)).or_default() += 1;
            }
        }
        self.stats.steps += 1;
        result?;
        if outcomes[0].is_ok() {
            self.after_success(op);
        }
        Ok(())
    }

    /// What a step that succeeded on both sides changes in the world's bookkeeping: the authorities
    /// as the pool now holds them (a mangled step may have set others), a deposited stake gone.
    fn after_success(&mut self, op: &Op) {
        let keys: Vec<Pubkey> = (0..AUTHORITIES).map(|n| self.address(0, Label::Authority(n))).collect();
        let index = |key: &Pubkey| keys.iter().position(|k| k == key);
        let state = &self.states[0];
        let (staker, manager) = (index(&state.staker), index(&state.manager));
        let funding = [
            index(&state.stake_deposit_authority),
            state.sol_deposit_authority.as_ref().and_then(index),
            state.sol_withdraw_authority.as_ref().and_then(index),
        ];
        self.staker = staker.unwrap_or(self.staker);
        self.manager = manager.unwrap_or(self.manager);
        self.funding = funding;
        let inner = match op {
            Op::Mutated { op, .. } => op.as_ref(),
            other => other,
        };
        if let Op::DepositStake { stake, .. } = inner {
            if *stake < self.stakes.len() {
                self.stakes.remove(*stake);
            }
        }
    }
}
