// Everything the app shows about a pool, read in a few RPC calls.
import { Connection, PublicKey } from "@solana/web3.js";
import {
  bondAddress, bondsConfigAddress, decodeBond, decodeInsurance, decodeStakePool, decodeStewardConfig, decodeStewardState,
  decodeValidatorList, insuranceAddress, layout, STAKE_POOL_PROGRAM, stewardConfigAddress,
  type Bond, type Insurance, type ListEntry, type StakePool, type StewardConfig, type StewardState,
} from "./accounts";
import { associatedTokenAddress, validatorStake } from "./instructions";
import { decodeStewardParameters } from "./idl";

export interface PoolView {
  address: PublicKey;
  program: PublicKey;
  state: StakePool;
  list: ListEntry[];
  reserveLamports: bigint;
  reserveAvailable: bigint;
  stakeRent: number;
  epoch: bigint;
  slotsInEpoch: number;
  /** The steward: its config (address, decoded, and every parameter by the IDL's field name) and state. */
  steward: { address: PublicKey; config: StewardConfig; parameters: Record<string, bigint>; state: StewardState } | null;
  /** Each listed validator's bond (by vote account), and the insurance fund; null without bonds. */
  bonds: { byVote: Map<string, Bond>; insurance: (Insurance & { fundTokens: bigint }) | null } | null;
  user: { owner: PublicKey; lamports: bigint; poolTokens: bigint } | null;
}

export class RpcDown extends Error {}

/** Stake-pool programs the app signs for: ours and the upstream SPL program. */
export const KNOWN_POOL_PROGRAMS = [STAKE_POOL_PROGRAM, new PublicKey("SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy")];

export async function loadPool(conn: Connection, address: PublicKey, user: PublicKey | null): Promise<PoolView> {
  let epochInfo;
  try {
    epochInfo = await conn.getEpochInfo("confirmed");
  } catch (e) {
    throw new RpcDown(`Cannot reach the cluster at ${conn.rpcEndpoint}.`);
  }
  const poolAccount = await conn.getAccountInfo(address, "confirmed");
  if (!poolAccount) throw new Error(`No stake pool at ${address.toBase58()} on this cluster.`);
  // Only pools of our program or SPL's: a link to another program's account must not get signatures.
  if (!KNOWN_POOL_PROGRAMS.some((p) => p.equals(poolAccount.owner))) {
    throw new Error(`${address.toBase58()} is not a stake pool of a known program (owner ${poolAccount.owner.toBase58()}).`);
  }
  const state = decodeStakePool(poolAccount.data);
  const configAddress = stewardConfigAddress(address);
  const [list, reserve, config] = await conn.getMultipleAccountsInfo([state.validatorList, state.reserveStake, configAddress], "confirmed");
  const stakeRent = await conn.getMinimumBalanceForRentExemption(200);
  let steward = null;
  if (config) {
    const cfg = decodeStewardConfig(config.data);
    const st = await conn.getAccountInfo(cfg.state, "confirmed");
    if (st) {
      const { parameters } = decodeStewardParameters(config.data);
      steward = { address: configAddress, config: cfg, parameters, state: decodeStewardState(st.data) };
    }
  }
  const bonds = config ? await loadBonds(conn, configAddress, state, list ? decodeValidatorList(list.data) : []) : null;
  let userView = null;
  if (user) {
    const ata = associatedTokenAddress(user, state.poolMint, state.tokenProgram);
    const [wallet, token] = await conn.getMultipleAccountsInfo([user, ata], "confirmed");
    const poolTokens = token ? new DataView(token.data.buffer, token.data.byteOffset).getBigUint64(64, true) : 0n;
    userView = { owner: user, lamports: BigInt(wallet?.lamports ?? 0), poolTokens };
  }
  const reserveLamports = BigInt(reserve?.lamports ?? 0);
  const floor = BigInt(stakeRent) + 1n;
  return {
    address, program: poolAccount.owner, state, list: list ? decodeValidatorList(list.data) : [],
    reserveLamports, reserveAvailable: reserveLamports > floor ? reserveLamports - floor : 0n, stakeRent,
    epoch: BigInt(epochInfo.epoch), slotsInEpoch: epochInfo.slotsInEpoch, steward, bonds, user: userView,
  };
}

async function loadBonds(conn: Connection, stewardConfig: PublicKey, state: StakePool, list: ListEntry[]): Promise<PoolView["bonds"]> {
  const bondsConfig = bondsConfigAddress(stewardConfig);
  const insurance = insuranceAddress(bondsConfig);
  const fund = associatedTokenAddress(insurance, state.poolMint, state.tokenProgram);
  const [configAccount, insuranceAccount, fundAccount] = await conn.getMultipleAccountsInfo([bondsConfig, insurance, fund], "confirmed");
  if (!configAccount) return null;
  const rent = BigInt(await conn.getMinimumBalanceForRentExemption(layout.bonds.bondLen));
  const byVote = new Map<string, Bond>();
  for (let i = 0; i < list.length; i += 100) {
    const chunk = list.slice(i, i + 100);
    const accounts = await conn.getMultipleAccountsInfo(chunk.map((e) => bondAddress(bondsConfig, e.vote)), "confirmed");
    accounts.forEach((a, k) => {
      if (a) byVote.set(chunk[k].vote.toBase58(), decodeBond(a.data, BigInt(a.lamports), rent));
    });
  }
  const fundTokens = fundAccount ? new DataView(fundAccount.data.buffer, fundAccount.data.byteOffset).getBigUint64(64, true) : 0n;
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
  const epochsPerYear = (365.25 * 86_400) / (pool.slotsInEpoch * 0.4);
  return before > 0 ? Math.pow(rate(pool) / before, epochsPerYear) - 1 : null;
}

export function needsUpdate(pool: PoolView): boolean {
  return pool.state.lastUpdateEpoch < pool.epoch;
}

/** The validator a stake withdrawal would split from: the one with the most active stake. */
export function largestValidator(pool: PoolView): { entry: ListEntry; stake: PublicKey } | null {
  const best = [...pool.list].filter((e) => e.status === 0).sort((a, b) => (a.active > b.active ? -1 : 1))[0];
  return best ? { entry: best, stake: validatorStake(pool.program, best.vote, pool.address, best.validatorSeed) } : null;
}

/** Rates seen per epoch, remembered in this browser (the chain keeps only the last epoch's). */
export function rateHistory(pool: PoolView): Array<[number, number]> {
  const key = `lst-rates-${pool.address.toBase58()}`;
  const seen: Record<string, number> = JSON.parse(localStorage.getItem(key) ?? "{}");
  const s = pool.state;
  if (s.lastEpochPoolTokenSupply > 0n) {
    seen[String(pool.state.lastUpdateEpoch - 1n)] ??= Number(s.lastEpochTotalLamports) / Number(s.lastEpochPoolTokenSupply);
  }
  seen[String(pool.state.lastUpdateEpoch)] = rate(pool);
  localStorage.setItem(key, JSON.stringify(seen));
  return Object.entries(seen).map(([e, r]) => [Number(e), r] as [number, number]).sort((a, b) => a[0] - b[0]);
}
