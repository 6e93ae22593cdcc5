// The app's reads and sends over @solana/kit's RPC client: accounts as bytes (kit's encoded
// accounts), program accounts by memcmp, and a transaction's simulate, send and status.
import {
  createSolanaRpc, fetchEncodedAccounts, getBase64Decoder, getBase64Encoder, type Address, type Base58EncodedBytes,
  type Base64EncodedWireTransaction, type ReadonlyUint8Array, type Rpc, type SolanaRpcApi,
} from "@solana/kit";
import { base58 } from "./borsh";

export interface ChainAccount {
  data: Uint8Array;
  lamports: bigint;
  owner: Address;
}

const rpcs = new Map<string, Rpc<SolanaRpcApi>>();
const commitment = "confirmed" as const;

/** A memcmp filter: `bytes` at `offset`. */
export interface Memcmp {
  offset: number;
  bytes: ReadonlyUint8Array;
}

export class Chain {
  readonly rpc: Rpc<SolanaRpcApi>;
  constructor(readonly url: string) {
    if (!rpcs.has(url)) rpcs.set(url, createSolanaRpc(url));
    this.rpc = rpcs.get(url)!;
  }

  async epochInfo(): Promise<{ epoch: bigint; slotsInEpoch: number }> {
    const info = await this.rpc.getEpochInfo({ commitment }).send();
    return { epoch: info.epoch, slotsInEpoch: Number(info.slotsInEpoch) };
  }

  /** Each account, or null where none exists (in order). */
  async accounts(keys: Address[]): Promise<Array<ChainAccount | null>> {
    const out: Array<ChainAccount | null> = [];
    for (let i = 0; i < keys.length; i += 100) {
      const found = await fetchEncodedAccounts(this.rpc, keys.slice(i, i + 100), { commitment });
      for (const f of found) out.push(f.exists ? { data: f.data, lamports: f.lamports, owner: f.programAddress } : null);
    }
    return out;
  }

  async account(key: Address): Promise<ChainAccount | null> {
    return (await this.accounts([key]))[0];
  }

  async rent(size: number): Promise<bigint> {
    return this.rpc.getMinimumBalanceForRentExemption(BigInt(size), { commitment }).send();
  }

  /** The cluster's minimum stake delegation (lamports): a stake account holds at least this much stake. */
  async minimumDelegation(): Promise<bigint> {
    return (await this.rpc.getStakeMinimumDelegation({ commitment }).send()).value;
  }

  /** Accounts of `program` whose bytes match every filter. */
  async programAccounts(program: Address, filters: Memcmp[]): Promise<Array<{ address: Address; data: Uint8Array }>> {
    const found = await this.rpc
      .getProgramAccounts(program, {
        commitment,
        encoding: "base64",
        filters: filters.map((f) => ({ memcmp: { offset: BigInt(f.offset), bytes: base58(f.bytes) as Base58EncodedBytes, encoding: "base58" as const } })),
      })
      .send();
    const b64 = getBase64Encoder();
    return found.map((f) => ({ address: f.pubkey, data: new Uint8Array(b64.encode(f.account.data[0])) }));
  }

  async latestBlockhash(): Promise<{ blockhash: string; lastValidBlockHeight: number }> {
    const { value } = await this.rpc.getLatestBlockhash({ commitment }).send();
    return { blockhash: value.blockhash, lastValidBlockHeight: Number(value.lastValidBlockHeight) };
  }

  /** Simulates unsigned wire bytes with the cluster's latest blockhash: the error and logs. */
  async simulate(bytes: Uint8Array): Promise<{ err: unknown; logs: string[] }> {
    const wire = getBase64Decoder().decode(bytes) as Base64EncodedWireTransaction;
    const { value } = await this.rpc.simulateTransaction(wire, { encoding: "base64", sigVerify: false, replaceRecentBlockhash: true, commitment }).send();
    return { err: value.err, logs: [...(value.logs ?? [])] };
  }

  /** Sends signed wire bytes (after the cluster's preflight): the signature. */
  async send(bytes: Uint8Array): Promise<string> {
    const wire = getBase64Decoder().decode(bytes) as Base64EncodedWireTransaction;
    return this.rpc.sendTransaction(wire, { encoding: "base64", preflightCommitment: commitment, maxRetries: 5n }).send();
  }
}
