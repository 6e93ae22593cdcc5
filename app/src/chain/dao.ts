// The DAO that owns the steward's parameters: an SPL Governance 4.0.0 realm whose governance governs
// the steward config and whose native treasury is its parameters authority. Its accounts are read by
// the client Codama generates from idl/spl_governance.json (src/generated/clients/splGovernance), the
// IDL of the crate that lays them out for the sdk too (peers/governance); which proposal last changed
// each parameter comes from the `update_parameters` instructions its executed transactions hold,
// decoded by the steward's IDL.
import { getAddressEncoder, isSome, unwrapOption, type Address, type Decoder, type ReadonlyUint8Array } from "@solana/kit";
import { getMintDecoder } from "@solana-program/token";
import type { Chain } from "./rpc";
import { getSysvarClockDecoder, SYSVAR_CLOCK_ADDRESS } from "@solana/sysvars";
import { decodeParametersUpdate, decodeStewardParameters, parameterFields, type ParameterField } from "./idl";
import { layout, pda, STEWARD_PROGRAM, stewardConfigAddress } from "./accounts";
import {
  GOVERNANCE_V2_DISCRIMINATOR, PROPOSAL_TRANSACTION_V2_DISCRIMINATOR, PROPOSAL_V2_DISCRIMINATOR, REALM_V2_DISCRIMINATOR,
  getGovernanceV2Decoder, getProposalTransactionV2Decoder, getProposalV2Decoder, getRealmV2Decoder,
  type GovernanceV2, type ProposalTransactionV2, type ProposalV2, type RealmV2,
} from "../generated/clients/splGovernance/accounts";
import { ProposalState, type GovernanceConfig, type VoteThreshold } from "../generated/clients/splGovernance/types";
import { SPL_GOVERNANCE_PROGRAM_ADDRESS } from "../generated/clients/splGovernance/programs";

export { ProposalState, type GovernanceConfig, type GovernanceV2, type ProposalTransactionV2, type ProposalV2, type RealmV2, type VoteThreshold };

/** SPL Governance's program id (the Realms deployment). */
export const GOVERNANCE_PROGRAM = SPL_GOVERNANCE_PROGRAM_ADDRESS;

// The seeds and the states' names in words (as `lst` prints them) come from generated/layout.json,
// which a Rust test keeps equal to the crate's.
const GOVERNANCE = layout.governance;
export const stateName = (state: ProposalState) => GOVERNANCE.proposalStates[state] ?? "unknown";

const bytes = (key: Address) => getAddressEncoder().encode(key);

const transactionAddresses = new Map<string, Promise<Address>>();

/** Transaction `index` of the proposal's option `option` (`["governance", proposal, option u8,
 * index u16 LE]`). */
export function proposalTransactionAddress(proposal: Address, option: number, index: number): Promise<Address> {
  const key = `${proposal}/${option}/${index}`;
  let address = transactionAddresses.get(key);
  if (!address) {
    const le = new Uint8Array([index & 0xff, index >> 8]);
    address = pda(GOVERNANCE_PROGRAM, [GOVERNANCE.seeds.governance, bytes(proposal), new Uint8Array([option]), le]);
    transactionAddresses.set(key, address);
  }
  return address;
}

/** The governance's native treasury: the PDA that signs what its proposals execute. */
export function nativeTreasuryAddress(governance: Address): Promise<Address> {
  return pda(GOVERNANCE_PROGRAM, [GOVERNANCE.seeds.nativeTreasury, bytes(governance)]);
}

/** The proposal's page on Realms, or the realm's. */
export function realmsUrl(realm: Address, proposal?: Address): string {
  const dao = `https://app.realms.today/dao/${realm}`;
  return proposal ? `${dao}/proposal/${proposal}` : dao;
}

// ---- Accounts --------------------------------------------------------------------------------

/** The account in `data` when it starts with `discriminator` (its account-type byte) and decodes;
 * null otherwise. */
function decodeAs<T>(discriminator: ReadonlyUint8Array, decoder: Decoder<T>, data: Uint8Array): T | null {
  if (data.length < discriminator.length || discriminator.some((b, i) => data[i] !== b)) return null;
  try {
    return decoder.decode(data);
  } catch {
    return null;
  }
}

export const decodeRealm = (data: Uint8Array) => decodeAs(REALM_V2_DISCRIMINATOR, getRealmV2Decoder(), data);
export const decodeGovernance = (data: Uint8Array) => decodeAs(GOVERNANCE_V2_DISCRIMINATOR, getGovernanceV2Decoder(), data);
export const decodeProposal = (data: Uint8Array) => decodeAs(PROPOSAL_V2_DISCRIMINATOR, getProposalV2Decoder(), data);
export const decodeProposalTransaction = (data: Uint8Array) =>
  decodeAs(PROPOSAL_TRANSACTION_V2_DISCRIMINATOR, getProposalTransactionV2Decoder(), data);

/** A threshold in words. */
export const thresholdText = (t: VoteThreshold) => (t.__kind === "Disabled" ? "disabled" : `${t.fields[0]} % of the supply`);

// ---- What the panel shows --------------------------------------------------------------------

const OPEN_STATES = [ProposalState.Voting, ProposalState.Succeeded, ProposalState.Executing, ProposalState.ExecutingWithErrors];

/** Voting, or passed with transactions left to execute. */
export function isOpen(p: ProposalV2): boolean {
  return OPEN_STATES.includes(p.state);
}

/** Seconds left, as `lst dao proposals` counts them: to vote (voting at + the governance's voting
 * time), or until a passed proposal executes (vote completed + hold-up + 1: the program executes
 * strictly after the hold-up); null in other states. Never negative. */
export function secondsLeft(p: ProposalV2, config: GovernanceConfig, now: bigint): bigint | null {
  let left: bigint | null = null;
  if (p.state === ProposalState.Voting && isSome(p.votingAt)) left = p.votingAt.value + BigInt(config.votingBaseTime) - now;
  if (p.state === ProposalState.Succeeded && isSome(p.votingCompletedAt)) {
    left = p.votingCompletedAt.value + BigInt(config.minTransactionHoldUpTime) + 1n - now;
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

export function timeLeftText(p: ProposalV2, config: GovernanceConfig, now: bigint): string {
  const left = secondsLeft(p, config, now);
  if (left === null) return "";
  if (p.state === ProposalState.Voting) return `${duration(left)} left to vote`;
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
  proposal: Address;
  name: string;
  /** When its transaction executed (chain Unix time). */
  executedAt: bigint;
  /** The value it set. */
  value: bigint;
}

export interface ProposalWithTransactions {
  address: Address;
  proposal: ProposalV2;
  transactions: ProposalTransactionV2[];
}

const EXECUTED_STATES = [ProposalState.Executing, ProposalState.Completed, ProposalState.ExecutingWithErrors];

/** For each parameter, the proposal that last changed it: every executed transaction of a proposal
 * that executed (executing, completed, executing with errors) is read for `update_parameters`
 * instructions of the steward program on `stewardConfig`; each field they set is attributed to the
 * proposal. The latest wins by the transaction's `executed_at` (the chain's Unix time when it ran);
 * within one second, by the proposal's `voting_completed_at`, then by option and transaction index. A
 * proposal that never executed (defeated, cancelled, still voting) counts for nothing. */
export function lastChanges(proposals: ProposalWithTransactions[], stewardConfig: Address, stewardProgram = STEWARD_PROGRAM): Map<string, Change> {
  const events: Array<{ key: bigint[]; order: string; change: Omit<Change, "value">; set: Record<string, bigint> }> = [];
  for (const { address, proposal, transactions } of proposals) {
    if (!EXECUTED_STATES.includes(proposal.state)) continue;
    for (const tx of transactions) {
      const executedAt = unwrapOption(tx.executedAt);
      if (executedAt === null || tx.proposal !== address) continue;
      tx.instructions.forEach((ix, i) => {
        if (ix.programId !== stewardProgram || ix.accounts[0]?.pubkey !== stewardConfig) return;
        const set = decodeParametersUpdate(new Uint8Array(ix.data));
        if (!set) return;
        const completedAt = unwrapOption(proposal.votingCompletedAt) ?? 0n;
        events.push({
          key: [executedAt, completedAt, BigInt(tx.optionIndex), BigInt(tx.transactionIndex), BigInt(i)],
          order: address,
          change: { proposal: address, name: proposal.name, executedAt },
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
  address: Address;
  proposal: ProposalV2;
  timeLeft: string;
}

export interface DaoView {
  stewardConfig: Address;
  parametersAuthority: Address;
  parameters: ParameterRow[];
  /** The chain's Unix time. */
  now: bigint;
  /** Null when no governance governs the steward config. */
  dao: {
    realm: Address;
    realmName: string;
    governance: Address;
    config: GovernanceConfig;
    treasury: Address;
    /** Whether the treasury is the parameters authority (false: a key still holds it). */
    holdsParameters: boolean;
    mintDecimals: number;
    mintSupply: bigint;
    proposalCount: number;
    open: OpenProposal[];
  } | null;
}

/** Executed transactions never change again: read once. */
const executedTransactions = new Map<string, ProposalTransactionV2>();

/** What loadDao reads with (chain/rpc.ts). */
export type DaoReads = Pick<Chain, "accounts" | "programAccounts">;

/** The DAO of `pool`'s steward; null when the pool has no steward. */
export async function loadDao(chain: DaoReads, pool: Address): Promise<DaoView | null> {
  const stewardConfig = await stewardConfigAddress(pool);
  const [configAccount, clock] = await chain.accounts([stewardConfig, SYSVAR_CLOCK_ADDRESS]);
  if (!configAccount || configAccount.owner !== STEWARD_PROGRAM) return null;
  const { parametersAuthority, parameters } = decodeStewardParameters(configAccount.data);
  // The cluster's clock (kit's sysvar decoder), else this machine's.
  const now = clock ? BigInt(getSysvarClockDecoder().decode(clock.data).unixTimestamp) : BigInt(Math.floor(Date.now() / 1000));
  const rows = (changes: Map<string, Change>): ParameterRow[] =>
    parameterFields().map((f) => ({ ...f, value: parameters[f.name], change: changes.get(f.name) ?? null }));

  // A governance's type byte, its realm, then what it governs; a proposal's type byte, then its governance.
  const governed = GOVERNANCE_V2_DISCRIMINATOR.length + getAddressEncoder().fixedSize;
  const found = await chain.programAccounts(GOVERNANCE_PROGRAM, [
    { offset: 0, bytes: GOVERNANCE_V2_DISCRIMINATOR },
    { offset: governed, bytes: bytes(stewardConfig) },
  ]);
  const governances = await Promise.all(
    found
      .map(({ address, data }) => ({ address, governance: decodeGovernance(data) }))
      .filter((g): g is { address: Address; governance: GovernanceV2 } => g.governance !== null)
      .map(async (g) => ({ ...g, treasury: await nativeTreasuryAddress(g.address) })),
  );
  if (governances.length === 0) return { stewardConfig, parametersAuthority, parameters: rows(new Map()), now, dao: null };
  // Anyone may create a realm governing any address: the one whose treasury holds the authority is
  // the DAO; without one, the first found (the panel says it does not hold the parameters).
  const chosen = governances.find((g) => g.treasury === parametersAuthority) ?? governances[0];
  const realmAddress = chosen.governance.realm;

  const [realmAccount] = await chain.accounts([realmAddress]);
  const realm = realmAccount ? decodeRealm(realmAccount.data) : null;
  const [mintAccount] = realm ? await chain.accounts([realm.communityMint]) : [null];
  const mint = mintAccount ? getMintDecoder().decode(mintAccount.data) : null;

  const proposalAccounts = await chain.programAccounts(GOVERNANCE_PROGRAM, [
    { offset: 0, bytes: PROPOSAL_V2_DISCRIMINATOR },
    { offset: PROPOSAL_V2_DISCRIMINATOR.length, bytes: bytes(chosen.address) },
  ]);
  const proposals = proposalAccounts
    .map(({ address, data }) => ({ address, proposal: decodeProposal(data) }))
    .filter((p): p is { address: Address; proposal: ProposalV2 } => p.proposal !== null);

  // The transactions of every proposal that executed some.
  const derived: Array<Promise<{ proposal: Address; address: Address }>> = [];
  for (const { address, proposal } of proposals) {
    if (!EXECUTED_STATES.includes(proposal.state)) continue;
    proposal.options.forEach((o, option) => {
      if (o.transactionsExecutedCount === 0) return;
      for (let index = 0; index < o.transactionsNextIndex; index++) {
        derived.push(proposalTransactionAddress(address, option, index).then((at) => ({ proposal: address, address: at })));
      }
    });
  }
  const wanted = await Promise.all(derived);
  const missing = wanted.filter((w) => !executedTransactions.has(w.address));
  const read = new Map<string, ProposalTransactionV2>();
  const accounts = await chain.accounts(missing.map((w) => w.address));
  accounts.forEach((a, k) => {
    if (!a || a.owner !== GOVERNANCE_PROGRAM) return;
    const tx = decodeProposalTransaction(a.data);
    if (!tx) return;
    const key = missing[k].address;
    read.set(key, tx);
    if (isSome(tx.executedAt)) executedTransactions.set(key, tx);
  });
  const withTransactions: ProposalWithTransactions[] = proposals.map(({ address, proposal }) => ({
    address,
    proposal,
    transactions: wanted
      .filter((w) => w.proposal === address)
      .map((w) => executedTransactions.get(w.address) ?? read.get(w.address))
      .filter((t): t is ProposalTransactionV2 => t !== undefined),
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
      realmName: realm?.name ?? realmAddress,
      governance: chosen.address,
      config,
      treasury: chosen.treasury,
      holdsParameters: chosen.treasury === parametersAuthority,
      mintDecimals: mint?.decimals ?? 0,
      mintSupply: mint?.supply ?? 0n,
      proposalCount: proposals.length,
      open,
    },
  };
}
