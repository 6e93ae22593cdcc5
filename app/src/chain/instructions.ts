// The instructions the app sends, built by generated clients: the stake pool's from our IDL
// (src/generated/clients/stakePool: discriminator, arguments, account order), the associated token
// account's and the system program's from the published `@solana-program` clients. They are
// @solana/kit instructions, sent in kit transactions (chain/transaction.ts).
import { Buffer } from "buffer";
import { address, createNoopSigner, isSignerRole, isWritableRole, upgradeRoleToWritable, type Instruction } from "@solana/kit";
import { getCreateAssociatedTokenIdempotentInstruction } from "@solana-program/token";
import { getCreateAccountInstruction } from "@solana-program/system";
import { Keypair, PublicKey, TransactionInstruction } from "@solana/web3.js";
import stakePoolIdl from "../../../idl/stake_pool.json";
import {
  getDepositSolWithSlippageInstruction, getWithdrawSolWithSlippageInstruction, getWithdrawStakeWithSlippageInstruction,
} from "../generated/clients/stakePool/instructions";
import { layout, type StakePool } from "./accounts";

export const ATA_PROGRAM = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
const STAKE_HISTORY = new PublicKey(layout.spl.ids.stakeHistorySysvar);
const CLOCK = new PublicKey(layout.spl.ids.clockSysvar);
const STAKE_PROGRAM = new PublicKey(layout.spl.ids.stakeProgram);

const a = (key: PublicKey) => address(key.toBase58());
/** A signer for an account the wallet (or a key of the app) signs for later: the instruction only
 * needs its address and role. */
const signer = (key: PublicKey) => createNoopSigner(a(key));

/**
 * The accounts each instruction writes. Our stake pool parses its accounts itself (SPL's wire format),
 * so its IDL names them and marks the signers but not the writable ones: these follow SPL's
 * instruction documentation, by the IDL's account names, until the IDL carries them.
 */
const WRITABLE: Record<string, string[]> = {
  deposit_sol_with_slippage: ["stake_pool", "reserve_stake", "lamports_from", "destination", "manager_fee_account", "referrer", "pool_mint"],
  withdraw_sol_with_slippage: ["stake_pool", "burn_from", "reserve_stake", "destination", "manager_fee_account", "pool_mint"],
  withdraw_stake_with_slippage: ["stake_pool", "validator_list", "split_from", "split_to", "burn_from", "manager_fee_account", "pool_mint"],
};

/** Marks the accounts `WRITABLE` names for `name` (by their place in the IDL's account list). */
function withWritable(name: string, ix: Instruction): Instruction {
  const idl = stakePoolIdl.instructions.find((i) => i.name === name);
  if (!idl || !ix.accounts || ix.accounts.length !== idl.accounts.length) throw new Error(`the stake pool IDL has no ${name} of this shape`);
  const writable = new Set(WRITABLE[name]);
  return {
    ...ix,
    accounts: ix.accounts.map((meta, i) => (writable.has(idl.accounts[i].name) ? { ...meta, role: upgradeRoleToWritable(meta.role) } : meta)),
  };
}

/** A kit instruction as web3.js 1.x has it (tests compare the two). */
export function toWeb3(ix: Instruction): TransactionInstruction {
  return new TransactionInstruction({
    programId: new PublicKey(ix.programAddress),
    keys: (ix.accounts ?? []).map((m) => ({ pubkey: new PublicKey(m.address), isSigner: isSignerRole(m.role), isWritable: isWritableRole(m.role) })),
    data: Buffer.from(ix.data ?? new Uint8Array()),
  });
}

export function withdrawAuthority(program: PublicKey, pool: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([pool.toBytes(), new TextEncoder().encode(layout.spl.seeds.withdrawAuthority)], program)[0];
}

export function validatorStake(program: PublicKey, vote: PublicKey, pool: PublicKey, seed: number): PublicKey {
  const seeds = [vote.toBytes(), pool.toBytes()];
  if (seed !== 0) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, seed, true);
    seeds.push(b);
  }
  return PublicKey.findProgramAddressSync(seeds, program)[0];
}

export function associatedTokenAddress(owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([owner.toBytes(), tokenProgram.toBytes(), mint.toBytes()], ATA_PROGRAM)[0];
}

export function createAtaIdempotent(payer: PublicKey, owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey): Instruction {
  return getCreateAssociatedTokenIdempotentInstruction({
    payer: signer(payer),
    ata: a(associatedTokenAddress(owner, mint, tokenProgram)),
    owner: a(owner),
    mint: a(mint),
    tokenProgram: a(tokenProgram),
  });
}

export interface PoolRef {
  program: PublicKey;
  address: PublicKey;
  state: StakePool;
}

/** `DepositSolWithSlippage`: `lamports` from `user`, tokens to (and referral fee to) the user's ATA. */
export function depositSol(pool: PoolRef, user: PublicKey, lamports: bigint, minimumTokens: bigint): Instruction[] {
  const st = pool.state;
  const ata = a(associatedTokenAddress(user, st.poolMint, st.tokenProgram));
  const ix = getDepositSolWithSlippageInstruction(
    {
      stakePool: a(pool.address),
      withdrawAuthority: a(withdrawAuthority(pool.program, pool.address)),
      reserveStake: a(st.reserveStake),
      lamportsFrom: signer(user),
      destination: ata,
      managerFeeAccount: a(st.managerFeeAccount),
      referrer: ata,
      poolMint: a(st.poolMint),
      tokenProgram: a(st.tokenProgram),
      lamportsIn: lamports,
      minimumPoolTokensOut: minimumTokens,
    },
    { programAddress: a(pool.program) },
  );
  return [createAtaIdempotent(user, user, st.poolMint, st.tokenProgram), withWritable("deposit_sol_with_slippage", ix)];
}

/** `WithdrawSolWithSlippage`: burns `tokens` from the user's ATA, pays the user from the reserve. */
export function withdrawSol(pool: PoolRef, user: PublicKey, tokens: bigint, minimumLamports: bigint): Instruction {
  const st = pool.state;
  const ix = getWithdrawSolWithSlippageInstruction(
    {
      stakePool: a(pool.address),
      withdrawAuthority: a(withdrawAuthority(pool.program, pool.address)),
      userTransferAuthority: signer(user),
      burnFrom: a(associatedTokenAddress(user, st.poolMint, st.tokenProgram)),
      reserveStake: a(st.reserveStake),
      destination: a(user),
      managerFeeAccount: a(st.managerFeeAccount),
      poolMint: a(st.poolMint),
      clock: a(CLOCK),
      stakeHistory: a(STAKE_HISTORY),
      stakeProgram: a(STAKE_PROGRAM),
      tokenProgram: a(st.tokenProgram),
      poolTokensIn: tokens,
      minimumLamportsOut: minimumLamports,
    },
    { programAddress: a(pool.program) },
  );
  return withWritable("withdraw_sol_with_slippage", ix);
}

/** A new stake account (`receiver`, which signs) then `WithdrawStakeWithSlippage` from `from`. */
export function withdrawStake(pool: PoolRef, user: PublicKey, from: PublicKey, receiver: Keypair, rent: number, tokens: bigint, minimumLamports: bigint): Instruction[] {
  const st = pool.state;
  const create = getCreateAccountInstruction({
    payer: signer(user),
    newAccount: signer(receiver.publicKey),
    lamports: BigInt(rent),
    space: 200n,
    programAddress: a(STAKE_PROGRAM),
  });
  const ix = getWithdrawStakeWithSlippageInstruction(
    {
      stakePool: a(pool.address),
      validatorList: a(st.validatorList),
      withdrawAuthority: a(withdrawAuthority(pool.program, pool.address)),
      splitFrom: a(from),
      splitTo: a(receiver.publicKey),
      userStakeAuthority: a(user),
      userTransferAuthority: signer(user),
      burnFrom: a(associatedTokenAddress(user, st.poolMint, st.tokenProgram)),
      managerFeeAccount: a(st.managerFeeAccount),
      poolMint: a(st.poolMint),
      clock: a(CLOCK),
      tokenProgram: a(st.tokenProgram),
      stakeProgram: a(STAKE_PROGRAM),
      poolTokensIn: tokens,
      minimumLamportsOut: minimumLamports,
    },
    { programAddress: a(pool.program) },
  );
  return [create, withWritable("withdraw_stake_with_slippage", ix)];
}
