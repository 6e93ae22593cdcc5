#!/usr/bin/env bash
# The main job, from a fresh machine: prepare the SBF toolchain (cached), build every program to SBF,
# run the stake pool side by side with upstream SPL in a real bank, and print the compute-unit table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

step "toolchain" bash scripts/sbf-toolchain.sh
step "SBF build" bash scripts/build-sbf.sh
step "stake pool vs upstream SPL, as SBF in a real bank" \
  cargo test --locked -p lst-tests --test sbf
step "compute units" cargo run --locked --quiet -p lst-tests --bin cu-table
