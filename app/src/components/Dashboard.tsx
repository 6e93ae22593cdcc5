import type { PoolView } from "../chain/pool";
import { apy, apyPerEpoch, epochsPerYear, needsUpdate, poolHistory, rate } from "../chain/pool";
import { EpochChart } from "./EpochChart";
import { formatAmount, type Fee } from "../chain/quote";

const pct = (f: Fee | null) =>
  !f || f.denominator === 0n || f.numerator === 0n ? "0 %" : `${((Number(f.numerator) * 100) / Number(f.denominator)).toFixed(2)} %`;

/** Rate, APY and TVL per epoch: what the chain keeps (this epoch and the last) and what this browser saw. */
function PoolCharts({ pool }: { pool: PoolView }) {
  const points = poolHistory(pool);
  const epochs = points.map((p) => p.epoch);
  const apys = apyPerEpoch(points, epochsPerYear(pool.slotsInEpoch));
  const pctText = (v: number) => `${(v * 100).toFixed(2)} %`;
  return (
    <div className="charts">
      <EpochChart
        title="Rate per epoch"
        testId="chart-rate"
        unit="SOL per LST"
        epochs={epochs}
        tick={(v) => v.toFixed(6)}
        series={[{ label: "rate (SOL per LST)", values: points.map((p) => p.rate), format: (v) => v.toFixed(9) }]}
      />
      <EpochChart
        title="APY per epoch"
        testId="chart-apy"
        unit="APY (%)"
        epochs={epochs}
        tick={(v) => `${(v * 100).toFixed(1)} %`}
        series={[{ label: "APY (from the rate's growth)", values: apys, format: pctText }]}
      />
      <EpochChart
        title="TVL per epoch"
        testId="chart-tvl"
        unit="TVL (SOL)"
        epochs={epochs}
        tick={(v) => (v / 1e9).toLocaleString("en-US", { maximumFractionDigits: 2 })}
        series={[{ label: "TVL (SOL)", values: points.map((p) => p.tvlLamports), format: (v) => `${(v / 1e9).toFixed(3)} SOL` }]}
      />
    </div>
  );
}

export function Dashboard({ pool }: { pool: PoolView }) {
  const s = pool.state;
  const yearly = apy(pool);
  return (
    <section aria-label="dashboard">
      <h2>Pool</h2>
      {needsUpdate(pool) && (
        <p role="status" className="warning">
          The pool has not had its epoch update (last: epoch {String(s.lastUpdateEpoch)}, now {String(pool.epoch)}). Deposits and
          withdrawals wait until a crank runs it.
        </p>
      )}
      <dl className="facts">
        <dt>TVL</dt>
        <dd data-testid="tvl">{formatAmount(s.totalLamports, 3)} SOL</dd>
        <dt>Rate</dt>
        <dd data-testid="rate">{rate(pool).toFixed(9)} SOL per LST</dd>
        <dt>APY</dt>
        <dd data-testid="apy">{yearly === null ? "not yet (needs a previous epoch)" : `${(yearly * 100).toFixed(2)} %`}</dd>
        <dt>Supply</dt>
        <dd>{formatAmount(s.poolTokenSupply, 3)} LST</dd>
        <dt>Fees</dt>
        <dd>
          epoch {pct(s.epochFee)}
          {s.nextEpochFee ? ` (next ${pct(s.nextEpochFee)})` : ""}, SOL deposit {pct(s.solDepositFee)}, SOL withdrawal{" "}
          {pct(s.solWithdrawalFee)}, stake withdrawal {pct(s.stakeWithdrawalFee)}
        </dd>
        <dt>Last update</dt>
        <dd data-testid="last-update">epoch {String(s.lastUpdateEpoch)}</dd>
        <dt>Validators</dt>
        <dd>{pool.list.length}</dd>
        <dt>Insurance fund</dt>
        <dd data-testid="insurance">
          {!pool.bonds?.insurance
            ? "none"
            : (() => {
                const i = pool.bonds.insurance;
                const value = s.poolTokenSupply === 0n ? 0n : (i.fundTokens * s.totalLamports) / s.poolTokenSupply;
                return `${formatAmount(i.fundTokens, 6)} LST (${formatAmount(value, 6)} SOL); covers what bonds cannot pay, up to ${formatAmount(i.capLamportsPerEpoch, 3)} SOL an epoch without a DAO vote; covered to date ${formatAmount(i.coveredLamports, 3)} SOL`;
              })()}
        </dd>
        <dt>Bonds</dt>
        <dd data-testid="bonds">
          {!pool.bonds
            ? "none"
            : (() => {
                const all = [...pool.bonds.byVote.values()];
                const total = all.reduce((sum, b) => sum + b.available, 0n);
                const paid = all.reduce((sum, b) => sum + b.settled, 0n);
                return `${all.length} of ${pool.list.length} validators bonded, ${formatAmount(total, 3)} SOL in all; losses paid to stakers to date ${formatAmount(paid, 3)} SOL`;
              })()}
        </dd>
      </dl>
      <PoolCharts pool={pool} />
    </section>
  );
}
