import { describe, expect, it } from "vitest";
import vectors from "../src/generated/quote-vectors.json";
import { formatAmount, parseAmount, slippageFloor, splitDeposit, splitWithdrawal } from "../src/chain/quote";

const fee = (f: string[]) => ({ numerator: BigInt(f[0]), denominator: BigInt(f[1]) });

describe("quote math equals the program's", () => {
  it("deposits", () => {
    expect(vectors.deposits.length).toBeGreaterThan(100);
    for (const v of vectors.deposits) {
      const split = splitDeposit(BigInt(v.total), BigInt(v.supply), BigInt(v.lamports), fee(v.fee), v.referral);
      expect(split, JSON.stringify(v)).not.toBeNull();
      expect([split!.user, split!.manager, split!.referrer].map(String)).toEqual([v.user, v.manager, v.referrer]);
    }
  });

  it("withdrawals", () => {
    expect(vectors.withdrawals.length).toBeGreaterThan(50);
    for (const v of vectors.withdrawals) {
      const split = splitWithdrawal(BigInt(v.total), BigInt(v.supply), BigInt(v.poolTokens), fee(v.fee));
      expect([split!.fee, split!.lamports].map(String), JSON.stringify(v)).toEqual([v.feeTokens, v.lamports]);
    }
  });
});

describe("amounts", () => {
  it("parse exactly and refuse nonsense", () => {
    expect(parseAmount("1.5")).toBe(1_500_000_000n);
    expect(parseAmount("0.000000001")).toBe(1n);
    expect(parseAmount(".25")).toBe(250_000_000n);
    expect(parseAmount("0")).toBeNull();
    expect(parseAmount("1.0000000001")).toBeNull();
    expect(parseAmount("-1")).toBeNull();
    expect(parseAmount("abc")).toBeNull();
    expect(formatAmount(1_500_000_000n)).toBe("1.5");
    expect(slippageFloor(1_000n, 50)).toBe(995n);
  });
});
