#!/usr/bin/env bash
# Runs every benchmark and prints its numbers (benchmarks are never part of `make test`).
#   bench/*.bench.cpp  -> built as build/release/bench/bench_<name>, run with the repo root as cwd
#   bench/*.bench.mjs  -> run with node (wasm/browser/server benchmarks)
#   bench/*.bench.sh   -> run with bash
# Usage: scripts/bench.sh [name-filter]
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
filter="${1:-}"
export EARSHOT_BIN="$here/build/bin/earshot" EARSHOT_WEB_DIR="$here/build/web" EARSHOT_SOURCE_DIR="$here"
export EARSHOT_DATA_DIR="${EARSHOT_DATA_DIR:-$(cd "$here/../shared/data" 2>/dev/null && pwd || echo /work/shared/data)}"
status=0
run() {
  local name="$1"; shift
  [[ -n "$filter" && "$name" != *"$filter"* ]] && return
  printf '\n=== %s ===\n' "$name"
  "$@" || { echo "benchmark $name failed (exit $?)"; status=1; }
}
for exe in build/release/bench/bench_*; do
  [ -x "$exe" ] && run "$(basename "$exe")" "$exe"
done
for js in bench/*.bench.mjs; do
  [ -f "$js" ] && run "$(basename "$js")" node "$js"
done
for sh in bench/*.bench.sh; do
  [ -f "$sh" ] && run "$(basename "$sh")" bash "$sh"
done
exit $status
