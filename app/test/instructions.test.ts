// The instructions built by the generated clients carry SPL's bytes and account metas: checked here
// against SPL's interface written out (tag, little-endian u64 arguments, each account's signer and
// writable flags in order).
import { describe, expect, it } from "vitest";
import { Keypair, PublicKey, StakeProgram, SystemProgram, SYSVAR_CLOCK_PUBKEY, TransactionInstruction } from "@solana/web3.js";
import { ATA_PROGRAM, associatedTokenAddress, depositSol as kitDepositSol, toWeb3, withdrawAuthority, withdrawSol as kitWithdrawSol, withdrawStake as kitWithdrawStake } from "../src/chain/instructions";

const depositSol = (...args: Parameters<typeof kitDepositSol>) => kitDepositSol(...args).map(toWeb3);
const withdrawSol = (...args: Parameters<typeof kitWithdrawSol>) => toWeb3(kitWithdrawSol(...args));
const withdrawStake = (...args: Parameters<typeof kitWithdrawStake>) => kitWithdrawStake(...args).map(toWeb3);
import type { StakePool } from "../src/chain/accounts";

const key = (n: number) => new PublicKey(new Uint8Array(32).fill(n));
const program = key(1);
const pool = key(2);
const TOKEN = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const state = { validatorList: key(3), reserveStake: key(4), poolMint: key(5), managerFeeAccount: key(6), tokenProgram: TOKEN } as StakePool;
const user = key(7);
const ata = associatedTokenAddress(user, state.poolMint, TOKEN);
const auth = withdrawAuthority(program, pool);

const data = (tag: number, ...args: bigint[]) => {
  const out = new Uint8Array(1 + 8 * args.length);
  out[0] = tag;
  args.forEach((v, i) => new DataView(out.buffer).setBigUint64(1 + 8 * i, v, true));
  return Array.from(out);
};
// [address, signer, writable] per account.
const metas = (ix: TransactionInstruction) => ix.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]);
const m = (k: PublicKey, signer: boolean, writable: boolean) => [k.toBase58(), signer, writable];

describe("stake-pool instructions from the generated client", () => {
  it("DepositSolWithSlippage (tag 25) after the idempotent ATA creation", () => {
    const [createAta, deposit] = depositSol({ program, address: pool, state }, user, 2_000_000_000n, 1_990_000_000n);
    expect(createAta.programId.equals(ATA_PROGRAM)).toBe(true);
    expect(Array.from(createAta.data)).toEqual([1]);
    expect(metas(createAta)).toEqual([m(user, true, true), m(ata, false, true), m(user, false, false), m(state.poolMint, false, false), m(SystemProgram.programId, false, false), m(TOKEN, false, false)]);
    expect(deposit.programId.equals(program)).toBe(true);
    expect(Array.from(deposit.data)).toEqual(data(25, 2_000_000_000n, 1_990_000_000n));
    expect(metas(deposit)).toEqual([
      m(pool, false, true), m(auth, false, false), m(state.reserveStake, false, true), m(user, true, true), m(ata, false, true),
      m(state.managerFeeAccount, false, true), m(ata, false, true), m(state.poolMint, false, true), m(SystemProgram.programId, false, false), m(TOKEN, false, false),
    ]);
  });

  it("WithdrawSolWithSlippage (tag 26)", () => {
    const ix = withdrawSol({ program, address: pool, state }, user, 500_000_000n, 490_000_000n);
    expect(Array.from(ix.data)).toEqual(data(26, 500_000_000n, 490_000_000n));
    expect(metas(ix)).toEqual([
      m(pool, false, true), m(auth, false, false), m(user, true, false), m(ata, false, true), m(state.reserveStake, false, true), m(user, false, true),
      m(state.managerFeeAccount, false, true), m(state.poolMint, false, true), m(SYSVAR_CLOCK_PUBKEY, false, false),
      m(new PublicKey("SysvarStakeHistory1111111111111111111111111"), false, false), m(StakeProgram.programId, false, false), m(TOKEN, false, false),
    ]);
  });

  it("a stake account, then WithdrawStakeWithSlippage (tag 24)", () => {
    const receiver = Keypair.fromSeed(new Uint8Array(32).fill(9));
    const from = key(8);
    const [create, ix] = withdrawStake({ program, address: pool, state }, user, from, receiver, 2_282_880, 700_000_000n, 690_000_000n);
    const expected = SystemProgram.createAccount({ fromPubkey: user, newAccountPubkey: receiver.publicKey, lamports: 2_282_880, space: 200, programId: StakeProgram.programId });
    expect(Array.from(create.data)).toEqual(Array.from(expected.data));
    expect(metas(create)).toEqual(metas(expected));
    expect(Array.from(ix.data)).toEqual(data(24, 700_000_000n, 690_000_000n));
    expect(metas(ix)).toEqual([
      m(pool, false, true), m(state.validatorList, false, true), m(auth, false, false), m(from, false, true), m(receiver.publicKey, false, true),
      m(user, false, false), m(user, true, false), m(ata, false, true), m(state.managerFeeAccount, false, true), m(state.poolMint, false, true),
      m(SYSVAR_CLOCK_PUBKEY, false, false), m(TOKEN, false, false), m(StakeProgram.programId, false, false),
    ]);
  });
});

import { decodeStakePool, decodeValidatorList } from "../src/chain/accounts";

describe("the pool's accounts, read by the SPL client's layouts", () => {
  it("a stake pool written in SPL's Borsh layout", () => {
    const data = new Uint8Array(435);
    const v = new DataView(data.buffer);
    data[0] = 1;
    [1, 33, 65].forEach((at, k) => data.fill(10 + k, at, at + 32)); // manager, staker, deposit authority
    [98, 130, 162, 194, 226].forEach((at, k) => data.fill(20 + k, at, at + 32)); // list, reserve, mint, fee account, token program
    v.setBigUint64(258, 5_000n, true); // total lamports
    v.setBigUint64(266, 4_000n, true); // supply
    v.setBigUint64(274, 12n, true); // last update epoch
    v.setBigUint64(330, 100n, true); // epoch fee: denominator, numerator
    v.setBigUint64(338, 3n, true);
    v.setBigUint64(384, 1_000n, true); // SOL deposit fee
    v.setBigUint64(392, 1n, true);
    data[400] = 50; // SOL referral %
    v.setBigUint64(419, 3_900n, true);
    v.setBigUint64(427, 4_800n, true);
    const p = decodeStakePool(data);
    expect([p.manager.equals(key(10)), p.validatorList.equals(key(20)), p.reserveStake.equals(key(21)), p.poolMint.equals(key(22)), p.managerFeeAccount.equals(key(23)), p.tokenProgram.equals(key(24))]).toEqual([true, true, true, true, true, true]);
    expect([p.totalLamports, p.poolTokenSupply, p.lastUpdateEpoch, p.lastEpochPoolTokenSupply, p.lastEpochTotalLamports]).toEqual([5_000n, 4_000n, 12n, 3_900n, 4_800n]);
    expect([p.epochFee, p.solDepositFee, p.solReferralFee, p.nextEpochFee, p.solWithdrawAuthority]).toEqual([
      { numerator: 3n, denominator: 100n }, { numerator: 1n, denominator: 1_000n }, 50, null, null,
    ]);
  });

  it("validator list entries with their seeds", () => {
    const data = new Uint8Array(9 + 2 * 73);
    const v = new DataView(data.buffer);
    data[0] = 2;
    v.setUint32(1, 10, true);
    v.setUint32(5, 2, true);
    for (let i = 0; i < 2; i++) {
      const at = 9 + 73 * i;
      v.setBigUint64(at, 1_000n * BigInt(i + 1), true);
      v.setBigUint64(at + 8, 7n, true);
      v.setBigUint64(at + 24, 99n, true);
      v.setUint32(at + 36, 3 + i, true);
      data[at + 40] = i;
      data.fill(40 + i, at + 41, at + 73);
    }
    expect(decodeValidatorList(data).map((e) => [e.active, e.transient, e.transientSeed, e.validatorSeed, e.status, e.vote.equals(key(40 + e.status))]))
      .toEqual([[1_000n, 7n, 99n, 3, 0, true], [2_000n, 7n, 99n, 4, 1, true]]);
  });
});

import { compile, forWallet, signatureOf } from "../src/chain/transaction";
import { getBase58Decoder } from "@solana/kit";

describe("kit transactions for the wallet", () => {
  it("a version-0 transaction paid by the user, its instructions in order, signed by the app's own key", () => {
    const receiver = Keypair.fromSeed(new Uint8Array(32).fill(9));
    const lifetime = { blockhash: key(50).toBase58(), lastValidBlockHeight: 1000 };
    const instructions = kitWithdrawStake({ program, address: pool, state }, user, key(8), receiver, 2_282_880, 700_000_000n, 690_000_000n);
    const tx = forWallet(compile(user, instructions, lifetime), [receiver]);
    expect(tx.version).toBe(0);
    const keys = tx.message.staticAccountKeys;
    expect(keys[0].equals(user)).toBe(true);
    expect(tx.message.recentBlockhash).toBe(lifetime.blockhash);
    expect(tx.message.compiledInstructions.map((ix) => keys[ix.programIdIndex].toBase58())).toEqual([SystemProgram.programId.toBase58(), program.toBase58()]);
    expect(tx.message.header.numRequiredSignatures).toBe(2);
    // The user's signature is left to the wallet; the new stake account's is there.
    expect(tx.signatures[0].every((b) => b === 0)).toBe(true);
    const at = keys.findIndex((k) => k.equals(receiver.publicKey));
    expect(tx.signatures[at].some((b) => b !== 0)).toBe(true);
  });

  it("knows the signature a signed transaction will be sent as, before it is sent", () => {
    const payer = Keypair.fromSeed(new Uint8Array(32).fill(3));
    const lifetime = { blockhash: key(51).toBase58(), lastValidBlockHeight: 1000 };
    const instructions = [kitWithdrawSol({ program, address: pool, state }, payer.publicKey, 700_000_000n, 690_000_000n)];
    const tx = forWallet(compile(payer.publicKey, instructions, lifetime), [payer]);
    expect(signatureOf(tx.serialize())).toBe(getBase58Decoder().decode(tx.signatures[0]));
  });
});
