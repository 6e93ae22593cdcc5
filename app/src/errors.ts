// Failures in plain words.
import { RpcDown } from "./chain/pool";

export function plainError(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (e instanceof RpcDown || /fetch failed|Failed to fetch|NetworkError|ECONNREFUSED/i.test(text)) {
    return "The cluster cannot be reached right now. Nothing was sent; try again in a moment.";
  }
  if (/reject|denied|cancel/i.test(text)) return "You rejected the signature in your wallet. Nothing was sent.";
  if (/insufficient (funds|lamports)|Attempt to debit an account but found no record of a prior credit/i.test(text)) {
    return "Not enough SOL for this transaction and its fee.";
  }
  if (/not updated|StakeListAndPoolOutOfDate|0x11\b|custom program error: 0x11/i.test(text)) {
    return "The pool needs its epoch update before it accepts this. Try again after the crank runs.";
  }
  if (/slippage|ExceededSlippage|0x27\b/i.test(text)) return "The rate moved past your slippage limit. Nothing changed; quote again.";
  if (/WalletNotConnected|not connected/i.test(text)) return "Connect a wallet first.";
  return `The transaction failed: ${e instanceof Error ? e.message : text}`;
}
