// A Borsh reader (little-endian integers, `u32` lengths before strings and vecs, a tag byte before
// an Option's value) and the base58 encoding `getProgramAccounts` filters take.
import { getAddressDecoder, type Address, type ReadonlyUint8Array } from "@solana/kit";

const addresses = getAddressDecoder();

export class Borsh {
  private view: DataView;
  constructor(private data: Uint8Array, public at = 0) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  private need(n: number): number {
    if (this.at + n > this.data.length) throw new RangeError(`account data ends at ${this.data.length}, needed ${this.at + n}`);
    const at = this.at;
    this.at += n;
    return at;
  }
  get remaining(): number { return this.data.length - this.at; }
  u8(): number { return this.data[this.need(1)]; }
  bool(): boolean { return this.u8() !== 0; }
  u16(): number { return this.view.getUint16(this.need(2), true); }
  u32(): number { return this.view.getUint32(this.need(4), true); }
  u64(): bigint { return this.view.getBigUint64(this.need(8), true); }
  i64(): bigint { return this.view.getBigInt64(this.need(8), true); }
  bytes(n: number): Uint8Array { const at = this.need(n); return this.data.slice(at, at + n); }
  key(): Address { return addresses.decode(this.bytes(32)); }
  string(): string { return new TextDecoder().decode(this.bytes(this.u32())); }
  vec<T>(item: (r: Borsh) => T): T[] {
    const n = this.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }
  option<T>(value: (r: Borsh) => T): T | null {
    const tag = this.u8();
    if (tag > 1) throw new Error(`invalid Option tag ${tag} at ${this.at - 1}`);
    return tag === 1 ? value(this) : null;
  }
}

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58, as `getProgramAccounts` memcmp filters take their bytes. */
export function base58(bytes: ReadonlyUint8Array): string {
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}
