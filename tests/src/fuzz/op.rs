//! The fuzzer's operations: what one step does, in plain data (so a failing sequence can be saved as
//! JSON and replayed as a regression test), and how a step is drawn at random.

use {
    crate::rng::Rng,
    serde::{Deserialize, Serialize},
};

/// One step: the same operation applied to our pool and to upstream's. Users, validators and
/// authorities are indices into the world's; amounts are exact.
#[allow(missing_docs, reason = "each variant's fields are named for what its doc says")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `DepositSol`, or `DepositSolWithSlippage` with a minimum (a SOL deposit authority signs when
    /// one is set).
    DepositSol { user: usize, lamports: u64, minimum: Option<u64>, referrer: Referrer },
    /// `WithdrawSol`, or `WithdrawSolWithSlippage` with a minimum.
    WithdrawSol { user: usize, tokens: u64, minimum: Option<u64> },
    /// A user delegates a new stake account (one per pool, alike) to a validator, for a later
    /// `DepositStake`.
    CreateStake { user: usize, vote: usize, lamports: u64 },
    /// `DepositStake` (the two authorize instructions first, as upstream's client builds it) of a
    /// stake account made by `CreateStake`.
    DepositStake { stake: usize, minimum: Option<u64> },
    /// `WithdrawStake` out of `from` into a new stake account of the user.
    WithdrawStake { user: usize, from: Source, tokens: u64, minimum: Option<u64> },
    /// `AddValidatorToPool`.
    AddValidator { vote: usize, seed: Option<u32> },
    /// `RemoveValidatorFromPool`.
    RemoveValidator { vote: usize },
    /// `IncreaseValidatorStake`, or the additional form with an ephemeral seed.
    Increase { vote: usize, lamports: u64, transient_seed: u64, ephemeral_seed: Option<u64> },
    /// One of the three decreases.
    Decrease { vote: usize, lamports: u64, transient_seed: u64, kind: DecreaseKind },
    /// The retired `Redelegate`, which both programs refuse.
    Redelegate { from: usize, to: usize, lamports: u64 },
    /// `SetPreferredValidator`.
    SetPreferred { withdraw: bool, vote: Option<usize> },
    /// `SetFee`.
    SetFee { kind: FeeKind, numerator: u64, denominator: u64 },
    /// `SetStaker` to authority `to`, signed by the staker or the manager.
    SetStaker { to: usize, by_manager: bool },
    /// `SetManager` to authority `to` (the fee account stays).
    SetManager { to: usize },
    /// `SetFundingAuthority`.
    SetFundingAuthority { kind: Funding, to: Option<usize> },
    /// `UpdateValidatorListBalance` over `len` entries from `start`.
    UpdateList { start: usize, len: usize, no_merge: bool },
    /// `UpdateStakePoolBalance`.
    UpdateBalance,
    /// `CleanupRemovedValidatorEntries`.
    Cleanup,
    /// The whole crank as upstream's client builds it (`update_stake_pool`).
    Crank,
    /// The next epoch, `slots` slots in, the validators having voted (real inflation rewards).
    NextEpoch { slots: u64 },
    /// Lamports sent to a pool's account from outside (MEV tips, donations).
    Tip { to: Source, lamports: u64 },
    /// `op`'s pool instruction mangled by `mutation`.
    Mutated { op: Box<Op>, mutation: Mutation },
}

/// Where a stake withdrawal or a tip goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The reserve.
    Reserve,
    /// Validator `vote`'s stake account (seed as listed).
    Validator(usize),
    /// Validator `vote`'s transient stake account (seed as listed).
    Transient(usize),
}

/// The referrer of a SOL deposit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Referrer {
    /// The shared referrer's token account.
    Other,
    /// The depositor's own token account.
    Depositor,
    /// The manager's fee account.
    Manager,
}

/// The three forms of a decrease.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecreaseKind {
    /// `DecreaseValidatorStakeWithReserve`.
    WithReserve,
    /// `DecreaseAdditionalValidatorStake` with this ephemeral seed.
    Additional(u64),
    /// The deprecated `DecreaseValidatorStake`.
    Deprecated,
}

/// Which fee `SetFee` changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeKind {
    /// Epoch fee.
    Epoch,
    /// Stake withdrawal fee.
    StakeWithdrawal,
    /// SOL withdrawal fee.
    SolWithdrawal,
    /// Stake deposit fee.
    StakeDeposit,
    /// SOL deposit fee.
    SolDeposit,
    /// SOL referral share (`numerator` %).
    SolReferral,
    /// Stake referral share (`numerator` %).
    StakeReferral,
}

/// Which funding authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Funding {
    /// Stake deposits.
    StakeDeposit,
    /// SOL deposits.
    SolDeposit,
    /// SOL withdrawals.
    SolWithdraw,
}

/// How a pool instruction is mangled.
#[allow(missing_docs, reason = "each variant's fields are named for what its doc says")]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mutation {
    /// Only the first `n` bytes of data.
    Truncate(usize),
    /// Bytes appended to the data.
    Append(Vec<u8>),
    /// Data byte `at` (modulo the length) set to `value`.
    SetByte { at: usize, value: u8 },
    /// Account `at` (modulo the count) replaced by a candidate.
    Replace { at: usize, with: Candidate },
    /// Account `at` (modulo the count) left out.
    Drop(usize),
    /// Account `at` (modulo the count) no longer a signer.
    Unsign(usize),
    /// Account `at` (modulo the count) read-only.
    ReadOnly(usize),
    /// Account `at` (modulo the count) writable.
    Writable(usize),
}

/// An account that may stand where another belongs: each resolves, on each side, to the account of
/// the same role (so both programs see the same substitution).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Candidate {
    /// One of a few keys nobody uses.
    Fresh(usize),
    /// The fee payer.
    Payer,
    /// A pool account of this side.
    Own(Role),
    /// The same role in the other program's pool.
    Other(Role),
    /// Validator `vote`'s stake account.
    ValidatorStake(usize),
    /// Validator `vote`'s transient stake account (seed as listed, else 0).
    TransientStake(usize),
    /// A validator's vote account.
    Vote(usize),
    /// A user's wallet.
    Wallet(usize),
    /// A user's pool-token account.
    Tokens(usize),
    /// One of the authority keys.
    Authority(usize),
    /// A sysvar or program.
    Id(WellKnown),
}

/// A pool's own accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The pool.
    Pool,
    /// The validator list.
    List,
    /// The reserve.
    Reserve,
    /// The pool mint.
    Mint,
    /// The manager fee account.
    ManagerFee,
    /// The withdraw authority PDA.
    WithdrawAuthority,
    /// The default stake-deposit authority PDA.
    DepositAuthority,
    /// The stake-pool program.
    Program,
}

/// Sysvars and programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WellKnown {
    /// Clock sysvar.
    Clock,
    /// Rent sysvar.
    Rent,
    /// Stake history sysvar.
    StakeHistory,
    /// Stake config.
    StakeConfig,
    /// System program.
    System,
    /// Token program.
    Token,
    /// Token-2022.
    Token2022,
    /// Stake program.
    Stake,
}

/// What the generator sees of the world (read from our pool, equal to upstream's).
pub struct View {
    /// Users.
    pub users: usize,
    /// Candidate validators.
    pub votes: usize,
    /// Authority keys.
    pub authorities: usize,
    /// Stake accounts waiting for `DepositStake`.
    pub stakes: usize,
    /// Pool tokens of each user.
    pub tokens: Vec<u64>,
    /// Listed validators: (vote index, active lamports, transient lamports, transient seed).
    pub listed: Vec<(usize, u64, u64, u64)>,
    /// List capacity.
    pub max_validators: usize,
    /// Reserve lamports.
    pub reserve: u64,
    /// The pool is updated for the current epoch.
    pub fresh: bool,
}

const SOL: u64 = 1_000_000_000;

/// An amount around `scale`: mostly sensible, sometimes on an edge.
fn amount(rng: &mut Rng, scale: u64) -> u64 {
    match rng.below(20) {
        0 => 0,
        1 => 1,
        2 => u64::MAX,
        3 => scale,
        4 => scale.saturating_add(1),
        5 => scale.saturating_sub(1),
        6 => rng.below(SOL),
        7 => SOL + rng.below(SOL),
        _ => rng.below(scale.max(2)),
    }
}

fn slippage(rng: &mut Rng, expected: u64) -> Option<u64> {
    match rng.below(6) {
        0 => Some(expected),
        1 => Some(rng.below(expected.max(1))),
        2 => Some(u64::MAX),
        _ => None,
    }
}

impl Op {
    /// A random step for the world seen in `view`.
    pub fn random(rng: &mut Rng, view: &View) -> Op {
        if rng.chance(22) {
            let op = Self::plain(rng, view);
            if !matches!(op, Op::NextEpoch { .. } | Op::Tip { .. } | Op::CreateStake { .. }) {
                return Op::Mutated { op: Box::new(op), mutation: Mutation::random(rng, view) };
            }
            return op;
        }
        Self::plain(rng, view)
    }

    fn plain(rng: &mut Rng, view: &View) -> Op {
        // An outdated pool refuses most things: crank it most of the time.
        if !view.fresh && rng.chance(60) {
            return match rng.below(4) {
                0 => Op::Crank,
                1 => Op::UpdateBalance,
                2 => Op::Cleanup,
                _ => Op::UpdateList {
                    start: rng.below(view.listed.len() as u64 + 1) as usize,
                    len: 1 + rng.below(view.max_validators as u64) as usize,
                    no_merge: rng.chance(20),
                },
            };
        }
        let user = rng.below(view.users as u64) as usize;
        let vote = rng.below(view.votes as u64) as usize;
        let listed_vote = |rng: &mut Rng| match view.listed.len() {
            0 => vote,
            n => view.listed[rng.below(n as u64) as usize].0,
        };
        let tokens = view.tokens[user];
        match rng.below(100) {
            0..=17 => {
                let lamports = amount(rng, 50 * SOL);
                let referrer = match rng.below(4) {
                    0 => Referrer::Depositor,
                    1 => Referrer::Manager,
                    _ => Referrer::Other,
                };
                Op::DepositSol { user, lamports, minimum: slippage(rng, lamports), referrer }
            }
            18..=31 => Op::WithdrawSol { user, tokens: amount(rng, tokens), minimum: slippage(rng, tokens) },
            32..=36 => Op::CreateStake {
                user,
                vote: listed_vote(rng),
                lamports: SOL + amount(rng, 20 * SOL) % (40 * SOL),
            },
            37..=41 => Op::DepositStake {
                stake: rng.below(view.stakes.max(1) as u64) as usize,
                minimum: slippage(rng, SOL),
            },
            42..=48 => {
                let from = match rng.below(5) {
                    0 => Source::Reserve,
                    1 => Source::Transient(listed_vote(rng)),
                    _ => Source::Validator(listed_vote(rng)),
                };
                Op::WithdrawStake { user, from, tokens: amount(rng, tokens), minimum: slippage(rng, tokens) }
            }
            49..=51 => Op::AddValidator { vote, seed: rng.chance(20).then(|| rng.below(3) as u32) },
            52..=53 => Op::RemoveValidator { vote: listed_vote(rng) },
            54..=60 => Op::Increase {
                vote: listed_vote(rng),
                lamports: amount(rng, view.reserve / 4),
                transient_seed: rng.below(3),
                ephemeral_seed: rng.chance(30).then(|| rng.below(3)),
            },
            61..=66 => {
                let kind = match rng.below(3) {
                    0 => DecreaseKind::Additional(rng.below(3)),
                    1 => DecreaseKind::Deprecated,
                    _ => DecreaseKind::WithReserve,
                };
                let vote = listed_vote(rng);
                let active = view.listed.iter().find(|v| v.0 == vote).map_or(SOL, |v| v.1);
                Op::Decrease { vote, lamports: amount(rng, active / 2), transient_seed: rng.below(3), kind }
            }
            67 => Op::Redelegate { from: listed_vote(rng), to: listed_vote(rng), lamports: amount(rng, SOL) },
            68..=69 => {
                Op::SetPreferred { withdraw: rng.chance(50), vote: rng.chance(80).then(|| listed_vote(rng)) }
            }
            70..=72 => {
                let kind = match rng.below(7) {
                    0 => FeeKind::Epoch,
                    1 => FeeKind::StakeWithdrawal,
                    2 => FeeKind::SolWithdrawal,
                    3 => FeeKind::StakeDeposit,
                    4 => FeeKind::SolDeposit,
                    5 => FeeKind::SolReferral,
                    _ => FeeKind::StakeReferral,
                };
                let denominator = [0, 1, 10, 100, 1_000, 10_000][rng.below(6) as usize];
                let numerator = match rng.below(4) {
                    0 => denominator,
                    1 => denominator + 1,
                    _ => rng.below(denominator.max(1) / 5 + 2),
                };
                Op::SetFee { kind, numerator, denominator }
            }
            73 => {
                Op::SetStaker { to: rng.below(view.authorities as u64) as usize, by_manager: rng.chance(40) }
            }
            74 => Op::SetManager { to: rng.below(view.authorities as u64) as usize },
            75 => {
                let kind = match rng.below(3) {
                    0 => Funding::StakeDeposit,
                    1 => Funding::SolDeposit,
                    _ => Funding::SolWithdraw,
                };
                Op::SetFundingAuthority {
                    kind,
                    to: rng.chance(50).then(|| rng.below(view.authorities as u64) as usize),
                }
            }
            76..=79 => Op::UpdateList {
                start: rng.below(view.listed.len() as u64 + 1) as usize,
                len: 1 + rng.below(view.max_validators as u64) as usize,
                no_merge: rng.chance(20),
            },
            80..=81 => Op::UpdateBalance,
            82 => Op::Cleanup,
            83..=87 => Op::Crank,
            88..=91 => Op::NextEpoch { slots: 1 + rng.below(20) },
            _ => {
                let to = match rng.below(4) {
                    0 => Source::Reserve,
                    1 => Source::Transient(listed_vote(rng)),
                    _ => Source::Validator(listed_vote(rng)),
                };
                Op::Tip { to, lamports: 1 + rng.below(2 * SOL) }
            }
        }
    }

    /// A short name for counting steps by kind.
    pub fn name(&self) -> &'static str {
        match self {
            Op::DepositSol { .. } => "DepositSol",
            Op::WithdrawSol { .. } => "WithdrawSol",
            Op::CreateStake { .. } => "(user delegates stake)",
            Op::DepositStake { .. } => "DepositStake",
            Op::WithdrawStake { .. } => "WithdrawStake",
            Op::AddValidator { .. } => "AddValidatorToPool",
            Op::RemoveValidator { .. } => "RemoveValidatorFromPool",
            Op::Increase { .. } => "Increase(Additional)ValidatorStake",
            Op::Decrease { .. } => "Decrease…ValidatorStake",
            Op::Redelegate { .. } => "Redelegate",
            Op::SetPreferred { .. } => "SetPreferredValidator",
            Op::SetFee { .. } => "SetFee",
            Op::SetStaker { .. } => "SetStaker",
            Op::SetManager { .. } => "SetManager",
            Op::SetFundingAuthority { .. } => "SetFundingAuthority",
            Op::UpdateList { .. } => "UpdateValidatorListBalance",
            Op::UpdateBalance => "UpdateStakePoolBalance",
            Op::Cleanup => "CleanupRemovedValidatorEntries",
            Op::Crank => "(whole crank)",
            Op::NextEpoch { .. } => "(next epoch)",
            Op::Tip { .. } => "(tip or donation)",
            Op::Mutated { .. } => "(mangled instruction)",
        }
    }
}

impl Mutation {
    /// A short name for counting.
    pub fn name(&self) -> &'static str {
        match self {
            Mutation::Truncate(_) => "data truncated",
            Mutation::Append(_) => "data appended",
            Mutation::SetByte { .. } => "data byte set",
            Mutation::Replace { .. } => "account replaced",
            Mutation::Drop(_) => "account dropped",
            Mutation::Unsign(_) => "signer unsigned",
            Mutation::ReadOnly(_) => "account read-only",
            Mutation::Writable(_) => "account writable",
        }
    }

    fn random(rng: &mut Rng, view: &View) -> Mutation {
        let at = rng.below(32) as usize;
        match rng.below(10) {
            0 => Mutation::Truncate(rng.below(20) as usize),
            1 => Mutation::Append((0..1 + rng.below(9)).map(|_| rng.below(256) as u8).collect()),
            2 => Mutation::SetByte { at: rng.below(4) as usize, value: rng.below(256) as u8 },
            3 => Mutation::Drop(at),
            4 => Mutation::Unsign(at),
            5 => Mutation::ReadOnly(at),
            6 => Mutation::Writable(at),
            _ => Mutation::Replace { at, with: Candidate::random(rng, view) },
        }
    }
}

impl Candidate {
    fn random(rng: &mut Rng, view: &View) -> Candidate {
        let role = || {
            [
                Role::Pool,
                Role::List,
                Role::Reserve,
                Role::Mint,
                Role::ManagerFee,
                Role::WithdrawAuthority,
                Role::DepositAuthority,
                Role::Program,
            ]
        };
        let vote = rng.below(view.votes as u64) as usize;
        let user = rng.below(view.users as u64) as usize;
        match rng.below(12) {
            0 => Candidate::Fresh(rng.below(3) as usize),
            1 => Candidate::Payer,
            2 | 3 => Candidate::Own(role()[rng.below(8) as usize]),
            4 => Candidate::Other(role()[rng.below(8) as usize]),
            5 => Candidate::ValidatorStake(vote),
            6 => Candidate::TransientStake(vote),
            7 => Candidate::Vote(vote),
            8 => Candidate::Wallet(user),
            9 => Candidate::Tokens(user),
            10 => Candidate::Authority(rng.below(view.authorities as u64) as usize),
            _ => Candidate::Id(
                [
                    WellKnown::Clock,
                    WellKnown::Rent,
                    WellKnown::StakeHistory,
                    WellKnown::StakeConfig,
                    WellKnown::System,
                    WellKnown::Token,
                    WellKnown::Token2022,
                    WellKnown::Stake,
                ][rng.below(8) as usize],
            ),
        }
    }
}
