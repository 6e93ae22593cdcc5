import { describe, expect, it } from "vitest";
import { address, getAddressEncoder } from "@solana/kit";
import layout from "../src/generated/layout.json";
import { decodeScore, nextScoringEpoch, packScore, ranks, shortTier, tierLines, whenStake, type SlotFacts, type WhenInput } from "../src/chain/score";
import { creditShare, decodeClusterHistory, decodeValidatorHistory } from "../src/chain/history";
import { filterWords } from "../src/chain/explain";

const U64_MAX = (1n << 64n) - 1n;
const bits = layout.flags;
const F = layout.filters;

// The app's packing, whose agreement with the program's `pack` the first test checks on scores
// the program packed (layout.json's score vectors).
const pack = (commission: number, mev: number, age: number, ratio: number) =>
  packScore({ commissionBps: commission, mevCommissionBps: mev, votingEpochs: age, creditRatio: Math.min(ratio, 1_000_000) / 1e6 });

describe("the score's tiers", () => {
  it("decode what the program packs", () => {
    for (const v of layout.score.vectors) {
      const raw = BigInt(v.raw);
      expect(decodeScore(raw)).toEqual({
        commissionBps: v.commissionBps, mevCommissionBps: v.mevCommissionBps, votingEpochs: v.votingEpochs, creditRatio: v.creditRatio / 1e6,
      });
      expect(pack(v.commissionBps, v.mevCommissionBps, v.votingEpochs, v.creditRatio)).toBe(raw);
    }
    for (const [c, m, a, r] of [[0, 500, 11, 1_000_000], [500, 1_000, 64, 970_123], [10_000, 10_000, 0, 0], [1, 0, 65_535, 1]]) {
      const raw = pack(c, m, a, r);
      expect(decodeScore(raw)).toEqual({ commissionBps: c, mevCommissionBps: m, votingEpochs: a, creditRatio: r / 1e6 });
      expect(packScore(decodeScore(raw))).toBe(raw);
    }
    expect(pack(10_000, 10_000, 0, 0)).toBe(0n);
  });

  it("order strictly, highest tier first (the program's tiers_order_strictly)", () => {
    expect(pack(0, 10_000, 0, 0)).toBeGreaterThan(pack(1, 0, 65_535, 1_000_000));
    expect(pack(5, 0, 0, 0)).toBeGreaterThan(pack(5, 1, 65_535, 1_000_000));
    expect(pack(5, 5, 1, 0)).toBeGreaterThan(pack(5, 5, 0, 1_000_000));
  });

  it("read in plain words, never as a number", () => {
    const lines = tierLines(decodeScore(pack(500, 800, 12, 985_000)), { commission: 30, mev: 10, credits: 5 });
    expect(lines.map((l) => l.value)).toEqual([
      "at most 5 % over the last 30 epochs",
      "at most 8 % over the last 10 epochs",
      "12 epochs with vote credits",
      "98.50 % of what voting on every block earns, over the last 5 completed epochs",
    ]);
    expect(tierLines(decodeScore(pack(0, 10_000, 1, 0)), { commission: 1, mev: 1, credits: 1 })[1].value).toMatch(/no MEV client/);
  });

  it("name the highest tier that falls short of another score", () => {
    const t = (c: number, m: number, a: number, r: number) => decodeScore(pack(c, m, a, r));
    expect(shortTier(t(500, 0, 64, 1e6), t(400, 900, 1, 0))?.key).toBe("commission");
    expect(shortTier(t(400, 900, 64, 1e6), t(400, 800, 1, 0))?.key).toBe("mevCommission");
    expect(shortTier(t(400, 800, 10, 1e6), t(400, 800, 12, 0))?.words).toMatch(/vote for 2 more epochs/);
    expect(shortTier(t(400, 800, 12, 900_000), t(400, 800, 12, 950_000))?.key).toBe("credits");
    expect(shortTier(t(400, 800, 12, 950_000), t(400, 800, 12, 950_000))).toBeNull();
    expect(shortTier(t(0, 0, 12, 950_000), t(400, 800, 12, 950_000))).toBeNull();
  });
});

describe("when a validator gets stake", () => {
  it("the next scoring: at once before any cycle, else last cycle + epochs per cycle, never in the past", () => {
    expect(nextScoringEpoch(7n, U64_MAX, 10)).toBe(7n);
    expect(nextScoringEpoch(7n, 5n, 10)).toBe(15n);
    expect(nextScoringEpoch(20n, 5n, 10)).toBe(20n);
    expect(nextScoringEpoch(6n, 5n, 1)).toBe(6n);
  });

  const slot = (score: bigint, flags: number, filtersFailed = 0): SlotFacts => ({ score, rawScore: score || pack(0, 0, 3, 1e6), filtersFailed, flags });
  const scored = bits.scored;
  const delegated = bits.scored | bits.delegated;
  // Four validators, top 2 delegated: #0 best, #2 second, #1 third (passes, below the cut-off), #3 fails MEV client.
  const slots = [
    slot(pack(0, 0, 20, 1e6), delegated),
    slot(pack(0, 500, 20, 1e6), scored),
    slot(pack(0, 100, 20, 1e6), delegated),
    slot(0n, scored, F.mevClient | F.mevCommission),
  ];
  const input = (index: number, over: Partial<WhenInput> = {}): WhenInput => ({
    index, slots, bits, epoch: 12n, lastCycleEpoch: 10n, epochsPerCycle: 3, numDelegationValidators: 2, step: "Idle",
    failedFixes: ["MEV client: run an MEV-enabled client"], instantReasons: [], windows: { commission: 5, mev: 5, credits: 5 }, ...over,
  });

  it("ranks positive scores only, best first, ties by list index", () => {
    expect([...ranks(slots).entries()]).toEqual([[0, 1], [2, 2], [1, 3]]);
    expect([...ranks([slot(5n, scored), slot(5n, scored)]).entries()]).toEqual([[0, 1], [1, 2]]);
  });

  it("a delegated validator keeps its stake until the next scoring", () => {
    const w = whenStake(input(2));
    expect(w.standing).toBe("delegated");
    expect([w.rank, w.cutoff, w.rankedCount, w.nextScoring]).toEqual([2, 2, 3, 13n]);
    expect(w.answer).toMatch(/rank 2 of the top 2/);
    expect(w.changes[0]).toMatch(/1 scored validator below the cut-off/);
  });

  it("one below the cut-off: its rank and the tier it lacks against the cut-off's", () => {
    const w = whenStake(input(1));
    expect(w.standing).toBe("below-cutoff");
    expect(w.rank).toBe(3);
    expect(w.cutoffScore).toBe(slots[2].score);
    expect(w.changes[0]).toMatch(/lower its MEV commission to 1 % or less \(it has charged up to 5 %/);
  });

  it("a filtered one: each failing filter, then the ranking", () => {
    const w = whenStake(input(3));
    expect(w.standing).toBe("filtered");
    expect(w.rank).toBeNull();
    expect(w.changes[0]).toBe("MEV client: run an MEV-enabled client.");
    expect(w.answer).toMatch(/the next scoring \(epoch 13\)/);
  });

  it("fewer scored than the cut-off: any passing validator gets stake", () => {
    const w = whenStake(input(1, { numDelegationValidators: 5 }));
    expect(w.cutoffScore).toBeNull();
    expect(w.answer).toMatch(/fewer than 5 validators pass every filter/);
  });

  it("scoring under way, an unscored, an instant-unstaked and a removed validator", () => {
    expect(whenStake(input(1, { step: "ComputeScores" })).answer).toMatch(/this epoch's scoring \(epoch 12, under way\)/);
    const others = [slot(0n, 0), slot(pack(0, 0, 1, 1), bits.scored | bits.instantUnstake), slot(0n, bits.removing)];
    const at = (i: number) => whenStake({ ...input(i), slots: others, instantReasons: ["delinquent this epoch"] });
    expect(at(0).standing).toBe("unscored");
    expect(at(1).standing).toBe("instant-unstaked");
    expect(at(1).answer).toMatch(/delinquent this epoch/);
    expect(at(2).standing).toBe("removing");
  });
});

describe("the steward's history accounts, laid out by the IDL", () => {
  // ValidatorHistory: discriminator, config, vote, 64 entries of 40 bytes, two u64 slots, u16 max
  // commission, u16 voting epochs, then vote_closed, blacklisted, bump, padding (history.rs).
  const vote = address("Vote111111111111111111111111111111111111111");
  const data = new Uint8Array(8 + 64 + 64 * 40 + 24);
  const view = new DataView(data.buffer);
  for (let k = 0; k < 64; k++) view.setUint16(8 + 64 + k * 40 + 28, 0xffff, true); // every entry empty
  data.set(getAddressEncoder().encode(vote), 40);
  const entry = (epoch: number, credits: number, commission: number) => {
    const at = 8 + 64 + (epoch % 64) * 40;
    view.setBigUint64(at, 5_000_000_000n, true);
    view.setBigUint64(at + 8, (1n << 64n) - 1n, true);
    view.setUint32(at + 16, credits, true);
    view.setUint16(at + 28, epoch, true);
    view.setUint16(at + 30, commission, true);
    view.setUint16(at + 32, 0xffff, true);
    data[at + 34] = 1;
    data[at + 35] = 0;
  };
  entry(70, 16_000, 500);
  entry(65, 15_000, 0);
  const tail = 8 + 64 + 64 * 40;
  view.setUint16(tail + 16, 500, true);
  view.setUint16(tail + 18, 9, true);
  data[tail + 21] = 1;

  it("decodes the ring's epochs, oldest first, unset fields as none", () => {
    const h = decodeValidatorHistory(vote, data);
    expect(h.vote).toBe(vote);
    expect(h.entries.map((e) => [e.epoch, e.voteCredits, e.commissionBps, e.mevCommissionBps, e.poolStake, e.mevClient, e.superminority]))
      .toEqual([[65, 15_000, 0, null, null, true, false], [70, 16_000, 500, null, null, true, false]]);
    expect([h.maxCommissionBps, h.votingEpochs, h.voteClosed, h.blacklisted]).toEqual([500, 9, false, true]);
  });

  it("credits against the cluster's blocks", () => {
    const cluster = new Uint8Array(8 + 32 + 64 * 40 + 8);
    const cv = new DataView(cluster.buffer);
    for (let k = 0; k < 64; k++) cv.setUint16(8 + 32 + k * 40 + 36, 0xffff, true);
    const at = 8 + 32 + (70 % 64) * 40;
    cv.setUint32(at + 32, 1_000, true);
    cv.setUint16(at + 36, 70, true);
    cluster[at + 38] = 1;
    const epochs = decodeClusterHistory(cluster);
    expect(epochs).toEqual([{ epoch: 70, blocks: 1_000, fromFirstSlot: true }]);
    const h = decodeValidatorHistory(vote, data);
    expect(creditShare(h.entries[1], epochs)).toBe(1);
    expect(creditShare(h.entries[0], epochs)).toBeNull();
  });

  it("every filter in words, with the pool's thresholds", () => {
    const words = filterWords({ commission_threshold_bps: 500n, commission_window: 30n, mev_commission_window: 10n, mev_commission_threshold_bps: 1000n });
    expect(words.map((w) => w.bit)).toEqual(Object.values(F).sort((a, b) => a - b));
    expect(words.find((w) => w.key === "commission")?.checks).toBe("charges at most 5 % inflation commission in every epoch of the last 30");
  });
});

describe("the pool's charts", () => {
  it("APY per epoch from the rate's growth, per epoch across gaps", async () => {
    const { apyPerEpoch } = await import("../src/chain/pool");
    const points = [
      { epoch: 10, rate: 1, tvlLamports: null },
      { epoch: 11, rate: 1.001, tvlLamports: 5 },
      { epoch: 13, rate: 1.001 * 1.001 * 1.001, tvlLamports: 6 },
    ];
    const y = apyPerEpoch(points, 100);
    expect(y[0]).toBeNull();
    expect(y[1]).toBeCloseTo(Math.pow(1.001, 100) - 1, 12);
    expect(y[2]).toBeCloseTo(Math.pow(1.001, 100) - 1, 12);
    expect(apyPerEpoch([{ epoch: 1, rate: 0, tvlLamports: 0 }, { epoch: 2, rate: 1, tvlLamports: 0 }], 100)[1]).toBeNull();
  });
});
