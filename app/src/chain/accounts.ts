// Decoding of the accounts the app shows: the pool and its validator list (the published SPL
// stake-pool client's layouts: our pool keeps SPL's accounts byte for byte), the steward's config and
// state header, the bonds and the insurance fund (the clients Codama generates from the IDLs,
// src/generated/clients/), and the state's per-validator slots, which the IDL does not describe
// (offsets from generated/layout.json, which a Rust test keeps equal to the program's).
import { address, getAddressDecoder, getAddressEncoder, getProgramDerivedAddress, type Address, type ReadonlyUint8Array } from "@solana/kit";
import layout from "../generated/layout.json";
import { getConfigDecoder, getStewardStateDecoder } from "../generated/clients/steward/accounts";
import { getBondDecoder, getInsuranceDecoder } from "../generated/clients/bonds/accounts";
import { Buffer } from "buffer";
import { StakePoolLayout, ValidatorListLayout, type ValidatorStakeInfo } from "@solana/spl-stake-pool";

export { layout };
import type { Fee } from "./quote";

export interface StakePool {
  manager: Address;
  staker: Address;
  validatorList: Address;
  reserveStake: Address;
  poolMint: Address;
  managerFeeAccount: Address;
  tokenProgram: Address;
  totalLamports: bigint;
  poolTokenSupply: bigint;
  lastUpdateEpoch: bigint;
  epochFee: Fee;
  nextEpochFee: Fee | null;
  stakeDepositFee: Fee;
  stakeWithdrawalFee: Fee;
  stakeReferralFee: number;
  solDepositAuthority: Address | null;
  solDepositFee: Fee;
  solReferralFee: number;
  solWithdrawAuthority: Address | null;
  solWithdrawalFee: Fee;
  lastEpochPoolTokenSupply: bigint;
  lastEpochTotalLamports: bigint;
}

type BNLike = { toString(): string };
const big = (n: BNLike) => BigInt(n.toString());
const fee = (f: { denominator: BNLike; numerator: BNLike }): Fee => ({ numerator: big(f.numerator), denominator: big(f.denominator) });
// The SPL client's web3.js keys, as addresses: nothing past this module sees a `PublicKey`.
const key = (k: { toBase58(): string }) => address(k.toBase58());

/** The pool account, read by the published SPL stake-pool client's layout (`@solana/spl-stake-pool`). */
export function decodeStakePool(data: Uint8Array): StakePool {
  if (data[0] !== layout.spl.accountType.stakePool) throw new Error("not a stake pool account");
  const p = StakePoolLayout.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return {
    manager: key(p.manager),
    staker: key(p.staker),
    validatorList: key(p.validatorList),
    reserveStake: key(p.reserveStake),
    poolMint: key(p.poolMint),
    managerFeeAccount: key(p.managerFeeAccount),
    tokenProgram: key(p.tokenProgramId),
    totalLamports: big(p.totalLamports),
    poolTokenSupply: big(p.poolTokenSupply),
    lastUpdateEpoch: big(p.lastUpdateEpoch),
    epochFee: fee(p.epochFee),
    nextEpochFee: p.nextEpochFee ? fee(p.nextEpochFee) : null,
    stakeDepositFee: fee(p.stakeDepositFee),
    stakeWithdrawalFee: fee(p.stakeWithdrawalFee),
    stakeReferralFee: p.stakeReferralFee,
    solDepositAuthority: p.solDepositAuthority ? key(p.solDepositAuthority) : null,
    solDepositFee: fee(p.solDepositFee),
    solReferralFee: p.solReferralFee,
    solWithdrawAuthority: p.solWithdrawAuthority ? key(p.solWithdrawAuthority) : null,
    solWithdrawalFee: fee(p.solWithdrawalFee),
    lastEpochPoolTokenSupply: big(p.lastEpochPoolTokenSupply),
    lastEpochTotalLamports: big(p.lastEpochTotalLamports),
  };
}

export interface ListEntry {
  active: bigint;
  transient: bigint;
  transientSeed: bigint;
  validatorSeed: number;
  status: number;
  vote: Address;
}

/** The validator list, read by the published SPL stake-pool client's layout. */
export function decodeValidatorList(data: Uint8Array): ListEntry[] {
  const list = ValidatorListLayout.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return (list.validators as ValidatorStakeInfo[]).map((v) => ({
    active: big(v.activeStakeLamports),
    transient: big(v.transientStakeLamports),
    transientSeed: big(v.transientSeedSuffixStart),
    // SPL's `unused: u32` and `validator_seed_suffix: u32`, which the client reads as one u64.
    validatorSeed: Number(big(v.transientSeedSuffixEnd) >> 32n),
    status: v.status,
    vote: key(v.voteAccountAddress),
  }));
}

export interface Slot {
  vote: Address;
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
      vote: getAddressDecoder().decode(data, at + s.slot.voteAccount),
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
  state: Address;
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
    state: c.state,
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

export const STAKE_POOL_PROGRAM = address(layout.stakePoolProgram);
export const STEWARD_PROGRAM = address(layout.stewardProgram);
export const FLAGS = layout.flags;
export const FILTERS = layout.filters;
export const INSTANT = layout.instant;

/** A program derived address (kit derives it asynchronously, by WebCrypto's SHA-256); string seeds
 * count as their UTF-8 bytes. */
export const pda = async (programAddress: Address, seeds: Array<string | ReadonlyUint8Array>) =>
  (await getProgramDerivedAddress({ programAddress, seeds }))[0];
const bytes = (key: Address) => getAddressEncoder().encode(key);

export function stewardConfigAddress(pool: Address): Promise<Address> {
  return pda(STEWARD_PROGRAM, ["config", bytes(pool)]);
}

export const BONDS_PROGRAM = address(layout.bonds.program);

/** The bonds config of a steward (`["bonds-config", steward config]`). */
export function bondsConfigAddress(stewardConfig: Address): Promise<Address> {
  return pda(BONDS_PROGRAM, [layout.bonds.seeds.config, bytes(stewardConfig)]);
}

/** A validator's bond (`["bond", bonds config, vote]`). */
export function bondAddress(bondsConfig: Address, vote: Address): Promise<Address> {
  return pda(BONDS_PROGRAM, [layout.bonds.seeds.bond, bytes(bondsConfig), bytes(vote)]);
}

/** The insurance fund (`["insurance", bonds config]`). */
export function insuranceAddress(bondsConfig: Address): Promise<Address> {
  return pda(BONDS_PROGRAM, [layout.bonds.seeds.insurance, bytes(bondsConfig)]);
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
