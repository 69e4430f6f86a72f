#!/usr/bin/env bash
# Starts the earshot demo: the dashboard page with the widget.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-8080}"
cd "$here"
exec node scripts/serve-static.mjs --port "$port"
