// Wallets through the Wallet Standard itself: every registered wallet that can connect and sign
// Solana transactions (an installed extension, a mobile wallet's in-app browser, the test wallet of
// test builds), its account, and a signer for the wire bytes of a transaction @solana/kit compiled.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { getWallets } from "@wallet-standard/app";
import type { Wallet, WalletAccount } from "@wallet-standard/base";
import {
  StandardConnect, StandardDisconnect, StandardEvents,
  type StandardConnectFeature, type StandardDisconnectFeature, type StandardEventsFeature,
} from "@wallet-standard/features";
import { SolanaSignTransaction, type SolanaSignTransactionFeature } from "@solana/wallet-standard-features";
import { getAddressDecoder, type Address } from "@solana/kit";

type SolanaWallet = Wallet & { features: StandardConnectFeature & SolanaSignTransactionFeature & Partial<StandardDisconnectFeature & StandardEventsFeature> };

/** A wallet the app can use: it speaks Solana, connects and signs transactions. */
function usable(w: Wallet): w is SolanaWallet {
  return w.chains.some((c) => c.startsWith("solana:")) && StandardConnect in w.features && SolanaSignTransaction in w.features;
}

export interface WalletState {
  wallets: SolanaWallet[];
  wallet: SolanaWallet | null;
  account: WalletAccount | null;
  publicKey: Address | null;
  connecting: boolean;
  connect: (wallet: SolanaWallet) => Promise<void>;
  disconnect: () => Promise<void>;
  /** Signs a transaction's wire bytes with the connected account (for `chain`, when it lists it). */
  signTransaction: (bytes: Uint8Array, chain: string) => Promise<Uint8Array>;
}

const WalletContext = createContext<WalletState | null>(null);
const REMEMBERED = "lst-wallet";

export function WalletStandardProvider({ children }: { children: ReactNode }) {
  const registry = useMemo(() => getWallets(), []);
  const [wallets, setWallets] = useState<SolanaWallet[]>(() => registry.get().filter(usable));
  const [wallet, setWallet] = useState<SolanaWallet | null>(null);
  const [account, setAccount] = useState<WalletAccount | null>(null);
  const [connecting, setConnecting] = useState(false);
  const tried = useRef(false);

  useEffect(() => {
    const update = () => setWallets(registry.get().filter(usable));
    const offRegister = registry.on("register", update);
    const offUnregister = registry.on("unregister", update);
    update();
    return () => {
      offRegister();
      offUnregister();
    };
  }, [registry]);

  const connect = useCallback(async (w: SolanaWallet, silent = false) => {
    setConnecting(true);
    try {
      const { accounts } = await w.features[StandardConnect].connect(silent ? { silent: true } : undefined);
      const first = accounts.find((a) => a.chains.some((c) => c.startsWith("solana:"))) ?? accounts[0] ?? null;
      if (!first) return;
      setWallet(w);
      setAccount(first);
      localStorage.setItem(REMEMBERED, w.name);
    } finally {
      setConnecting(false);
    }
  }, []);

  // Reconnects, without a prompt, the wallet used last.
  useEffect(() => {
    if (tried.current || wallet) return;
    const last = wallets.find((w) => w.name === localStorage.getItem(REMEMBERED));
    if (!last) return;
    tried.current = true;
    connect(last, true).catch(() => localStorage.removeItem(REMEMBERED));
  }, [wallets, wallet, connect]);

  // Follows the wallet's account changes (switched, or disconnected from the wallet's side).
  useEffect(() => {
    if (!wallet || !wallet.features[StandardEvents]) return;
    return wallet.features[StandardEvents].on("change", ({ accounts }) => {
      if (!accounts) return;
      const same = accounts.find((a) => a.address === account?.address);
      if (same) setAccount(same);
      else if (accounts.length) setAccount(accounts[0]);
      else {
        setAccount(null);
        setWallet(null);
      }
    });
  }, [wallet, account]);

  const disconnect = useCallback(async () => {
    const w = wallet;
    setWallet(null);
    setAccount(null);
    localStorage.removeItem(REMEMBERED);
    await w?.features[StandardDisconnect]?.disconnect();
  }, [wallet]);

  const signTransaction = useCallback(
    async (bytes: Uint8Array, chain: string) => {
      if (!wallet || !account) throw new Error("WalletNotConnected");
      const [out] = await wallet.features[SolanaSignTransaction].signTransaction({
        account,
        transaction: bytes,
        ...(account.chains.includes(chain as `${string}:${string}`) ? { chain: chain as `${string}:${string}` } : {}),
      });
      return out.signedTransaction;
    },
    [wallet, account],
  );

  const publicKey = useMemo(() => (account ? getAddressDecoder().decode(account.publicKey) : null), [account]);
  const value: WalletState = { wallets, wallet, account, publicKey, connecting, connect: (w) => connect(w), disconnect, signTransaction };
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}

export function useWalletStandard(): WalletState {
  const state = useContext(WalletContext);
  if (!state) throw new Error("useWalletStandard outside WalletStandardProvider");
  return state;
}

/** The Wallet Standard chain of a cluster. */
export const walletChain = (cluster: string) =>
  cluster === "mainnet-beta" ? "solana:mainnet" : cluster === "custom" ? "solana:localnet" : `solana:${cluster}`;
