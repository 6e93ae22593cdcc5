// Failures in plain words. A program's error is named from the program that raised it and its code
// (chain/programErrors.ts, from the IDLs); what is left is the wallet's and the network's.
import { RpcDown } from "./chain/pool";
import { describeFailure } from "./chain/programErrors";

/** Thrown for a transaction that failed: its RPC error (`{ InstructionError: … }` or a name) and the
 * program of each of its instructions, so the error is read by program and code. */
export class TransactionFailed extends Error {
  constructor(readonly err: unknown, readonly programIds: string[], readonly logs: string[] = []) {
    super(describeFailure(err, programIds, logs) ?? `the transaction failed: ${JSON.stringify(err)}`);
    this.name = "TransactionFailed";
  }
}

export function plainError(e: unknown, programIds: string[] = []): string {
  if (e instanceof TransactionFailed) return e.message;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (e instanceof RpcDown || /fetch failed|Failed to fetch|NetworkError|ECONNREFUSED/i.test(text)) {
    return "The cluster cannot be reached right now. Nothing was sent; try again in a moment.";
  }
  // A wallet that simulated and sent itself reports the RPC's error as text.
  const program = describeFailure(e, programIds);
  if (program) return program;
  if (/WalletNotConnected|not connected/i.test(text)) return "Connect a wallet first.";
  if (/reject|denied|cancel/i.test(text)) return "You rejected the signature in your wallet. Nothing was sent.";
  return `The transaction failed: ${e instanceof Error ? e.message : text}`;
}
