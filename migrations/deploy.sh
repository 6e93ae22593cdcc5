#!/usr/bin/env bash
# Creates a pool, its steward, bonds, insurance fund and DAO on a cluster whose programs are deployed.
#   migrations/deploy.sh [--url URL] [--keypair SIGNER] [--dao-hold-up SECONDS]
# --url: local (default: starts the local cluster, which deploys target/deploy/*.so at their ids,
# and funds the keypair from its faucet), devnet, mainnet-beta or an RPC URL (the programs must be
# deployed there and the keypair funded; see the README's "Launching an LST"). --keypair: a signer
# source as the Solana CLI takes it (default: target/migrations/admin.json locally, created if
# missing; the Solana CLI config's keypair elsewhere). The steps, all with `lst`:
#   create-pool (pool, list, mint, manager fee account, reserve; the steward's state, config and
#   cluster history; the staker handed to the steward) · token-metadata (LST_NAME, LST_SYMBOL,
#   LST_URI) · bond init and insurance open (3-epoch lock-up, LST_INSURANCE_CAP SOL per epoch) ·
#   dao init (LST_DAO_NAME; the steward's parameters and blacklist and the bonds authority handed to
#   the DAO's treasury by a vote that anyone executes after the hold-up).
# Idempotent: the pool recorded in target/migrations/<cluster>/pool is reused while it exists.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL=local
KEYPAIR=""
HOLD_UP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --url|-u) URL="$2"; shift 2 ;;
    --keypair|-k) KEYPAIR="$2"; shift 2 ;;
    --dao-hold-up) HOLD_UP="$2"; shift 2 ;;
    *) echo "usage: migrations/deploy.sh [--url URL] [--keypair SIGNER] [--dao-hold-up SECONDS]" >&2; exit 2 ;;
  esac
done
case "$URL" in local|localhost|l|http://127.0.0.1:*|http://localhost:*) LOCAL=1 ;; *) LOCAL=0 ;; esac
OUT="$ROOT/target/migrations/$(printf '%s' "$URL" | tr -c 'A-Za-z0-9.-' '_')"
mkdir -p "$OUT"
# LST_BIN: an lst binary already built (the tests pass theirs); otherwise it is built here.
if [ -n "${LST_BIN:-}" ]; then
  LST="$LST_BIN"
else
  cargo build --locked -q -p lst-cli
  LST="$ROOT/target/debug/lst"
fi
if [ "$LOCAL" = 1 ]; then
  [ "$URL" = local ] && bash "$ROOT/scripts/cluster.sh" start >/dev/null
  KEYPAIR="${KEYPAIR:-$OUT/admin.json}"
  [ -f "$KEYPAIR" ] || "$LST" keygen "$KEYPAIR" >/dev/null
  "$LST" --url "$URL" --keypair "$KEYPAIR" airdrop 100 >/dev/null
  # Locally a vote passes as soon as it is certain (the admin holds every token) and the hold-up is 0.
  HOLD_UP="${HOLD_UP:-0}"
  TIPPING=strict
else
  # Elsewhere every vote runs its full time, so the council sees it, and a day passes before execution.
  HOLD_UP="${HOLD_UP:-86400}"
  TIPPING=disabled
fi
lst() {
  if [ -n "$KEYPAIR" ]; then "$LST" --url "$URL" --keypair "$KEYPAIR" "$@"; else "$LST" --url "$URL" "$@"; fi
}
if [ -f "$OUT/pool" ] && lst --pool "$(cat "$OUT/pool")" pool >/dev/null 2>&1; then
  echo "pool $(cat "$OUT/pool") exists"
  exit 0
fi
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
lst --yes --output json create-pool --steward-params "$ROOT/migrations/steward-params.json" | json pool > "$OUT/pool"
POOL="$(cat "$OUT/pool")"
lst --pool "$POOL" token-metadata --name "${LST_NAME:-Local Liquid SOL}" \
  --symbol "${LST_SYMBOL:-lcLST}" --uri "${LST_URI:-https://example.com/lclst.json}" >/dev/null
lst --pool "$POOL" bond init --lockup 3 >/dev/null
lst --pool "$POOL" insurance open --cap "${LST_INSURANCE_CAP:-10}" >/dev/null
lst --pool "$POOL" --output json dao init --name "${LST_DAO_NAME:-Local LST DAO}" \
  --hold-up "$HOLD_UP" --tipping "$TIPPING" > "$OUT/dao.json"
json realm < "$OUT/dao.json" > "$OUT/realm"
TAKEOVER="$(json proposal < "$OUT/dao.json")"
if [ "$LOCAL" = 1 ]; then
  # The takeover vote passed at once; its execution waits for the 0-second hold-up on the cluster's
  # clock (the local cluster's seconds are slow: this can take a minute).
  lst dao execute "$TAKEOVER" >/dev/null
  echo "pool $POOL created: lst --url $URL --keypair $KEYPAIR --pool $POOL pool"
else
  echo "pool $POOL created; the DAO's takeover vote runs its time, then anyone runs:"
  echo "  lst --url $URL dao execute $TAKEOVER"
fi
echo "its DAO: lst --url $URL --pool $POOL dao --realm $(cat "$OUT/realm") proposals"
