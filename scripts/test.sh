#!/usr/bin/env bash
# Runs every test through CTest (unit, CLI, lint, wasm node tests, headless-browser tests).
# Assumes `make build` has run. Ends with CTest's summary line.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mkdir -p build/test-artifacts
start=$(date +%s)
ctest --preset release -j "$(nproc)" --output-junit "$here/build/test-artifacts/ctest-junit.xml"
rc=$?
echo "test run took $(( $(date +%s) - start )) s; screenshots and reports in build/test-artifacts/"
exit $rc
