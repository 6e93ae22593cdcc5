#!/usr/bin/env bash
# Prepare the SBF toolchain from nothing, idempotently, under the user's cache directory.
#
#   1. a pinned nightly (LLVM 23) with rust-src;
#   2. sbpf-linker, pinned, installed into the cache;
#   3. a hard-linked copy of the nightly sysroot whose std sources are taught `target_os = "solana"`
#      (toolchain/patch_std.py).
#
# Prints nothing but progress; a second run finds everything in place and takes a second or two.
# Other scripts `source` this file and then use $SBF_RUSTC, $SBF_CARGO, $SBF_PATH.
set -euo pipefail

SBF_NIGHTLY="nightly-2026-09-04"
SBF_LINKER_VERSION="0.2.6"
SBF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SBF_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/lst-sbf"
SBF_SYSROOT="$SBF_CACHE/sysroot-$SBF_NIGHTLY"
SBF_LINKER_ROOT="$SBF_CACHE/sbpf-linker-$SBF_LINKER_VERSION"
SBF_TARGET_JSON="$SBF_REPO/toolchain/bpfel-solana-solana.json"

sbf_log() { printf '[sbf-toolchain] %s\n' "$*" >&2; }

sbf_prepare() {
  mkdir -p "$SBF_CACHE"
  command -v rustup >/dev/null || { sbf_log "rustup is required (https://rustup.rs)"; exit 1; }

  # 1. Pinned nightly with rust-src.
  if ! rustup run "$SBF_NIGHTLY" rustc --version >/dev/null 2>&1 ||
     [ ! -d "$(rustup run "$SBF_NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
    sbf_log "installing $SBF_NIGHTLY with rust-src"
    rustup toolchain install "$SBF_NIGHTLY" --profile minimal -c rust-src --no-self-update
  fi
  local nightly_root
  nightly_root="$(rustup run "$SBF_NIGHTLY" rustc --print sysroot)"

  # 2. sbpf-linker, built once with the stable toolchain.
  if [ ! -x "$SBF_LINKER_ROOT/bin/sbpf-linker" ]; then
    sbf_log "installing sbpf-linker $SBF_LINKER_VERSION (about two minutes)"
    cargo install sbpf-linker --version "$SBF_LINKER_VERSION" --locked --root "$SBF_LINKER_ROOT"
  fi

  # 3. Patched sysroot copy: hard links for the binaries, a real copy of the std sources.
  local stamp="$SBF_SYSROOT/.lst-patched"
  local want
  want="$(sha256sum "$SBF_REPO/toolchain/patch_std.py" | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    sbf_log "preparing patched sysroot in $SBF_SYSROOT"
    rm -rf "$SBF_SYSROOT" "$SBF_SYSROOT.tmp"
    cp -al "$nightly_root" "$SBF_SYSROOT.tmp" 2>/dev/null || cp -a "$nightly_root" "$SBF_SYSROOT.tmp"
    local lib="$SBF_SYSROOT.tmp/lib/rustlib/src/rust/library"
    rm -rf "$lib"
    cp -r "$nightly_root/lib/rustlib/src/rust/library" "$lib"
    python3 "$SBF_REPO/toolchain/patch_std.py" "$lib" >&2
    echo "$want" >"$SBF_SYSROOT.tmp/.lst-patched"
    mv "$SBF_SYSROOT.tmp" "$SBF_SYSROOT"
  fi

  SBF_RUSTC="$SBF_SYSROOT/bin/rustc"
  SBF_CARGO="$SBF_SYSROOT/bin/cargo"
  # sbpf-linker finds the toolchain's libLLVM through PATH/../lib.
  SBF_PATH="$SBF_SYSROOT/bin:$SBF_LINKER_ROOT/bin:$PATH"
  export SBF_RUSTC SBF_CARGO SBF_PATH SBF_TARGET_JSON SBF_CACHE SBF_REPO
}

# Run `cargo` for the SBF target in release, with the project's flags. Arguments go to `cargo build`.
sbf_cargo_build() {
  env PATH="$SBF_PATH" RUSTC="$SBF_RUSTC" RUSTUP_TOOLCHAIN="" \
    RUSTC_BOOTSTRAP_SYNTHETIC_TARGET=1 \
    CARGO_TARGET_BPFEL_SOLANA_SOLANA_LINKER=sbpf-linker \
    CARGO_TARGET_BPFEL_SOLANA_SOLANA_RUSTFLAGS="-C panic=abort -C link-arg=--llvm-args=-bpf-stack-size=${SBF_STACK_SIZE:-4096} -C relocation-model=static -C passes=lower-atomic -C target-feature=+allows-misaligned-mem-access" \
    "$SBF_CARGO" build --release \
    -Z build-std=std,panic_abort -Z json-target-spec \
    --target "$SBF_TARGET_JSON" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  sbf_prepare
  sbf_log "ready: $("$SBF_RUSTC" --version), sbpf-linker $SBF_LINKER_VERSION"
fi
