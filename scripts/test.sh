#!/usr/bin/env bash
# The project's test command (what CI runs): formatting, the SBF builds, clippy with warnings denied,
# then every test — unit and property tests on the host, integration tests against the SBF programs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

step "toolchain" bash scripts/sbf-toolchain.sh
step "format" cargo fmt --all --check
step "SBF build" bash scripts/build-sbf.sh
step "clippy" cargo clippy --workspace --all-targets --locked -- -D warnings
step "tests" cargo test --workspace --locked
step "upstream's own test suite against our program" bash scripts/upstream-suite.sh
step "IDL matches the code" cargo run --locked --quiet -p lst-tests --bin idl -- --check
step "dApp: type check, quote tests, browser end-to-end" bash scripts/app-test.sh
