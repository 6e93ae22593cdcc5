// Everything the app shows about a pool, read in a few RPC calls.
import { address, type Address } from "@solana/kit";
import { STAKE_POOL_PROGRAM_ID } from "@solana/spl-stake-pool";
import type { Chain } from "./rpc";
import {
  bondAddress, bondsConfigAddress, decodeBond, decodeInsurance, decodeStakePool, decodeStewardConfig, decodeStewardState,
  decodeValidatorList, insuranceAddress, layout, STAKE_POOL_PROGRAM, stewardConfigAddress,
  type Bond, type Insurance, type ListEntry, type StakePool, type StewardConfig, type StewardState,
} from "./accounts";
import { associatedTokenAddress } from "./instructions";
import { decodeStewardParameters } from "./idl";
import { getTokenDecoder } from "@solana-program/token";

/** A token account's amount (SPL Token's account, decoded by its published client). */
const tokenAmount = (data: Uint8Array) => getTokenDecoder().decode(data).amount;

export interface PoolView {
  address: Address;
  program: Address;
  state: StakePool;
  list: ListEntry[];
  reserveLamports: bigint;
  reserveAvailable: bigint;
  stakeRent: number;
  /** The cluster's minimum delegation: a stake withdrawal splits at least this much. */
  minimumDelegation: bigint;
  epoch: bigint;
  slotsInEpoch: number;
  /** The steward: its config (address, decoded, and every parameter by the IDL's field name) and state. */
  steward: { address: Address; config: StewardConfig; parameters: Record<string, bigint>; state: StewardState } | null;
  /** Each listed validator's bond (by vote account), and the insurance fund; null without bonds. */
  bonds: { byVote: Map<Address, Bond>; insurance: (Insurance & { fundTokens: bigint }) | null } | null;
  user: { owner: Address; lamports: bigint; poolTokens: bigint } | null;
}

export class RpcDown extends Error {}

/** Stake-pool programs the app signs for: ours and the upstream SPL program. */
export const KNOWN_POOL_PROGRAMS = [STAKE_POOL_PROGRAM, address(STAKE_POOL_PROGRAM_ID.toBase58())];

export async function loadPool(chain: Chain, address: Address, user: Address | null): Promise<PoolView> {
  let epochInfo;
  try {
    epochInfo = await chain.epochInfo();
  } catch (e) {
    throw new RpcDown(`Cannot reach the cluster at ${chain.url}.`);
  }
  const poolAccount = await chain.account(address);
  if (!poolAccount) throw new Error(`No stake pool at ${address} on this cluster.`);
  // Only pools of our program or SPL's: a link to another program's account must not get signatures.
  if (!KNOWN_POOL_PROGRAMS.includes(poolAccount.owner)) {
    throw new Error(`${address} is not a stake pool of a known program (owner ${poolAccount.owner}).`);
  }
  const state = decodeStakePool(poolAccount.data);
  const configAddress = await stewardConfigAddress(address);
  const [list, reserve, config] = await chain.accounts([state.validatorList, state.reserveStake, configAddress]);
  const stakeRent = Number(await chain.rent(layout.spl.stakeAccountLen));
  const minimumDelegation = await chain.minimumDelegation().catch(() => 0n);
  let steward = null;
  if (config) {
    const cfg = decodeStewardConfig(config.data);
    const st = await chain.account(cfg.state);
    if (st) {
      const { parameters } = decodeStewardParameters(config.data);
      steward = { address: configAddress, config: cfg, parameters, state: decodeStewardState(st.data) };
    }
  }
  const bonds = config ? await loadBonds(chain, configAddress, state, list ? decodeValidatorList(list.data) : []) : null;
  let userView = null;
  if (user) {
    const ata = await associatedTokenAddress(user, state.poolMint, state.tokenProgram);
    const [wallet, token] = await chain.accounts([user, ata]);
    const poolTokens = token ? tokenAmount(token.data) : 0n;
    userView = { owner: user, lamports: BigInt(wallet?.lamports ?? 0), poolTokens };
  }
  const reserveLamports = BigInt(reserve?.lamports ?? 0);
  const floor = BigInt(stakeRent) + 1n;
  return {
    address, program: poolAccount.owner, state, list: list ? decodeValidatorList(list.data) : [],
    reserveLamports, reserveAvailable: reserveLamports > floor ? reserveLamports - floor : 0n, stakeRent, minimumDelegation,
    epoch: epochInfo.epoch, slotsInEpoch: epochInfo.slotsInEpoch, steward, bonds, user: userView,
  };
}

async function loadBonds(chain: Chain, stewardConfig: Address, state: StakePool, list: ListEntry[]): Promise<PoolView["bonds"]> {
  const bondsConfig = await bondsConfigAddress(stewardConfig);
  const insurance = await insuranceAddress(bondsConfig);
  const fund = await associatedTokenAddress(insurance, state.poolMint, state.tokenProgram);
  const [configAccount, insuranceAccount, fundAccount] = await chain.accounts([bondsConfig, insurance, fund]);
  if (!configAccount) return null;
  const rent = await chain.rent(layout.bonds.bondLen);
  const byVote = new Map<Address, Bond>();
  const bonds = await chain.accounts(await Promise.all(list.map((e) => bondAddress(bondsConfig, e.vote))));
  bonds.forEach((a, k) => {
    if (a) byVote.set(list[k].vote, decodeBond(a.data, a.lamports, rent));
  });
  const fundTokens = fundAccount ? tokenAmount(fundAccount.data) : 0n;
  return { byVote, insurance: insuranceAccount ? { ...decodeInsurance(insuranceAccount.data), fundTokens } : null };
}

export function rate(pool: PoolView): number {
  const s = pool.state;
  return s.poolTokenSupply === 0n ? 1 : Number(s.totalLamports) / Number(s.poolTokenSupply);
}

/** Annualized from the rate change over the last epoch (400 ms slots). */
export function apy(pool: PoolView): number | null {
  const s = pool.state;
  if (s.lastEpochPoolTokenSupply === 0n || s.poolTokenSupply === 0n) return null;
  const before = Number(s.lastEpochTotalLamports) / Number(s.lastEpochPoolTokenSupply);
  return before > 0 ? Math.pow(rate(pool) / before, epochsPerYear(pool.slotsInEpoch)) - 1 : null;
}

export function needsUpdate(pool: PoolView): boolean {
  return pool.state.lastUpdateEpoch < pool.epoch;
}

/** The validator a stake withdrawal would split from: the one with the most active stake (its stake
 * account: `validatorStake` of its vote account and seed). */
export function largestValidator(pool: PoolView): ListEntry | null {
  return [...pool.list].filter((e) => e.status === layout.spl.validatorList.status.active).sort((a, b) => (a.active > b.active ? -1 : 1))[0] ?? null;
}

export interface EpochPoint {
  epoch: number;
  /** SOL per LST after the epoch's update. */
  rate: number;
  /** The pool's lamports then; null when only the rate was seen (earlier versions of this app). */
  tvlLamports: number | null;
}

/** The pool per epoch: the previous epoch's rate and lamports, which the chain keeps, the current
 * ones, and every epoch this browser saw before (remembered in localStorage). */
export function poolHistory(pool: PoolView): EpochPoint[] {
  const key = `lst-rates-${pool.address}`;
  let seen: Record<string, number | { rate: number; tvl: number | null }> = {};
  try {
    seen = JSON.parse(localStorage.getItem(key) ?? "{}");
  } catch {
    seen = {};
  }
  const s = pool.state;
  if (s.lastEpochPoolTokenSupply > 0n && s.lastUpdateEpoch > 0n) {
    const previous = String(s.lastUpdateEpoch - 1n);
    if (typeof seen[previous] !== "object") {
      seen[previous] = { rate: Number(s.lastEpochTotalLamports) / Number(s.lastEpochPoolTokenSupply), tvl: Number(s.lastEpochTotalLamports) };
    }
  }
  seen[String(s.lastUpdateEpoch)] = { rate: rate(pool), tvl: Number(s.totalLamports) };
  localStorage.setItem(key, JSON.stringify(seen));
  return Object.entries(seen)
    .map(([e, v]) => (typeof v === "number" ? { epoch: Number(e), rate: v, tvlLamports: null } : { epoch: Number(e), rate: v.rate, tvlLamports: v.tvl }))
    .sort((a, b) => a.epoch - b.epoch);
}

/** Epochs in a year at the cluster's slots per epoch (400 ms slots). */
export function epochsPerYear(slotsInEpoch: number): number {
  return (365.25 * 86_400) / (slotsInEpoch * 0.4);
}

/** The APY each epoch implies: the rate's growth since the epoch before it (or the one before a gap,
 * per epoch), compounded over a year; null for the first point or a rate that did not grow from a
 * positive one. */
export function apyPerEpoch(points: EpochPoint[], perYear: number): Array<number | null> {
  return points.map((p, i) => {
    const before = points[i - 1];
    if (!before || before.rate <= 0) return null;
    const epochs = p.epoch - before.epoch;
    const y = Math.pow(p.rate / before.rate, perYear / epochs) - 1;
    return Number.isFinite(y) ? y : null;
  });
}
