// The instructions built by the generated clients carry SPL's bytes and account metas: checked here
// against SPL's interface written out (tag, little-endian u64 arguments, each account's signer and
// writable flags in order), with web3.js 1.x as the independent reference for ids and addresses.
import { describe, expect, it } from "vitest";
import { Buffer } from "buffer";
import { PublicKey, StakeProgram, SystemProgram, SYSVAR_CLOCK_PUBKEY, TransactionInstruction, VersionedTransaction } from "@solana/web3.js";
import {
  address, createKeyPairSignerFromPrivateKeyBytes, getBase58Decoder, isSignerRole, isWritableRole, verifySignature, type Address,
  type Instruction, type SignatureBytes,
} from "@solana/kit";
import { depositSol as kitDepositSol, validatorStake, withdrawSol as kitWithdrawSol, withdrawStake as kitWithdrawStake } from "../src/chain/instructions";
import type { StakePool } from "../src/chain/accounts";

/** A kit instruction as web3.js 1.x has it. */
function toWeb3(ix: Instruction): TransactionInstruction {
  return new TransactionInstruction({
    programId: new PublicKey(ix.programAddress),
    keys: (ix.accounts ?? []).map((m) => ({ pubkey: new PublicKey(m.address), isSigner: isSignerRole(m.role), isWritable: isWritableRole(m.role) })),
    data: Buffer.from(ix.data ?? new Uint8Array()),
  });
}
const depositSol = async (...args: Parameters<typeof kitDepositSol>) => (await kitDepositSol(...args)).map(toWeb3);
const withdrawSol = async (...args: Parameters<typeof kitWithdrawSol>) => toWeb3(await kitWithdrawSol(...args));
const withdrawStake = async (...args: Parameters<typeof kitWithdrawStake>) => (await kitWithdrawStake(...args)).map(toWeb3);

const web3Key = (n: number) => new PublicKey(new Uint8Array(32).fill(n));
const key = (n: number) => address(web3Key(n).toBase58());
const program = key(1);
const pool = key(2);
const TOKEN = address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
const ATA_PROGRAM = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
const state = { validatorList: key(3), reserveStake: key(4), poolMint: key(5), managerFeeAccount: key(6), tokenProgram: TOKEN } as StakePool;
const user = key(7);
// The derived addresses, by web3.js's own derivation.
const ata = PublicKey.findProgramAddressSync([web3Key(7).toBytes(), new PublicKey(TOKEN).toBytes(), web3Key(5).toBytes()], ATA_PROGRAM)[0];
const auth = PublicKey.findProgramAddressSync([web3Key(2).toBytes(), Buffer.from("withdraw")], web3Key(1))[0];

const data = (tag: number, ...args: bigint[]) => {
  const out = new Uint8Array(1 + 8 * args.length);
  out[0] = tag;
  args.forEach((v, i) => new DataView(out.buffer).setBigUint64(1 + 8 * i, v, true));
  return Array.from(out);
};
// [address, signer, writable] per account.
const metas = (ix: TransactionInstruction) => ix.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]);
const m = (k: PublicKey | Address, signer: boolean, writable: boolean) => [String(k), signer, writable];

describe("stake-pool instructions from the generated client", () => {
  it("DepositSolWithSlippage (tag 25) after the idempotent ATA creation", async () => {
    const [createAta, deposit] = await depositSol({ program, address: pool, state }, user, 2_000_000_000n, 1_990_000_000n);
    expect(createAta.programId.equals(ATA_PROGRAM)).toBe(true);
    expect(Array.from(createAta.data)).toEqual([1]);
    expect(metas(createAta)).toEqual([m(user, true, true), m(ata, false, true), m(user, false, false), m(state.poolMint, false, false), m(SystemProgram.programId, false, false), m(TOKEN, false, false)]);
    expect(deposit.programId.toBase58()).toBe(program);
    expect(Array.from(deposit.data)).toEqual(data(25, 2_000_000_000n, 1_990_000_000n));
    expect(metas(deposit)).toEqual([
      m(pool, false, true), m(auth, false, false), m(state.reserveStake, false, true), m(user, true, true), m(ata, false, true),
      m(state.managerFeeAccount, false, true), m(ata, false, true), m(state.poolMint, false, true), m(SystemProgram.programId, false, false), m(TOKEN, false, false),
    ]);
  });

  it("WithdrawSolWithSlippage (tag 26)", async () => {
    const ix = await withdrawSol({ program, address: pool, state }, user, 500_000_000n, 490_000_000n);
    expect(Array.from(ix.data)).toEqual(data(26, 500_000_000n, 490_000_000n));
    expect(metas(ix)).toEqual([
      m(pool, false, true), m(auth, false, false), m(user, true, false), m(ata, false, true), m(state.reserveStake, false, true), m(user, false, true),
      m(state.managerFeeAccount, false, true), m(state.poolMint, false, true), m(SYSVAR_CLOCK_PUBKEY, false, false),
      m(new PublicKey("SysvarStakeHistory1111111111111111111111111"), false, false), m(StakeProgram.programId, false, false), m(TOKEN, false, false),
    ]);
  });

  it("a stake account, then WithdrawStakeWithSlippage (tag 24)", async () => {
    const receiver = await createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(32).fill(9));
    const from = key(8);
    const [create, ix] = await withdrawStake({ program, address: pool, state }, user, from, receiver, 2_282_880, 700_000_000n, 690_000_000n);
    const expected = SystemProgram.createAccount({
      fromPubkey: web3Key(7), newAccountPubkey: new PublicKey(receiver.address), lamports: 2_282_880, space: 200, programId: StakeProgram.programId,
    });
    expect(Array.from(create.data)).toEqual(Array.from(expected.data));
    expect(metas(create)).toEqual(metas(expected));
    expect(Array.from(ix.data)).toEqual(data(24, 700_000_000n, 690_000_000n));
    expect(metas(ix)).toEqual([
      m(pool, false, true), m(state.validatorList, false, true), m(auth, false, false), m(from, false, true), m(receiver.address, false, true),
      m(user, false, false), m(user, true, false), m(ata, false, true), m(state.managerFeeAccount, false, true), m(state.poolMint, false, true),
      m(SYSVAR_CLOCK_PUBKEY, false, false), m(TOKEN, false, false), m(StakeProgram.programId, false, false),
    ]);
  });

  it("a validator's stake account (`[vote, pool]`, then its seed as a u32 LE unless 0)", async () => {
    const expected = (...suffix: Uint8Array[]) =>
      PublicKey.findProgramAddressSync([web3Key(9).toBytes(), web3Key(2).toBytes(), ...suffix], web3Key(1))[0].toBase58();
    expect(await validatorStake(program, key(9), pool, 0)).toBe(expected());
    expect(await validatorStake(program, key(9), pool, 258)).toBe(expected(Uint8Array.from([2, 1, 0, 0])));
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
    expect([p.manager, p.validatorList, p.reserveStake, p.poolMint, p.managerFeeAccount, p.tokenProgram]).toEqual([key(10), key(20), key(21), key(22), key(23), key(24)]);
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
    expect(decodeValidatorList(data).map((e) => [e.active, e.transient, e.transientSeed, e.validatorSeed, e.status, e.vote === key(40 + e.status)]))
      .toEqual([[1_000n, 7n, 99n, 3, 0, true], [2_000n, 7n, 99n, 4, 1, true]]);
  });
});

import { compile, forWallet, signatureOf } from "../src/chain/transaction";

describe("kit transactions for the wallet", () => {
  it("a version-0 transaction paid by the user, its instructions in order, signed by the app's own key", async () => {
    const receiver = await createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(32).fill(9));
    const lifetime = { blockhash: key(50), lastValidBlockHeight: 1000 };
    const instructions = await kitWithdrawStake({ program, address: pool, state }, user, key(8), receiver, 2_282_880, 700_000_000n, 690_000_000n);
    const tx = VersionedTransaction.deserialize(await forWallet(compile(user, instructions, lifetime), [receiver]));
    expect(tx.version).toBe(0);
    const keys = tx.message.staticAccountKeys.map(String);
    expect(keys[0]).toBe(user);
    expect(tx.message.recentBlockhash).toBe(lifetime.blockhash);
    expect(tx.message.compiledInstructions.map((ix) => keys[ix.programIdIndex])).toEqual([SystemProgram.programId.toBase58(), program]);
    expect(tx.message.header.numRequiredSignatures).toBe(2);
    // The user's signature is left to the wallet; the new stake account's is there, over the message.
    expect(tx.signatures[0].every((b) => b === 0)).toBe(true);
    const signature = tx.signatures[keys.indexOf(receiver.address)] as SignatureBytes;
    expect(await verifySignature(receiver.keyPair.publicKey, signature, tx.message.serialize())).toBe(true);
  });

  it("knows the signature a signed transaction will be sent as, before it is sent", async () => {
    const payer = await createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(32).fill(3));
    const lifetime = { blockhash: key(51), lastValidBlockHeight: 1000 };
    const instructions = [await kitWithdrawSol({ program, address: pool, state }, payer.address, 700_000_000n, 690_000_000n)];
    const signed = await forWallet(compile(payer.address, instructions, lifetime), [payer]);
    expect(signatureOf(signed)).toBe(getBase58Decoder().decode(VersionedTransaction.deserialize(signed).signatures[0]));
  });
});
