// Decoding of the accounts the app shows: the pool (SPL layout, borsh), its validator list (raw
// 73-byte entries), the steward's config and state header, the bonds and the insurance fund (the
// clients Codama generates from the IDLs, src/generated/clients/), and the state's per-validator
// slots, which the IDL does not describe (offsets from generated/layout.json, which a Rust test keeps
// equal to the program's).
import { PublicKey } from "@solana/web3.js";
import layout from "../generated/layout.json";
import { getConfigDecoder, getStewardStateDecoder } from "../generated/clients/steward/accounts";
import { getBondDecoder, getInsuranceDecoder } from "../generated/clients/bonds/accounts";
import { Borsh } from "./borsh";

export { layout };
import type { Fee } from "./quote";

/** The SPL stake pool's Borsh fields on top of the shared reader. */
class Reader extends Borsh {
  fee(): Fee { const denominator = this.u64(); const numerator = this.u64(); return { numerator, denominator }; }
  optionKey(): PublicKey | null { return this.option((r) => r.key()); }
  futureFee(): Fee | null { return this.u8() === 0 ? null : this.fee(); }
}

export interface StakePool {
  manager: PublicKey;
  staker: PublicKey;
  validatorList: PublicKey;
  reserveStake: PublicKey;
  poolMint: PublicKey;
  managerFeeAccount: PublicKey;
  tokenProgram: PublicKey;
  totalLamports: bigint;
  poolTokenSupply: bigint;
  lastUpdateEpoch: bigint;
  epochFee: Fee;
  nextEpochFee: Fee | null;
  stakeDepositFee: Fee;
  stakeWithdrawalFee: Fee;
  stakeReferralFee: number;
  solDepositAuthority: PublicKey | null;
  solDepositFee: Fee;
  solReferralFee: number;
  solWithdrawAuthority: PublicKey | null;
  solWithdrawalFee: Fee;
  lastEpochPoolTokenSupply: bigint;
  lastEpochTotalLamports: bigint;
}

export function decodeStakePool(data: Uint8Array): StakePool {
  if (data[0] !== 1) throw new Error("not a stake pool account");
  const r = new Reader(data, 1);
  const manager = r.key();
  const staker = r.key();
  r.key(); // stake deposit authority
  r.u8(); // withdraw bump
  const validatorList = r.key();
  const reserveStake = r.key();
  const poolMint = r.key();
  const managerFeeAccount = r.key();
  const tokenProgram = r.key();
  const totalLamports = r.u64();
  const poolTokenSupply = r.u64();
  const lastUpdateEpoch = r.u64();
  r.at += 48; // lockup
  const epochFee = r.fee();
  const nextEpochFee = r.futureFee();
  r.optionKey(); // preferred deposit validator
  r.optionKey(); // preferred withdraw validator
  const stakeDepositFee = r.fee();
  const stakeWithdrawalFee = r.fee();
  r.futureFee();
  const stakeReferralFee = r.u8();
  const solDepositAuthority = r.optionKey();
  const solDepositFee = r.fee();
  const solReferralFee = r.u8();
  const solWithdrawAuthority = r.optionKey();
  const solWithdrawalFee = r.fee();
  r.futureFee();
  const lastEpochPoolTokenSupply = r.u64();
  const lastEpochTotalLamports = r.u64();
  return {
    manager, staker, validatorList, reserveStake, poolMint, managerFeeAccount, tokenProgram, totalLamports,
    poolTokenSupply, lastUpdateEpoch, epochFee, nextEpochFee, stakeDepositFee, stakeWithdrawalFee, stakeReferralFee,
    solDepositAuthority, solDepositFee, solReferralFee, solWithdrawAuthority, solWithdrawalFee,
    lastEpochPoolTokenSupply, lastEpochTotalLamports,
  };
}

export interface ListEntry {
  active: bigint;
  transient: bigint;
  transientSeed: bigint;
  validatorSeed: number;
  status: number;
  vote: PublicKey;
}

export function decodeValidatorList(data: Uint8Array): ListEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint32(5, true);
  const out: ListEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 9 + i * 73;
    out.push({
      active: view.getBigUint64(at, true),
      transient: view.getBigUint64(at + 8, true),
      transientSeed: view.getBigUint64(at + 24, true),
      validatorSeed: view.getUint32(at + 36, true),
      status: data[at + 40],
      vote: new PublicKey(data.slice(at + 41, at + 73)),
    });
  }
  return out;
}

export interface Slot {
  vote: PublicKey;
  rawScore: bigint;
  score: bigint;
  filtersFailed: number;
  flags: number;
  instantReasons: number;
}

export interface StewardState {
  tag: string;
  maintenanceEpoch: bigint;
  lastCycleEpoch: bigint;
  delegatedCount: number;
  slots: Slot[];
}

export function decodeStewardState(data: Uint8Array): StewardState {
  const header = getStewardStateDecoder().decode(data);
  const s = layout.stewardState;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const slots: Slot[] = [];
  for (let i = 0; i < header.numValidators; i++) {
    const at = s.discriminator + s.headerLen + i * s.slotLen;
    slots.push({
      vote: new PublicKey(data.slice(at + s.slot.voteAccount, at + s.slot.voteAccount + 32)),
      rawScore: view.getBigUint64(at + s.slot.rawScore, true),
      score: view.getBigUint64(at + s.slot.score, true),
      filtersFailed: view.getUint16(at + s.slot.filtersFailed, true),
      flags: view.getUint16(at + s.slot.flags, true),
      instantReasons: data[at + s.slot.instantReasons],
    });
  }
  return {
    tag: layout.stateTags[header.tag] ?? "?",
    maintenanceEpoch: header.maintenanceEpoch,
    lastCycleEpoch: header.lastCycleEpoch,
    delegatedCount: header.delegatedCount,
    slots,
  };
}

export interface StewardConfig {
  state: PublicKey;
  paused: boolean;
  commissionThresholdBps: number;
  mevCommissionThresholdBps: number;
  historicalCommissionCeilingBps: number;
  scoringDelinquencyRatioBps: number;
  numDelegationValidators: number;
  epochsPerCycle: number;
  minimumBondBps: number;
}

export function decodeStewardConfig(data: Uint8Array): StewardConfig {
  const c = getConfigDecoder().decode(data);
  const p = c.parameters;
  return {
    state: new PublicKey(c.state),
    paused: c.paused !== 0,
    commissionThresholdBps: p.commissionThresholdBps,
    mevCommissionThresholdBps: p.mevCommissionThresholdBps,
    historicalCommissionCeilingBps: p.historicalCommissionCeilingBps,
    scoringDelinquencyRatioBps: p.scoringDelinquencyRatioBps,
    numDelegationValidators: p.numDelegationValidators,
    epochsPerCycle: p.epochsPerCycle,
    minimumBondBps: p.minimumBondBps,
  };
}

export const STAKE_POOL_PROGRAM = new PublicKey(layout.stakePoolProgram);
export const STEWARD_PROGRAM = new PublicKey(layout.stewardProgram);
export const FLAGS = layout.flags;
export const FILTERS = layout.filters;
export const INSTANT = layout.instant;

export function stewardConfigAddress(pool: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([new TextEncoder().encode("config"), pool.toBytes()], STEWARD_PROGRAM)[0];
}

export const BONDS_PROGRAM = new PublicKey(layout.bonds.program);
const seed = (text: string) => new TextEncoder().encode(text);

/** The bonds config of a steward (`["bonds-config", steward config]`). */
export function bondsConfigAddress(stewardConfig: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([seed(layout.bonds.seeds.config), stewardConfig.toBytes()], BONDS_PROGRAM)[0];
}

/** A validator's bond (`["bond", bonds config, vote]`). */
export function bondAddress(bondsConfig: PublicKey, vote: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([seed(layout.bonds.seeds.bond), bondsConfig.toBytes(), vote.toBytes()], BONDS_PROGRAM)[0];
}

/** The insurance fund (`["insurance", bonds config]`). */
export function insuranceAddress(bondsConfig: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([seed(layout.bonds.seeds.insurance), bondsConfig.toBytes()], BONDS_PROGRAM)[0];
}

export interface Bond {
  /** Lamports above the account's rent. */
  available: bigint;
  /** Asked back by the validator (leaving after the lock-up). */
  requested: bigint;
  /** The bonded stake account's lamports when bonded (0: none). */
  stake: bigint;
  /** Of `stake`, what settlements pledged to the pool. */
  owed: bigint;
  /** Paid to the pool's stakers by settlements, all time. */
  settled: bigint;
  /** Losses it could not pay, all time. */
  shortfall: bigint;
}

export function decodeBond(data: Uint8Array, lamports: bigint, rent: bigint): Bond {
  const b = getBondDecoder().decode(data);
  return {
    available: lamports > rent ? lamports - rent : 0n,
    requested: b.withdrawRequestLamports,
    stake: b.stakeLamports,
    owed: b.owedLamports,
    settled: b.settledLamports,
    shortfall: b.shortfallLamports,
  };
}

export interface Insurance {
  capLamportsPerEpoch: bigint;
  coveredLamports: bigint;
}

export function decodeInsurance(data: Uint8Array): Insurance {
  const i = getInsuranceDecoder().decode(data);
  return { capLamportsPerEpoch: i.capLamportsPerEpoch, coveredLamports: i.coveredLamports };
}
