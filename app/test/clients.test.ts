// The committed clients (src/generated/clients/) are what `npm run generate` makes of ../idl/*.json:
// generated again into a temporary folder, every file must be equal.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PublicKey } from "@solana/web3.js";
import layout from "../src/generated/layout.json";
import { getConfigDecoder, getStewardStateDecoder } from "../src/generated/clients/steward/accounts";
import { getBondDecoder, getInsuranceDecoder } from "../src/generated/clients/bonds/accounts";

const app = path.resolve(import.meta.dirname, "..");
const committed = path.join(app, "src/generated/clients");

function files(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

describe("generated clients", () => {
  it("equal what the IDLs generate (run `npm run generate` after an IDL changes)", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "lst-clients-"));
    try {
      execFileSync(process.execPath, [path.join(app, "scripts/generate-clients.mjs"), out], { cwd: app, stdio: "pipe" });
      const fresh = files(out);
      expect(files(committed)).toEqual(fresh);
      const differing = fresh.filter((f) => fs.readFileSync(path.join(out, f), "utf8") !== fs.readFileSync(path.join(committed, f), "utf8"));
      expect(differing).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});


// A zero account of `size` bytes with distinct values written at layout.json's offsets (which a Rust
// test derives from the programs): the generated decoders must find them there.
const account = (size: number) => {
  const data = new Uint8Array(size);
  return { data, view: new DataView(data.buffer) };
};

describe("generated decoders read the programs' layout", () => {
  it("the steward config: state, paused, parameters", () => {
    const decoder = getConfigDecoder();
    const { data, view } = account(decoder.fixedSize);
    const c = layout.config;
    const p = c.discriminator + c.parameters;
    data.fill(7, c.discriminator + c.state, c.discriminator + c.state + 32);
    data[c.discriminator + c.paused] = 1;
    view.setUint32(p + layout.parameters.numDelegationValidators, 123_456, true);
    view.setUint16(p + layout.parameters.epochsPerCycle, 17, true);
    view.setUint16(p + layout.parameters.minimumBondBps, 250, true);
    view.setUint16(p + layout.parameters.commissionThresholdBps, 500, true);
    const d = decoder.decode(data);
    expect(d.state).toBe(new PublicKey(new Uint8Array(32).fill(7)).toBase58());
    expect([d.paused, d.parameters.numDelegationValidators, d.parameters.epochsPerCycle, d.parameters.minimumBondBps, d.parameters.commissionThresholdBps])
      .toEqual([1, 123_456, 17, 250, 500]);
  });

  it("the steward state's header", () => {
    const decoder = getStewardStateDecoder();
    const s = layout.stewardState;
    expect(decoder.fixedSize).toBe(s.discriminator + s.headerLen);
    const { data, view } = account(decoder.fixedSize);
    const h = (f: number) => s.discriminator + f;
    view.setBigUint64(h(s.header.maintenanceEpoch), 11n, true);
    view.setBigUint64(h(s.header.lastCycleEpoch), 22n, true);
    view.setBigUint64(h(s.header.rebalanceEpoch), 33n, true);
    view.setUint32(h(s.header.numValidators), 44, true);
    view.setUint32(h(s.header.delegatedCount), 55, true);
    data[h(s.header.tag)] = 3;
    const d = decoder.decode(data);
    expect([d.maintenanceEpoch, d.lastCycleEpoch, d.rebalanceEpoch, d.numValidators, d.delegatedCount, d.tag]).toEqual([11n, 22n, 33n, 44, 55, 3]);
  });

  it("a bond and the insurance fund", () => {
    const b = layout.bonds;
    const bond = getBondDecoder();
    expect(bond.fixedSize).toBe(b.bondLen);
    const { data, view } = account(bond.fixedSize);
    Object.values(b.bond).forEach((offset, k) => view.setBigUint64(b.discriminator + offset, BigInt(k + 1), true));
    const d = bond.decode(data);
    expect(Object.keys(b.bond).map((k) => d[k as keyof typeof d])).toEqual(Object.keys(b.bond).map((_, k) => BigInt(k + 1)));
    const insurance = getInsuranceDecoder();
    const i = account(insurance.fixedSize);
    i.view.setBigUint64(b.discriminator + b.insurance.capLamportsPerEpoch, 9n, true);
    i.view.setBigUint64(b.discriminator + b.insurance.coveredLamports, 8n, true);
    expect([insurance.decode(i.data).capLamportsPerEpoch, insurance.decode(i.data).coveredLamports]).toEqual([9n, 8n]);
  });
});
