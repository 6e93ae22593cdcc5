//! SPL Governance 4.0.0's accounts, field for field as the program writes them (Borsh: integers
//! little-endian, `u32` lengths before strings and vecs, a tag byte before an `Option`'s value and
//! an enum's fields). Each account starts with its account-type byte, which is its Anchor
//! discriminator here.
//!
//! The program's own crate is built on solana-program 1.18 and cannot be a dependency of this
//! workspace; this crate is the one place its account layout is written. The sdk decodes with it
//! (and the SBF tests decode what the real program, loaded at its mainnet id, wrote), and its Anchor
//! IDL (`idl/spl_governance.json`, written by `lst-tests`' `idl` tool) is what the dApp's generated
//! client reads the same accounts with.
//!
//! The crate is never deployed: its one instruction exists only so that Anchor's IDL build lists
//! the accounts, and the `idl` tool drops it from the IDL.
// Anchor's generated client modules carry no docs, so `missing_docs` cannot be denied here.
#![allow(missing_docs)]
use anchor_lang::prelude::*;

declare_id!("GovER5Lthms3bLBqWub97yVrMmEogzX7xNjdXpPPCVZw");

/// The seed of every governance PDA but the native treasury's and a few others.
#[constant]
pub const GOVERNANCE_SEED: &str = "governance";
/// The seed of a governance's native treasury (the PDA that signs what its proposals execute).
#[constant]
pub const NATIVE_TREASURY_SEED: &str = "native-treasury";

/// Never deployed (see the crate's documentation).
#[program]
pub mod spl_governance {
    use super::*;

    /// Names the accounts for Anchor's IDL build; not an instruction of SPL Governance.
    pub fn describe_accounts(_ctx: Context<DescribeAccounts>) -> Result<()> {
        Ok(())
    }
}

/// The accounts this crate lays out (for the IDL build only).
#[derive(Accounts)]
pub struct DescribeAccounts<'info> {
    /// A realm.
    pub realm: Account<'info, RealmV2>,
    /// A governance.
    pub governance: Account<'info, GovernanceV2>,
    /// A proposal.
    pub proposal: Account<'info, ProposalV2>,
    /// A proposal's transaction.
    pub proposal_transaction: Account<'info, ProposalTransactionV2>,
}

// ---- Accounts --------------------------------------------------------------------------------

/// A realm: a community (and optionally a council) of token holders with its governances.
#[account(discriminator = 16)]
#[derive(Debug, PartialEq, Eq)]
pub struct RealmV2 {
    /// The mint whose deposited tokens are the community's votes.
    pub community_mint: Pubkey,
    /// The realm's rules.
    pub config: RealmConfig,
    /// Unused.
    pub reserved: [u8; 6],
    /// Unused (a field of earlier versions).
    pub legacy1: u16,
    /// Who may change the realm's config and create governances without weight; none once handed
    /// to a governance and then removed.
    pub authority: Option<Pubkey>,
    /// Its name (the realm's PDA seed).
    pub name: String,
    /// Unused.
    pub reserved_v2: [u8; 128],
}

/// A realm's rules.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RealmConfig {
    /// Unused (a field of earlier versions).
    pub legacy1: u8,
    /// Unused (a field of earlier versions).
    pub legacy2: u8,
    /// Unused.
    pub reserved: [u8; 6],
    /// Community weight needed to create a governance.
    pub min_community_weight_to_create_governance: u64,
    /// How the community's maximum voter weight follows from its mint.
    pub community_mint_max_voter_weight_source: MintMaxVoterWeightSource,
    /// The council's mint, if the realm has a council.
    pub council_mint: Option<Pubkey>,
}

/// How a mint's maximum voter weight is derived.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MintMaxVoterWeightSource {
    /// A fraction of the mint's supply, in 10^10 parts.
    SupplyFraction(u64),
    /// An absolute weight.
    Absolute(u64),
}

/// The whole supply counts.
pub const FULL_SUPPLY: MintMaxVoterWeightSource = MintMaxVoterWeightSource::SupplyFraction(10_000_000_000);

/// A governance: rules for proposals over one governed address, and the native treasury that signs
/// what they execute.
#[account(discriminator = 18)]
#[derive(Debug, PartialEq, Eq)]
pub struct GovernanceV2 {
    /// Its realm.
    pub realm: Pubkey,
    /// What it governs (any address: a PDA seed; it gives no authority by itself).
    pub governed_account: Pubkey,
    /// Unused.
    pub reserved1: u32,
    /// Its rules.
    pub config: GovernanceConfig,
    /// Unused.
    pub reserved_v2: [u8; 119],
    /// Signatories every proposal must have.
    pub required_signatories_count: u8,
    /// Proposals in draft, signing off or voting.
    pub active_proposal_count: u64,
}

/// A governance's rules.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct GovernanceConfig {
    /// The community's passing threshold.
    pub community_vote_threshold: VoteThreshold,
    /// Community weight needed to propose.
    pub min_community_weight_to_create_proposal: u64,
    /// Seconds between a proposal passing and its transactions becoming executable (the hold-up).
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

/// When a vote passes.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteThreshold {
    /// Yes votes at least this percentage of the maximum voter weight.
    YesVotePercentage(u8),
    /// Quorum (not supported by the program yet).
    QuorumPercentage(u8),
    /// This population does not vote.
    Disabled,
}

/// Whether a vote may end before its time once the outcome is certain.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteTipping {
    /// As soon as the threshold is reached and cannot be overturned.
    Strict,
    /// As soon as the threshold is reached.
    Early,
    /// Never.
    Disabled,
}

impl GovernanceConfig {
    /// When a vote that started at `voting_at` ends (the program takes votes up to and including
    /// this second).
    pub fn voting_ends(&self, voting_at: i64) -> i64 {
        voting_at
            .saturating_add(i64::from(self.voting_base_time))
            .saturating_add(i64::from(self.voting_cool_off_time))
    }
}

/// A proposal: options with the transactions each would execute, and the votes on them.
#[account(discriminator = 14)]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalV2 {
    /// Its governance.
    pub governance: Pubkey,
    /// The mint whose holders vote (the community's or the council's).
    pub governing_token_mint: Pubkey,
    /// Where it is in its life.
    pub state: ProposalState,
    /// The proposer's token owner record.
    pub token_owner_record: Pubkey,
    /// Its signatories.
    pub signatories_count: u8,
    /// Signatories who signed off.
    pub signatories_signed_off_count: u8,
    /// Single or multiple choice.
    pub vote_type: VoteType,
    /// Its options (one for a yes/no proposal).
    pub options: Vec<ProposalOption>,
    /// The weight voting against (none for a proposal without a deny option).
    pub deny_vote_weight: Option<u64>,
    /// Unused.
    pub reserved1: u8,
    /// The weight abstaining.
    pub abstain_vote_weight: Option<u64>,
    /// When voting is to start (unused by the program).
    pub start_voting_at: Option<i64>,
    /// When it was created (Unix time).
    pub draft_at: i64,
    /// When signing off started.
    pub signing_off_at: Option<i64>,
    /// When voting started.
    pub voting_at: Option<i64>,
    /// The slot voting started at.
    pub voting_at_slot: Option<u64>,
    /// When voting ended.
    pub voting_completed_at: Option<i64>,
    /// When its first transaction executed.
    pub executing_at: Option<i64>,
    /// When it was closed.
    pub closed_at: Option<i64>,
    /// How its transactions execute.
    pub execution_flags: InstructionExecutionFlags,
    /// The maximum voter weight when voting ended.
    pub max_vote_weight: Option<u64>,
    /// A voting time of its own (unused by the program).
    pub max_voting_time: Option<u32>,
    /// The threshold it was decided with.
    pub vote_threshold: Option<VoteThreshold>,
    /// Unused.
    pub reserved: [u8; 64],
    /// Its name.
    pub name: String,
    /// A link to its description.
    pub description_link: String,
    /// The weight vetoing.
    pub veto_vote_weight: u64,
}

/// A proposal's state, as the program numbers them.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalState {
    /// Being written; its owner adds transactions and signs it off.
    Draft,
    /// Waiting for its signatories.
    SigningOff,
    /// Open for votes.
    Voting,
    /// Passed; its transactions execute after their hold-up.
    Succeeded,
    /// Some transactions executed.
    Executing,
    /// Every transaction executed.
    Completed,
    /// Cancelled by its owner.
    Cancelled,
    /// Rejected.
    Defeated,
    /// A transaction failed and was flagged.
    ExecutingWithErrors,
    /// Vetoed.
    Vetoed,
}

impl ProposalState {
    /// Every state, in the program's order.
    pub const ALL: [Self; 10] = [
        Self::Draft,
        Self::SigningOff,
        Self::Voting,
        Self::Succeeded,
        Self::Executing,
        Self::Completed,
        Self::Cancelled,
        Self::Defeated,
        Self::ExecutingWithErrors,
        Self::Vetoed,
    ];

    /// The state's name, in words.
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::SigningOff => "signing off",
            Self::Voting => "voting",
            Self::Succeeded => "succeeded",
            Self::Executing => "executing",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Defeated => "defeated",
            Self::ExecutingWithErrors => "executing with errors",
            Self::Vetoed => "vetoed",
        }
    }
}

/// Single or multiple choice.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteType {
    /// One option wins (a yes/no vote is one option and the deny option).
    SingleChoice,
    /// Voters may choose several options.
    MultiChoice {
        /// How a voter's weight is split.
        choice_type: MultiChoiceType,
        /// Options a voter must choose.
        min_voter_options: u8,
        /// Options a voter may choose.
        max_voter_options: u8,
        /// Options that may win.
        max_winning_options: u8,
    },
}

/// How a multiple-choice voter's weight is split.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MultiChoiceType {
    /// Each chosen option gets the full weight.
    FullWeight,
    /// The weight is divided among the chosen options.
    Weighted,
}

/// One option of a proposal.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct ProposalOption {
    /// Its label.
    pub label: String,
    /// The weight voting for it.
    pub vote_weight: u64,
    /// Whether it won.
    pub vote_result: OptionVoteResult,
    /// Transactions executed.
    pub transactions_executed_count: u16,
    /// Transactions it holds.
    pub transactions_count: u16,
    /// The next transaction's index.
    pub transactions_next_index: u16,
}

/// An option's result.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionVoteResult {
    /// Not decided.
    None,
    /// It won.
    Succeeded,
    /// It lost.
    Defeated,
}

/// How a proposal's transactions execute.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstructionExecutionFlags {
    /// In any order.
    None,
    /// In order.
    Ordered,
    /// All in one transaction.
    UseTransaction,
}

/// One transaction of a proposal's option: the instructions the governance's treasury signs when it
/// executes.
#[account(discriminator = 13)]
#[derive(Debug, PartialEq, Eq)]
pub struct ProposalTransactionV2 {
    /// Its proposal.
    pub proposal: Pubkey,
    /// The option it belongs to.
    pub option_index: u8,
    /// Its index in the option.
    pub transaction_index: u16,
    /// Seconds after the vote before it may execute.
    pub hold_up_time: u32,
    /// Its instructions.
    pub instructions: Vec<InstructionData>,
    /// When it executed (Unix time).
    pub executed_at: Option<i64>,
    /// How it executed.
    pub execution_status: TransactionExecutionStatus,
    /// Unused.
    pub reserved_v2: [u8; 8],
}

/// An instruction as a proposal holds it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct InstructionData {
    /// The program it calls.
    pub program_id: Pubkey,
    /// Its accounts.
    pub accounts: Vec<AccountMetaData>,
    /// Its data.
    pub data: Vec<u8>,
}

/// An account of a held instruction.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountMetaData {
    /// Its address.
    pub pubkey: Pubkey,
    /// Whether it signs.
    pub is_signer: bool,
    /// Whether it is written.
    pub is_writable: bool,
}

/// How a proposal transaction executed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionExecutionStatus {
    /// Not yet.
    None,
    /// It succeeded.
    Success,
    /// It failed and was flagged.
    Error,
}

impl From<&anchor_lang::solana_program::instruction::Instruction> for InstructionData {
    fn from(ix: &anchor_lang::solana_program::instruction::Instruction) -> Self {
        let accounts = ix
            .accounts
            .iter()
            .map(|a| AccountMetaData { pubkey: a.pubkey, is_signer: a.is_signer, is_writable: a.is_writable })
            .collect();
        Self { program_id: ix.program_id, accounts, data: ix.data.clone() }
    }
}

impl From<InstructionData> for anchor_lang::solana_program::instruction::Instruction {
    fn from(data: InstructionData) -> Self {
        let accounts = data
            .accounts
            .into_iter()
            .map(|a| AccountMeta { pubkey: a.pubkey, is_signer: a.is_signer, is_writable: a.is_writable })
            .collect();
        Self { program_id: data.program_id, accounts, data: data.data }
    }
}

/// Decodes an account of type `T` (its type byte, then its fields); none for another account type
/// or data that does not parse. Bytes after the fields are ignored, as the program ignores them.
pub fn decode<T: AccountDeserialize>(data: &[u8]) -> Option<T> {
    T::try_deserialize(&mut &data[..]).ok()
}

/// An account's type byte.
pub fn account_type<T: Discriminator>() -> u8 {
    const { assert!(T::DISCRIMINATOR.len() == 1) };
    T::DISCRIMINATOR[0]
}
