#!/usr/bin/env bash
# The main job, from a fresh machine: prepare the SBF toolchain (cached), build every program to SBF,
# start the local cluster (surfpool, programs deployed), run the multi-epoch demo (sixteen validators,
# users, rewards and MEV tips, the keeper; a per-epoch table and target/demo/chart.{svg,png}), stop the
# cluster, and print the compute-unit tables (ours vs upstream SPL; the steward's whole epochs at 1,000 and
# 5,000 validators: transactions, compute units, fees).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

step "toolchain" bash scripts/sbf-toolchain.sh
step "SBF build" bash scripts/build-sbf.sh
step "build lst and lst-demo" cargo build --locked -p lst-cli -p lst-localnet
ensure_chart_font
step "local cluster" bash scripts/cluster.sh start
trap 'bash scripts/cluster.sh stop' EXIT
step "demo: 16 validators, 12 epochs on the local cluster" \
  ./target/debug/lst-demo local 12 target/demo/chart.svg
step "compute units" cargo run --locked --quiet -p lst-tests --bin cu-table
