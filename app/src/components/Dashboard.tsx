import type { PoolView } from "../chain/pool";
import { apy, needsUpdate, rate, rateHistory } from "../chain/pool";
import { formatAmount, type Fee } from "../chain/quote";

const pct = (f: Fee | null) =>
  !f || f.denominator === 0n || f.numerator === 0n ? "0 %" : `${((Number(f.numerator) * 100) / Number(f.denominator)).toFixed(2)} %`;

function RateChart({ points }: { points: Array<[number, number]> }) {
  if (points.length < 2) return <p>Rate history: one epoch seen so far.</p>;
  const [w, h, pad] = [420, 120, 24];
  const lo = Math.min(...points.map((p) => p[1]));
  const hi = Math.max(...points.map((p) => p[1]));
  const x = (i: number) => pad + ((w - 2 * pad) * i) / (points.length - 1);
  const y = (r: number) => h - pad - ((h - 2 * pad) * (r - lo)) / Math.max(hi - lo, 1e-12);
  return (
    <svg className="chart" role="img" aria-label="rate history" width={w} height={h} viewBox={`0 0 ${w} ${h}`}>
      <polyline fill="none" strokeWidth={2} points={points.map((p, i) => `${x(i)},${y(p[1])}`).join(" ")} />
      <text x={pad} y={14} fontSize={11}>rate per epoch {lo.toFixed(6)} → {hi.toFixed(6)}</text>
      {points.map((p, i) => (
        <text key={p[0]} x={x(i)} y={h - 6} fontSize={10} textAnchor="middle">{p[0]}</text>
      ))}
    </svg>
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
      <RateChart points={rateHistory(pool)} />
    </section>
  );
}
