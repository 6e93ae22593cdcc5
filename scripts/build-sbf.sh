#!/usr/bin/env bash
# Build every on-chain program to SBF (release) into target/deploy/:
#   stake_pool.so, steward.so,
#   bonds.so                       — ours
#   spl_stake_pool.so              — upstream spl-stake-pool 2.2.0, our performance and behaviour peer,
#                                    built from its published crate with the same toolchain.
#   mpl_token_metadata.so          — Metaplex token metadata 1.13.2, which the pool's token-metadata
#                                    instructions call (tests load it at its mainnet address).
#   jito_tip_distribution.so       — Jito's tip distribution 0.1.6, whose per-epoch accounts the
#                                    steward reads MEV commissions from (loaded at its mainnet address).
#   spl_governance.so              — SPL Governance 4.0.0, the DAO's program (loaded at its mainnet
#                                    address).
#   solana_stake_program_v4.so     — the stake program 4.0.0, before v5's 1 SOL minimum delegation.
# Idempotent: cargo only relinks what changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/sbf-toolchain.sh"
sbf_prepare

cd "$SBF_REPO"
TARGET_DIR="${CARGO_TARGET_DIR:-$SBF_REPO/target}"
OUT="$TARGET_DIR/bpfel-solana-solana/release"
DEPLOY="$SBF_REPO/target/deploy"
mkdir -p "$DEPLOY"

sbf_log "building bonds, stake-pool and steward"
cargo fetch --locked >/dev/null
# Bonds first: it reads the steward's accounts through the steward crate built without its
# entrypoint, and cargo links every cdylib a build touches, so that build also links an
# entrypoint-less libsteward.so (in a unit directory of its own) — and the linker drops every program
# it links into target/deploy. The steward's own build below and the copies after it put the real
# steward.so back.
sbf_cargo_build --locked -p bonds
cp "$OUT/libbonds.so" "$DEPLOY/bonds.so"
# The pool at the upstream program's address first, for upstream's own test suite
# (scripts/upstream-suite.sh), with the contracts the code trusts checked on every use
# (`contract-checks`: no borrow live across a cross-program call, nothing but balances changed
# where only they are written back). Only the pool crate itself differs between the two builds, and cargo
# keeps both in the one target directory, so switching costs a copy.
sbf_cargo_build --locked -p stake-pool --features stake-pool/lean-entrypoint,stake-pool/spl-id,stake-pool/contract-checks
mkdir -p "$DEPLOY/spl-id"
cp "$OUT/libstake_pool.so" "$DEPLOY/spl-id/spl_stake_pool.so"
sbf_cargo_build --locked -p stake-pool -p steward --features stake-pool/lean-entrypoint
cp "$OUT/libstake_pool.so" "$DEPLOY/stake_pool.so"
cp "$OUT/libsteward.so" "$DEPLOY/steward.so"

# Peers built from published crates (nothing of them is committed; the copies live in the cache):
# `peer_prepare <crate file> <lock>` unpacks the crate next to it, drops what a program build does not
# need (tests, benches, examples, dev-dependencies), links `solana-compiler-builtins` (memcpy & co.;
# the crates declare `cdylib`) and installs <lock>.
peer_prepare() {
  local crate="$1" lock="$2" dir="${1%.crate}"
  rm -rf "$dir" && tar -xzf "$crate" -C "$(dirname "$crate")"
  python3 - "$dir" <<'EOF'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
toml = (root / "Cargo.toml").read_text()
toml = re.sub(r'\n\[\[(test|bench|example)\]\]\n(?:[^\[\n][^\n]*\n|\n)*', '\n', toml)
toml = re.sub(r'\n\[dev-dependencies[^\]]*\]\n(?:[^\[\n][^\n]*\n|\n)*', '\n', toml)
toml += '\n[target.\'cfg(target_os = "solana")\'.dependencies.solana-compiler-builtins]\nversion = "0.3"\n'
toml += '\n[workspace]\n'
(root / "Cargo.toml").write_text(toml)
lib = root / "src" / "lib.rs"
lib.write_text(lib.read_text() + '\n#[cfg(target_os = "solana")]\nuse solana_compiler_builtins as _;\n')
EOF
  cp "$lock" "$dir/Cargo.lock"
  touch "$dir/.lst-ready"
}

# The upstream spl-stake-pool 2.2.0 program, our performance and behaviour peer, on our own lock so
# that it uses the very crate versions our tests link.
UPSTREAM_VERSION="2.2.0"
UPSTREAM="$SBF_CACHE/upstream/spl-stake-pool-$UPSTREAM_VERSION"
if [ ! -f "$UPSTREAM/.lst-ready" ]; then
  sbf_log "preparing upstream spl-stake-pool $UPSTREAM_VERSION"
  mkdir -p "$(dirname "$UPSTREAM")"
  cp "$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/spl-stake-pool-$UPSTREAM_VERSION.crate | head -1)" \
    "$UPSTREAM.crate"
  peer_prepare "$UPSTREAM.crate" "$SBF_REPO/Cargo.lock"
fi
sbf_log "building upstream spl-stake-pool $UPSTREAM_VERSION"
(cd "$UPSTREAM" && CARGO_TARGET_DIR="$TARGET_DIR" sbf_cargo_build)
cp "$OUT/libspl_stake_pool.so" "$DEPLOY/spl_stake_pool.so"

# `peer_fetch <crate> <version> <sha256> <lock>`: downloads a published crate from crates.io once,
# checks its checksum and prepares it (`peer_prepare`) under the cache; prints its directory.
peer_fetch() {
  local name="$1" version="$2" sha="$3" lock="$4"
  local dir="$SBF_CACHE/upstream/$name-$version"
  if [ ! -f "$dir/.lst-ready" ]; then
    sbf_log "preparing $name $version"
    mkdir -p "$(dirname "$dir")"
    curl -sSfL -o "$dir.crate" "https://static.crates.io/crates/$name/$name-$version.crate"
    echo "$sha  $dir.crate" | sha256sum -c --quiet
    peer_prepare "$dir.crate" "$lock" >&2
  fi
  echo "$dir"
}

# Metaplex token metadata, which `CreateTokenMetadata` / `UpdateTokenMetadata` call: its last
# published program crate, on its own lock (toolchain/metaplex/Cargo.lock: four crates pinned back to
# versions that build against its solana-program 1.16). Opt-level 1 keeps every function's stack
# frame within SBPF's 4 KB.
MPL="$(peer_fetch mpl-token-metadata 1.13.2 \
  654976568c99887549e1291e7b7e55ae31a70732e56ebb25cb1cdfc08c018333 "$SBF_REPO/toolchain/metaplex/Cargo.lock")"
sbf_log "building $(basename "$MPL")"
(cd "$MPL" && CARGO_TARGET_DIR="$TARGET_DIR" CARGO_PROFILE_RELEASE_OPT_LEVEL=1 sbf_cargo_build --locked)
cp "$OUT/libmpl_token_metadata.so" "$DEPLOY/mpl_token_metadata.so"

# Jito's tip-distribution program, whose accounts carry each validator's MEV commission per epoch
# (the steward reads them; validators create them): its published crate on its own lock
# (toolchain/jito/Cargo.lock: the crate's shipped lock plus solana-compiler-builtins).
JITO="$(peer_fetch jito-tip-distribution 0.1.6 \
  eb60e0f20fa80473b0fbe5a194bf4e5b807c235a639bbf44d58ae670f6c23174 "$SBF_REPO/toolchain/jito/Cargo.lock")"
sbf_log "building $(basename "$JITO")"
(cd "$JITO" && CARGO_TARGET_DIR="$TARGET_DIR" sbf_cargo_build --locked)
cp "$OUT/libjito_tip_distribution.so" "$DEPLOY/jito_tip_distribution.so"

# SPL Governance (Realms), the DAO that owns the steward's parameters, blacklist and the bonds'
# authorities through a governance's native treasury: its last published program crate 4.0.0, on its
# own lock (toolchain/governance/Cargo.lock: resolved for its solana-program 1.18, with ahash and
# generic-array pinned back as for Metaplex). Tests and the local cluster load it at its mainnet id.
GOV="$(peer_fetch spl-governance 4.0.0 \
  79362b8e4616f4f84ca5a2a413f84e88fb4dd00322fe4baaa407254901ef6d62 "$SBF_REPO/toolchain/governance/Cargo.lock")"
sbf_log "building $(basename "$GOV")"
(cd "$GOV" && CARGO_TARGET_DIR="$TARGET_DIR" sbf_cargo_build --locked)
cp "$OUT/libspl_governance.so" "$DEPLOY/spl_governance.so"

# The stake program as it was before v5 raised the minimum delegation to 1 SOL (SIMD-0490): its
# published crate 4.0.0 (1-lamport minimum), on its own lock (toolchain/stake-v4/Cargo.lock: the
# crate's shipped lock without dev-dependencies, plus solana-compiler-builtins). Tests load it in
# place of the bank's v5.1 to run both pools under the old rule.
STAKE_V4="$(peer_fetch solana-stake-program 4.0.0 \
  e2ffb723f5c2aae1b26a69148b3bfe82ffa4918ae7491dcc347436592b42158d "$SBF_REPO/toolchain/stake-v4/Cargo.lock")"
sbf_log "building $(basename "$STAKE_V4")"
(cd "$STAKE_V4" && CARGO_TARGET_DIR="$TARGET_DIR" sbf_cargo_build --locked)
cp "$OUT/libsolana_stake_program.so" "$DEPLOY/solana_stake_program_v4.so"

ls -l "$DEPLOY"/*.so >&2
