import type { BlockhashWithExpiryBlockHeight, Connection, TransactionError } from "@solana/web3.js";

/**
 * Waits until `signature` is confirmed, by polling its status over HTTP (no websocket notification to
 * miss), and gives up only once the chain has passed the blockhash's last valid block height — then
 * the transaction can no longer land. Returns the transaction's error, or null when it succeeded.
 */
export async function confirmByPolling(
  connection: Connection,
  signature: string,
  blockhash: BlockhashWithExpiryBlockHeight,
  intervalMs = 400,
): Promise<TransactionError | null> {
  for (;;) {
    const { value } = await connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status && (status.confirmationStatus === "confirmed" || status.confirmationStatus === "finalized")) {
      return status.err;
    }
    if ((await connection.getBlockHeight("confirmed")) > blockhash.lastValidBlockHeight) {
      // One last look: it may have landed in the final valid block.
      const last = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value[0];
      if (last && last.confirmationStatus !== "processed") return last.err;
      throw new Error("the transaction expired before it was confirmed");
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
