#!/usr/bin/env bash
# The dApp's tests: type check, the quote-math tests (vectors from the Rust code), then the browser
# end-to-end test: the demo's pool on a local cluster, the app built in test mode, headless Chromium.
# Needs target/deploy/*.so and target/debug/{lst,lst-demo} (scripts/test.sh builds them first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/app"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "app: installing Debian's chromium" >&2
    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else
    echo "app: /usr/bin/chromium is required (Debian: sudo apt-get install chromium)" >&2; exit 1
  fi
fi
source "$ROOT/scripts/lib.sh"
ensure_chart_font
npm ci --no-audit --no-fund --loglevel=error
npm run typecheck
npm test
npm run build:test

# LST_APP_CLUSTER_PORT and LST_APP_PREVIEW_PORT move the cluster and the preview server (two runs side by side).
export LST_CLUSTER_PORT="${LST_APP_CLUSTER_PORT:-18999}"
PREVIEW_PORT="${LST_APP_PREVIEW_PORT:-5199}"
RPC="http://127.0.0.1:$LST_CLUSTER_PORT"
bash "$ROOT/scripts/cluster.sh" start >/dev/null
PREVIEW=""
cleanup() {
  bash "$ROOT/scripts/cluster.sh" stop
  if [ -n "$PREVIEW" ]; then kill "$PREVIEW" 2>/dev/null || true; fi
}
trap cleanup EXIT
mkdir -p "$ROOT/target/app-e2e"
"$ROOT/target/debug/lst-demo" "$RPC" 3 "$ROOT/target/app-e2e/demo-chart.svg" > "$ROOT/target/app-e2e/demo.txt"
node node_modules/vite/bin/vite.js preview --outDir dist-test --port "$PREVIEW_PORT" --strictPort >/dev/null 2>&1 &
PREVIEW=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PREVIEW_PORT/" >/dev/null && break; sleep 0.2; done
node e2e/run.mjs "http://127.0.0.1:$PREVIEW_PORT" "$RPC" "$(cat "$ROOT/target/app-e2e/pool.txt")" "$ROOT/target/debug/lst"
