// Links to a transaction or an account on the explorers, for the cluster the app talks to: known
// clusters by their genesis hash (or their RPC host before it is known), any other (a local cluster)
// through Solana Explorer's custom RPC URL.
import { useEffect, useState } from "react";
import { Chain } from "./rpc";

export type Cluster = "mainnet-beta" | "devnet" | "testnet" | "custom";

const GENESIS: Record<string, Cluster> = {
  "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d": "mainnet-beta",
  EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG: "devnet",
  "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY": "testnet",
};

/** The cluster of a genesis hash; without one, guessed from the RPC URL's host. */
export function clusterOf(genesisHash: string | null, rpcUrl: string): Cluster {
  if (genesisHash) return GENESIS[genesisHash] ?? "custom";
  let host = "";
  try {
    host = new URL(rpcUrl).hostname;
  } catch {
    return "custom";
  }
  if (/devnet/.test(host)) return "devnet";
  if (/testnet/.test(host)) return "testnet";
  if (/mainnet/.test(host)) return "mainnet-beta";
  return "custom";
}

export interface ExplorerLink {
  name: string;
  href: string;
}

/** Solana Explorer (every cluster) and Solscan (the public clusters) for a transaction or address. */
export function explorerLinks(kind: "tx" | "address", id: string, cluster: Cluster, rpcUrl: string): ExplorerLink[] {
  const explorer =
    cluster === "mainnet-beta" ? "" : cluster === "custom" ? `?cluster=custom&customUrl=${encodeURIComponent(rpcUrl)}` : `?cluster=${cluster}`;
  const links = [{ name: "Solana Explorer", href: `https://explorer.solana.com/${kind}/${id}${explorer}` }];
  if (cluster !== "custom") {
    links.push({ name: "Solscan", href: `https://solscan.io/${kind === "tx" ? "tx" : "account"}/${id}${cluster === "mainnet-beta" ? "" : `?cluster=${cluster}`}` });
  }
  return links;
}

const genesis = new Map<string, Promise<string | null>>();

/** The cluster at `endpoint` (its genesis hash, asked once per endpoint). */
export function useCluster(endpoint: string): Cluster {
  const [cluster, setCluster] = useState<Cluster>(() => clusterOf(null, endpoint));
  useEffect(() => {
    let live = true;
    if (!genesis.has(endpoint)) genesis.set(endpoint, new Chain(endpoint).rpc.getGenesisHash().send().then(String, () => null));
    genesis.get(endpoint)!.then((hash) => live && setCluster(clusterOf(hash, endpoint)));
    return () => {
      live = false;
    };
  }, [endpoint]);
  return cluster;
}
