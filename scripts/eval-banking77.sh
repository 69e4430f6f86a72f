#!/usr/bin/env bash
# 5-fold stratified cross-validation of `earshot train` (default options) on Banking77's train split.
# Target: accuracy >= 0.92. Published on the official test split: TF-IDF LR 0.889, linear SVM 0.903, BERT 0.937.
# Usage: scripts/eval-banking77.sh [extra earshot train options...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="${EARSHOT_DATA_DIR:-$(cd "$here/../shared/data" 2>/dev/null && pwd || echo /work/shared/data)}"
file="$data/banking77/train.csv"
bin="${EARSHOT_BIN:-$here/build/bin/earshot}"
if [ ! -f "$file" ]; then echo "eval-banking77: $file not found (set EARSHOT_DATA_DIR); skipped"; exit 0; fi
if [ ! -x "$bin" ]; then echo "eval-banking77: $bin not built (make native)"; exit 1; fi
echo "Banking77 5-fold CV (target accuracy >= 0.92; published test-split peers: TF-IDF LR 0.889, SVM 0.903, BERT 0.937)"
"$bin" train -q --text-field text --label-field category "$file" --cv 5 "$@"
