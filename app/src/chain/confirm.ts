import type { Chain } from "./rpc";

/**
 * Waits until `signature` is confirmed, by polling its status over HTTP (no websocket notification to
 * miss), and gives up only once the chain has passed the blockhash's last valid block height — then
 * the transaction can no longer land. Returns the transaction's error, or null when it succeeded.
 */
export async function confirmByPolling(
  chain: Chain,
  signature: string,
  blockhash: { lastValidBlockHeight: number },
  intervalMs = 400,
): Promise<unknown> {
  const status = async (history: boolean) =>
    (await chain.rpc.getSignatureStatuses([signature as Parameters<typeof chain.rpc.getSignatureStatuses>[0][number]], { searchTransactionHistory: history }).send()).value[0];
  for (;;) {
    const s = await status(false);
    if (s && (s.confirmationStatus === "confirmed" || s.confirmationStatus === "finalized")) return s.err;
    if ((await chain.rpc.getBlockHeight({ commitment: "confirmed" }).send()) > BigInt(blockhash.lastValidBlockHeight)) {
      // One last look: it may have landed in the final valid block.
      const last = await status(true);
      if (last && last.confirmationStatus !== "processed") return last.err;
      throw new Error("the transaction expired before it was confirmed");
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
