import { describe, expect, it } from "vitest";
import { PublicKey } from "@solana/web3.js";
import { address, getAddressDecoder, getAddressEncoder, unwrapOption, type Address, type ReadonlyUint8Array } from "@solana/kit";
import layout from "../src/generated/layout.json";
import { base58 } from "../src/chain/borsh";
import type { DaoReads } from "../src/chain/dao";
import type { Memcmp } from "../src/chain/rpc";
import {
  decodeGovernance, decodeProposal, decodeProposalTransaction, decodeRealm, GOVERNANCE_PROGRAM, isOpen, lastChanges, loadDao,
  nativeTreasuryAddress, proposalTransactionAddress, realmsUrl, secondsLeft, thresholdText, timeLeftText, type ProposalWithTransactions,
} from "../src/chain/dao";
import { decodeParametersUpdate, decodeStewardParameters, instruction, parameterFields, reprCLayout, STEWARD_IDL } from "../src/chain/idl";
import { STEWARD_PROGRAM, stewardConfigAddress } from "../src/chain/accounts";
import {
  GOVERNANCE_V2_DISCRIMINATOR, PROPOSAL_V2_DISCRIMINATOR, getGovernanceV2Encoder, getProposalTransactionV2Encoder, getProposalV2Encoder, getRealmV2Encoder,
} from "../src/generated/clients/splGovernance/accounts";
import {
  InstructionExecutionFlags, OptionVoteResult, ProposalState, TransactionExecutionStatus, VoteTipping,
} from "../src/generated/clients/splGovernance/types";
import { getUpdateParametersInstructionDataEncoder, type UpdateParametersInstructionDataArgs } from "../src/generated/clients/steward/instructions";

const key = () => getAddressDecoder().decode(crypto.getRandomValues(new Uint8Array(32)));
const DISCRIMINATOR = [116, 107, 24, 207, 101, 49, 213, 77]; // update_parameters, as the IDL has it
const bytesOf = (b: ReadonlyUint8Array) => new Uint8Array(b);

interface Times { votingAt?: bigint; completedAt?: bigint; closedAt?: bigint }

/** A `ProposalV2` (single choice "Approve" with the deny option), by the generated encoder. */
function proposalBytes(governance: Address, mint: Address, state: ProposalState, name: string, t: Times = {}, yes = 0n, no = 0n, executed = 0) {
  const result = state === ProposalState.Defeated ? OptionVoteResult.Defeated : state >= ProposalState.Succeeded ? OptionVoteResult.Succeeded : OptionVoteResult.None;
  return bytesOf(getProposalV2Encoder().encode({
    governance, governingTokenMint: mint, state, tokenOwnerRecord: key(), signatoriesCount: 1, signatoriesSignedOffCount: 1,
    voteType: { __kind: "SingleChoice" },
    options: [{ label: "Approve", voteWeight: yes, voteResult: result, transactionsExecutedCount: executed, transactionsCount: 1, transactionsNextIndex: 1 }],
    denyVoteWeight: no, reserved1: 0, abstainVoteWeight: null, startVotingAt: null, draftAt: 1_700_000_000n, signingOffAt: 1_700_000_001n,
    votingAt: t.votingAt ?? null, votingAtSlot: 4242n, votingCompletedAt: t.completedAt ?? null,
    executingAt: state === ProposalState.Executing || state === ProposalState.Completed ? (t.completedAt ?? 0n) : null,
    closedAt: t.closedAt ?? null, executionFlags: InstructionExecutionFlags.None,
    maxVoteWeight: t.completedAt !== undefined ? 1_000_000n : null, maxVotingTime: null,
    voteThreshold: t.completedAt !== undefined ? { __kind: "YesVotePercentage", fields: [60] } : null,
    reserved: new Uint8Array(64), name, descriptionLink: "https://example.com/why", vetoVoteWeight: 0n,
  }));
}

/** `update_parameters` data setting the (field, value) pairs given, by the steward's generated encoder. */
function updateBytes(set: Record<string, bigint>) {
  const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const args = Object.fromEntries(parameterFields().map((f) => [camel(f.name), set[f.name] === undefined ? null : Number(set[f.name])]));
  return bytesOf(getUpdateParametersInstructionDataEncoder().encode(args as unknown as UpdateParametersInstructionDataArgs));
}

/** A `ProposalTransactionV2` holding one instruction of `program` on (config, treasury). */
function transactionBytes(proposal: Address, index: number, program: Address, config: Address, treasury: Address, data: Uint8Array, executedAt: bigint | null) {
  return bytesOf(getProposalTransactionV2Encoder().encode({
    proposal, optionIndex: 0, transactionIndex: index, holdUpTime: 0,
    instructions: [{ programId: program, accounts: [{ pubkey: config, isSigner: false, isWritable: true }, { pubkey: treasury, isSigner: true, isWritable: false }], data }],
    executedAt, executionStatus: executedAt === null ? TransactionExecutionStatus.None : TransactionExecutionStatus.Success, reservedV2: new Uint8Array(8),
  }));
}

/** The community-only governance `lst dao init` makes: 60 %, hold-up 0, three days of voting. */
const governanceBytes = (realm: Address, governed: Address) =>
  bytesOf(getGovernanceV2Encoder().encode({
    realm, governedAccount: governed, reserved1: 0, reservedV2: new Uint8Array(119), requiredSignatoriesCount: 0, activeProposalCount: 2n,
    config: {
      communityVoteThreshold: { __kind: "YesVotePercentage", fields: [60] }, minCommunityWeightToCreateProposal: 1n, minTransactionHoldUpTime: 0,
      votingBaseTime: 259_200, communityVoteTipping: VoteTipping.Strict, councilVoteThreshold: { __kind: "Disabled" },
      councilVetoVoteThreshold: { __kind: "Disabled" }, minCouncilWeightToCreateProposal: 1n, councilVoteTipping: VoteTipping.Disabled,
      communityVetoVoteThreshold: { __kind: "Disabled" }, votingCoolOffTime: 0, depositExemptProposalCount: 10,
    },
  }));
const realmBytes = (mint: Address, authority: Address, name: string) =>
  bytesOf(getRealmV2Encoder().encode({
    communityMint: mint,
    config: {
      legacy1: 0, legacy2: 0, reserved: new Uint8Array(6), minCommunityWeightToCreateGovernance: 1n,
      communityMintMaxVoterWeightSource: { __kind: "SupplyFraction", fields: [10_000_000_000n] }, councilMint: null,
    },
    reserved: new Uint8Array(6), legacy1: 0, authority, name, reservedV2: new Uint8Array(128),
  }));

describe("governance accounts read by the generated client", () => {
  it("ProposalV2: the fields, the type byte, a cut-short account", () => {
    const governance = key();
    const mint = key();
    const data = proposalBytes(governance, mint, ProposalState.Succeeded, "Delegate to 11 validators", { votingAt: 1_700_000_002n, completedAt: 1_700_000_003n }, 1_000_000n, 5n);
    // The account-type byte, then the governance (the memcmp filter's offset), as the program writes them.
    expect(data[0]).toBe(14);
    expect(getAddressDecoder().decode(data, 1)).toBe(governance);
    const p = decodeProposal(data)!;
    expect([p.governance, p.governingTokenMint, p.state, p.name]).toEqual([governance, mint, ProposalState.Succeeded, "Delegate to 11 validators"]);
    expect(p.options[0]).toMatchObject({ label: "Approve", voteWeight: 1_000_000n, voteResult: OptionVoteResult.Succeeded });
    expect([unwrapOption(p.denyVoteWeight), unwrapOption(p.votingAt), unwrapOption(p.votingCompletedAt)]).toEqual([5n, 1_700_000_002n, 1_700_000_003n]);
    expect(isOpen(p)).toBe(true);
    expect(decodeProposal(Uint8Array.from([18, ...data.slice(1)]))).toBeNull();
    expect(decodeProposal(data.slice(0, 120))).toBeNull();
  });

  it("ProposalTransactionV2 and the update_parameters it holds", () => {
    const [proposal, config, treasury] = [key(), key(), key()];
    const update = updateBytes({ num_delegation_validators: 11n, minimum_stake_lamports: 5_000_000_000n });
    expect(Array.from(update.slice(0, 8))).toEqual(DISCRIMINATOR);
    const tx = decodeProposalTransaction(transactionBytes(proposal, 3, STEWARD_PROGRAM, config, treasury, update, 1_700_000_100n))!;
    expect([tx.proposal, tx.transactionIndex, unwrapOption(tx.executedAt)]).toEqual([proposal, 3, 1_700_000_100n]);
    const [ix] = tx.instructions;
    expect(ix.programId).toBe(STEWARD_PROGRAM);
    expect(ix.accounts.map((a) => [a.pubkey, a.isSigner, a.isWritable])).toEqual([[config, false, true], [treasury, true, false]]);
    expect(decodeParametersUpdate(new Uint8Array(ix.data))).toEqual({ num_delegation_validators: 11n, minimum_stake_lamports: 5_000_000_000n });
    expect(decodeParametersUpdate(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 0]))).toBeNull();
  });

  it("GovernanceV2 and RealmV2", () => {
    const [realm, governed, mint] = [key(), key(), key()];
    const gov = decodeGovernance(governanceBytes(realm, governed))!;
    expect([gov.realm, gov.governedAccount]).toEqual([realm, governed]);
    expect(gov.config.votingBaseTime).toBe(259_200);
    expect(thresholdText(gov.config.communityVoteThreshold)).toBe("60 % of the supply");
    const r = decodeRealm(realmBytes(mint, governed, "Demo LST DAO"))!;
    expect([r.communityMint, unwrapOption(r.authority), r.name]).toEqual([mint, governed, "Demo LST DAO"]);
  });

  it("addresses and links", async () => {
    const [k, proposal, realm] = [key(), key(), key()];
    expect(await proposalTransactionAddress(proposal, 0, 1)).not.toBe(await proposalTransactionAddress(proposal, 0, 256));
    // The governance program's seeds, derived again by web3.js.
    const web3Pda = (...seeds: Uint8Array[]) => PublicKey.findProgramAddressSync(seeds, new PublicKey(GOVERNANCE_PROGRAM))[0].toBase58();
    const text = (s: string) => new TextEncoder().encode(s);
    const bytes = (a: Address) => new PublicKey(a).toBytes();
    expect(await proposalTransactionAddress(proposal, 2, 258)).toBe(web3Pda(text("governance"), bytes(proposal), Uint8Array.from([2]), Uint8Array.from([2, 1])));
    expect(await nativeTreasuryAddress(k)).toBe(web3Pda(text("native-treasury"), bytes(k)));
    expect(realmsUrl(realm, proposal)).toBe(`https://app.realms.today/dao/${realm}/proposal/${proposal}`);
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
    data.set(getAddressEncoder().encode(authority), 8 + 128); // after stake_pool, pool_program, state, admin
    const p = 8 + layout.config.parameters;
    view.setUint32(p + layout.parameters.numDelegationValidators, 10, true);
    view.setUint16(p + layout.parameters.minimumBondBps, 400, true);
    view.setBigUint64(p, 7n, true); // minimum_stake_lamports, the first field
    const decoded = decodeStewardParameters(data);
    expect(decoded.parametersAuthority).toBe(authority);
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
  const proposal = (state: ProposalState, name: string, completedAt: bigint, txs: Array<{ set: Record<string, bigint>; executedAt: bigint | null; program?: Address; on?: Address }>): ProposalWithTransactions => {
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
    const first = proposal(ProposalState.Completed, "eleven validators, cycles of 4", 1_000n, [{ set: { num_delegation_validators: 11n, epochs_per_cycle: 4n }, executedAt: 1_001n }]);
    const second = proposal(ProposalState.Completed, "twelve validators, bond 5 %", 2_000n, [{ set: { num_delegation_validators: 12n, minimum_bond_bps: 500n }, executedAt: 2_001n }]);
    const defeated = proposal(ProposalState.Defeated, "ninety-nine validators", 3_000n, [{ set: { num_delegation_validators: 99n, commission_threshold_bps: 900n }, executedAt: null }]);
    const voting = proposal(ProposalState.Voting, "still voting", 4_000n, [{ set: { num_delegation_validators: 13n }, executedAt: null }]);
    const elsewhere = proposal(ProposalState.Completed, "another program, another config", 5_000n, [
      { set: { scoring_unstake_cap_bps: 1n }, executedAt: 5_001n, program: key() },
      { set: { instant_unstake_cap_bps: 1n }, executedAt: 5_001n, on: key() },
    ]);
    for (const order of [[first, second, defeated, voting, elsewhere], [elsewhere, voting, defeated, second, first]]) {
      const last = lastChanges(order, config);
      expect(last.get("num_delegation_validators")).toMatchObject({ name: "twelve validators, bond 5 %", value: 12n, executedAt: 2_001n });
      expect(last.get("num_delegation_validators")!.proposal).toBe(second.address);
      expect(last.get("minimum_bond_bps")).toMatchObject({ name: "twelve validators, bond 5 %", value: 500n });
      expect(last.get("epochs_per_cycle")).toMatchObject({ name: "eleven validators, cycles of 4", value: 4n });
      expect(last.has("commission_threshold_bps")).toBe(false);
      expect(last.has("scoring_unstake_cap_bps")).toBe(false);
      expect(last.has("instant_unstake_cap_bps")).toBe(false);
      expect([...last.keys()].sort()).toEqual(["epochs_per_cycle", "minimum_bond_bps", "num_delegation_validators"]);
    }
  });

  it("within one proposal the later transaction wins; the same second goes to the later vote", () => {
    const both = proposal(ProposalState.Completed, "two steps", 1_000n, [
      { set: { epochs_per_cycle: 5n }, executedAt: 1_500n },
      { set: { epochs_per_cycle: 6n }, executedAt: 1_500n },
    ]);
    const early = proposal(ProposalState.Executing, "voted first", 1_100n, [{ set: { minimum_voting_epochs: 2n }, executedAt: 1_600n }]);
    const late = proposal(ProposalState.Completed, "voted second", 1_200n, [{ set: { minimum_voting_epochs: 3n }, executedAt: 1_600n }]);
    const last = lastChanges([late, both, early], config);
    expect(last.get("epochs_per_cycle")?.value).toBe(6n);
    expect(last.get("minimum_voting_epochs")).toMatchObject({ name: "voted second", value: 3n });
  });
});

describe("time left, as lst dao proposals counts it", () => {
  const config = decodeGovernance(governanceBytes(key(), key()))!.config;
  const at = (state: ProposalState, t: Times) => decodeProposal(proposalBytes(key(), key(), state, "p", t))!;

  it("to vote, and until a passed proposal executes (strictly after the hold-up)", () => {
    const voting = at(ProposalState.Voting, { votingAt: 1_000n });
    expect(secondsLeft(voting, config, 1_000n)).toBe(259_200n);
    expect(timeLeftText(voting, config, 1_000n)).toBe("3d 0h left to vote");
    expect(timeLeftText(voting, config, 1_000n + 259_200n - 3_725n)).toBe("1h 2m left to vote");
    expect(secondsLeft(voting, config, 10_000_000n)).toBe(0n);
    const passed = at(ProposalState.Succeeded, { votingAt: 400n, completedAt: 500n });
    expect(timeLeftText(passed, config, 500n)).toBe("executable in 0m 1s");
    expect(timeLeftText(passed, config, 501n)).toBe("executable now");
    const done = at(ProposalState.Completed, { votingAt: 400n, completedAt: 500n });
    expect(secondsLeft(done, config, 500n)).toBeNull();
    expect(isOpen(done)).toBe(false);
    expect(isOpen(at(ProposalState.Defeated, { votingAt: 400n, completedAt: 500n }))).toBe(false);
  });
});

describe("loadDao reads the chain as the panel needs it", () => {
  it("finds the DAO by its governance of the steward config and attributes the executed change", async () => {
    const pool = key();
    const config = await stewardConfigAddress(pool);
    const realm = key();
    const mint = key();
    const governance = key();
    const treasury = await nativeTreasuryAddress(governance);
    const now = 1_700_100_000n;

    const configData = new Uint8Array(8 + reprCLayout(STEWARD_IDL, "Config").size);
    configData.set(getAddressEncoder().encode(treasury), 8 + 128);
    new DataView(configData.buffer).setUint32(8 + layout.config.parameters + layout.parameters.numDelegationValidators, 11, true);
    const clock = new Uint8Array(40);
    new DataView(clock.buffer).setBigInt64(32, now, true);
    const realmData = realmBytes(mint, governance, "Demo LST DAO");
    const mintData = new Uint8Array(82);
    new DataView(mintData.buffer).setBigUint64(36, 1_000_000n, true);

    const executed = key();
    const open = key();
    const executedData = proposalBytes(governance, mint, ProposalState.Completed, "Delegate to 11 validators", { votingAt: now - 100n, completedAt: now - 90n, closedAt: now - 80n }, 1_000_000n, 0n, 1);
    const openData = proposalBytes(governance, mint, ProposalState.Voting, "Delegate to 12 validators", { votingAt: now - 60n });
    const tx = transactionBytes(executed, 0, STEWARD_PROGRAM, config, treasury, updateBytes({ num_delegation_validators: 11n }), now - 85n);

    const owned = (owner: Address, data: Uint8Array) => ({ owner, data, lamports: 1n });
    const accounts = new Map([
      [config, owned(STEWARD_PROGRAM, configData)],
      ["SysvarC1ock11111111111111111111111111111111", owned(address("11111111111111111111111111111111"), clock)],
      [realm, owned(GOVERNANCE_PROGRAM, realmData)],
      [mint, owned(address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), mintData)],
      [await proposalTransactionAddress(executed, 0, 0), owned(GOVERNANCE_PROGRAM, tx)],
    ]);
    const queries: unknown[] = [];
    const conn: DaoReads = {
      accounts: async (keys: Address[]) => keys.map((k) => accounts.get(k) ?? null),
      programAccounts: async (program: Address, filters: Memcmp[]) => {
        expect(program).toBe(GOVERNANCE_PROGRAM);
        queries.push(filters.map((f) => [f.offset, base58(f.bytes)]));
        const type = base58(filters[0].bytes);
        if (type === base58(GOVERNANCE_V2_DISCRIMINATOR)) return [{ address: governance, data: governanceBytes(realm, config) }];
        if (type === base58(PROPOSAL_V2_DISCRIMINATOR)) return [{ address: executed, data: executedData }, { address: open, data: openData }];
        return [];
      },
    };

    const view = (await loadDao(conn, pool))!;
    expect(queries).toEqual([
      [[0, "K"], [33, config]],
      [[0, "F"], [1, governance]],
    ]);
    expect(view.parametersAuthority).toBe(treasury);
    expect(view.now).toBe(now);
    const dao = view.dao!;
    expect([dao.realm, dao.realmName, dao.holdsParameters]).toEqual([realm, "Demo LST DAO", true]);
    expect(dao.mintSupply).toBe(1_000_000n);
    const row = view.parameters.find((p) => p.name === "num_delegation_validators")!;
    expect(row.value).toBe(11n);
    expect(row.change).toMatchObject({ name: "Delegate to 11 validators", value: 11n, executedAt: now - 85n });
    expect(row.change!.proposal).toBe(executed);
    expect(view.parameters.filter((p) => p.change !== null)).toHaveLength(1);
    expect(dao.open.map((o) => [o.address, o.proposal.name, o.timeLeft])).toEqual([
      [open, "Delegate to 12 validators", "2d 23h left to vote"],
    ]);
  });

  it("without a governance, the key holding the parameters", async () => {
    const pool = key();
    const holder = key();
    const configData = new Uint8Array(8 + reprCLayout(STEWARD_IDL, "Config").size);
    configData.set(getAddressEncoder().encode(holder), 8 + 128);
    const config = await stewardConfigAddress(pool);
    const conn: DaoReads = {
      accounts: async (keys: Address[]) => keys.map((k) => (k === config ? { owner: STEWARD_PROGRAM, data: configData, lamports: 1n } : null)),
      programAccounts: async () => [],
    };
    const view = (await loadDao(conn, pool))!;
    expect(view.dao).toBeNull();
    expect(view.parametersAuthority).toBe(holder);
    expect(view.parameters).toHaveLength(18);
  });
});
