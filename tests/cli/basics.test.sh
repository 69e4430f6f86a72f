#!/usr/bin/env bash
# The CLI follows common conventions: --version, --help everywhere, errors on stderr with a non-zero exit.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out=$("$bin" --version); check "--version prints the version" grep -qE '^earshot [0-9]+\.[0-9]+\.[0-9]+' <<<"$out"
out=$("$bin" --help); check "--help lists subcommands" grep -q 'tokenize' <<<"$out"
out=$("$bin" tokenize --help); check "subcommand --help works" grep -qi 'usage' <<<"$out"
"$bin" no-such-command >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown subcommand exits non-zero" test "$rc" -ne 0
check "unknown subcommand error goes to stderr" test -s "$tmp/err"
check "nothing on stdout for an error" test ! -s "$tmp/out"
"$bin" tokenize --file /no/such/file >/dev/null 2>"$tmp/err"; rc=$?
check "missing input file exits non-zero" test "$rc" -ne 0
check "missing file error names the file" grep -q '/no/such/file' "$tmp/err"
out=$(printf 'NOT happy!!! @airline 😡\n' | "$bin" tokenize)
check "tokenize emits JSON with a handle token" grep -q '"kind":"handle"' <<<"$out"
check "tokenize counts caps words" grep -q '"caps_words":1,' <<<"$(echo 'I am NOT happy OK' | "$bin" tokenize)"
exit $fail
