import { useEffect, useState } from "react";
import { isAddress } from "@solana/kit";
import { Chain } from "../chain/rpc";
import { RPC_URL } from "../config";
import type { PoolView } from "../chain/pool";
import { FLAGS } from "../chain/accounts";
import { filterWords, instantReasons } from "../chain/explain";
import { creditShare, loadClusterHistory, loadValidatorHistory, type ClusterEpoch, type ValidatorHistory } from "../chain/history";
import { formatAmount } from "../chain/quote";
import { decodeScore, percent, ratioPercent, tierLines, whenStake } from "../chain/score";
import { plainError } from "../errors";
import { follow, hrefWith } from "../route";
import { bondCell } from "./Scoreboard";
import { EpochChart } from "./EpochChart";
import { TableScroll } from "./TableScroll";

const STANDING: Record<string, string> = {
  delegated: "In the delegation set: it has the pool's stake",
  "below-cutoff": "Passes every filter, ranked below the cut-off: no stake",
  filtered: "Fails a filter: no stake",
  "instant-unstaked": "Unstaked at once this cycle: no stake",
  unscored: "Not scored yet: no stake",
  removing: "Being removed from the pool",
};

const sol = (v: bigint | null) => (v === null ? "–" : formatAmount(v, 2));
const bpsOrDash = (v: number | null) => (v === null ? "–" : percent(v));
const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? "–" : v ? yes : no);

export function ValidatorPage({ pool, vote }: { pool: PoolView; vote: string }) {
  const [history, setHistory] = useState<ValidatorHistory | null | undefined>(undefined);
  const [cluster, setCluster] = useState<ClusterEpoch[]>([]);
  const [error, setError] = useState<string | null>(null);
  const back = <a href={hrefWith("validator", null)} onClick={follow}>← All validators</a>;

  const key = isAddress(vote) ? vote : null;
  const configAddress = pool.steward?.address;

  useEffect(() => {
    if (!key || !pool.steward) return;
    let live = true;
    const config = pool.steward.address;
    const chain = new Chain(RPC_URL);
    Promise.all([loadValidatorHistory(chain, config, key), loadClusterHistory(chain, config)])
      .then(([h, c]) => {
        if (!live) return;
        setHistory(h);
        setCluster(c);
        setError(null);
      })
      .catch((e) => live && setError(plainError(e)));
    return () => {
      live = false;
    };
    // Reloaded with the pool's (every 5 s) epoch; the history changes at most a few times an epoch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vote, configAddress, pool.epoch, pool.steward?.state.maintenanceEpoch]);

  if (!key) {
    return (
      <section aria-label="validator">
        {back}
        <p role="alert" className="error">“{vote}” is not a vote account address.</p>
      </section>
    );
  }
  if (!pool.steward) {
    return (
      <section aria-label="validator">
        {back}
        <p>This pool has no steward: nothing scores its validators.</p>
      </section>
    );
  }
  const { config, state, parameters } = pool.steward;
  const index = state.slots.findIndex((s) => s.vote === key);
  if (index < 0) {
    return (
      <section aria-label="validator">
        {back}
        <h2>Validator</h2>
        <p className="wrap">{vote} is not one of this pool's validators.</p>
      </section>
    );
  }
  const slot = state.slots[index];
  const p = (name: string) => Number(parameters[name] ?? 0n);
  const windows = { commission: p("commission_window"), mev: p("mev_commission_window"), credits: p("epoch_credits_window") };
  const filters = filterWords(parameters);
  const failed = filters.filter((f) => slot.filtersFailed & f.bit);
  const when = whenStake({
    index,
    slots: state.slots,
    bits: FLAGS,
    epoch: pool.epoch,
    lastCycleEpoch: state.lastCycleEpoch,
    epochsPerCycle: config.epochsPerCycle,
    numDelegationValidators: config.numDelegationValidators,
    step: state.tag,
    failedFixes: failed.map((f) => `${f.name}: ${f.fix}`),
    instantReasons: instantReasons(slot.instantReasons),
    windows,
  });
  const scored = (slot.flags & FLAGS.scored) !== 0;
  const tiers = decodeScore(slot.rawScore);
  const entry = pool.list.find((e) => e.vote === key);
  const current = entry ? entry.active + entry.transient : 0n;
  const share = state.delegatedCount > 0 ? pool.state.totalLamports / BigInt(state.delegatedCount) : 0n;
  const target = when.standing === "delegated" ? share : 0n;
  const rows = history?.entries.slice().reverse() ?? [];

  return (
    <section aria-label="validator">
      {back}
      <h2>
        Validator <span className="wrap" data-testid="validator-vote">{vote}</span>
      </h2>
      <p data-testid="validator-standing" data-standing={when.standing} className={when.standing === "delegated" ? "pass" : "fail"}>
        {STANDING[when.standing]}
      </p>
      <dl className="facts">
        <dt>Rank</dt>
        <dd data-testid="validator-rank" data-rank={when.rank ?? ""}>
          {when.rank === null
            ? `unranked (score 0); ${when.rankedCount} validators have a score`
            : `${when.rank} of ${when.rankedCount} with a score; the top ${when.cutoff} receive stake`}
        </dd>
        <dt>Target stake</dt>
        <dd>{formatAmount(target, 2)} SOL</dd>
        <dt>Current stake</dt>
        <dd data-testid="validator-current">{formatAmount(current, 2)} SOL</dd>
        <dt>Bond</dt>
        <dd className="wrap">{bondCell(pool, key, share)}</dd>
        <dt>Scored</dt>
        <dd>{scored ? `yes, in the cycle from epoch ${String(state.lastCycleEpoch)}` : "not in this cycle"}</dd>
      </dl>

      <h3>When will it get stake?</h3>
      <dl className="facts">
        <dt>Next scoring</dt>
        <dd data-testid="next-scoring" data-epoch={String(when.nextScoring)}>
          {when.scoringNow
            ? `under way this epoch (${String(pool.epoch)})`
            : `epoch ${String(when.nextScoring)}${when.nextScoring === pool.epoch ? " (this epoch, once it is half over)" : ""}`}
          {`; re-scored every ${config.epochsPerCycle} epochs, now epoch ${String(pool.epoch)}`}
        </dd>
        <dt>Against the cut-off</dt>
        <dd data-testid="cutoff">
          {when.cutoffScore === null
            ? `fewer validators have a score (${when.rankedCount}) than receive stake (${when.cutoff}): every validator that passes the filters gets stake`
            : when.rank !== null && when.rank <= when.cutoff
              ? `rank ${when.rank}, inside the top ${when.cutoff}`
              : `${when.rank === null ? "no rank" : `rank ${when.rank}`}, outside the top ${when.cutoff}`}
        </dd>
      </dl>
      <p data-testid="when-answer">{when.answer}</p>
      <p>What would change it:</p>
      <ul>
        {when.changes.map((c) => (
          <li key={c} data-testid="change">{c}</li>
        ))}
      </ul>

      <h3>Score, tier by tier</h3>
      {!scored && slot.rawScore === 0n ? (
        <p>Not scored yet.</p>
      ) : (
        <>
          <p>
            The steward orders validators by these four tiers, highest first: a better value in a higher tier wins whatever the lower
            tiers hold.{" "}
            {slot.score === 0n ? "Its score counts as 0 because a filter fails; the tiers it would have:" : "Its score:"}
          </p>
          <ol className="tiers">
            {tierLines(tiers, windows).map((t) => (
              <li key={t.key} data-testid={`tier-${t.key}`}>
                <strong>{t.name}</strong> ({t.rank}): <span data-testid="tier-value">{t.value}</span>. <small>{t.better}.</small>
              </li>
            ))}
          </ol>
        </>
      )}

      <h3>Filters</h3>
      <p>Each must pass for the validator to be scored above 0{scored ? " (as of the last scoring)" : ""}.</p>
      <TableScroll label="filters table">
        <table className="data">
          <thead>
            <tr>
              <th>filter</th>
              <th>what it checks</th>
              <th>result</th>
              <th>to pass</th>
            </tr>
          </thead>
          <tbody>
            {filters.map((f) => {
              const fail = (slot.filtersFailed & f.bit) !== 0;
              return (
                <tr key={f.key} data-testid={`filter-${f.key}`} data-result={fail ? "fail" : "pass"}>
                  <td>{f.name}</td>
                  <td>{f.checks}</td>
                  <td className={fail ? "fail" : "pass"}>{fail ? "fail" : "pass"}</td>
                  <td>{fail ? f.fix : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>

      <h3>History per epoch</h3>
      {error && <p role="alert" className="error">{error}</p>}
      {history === undefined && !error && <p>Loading the history…</p>}
      {history === null && <p>The steward keeps no history for this validator.</p>}
      {history && (
        <>
          <p data-testid="history-summary">
            {history.entries.length} epoch{history.entries.length === 1 ? "" : "s"} recorded; highest commission ever{" "}
            {bpsOrDash(history.maxCommissionBps)}; {history.votingEpochs} voting epochs; vote account{" "}
            {history.voteClosed ? "closed" : "open"}; {history.blacklisted ? "blacklisted" : "not blacklisted"}.
          </p>
          <EpochChart
            title="Vote credits and commissions per epoch"
            testId="chart-validator"
            unit="percent"
            epochs={history.entries.map((e) => e.epoch)}
            tick={(v) => `${v.toFixed(0)} %`}
            series={[
              {
                // Completed epochs only: the current one's share so far would read as a fall.
                label: "vote credits (% of the maximum)",
                values: history.entries.map((e) => {
                  const share = BigInt(e.epoch) < pool.epoch ? creditShare(e, cluster) : null;
                  return share === null ? null : share * 100;
                }),
                format: (v) => `${v.toFixed(2)} %`,
              },
              { label: "commission (%)", values: history.entries.map((e) => (e.commissionBps === null ? null : e.commissionBps / 100)), format: (v) => `${v.toFixed(2)} %` },
              { label: "MEV commission (%)", values: history.entries.map((e) => (e.mevCommissionBps === null ? null : e.mevCommissionBps / 100)), format: (v) => `${v.toFixed(2)} %` },
            ]}
          />
          <TableScroll label="history table">
            <table className="data">
              <thead>
                <tr>
                  <th>epoch</th>
                  <th>vote credits</th>
                  <th>of the maximum</th>
                  <th>commission</th>
                  <th>MEV commission</th>
                  <th>MEV client</th>
                  <th>stake (SOL)</th>
                  <th>pool stake (SOL)</th>
                  <th>superminority</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => {
                  const share = creditShare(e, cluster);
                  return (
                    <tr key={e.epoch} data-testid="history-row" data-epoch={e.epoch}>
                      <td>{e.epoch}</td>
                      <td data-testid="history-credits">{e.voteCredits ?? "–"}</td>
                      <td>{share === null ? "–" : `${ratioPercent(share)}${BigInt(e.epoch) === pool.epoch ? " (so far)" : ""}`}</td>
                      <td>{bpsOrDash(e.commissionBps)}</td>
                      <td>{bpsOrDash(e.mevCommissionBps)}</td>
                      <td>{yesNo(e.mevClient, "yes", "no")}</td>
                      <td>{sol(e.activatedStake)}</td>
                      <td>{sol(e.poolStake)}</td>
                      <td>{yesNo(e.superminority, "yes", "no")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
