#!/usr/bin/env bash
# Build every on-chain program to SBF (release) into target/deploy/:
#   stake_pool.so, steward.so      — ours
#   spl_stake_pool.so              — upstream spl-stake-pool 2.2.0, our performance and behaviour peer,
#                                    built from its published crate with the same toolchain.
# Idempotent: cargo only relinks what changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-toolchain.sh"
sbf_prepare

cd "$SBF_REPO"
TARGET_DIR="${CARGO_TARGET_DIR:-$SBF_REPO/target}"
OUT="$TARGET_DIR/bpfel-solana-solana/release"
DEPLOY="$SBF_REPO/target/deploy"
mkdir -p "$DEPLOY"

sbf_log "building stake-pool and steward"
cargo fetch --locked >/dev/null
sbf_cargo_build --locked -p stake-pool -p steward --features stake-pool/lean-entrypoint
cp "$OUT/libstake_pool.so" "$DEPLOY/stake_pool.so"
cp "$OUT/libsteward.so" "$DEPLOY/steward.so"

# Upstream peer: a copy of the published crate, made buildable as a program. Its crate declares
# `cdylib`, so it must link `solana-compiler-builtins` (memcpy & co.) like ours. Nothing of it is
# committed; the copy lives in the cache.
UPSTREAM_VERSION="2.2.0"
UPSTREAM="$SBF_CACHE/upstream/spl-stake-pool-$UPSTREAM_VERSION"
if [ ! -f "$UPSTREAM/.lst-ready" ]; then
  sbf_log "preparing upstream spl-stake-pool $UPSTREAM_VERSION"
  crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/spl-stake-pool-$UPSTREAM_VERSION.crate | head -1)
  rm -rf "$UPSTREAM" && mkdir -p "$(dirname "$UPSTREAM")"
  tar -xzf "$crate" -C "$(dirname "$UPSTREAM")"
  python3 - "$UPSTREAM" <<'EOF'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
toml = (root / "Cargo.toml").read_text()
# Tests, benches and examples of the published crate are not needed to build the program.
toml = re.sub(r'\n\[\[(test|bench|example)\]\]\n(?:[^\[\n][^\n]*\n|\n)*', '\n', toml)
toml += '\n[target.\'cfg(target_os = "solana")\'.dependencies.solana-compiler-builtins]\nversion = "0.3"\n'
toml += '\n[workspace]\n'
(root / "Cargo.toml").write_text(toml)
lib = root / "src" / "lib.rs"
lib.write_text(lib.read_text() + '\n#[cfg(target_os = "solana")]\nuse solana_compiler_builtins as _;\n')
EOF
  # Start from our lock so the peer uses the very crate versions our tests link.
  cp "$SBF_REPO/Cargo.lock" "$UPSTREAM/Cargo.lock"
  touch "$UPSTREAM/.lst-ready"
fi
sbf_log "building upstream spl-stake-pool $UPSTREAM_VERSION"
(cd "$UPSTREAM" && CARGO_TARGET_DIR="$TARGET_DIR" sbf_cargo_build)
cp "$OUT/libspl_stake_pool.so" "$DEPLOY/spl_stake_pool.so"

ls -l "$DEPLOY"/*.so >&2
