#!/usr/bin/env bash
# Starts the earshot demo: `earshot serve` with the dashboard page (web-demo/), the built widget (build/web at /web/)
# and a live feed replayed from the bundled sample mentions (web-demo/data/sample-feed.ndjson).
# Data lives in build/demo-data (delete it to start over). Ctrl-C stops the server cleanly.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-8080}"
rate="${EARSHOT_DEMO_RATE:-1}"
cd "$here"
mkdir -p build/demo-data
echo "earshot demo: open http://127.0.0.1:${port}/ in a browser (live feed: ${rate} mention/s from web-demo/data/sample-feed.ndjson)"
exec build/bin/earshot serve --port "$port" --data-dir build/demo-data --demo \
  --web-root web-demo --widget-dir build/web \
  --replay web-demo/data/sample-feed.ndjson --rate "$rate" --loop
