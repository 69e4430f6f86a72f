#!/usr/bin/env bash
# Banking77 5-fold cross-validated accuracy of `earshot train` (see scripts/eval-banking77.sh).
exec bash "$(dirname "$0")/../scripts/eval-banking77.sh"
