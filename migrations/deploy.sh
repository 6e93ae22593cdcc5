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
# Idempotent: each step is recorded under target/migrations/<cluster>/ once done, so a run that
# stopped half-way resumes; the recorded pool is reused while the cluster has it (an RPC error
# stops the script rather than creating another). A signer read from stdin is refused: lst runs
# several times.
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
case "$URL" in
  local|localhost|l) URL=local; LOCAL=1 ;;
  http://127.0.0.1:*|http://localhost:*) LOCAL=1 ;;
  *) LOCAL=0 ;;
esac
case "$KEYPAIR" in
  -|stdin:*) echo "deploy.sh runs lst several times: give a keypair file, prompt:// or usb://ledger" >&2; exit 2 ;;
esac
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
json() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# Each step is recorded under $OUT once it has succeeded, so a run that stopped half-way resumes
# where it stopped; the pool recorded is reused only while the cluster has it.
if [ -f "$OUT/pool" ]; then
  if ! checked="$(lst --pool "$(cat "$OUT/pool")" pool 2>&1 >/dev/null)"; then
    case "$checked" in
      *"not found"*) echo "the recorded pool is gone from $URL: creating a new one" >&2
        rm -f "$OUT/pool" "$OUT/realm" "$OUT/dao.json" "$OUT"/done-* ;;
      *) echo "$checked" >&2; exit 1 ;;
    esac
  fi
fi
step() { [ -f "$OUT/done-$1" ] || { "${@:2}" && touch "$OUT/done-$1"; }; }
created=0
if [ ! -f "$OUT/pool" ]; then
  lst --yes --output json create-pool --steward-params "$ROOT/migrations/steward-params.json" | json pool > "$OUT/pool.new"
  mv "$OUT/pool.new" "$OUT/pool"
  created=1
fi
POOL="$(cat "$OUT/pool")"
step metadata lst --pool "$POOL" token-metadata --name "${LST_NAME:-Local Liquid SOL}" \
  --symbol "${LST_SYMBOL:-lcLST}" --uri "${LST_URI:-https://example.com/lclst.json}" >/dev/null
step bonds lst --pool "$POOL" bond init --lockup 3 >/dev/null
step insurance lst --pool "$POOL" insurance open --cap "${LST_INSURANCE_CAP:-10}" >/dev/null
if [ ! -f "$OUT/dao.json" ]; then
  lst --pool "$POOL" --output json dao init --name "${LST_DAO_NAME:-Local LST DAO}" \
    --hold-up "$HOLD_UP" --tipping "$TIPPING" > "$OUT/dao.json.new"
  mv "$OUT/dao.json.new" "$OUT/dao.json"
fi
json realm < "$OUT/dao.json" > "$OUT/realm"
TAKEOVER="$(json proposal < "$OUT/dao.json")"
if [ "$LOCAL" = 1 ]; then
  # The takeover vote passed at once; its execution waits for the 0-second hold-up on the cluster's
  # clock (the local cluster's seconds are slow: this can take a minute).
  step takeover lst dao execute "$TAKEOVER" >/dev/null
elif [ ! -f "$OUT/done-takeover" ]; then
  echo "the DAO's takeover vote runs its time; then anyone runs: lst --url $URL dao execute $TAKEOVER"
fi
if [ "$created" = 1 ]; then echo "pool $POOL created"; else echo "pool $POOL exists"; fi
echo "  lst --url $URL --pool $POOL pool"
echo "its DAO: lst --url $URL --pool $POOL dao --realm $(cat "$OUT/realm") proposals"
