import { useCallback, useEffect, useMemo, useState } from "react";
import { isAddress } from "@solana/kit";
import { loadPool, type PoolView } from "./chain/pool";
import { Chain } from "./chain/rpc";
import { plainError } from "./errors";
import { Dashboard } from "./components/Dashboard";
import { DaoPanel } from "./components/DaoPanel";
import { Scoreboard } from "./components/Scoreboard";
import { StakePanel } from "./components/StakePanel";
import { ValidatorPage } from "./components/ValidatorPage";
import { WalletBar } from "./components/WalletBar";
import { useQueryParam } from "./route";

import { POOL, RPC_URL } from "./config";
import { WalletStandardProvider, useWalletStandard } from "./wallet/standard";

export function App() {
  return (
    <WalletStandardProvider>
      <Main />
    </WalletStandardProvider>
  );
}

function Main() {
  const { publicKey } = useWalletStandard();
  const [pool, setPool] = useState<PoolView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [address, setAddress] = useState(POOL);
  const validator = useQueryParam("validator");
  const poolKey = useMemo(() => (isAddress(address) ? address : null), [address]);

  const refresh = useCallback(async () => {
    if (!poolKey) return;
    try {
      setPool(await loadPool(new Chain(RPC_URL), poolKey, publicKey ?? null));
      setError(null);
    } catch (e) {
      setError(plainError(e));
    }
  }, [poolKey, publicKey]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5_000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <main>
      <header className="top">
        <h1>lst — liquid staking</h1>
        <WalletBar />
      </header>
      <p>
        <label>
          Pool{" "}
          <input
            aria-label="pool address"
            value={address}
            size={48}
            onChange={(e) => {
              setAddress(e.target.value);
              localStorage.setItem("lst-pool", e.target.value);
              // Links (a validator's page) keep the pool in the address.
              const next = new URLSearchParams(location.search);
              next.set("pool", e.target.value);
              history.replaceState(null, "", `${location.pathname}?${next}`);
            }}
          />
        </label>{" "}
        <small className="wrap">cluster {RPC_URL}</small>
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {!poolKey && <p>Enter a pool address.</p>}
      {pool && validator !== null && <ValidatorPage pool={pool} vote={validator} />}
      {pool && validator === null && (
        <>
          <Dashboard pool={pool} />
          <DaoPanel pool={pool} />
          <StakePanel pool={pool} onDone={refresh} />
          <Scoreboard pool={pool} />
        </>
      )}
    </main>
  );
}
