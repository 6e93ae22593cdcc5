// A transaction message built with @solana/kit (version 0) from kit instructions, compiled to its wire
// bytes, which the wallet signs over the Wallet Standard (wallet/standard.tsx); a key of the app's own
// (a new stake account) signs them first.
import {
  appendTransactionMessageInstructions, compileTransaction, createTransactionMessage, getBase58Decoder, getTransactionDecoder,
  getTransactionEncoder, isSolanaError, partiallySignTransaction, pipe, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE,
  setTransactionMessageFeePayer, setTransactionMessageLifetimeUsingBlockhash, type Address, type Blockhash, type Instruction,
  type KeyPairSigner,
} from "@solana/kit";

export interface Lifetime {
  blockhash: string;
  lastValidBlockHeight: number;
}

/** The wire bytes of a v0 transaction paying from `payer`, unsigned. */
export function compile(payer: Address, instructions: Instruction[], lifetime: Lifetime): Uint8Array {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash({ blockhash: lifetime.blockhash as Blockhash, lastValidBlockHeight: BigInt(lifetime.lastValidBlockHeight) }, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  return new Uint8Array(getTransactionEncoder().encode(compileTransaction(message)));
}

/** The compiled transaction's wire bytes, signed by the app's own `signers`, for the wallet to sign
 * (the fee payer's signature left empty). */
export async function forWallet(bytes: Uint8Array, signers: KeyPairSigner[]): Promise<Uint8Array> {
  if (!signers.length) return bytes;
  const tx = await partiallySignTransaction(signers.map((s) => s.keyPair), getTransactionDecoder().decode(bytes));
  return new Uint8Array(getTransactionEncoder().encode(tx));
}

/** The program of each instruction, in order (to read a failure's code in the right program's table). */
export const programsOf = (instructions: Instruction[]) => instructions.map((ix) => String(ix.programAddress));

/** The signature a signed wire transaction will be known by: the fee payer's, the first after the
 * signature count (one byte below 128 signatures). It exists before the transaction is sent, so a
 * send whose answer is lost still names what may have landed. */
export function signatureOf(signed: Uint8Array): string {
  return getBase58Decoder().decode(signed.slice(1, 65));
}

/** Whether a send failed in the RPC's preflight simulation: then the cluster did not take it. */
export const refusedInPreflight = (e: unknown) =>
  isSolanaError(e, SOLANA_ERROR__JSON_RPC__SERVER_ERROR_SEND_TRANSACTION_PREFLIGHT_FAILURE);
