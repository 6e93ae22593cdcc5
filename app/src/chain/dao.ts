// The DAO that owns the steward's parameters: an SPL Governance 4.0.0 realm whose governance governs
// the steward config and whose native treasury is its parameters authority. Decoding follows
// `sdk/src/governance.rs` (the program's Borsh layout: variable length, strings and vecs after a u32
// length, Options after a tag byte); which proposal last changed each parameter comes from the
// `update_parameters` instructions its executed transactions hold, decoded by the steward's IDL.
import { PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import type { Chain } from "./rpc";
import { getSysvarClockDecoder } from "@solana/sysvars";
import { base58, Borsh } from "./borsh";
import { decodeParametersUpdate, decodeStewardParameters, parameterFields, type ParameterField } from "./idl";
import { layout, STEWARD_PROGRAM, stewardConfigAddress } from "./accounts";

// The program id, account-type bytes, seeds and proposal states come from generated/layout.json,
// which a Rust test keeps equal to sdk/src/governance.rs.
const GOVERNANCE = layout.governance;

/** SPL Governance's program id (the Realms deployment). */
export const GOVERNANCE_PROGRAM = new PublicKey(GOVERNANCE.program);

/** The account-type byte each governance account starts with. */
export const ACCOUNT_TYPE = GOVERNANCE.accountTypes;

const STATE_NAMES: string[] = GOVERNANCE.proposalStates;
function stateNumber(name: string): number {
  const n = STATE_NAMES.indexOf(name);
  if (n < 0) throw new Error(`layout.json names no proposal state "${name}"`);
  return n;
}

/** The proposal states, as the program numbers them. */
export const STATE = {
  draft: stateNumber("draft"), signingOff: stateNumber("signing off"), voting: stateNumber("voting"),
  succeeded: stateNumber("succeeded"), executing: stateNumber("executing"), completed: stateNumber("completed"),
  cancelled: stateNumber("cancelled"), defeated: stateNumber("defeated"),
  executingWithErrors: stateNumber("executing with errors"), vetoed: stateNumber("vetoed"),
} as const;
export const stateName = (state: number) => STATE_NAMES[state] ?? "unknown";

const seed = (text: string) => new TextEncoder().encode(text);
const pda = (seeds: Uint8Array[]) => PublicKey.findProgramAddressSync(seeds, GOVERNANCE_PROGRAM)[0];

const transactionAddresses = new Map<string, PublicKey>();

/** Transaction `index` of the proposal's option `option` (`["governance", proposal, option u8,
 * index u16 LE]`). */
export function proposalTransactionAddress(proposal: PublicKey, option: number, index: number): PublicKey {
  const key = `${proposal.toBase58()}/${option}/${index}`;
  let address = transactionAddresses.get(key);
  if (!address) {
    const le = new Uint8Array([index & 0xff, index >> 8]);
    address = pda([seed(GOVERNANCE.seeds.governance), proposal.toBytes(), new Uint8Array([option]), le]);
    transactionAddresses.set(key, address);
  }
  return address;
}

/** The governance's native treasury: the PDA that signs what its proposals execute. */
export function nativeTreasuryAddress(governance: PublicKey): PublicKey {
  return pda([seed(GOVERNANCE.seeds.nativeTreasury), governance.toBytes()]);
}

/** The proposal's page on Realms, or the realm's. */
export function realmsUrl(realm: PublicKey, proposal?: PublicKey): string {
  const dao = `https://app.realms.today/dao/${realm.toBase58()}`;
  return proposal ? `${dao}/proposal/${proposal.toBase58()}` : dao;
}

// ---- Accounts --------------------------------------------------------------------------------

export type VoteThreshold = { kind: "yesVotePercentage" | "quorumPercentage"; percent: number } | { kind: "disabled" };

function voteThreshold(r: Borsh): VoteThreshold {
  const tag = r.u8();
  if (tag === 0) return { kind: "yesVotePercentage", percent: r.u8() };
  if (tag === 1) return { kind: "quorumPercentage", percent: r.u8() };
  if (tag === 2) return { kind: "disabled" };
  throw new Error(`invalid VoteThreshold ${tag}`);
}

export interface GovernanceConfig {
  communityVoteThreshold: VoteThreshold;
  minCommunityWeightToCreateProposal: bigint;
  /** Seconds between a proposal passing and its transactions becoming executable. */
  minTransactionHoldUpTime: number;
  /** Seconds a vote runs. */
  votingBaseTime: number;
  communityVoteTipping: number;
  councilVoteThreshold: VoteThreshold;
  councilVetoVoteThreshold: VoteThreshold;
  minCouncilWeightToCreateProposal: bigint;
  councilVoteTipping: number;
  communityVetoVoteThreshold: VoteThreshold;
  votingCoolOffTime: number;
  depositExemptProposalCount: number;
}

export interface Governance {
  realm: PublicKey;
  /** What it governs (the steward config). */
  governed: PublicKey;
  config: GovernanceConfig;
}

/** A `GovernanceV2` account: type, realm, governed account, reserved u32, then its config. */
export function decodeGovernance(data: Uint8Array): Governance | null {
  const r = new Borsh(data);
  if (r.u8() !== ACCOUNT_TYPE.governanceV2) return null;
  const realm = r.key();
  const governed = r.key();
  r.u32();
  const config: GovernanceConfig = {
    communityVoteThreshold: voteThreshold(r),
    minCommunityWeightToCreateProposal: r.u64(),
    minTransactionHoldUpTime: r.u32(),
    votingBaseTime: r.u32(),
    communityVoteTipping: r.u8(),
    councilVoteThreshold: voteThreshold(r),
    councilVetoVoteThreshold: voteThreshold(r),
    minCouncilWeightToCreateProposal: r.u64(),
    councilVoteTipping: r.u8(),
    communityVetoVoteThreshold: voteThreshold(r),
    votingCoolOffTime: r.u32(),
    depositExemptProposalCount: r.u8(),
  };
  return { realm, governed, config };
}

export interface Realm {
  communityMint: PublicKey;
  councilMint: PublicKey | null;
  authority: PublicKey | null;
  name: string;
}

/** A `RealmV2` account: type, community mint, config (legacy u8 ×2, reserved [u8; 6], min weight
 * u64, max voter weight source (tag + u64), council mint Option), reserved [u8; 6], legacy u16,
 * authority Option, name. */
export function decodeRealm(data: Uint8Array): Realm | null {
  const r = new Borsh(data);
  if (r.u8() !== ACCOUNT_TYPE.realmV2) return null;
  const communityMint = r.key();
  r.bytes(2 + 6);
  r.u64();
  r.u8();
  r.u64();
  const councilMint = r.option((x) => x.key());
  r.bytes(6);
  r.u16();
  const authority = r.option((x) => x.key());
  return { communityMint, councilMint, authority, name: r.string() };
}

export interface ProposalOption {
  label: string;
  voteWeight: bigint;
  /** 0 none, 1 succeeded, 2 defeated. */
  voteResult: number;
  transactionsExecutedCount: number;
  transactionsCount: number;
  transactionsNextIndex: number;
}

export type VoteType =
  | { kind: "singleChoice" }
  | { kind: "multiChoice"; choiceType: number; minVoterOptions: number; maxVoterOptions: number; maxWinningOptions: number };

export interface Proposal {
  governance: PublicKey;
  governingTokenMint: PublicKey;
  state: number;
  tokenOwnerRecord: PublicKey;
  signatoriesCount: number;
  signatoriesSignedOffCount: number;
  voteType: VoteType;
  options: ProposalOption[];
  denyVoteWeight: bigint | null;
  abstainVoteWeight: bigint | null;
  startVotingAt: bigint | null;
  draftAt: bigint;
  signingOffAt: bigint | null;
  votingAt: bigint | null;
  votingAtSlot: bigint | null;
  votingCompletedAt: bigint | null;
  executingAt: bigint | null;
  closedAt: bigint | null;
  executionFlags: number;
  maxVoteWeight: bigint | null;
  maxVotingTime: number | null;
  voteThreshold: VoteThreshold | null;
  name: string;
  descriptionLink: string;
  /** Absent from accounts written before the field existed. */
  vetoVoteWeight: bigint | null;
}

/** A `ProposalV2` account (`Proposal::decode` of sdk/src/governance.rs, every field kept). */
export function decodeProposal(data: Uint8Array): Proposal | null {
  const r = new Borsh(data);
  if (r.u8() !== ACCOUNT_TYPE.proposalV2) return null;
  const governance = r.key();
  const governingTokenMint = r.key();
  const state = r.u8();
  const tokenOwnerRecord = r.key();
  const signatoriesCount = r.u8();
  const signatoriesSignedOffCount = r.u8();
  const voteTag = r.u8();
  let voteType: VoteType;
  if (voteTag === 0) voteType = { kind: "singleChoice" };
  else if (voteTag === 1) {
    voteType = { kind: "multiChoice", choiceType: r.u8(), minVoterOptions: r.u8(), maxVoterOptions: r.u8(), maxWinningOptions: r.u8() };
  } else throw new Error(`invalid VoteType ${voteTag}`);
  const options = r.vec((x): ProposalOption => ({
    label: x.string(),
    voteWeight: x.u64(),
    voteResult: x.u8(),
    transactionsExecutedCount: x.u16(),
    transactionsCount: x.u16(),
    transactionsNextIndex: x.u16(),
  }));
  const u64 = (x: Borsh) => x.u64();
  const i64 = (x: Borsh) => x.i64();
  const denyVoteWeight = r.option(u64);
  r.u8(); // reserved1
  const abstainVoteWeight = r.option(u64);
  const startVotingAt = r.option(i64);
  const draftAt = r.i64();
  const signingOffAt = r.option(i64);
  const votingAt = r.option(i64);
  const votingAtSlot = r.option(u64);
  const votingCompletedAt = r.option(i64);
  const executingAt = r.option(i64);
  const closedAt = r.option(i64);
  const executionFlags = r.u8();
  const maxVoteWeight = r.option(u64);
  const maxVotingTime = r.option((x) => x.u32());
  const threshold = r.option(voteThreshold);
  r.bytes(64); // reserved
  const name = r.string();
  const descriptionLink = r.string();
  const vetoVoteWeight = r.remaining >= 8 ? r.u64() : null;
  return {
    governance, governingTokenMint, state, tokenOwnerRecord, signatoriesCount, signatoriesSignedOffCount, voteType, options,
    denyVoteWeight, abstainVoteWeight, startVotingAt, draftAt, signingOffAt, votingAt, votingAtSlot, votingCompletedAt,
    executingAt, closedAt, executionFlags, maxVoteWeight, maxVotingTime, voteThreshold: threshold, name, descriptionLink,
    vetoVoteWeight,
  };
}

export interface HeldInstruction {
  programId: PublicKey;
  accounts: Array<{ pubkey: PublicKey; isSigner: boolean; isWritable: boolean }>;
  data: Uint8Array;
}

export interface ProposalTransaction {
  proposal: PublicKey;
  optionIndex: number;
  transactionIndex: number;
  /** Seconds after the vote before it may execute. */
  holdUpTime: number;
  instructions: HeldInstruction[];
  /** When it executed (chain Unix time), null while not. */
  executedAt: bigint | null;
  /** 0 none, 1 success, 2 error. */
  executionStatus: number;
}

/** A `ProposalTransactionV2` account: type, proposal, option index u8, transaction index u16,
 * hold-up u32, the instructions, executed at, execution status. */
export function decodeProposalTransaction(data: Uint8Array): ProposalTransaction | null {
  const r = new Borsh(data);
  if (r.u8() !== ACCOUNT_TYPE.proposalTransactionV2) return null;
  const proposal = r.key();
  const optionIndex = r.u8();
  const transactionIndex = r.u16();
  const holdUpTime = r.u32();
  const instructions = r.vec((x): HeldInstruction => ({
    programId: x.key(),
    accounts: x.vec((a) => ({ pubkey: a.key(), isSigner: a.u8() !== 0, isWritable: a.bool() })),
    data: x.bytes(x.u32()),
  }));
  const executedAt = r.option((x) => x.i64());
  const executionStatus = r.u8();
  return { proposal, optionIndex, transactionIndex, holdUpTime, instructions, executedAt, executionStatus };
}

// ---- What the panel shows --------------------------------------------------------------------

const OPEN_STATES: number[] = [STATE.voting, STATE.succeeded, STATE.executing, STATE.executingWithErrors];

/** Voting, or passed with transactions left to execute. */
export function isOpen(p: Proposal): boolean {
  return OPEN_STATES.includes(p.state);
}

/** Seconds left, as `lst dao proposals` counts them: to vote (voting at + the governance's voting
 * time), or until a passed proposal executes (vote completed + hold-up + 1: the program executes
 * strictly after the hold-up); null in other states. Never negative. */
export function secondsLeft(p: Proposal, config: GovernanceConfig, now: bigint): bigint | null {
  let left: bigint | null = null;
  if (p.state === STATE.voting && p.votingAt !== null) left = p.votingAt + BigInt(config.votingBaseTime) - now;
  if (p.state === STATE.succeeded && p.votingCompletedAt !== null) {
    left = p.votingCompletedAt + BigInt(config.minTransactionHoldUpTime) + 1n - now;
  }
  return left === null ? null : left > 0n ? left : 0n;
}

/** Seconds as days and hours, hours and minutes, or minutes and seconds (as the CLI prints them). */
export function duration(seconds: bigint): string {
  const s = Number(seconds);
  if (s >= 86_400) return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3_600)}h`;
  if (s >= 3_600) return `${Math.floor(s / 3_600)}h ${Math.floor((s % 3_600) / 60)}m`;
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

export function timeLeftText(p: Proposal, config: GovernanceConfig, now: bigint): string {
  const left = secondsLeft(p, config, now);
  if (left === null) return "";
  if (p.state === STATE.voting) return `${duration(left)} left to vote`;
  return left === 0n ? "executable now" : `executable in ${duration(left)}`;
}

/** Token amounts in the mint's decimals. */
export function formatWeight(weight: bigint, decimals: number): string {
  if (decimals === 0) return weight.toString();
  const unit = 10n ** BigInt(decimals);
  const fraction = (weight % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return fraction ? `${weight / unit}.${fraction}` : (weight / unit).toString();
}

/** The proposal that last changed a parameter. */
export interface Change {
  proposal: PublicKey;
  name: string;
  /** When its transaction executed (chain Unix time). */
  executedAt: bigint;
  /** The value it set. */
  value: bigint;
}

export interface ProposalWithTransactions {
  address: PublicKey;
  proposal: Proposal;
  transactions: ProposalTransaction[];
}

const EXECUTED_STATES: number[] = [STATE.executing, STATE.completed, STATE.executingWithErrors];

/** For each parameter, the proposal that last changed it: every executed transaction of a proposal
 * that executed (executing, completed, executing with errors) is read for `update_parameters`
 * instructions of the steward program on `stewardConfig`; each field they set is attributed to the
 * proposal. The latest wins by the transaction's `executed_at` (the chain's Unix time when it ran);
 * within one second, by the proposal's `voting_completed_at`, then by option and transaction index. A
 * proposal that never executed (defeated, cancelled, still voting) counts for nothing. */
export function lastChanges(proposals: ProposalWithTransactions[], stewardConfig: PublicKey, stewardProgram = STEWARD_PROGRAM): Map<string, Change> {
  const events: Array<{ key: bigint[]; order: string; change: Omit<Change, "value">; set: Record<string, bigint> }> = [];
  for (const { address, proposal, transactions } of proposals) {
    if (!EXECUTED_STATES.includes(proposal.state)) continue;
    for (const tx of transactions) {
      if (tx.executedAt === null || !tx.proposal.equals(address)) continue;
      tx.instructions.forEach((ix, i) => {
        if (!ix.programId.equals(stewardProgram) || !ix.accounts[0]?.pubkey.equals(stewardConfig)) return;
        const set = decodeParametersUpdate(ix.data);
        if (!set) return;
        events.push({
          key: [tx.executedAt!, proposal.votingCompletedAt ?? 0n, BigInt(tx.optionIndex), BigInt(tx.transactionIndex), BigInt(i)],
          order: address.toBase58(),
          change: { proposal: address, name: proposal.name, executedAt: tx.executedAt! },
          set,
        });
      });
    }
  }
  const compare = (a: (typeof events)[number], b: (typeof events)[number]) => {
    for (let k = 0; k < a.key.length; k++) if (a.key[k] !== b.key[k]) return a.key[k] < b.key[k] ? -1 : 1;
    return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
  };
  const last = new Map<string, Change>();
  for (const e of events.sort(compare)) {
    for (const [field, value] of Object.entries(e.set)) last.set(field, { ...e.change, value });
  }
  return last;
}

// ---- Loading ---------------------------------------------------------------------------------

export interface ParameterRow extends ParameterField {
  value: bigint;
  /** The proposal that last changed it; null when none did (set at creation, or by a key). */
  change: Change | null;
}

export interface OpenProposal {
  address: PublicKey;
  proposal: Proposal;
  timeLeft: string;
}

export interface DaoView {
  stewardConfig: PublicKey;
  parametersAuthority: PublicKey;
  parameters: ParameterRow[];
  /** The chain's Unix time. */
  now: bigint;
  /** Null when no governance governs the steward config. */
  dao: {
    realm: PublicKey;
    realmName: string;
    governance: PublicKey;
    config: GovernanceConfig;
    treasury: PublicKey;
    /** Whether the treasury is the parameters authority (false: a key still holds it). */
    holdsParameters: boolean;
    mintDecimals: number;
    mintSupply: bigint;
    proposalCount: number;
    open: OpenProposal[];
  } | null;
}

/** Executed transactions never change again: read once. */
const executedTransactions = new Map<string, ProposalTransaction>();

/** What loadDao reads with (chain/rpc.ts). */
export type DaoReads = Pick<Chain, "accounts" | "programAccounts">;

/** The DAO of `pool`'s steward; null when the pool has no steward. */
export async function loadDao(chain: DaoReads, pool: PublicKey): Promise<DaoView | null> {
  const stewardConfig = stewardConfigAddress(pool);
  const [configAccount, clock] = await chain.accounts([stewardConfig, SYSVAR_CLOCK_PUBKEY]);
  if (!configAccount || !configAccount.owner.equals(STEWARD_PROGRAM)) return null;
  const { parametersAuthority, parameters } = decodeStewardParameters(configAccount.data);
  // The cluster's clock (kit's sysvar decoder), else this machine's.
  const now = clock ? BigInt(getSysvarClockDecoder().decode(clock.data).unixTimestamp) : BigInt(Math.floor(Date.now() / 1000));
  const rows = (changes: Map<string, Change>): ParameterRow[] =>
    parameterFields().map((f) => ({ ...f, value: parameters[f.name], change: changes.get(f.name) ?? null }));

  const found = await chain.programAccounts(GOVERNANCE_PROGRAM, [
    { offset: 0, bytes: new Uint8Array([ACCOUNT_TYPE.governanceV2]) },
    { offset: 33, bytes: stewardConfig.toBytes() },
  ]);
  const governances = found
    .map(({ address, data }) => ({ address, governance: decodeGovernance(data) }))
    .filter((g): g is { address: PublicKey; governance: Governance } => g.governance !== null)
    .map((g) => ({ ...g, treasury: nativeTreasuryAddress(g.address) }));
  if (governances.length === 0) return { stewardConfig, parametersAuthority, parameters: rows(new Map()), now, dao: null };
  // Anyone may create a realm governing any address: the one whose treasury holds the authority is
  // the DAO; without one, the first found (the panel says it does not hold the parameters).
  const chosen = governances.find((g) => g.treasury.equals(parametersAuthority)) ?? governances[0];
  const realmAddress = chosen.governance.realm;

  const [realmAccount] = await chain.accounts([realmAddress]);
  const realm = realmAccount ? decodeRealm(realmAccount.data) : null;
  const [mintAccount] = realm ? await chain.accounts([realm.communityMint]) : [null];
  const mintView = mintAccount ? new DataView(mintAccount.data.buffer, mintAccount.data.byteOffset, mintAccount.data.byteLength) : null;

  const proposalAccounts = await chain.programAccounts(GOVERNANCE_PROGRAM, [
    { offset: 0, bytes: new Uint8Array([ACCOUNT_TYPE.proposalV2]) },
    { offset: 1, bytes: chosen.address.toBytes() },
  ]);
  const proposals = proposalAccounts
    .map(({ address, data }) => ({ address, proposal: decodeProposal(data) }))
    .filter((p): p is { address: PublicKey; proposal: Proposal } => p.proposal !== null);

  // The transactions of every proposal that executed some.
  const wanted: Array<{ proposal: PublicKey; address: PublicKey }> = [];
  for (const { address, proposal } of proposals) {
    if (!EXECUTED_STATES.includes(proposal.state)) continue;
    proposal.options.forEach((o, option) => {
      if (o.transactionsExecutedCount === 0) return;
      for (let index = 0; index < o.transactionsNextIndex; index++) {
        wanted.push({ proposal: address, address: proposalTransactionAddress(address, option, index) });
      }
    });
  }
  const missing = wanted.filter((w) => !executedTransactions.has(w.address.toBase58()));
  const read = new Map<string, ProposalTransaction>();
  const accounts = await chain.accounts(missing.map((w) => w.address));
  accounts.forEach((a, k) => {
    if (!a || !a.owner.equals(GOVERNANCE_PROGRAM)) return;
    const tx = decodeProposalTransaction(a.data);
    if (!tx) return;
    const key = missing[k].address.toBase58();
    read.set(key, tx);
    if (tx.executedAt !== null) executedTransactions.set(key, tx);
  });
  const withTransactions: ProposalWithTransactions[] = proposals.map(({ address, proposal }) => ({
    address,
    proposal,
    transactions: wanted
      .filter((w) => w.proposal.equals(address))
      .map((w) => executedTransactions.get(w.address.toBase58()) ?? read.get(w.address.toBase58()))
      .filter((t): t is ProposalTransaction => t !== undefined),
  }));
  const config = chosen.governance.config;
  const open = proposals
    .filter(({ proposal }) => isOpen(proposal))
    .sort((a, b) => (a.proposal.draftAt === b.proposal.draftAt ? 0 : a.proposal.draftAt > b.proposal.draftAt ? -1 : 1))
    .map(({ address, proposal }) => ({ address, proposal, timeLeft: timeLeftText(proposal, config, now) }));
  return {
    stewardConfig,
    parametersAuthority,
    parameters: rows(lastChanges(withTransactions, stewardConfig)),
    now,
    dao: {
      realm: realmAddress,
      realmName: realm?.name ?? realmAddress.toBase58(),
      governance: chosen.address,
      config,
      treasury: chosen.treasury,
      holdsParameters: chosen.treasury.equals(parametersAuthority),
      mintDecimals: mintView ? mintView.getUint8(44) : 0,
      mintSupply: mintView ? mintView.getBigUint64(36, true) : 0n,
      proposalCount: proposals.length,
      open,
    },
  };
}
