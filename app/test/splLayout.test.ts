// The published SPL stake-pool client's layouts, which the app decodes the pool and its validator
// list with, agree with `lst-interface` (layout.json's `spl` section, generated from the Rust crate):
// values written at the interface's offsets are what the client reads.
import { describe, expect, it } from "vitest";
import { Buffer } from "buffer";
import { PublicKey } from "@solana/web3.js";
import { StakePoolLayout, ValidatorListLayout, type ValidatorStakeInfo } from "@solana/spl-stake-pool";
import layout from "../src/generated/layout.json";

const spl = layout.spl;
const key = (n: number) => new PublicKey(Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i) % 256));

describe("the SPL client reads what lst-interface lays out", () => {
  it("a pool's fixed fields", () => {
    const data = Buffer.alloc(1024);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    data[0] = spl.accountType.stakePool;
    const keys = ["manager", "staker", "stakeDepositAuthority", "validatorList", "reserveStake", "poolMint", "managerFeeAccount", "tokenProgramId"] as const;
    keys.forEach((field, i) => data.set(key(i + 1).toBytes(), spl.stakePool[field]));
    data[spl.stakePool.stakeWithdrawBumpSeed] = 253;
    view.setBigUint64(spl.stakePool.totalLamports, 11n, true);
    view.setBigUint64(spl.stakePool.poolTokenSupply, 12n, true);
    view.setBigUint64(spl.stakePool.lastUpdateEpoch, 13n, true);
    view.setBigUint64(spl.stakePool.epochFee, 100n, true); // denominator, then numerator
    view.setBigUint64(spl.stakePool.epochFee + 8, 3n, true);
    const pool = StakePoolLayout.decode(data);
    expect(pool.accountType).toBe(spl.accountType.stakePool);
    keys.forEach((field, i) => expect((pool as unknown as Record<string, PublicKey>)[field].toBase58()).toBe(key(i + 1).toBase58()));
    expect(pool.stakeWithdrawBumpSeed).toBe(253);
    expect([pool.totalLamports, pool.poolTokenSupply, pool.lastUpdateEpoch].map(String)).toEqual(["11", "12", "13"]);
    expect([pool.epochFee.denominator, pool.epochFee.numerator].map(String)).toEqual(["100", "3"]);
  });

  it("a validator list's header and entries", () => {
    const { headerLen, entryLen, entry } = spl.validatorList;
    const data = Buffer.alloc(headerLen + 3 * entryLen);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    data[0] = spl.accountType.validatorList;
    view.setUint32(spl.validatorList.maxValidators, 3, true);
    view.setUint32(spl.validatorList.len, 2, true);
    const statuses = [spl.validatorList.status.active, spl.validatorList.status.deactivatingAll];
    statuses.forEach((status, i) => {
      const at = headerLen + i * entryLen;
      view.setBigUint64(at + entry.activeStakeLamports, 1000n + BigInt(i), true);
      view.setBigUint64(at + entry.transientStakeLamports, 2000n + BigInt(i), true);
      view.setBigUint64(at + entry.lastUpdateEpoch, 3000n + BigInt(i), true);
      view.setBigUint64(at + entry.transientSeedSuffix, 4000n + BigInt(i), true);
      view.setUint32(at + entry.validatorSeedSuffix, 5000 + i, true);
      data[at + entry.status] = status;
      data.set(key(10 + i).toBytes(), at + entry.voteAccountAddress);
    });
    const list = ValidatorListLayout.decode(data);
    expect(list.maxValidators).toBe(3);
    expect(list.validators).toHaveLength(2);
    list.validators.forEach((v: ValidatorStakeInfo, i: number) => {
      expect(String(v.activeStakeLamports)).toBe(String(1000 + i));
      expect(String(v.transientStakeLamports)).toBe(String(2000 + i));
      expect(String(v.lastUpdateEpoch)).toBe(String(3000 + i));
      expect(String(v.transientSeedSuffixStart)).toBe(String(4000 + i));
      expect(v.status).toBe(statuses[i]);
      expect(v.voteAccountAddress.toBase58()).toBe(key(10 + i).toBase58());
    });
  });
});
