//! SPL Governance 4.0.0 (Realms) as the DAO that owns the steward's and the bonds' authorities: its
//! addresses and the instructions a proposal's life takes, in its wire format (a one-byte
//! instruction index, borsh arguments, its account order), and the proposal fields clients read.
//!
//! The DAO is a realm with a community mint (and a council mint), one governance whose native
//! treasury PDA holds the authorities, and proposals that each carry one instruction signed by that
//! treasury when executed.

use {
    anchor_lang::{
        prelude::{AccountMeta, Pubkey},
        solana_program::{instruction::Instruction, system_program},
    },
    borsh::{BorshDeserialize, BorshSerialize},
};

/// SPL Governance's program id on mainnet (the Realms deployment).
pub const GOVERNANCE_PROGRAM_ID: Pubkey =
    Pubkey::from_str_const("GovER5Lthms3bLBqWub97yVrMmEogzX7xNjdXpPPCVZw");
use lst_interface::id::{RENT_SYSVAR, TOKEN_PROGRAM as TOKEN_PROGRAM_ID};

/// The seed most of the program's PDAs start with.
const AUTHORITY_SEED: &[u8] = GOVERNANCE_SEED.as_bytes();

fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &GOVERNANCE_PROGRAM_ID).0
}

/// The realm named `name`.
pub fn realm_address(name: &str) -> Pubkey {
    pda(&[AUTHORITY_SEED, name.as_bytes()])
}

/// The realm's account holding deposited `mint` tokens.
pub fn holding_address(realm: &Pubkey, mint: &Pubkey) -> Pubkey {
    pda(&[AUTHORITY_SEED, realm.as_ref(), mint.as_ref()])
}

/// `owner`'s deposit record of `mint` tokens in the realm (its voting weight).
pub fn token_owner_record_address(realm: &Pubkey, mint: &Pubkey, owner: &Pubkey) -> Pubkey {
    pda(&[AUTHORITY_SEED, realm.as_ref(), mint.as_ref(), owner.as_ref()])
}

/// The realm's config account.
pub fn realm_config_address(realm: &Pubkey) -> Pubkey {
    pda(&[b"realm-config", realm.as_ref()])
}

/// The governance of `governed` (any address naming what it governs) in the realm.
pub fn governance_address(realm: &Pubkey, governed: &Pubkey) -> Pubkey {
    pda(&[b"account-governance", realm.as_ref(), governed.as_ref()])
}

/// The governance's native treasury: the PDA that signs what its proposals execute.
pub fn native_treasury_address(governance: &Pubkey) -> Pubkey {
    pda(&[NATIVE_TREASURY_SEED.as_bytes(), governance.as_ref()])
}

/// The proposal with `seed` voted by `mint` holders under `governance`.
pub fn proposal_address(governance: &Pubkey, mint: &Pubkey, seed: &Pubkey) -> Pubkey {
    pda(&[AUTHORITY_SEED, governance.as_ref(), mint.as_ref(), seed.as_ref()])
}

/// Transaction `index` of the proposal's option `option`.
pub fn proposal_transaction_address(proposal: &Pubkey, option: u8, index: u16) -> Pubkey {
    pda(&[AUTHORITY_SEED, proposal.as_ref(), &option.to_le_bytes(), &index.to_le_bytes()])
}

/// The signatory record of `signatory` on the proposal.
pub fn signatory_record_address(proposal: &Pubkey, signatory: &Pubkey) -> Pubkey {
    pda(&[AUTHORITY_SEED, proposal.as_ref(), signatory.as_ref()])
}

/// The vote record of the voter's token owner record on the proposal.
pub fn vote_record_address(proposal: &Pubkey, token_owner_record: &Pubkey) -> Pubkey {
    pda(&[AUTHORITY_SEED, proposal.as_ref(), token_owner_record.as_ref()])
}

/// The deposit `payer` makes for the proposal beyond the governance's free proposals.
pub fn proposal_deposit_address(proposal: &Pubkey, payer: &Pubkey) -> Pubkey {
    pda(&[b"proposal-deposit", proposal.as_ref(), payer.as_ref()])
}

/// The program's instruction indices (the variants of its instruction enum).
mod ix {
    pub const CREATE_REALM: u8 = 0;
    pub const DEPOSIT_GOVERNING_TOKENS: u8 = 1;
    pub const CREATE_GOVERNANCE: u8 = 4;
    pub const CREATE_PROPOSAL: u8 = 6;
    pub const INSERT_TRANSACTION: u8 = 9;
    pub const SIGN_OFF_PROPOSAL: u8 = 12;
    pub const CAST_VOTE: u8 = 13;
    pub const FINALIZE_VOTE: u8 = 14;
    pub const EXECUTE_TRANSACTION: u8 = 16;
    pub const SET_REALM_AUTHORITY: u8 = 21;
    pub const CREATE_NATIVE_TREASURY: u8 = 25;
}

/// How the maximum voter weight of a mint is derived.
#[derive(BorshSerialize, BorshDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxVoterWeight {
    /// A fraction of the mint's supply, in 10^10 parts.
    SupplyFraction(u64),
    /// An absolute weight.
    Absolute(u64),
}

/// The whole supply counts.
pub const FULL_SUPPLY: MaxVoterWeight = MaxVoterWeight::SupplyFraction(10_000_000_000);

/// A governing token's kind.
#[derive(BorshSerialize, BorshDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    /// Deposited and withdrawn freely.
    Liquid,
    /// Held by members, revocable by the realm.
    Membership,
    /// Not used for voting.
    Dormant,
}

#[derive(BorshSerialize)]
struct TokenConfigArgs {
    use_voter_weight_addin: bool,
    use_max_voter_weight_addin: bool,
    token_type: TokenType,
}

#[derive(BorshSerialize)]
struct RealmConfigArgs {
    use_council_mint: bool,
    min_community_weight_to_create_governance: u64,
    community_mint_max_voter_weight_source: MaxVoterWeight,
    community_token_config_args: TokenConfigArgs,
    council_token_config_args: TokenConfigArgs,
}

/// When a vote passes.
#[derive(BorshSerialize, BorshDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteThreshold {
    /// Yes votes at least this percentage of the maximum voter weight.
    YesVotePercentage(u8),
    /// Quorum (not supported by the program yet).
    QuorumPercentage(u8),
    /// This population does not vote.
    Disabled,
}

/// Whether a vote may end before its time once the outcome is certain.
#[derive(BorshSerialize, BorshDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteTipping {
    /// As soon as the threshold is reached and cannot be overturned.
    Strict,
    /// As soon as the threshold is reached.
    Early,
    /// Never.
    Disabled,
}

/// A governance's rules.
#[derive(BorshSerialize, BorshDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct GovernanceConfig {
    /// The community's passing threshold.
    pub community_vote_threshold: VoteThreshold,
    /// Community weight needed to propose.
    pub min_community_weight_to_create_proposal: u64,
    /// Seconds between a proposal passing and its instructions becoming executable (the hold-up).
    pub min_transaction_hold_up_time: u32,
    /// Seconds a vote runs.
    pub voting_base_time: u32,
    /// The community's tipping.
    pub community_vote_tipping: VoteTipping,
    /// The council's passing threshold.
    pub council_vote_threshold: VoteThreshold,
    /// The council's veto threshold.
    pub council_veto_vote_threshold: VoteThreshold,
    /// Council weight needed to propose.
    pub min_council_weight_to_create_proposal: u64,
    /// The council's tipping.
    pub council_vote_tipping: VoteTipping,
    /// The community's veto threshold.
    pub community_veto_vote_threshold: VoteThreshold,
    /// Seconds after voting during which only vetoes and denials count.
    pub voting_cool_off_time: u32,
    /// Proposals open at once before a deposit is required.
    pub deposit_exempt_proposal_count: u8,
}

impl GovernanceConfig {
    /// A community-only governance: proposals pass at `threshold_percent` of the supply (strict
    /// tipping: as soon as the outcome is certain), votes run `voting_time` seconds, transactions
    /// execute `hold_up` seconds after; no council, no veto, ten proposals before a deposit.
    pub fn community(threshold_percent: u8, hold_up: u32, voting_time: u32) -> Self {
        Self {
            community_vote_threshold: VoteThreshold::YesVotePercentage(threshold_percent),
            min_community_weight_to_create_proposal: 1,
            min_transaction_hold_up_time: hold_up,
            voting_base_time: voting_time,
            community_vote_tipping: VoteTipping::Strict,
            council_vote_threshold: VoteThreshold::Disabled,
            council_veto_vote_threshold: VoteThreshold::Disabled,
            min_council_weight_to_create_proposal: 1,
            council_vote_tipping: VoteTipping::Disabled,
            community_veto_vote_threshold: VoteThreshold::Disabled,
            voting_cool_off_time: 0,
            deposit_exempt_proposal_count: 10,
        }
    }

    /// The same, with a council that may veto a community proposal while it is voted on (vetoes of
    /// [`COUNCIL_VETO_PERCENT`] of the council supply) and can neither pass nor create one: it has
    /// no vote of its own (its threshold stays disabled, so the program refuses a council proposal)
    /// and no council weight reaches the minimum to propose.
    pub fn with_council_veto(self) -> Self {
        Self {
            council_veto_vote_threshold: VoteThreshold::YesVotePercentage(COUNCIL_VETO_PERCENT),
            min_council_weight_to_create_proposal: u64::MAX,
            ..self
        }
    }

    /// The same, with the community's vote ending as `tipping` says: [`VoteTipping::Disabled`] runs
    /// every vote its full time, so the council sees every proposal before it can pass.
    pub fn with_tipping(self, tipping: VoteTipping) -> Self {
        Self { community_vote_tipping: tipping, ..self }
    }
}

/// Percent of the council's supply whose vetoes stop a proposal: with at most 100 council tokens,
/// any one.
pub const COUNCIL_VETO_PERCENT: u8 = 1;

impl GovernanceConfig {
    /// When a vote that started at `voting_at` ends (the program takes votes up to and including
    /// this second).
    pub fn voting_ends(&self, voting_at: i64) -> i64 {
        voting_at
            .saturating_add(i64::from(self.voting_base_time))
            .saturating_add(i64::from(self.voting_cool_off_time))
    }
}

/// One choice of an approving vote.
#[derive(BorshSerialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteChoice {
    /// Rank (unused by single-choice votes).
    pub rank: u8,
    /// Share of the voter's weight, percent.
    pub weight_percentage: u8,
}

/// A vote.
#[derive(BorshSerialize, Clone, Debug, PartialEq, Eq)]
pub enum Vote {
    /// For the options given.
    Approve(Vec<VoteChoice>),
    /// Against.
    Deny,
    /// Neither.
    Abstain,
    /// Veto (by the other population).
    Veto,
}

impl Vote {
    /// Yes on a single-choice proposal.
    pub fn yes() -> Self {
        Self::Approve(vec![VoteChoice { rank: 0, weight_percentage: 100 }])
    }
}

#[derive(BorshSerialize)]
enum VoteType {
    SingleChoice,
}

#[derive(BorshSerialize, BorshDeserialize)]
struct AccountMetaData {
    pubkey: Pubkey,
    is_signer: bool,
    is_writable: bool,
}

#[derive(BorshSerialize, BorshDeserialize)]
struct InstructionData {
    program_id: Pubkey,
    accounts: Vec<AccountMetaData>,
    data: Vec<u8>,
}

impl From<&Instruction> for InstructionData {
    fn from(ix: &Instruction) -> Self {
        let accounts = ix
            .accounts
            .iter()
            .map(|a| AccountMetaData { pubkey: a.pubkey, is_signer: a.is_signer, is_writable: a.is_writable })
            .collect();
        Self { program_id: ix.program_id, accounts, data: ix.data.clone() }
    }
}

impl From<InstructionData> for Instruction {
    fn from(data: InstructionData) -> Self {
        let accounts = data
            .accounts
            .into_iter()
            .map(|a| AccountMeta { pubkey: a.pubkey, is_signer: a.is_signer, is_writable: a.is_writable })
            .collect();
        Self { program_id: data.program_id, accounts, data: data.data }
    }
}

fn instruction(tag: u8, args: &impl BorshSerialize, accounts: Vec<AccountMeta>) -> Instruction {
    let mut data = vec![tag];
    args.serialize(&mut data).expect("writing to a Vec cannot fail");
    Instruction { program_id: GOVERNANCE_PROGRAM_ID, accounts, data }
}

/// The proposal states, as the program numbers them.
pub mod proposal_state {
    /// Being written; its owner adds transactions and signs it off.
    pub const DRAFT: u8 = 0;
    /// Waiting for its signatories.
    pub const SIGNING_OFF: u8 = 1;
    /// Open for votes.
    pub const VOTING: u8 = 2;
    /// Passed; its transactions execute after their hold-up.
    pub const SUCCEEDED: u8 = 3;
    /// Some transactions executed.
    pub const EXECUTING: u8 = 4;
    /// Every transaction executed.
    pub const COMPLETED: u8 = 5;
    /// Cancelled by its owner.
    pub const CANCELLED: u8 = 6;
    /// Rejected.
    pub const DEFEATED: u8 = 7;
    /// A transaction failed and was flagged.
    pub const EXECUTING_WITH_ERRORS: u8 = 8;
    /// Vetoed.
    pub const VETOED: u8 = 9;

    /// The state's name.
    pub fn name(state: u8) -> &'static str {
        match state {
            DRAFT => "draft",
            SIGNING_OFF => "signing off",
            VOTING => "voting",
            SUCCEEDED => "succeeded",
            EXECUTING => "executing",
            COMPLETED => "completed",
            CANCELLED => "cancelled",
            DEFEATED => "defeated",
            EXECUTING_WITH_ERRORS => "executing with errors",
            VETOED => "vetoed",
            _ => "unknown",
        }
    }
}

/// A proposal's state, from its account (`ProposalV2`: account type, governance, governing mint,
/// then the state).
pub fn proposal_state_of(data: &[u8]) -> Option<u8> {
    data.get(65).copied()
}

/// The account-type byte of a `ProposalV2`.
pub const PROPOSAL_V2: u8 = 14;
/// A `ProposalTransactionV2` account's type byte.
pub const PROPOSAL_TRANSACTION_V2: u8 = 13;
/// A `RealmV2` account's type byte.
pub const REALM_V2: u8 = 16;
/// The seed of every governance PDA but the treasury's.
pub const GOVERNANCE_SEED: &str = "governance";
/// The seed of a governance's native treasury.
pub const NATIVE_TREASURY_SEED: &str = "native-treasury";
/// The account-type byte of a `GovernanceV2`.
pub const GOVERNANCE_V2: u8 = 18;

#[derive(BorshDeserialize)]
enum MultiChoiceType {
    FullWeight,
    Weighted,
}

#[derive(BorshDeserialize)]
enum VoteTypeRead {
    SingleChoice,
    MultiChoice { _kind: MultiChoiceType, _min: u8, _max: u8, _winning: u8 },
}

/// One option of a proposal.
#[derive(BorshDeserialize, Clone, Debug)]
pub struct ProposalOption {
    /// Its label.
    pub label: String,
    /// The weight voting for it.
    pub vote_weight: u64,
    /// 0 none, 1 succeeded, 2 defeated.
    pub vote_result: u8,
    /// Transactions executed.
    pub transactions_executed_count: u16,
    /// Transactions it holds.
    pub transactions_count: u16,
    /// Next transaction index.
    pub transactions_next_index: u16,
}

/// A proposal as clients read it (`ProposalV2`).
#[derive(Clone, Debug)]
pub struct Proposal {
    /// Its governance.
    pub governance: Pubkey,
    /// The mint whose holders vote.
    pub governing_token_mint: Pubkey,
    /// See [`proposal_state`].
    pub state: u8,
    /// The proposer's token owner record.
    pub token_owner_record: Pubkey,
    /// Its options (one for ours).
    pub options: Vec<ProposalOption>,
    /// The weight voting against.
    pub deny_vote_weight: Option<u64>,
    /// When voting started (Unix time).
    pub voting_at: Option<i64>,
    /// When voting ended.
    pub voting_completed_at: Option<i64>,
    /// The maximum voter weight at the vote's end.
    pub max_vote_weight: Option<u64>,
    /// Its name.
    pub name: String,
    /// Its description link.
    pub description_link: String,
}

/// The fields of a `ProposalV2` up to its name, in order (the program's borsh layout).
type ProposalHead = (
    u8,
    Pubkey,
    Pubkey,
    u8,
    Pubkey,
    (u8, u8),
    VoteTypeRead,
    Vec<ProposalOption>,
    Option<u64>,
    (u8, Option<u64>, Option<i64>, i64, Option<i64>),
);

/// The voting times and after of a `ProposalV2`: voting at, at slot, completed, executing, closed,
/// execution flags, max vote weight, max voting time, threshold, reserved.
type ProposalTimes = (
    Option<i64>,
    Option<u64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    u8,
    Option<u64>,
    Option<u32>,
    Option<VoteThreshold>,
    [u8; 64],
);

impl Proposal {
    /// Decodes a `ProposalV2` account.
    pub fn decode(data: &[u8]) -> Option<Self> {
        let r = &mut &data[..];
        let head = ProposalHead::deserialize(r).ok()?;
        let (
            kind,
            governance,
            governing_token_mint,
            state,
            token_owner_record,
            _,
            _,
            options,
            deny_vote_weight,
            _,
        ) = head;
        if kind != PROPOSAL_V2 {
            return None;
        }
        let (voting_at, _, voting_completed_at, _, _, _, max_vote_weight, _, _, _) =
            ProposalTimes::deserialize(r).ok()?;
        let (name, description_link) = <(String, String)>::deserialize(r).ok()?;
        Some(Self {
            governance,
            governing_token_mint,
            state,
            token_owner_record,
            options,
            deny_vote_weight,
            voting_at,
            voting_completed_at,
            max_vote_weight,
            name,
            description_link,
        })
    }

    /// The weight for.
    pub fn yes(&self) -> u64 {
        self.options.first().map_or(0, |o| o.vote_weight)
    }

    /// The weight against.
    pub fn no(&self) -> u64 {
        self.deny_vote_weight.unwrap_or(0)
    }

    /// Where the proposal at `address` of `realm` lives, for its community's votes.
    pub fn at(&self, address: Pubkey, realm: Pubkey) -> ProposalAt {
        ProposalAt {
            realm,
            governance: self.governance,
            proposal: address,
            mint: self.governing_token_mint,
            owner_record: self.token_owner_record,
        }
    }
}

/// A governance as clients read it (`GovernanceV2`): its realm and its rules.
#[derive(Clone, Copy, Debug)]
pub struct Governance {
    /// Its realm.
    pub realm: Pubkey,
    /// What it governs.
    pub governed: Pubkey,
    /// Its rules.
    pub config: GovernanceConfig,
}

impl Governance {
    /// Decodes a `GovernanceV2` account.
    pub fn decode(data: &[u8]) -> Option<Self> {
        let (kind, realm, governed, _, config) =
            <(u8, Pubkey, Pubkey, u32, GovernanceConfig)>::deserialize(&mut &data[..]).ok()?;
        (kind == GOVERNANCE_V2).then_some(Self { realm, governed, config })
    }
}

/// A realm's community mint, from its account (account type, then the mint).
pub fn realm_community_mint(data: &[u8]) -> Option<Pubkey> {
    Pubkey::try_from(data.get(1..33)?).ok()
}

/// A realm's council mint, if it has one (`RealmV2`: account type, community mint, then its config:
/// two legacy bytes, six reserved, the minimum weight to create a governance (u64), the community's
/// max-voter-weight source (tag + u64), the council mint (`Option<Pubkey>`)).
pub fn realm_council_mint(data: &[u8]) -> Option<Pubkey> {
    const COUNCIL: usize = 1 + 32 + 2 + 6 + 8 + 9;
    match data.get(COUNCIL)? {
        1 => Pubkey::try_from(data.get(COUNCIL + 1..COUNCIL + 33)?).ok(),
        _ => None,
    }
}

/// A proposal transaction account (`ProposalTransactionV2`: account type, proposal, option
/// index, transaction index, hold-up time, the instructions, when executed).
pub fn proposal_transaction(data: &[u8]) -> Option<ProposalTransaction> {
    let hold_up = u32::from_le_bytes(data.get(36..40)?.try_into().ok()?);
    let r = &mut data.get(40..)?;
    let list = Vec::<InstructionData>::deserialize(r).ok()?;
    let executed_at = Option::<i64>::deserialize(r).ok()?;
    let instructions = list.into_iter().map(Instruction::from).collect();
    Some(ProposalTransaction { hold_up, instructions, executed: executed_at.is_some() })
}

/// A proposal's transaction, as clients read it.
#[derive(Clone, Debug)]
pub struct ProposalTransaction {
    /// Seconds after the vote before it may execute.
    pub hold_up: u32,
    /// Its instructions.
    pub instructions: Vec<Instruction>,
    /// Whether it was executed.
    pub executed: bool,
}

/// One realm and the governance that holds the pool's authorities.
#[derive(Clone, Debug)]
pub struct Dao {
    /// The realm.
    pub realm: Pubkey,
    /// Its community mint.
    pub community_mint: Pubkey,
    /// Its council mint, if any.
    pub council_mint: Option<Pubkey>,
    /// The governance (of the steward config).
    pub governance: Pubkey,
}

impl Dao {
    /// The DAO of realm `name` whose governance governs `governed` (the steward config).
    pub fn new(name: &str, community_mint: Pubkey, council_mint: Option<Pubkey>, governed: &Pubkey) -> Self {
        Self::at(realm_address(name), community_mint, council_mint, governed)
    }

    /// The DAO of the realm at `realm` whose governance governs `governed`.
    pub fn at(
        realm: Pubkey,
        community_mint: Pubkey,
        council_mint: Option<Pubkey>,
        governed: &Pubkey,
    ) -> Self {
        Self { realm, community_mint, council_mint, governance: governance_address(&realm, governed) }
    }

    /// The native treasury: the authority the steward and the bonds are handed to.
    pub fn treasury(&self) -> Pubkey {
        native_treasury_address(&self.governance)
    }

    /// `owner`'s token owner record for the community mint.
    pub fn member(&self, owner: &Pubkey) -> Pubkey {
        token_owner_record_address(&self.realm, &self.community_mint, owner)
    }

    /// `CastVote` of `Veto` by the council member `voter` on the proposal `seed` that `proposer`
    /// made (the council's record votes, with the council mint).
    pub fn veto(
        &self,
        seed: &Pubkey,
        proposer: &Pubkey,
        voter: &Pubkey,
        payer: &Pubkey,
    ) -> Option<Instruction> {
        let at = ProposalAt { mint: self.council_mint?, ..self.proposal_at(seed, proposer) };
        Some(at.vote(voter, &Vote::Veto, payer))
    }

    /// `CreateRealm` named `name`, `authority` its realm authority (it may create governances).
    pub fn create_realm(&self, name: &str, authority: &Pubkey, payer: &Pubkey) -> Instruction {
        let mut accounts = vec![
            AccountMeta::new(self.realm, false),
            AccountMeta::new_readonly(*authority, false),
            AccountMeta::new_readonly(self.community_mint, false),
            AccountMeta::new(holding_address(&self.realm, &self.community_mint), false),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new_readonly(TOKEN_PROGRAM_ID, false),
            AccountMeta::new_readonly(RENT_SYSVAR, false),
        ];
        if let Some(council) = self.council_mint {
            accounts.push(AccountMeta::new_readonly(council, false));
            accounts.push(AccountMeta::new(holding_address(&self.realm, &council), false));
        }
        accounts.push(AccountMeta::new(realm_config_address(&self.realm), false));
        let liquid = || TokenConfigArgs {
            use_voter_weight_addin: false,
            use_max_voter_weight_addin: false,
            token_type: TokenType::Liquid,
        };
        let args = (
            name.to_string(),
            RealmConfigArgs {
                use_council_mint: self.council_mint.is_some(),
                min_community_weight_to_create_governance: 1,
                community_mint_max_voter_weight_source: FULL_SUPPLY,
                community_token_config_args: liquid(),
                council_token_config_args: liquid(),
            },
        );
        instruction(ix::CREATE_REALM, &args, accounts)
    }

    /// `DepositGoverningTokens`: `owner` deposits `amount` of `mint` from its token account `source`.
    pub fn deposit(
        &self,
        mint: &Pubkey,
        source: &Pubkey,
        owner: &Pubkey,
        amount: u64,
        payer: &Pubkey,
    ) -> Instruction {
        let accounts = vec![
            AccountMeta::new_readonly(self.realm, false),
            AccountMeta::new(holding_address(&self.realm, mint), false),
            AccountMeta::new(*source, false),
            AccountMeta::new_readonly(*owner, true),
            AccountMeta::new_readonly(*owner, true),
            AccountMeta::new(token_owner_record_address(&self.realm, mint, owner), false),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new_readonly(TOKEN_PROGRAM_ID, false),
            AccountMeta::new_readonly(realm_config_address(&self.realm), false),
        ];
        instruction(ix::DEPOSIT_GOVERNING_TOKENS, &amount, accounts)
    }

    /// `CreateGovernance` of `governed` with `config`, by the realm `authority` (or a member whose
    /// record is `owner_record`).
    pub fn create_governance(
        &self,
        governed: &Pubkey,
        config: &GovernanceConfig,
        owner_record: &Pubkey,
        authority: &Pubkey,
        payer: &Pubkey,
    ) -> Instruction {
        let accounts = vec![
            AccountMeta::new_readonly(self.realm, false),
            AccountMeta::new(self.governance, false),
            AccountMeta::new_readonly(*governed, false),
            AccountMeta::new_readonly(*owner_record, false),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new_readonly(realm_config_address(&self.realm), false),
        ];
        instruction(ix::CREATE_GOVERNANCE, config, accounts)
    }

    /// `SetRealmAuthority` (checked): the realm `authority` hands the realm to the governance, so
    /// that its config (voter-weight add-ins, thresholds) changes only by vote.
    pub fn hand_realm_to_governance(&self, authority: &Pubkey) -> Instruction {
        const SET_CHECKED: u8 = 1;
        let accounts = vec![
            AccountMeta::new(self.realm, false),
            AccountMeta::new_readonly(*authority, true),
            AccountMeta::new_readonly(self.governance, false),
        ];
        instruction(ix::SET_REALM_AUTHORITY, &SET_CHECKED, accounts)
    }

    /// `CreateNativeTreasury` of the governance.
    pub fn create_treasury(&self, payer: &Pubkey) -> Instruction {
        let accounts = vec![
            AccountMeta::new_readonly(self.governance, false),
            AccountMeta::new(self.treasury(), false),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(system_program::ID, false),
        ];
        instruction(ix::CREATE_NATIVE_TREASURY, &(), accounts)
    }

    /// The proposal `seed` of the community's members.
    pub fn proposal(&self, seed: &Pubkey) -> Pubkey {
        proposal_address(&self.governance, &self.community_mint, seed)
    }

    /// The instructions that put `actions` (signed by the treasury when executed, one transaction
    /// each, in order) to the community's vote, by the member `owner` (its deposit record
    /// proposes): `CreateProposal` (single choice, with the deny option), an `InsertTransaction`
    /// per action (option 0, executable `hold_up` seconds after the vote passes: at least the
    /// governance's minimum), `SignOffProposal`.
    #[allow(clippy::too_many_arguments, reason = "the proposal's own fields")]
    pub fn propose(
        &self,
        name: &str,
        description_link: &str,
        actions: &[Instruction],
        seed: &Pubkey,
        hold_up: u32,
        owner: &Pubkey,
        payer: &Pubkey,
    ) -> Vec<Instruction> {
        let proposal = self.proposal(seed);
        let record = self.member(owner);
        let create = instruction(
            ix::CREATE_PROPOSAL,
            &(
                name.to_string(),
                description_link.to_string(),
                VoteType::SingleChoice,
                vec!["Approve".to_string()],
                true,
                *seed,
            ),
            vec![
                AccountMeta::new_readonly(self.realm, false),
                AccountMeta::new(proposal, false),
                AccountMeta::new(self.governance, false),
                AccountMeta::new(record, false),
                AccountMeta::new_readonly(self.community_mint, false),
                AccountMeta::new_readonly(*owner, true),
                AccountMeta::new(*payer, true),
                AccountMeta::new_readonly(system_program::ID, false),
                AccountMeta::new_readonly(realm_config_address(&self.realm), false),
                AccountMeta::new(proposal_deposit_address(&proposal, payer), false),
            ],
        );
        let inserts = (0u16..).zip(actions).map(|(index, action)| {
            instruction(
                ix::INSERT_TRANSACTION,
                &(0u8, index, hold_up, vec![InstructionData::from(action)]),
                vec![
                    AccountMeta::new_readonly(self.governance, false),
                    AccountMeta::new(proposal, false),
                    AccountMeta::new_readonly(record, false),
                    AccountMeta::new_readonly(*owner, true),
                    AccountMeta::new(proposal_transaction_address(&proposal, 0, index), false),
                    AccountMeta::new(*payer, true),
                    AccountMeta::new_readonly(system_program::ID, false),
                    AccountMeta::new_readonly(RENT_SYSVAR, false),
                ],
            )
        });
        let sign_off = instruction(
            ix::SIGN_OFF_PROPOSAL,
            &(),
            vec![
                AccountMeta::new_readonly(self.realm, false),
                AccountMeta::new_readonly(self.governance, false),
                AccountMeta::new(proposal, false),
                AccountMeta::new_readonly(*owner, true),
                AccountMeta::new_readonly(record, false),
            ],
        );
        std::iter::once(create).chain(inserts).chain(std::iter::once(sign_off)).collect()
    }

    /// `CastVote` by the member `voter` on the proposal `seed` that `proposer` made.
    pub fn vote(
        &self,
        seed: &Pubkey,
        proposer: &Pubkey,
        voter: &Pubkey,
        vote: &Vote,
        payer: &Pubkey,
    ) -> Instruction {
        self.proposal_at(seed, proposer).vote(voter, vote, payer)
    }

    /// The proposal `seed` that the community member `proposer` made.
    pub fn proposal_at(&self, seed: &Pubkey, proposer: &Pubkey) -> ProposalAt {
        ProposalAt {
            realm: self.realm,
            governance: self.governance,
            proposal: self.proposal(seed),
            mint: self.community_mint,
            owner_record: self.member(proposer),
        }
    }

    /// `ExecuteTransaction` of the proposal `seed`'s transaction `index`, `action` (as proposed).
    pub fn execute(&self, seed: &Pubkey, index: u16, action: &Instruction) -> Instruction {
        execute(&self.governance, &self.proposal(seed), index, action)
    }
}

/// Where a proposal lives: enough to vote on it.
#[derive(Clone, Copy, Debug)]
pub struct ProposalAt {
    /// The realm.
    pub realm: Pubkey,
    /// The governance.
    pub governance: Pubkey,
    /// The proposal.
    pub proposal: Pubkey,
    /// The mint whose holders vote.
    pub mint: Pubkey,
    /// The proposer's token owner record.
    pub owner_record: Pubkey,
}

impl ProposalAt {
    /// `CastVote` by the member `voter`.
    pub fn vote(&self, voter: &Pubkey, vote: &Vote, payer: &Pubkey) -> Instruction {
        let record = token_owner_record_address(&self.realm, &self.mint, voter);
        let accounts = vec![
            AccountMeta::new_readonly(self.realm, false),
            AccountMeta::new(self.governance, false),
            AccountMeta::new(self.proposal, false),
            AccountMeta::new(self.owner_record, false),
            AccountMeta::new(record, false),
            AccountMeta::new_readonly(*voter, true),
            AccountMeta::new(vote_record_address(&self.proposal, &record), false),
            AccountMeta::new_readonly(self.mint, false),
            AccountMeta::new(*payer, true),
            AccountMeta::new_readonly(system_program::ID, false),
            AccountMeta::new_readonly(realm_config_address(&self.realm), false),
        ];
        instruction(ix::CAST_VOTE, vote, accounts)
    }
}

impl ProposalAt {
    /// `FinalizeVote`: anyone closes a vote whose time is over (passed or defeated).
    pub fn finalize(&self) -> Instruction {
        let accounts = vec![
            AccountMeta::new_readonly(self.realm, false),
            AccountMeta::new(self.governance, false),
            AccountMeta::new(self.proposal, false),
            AccountMeta::new(self.owner_record, false),
            AccountMeta::new_readonly(self.mint, false),
            AccountMeta::new_readonly(realm_config_address(&self.realm), false),
        ];
        instruction(ix::FINALIZE_VOTE, &(), accounts)
    }
}

/// `ExecuteTransaction` of `proposal`'s transaction `index` (option 0), `action` as proposed: the
/// treasury signs it inside the program, so no account is a signer here.
pub fn execute(governance: &Pubkey, proposal: &Pubkey, index: u16, action: &Instruction) -> Instruction {
    let mut accounts = vec![
        AccountMeta::new_readonly(*governance, false),
        AccountMeta::new(*proposal, false),
        AccountMeta::new(proposal_transaction_address(proposal, 0, index), false),
        AccountMeta::new_readonly(action.program_id, false),
    ];
    accounts.extend(action.accounts.iter().map(|a| AccountMeta { is_signer: false, ..a.clone() }));
    instruction(ix::EXECUTE_TRANSACTION, &(), accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The program's instruction enum, as borsh writes it: an approving single-choice vote.
    #[test]
    fn a_yes_vote_is_written_as_the_program_reads_it() {
        let ix = instruction(ix::CAST_VOTE, &Vote::yes(), vec![]);
        assert_eq!(ix.data, [13, 0, 1, 0, 0, 0, 0, 100]);
    }
}
