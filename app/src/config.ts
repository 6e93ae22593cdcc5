// Where the app points: `?rpc=` (else VITE_RPC_URL, else the local cluster) and `?pool=` (else
// VITE_POOL, else the pool last entered).
const params = new URLSearchParams(location.search);
export const RPC_URL = params.get("rpc") ?? import.meta.env.VITE_RPC_URL ?? "http://127.0.0.1:8899";
export const POOL = params.get("pool") ?? import.meta.env.VITE_POOL ?? localStorage.getItem("lst-pool") ?? "";
