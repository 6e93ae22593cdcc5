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
    lst_interface::id::{RENT_SYSVAR, TOKEN_PROGRAM as TOKEN_PROGRAM_ID},
};

/// The program's accounts and the types in them, from the one crate that lays them out.
pub use spl_governance_accounts::{
    account_type, decode, AccountMetaData, GovernanceConfig, GovernanceV2, InstructionData,
    MintMaxVoterWeightSource, ProposalOption, ProposalState, ProposalTransactionV2, ProposalV2, RealmV2,
    TransactionExecutionStatus, VoteThreshold, VoteTipping, VoteType, FULL_SUPPLY, GOVERNANCE_SEED,
    NATIVE_TREASURY_SEED,
};

/// SPL Governance's program id on mainnet (the Realms deployment).
pub const GOVERNANCE_PROGRAM_ID: Pubkey = spl_governance_accounts::ID;

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
    community_mint_max_voter_weight_source: MintMaxVoterWeightSource,
    community_token_config_args: TokenConfigArgs,
    council_token_config_args: TokenConfigArgs,
}

/// The rules this product's DAOs are made with (the program's [`GovernanceConfig`] underneath).
pub trait DaoRules: Sized {
    /// A community-only governance: proposals pass at `threshold_percent` of the supply (strict
    /// tipping: as soon as the outcome is certain), votes run `voting_time` seconds, transactions
    /// execute `hold_up` seconds after; no council, no veto, ten proposals before a deposit.
    fn community(threshold_percent: u8, hold_up: u32, voting_time: u32) -> Self;

    /// The same, with a council that may veto a community proposal while it is voted on (vetoes of
    /// [`COUNCIL_VETO_PERCENT`] of the council supply) and can neither pass nor create one: it has
    /// no vote of its own (its threshold stays disabled, so the program refuses a council proposal)
    /// and no council weight reaches the minimum to propose.
    fn with_council_veto(self) -> Self;

    /// The same, with the community's vote ending as `tipping` says: [`VoteTipping::Disabled`] runs
    /// every vote its full time, so the council sees every proposal before it can pass.
    fn with_tipping(self, tipping: VoteTipping) -> Self;
}

impl DaoRules for GovernanceConfig {
    fn community(threshold_percent: u8, hold_up: u32, voting_time: u32) -> Self {
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

    fn with_council_veto(self) -> Self {
        Self {
            council_veto_vote_threshold: VoteThreshold::YesVotePercentage(COUNCIL_VETO_PERCENT),
            min_council_weight_to_create_proposal: u64::MAX,
            ..self
        }
    }

    fn with_tipping(self, tipping: VoteTipping) -> Self {
        Self { community_vote_tipping: tipping, ..self }
    }
}

/// Percent of the council's supply whose vetoes stop a proposal: with at most 100 council tokens,
/// any one.
pub const COUNCIL_VETO_PERCENT: u8 = 1;

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

fn instruction(tag: u8, args: &impl BorshSerialize, accounts: Vec<AccountMeta>) -> Instruction {
    let mut data = vec![tag];
    args.serialize(&mut data).expect("writing to a Vec cannot fail");
    Instruction { program_id: GOVERNANCE_PROGRAM_ID, accounts, data }
}

/// A proposal (`ProposalV2`) and what clients ask of it.
#[derive(Clone, Debug)]
pub struct Proposal(pub ProposalV2);

impl std::ops::Deref for Proposal {
    type Target = ProposalV2;
    fn deref(&self) -> &ProposalV2 {
        &self.0
    }
}

impl Proposal {
    /// Decodes a `ProposalV2` account.
    pub fn decode(data: &[u8]) -> Option<Self> {
        decode(data).map(Self)
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
