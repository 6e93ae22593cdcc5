// A validator's per-epoch history as the steward records it (`ValidatorHistory`, one ring of 64
// epochs per validator) and the cluster's blocks per epoch (`ClusterHistory`): decoded by the
// steward's generated client (src/generated/clients/steward), found by their discriminator and owner
// fields (offsets laid out from the IDL), so nothing here restates the program's structs.
import { getAddressEncoder, type Address } from "@solana/kit";
import type { Chain } from "./rpc";
import {
  CLUSTER_HISTORY_DISCRIMINATOR, getClusterHistoryDecoder, getValidatorHistoryDecoder, VALIDATOR_HISTORY_DISCRIMINATOR,
} from "../generated/clients/steward/accounts";
import { reprCLayout, STEWARD_IDL, type CLayout } from "./idl";
import { layout, STEWARD_PROGRAM } from "./accounts";

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
  address: Address;
  vote: Address;
  /** The epochs the ring holds, oldest first. */
  entries: HistoryEntry[];
  maxCommissionBps: number | null;
  votingEpochs: number;
  voteClosed: boolean;
  blacklisted: boolean;
}

const field = (l: CLayout, name: string) => {
  const f = l.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

/** Decodes a `ValidatorHistory` account (with its discriminator). */
export function decodeValidatorHistory(address: Address, data: Uint8Array): ValidatorHistory {
  const h = getValidatorHistoryDecoder().decode(data);
  const num = (v: number, unset: number) => (v === unset ? null : v);
  const flag = (v: number) => (v === UNSET.u8 ? null : v === 1);
  const entries: HistoryEntry[] = h.entries
    .filter((e) => e.epoch !== UNSET.u16)
    .map((e) => ({
      epoch: e.epoch,
      activatedStake: e.activatedStakeLamports === UNSET.u64 ? null : e.activatedStakeLamports,
      poolStake: e.poolStakeLamports === UNSET.u64 ? null : e.poolStakeLamports,
      voteCredits: num(e.voteCredits, UNSET.u32),
      commissionBps: num(e.commissionBps, UNSET.u16),
      mevCommissionBps: num(e.mevCommissionBps, UNSET.u16),
      mevClient: flag(e.mevClient),
      superminority: flag(e.superminority),
      stakeRank: num(e.stakeRank, UNSET.u32),
    }))
    .sort((a, b) => a.epoch - b.epoch);
  return {
    address,
    vote: h.voteAccount,
    entries,
    maxCommissionBps: num(h.maxCommissionBps, UNSET.u16),
    votingEpochs: h.votingEpochs,
    voteClosed: h.voteClosed !== 0,
    blacklisted: h.blacklisted !== 0,
  };
}

/** Blocks the cluster produced per epoch (from its first slot through `countedToSlot`). */
export interface ClusterEpoch {
  epoch: number;
  blocks: number;
  /** The count started at the epoch's first slot. */
  fromFirstSlot: boolean;
}

export function decodeClusterHistory(data: Uint8Array): ClusterEpoch[] {
  return getClusterHistoryDecoder()
    .decode(data)
    .entries.filter((e) => e.epoch !== UNSET.u16 && e.totalBlocks !== UNSET.u32)
    .map((e) => ({ epoch: e.epoch, blocks: e.totalBlocks, fromFirstSlot: e.fromFirstSlot === 1 }))
    .sort((a, b) => a.epoch - b.epoch);
}

/** The validator's history under `config` (its discriminator, config and vote account), or null. */
export async function loadValidatorHistory(chain: Chain, config: Address, vote: Address): Promise<ValidatorHistory | null> {
  const l = reprCLayout(STEWARD_IDL, "ValidatorHistory");
  const found = await chain.programAccounts(STEWARD_PROGRAM, [
    { offset: 0, bytes: Uint8Array.from(VALIDATOR_HISTORY_DISCRIMINATOR) },
    { offset: ACCOUNT_DISCRIMINATOR + field(l, "config").offset, bytes: getAddressEncoder().encode(config) },
    { offset: ACCOUNT_DISCRIMINATOR + field(l, "vote_account").offset, bytes: getAddressEncoder().encode(vote) },
  ]);
  return found[0] ? decodeValidatorHistory(found[0].address, found[0].data) : null;
}

/** The steward's cluster history (blocks per epoch), empty when there is none. */
export async function loadClusterHistory(chain: Chain, config: Address): Promise<ClusterEpoch[]> {
  const l = reprCLayout(STEWARD_IDL, "ClusterHistory");
  const found = await chain.programAccounts(STEWARD_PROGRAM, [
    { offset: 0, bytes: Uint8Array.from(CLUSTER_HISTORY_DISCRIMINATOR) },
    { offset: ACCOUNT_DISCRIMINATOR + field(l, "config").offset, bytes: getAddressEncoder().encode(config) },
  ]);
  return found[0] ? decodeClusterHistory(found[0].data) : [];
}

/** Vote credits over what voting on every block earns (the program's credits per slot a block), per epoch; null when
 * the blocks of the epoch were not counted from its first slot. */
export function creditShare(entry: HistoryEntry, cluster: ClusterEpoch[]): number | null {
  const c = cluster.find((x) => x.epoch === entry.epoch);
  if (!c || !c.fromFirstSlot || c.blocks === 0 || entry.voteCredits === null) return null;
  return entry.voteCredits / (layout.score.creditsPerSlot * c.blocks);
}
