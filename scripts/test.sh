#!/usr/bin/env bash
# Runs every test through CTest. Assumes `make build` has run (native release + web).
#   1. the core's unit tests again under AddressSanitizer + UBSan (debug-asan preset, unit tests only)
#   2. everything on the release build: unit, CLI, lint, wasm node tests, server integration, headless browser
# Ends with CTest's summary line of step 2; the exit status is non-zero if either step failed.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mkdir -p build/test-artifacts
start=$(date +%s)
jobs="$(nproc)"

asan_rc=0
if [ "${EARSHOT_SKIP_ASAN:-0}" != "1" ]; then
  echo "== unit tests under AddressSanitizer + UBSan =="
  { cmake --preset debug-asan >/dev/null && cmake --build --preset debug-asan -j "$jobs" --target earshot_tests; } || asan_rc=$?
  if [ $asan_rc -eq 0 ]; then
    ctest --preset debug-asan -L unit -j "$jobs" --output-junit "$here/build/test-artifacts/ctest-asan-junit.xml" | grep -E "tests passed|tests failed|Failed|\*\*\*"
    asan_rc=${PIPESTATUS[0]}
  fi
  [ $asan_rc -ne 0 ] && echo "ASan/UBSan unit tests FAILED (exit $asan_rc)"
fi

echo "== all tests (release build) =="
ctest --preset release -j "$jobs" --output-junit "$here/build/test-artifacts/ctest-junit.xml"
rc=$?
echo "test run took $(( $(date +%s) - start )) s; screenshots and reports in build/test-artifacts/"
[ $asan_rc -ne 0 ] && { echo "note: the ASan/UBSan unit tests failed (see above)"; exit $asan_rc; }
exit $rc
