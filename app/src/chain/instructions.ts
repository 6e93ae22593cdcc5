// The instructions the app sends, built by generated clients: the stake pool's from our IDL
// (src/generated/clients/stakePool: discriminator, arguments, account order, and SPL's account roles,
// which the IDL takes from spl-stake-pool's own builders), the associated token
// account's and the system program's from the published `@solana-program` clients. They are
// @solana/kit instructions, sent in kit transactions (chain/transaction.ts).
import {
  address, createNoopSigner, getAddressEncoder, type Address, type Instruction, type TransactionSigner,
} from "@solana/kit";
import { findAssociatedTokenPda, getCreateAssociatedTokenIdempotentInstruction } from "@solana-program/token";
import { getCreateAccountInstruction } from "@solana-program/system";
import {
  getDepositSolWithSlippageInstruction, getWithdrawSolWithSlippageInstruction, getWithdrawStakeWithSlippageInstruction,
} from "../generated/clients/stakePool/instructions";
import { layout, pda, type StakePool } from "./accounts";

const STAKE_HISTORY = address(layout.spl.ids.stakeHistorySysvar);
const CLOCK = address(layout.spl.ids.clockSysvar);
const STAKE_PROGRAM = address(layout.spl.ids.stakeProgram);

/** A signer for an account the wallet signs for later: the instruction only needs its address and role. */
const signer = createNoopSigner;
const bytes = (key: Address) => getAddressEncoder().encode(key);

export function withdrawAuthority(program: Address, pool: Address): Promise<Address> {
  return pda(program, [bytes(pool), layout.spl.seeds.withdrawAuthority]);
}

export function validatorStake(program: Address, vote: Address, pool: Address, seed: number): Promise<Address> {
  const seeds = [bytes(vote), bytes(pool)];
  if (seed !== 0) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, seed, true);
    seeds.push(b);
  }
  return pda(program, seeds);
}

export async function associatedTokenAddress(owner: Address, mint: Address, tokenProgram: Address): Promise<Address> {
  return (await findAssociatedTokenPda({ owner, mint, tokenProgram }))[0];
}

export async function createAtaIdempotent(payer: Address, owner: Address, mint: Address, tokenProgram: Address): Promise<Instruction> {
  return getCreateAssociatedTokenIdempotentInstruction({
    payer: signer(payer),
    ata: await associatedTokenAddress(owner, mint, tokenProgram),
    owner,
    mint,
    tokenProgram,
  });
}

export interface PoolRef {
  program: Address;
  address: Address;
  state: StakePool;
}

/** `DepositSolWithSlippage`: `lamports` from `user`, tokens to (and referral fee to) the user's ATA. */
export async function depositSol(pool: PoolRef, user: Address, lamports: bigint, minimumTokens: bigint): Promise<Instruction[]> {
  const st = pool.state;
  const ata = await associatedTokenAddress(user, st.poolMint, st.tokenProgram);
  const ix = getDepositSolWithSlippageInstruction(
    {
      stakePool: pool.address,
      withdrawAuthority: await withdrawAuthority(pool.program, pool.address),
      reserveStake: st.reserveStake,
      lamportsFrom: signer(user),
      destination: ata,
      managerFeeAccount: st.managerFeeAccount,
      referrer: ata,
      poolMint: st.poolMint,
      tokenProgram: st.tokenProgram,
      lamportsIn: lamports,
      minimumPoolTokensOut: minimumTokens,
    },
    { programAddress: pool.program },
  );
  return [await createAtaIdempotent(user, user, st.poolMint, st.tokenProgram), ix];
}

/** `WithdrawSolWithSlippage`: burns `tokens` from the user's ATA, pays the user from the reserve. */
export async function withdrawSol(pool: PoolRef, user: Address, tokens: bigint, minimumLamports: bigint): Promise<Instruction> {
  const st = pool.state;
  return getWithdrawSolWithSlippageInstruction(
    {
      stakePool: pool.address,
      withdrawAuthority: await withdrawAuthority(pool.program, pool.address),
      userTransferAuthority: signer(user),
      burnFrom: await associatedTokenAddress(user, st.poolMint, st.tokenProgram),
      reserveStake: st.reserveStake,
      destination: user,
      managerFeeAccount: st.managerFeeAccount,
      poolMint: st.poolMint,
      clock: CLOCK,
      stakeHistory: STAKE_HISTORY,
      stakeProgram: STAKE_PROGRAM,
      tokenProgram: st.tokenProgram,
      poolTokensIn: tokens,
      minimumLamportsOut: minimumLamports,
    },
    { programAddress: pool.program },
  );
}

/** A new stake account (`receiver`, which signs) then `WithdrawStakeWithSlippage` from `from`. */
export async function withdrawStake(
  pool: PoolRef, user: Address, from: Address, receiver: TransactionSigner, rent: number, tokens: bigint, minimumLamports: bigint,
): Promise<Instruction[]> {
  const st = pool.state;
  const create = getCreateAccountInstruction({
    payer: signer(user),
    newAccount: receiver,
    lamports: BigInt(rent),
    space: BigInt(layout.spl.stakeAccountLen),
    programAddress: STAKE_PROGRAM,
  });
  const ix = getWithdrawStakeWithSlippageInstruction(
    {
      stakePool: pool.address,
      validatorList: st.validatorList,
      withdrawAuthority: await withdrawAuthority(pool.program, pool.address),
      splitFrom: from,
      splitTo: receiver.address,
      userStakeAuthority: user,
      userTransferAuthority: signer(user),
      burnFrom: await associatedTokenAddress(user, st.poolMint, st.tokenProgram),
      managerFeeAccount: st.managerFeeAccount,
      poolMint: st.poolMint,
      clock: CLOCK,
      tokenProgram: st.tokenProgram,
      stakeProgram: STAKE_PROGRAM,
      poolTokensIn: tokens,
      minimumLamportsOut: minimumLamports,
    },
    { programAddress: pool.program },
  );
  return [create, ix];
}
