import { useState } from "react";
import { plainError } from "../errors";
import { useWalletStandard } from "../wallet/standard";

/** Every Wallet Standard wallet that signs Solana transactions, to connect; the connected account. */
export function WalletBar() {
  const { wallets, wallet, connect, disconnect, publicKey, connecting } = useWalletStandard();
  const [error, setError] = useState<string | null>(null);
  if (publicKey && wallet) {
    return (
      <div>
        <span className="wrap" data-testid="wallet-address">{publicKey}</span>{" "}
        <button onClick={() => disconnect().catch((e) => setError(plainError(e)))}>Disconnect</button>
        {error && <div role="alert" className="error">{error}</div>}
      </div>
    );
  }
  return (
    <div>
      {wallets.length === 0 && <span>No wallet found: install a Solana wallet.</span>}
      {wallets.map((w) => (
        <button
          key={w.name}
          disabled={connecting}
          onClick={() => {
            setError(null);
            connect(w).catch((e) => setError(plainError(e)));
          }}
        >
          <img src={w.icon} alt="" width={18} height={18} className="wallet-icon" />
          {connecting ? "Connecting…" : `Connect ${w.name}`}
        </button>
      ))}
      {error && <div role="alert" className="error">{error}</div>}
    </div>
  );
}
