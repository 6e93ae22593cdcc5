#!/usr/bin/env bash
# Deploys to the local cluster and creates a pool with its LST mint, steward and config.
#   migrations/deploy.sh [KEYPAIR]
# The cluster (scripts/cluster.sh start) deploys stake_pool.so, steward.so, the upstream
# spl_stake_pool.so, Metaplex's mpl_token_metadata.so, Jito's tip distribution and SPL Governance from
# target/deploy at their program ids. Then
# `lst create-pool` creates the pool, list, mint, manager fee account and reserve, the steward's state,
# config and cluster history, and hands the pool's staker role to the steward, and `lst token-metadata`
# names the token (LST_NAME, LST_SYMBOL, LST_URI), `lst bond init` and `lst insurance open` open its
# bonds and insurance fund, and `lst dao init` creates its DAO (SPL Governance,
# LST_DAO_NAME, LST_DAO_HOLD_UP seconds; the realm is recorded in target/migrations/realm), signed by
# KEYPAIR (default:
# target/migrations/admin.json, created and funded from the local faucet). Idempotent: the pool
# recorded in target/migrations/pool is reused while it exists.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/target/migrations"
mkdir -p "$OUT"
bash "$ROOT/scripts/cluster.sh" start >/dev/null
cargo build --locked -q -p lst-cli
LST="$ROOT/target/debug/lst"
KEYPAIR="${1:-$OUT/admin.json}"
[ -f "$KEYPAIR" ] || "$LST" keygen "$KEYPAIR" >/dev/null
"$LST" --keypair "$KEYPAIR" airdrop 100 >/dev/null
if [ -f "$OUT/pool" ] && "$LST" --keypair "$KEYPAIR" --pool "$(cat "$OUT/pool")" pool >/dev/null 2>&1; then
  echo "pool $(cat "$OUT/pool") exists"
  exit 0
fi
"$LST" --keypair "$KEYPAIR" --output json create-pool --steward-params "$ROOT/migrations/steward-params.json" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["pool"])' > "$OUT/pool"
"$LST" --keypair "$KEYPAIR" --pool "$(cat "$OUT/pool")" token-metadata --name "${LST_NAME:-Local Liquid SOL}" \
  --symbol "${LST_SYMBOL:-lcLST}" --uri "${LST_URI:-https://example.com/lclst.json}" >/dev/null
# Validator bonds and the insurance fund (3-epoch withdrawal lock-up, 10 SOL of cover per epoch),
# opened by the admin and handed to the DAO below.
"$LST" --keypair "$KEYPAIR" --pool "$(cat "$OUT/pool")" bond init --lockup 3 >/dev/null
"$LST" --keypair "$KEYPAIR" --pool "$(cat "$OUT/pool")" insurance open --cap 10 >/dev/null
# The DAO (SPL Governance): a realm with a community token and a council (veto only), whose
# governance's treasury takes the steward's parameters and blacklist authorities and the bonds
# authority (fee shares, insurance cover, lock-up) by vote. Locally the admin holds every token, the
# hold-up is 0 and a vote passes as soon as it is certain (strict tipping; `dao init`'s default lets
# every vote run its full time so that the council sees it).
"$LST" --keypair "$KEYPAIR" --pool "$(cat "$OUT/pool")" --output json dao init --name "${LST_DAO_NAME:-Local LST DAO}" \
  --hold-up "${LST_DAO_HOLD_UP:-0}" --tipping strict > "$OUT/dao.json"
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["realm"])' "$OUT/dao.json" > "$OUT/realm"
# The takeover vote passed at once; its execution waits for the hold-up on the cluster's clock.
"$LST" --keypair "$KEYPAIR" dao execute "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["proposal"])' "$OUT/dao.json")" >/dev/null
echo "pool $(cat "$OUT/pool") created: lst --keypair $KEYPAIR --pool $(cat "$OUT/pool") pool"
echo "its DAO: lst --pool $(cat "$OUT/pool") dao --realm $(cat "$OUT/realm") proposals"
