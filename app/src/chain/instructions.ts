// SPL stake-pool instructions the app sends (one-byte tag, little-endian arguments, SPL account order)
// and the token-account helpers, exactly as lst-sdk builds them.
import { Buffer } from "buffer";
import { Keypair, PublicKey, StakeProgram, SystemProgram, SYSVAR_CLOCK_PUBKEY, TransactionInstruction } from "@solana/web3.js";
import type { StakePool } from "./accounts";

export const ATA_PROGRAM = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
const TAG = { depositSolWithSlippage: 25, withdrawSolWithSlippage: 26, withdrawStakeWithSlippage: 24 };

function data(tag: number, ...args: bigint[]): Buffer {
  const out = Buffer.alloc(1 + 8 * args.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out[0] = tag;
  args.forEach((a, i) => view.setBigUint64(1 + 8 * i, a, true));
  return out;
}

const w = (pubkey: PublicKey) => ({ pubkey, isSigner: false, isWritable: true });
const r = (pubkey: PublicKey) => ({ pubkey, isSigner: false, isWritable: false });
const s = (pubkey: PublicKey) => ({ pubkey, isSigner: true, isWritable: false });

export function withdrawAuthority(program: PublicKey, pool: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([pool.toBytes(), new TextEncoder().encode("withdraw")], program)[0];
}

export function validatorStake(program: PublicKey, vote: PublicKey, pool: PublicKey, seed: number): PublicKey {
  const seeds = [vote.toBytes(), pool.toBytes()];
  if (seed !== 0) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(seed, 0);
    seeds.push(b);
  }
  return PublicKey.findProgramAddressSync(seeds, program)[0];
}

export function associatedTokenAddress(owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([owner.toBytes(), tokenProgram.toBytes(), mint.toBytes()], ATA_PROGRAM)[0];
}

export function createAtaIdempotent(payer: PublicKey, owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey): TransactionInstruction {
  return new TransactionInstruction({
    programId: ATA_PROGRAM,
    keys: [
      { pubkey: payer, isSigner: true, isWritable: true },
      w(associatedTokenAddress(owner, mint, tokenProgram)),
      r(owner), r(mint), r(SystemProgram.programId), r(tokenProgram),
    ],
    data: Buffer.from([1]),
  });
}

export interface PoolRef {
  program: PublicKey;
  address: PublicKey;
  state: StakePool;
}

/** `DepositSolWithSlippage`: `lamports` from `user`, tokens to (and referral fee to) the user's ATA. */
export function depositSol(pool: PoolRef, user: PublicKey, lamports: bigint, minimumTokens: bigint): TransactionInstruction[] {
  const st = pool.state;
  const ata = associatedTokenAddress(user, st.poolMint, st.tokenProgram);
  return [
    createAtaIdempotent(user, user, st.poolMint, st.tokenProgram),
    new TransactionInstruction({
      programId: pool.program,
      keys: [
        w(pool.address), r(withdrawAuthority(pool.program, pool.address)), w(st.reserveStake),
        { pubkey: user, isSigner: true, isWritable: true }, w(ata), w(st.managerFeeAccount), w(ata), w(st.poolMint),
        r(SystemProgram.programId), r(st.tokenProgram),
      ],
      data: data(TAG.depositSolWithSlippage, lamports, minimumTokens),
    }),
  ];
}

/** `WithdrawSolWithSlippage`: burns `tokens` from the user's ATA, pays the user from the reserve. */
export function withdrawSol(pool: PoolRef, user: PublicKey, tokens: bigint, minimumLamports: bigint): TransactionInstruction {
  const st = pool.state;
  const ata = associatedTokenAddress(user, st.poolMint, st.tokenProgram);
  return new TransactionInstruction({
    programId: pool.program,
    keys: [
      w(pool.address), r(withdrawAuthority(pool.program, pool.address)), s(user), w(ata), w(st.reserveStake), w(user),
      w(st.managerFeeAccount), w(st.poolMint), r(SYSVAR_CLOCK_PUBKEY),
      r(new PublicKey("SysvarStakeHistory1111111111111111111111111")), r(StakeProgram.programId), r(st.tokenProgram),
    ],
    data: data(TAG.withdrawSolWithSlippage, tokens, minimumLamports),
  });
}

/** A new stake account (`receiver`, which signs) then `WithdrawStakeWithSlippage` from `from`. */
export function withdrawStake(pool: PoolRef, user: PublicKey, from: PublicKey, receiver: Keypair, rent: number, tokens: bigint, minimumLamports: bigint): TransactionInstruction[] {
  const st = pool.state;
  const ata = associatedTokenAddress(user, st.poolMint, st.tokenProgram);
  return [
    SystemProgram.createAccount({ fromPubkey: user, newAccountPubkey: receiver.publicKey, lamports: rent, space: 200, programId: StakeProgram.programId }),
    new TransactionInstruction({
      programId: pool.program,
      keys: [
        w(pool.address), w(st.validatorList), r(withdrawAuthority(pool.program, pool.address)), w(from),
        w(receiver.publicKey), r(user), s(user), w(ata), w(st.managerFeeAccount), w(st.poolMint),
        r(SYSVAR_CLOCK_PUBKEY), r(st.tokenProgram), r(StakeProgram.programId),
      ],
      data: data(TAG.withdrawStakeWithSlippage, tokens, minimumLamports),
    }),
  ];
}
