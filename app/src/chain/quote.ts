// The pool's rate and fee math, in BigInt, rounding exactly as the program does
// (programs/stake-pool/src/math.rs): tokens and lamports paid out round down, fees round up.
// test/quote.test.ts checks it against vectors computed by the Rust code.

export interface Fee {
  numerator: bigint;
  denominator: bigint;
}

export const U64_MAX = (1n << 64n) - 1n;

function u64(x: bigint): bigint | null {
  return x >= 0n && x <= U64_MAX ? x : null;
}

/** The fee taken from `amount`, rounded up; 0 when the denominator is 0. */
export function applyFee(fee: Fee, amount: bigint): bigint | null {
  if (fee.denominator === 0n) return 0n;
  return u64((amount * fee.numerator + fee.denominator - 1n) / fee.denominator);
}

/** Pool tokens minted for `lamports` (1:1 on an empty pool), rounded down. */
export function poolTokensForDeposit(total: bigint, supply: bigint, lamports: bigint): bigint | null {
  if (total === 0n || supply === 0n) return lamports;
  return u64((lamports * supply) / total);
}

/** Lamports paid for `tokens`, rounded down. */
export function lamportsForPoolTokens(total: bigint, supply: bigint, tokens: bigint): bigint | null {
  if (supply === 0n) return 0n;
  return u64((tokens * total) / supply);
}

export interface DepositSplit {
  minted: bigint;
  user: bigint;
  manager: bigint;
  referrer: bigint;
}

/** How a SOL deposit's tokens split between depositor, manager and referrer. */
export function splitDeposit(total: bigint, supply: bigint, lamports: bigint, fee: Fee, referralPercent: number): DepositSplit | null {
  const minted = poolTokensForDeposit(total, supply, lamports);
  if (minted === null) return null;
  const feeTokens = applyFee(fee, minted);
  if (feeTokens === null || feeTokens > minted) return null;
  const referrer = (feeTokens * BigInt(referralPercent)) / 100n;
  return { minted, user: minted - feeTokens, manager: feeTokens - referrer, referrer };
}

export interface WithdrawSplit {
  fee: bigint;
  burnt: bigint;
  lamports: bigint;
}

/** A withdrawal of `tokens`: the fee (rounded up) to the manager, the rest burnt and paid out. */
export function splitWithdrawal(total: bigint, supply: bigint, tokens: bigint, fee: Fee, chargeFee = true): WithdrawSplit | null {
  const feeTokens = chargeFee ? applyFee(fee, tokens) : 0n;
  if (feeTokens === null || feeTokens > tokens) return null;
  const burnt = tokens - feeTokens;
  const lamports = lamportsForPoolTokens(total, supply, burnt);
  return lamports === null ? null : { fee: feeTokens, burnt, lamports };
}

/** `amount` less `bps` basis points, rounded down (a slippage floor). */
export function slippageFloor(amount: bigint, bps: number): bigint {
  return (amount * BigInt(10_000 - bps)) / 10_000n;
}

/** Parses "1.5" into base units (9 decimals); null when malformed or not positive. */
export function parseAmount(text: string): bigint | null {
  const m = /^\s*(\d*)(?:\.(\d{0,9}))?\s*$/.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return null;
  const value = BigInt(m[1] || "0") * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
  return value > 0n && value <= U64_MAX ? value : null;
}

/** Base units as a decimal string, trailing zeros trimmed. */
export function formatAmount(units: bigint, decimals = 9): string {
  const whole = units / 1_000_000_000n;
  const fraction = (units % 1_000_000_000n).toString().padStart(9, "0").slice(0, decimals).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole.toString();
}
