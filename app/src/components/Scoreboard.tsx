import type { Address } from "@solana/kit";
import type { PoolView } from "../chain/pool";
import { FLAGS } from "../chain/accounts";
import { filterWords, instantReasons } from "../chain/explain";
import { formatAmount } from "../chain/quote";
import { decodeScore, percent, ranks, ratioPercent } from "../chain/score";
import { follow, hrefWith } from "../route";
import { TableScroll } from "./TableScroll";

/** A score's tiers in a few words (0 when a filter failed). */
export function scoreWords(score: bigint): string {
  if (score === 0n) return "0";
  const t = decodeScore(score);
  return `commission ${percent(t.commissionBps)}, MEV ${t.mevCommissionBps >= 10_000 ? "none" : percent(t.mevCommissionBps)}, ${t.votingEpochs} epochs, credits ${ratioPercent(t.creditRatio)}`;
}

/** A validator's bond as the steward counts it (SOL and unpledged stake, less what it asked back),
 * what it covers of its target stake, and what it paid. */
export function bondCell(pool: PoolView, vote: Address, target: bigint): string {
  const bond = pool.bonds?.byVote.get(vote);
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
  const filters = filterWords(pool.steward.parameters);
  const rank = ranks(state.slots);
  const cutoffIndex = [...rank.entries()].find(([, r]) => r === config.numDelegationValidators)?.[0];
  const cutoff = cutoffIndex === undefined ? undefined : state.slots[cutoffIndex].score;
  const share = state.delegatedCount > 0 ? pool.state.totalLamports / BigInt(state.delegatedCount) : 0n;
  return (
    <section aria-label="scoreboard">
      <h2>Validators</h2>
      <p>
        Open a validator for its history, its filters, its score tier by tier and when it gets stake. Steward: {state.tag}
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
              const entry = pool.list.find((e) => e.vote === slot.vote);
              const current = entry ? entry.active + entry.transient : 0n;
              const delegated = (slot.flags & FLAGS.delegated) !== 0 && (slot.flags & FLAGS.instantUnstake) === 0;
              const failed = filters.filter((f) => slot.filtersFailed & f.bit);
              const why = (() => {
                if (slot.flags & FLAGS.removing) return "being removed from the pool";
                if (slot.flags & FLAGS.instantUnstake) return `instant unstake: ${instantReasons(slot.instantReasons).join(", ")}; excluded until the next scoring cycle`;
                if ((slot.flags & FLAGS.scored) === 0) return "not scored yet (joined after this cycle's scoring)";
                if (failed.length) return `excluded: ${failed.map((f) => `${f.name} — ${f.fix}`).join("; ")}`;
                if (!delegated) return `passes every filter, but its score is below the top ${config.numDelegationValidators}${cutoff ? ` (the cut-off: ${scoreWords(cutoff)})` : ""}: lower commission, lower MEV commission, a longer history or better vote credits raise it`;
                return "in the delegation set";
              })();
              return (
                <tr key={slot.vote} data-testid="validator-row">
                  <td>{i}</td>
                  <td>
                    <a href={hrefWith("validator", slot.vote)} onClick={follow} data-testid="validator-link" title={slot.vote}>
                      {slot.vote.slice(0, 8)}…
                    </a>
                  </td>
                  {filters.map((f) => (
                    <td key={f.name} className={slot.filtersFailed & f.bit ? "fail" : "pass"}>
                      {slot.filtersFailed & f.bit ? "fail" : "pass"}
                    </td>
                  ))}
                  <td className="score">{scoreWords(slot.score)}</td>
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
