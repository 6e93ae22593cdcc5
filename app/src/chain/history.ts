// A validator's per-epoch history as the steward records it (`ValidatorHistory`, one ring of 64
// epochs per validator) and the cluster's blocks per epoch (`ClusterHistory`), laid out from the
// steward's IDL (`#[repr(C)]` zero-copy accounts) and found by their IDL discriminator and owner
// fields, so nothing here restates the program's structs.
import { Connection, PublicKey } from "@solana/web3.js";
import { base58 } from "./borsh";
import { reprCLayout, STEWARD_IDL, readCField, type CLayout, type Idl } from "./idl";
import { STEWARD_PROGRAM } from "./accounts";

const ACCOUNT_DISCRIMINATOR = 8;
const UNSET = { u8: 0xff, u16: 0xffff, u32: 0xffff_ffff, u64: (1n << 64n) - 1n };

export interface HistoryEntry {
  epoch: number;
  /** Activated stake in the epoch, lamports; null unset. */
  activatedStake: bigint | null;
  /** The pool's stake on it in the epoch, lamports; null unset. */
  poolStake: bigint | null;
  voteCredits: number | null;
  commissionBps: number | null;
  mevCommissionBps: number | null;
  /** true: its tip-distribution account existed; false: a copy found none; null: not read. */
  mevClient: boolean | null;
  superminority: boolean | null;
  /** 0 = largest stake (oracle); null unset. */
  stakeRank: number | null;
}

export interface ValidatorHistory {
  address: PublicKey;
  vote: PublicKey;
  /** The epochs the ring holds, oldest first. */
  entries: HistoryEntry[];
  maxCommissionBps: number | null;
  votingEpochs: number;
  voteClosed: boolean;
  blacklisted: boolean;
}

function discriminator(idl: Idl & { accounts?: Array<{ name: string; discriminator: number[] }> }, name: string): Uint8Array {
  const account = idl.accounts?.find((a) => a.name === name);
  if (!account) throw new Error(`the IDL has no account ${name}`);
  return Uint8Array.from(account.discriminator);
}

const field = (l: CLayout, name: string) => {
  const f = l.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

/** Decodes a `ValidatorHistory` account (with its discriminator). */
export function decodeValidatorHistory(address: PublicKey, data: Uint8Array, idl: Idl = STEWARD_IDL): ValidatorHistory {
  const outer = reprCLayout(idl, "ValidatorHistory");
  const entry = reprCLayout(idl, "HistoryEntry");
  const at = (name: string) => ACCOUNT_DISCRIMINATOR + field(outer, name).offset;
  const read = (base: number, l: CLayout, name: string) => {
    const f = field(l, name);
    return readCField(data, base + f.offset, f.type) as bigint;
  };
  const num = (v: bigint, unset: number) => (Number(v) === unset ? null : Number(v));
  const entriesAt = at("entries");
  const count = (field(outer, "entries").type as { array: [unknown, number] }).array[1];
  const entries: HistoryEntry[] = [];
  for (let k = 0; k < count; k++) {
    const base = entriesAt + k * entry.size;
    const epoch = Number(read(base, entry, "epoch"));
    if (epoch === UNSET.u16) continue;
    const u64 = (name: string) => { const v = read(base, entry, name); return v === UNSET.u64 ? null : v; };
    const flag = (name: string) => { const v = num(read(base, entry, name), UNSET.u8); return v === null ? null : v === 1; };
    entries.push({
      epoch,
      activatedStake: u64("activated_stake_lamports"),
      poolStake: u64("pool_stake_lamports"),
      voteCredits: num(read(base, entry, "vote_credits"), UNSET.u32),
      commissionBps: num(read(base, entry, "commission_bps"), UNSET.u16),
      mevCommissionBps: num(read(base, entry, "mev_commission_bps"), UNSET.u16),
      mevClient: flag("mev_client"),
      superminority: flag("superminority"),
      stakeRank: num(read(base, entry, "stake_rank"), UNSET.u32),
    });
  }
  entries.sort((a, b) => a.epoch - b.epoch);
  const top = (name: string) => readCField(data, at(name), field(outer, name).type) as bigint | PublicKey;
  return {
    address,
    vote: top("vote_account") as PublicKey,
    entries,
    maxCommissionBps: num(top("max_commission_bps") as bigint, UNSET.u16),
    votingEpochs: Number(top("voting_epochs")),
    voteClosed: (top("vote_closed") as bigint) !== 0n,
    blacklisted: (top("blacklisted") as bigint) !== 0n,
  };
}

/** Blocks the cluster produced per epoch (from its first slot through `countedToSlot`). */
export interface ClusterEpoch {
  epoch: number;
  blocks: number;
  /** The count started at the epoch's first slot. */
  fromFirstSlot: boolean;
}

export function decodeClusterHistory(data: Uint8Array, idl: Idl = STEWARD_IDL): ClusterEpoch[] {
  const outer = reprCLayout(idl, "ClusterHistory");
  const entry = reprCLayout(idl, "ClusterEntry");
  const entriesAt = ACCOUNT_DISCRIMINATOR + field(outer, "entries").offset;
  const count = (field(outer, "entries").type as { array: [unknown, number] }).array[1];
  const out: ClusterEpoch[] = [];
  for (let k = 0; k < count; k++) {
    const base = entriesAt + k * entry.size;
    const r = (name: string) => Number(readCField(data, base + field(entry, name).offset, field(entry, name).type) as bigint);
    const epoch = r("epoch");
    const blocks = r("total_blocks");
    if (epoch === UNSET.u16 || blocks === UNSET.u32) continue;
    out.push({ epoch, blocks, fromFirstSlot: r("from_first_slot") === 1 });
  }
  return out.sort((a, b) => a.epoch - b.epoch);
}

const memcmp = (offset: number, bytes: Uint8Array) => ({ memcmp: { offset, bytes: base58(bytes) } });

/** The validator's history under `config` (its discriminator, config and vote account), or null. */
export async function loadValidatorHistory(conn: Connection, config: PublicKey, vote: PublicKey): Promise<ValidatorHistory | null> {
  const l = reprCLayout(STEWARD_IDL, "ValidatorHistory");
  const found = await conn.getProgramAccounts(STEWARD_PROGRAM, {
    commitment: "confirmed",
    filters: [
      memcmp(0, discriminator(STEWARD_IDL, "ValidatorHistory")),
      memcmp(ACCOUNT_DISCRIMINATOR + field(l, "config").offset, config.toBytes()),
      memcmp(ACCOUNT_DISCRIMINATOR + field(l, "vote_account").offset, vote.toBytes()),
    ],
  });
  return found[0] ? decodeValidatorHistory(found[0].pubkey, found[0].account.data) : null;
}

/** The steward's cluster history (blocks per epoch), empty when there is none. */
export async function loadClusterHistory(conn: Connection, config: PublicKey): Promise<ClusterEpoch[]> {
  const l = reprCLayout(STEWARD_IDL, "ClusterHistory");
  const found = await conn.getProgramAccounts(STEWARD_PROGRAM, {
    commitment: "confirmed",
    filters: [
      memcmp(0, discriminator(STEWARD_IDL, "ClusterHistory")),
      memcmp(ACCOUNT_DISCRIMINATOR + field(l, "config").offset, config.toBytes()),
    ],
  });
  return found[0] ? decodeClusterHistory(found[0].account.data) : [];
}

/** Vote credits over what voting on every block earns (16 credits a block), per epoch; null when
 * the blocks of the epoch were not counted from its first slot. */
export function creditShare(entry: HistoryEntry, cluster: ClusterEpoch[]): number | null {
  const c = cluster.find((x) => x.epoch === entry.epoch);
  if (!c || !c.fromFirstSlot || c.blocks === 0 || entry.voteCredits === null) return null;
  return entry.voteCredits / (16 * c.blocks);
}
