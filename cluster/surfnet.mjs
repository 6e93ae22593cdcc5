// Runs a local cluster: surfpool's embedded Solana runtime (offline), with our programs deployed
// from target/deploy at their ids, relayed to the usual ports on 127.0.0.1.
//
//   node surfnet.mjs --deploy <dir> --rpc-port 8899 --ws-port 8900 --ready-file <path>
//
// surfpool binds random ports; two TCP relays expose it on the given ones. Its event buffer must be
// drained regularly or the RPC stalls, so this process drains it every 200 ms until SIGTERM/SIGINT.
import { createRequire } from "node:module";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";

// The package is installed under the cache (scripts/cluster.sh), never in the repo.
const require = createRequire(path.join(process.env.LST_CLUSTER_HOME ?? path.dirname(new URL(import.meta.url).pathname), "package.json"));
const { Surfnet } = require("@solana/surfpool-linux-x64-gnu");

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const rpcPort = Number(args["rpc-port"] ?? 8899);
const wsPort = Number(args["ws-port"] ?? 8900);
const deployDir = args["deploy"];
const readyFile = args["ready-file"];

const PROGRAMS = [
  ["stake_pool.so", "HGRNVuariTjwzzadKVsQqPa1nrcwgVryH7ZioyuJjzSf"],
  ["steward.so", "AXunvQs3bAxeEh6bFipwCB3q1Mk5BbB5QoXrBiRGrQSz"],
  ["bonds.so", "oKSwh4Rhi5LzwnG19CfDBnRqofkphQkEYgKJmcG9F2j"],
  ["spl_stake_pool.so", "SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy"],
  ["mpl_token_metadata.so", "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s"],
  ["jito_tip_distribution.so", "4R3gSG8BpU4t19KYj8CfnbtRpnT8gtk4dvTHxVRwc2r7"],
  ["spl_governance.so", "GovER5Lthms3bLBqWub97yVrMmEogzX7xNjdXpPPCVZw"],
];

const surfnet = Surfnet.startWithConfig({ offline: true });
const drain = setInterval(() => surfnet.drainEvents(), 200);

if (deployDir) {
  for (const [file, programId] of PROGRAMS) {
    const soPath = path.join(deployDir, file);
    if (!fs.existsSync(soPath)) throw new Error(`${soPath} is missing: run scripts/build-sbf.sh`);
    surfnet.deploy({ programId, soPath });
  }
}

function relay(port, target) {
  const { hostname, port: targetPort } = new URL(target);
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(targetPort), hostname);
    client.pipe(upstream).pipe(client);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on("error", close);
    upstream.on("error", close);
  });
  server.listen(port, "127.0.0.1");
  return server;
}
const servers = [relay(rpcPort, surfnet.rpcUrl), relay(wsPort, surfnet.wsUrl.replace("ws:", "http:"))];

function stop() {
  clearInterval(drain);
  for (const s of servers) s.close();
  surfnet.stop();
  if (readyFile) fs.rmSync(readyFile, { force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

if (readyFile) {
  fs.writeFileSync(readyFile, JSON.stringify({ pid: process.pid, rpc: `http://127.0.0.1:${rpcPort}`, ws: `ws://127.0.0.1:${wsPort}` }));
}
console.log(`local cluster: http://127.0.0.1:${rpcPort} (surfpool ${surfnet.rpcUrl}), programs from ${deployDir ?? "nowhere"}`);
