// A Wallet Standard wallet for end-to-end tests only: included in `--mode test` builds, registered when
// the test harness put a secret key in `window.__LST_TEST_WALLET__`. It signs with that key; the app
// then sends. Production builds compile this module out (see main.tsx).
import {
  createKeyPairSignerFromBytes, getAddressEncoder, getTransactionDecoder, getTransactionEncoder, partiallySignTransaction,
} from "@solana/kit";
import { registerWallet } from "@wallet-standard/wallet";
import type { Wallet, WalletAccount } from "@wallet-standard/base";

declare global {
  interface Window {
    __LST_TEST_WALLET__?: number[];
    __LST_TEST_WALLET_REJECT__?: boolean;
  }
}

const CHAINS = ["solana:localnet", "solana:devnet", "solana:mainnet"] as const;
const ICON = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxIiBoZWlnaHQ9IjEiLz4=" as const;

export async function registerTestWallet(): Promise<void> {
  const secret = window.__LST_TEST_WALLET__;
  if (!secret) return;
  const signer = await createKeyPairSignerFromBytes(Uint8Array.from(secret));
  const account: WalletAccount = {
    address: signer.address,
    publicKey: new Uint8Array(getAddressEncoder().encode(signer.address)),
    chains: CHAINS,
    features: ["solana:signTransaction"],
  };
  let connected: readonly WalletAccount[] = [];
  const listeners: Array<(p: { accounts: readonly WalletAccount[] }) => void> = [];
  // Legacy or version 0 alike: kit's codec reads either; other signatures stay as they are.
  const sign = async (bytes: Uint8Array): Promise<Uint8Array> => {
    if (window.__LST_TEST_WALLET_REJECT__) throw new Error("User rejected the request.");
    const tx = await partiallySignTransaction([signer.keyPair], getTransactionDecoder().decode(bytes));
    return new Uint8Array(getTransactionEncoder().encode(tx));
  };
  const wallet: Wallet = {
    version: "1.0.0",
    name: "LST Test Wallet",
    icon: ICON,
    chains: CHAINS,
    get accounts() {
      return connected;
    },
    features: {
      "standard:connect": {
        version: "1.0.0",
        connect: async () => {
          connected = [account];
          listeners.forEach((l) => l({ accounts: connected }));
          return { accounts: connected };
        },
      },
      "standard:disconnect": {
        version: "1.0.0",
        disconnect: async () => {
          connected = [];
          listeners.forEach((l) => l({ accounts: connected }));
        },
      },
      "standard:events": {
        version: "1.0.0",
        on: (_event: string, listener: (p: { accounts: readonly WalletAccount[] }) => void) => {
          listeners.push(listener);
          return () => listeners.splice(listeners.indexOf(listener), 1);
        },
      },
      "solana:signTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signTransaction: (...inputs: Array<{ transaction: Uint8Array }>) =>
          Promise.all(inputs.map(async (input) => ({ signedTransaction: await sign(input.transaction) }))),
      },
    },
  } as unknown as Wallet;
  registerWallet(wallet);
}
