import { describe, expect, it } from "vitest";
import { Keypair, PublicKey } from "@solana/web3.js";
import layout from "../src/generated/layout.json";
import { base58 } from "../src/chain/borsh";
import type { DaoReads } from "../src/chain/dao";
import type { Memcmp } from "../src/chain/rpc";
import {
  decodeGovernance, decodeProposal, decodeProposalTransaction, decodeRealm, GOVERNANCE_PROGRAM, isOpen, lastChanges, loadDao,
  nativeTreasuryAddress, proposalTransactionAddress, realmsUrl, secondsLeft, STATE, timeLeftText, type ProposalWithTransactions,
} from "../src/chain/dao";
import { decodeParametersUpdate, decodeStewardParameters, instruction, parameterFields, reprCLayout, STEWARD_IDL } from "../src/chain/idl";
import { STEWARD_PROGRAM, stewardConfigAddress } from "../src/chain/accounts";

/** Borsh, written by hand: the program's layout, field by field. */
class Bytes {
  out: number[] = [];
  u8(v: number) { this.out.push(v); return this; }
  u16(v: number) { this.out.push(v & 0xff, v >> 8); return this; }
  u32(v: number) { for (let i = 0; i < 4; i++) this.out.push((v >>> (8 * i)) & 0xff); return this; }
  u64(v: bigint) { for (let i = 0n; i < 8n; i++) this.out.push(Number((BigInt.asUintN(64, v) >> (8n * i)) & 0xffn)); return this; }
  key(k: PublicKey) { this.out.push(...k.toBytes()); return this; }
  raw(b: ArrayLike<number>) { this.out.push(...Array.from(b)); return this; }
  string(s: string) { const b = new TextEncoder().encode(s); return this.u32(b.length).raw(b); }
  none() { return this.u8(0); }
  some() { return this.u8(1); }
  get bytes() { return Uint8Array.from(this.out); }
}

const key = () => Keypair.generate().publicKey;
const DISCRIMINATOR = [116, 107, 24, 207, 101, 49, 213, 77]; // update_parameters, as the IDL has it

interface Times { votingAt?: bigint; completedAt?: bigint; closedAt?: bigint }

/** A `ProposalV2` as the 4.0.0 program writes it (single choice "Approve" with the deny option). */
function proposalBytes(governance: PublicKey, mint: PublicKey, state: number, name: string, t: Times = {}, yes = 0n, no = 0n, executed = 0) {
  const b = new Bytes().u8(14).key(governance).key(mint).u8(state).key(key()).u8(1).u8(1);
  b.u8(0); // VoteType::SingleChoice
  b.u32(1).string("Approve").u64(yes).u8(state === STATE.defeated ? 2 : state >= 3 ? 1 : 0).u16(executed).u16(1).u16(1);
  b.some().u64(no); // deny_vote_weight
  b.u8(0); // reserved1
  b.none(); // abstain_vote_weight
  b.none(); // start_voting_at
  b.u64(1_700_000_000n); // draft_at
  b.some().u64(1_700_000_001n); // signing_off_at
  if (t.votingAt !== undefined) b.some().u64(t.votingAt); else b.none();
  b.some().u64(4242n); // voting_at_slot
  if (t.completedAt !== undefined) b.some().u64(t.completedAt); else b.none();
  if (state === STATE.executing || state === STATE.completed) b.some().u64(t.completedAt ?? 0n); else b.none(); // executing_at
  if (t.closedAt !== undefined) b.some().u64(t.closedAt); else b.none();
  b.u8(0); // execution_flags
  if (t.completedAt !== undefined) b.some().u64(1_000_000n); else b.none(); // max_vote_weight
  b.none(); // max_voting_time
  if (t.completedAt !== undefined) b.some().u8(0).u8(60); else b.none(); // vote_threshold: YesVotePercentage(60)
  b.raw(new Uint8Array(64)); // reserved
  b.string(name).string("https://example.com/why");
  b.u64(0n); // veto_vote_weight
  return b.bytes;
}

/** A `ParametersUpdate`, written field by field in the program's order: (field, value) pairs given
 * are Some, the rest None. */
function updateBytes(set: Record<string, bigint>) {
  const fields: Array<[string, "u16" | "u32" | "u64"]> = [
    ["mev_commission_threshold_bps", "u16"], ["mev_commission_window", "u16"], ["commission_threshold_bps", "u16"],
    ["commission_window", "u16"], ["historical_commission_ceiling_bps", "u16"], ["scoring_delinquency_ratio_bps", "u16"],
    ["instant_unstake_delinquency_ratio_bps", "u16"], ["epoch_credits_window", "u16"], ["num_delegation_validators", "u32"],
    ["scoring_unstake_cap_bps", "u16"], ["instant_unstake_cap_bps", "u16"], ["stake_deposit_unstake_cap_bps", "u16"],
    ["compute_score_progress_bps", "u16"], ["instant_unstake_progress_bps", "u16"], ["epochs_per_cycle", "u16"],
    ["minimum_voting_epochs", "u16"], ["minimum_stake_lamports", "u64"], ["minimum_bond_bps", "u16"],
  ];
  const b = new Bytes().raw(DISCRIMINATOR);
  for (const [name, type] of fields) {
    const v = set[name];
    if (v === undefined) { b.none(); continue; }
    b.some();
    if (type === "u16") b.u16(Number(v));
    else if (type === "u32") b.u32(Number(v));
    else b.u64(v);
  }
  return b.bytes;
}

/** A `ProposalTransactionV2` holding one instruction of `program` on (config, treasury). */
function transactionBytes(proposal: PublicKey, index: number, program: PublicKey, config: PublicKey, treasury: PublicKey, data: Uint8Array, executedAt: bigint | null) {
  const b = new Bytes().u8(13).key(proposal).u8(0).u16(index).u32(0);
  b.u32(1).key(program).u32(2).key(config).u8(0).u8(1).key(treasury).u8(1).u8(0).u32(data.length).raw(data);
  if (executedAt === null) b.none().u8(0); else b.some().u64(executedAt).u8(1);
  b.raw(new Uint8Array(8)); // reserved_v2
  return b.bytes;
}

describe("governance accounts decode as the 4.0.0 program writes them", () => {
  it("ProposalV2", () => {
    const governance = key();
    const mint = key();
    const data = proposalBytes(governance, mint, STATE.succeeded, "Delegate to 11 validators", { votingAt: 1_700_000_002n, completedAt: 1_700_000_003n }, 1_000_000n, 5n);
    // sdk::governance::proposal_state_of: the state is byte 65.
    expect(data[65]).toBe(STATE.succeeded);
    const p = decodeProposal(data)!;
    expect(p.governance.equals(governance)).toBe(true);
    expect(p.governingTokenMint.equals(mint)).toBe(true);
    expect(p.state).toBe(STATE.succeeded);
    expect(p.voteType).toEqual({ kind: "singleChoice" });
    expect(p.options).toEqual([{ label: "Approve", voteWeight: 1_000_000n, voteResult: 1, transactionsExecutedCount: 0, transactionsCount: 1, transactionsNextIndex: 1 }]);
    expect(p.denyVoteWeight).toBe(5n);
    expect(p.abstainVoteWeight).toBeNull();
    expect(p.draftAt).toBe(1_700_000_000n);
    expect(p.signingOffAt).toBe(1_700_000_001n);
    expect(p.votingAt).toBe(1_700_000_002n);
    expect(p.votingAtSlot).toBe(4242n);
    expect(p.votingCompletedAt).toBe(1_700_000_003n);
    expect(p.closedAt).toBeNull();
    expect(p.maxVoteWeight).toBe(1_000_000n);
    expect(p.voteThreshold).toEqual({ kind: "yesVotePercentage", percent: 60 });
    expect(p.name).toBe("Delegate to 11 validators");
    expect(p.descriptionLink).toBe("https://example.com/why");
    expect(p.vetoVoteWeight).toBe(0n);
    expect(isOpen(p)).toBe(true);
    // Not a proposal, or cut short.
    expect(decodeProposal(Uint8Array.from([18, ...data.slice(1)]))).toBeNull();
    expect(() => decodeProposal(data.slice(0, 120))).toThrow();
  });

  it("ProposalTransactionV2 and the update_parameters it holds", () => {
    const proposal = key();
    const config = key();
    const treasury = key();
    const update = updateBytes({ num_delegation_validators: 11n, minimum_stake_lamports: 5_000_000_000n });
    const data = transactionBytes(proposal, 3, STEWARD_PROGRAM, config, treasury, update, 1_700_000_100n);
    // sdk::governance::proposal_transaction: the hold-up is bytes 36..40, the instructions follow.
    expect(Array.from(data.slice(36, 40))).toEqual([0, 0, 0, 0]);
    const tx = decodeProposalTransaction(data)!;
    expect(tx.proposal.equals(proposal)).toBe(true);
    expect(tx.optionIndex).toBe(0);
    expect(tx.transactionIndex).toBe(3);
    expect(tx.holdUpTime).toBe(0);
    expect(tx.executedAt).toBe(1_700_000_100n);
    expect(tx.executionStatus).toBe(1);
    expect(tx.instructions).toHaveLength(1);
    const [ix] = tx.instructions;
    expect(ix.programId.equals(STEWARD_PROGRAM)).toBe(true);
    expect(ix.accounts.map((a) => [a.pubkey.toBase58(), a.isSigner, a.isWritable])).toEqual([
      [config.toBase58(), false, true],
      [treasury.toBase58(), true, false],
    ]);
    expect(decodeParametersUpdate(ix.data)).toEqual({ num_delegation_validators: 11n, minimum_stake_lamports: 5_000_000_000n });
    // Another instruction's data is not an update.
    expect(decodeParametersUpdate(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 0]))).toBeNull();
    const pending = decodeProposalTransaction(transactionBytes(proposal, 0, STEWARD_PROGRAM, config, treasury, update, null))!;
    expect(pending.executedAt).toBeNull();
  });

  it("GovernanceV2 (GovernanceConfig::community(60, 0, 3 days)) and RealmV2", () => {
    const realm = key();
    const governed = key();
    const g = new Bytes().u8(18).key(realm).key(governed).u32(0);
    g.u8(0).u8(60).u64(1n).u32(0).u32(259_200).u8(0); // community threshold, min weight, hold-up, voting time, tipping Strict
    g.u8(2).u8(2).u64(1n).u8(2).u8(2).u32(0).u8(10); // council threshold, council veto, council min, council tipping, community veto, cool-off, exempt
    g.raw(new Uint8Array(119)).u8(0).u64(1n);
    const gov = decodeGovernance(g.bytes)!;
    expect(gov.realm.equals(realm) && gov.governed.equals(governed)).toBe(true);
    expect(gov.config.communityVoteThreshold).toEqual({ kind: "yesVotePercentage", percent: 60 });
    expect(gov.config.minTransactionHoldUpTime).toBe(0);
    expect(gov.config.votingBaseTime).toBe(259_200);
    expect(gov.config.councilVoteThreshold).toEqual({ kind: "disabled" });
    expect(gov.config.depositExemptProposalCount).toBe(10);

    const mint = key();
    const r = new Bytes().u8(16).key(mint).u8(0).u8(0).raw(new Uint8Array(6)).u64(1n).u8(0).u64(10_000_000_000n).none();
    r.raw(new Uint8Array(6)).u16(0).some().key(governed).string("Demo LST DAO").raw(new Uint8Array(128));
    const realmView = decodeRealm(r.bytes)!;
    expect(realmView.communityMint.equals(mint)).toBe(true);
    expect(realmView.councilMint).toBeNull();
    expect(realmView.authority?.equals(governed)).toBe(true);
    expect(realmView.name).toBe("Demo LST DAO");
  });

  it("addresses, filters and links", () => {
    expect(base58(Uint8Array.from([18]))).toBe("K");
    expect(base58(Uint8Array.from([14]))).toBe("F");
    const k = key();
    expect(base58(k.toBytes())).toBe(k.toBase58());
    expect(base58(new Uint8Array(32))).toBe(PublicKey.default.toBase58());
    const proposal = key();
    expect(proposalTransactionAddress(proposal, 0, 1).equals(proposalTransactionAddress(proposal, 0, 256))).toBe(false);
    const realm = key();
    expect(realmsUrl(realm)).toBe(`https://app.realms.today/dao/${realm.toBase58()}`);
    expect(realmsUrl(realm, proposal)).toBe(`https://app.realms.today/dao/${realm.toBase58()}/proposal/${proposal.toBase58()}`);
  });
});

describe("the steward's IDL lays out its accounts as the generated layout", () => {
  it("Config and Parameters offsets equal generated/layout.json's", () => {
    const config = reprCLayout(STEWARD_IDL, "Config");
    const at = (name: string) => config.fields.find((f) => f.name === name)!.offset;
    expect(at("state")).toBe(layout.config.state);
    expect(at("parameters")).toBe(layout.config.parameters);
    expect(at("paused")).toBe(layout.config.paused);
    const params = reprCLayout(STEWARD_IDL, "Parameters");
    for (const [camel, offset] of Object.entries(layout.parameters)) {
      const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      expect(params.fields.find((f) => f.name === snake)?.offset, snake).toBe(offset);
    }
    expect(instruction(STEWARD_IDL, "update_parameters").discriminator).toEqual(DISCRIMINATOR);
    expect(parameterFields().map((f) => f.name)).toContain("minimum_bond_bps");
    expect(parameterFields()).toHaveLength(18);
  });

  it("reads the parameters authority and every parameter of a config account", () => {
    const data = new Uint8Array(8 + reprCLayout(STEWARD_IDL, "Config").size);
    const view = new DataView(data.buffer);
    const authority = key();
    data.set(authority.toBytes(), 8 + 128); // after stake_pool, pool_program, state, admin
    const p = 8 + layout.config.parameters;
    view.setUint32(p + layout.parameters.numDelegationValidators, 10, true);
    view.setUint16(p + layout.parameters.minimumBondBps, 400, true);
    view.setBigUint64(p, 7n, true); // minimum_stake_lamports, the first field
    const decoded = decodeStewardParameters(data);
    expect(decoded.parametersAuthority.equals(authority)).toBe(true);
    expect(decoded.parameters.num_delegation_validators).toBe(10n);
    expect(decoded.parameters.minimum_bond_bps).toBe(400n);
    expect(decoded.parameters.minimum_stake_lamports).toBe(7n);
    expect(Object.keys(decoded.parameters).sort()).toEqual(parameterFields().map((f) => f.name).sort());
  });
});

describe("the proposal that last changed each parameter", () => {
  const governance = key();
  const mint = key();
  const config = key();
  const treasury = key();
  const proposal = (state: number, name: string, completedAt: bigint, txs: Array<{ set: Record<string, bigint>; executedAt: bigint | null; program?: PublicKey; on?: PublicKey }>): ProposalWithTransactions => {
    const address = key();
    return {
      address,
      proposal: decodeProposal(proposalBytes(governance, mint, state, name, { votingAt: completedAt - 10n, completedAt, closedAt: completedAt + 5n }, 1_000_000n, 0n, txs.length))!,
      transactions: txs.map((t, i) =>
        decodeProposalTransaction(transactionBytes(address, i, t.program ?? STEWARD_PROGRAM, t.on ?? config, treasury, updateBytes(t.set), t.executedAt))!,
      ),
    };
  };

  it("the later executed proposal wins, a defeated one counts for nothing", () => {
    const first = proposal(STATE.completed, "eleven validators, cycles of 4", 1_000n, [{ set: { num_delegation_validators: 11n, epochs_per_cycle: 4n }, executedAt: 1_001n }]);
    const second = proposal(STATE.completed, "twelve validators, bond 5 %", 2_000n, [{ set: { num_delegation_validators: 12n, minimum_bond_bps: 500n }, executedAt: 2_001n }]);
    const defeated = proposal(STATE.defeated, "ninety-nine validators", 3_000n, [{ set: { num_delegation_validators: 99n, commission_threshold_bps: 900n }, executedAt: null }]);
    const voting = proposal(STATE.voting, "still voting", 4_000n, [{ set: { num_delegation_validators: 13n }, executedAt: null }]);
    const elsewhere = proposal(STATE.completed, "another program, another config", 5_000n, [
      { set: { scoring_unstake_cap_bps: 1n }, executedAt: 5_001n, program: key() },
      { set: { instant_unstake_cap_bps: 1n }, executedAt: 5_001n, on: key() },
    ]);
    for (const order of [[first, second, defeated, voting, elsewhere], [elsewhere, voting, defeated, second, first]]) {
      const last = lastChanges(order, config);
      expect(last.get("num_delegation_validators")).toMatchObject({ name: "twelve validators, bond 5 %", value: 12n, executedAt: 2_001n });
      expect(last.get("num_delegation_validators")!.proposal.equals(second.address)).toBe(true);
      expect(last.get("minimum_bond_bps")).toMatchObject({ name: "twelve validators, bond 5 %", value: 500n });
      expect(last.get("epochs_per_cycle")).toMatchObject({ name: "eleven validators, cycles of 4", value: 4n });
      expect(last.has("commission_threshold_bps")).toBe(false);
      expect(last.has("scoring_unstake_cap_bps")).toBe(false);
      expect(last.has("instant_unstake_cap_bps")).toBe(false);
      expect([...last.keys()].sort()).toEqual(["epochs_per_cycle", "minimum_bond_bps", "num_delegation_validators"]);
    }
  });

  it("within one proposal the later transaction wins; the same second goes to the later vote", () => {
    const both = proposal(STATE.completed, "two steps", 1_000n, [
      { set: { epochs_per_cycle: 5n }, executedAt: 1_500n },
      { set: { epochs_per_cycle: 6n }, executedAt: 1_500n },
    ]);
    const early = proposal(STATE.executing, "voted first", 1_100n, [{ set: { minimum_voting_epochs: 2n }, executedAt: 1_600n }]);
    const late = proposal(STATE.completed, "voted second", 1_200n, [{ set: { minimum_voting_epochs: 3n }, executedAt: 1_600n }]);
    const last = lastChanges([late, both, early], config);
    expect(last.get("epochs_per_cycle")?.value).toBe(6n);
    expect(last.get("minimum_voting_epochs")).toMatchObject({ name: "voted second", value: 3n });
  });
});

describe("time left, as lst dao proposals counts it", () => {
  const config = decodeGovernance(
    new Bytes().u8(18).key(key()).key(key()).u32(0).u8(0).u8(60).u64(1n).u32(0).u32(259_200).u8(0).u8(2).u8(2).u64(1n).u8(2).u8(2).u32(0).u8(10).bytes,
  )!.config;
  const at = (state: number, t: Times) => decodeProposal(proposalBytes(key(), key(), state, "p", t))!;

  it("to vote, and until a passed proposal executes (strictly after the hold-up)", () => {
    const voting = at(STATE.voting, { votingAt: 1_000n });
    expect(secondsLeft(voting, config, 1_000n)).toBe(259_200n);
    expect(timeLeftText(voting, config, 1_000n)).toBe("3d 0h left to vote");
    expect(timeLeftText(voting, config, 1_000n + 259_200n - 3_725n)).toBe("1h 2m left to vote");
    expect(secondsLeft(voting, config, 10_000_000n)).toBe(0n);
    const passed = at(STATE.succeeded, { votingAt: 400n, completedAt: 500n });
    expect(timeLeftText(passed, config, 500n)).toBe("executable in 0m 1s");
    expect(timeLeftText(passed, config, 501n)).toBe("executable now");
    const done = at(STATE.completed, { votingAt: 400n, completedAt: 500n });
    expect(secondsLeft(done, config, 500n)).toBeNull();
    expect(isOpen(done)).toBe(false);
    expect(isOpen(at(STATE.defeated, { votingAt: 400n, completedAt: 500n }))).toBe(false);
  });
});

describe("loadDao reads the chain as the panel needs it", () => {
  /** The community-only governance `lst dao init` makes: 60 %, hold-up 0, three days of voting. */
  const governanceBytes = (realm: PublicKey, governed: PublicKey) =>
    new Bytes().u8(18).key(realm).key(governed).u32(0).u8(0).u8(60).u64(1n).u32(0).u32(259_200).u8(0).u8(2).u8(2).u64(1n).u8(2).u8(2).u32(0).u8(10)
      .raw(new Uint8Array(119)).u8(0).u64(2n).bytes;

  it("finds the DAO by its governance of the steward config and attributes the executed change", async () => {
    const pool = key();
    const config = stewardConfigAddress(pool);
    const realm = key();
    const mint = key();
    const governance = key();
    const treasury = nativeTreasuryAddress(governance);
    const now = 1_700_100_000n;

    const configData = new Uint8Array(8 + reprCLayout(STEWARD_IDL, "Config").size);
    configData.set(treasury.toBytes(), 8 + 128);
    new DataView(configData.buffer).setUint32(8 + layout.config.parameters + layout.parameters.numDelegationValidators, 11, true);
    const clock = new Uint8Array(40);
    new DataView(clock.buffer).setBigInt64(32, now, true);
    const realmData = new Bytes().u8(16).key(mint).u8(0).u8(0).raw(new Uint8Array(6)).u64(1n).u8(0).u64(10_000_000_000n).none()
      .raw(new Uint8Array(6)).u16(0).some().key(governance).string("Demo LST DAO").raw(new Uint8Array(128)).bytes;
    const mintData = new Uint8Array(82);
    new DataView(mintData.buffer).setBigUint64(36, 1_000_000n, true);

    const executed = key();
    const open = key();
    const executedData = proposalBytes(governance, mint, STATE.completed, "Delegate to 11 validators", { votingAt: now - 100n, completedAt: now - 90n, closedAt: now - 80n }, 1_000_000n, 0n, 1);
    const openData = proposalBytes(governance, mint, STATE.voting, "Delegate to 12 validators", { votingAt: now - 60n });
    const tx = transactionBytes(executed, 0, STEWARD_PROGRAM, config, treasury, updateBytes({ num_delegation_validators: 11n }), now - 85n);

    const owned = (owner: PublicKey, data: Uint8Array) => ({ owner, data, lamports: 1n });
    const accounts = new Map([
      [config.toBase58(), owned(STEWARD_PROGRAM, configData)],
      ["SysvarC1ock11111111111111111111111111111111", owned(PublicKey.default, clock)],
      [realm.toBase58(), owned(GOVERNANCE_PROGRAM, realmData)],
      [mint.toBase58(), owned(new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), mintData)],
      [proposalTransactionAddress(executed, 0, 0).toBase58(), owned(GOVERNANCE_PROGRAM, tx)],
    ]);
    const queries: unknown[] = [];
    const conn: DaoReads = {
      accounts: async (keys: PublicKey[]) => keys.map((k) => accounts.get(k.toBase58()) ?? null),
      programAccounts: async (program: PublicKey, filters: Memcmp[]) => {
        expect(program.equals(GOVERNANCE_PROGRAM)).toBe(true);
        queries.push(filters.map((f) => [f.offset, base58(f.bytes)]));
        const type = base58(filters[0].bytes);
        if (type === "K") return [{ address: governance, data: governanceBytes(realm, config) }];
        if (type === "F") return [{ address: executed, data: executedData }, { address: open, data: openData }];
        return [];
      },
    };

    const view = (await loadDao(conn, pool))!;
    expect(queries).toEqual([
      [[0, "K"], [33, config.toBase58()]],
      [[0, "F"], [1, governance.toBase58()]],
    ]);
    expect(view.parametersAuthority.equals(treasury)).toBe(true);
    expect(view.now).toBe(now);
    const dao = view.dao!;
    expect(dao.realm.equals(realm) && dao.realmName === "Demo LST DAO" && dao.holdsParameters).toBe(true);
    expect(dao.mintSupply).toBe(1_000_000n);
    const row = view.parameters.find((p) => p.name === "num_delegation_validators")!;
    expect(row.value).toBe(11n);
    expect(row.change).toMatchObject({ name: "Delegate to 11 validators", value: 11n, executedAt: now - 85n });
    expect(row.change!.proposal.equals(executed)).toBe(true);
    expect(view.parameters.filter((p) => p.change !== null)).toHaveLength(1);
    expect(dao.open.map((o) => [o.address.toBase58(), o.proposal.name, o.timeLeft])).toEqual([
      [open.toBase58(), "Delegate to 12 validators", "2d 23h left to vote"],
    ]);
  });

  it("without a governance, the key holding the parameters", async () => {
    const pool = key();
    const holder = key();
    const configData = new Uint8Array(8 + reprCLayout(STEWARD_IDL, "Config").size);
    configData.set(holder.toBytes(), 8 + 128);
    const conn: DaoReads = {
      accounts: async (keys: PublicKey[]) => keys.map((k) => (k.equals(stewardConfigAddress(pool)) ? { owner: STEWARD_PROGRAM, data: configData, lamports: 1n } : null)),
      programAccounts: async () => [],
    };
    const view = (await loadDao(conn, pool))!;
    expect(view.dao).toBeNull();
    expect(view.parametersAuthority.equals(holder)).toBe(true);
    expect(view.parameters).toHaveLength(18);
  });
});
