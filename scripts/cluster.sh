#!/usr/bin/env bash
# The local cluster: surfpool (npm) on 127.0.0.1, our programs deployed from target/deploy.
#   scripts/cluster.sh start    install surfpool (cached, idempotent), start, wait until healthy
#   scripts/cluster.sh stop     stop it cleanly
#   scripts/cluster.sh status   print its RPC URL, or fail if it is not running
# LST_CLUSTER_PORT (default 8899) sets the RPC port; WebSocket is the next one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/lst-cluster"
PORT="${LST_CLUSTER_PORT:-8899}"
READY="$HOME_DIR/ready-$PORT.json"
LOG="$HOME_DIR/cluster-$PORT.log"
URL="http://127.0.0.1:$PORT"

log() { echo "cluster: $*" >&2; }

healthy() {
  python3 - "$URL" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "getHealth"}).encode(),
                             headers={"content-type": "application/json"})
try:
    sys.exit(0 if json.load(urllib.request.urlopen(req, timeout=2)).get("result") == "ok" else 1)
except Exception:
    sys.exit(1)
PY
}

pid_of() { [ -f "$READY" ] && python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$READY"; }

install() {
  mkdir -p "$HOME_DIR"
  if ! cmp -s "$ROOT/cluster/package-lock.json" "$HOME_DIR/package-lock.json" || [ ! -d "$HOME_DIR/node_modules/@solana" ]; then
    log "installing surfpool from npm into $HOME_DIR"
    cp "$ROOT/cluster/package.json" "$ROOT/cluster/package-lock.json" "$HOME_DIR/"
    (cd "$HOME_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

case "${1:-}" in
  start)
    if healthy; then log "already running at $URL"; echo "$URL"; exit 0; fi
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian's nodejs and npm"
        apt-get install -y -qq nodejs npm >/dev/null
      else
        log "node and npm are required (Debian: sudo apt-get install nodejs npm)"; exit 1
      fi
    fi
    install
    [ -f "$ROOT/target/deploy/stake_pool.so" ] || { log "target/deploy is empty: run scripts/build-sbf.sh"; exit 1; }
    rm -f "$READY"
    LST_CLUSTER_HOME="$HOME_DIR" nohup node "$ROOT/cluster/surfnet.mjs" --deploy "$ROOT/target/deploy" \
      --rpc-port "$PORT" --ws-port "$((PORT + 1))" --ready-file "$READY" >"$LOG" 2>&1 &
    for _ in $(seq 1 100); do
      if healthy; then log "running at $URL (log: $LOG)"; echo "$URL"; exit 0; fi
      sleep 0.2
    done
    log "did not become healthy; log follows"; cat "$LOG" >&2; exit 1
    ;;
  stop)
    pid="$(pid_of || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      log "stopped"
    else
      log "not running"
    fi
    rm -f "$READY"
    ;;
  status)
    if healthy; then echo "$URL"; else log "not running at $URL"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2
    ;;
esac
