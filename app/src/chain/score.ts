// The steward's score in plain words, and when a validator gets stake. Pure functions, no RPC.
//
// The raw score packs four tiers into one u64 (programs/steward/src/score.rs, `pack`), highest first:
//   bits 50..63  10 000 − the highest inflation commission (bps) of the commission window
//   bits 36..49  10 000 − the highest MEV commission (bps) of the MEV window
//   bits 20..35  voting epochs (the validator's age, at most 64)
//   bits  0..19  vote credits earned / credits possible over the credits window, in millionths
// A better value in a higher tier always wins, whatever the lower tiers hold. The score is the raw
// score when every filter passes, else 0.

import layout from "../generated/layout.json";

const BPS = 10_000n;
// The tiers' positions, from the program's own constants (generated/layout.json).
const COMMISSION_SHIFT = BigInt(layout.score.commissionShift);
const MEV_COMMISSION_SHIFT = BigInt(layout.score.mevCommissionShift);
const AGE_SHIFT = BigInt(layout.score.ageShift);
const CREDIT_RATIO_ONE = BigInt(layout.score.creditRatioOne);
const U64_MAX = (1n << 64n) - 1n;

export interface Tiers {
  /** Highest inflation commission of the commission window, in bps. */
  commissionBps: number;
  /** Highest MEV commission of the MEV window, in bps (10 000 when it ran no MEV client). */
  mevCommissionBps: number;
  /** Epochs the vote account lists with credits. */
  votingEpochs: number;
  /** Credits earned over credits possible in the credits window, 0..1. */
  creditRatio: number;
}

/** The four tiers of a raw score. */
export function decodeScore(raw: bigint): Tiers {
  const commission = raw >> COMMISSION_SHIFT;
  const mev = (raw >> MEV_COMMISSION_SHIFT) & ((1n << (COMMISSION_SHIFT - MEV_COMMISSION_SHIFT)) - 1n);
  const age = (raw >> AGE_SHIFT) & ((1n << (MEV_COMMISSION_SHIFT - AGE_SHIFT)) - 1n);
  const ratio = raw & ((1n << AGE_SHIFT) - 1n);
  return {
    commissionBps: Number(BPS - commission),
    mevCommissionBps: Number(BPS - mev),
    votingEpochs: Number(age),
    creditRatio: Number(ratio) / Number(CREDIT_RATIO_ONE),
  };
}

/** The inverse of `decodeScore` (the program's `pack`), for tests and comparisons. */
export function packScore(t: Tiers): bigint {
  const commission = BPS - BigInt(Math.min(t.commissionBps, 10_000));
  const mev = BPS - BigInt(Math.min(t.mevCommissionBps, 10_000));
  const ratio = BigInt(Math.round(t.creditRatio * Number(CREDIT_RATIO_ONE)));
  return (
    (commission << COMMISSION_SHIFT) |
    (mev << MEV_COMMISSION_SHIFT) |
    (BigInt(t.votingEpochs) << AGE_SHIFT) |
    (ratio > CREDIT_RATIO_ONE ? CREDIT_RATIO_ONE : ratio)
  );
}

export const percent = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")} %`;
export const ratioPercent = (r: number) => `${(r * 100).toFixed(2)} %`;

export type TierKey = "commission" | "mevCommission" | "age" | "credits";

export interface TierLine {
  key: TierKey;
  /** "first tier", … */
  rank: string;
  name: string;
  /** The value in words. */
  value: string;
  /** What counts as better. */
  better: string;
}

/** Each tier of `t` in words, highest tier first. */
export function tierLines(t: Tiers, windows: { commission: number; mev: number; credits: number }): TierLine[] {
  return [
    {
      key: "commission", rank: "first tier", name: "Commission",
      value: `at most ${percent(t.commissionBps)} over the last ${windows.commission} epochs`,
      better: "lower is better; it decides the order before anything else",
    },
    {
      key: "mevCommission", rank: "second tier", name: "MEV commission",
      value: t.mevCommissionBps >= 10_000 ? "no MEV client seen (counted as 100 %)" : `at most ${percent(t.mevCommissionBps)} over the last ${windows.mev} epochs`,
      better: "lower is better; it orders validators with the same commission",
    },
    {
      key: "age", rank: "third tier", name: "Voting history",
      value: `${t.votingEpochs} epoch${t.votingEpochs === 1 ? "" : "s"} with vote credits`,
      better: "longer is better (up to 64 epochs); it orders validators equal on both commissions",
    },
    {
      key: "credits", rank: "fourth tier", name: "Vote credits",
      value: `${ratioPercent(t.creditRatio)} of what voting on every block earns, over the last ${windows.credits} completed epochs`,
      better: "higher is better; it orders validators equal on everything above",
    },
  ];
}

/** What the steward records of a validator, as the rest of this module needs it. */
export interface SlotFacts {
  score: bigint;
  rawScore: bigint;
  filtersFailed: number;
  flags: number;
}

export interface Bits {
  scored: number;
  delegated: number;
  instantUnstake: number;
  removing: number;
}

/** Rank (1 = best) of each slot with a positive score, ties by list index, as `compute_delegations`
 * orders them. */
export function ranks(slots: SlotFacts[]): Map<number, number> {
  const ranked = slots
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.score > 0n)
    .sort((a, b) => (a.s.score === b.s.score ? a.i - b.i : a.s.score > b.s.score ? -1 : 1));
  return new Map(ranked.map(({ i }, k) => [i, k + 1]));
}

/** The epoch the next cycle's scoring may start: at once when none ran yet, else
 * `last_cycle_epoch + epochs_per_cycle` (`cycle_due` in compute_scores.rs), never before `epoch`. */
export function nextScoringEpoch(epoch: bigint, lastCycleEpoch: bigint, epochsPerCycle: number): bigint {
  if (lastCycleEpoch === U64_MAX) return epoch;
  const due = lastCycleEpoch + BigInt(epochsPerCycle);
  return due > epoch ? due : epoch;
}

export type Standing = "delegated" | "below-cutoff" | "filtered" | "instant-unstaked" | "unscored" | "removing";

export interface When {
  standing: Standing;
  /** The epoch the next scoring may start. */
  nextScoring: bigint;
  /** Whether that scoring is running now (the state is in ComputeScores or ComputeDelegations). */
  scoringNow: boolean;
  /** Its rank among validators with a positive score; null without one. */
  rank: number | null;
  /** Validators with a positive score. */
  rankedCount: number;
  /** How many receive stake (the top N). */
  cutoff: number;
  /** The score at the cut-off (the N-th best), null when fewer than N have one. */
  cutoffScore: bigint | null;
  /** One sentence: when it gets stake (or keeps it). */
  answer: string;
  /** What would change it, each in plain words. */
  changes: string[];
}

export interface WhenInput {
  index: number;
  slots: SlotFacts[];
  bits: Bits;
  epoch: bigint;
  lastCycleEpoch: bigint;
  epochsPerCycle: number;
  numDelegationValidators: number;
  /** The state's step name (Idle, ComputeScores, …). */
  step: string;
  /** Plain words for each failed filter: what would make it pass. */
  failedFixes: string[];
  /** Plain words for the instant-unstake reasons. */
  instantReasons: string[];
  windows: { commission: number; mev: number; credits: number };
}

/** The tier where `mine` falls short of `other` (the highest tier that differs), and how. */
export function shortTier(mine: Tiers, other: Tiers): { key: TierKey; words: string } | null {
  if (mine.commissionBps !== other.commissionBps) {
    return mine.commissionBps > other.commissionBps
      ? { key: "commission", words: `lower its commission to ${percent(other.commissionBps)} or less (it has charged up to ${percent(mine.commissionBps)} in the window)` }
      : null;
  }
  if (mine.mevCommissionBps !== other.mevCommissionBps) {
    return mine.mevCommissionBps > other.mevCommissionBps
      ? { key: "mevCommission", words: `lower its MEV commission to ${percent(other.mevCommissionBps)} or less (it has charged up to ${percent(mine.mevCommissionBps)} in the window); commissions equal, this tier decides` }
      : null;
  }
  if (mine.votingEpochs !== other.votingEpochs) {
    const more = other.votingEpochs - mine.votingEpochs;
    return more > 0
      ? { key: "age", words: `vote for ${more} more epoch${more === 1 ? "" : "s"} (it has ${mine.votingEpochs}, the cut-off ${other.votingEpochs}); commissions equal, the voting history decides` }
      : null;
  }
  if (mine.creditRatio < other.creditRatio) {
    return { key: "credits", words: `earn more vote credits: above ${ratioPercent(other.creditRatio)} of the maximum (it has ${ratioPercent(mine.creditRatio)}); everything else equal, credits decide` };
  }
  return null;
}

/** When the validator at `index` gets stake, its rank against the cut-off and what would change it. */
export function whenStake(input: WhenInput): When {
  const { index, slots, bits, epoch, numDelegationValidators: n } = input;
  const slot = slots[index];
  const order = ranks(slots);
  const rank = order.get(index) ?? null;
  const byRank = [...order.entries()].sort((a, b) => a[1] - b[1]).map(([i]) => i);
  const cutoffIndex = byRank.length >= n && n > 0 ? byRank[n - 1] : null;
  const cutoffScore = cutoffIndex === null ? null : slots[cutoffIndex].score;
  const nextScoring = nextScoringEpoch(epoch, input.lastCycleEpoch, input.epochsPerCycle);
  const scoringNow = input.step === "ComputeScores" || input.step === "ComputeDelegations";
  const next = scoringNow ? `this epoch's scoring (epoch ${epoch}, under way)` : `the next scoring (epoch ${nextScoring})`;
  const base = { nextScoring, scoringNow, rank, rankedCount: order.size, cutoff: n, cutoffScore };
  const has = (bit: number) => (slot.flags & bit) !== 0;
  const tiersHint = "a lower commission, a lower MEV commission, a longer voting history or more vote credits (in that order) raise its score";

  if (has(bits.removing)) {
    return { ...base, standing: "removing", answer: "Never: it is being removed from the pool.", changes: ["Nothing: the pool is dropping it; it would have to be added again."] };
  }
  if (has(bits.instantUnstake)) {
    return {
      ...base, standing: "instant-unstaked",
      answer: `Not before ${next}: it was unstaked at once this cycle (${input.instantReasons.join(", ") || "a condition of this epoch"}).`,
      changes: [`At ${next} it is scored again like any other; it gets stake if it then passes every filter and ranks in the top ${n}.`],
    };
  }
  if (!has(bits.scored)) {
    return {
      ...base, standing: "unscored",
      answer: `Not before ${next}: it joined after this cycle's scoring.`,
      changes: [`It is scored at ${next}; it gets stake if it passes every filter and ranks in the top ${n}.`],
    };
  }
  if (slot.filtersFailed !== 0 || slot.score === 0n) {
    return {
      ...base, standing: "filtered",
      answer: `Not until every filter passes: it fails ${input.failedFixes.length} of them. Filters are checked again at ${next}.`,
      changes: [...input.failedFixes.map((f) => `${f}.`), `Then it ranks by score against the top ${n}: ${tiersHint}.`],
    };
  }
  if (has(bits.delegated)) {
    return {
      ...base, standing: "delegated",
      answer: `It has stake now: rank ${rank} of the top ${n}. It keeps it until ${next}, unless it is unstaked at once (delinquency, a commission raise, a blacklist, a closed vote account or a short bond).`,
      changes: [
        cutoffScore !== null && rank !== null && rank <= n
          ? `At ${next} it keeps stake if it still passes every filter and ranks in the top ${n}; ${order.size - n > 0 ? `${order.size - n} scored validator${order.size - n === 1 ? "" : "s"} below the cut-off could pass it` : "no scored validator is below the cut-off now"}.`
          : `At ${next} it keeps stake if it still passes every filter and ranks in the top ${n}.`,
      ],
    };
  }
  // Passes every filter and is not delegated: compare with the cut-off.
  if (cutoffIndex === null) {
    return {
      ...base, standing: "below-cutoff",
      answer: `At ${next}: fewer than ${n} validators pass every filter, so it gets stake if it still passes them then.`,
      changes: ["Keep passing every filter until that scoring."],
    };
  }
  const short = shortTier(decodeScore(slot.score), decodeScore(slots[cutoffIndex].score));
  return {
    ...base, standing: "below-cutoff",
    answer: `Not at ${next} if nothing changes: it ranks ${rank} and only the top ${n} receive stake.`,
    changes: [
      short ? `To pass the validator at the cut-off (rank ${n}), ${short.words}.` : `Score above the validator at the cut-off (rank ${n}): ${tiersHint}.`,
      "Or a delegated validator fails a filter, or the DAO raises num_delegation_validators.",
    ],
  };
}
