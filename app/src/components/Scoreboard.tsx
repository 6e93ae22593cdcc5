import type { PublicKey } from "@solana/web3.js";
import type { PoolView } from "../chain/pool";
import { FILTERS, FLAGS, INSTANT } from "../chain/accounts";
import { formatAmount } from "../chain/quote";
import { TableScroll } from "./TableScroll";

const bps = (v: number) => `${(v / 100).toFixed(2).replace(/\.00$/, "")} %`;

/** Each filter: its bit, its name, and what it takes to pass it. */
function filterRows(pool: PoolView) {
  const c = pool.steward!.config;
  return [
    { bit: FILTERS.mevClient, name: "MEV client", fix: "run an MEV-enabled client: open a Jito tip-distribution account in an epoch of the window" },
    { bit: FILTERS.mevCommission, name: "MEV commission", fix: `charge at most ${bps(c.mevCommissionThresholdBps)} MEV commission` },
    { bit: FILTERS.commission, name: "commission", fix: `keep commission at or below ${bps(c.commissionThresholdBps)} for the whole window` },
    { bit: FILTERS.historicalCommission, name: "commission history", fix: `never above ${bps(c.historicalCommissionCeilingBps)}: not recoverable` },
    { bit: FILTERS.blacklist, name: "blacklist", fix: "ask the DAO to lift the blacklist" },
    { bit: FILTERS.superminority, name: "superminority", fix: "leave the superminority (less stake)" },
    { bit: FILTERS.delinquency, name: "vote credits", fix: `vote on at least ${bps(c.scoringDelinquencyRatioBps)} of the cluster's blocks every epoch of the window` },
    { bit: FILTERS.voteClosed, name: "vote account", fix: "keep the vote account open" },
    { bit: FILTERS.bond, name: "bond", fix: `post a bond of at least ${bps(c.minimumBondBps)} of the target stake (lst bond open), and do not ask it back` },
  ];
}

function instantReasons(bits: number): string[] {
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

/** A validator's bond as the steward counts it (SOL and unpledged stake, less what it asked back),
 * what it covers of its target stake, and what it paid. */
function bondCell(pool: PoolView, vote: PublicKey, target: bigint): string {
  const bond = pool.bonds?.byVote.get(vote.toBase58());
  if (!bond) return "none";
  const held = bond.available + (bond.stake > bond.owed ? bond.stake - bond.owed : 0n);
  const counted = held > bond.requested ? held - bond.requested : 0n;
  const staked = bond.stake > 0n ? `; ${formatAmount(bond.stake, 2)} of it staked` : "";
  const cover = target > 0n ? ` (${((Number(counted) * 100) / Number(target)).toFixed(1)} % of target)` : "";
  const paid = bond.settled > 0n ? `; paid ${formatAmount(bond.settled, 3)}` : "";
  const asked = bond.requested > 0n ? `; ${formatAmount(bond.requested, 2)} asked back` : "";
  return `${formatAmount(counted, 2)}${cover}${staked}${asked}${paid}`;
}

export function Scoreboard({ pool }: { pool: PoolView }) {
  if (!pool.steward) return <p>This pool has no steward.</p>;
  const { config, state } = pool.steward;
  const filters = filterRows(pool);
  const ranked = state.slots
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.score > 0n)
    .sort((a, b) => (a.s.score === b.s.score ? a.i - b.i : a.s.score > b.s.score ? -1 : 1));
  const rank = new Map(ranked.map(({ i }, k) => [i, k + 1]));
  const cutoff = ranked[config.numDelegationValidators - 1]?.s.score;
  const share = state.delegatedCount > 0 ? pool.state.totalLamports / BigInt(state.delegatedCount) : 0n;
  return (
    <section aria-label="scoreboard">
      <h2>Validators</h2>
      <p>
        Steward: {state.tag}
        {config.paused ? " (paused)" : ""}; the top {config.numDelegationValidators} by score receive an equal share, re-scored every{" "}
        {config.epochsPerCycle} epochs.
      </p>
      <TableScroll label="validators table">
        <table className="data">
          <thead>
            <tr>
              <th>#</th>
              <th>validator</th>
              {filters.map((f) => (
                <th key={f.name}>{f.name}</th>
              ))}
              <th>score</th>
              <th>rank</th>
              <th>target (SOL)</th>
              <th>current (SOL)</th>
              <th>bond (SOL)</th>
              <th>why</th>
            </tr>
          </thead>
          <tbody>
            {state.slots.map((slot, i) => {
              const entry = pool.list.find((e) => e.vote.equals(slot.vote));
              const current = entry ? entry.active + entry.transient : 0n;
              const delegated = (slot.flags & FLAGS.delegated) !== 0 && (slot.flags & FLAGS.instantUnstake) === 0;
              const failed = filters.filter((f) => slot.filtersFailed & f.bit);
              const why = (() => {
                if (slot.flags & FLAGS.removing) return "being removed from the pool";
                if (slot.flags & FLAGS.instantUnstake) return `instant unstake: ${instantReasons(slot.instantReasons).join(", ")}; excluded until the next scoring cycle`;
                if ((slot.flags & FLAGS.scored) === 0) return "not scored yet (joined after this cycle's scoring)";
                if (failed.length) return `excluded: ${failed.map((f) => `${f.name} — ${f.fix}`).join("; ")}`;
                if (!delegated) return `passes every filter, but its score is below the top ${config.numDelegationValidators}${cutoff ? ` (lowest delegated score ${cutoff.toString(16)})` : ""}: lower commission, lower MEV commission, a longer history or better vote credits raise it`;
                return "in the delegation set";
              })();
              return (
                <tr key={slot.vote.toBase58()} data-testid="validator-row">
                  <td>{i}</td>
                  <td title={slot.vote.toBase58()}>{slot.vote.toBase58().slice(0, 8)}…</td>
                  {filters.map((f) => (
                    <td key={f.name} className={slot.filtersFailed & f.bit ? "fail" : "pass"}>
                      {slot.filtersFailed & f.bit ? "fail" : "pass"}
                    </td>
                  ))}
                  <td>{slot.score.toString(16)}</td>
                  <td>{rank.get(i) ?? "-"}</td>
                  <td>{formatAmount(delegated ? share : 0n, 2)}</td>
                  <td>{formatAmount(current, 2)}</td>
                  <td data-testid="bond">{bondCell(pool, slot.vote, share)}</td>
                  <td className="why">{why}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
