// The steward's filters and instant-unstake reasons in plain words: what each checks, with the
// pool's own thresholds, and what it takes to pass it.
import { FILTERS, INSTANT } from "./accounts";
import { percent } from "./score";

export interface FilterWords {
  key: keyof typeof FILTERS;
  bit: number;
  name: string;
  /** What the filter checks. */
  checks: string;
  /** What it takes to pass it. */
  fix: string;
}

/** Every filter, in bit order, with the thresholds of `p` (the steward's parameters by field name). */
export function filterWords(p: Record<string, bigint>): FilterWords[] {
  const n = (name: string) => Number(p[name] ?? 0n);
  const mevWindow = n("mev_commission_window");
  const window = n("commission_window");
  const credits = n("epoch_credits_window");
  const bond = n("minimum_bond_bps");
  return [
    {
      key: "mevClient", bit: FILTERS.mevClient, name: "MEV client",
      checks: `runs an MEV-enabled client: a Jito tip-distribution account in at least one of the last ${mevWindow} epochs`,
      fix: "run an MEV-enabled client: open a Jito tip-distribution account in an epoch of the window",
    },
    {
      key: "mevCommission", bit: FILTERS.mevCommission, name: "MEV commission",
      checks: `charges at most ${percent(n("mev_commission_threshold_bps"))} MEV commission in every epoch of the last ${mevWindow}`,
      fix: `charge at most ${percent(n("mev_commission_threshold_bps"))} MEV commission`,
    },
    {
      key: "commission", bit: FILTERS.commission, name: "commission",
      checks: `charges at most ${percent(n("commission_threshold_bps"))} inflation commission in every epoch of the last ${window}`,
      fix: `keep commission at or below ${percent(n("commission_threshold_bps"))} for the whole window`,
    },
    {
      key: "historicalCommission", bit: FILTERS.historicalCommission, name: "commission history",
      checks: `never charged more than ${percent(n("historical_commission_ceiling_bps"))} inflation commission since the steward first read it`,
      fix: `never above ${percent(n("historical_commission_ceiling_bps"))}: not recoverable`,
    },
    {
      key: "blacklist", bit: FILTERS.blacklist, name: "blacklist",
      checks: "is not on the DAO's blacklist",
      fix: "ask the DAO to lift the blacklist",
    },
    {
      key: "superminority", bit: FILTERS.superminority, name: "superminority",
      checks: "is not among the largest validators that together hold a third of the stake (the superminority)",
      fix: "leave the superminority (less stake)",
    },
    {
      key: "delinquency", bit: FILTERS.delinquency, name: "vote credits",
      checks: `earned at least ${percent(n("scoring_delinquency_ratio_bps"))} of the vote credits of voting on every block, in each of the last ${credits} completed epochs`,
      fix: `vote on at least ${percent(n("scoring_delinquency_ratio_bps"))} of the cluster's blocks every epoch of the window`,
    },
    {
      key: "voteClosed", bit: FILTERS.voteClosed, name: "vote account",
      checks: "its vote account is open",
      fix: "keep the vote account open",
    },
    {
      key: "bond", bit: FILTERS.bond, name: "bond",
      checks: bond > 0 ? `holds a bond of at least ${percent(bond)} of its target stake` : "holds a bond (off: the minimum bond is 0)",
      fix: `post a bond of at least ${percent(bond)} of the target stake (lst bond open), and do not ask it back`,
    },
  ];
}

/** The instant-unstake reasons set in `bits`, in words. */
export function instantReasons(bits: number): string[] {
  const names: Array<[number, string]> = [
    [INSTANT.delinquent, "delinquent this epoch"],
    [INSTANT.commission, "commission raised above the threshold"],
    [INSTANT.mevCommission, "MEV commission above the threshold"],
    [INSTANT.blacklist, "blacklisted"],
    [INSTANT.voteClosed, "vote account closed"],
    [INSTANT.bond, "bond below the minimum"],
  ];
  return names.filter(([bit]) => bits & bit).map(([, n]) => n);
}
