import { useWallet } from "@solana/wallet-adapter-react";
import type { WalletName } from "@solana/wallet-adapter-base";
import { plainError } from "../errors";
import { useState } from "react";

export function WalletBar() {
  const { wallets, wallet, select, connect, disconnect, publicKey, connecting } = useWallet();
  const [error, setError] = useState<string | null>(null);
  if (publicKey) {
    return (
      <div>
        <span className="wrap" data-testid="wallet-address">{publicKey.toBase58()}</span>{" "}
        <button onClick={() => disconnect()}>Disconnect</button>
      </div>
    );
  }
  const choose = async (name: WalletName) => {
    setError(null);
    try {
      // The provider connects a selected wallet (autoConnect).
      select(name);
    } catch (e) {
      setError(plainError(e));
    }
  };
  return (
    <div>
      {wallets.length === 0 && <span>No wallet found: install a Solana wallet.</span>}
      {wallets.map((w) => (
        <button key={w.adapter.name} disabled={connecting} onClick={() => choose(w.adapter.name)}>
          Connect {w.adapter.name}
        </button>
      ))}
      {wallet && !publicKey && (
        <button disabled={connecting} onClick={() => connect().catch((e) => setError(plainError(e)))}>
          {connecting ? "Connecting…" : `Connect ${wallet.adapter.name}`}
        </button>
      )}
      {error && <div role="alert" className="error">{error}</div>}
    </div>
  );
}
