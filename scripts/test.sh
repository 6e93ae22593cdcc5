#!/usr/bin/env bash
# The project's test command (what CI runs): formatting, the SBF builds, clippy with warnings denied
# (during the test build), then every test — unit and property tests on the host, integration tests against the SBF programs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

step "toolchain" bash scripts/sbf-toolchain.sh
# The chart test draws text.
ensure_chart_font
step "format" cargo fmt --all --check
step "SBF build" bash scripts/build-sbf.sh
# Clippy lints the workspace's crates while the test build compiles them (what `cargo clippy` does,
# through the same driver), so the dependencies are compiled once, not checked and then built.
lint() {
  RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver" \
    CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"
}
# The test build also builds the binaries the browser test runs: a package's integration tests
# bring its binaries (lst with the CLI's e2e test, lst-demo with localnet's chart test).
step "clippy and the test build" lint cargo test --workspace --all-targets --locked --no-run
step "tests" lint cargo test --workspace --all-targets --locked
step "upstream's own test suite against our program" bash scripts/upstream-suite.sh
step "IDL matches the code" lint cargo run --locked --quiet -p lst-tests --bin idl -- --check
step "dApp: type check, quote tests, browser end-to-end" bash scripts/app-test.sh
