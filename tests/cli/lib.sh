# Shared by the CLI tests (sourced, not run): `bin` is the earshot binary given as $1, `tmp` a scratch directory
# removed on exit, `check DESC CMD...` prints ok/FAIL and remembers any failure in `fail` (the script's exit status).
set -u
bin="$1"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # description, command...
  local desc="$1"; shift
  if "$@"; then echo "ok   - $desc"; else echo "FAIL - $desc"; fail=1; fi
}
