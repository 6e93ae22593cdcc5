#!/usr/bin/env bash
# Upstream's own integration suite against our program.
#
# The published spl-stake-pool 2.2.0 crate ships its integration tests (tests/*.rs, about 260 tests
# on solana-program-test). This script unpacks them from the registry into the cache (nothing of them
# is committed), joins them into one test binary (toolchain/upstream-suite/prepare.py: module paths
# only, no test edited), builds it once on a pinned lock (toolchain/upstream-suite/Cargo.lock) and
# runs it twice, each time with a different program as `spl_stake_pool.so` at SPL's program id:
#
#   upstream — target/deploy/spl_stake_pool.so, the published program built by scripts/build-sbf.sh
#   ours     — target/deploy/spl-id/spl_stake_pool.so, our pool built with the `spl-id` feature
#
# It fails when ours fails a test that upstream's program passes (a test upstream's own program
# fails is reported and not held against ours). Run scripts/build-sbf.sh first.
#
#   scripts/upstream-suite.sh [test-name-filter]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-toolchain.sh"

VERSION="2.2.0"
SUITE="$SBF_CACHE/upstream-suite/spl-stake-pool-$VERSION"
LOCK="$SBF_REPO/toolchain/upstream-suite/Cargo.lock"
PREPARE="$SBF_REPO/toolchain/upstream-suite/prepare.py"
DEPLOY="$SBF_REPO/target/deploy"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SBF_REPO/target}"
# The workspace's toolchain and dev profile (debug info, optimised dependencies), so the suite shares
# the workspace's compiled dependencies wherever their features agree.
export RUSTUP_TOOLCHAIN="$(sed -n 's/^channel = "\(.*\)"/\1/p' "$SBF_REPO/rust-toolchain.toml")"
export CARGO_PROFILE_DEV_DEBUG="line-tables-only"
PROFILE=(--config 'profile.dev.package."*".opt-level=1')
FILTER="${1:-}"

for so in "$DEPLOY/spl_stake_pool.so" "$DEPLOY/spl-id/spl_stake_pool.so"; do
  [ -f "$so" ] || { sbf_log "$so is missing: run scripts/build-sbf.sh first"; exit 1; }
done

# The suite's sources, prepared once per change of this script's inputs.
stamp="$(cat "$LOCK" "$PREPARE" | sha256sum | cut -c1-16)"
if [ ! -f "$SUITE/.lst-ready-$stamp" ]; then
  sbf_log "preparing upstream's test suite (spl-stake-pool $VERSION)"
  crate="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/spl-stake-pool-$VERSION.crate 2>/dev/null | head -1)"
  if [ -z "$crate" ]; then
    (cd "$SBF_REPO" && cargo fetch --locked >/dev/null)
    crate="$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/spl-stake-pool-$VERSION.crate | head -1)"
  fi
  rm -rf "$SUITE" && mkdir -p "$(dirname "$SUITE")"
  tar -xzf "$crate" -C "$(dirname "$SUITE")"
  python3 "$PREPARE" "$SUITE" >&2
  cp "$LOCK" "$SUITE/Cargo.lock"
  touch "$SUITE/.lst-ready-$stamp"
fi

cd "$SUITE"
sbf_log "building upstream's test suite"
cargo test "${PROFILE[@]}" --locked --test upstream --no-run 2>&1 | grep -v '^\s*\(Compiling\|Downloaded\|Downloading\)' >&2
binary="$(cargo test "${PROFILE[@]}" --locked --test upstream --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "upstream":
        print(m["executable"])')"

# run <label>: the suite with <label>'s program; leaves "<test> ok|FAILED|ignored" lines in
# $RESULTS/<label>. The stake and metadata programs come from the crate's tests/fixtures.
RESULTS="$(mktemp -d)"
trap 'rm -rf "$RESULTS"' EXIT
run() {
  local label="$1" so="$2" dir="$RESULTS/$1-program"
  mkdir -p "$dir" && cp "$so" "$dir/spl_stake_pool.so"
  sbf_log "running upstream's suite, program under test: $label"
  local start=$SECONDS
  # One test thread per core; RUST_LOG=error keeps program-test's per-transaction log quiet.
  SBF_OUT_DIR="$dir" RUST_LOG=error "$binary" $FILTER --test-threads "$(nproc)" >"$RESULTS/$label.log" 2>&1 || true
  sed -n 's/^test \(.*\) \.\.\. \(ok\|FAILED\|ignored\)$/\1 \2/p' "$RESULTS/$label.log" | sort >"$RESULTS/$label"
  grep -q '^test result:' "$RESULTS/$label.log" || {
    tail -30 "$RESULTS/$label.log" >&2
    sbf_log "the suite did not finish, program under test: $label"
    exit 1
  }
  sbf_log "$label: $(grep -c ' ok$' "$RESULTS/$label" || true) passed, $(grep -c ' FAILED$' "$RESULTS/$label" || true) failed in $((SECONDS - start))s"
}
run upstream "$DEPLOY/spl_stake_pool.so"
run ours "$DEPLOY/spl-id/spl_stake_pool.so"

python3 - "$RESULTS/upstream" "$RESULTS/ours" <<'EOF' || { sed -n '/^failures:$/,$p' "$RESULTS/ours.log" | head -200 >&2; exit 1; }
import sys
def load(path):
    return dict(line.rsplit(" ", 1) for line in open(path).read().splitlines())
upstream, ours = load(sys.argv[1]), load(sys.argv[2])
total = len(upstream)
up_ok = sum(v == "ok" for v in upstream.values())
our_ok = sum(v == "ok" for v in ours.values())
print(f"\nupstream's suite: {total} tests; upstream's program passes {up_ok}, ours passes {our_ok}")
for name, result in sorted(upstream.items()):
    if result == "FAILED":
        print(f"  upstream's own program fails {name} (ours: {ours.get(name, 'missing')})")
regressions = [n for n, r in sorted(upstream.items()) if r == "ok" and ours.get(n) != "ok"]
for name in regressions:
    print(f"  OURS FAILS {name}, which upstream's program passes")
sys.exit(1 if regressions else 0)
EOF
