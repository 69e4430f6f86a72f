#!/usr/bin/env bash
# earshot classify: NDJSON in, one NDJSON line out per mention with a "triage" object; bad lines are reported on
# stderr (naming the line) without stopping the others, and make the exit status non-zero.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cat >"$tmp/in.ndjson" <<'NDJSON'
{"id":"1","author":{"handle":"@jo","followers":120},"text":"second time my order #A12345 is late"}
{"id":"2","text":"do you ship to Canada?"}
this is not json
{"id":"4","text":42}
{"id":"5","text":"Thanks for the quick refund, love it!"}
NDJSON
"$bin" classify "$tmp/in.ndjson" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "exit status is non-zero when a line failed" test "$rc" -ne 0
check "one output line per good mention" test "$(wc -l <"$tmp/out")" -eq 3
check "bad JSON line is named on stderr" grep -q 'in.ndjson:3: not valid JSON' "$tmp/err"
check "wrong-typed text is named on stderr" grep -q 'in.ndjson:4: text: must be a string' "$tmp/err"
check "input fields are kept" grep -q '"id":"1"' "$tmp/out"
check "triage added with sentiment" grep -q '"triage":{' "$tmp/out"
check "late order is a negative delivery complaint" bash -c "head -1 '$tmp/out' | grep -q '\"complaint\":true' && head -1 '$tmp/out' | grep -q '\"id\":\"delivery\"' && head -1 '$tmp/out' | grep -q '\"label\":\"negative\"'"
check "order number entity" grep -q '"value":"A12345"' "$tmp/out"
check "question is not a complaint" bash -c "sed -n 2p '$tmp/out' | grep -q '\"complaint\":false'"
check "praise is positive" bash -c "sed -n 3p '$tmp/out' | grep -q '\"label\":\"positive\"'"

printf '{"text":"my bag has been missing for 3 days"}\n' | "$bin" classify --playbook airline >"$tmp/out2"; rc=$?
check "stdin works and exits 0 when every line is good" test "$rc" -eq 0
check "built-in airline playbook is used" grep -q '"id":"baggage"' "$tmp/out2"

printf '{"brand":{"name":"X"},"teams":[],"categories":[{"id":"a","keywords":["x"],"team":"ghost"}]}' >"$tmp/bad.json"
echo '{"text":"hi"}' | "$bin" classify --playbook "$tmp/bad.json" >"$tmp/out3" 2>"$tmp/err3"; rc=$?
check "invalid playbook is rejected" test "$rc" -ne 0
check "playbook error names the field" grep -q "categories\[0\].team: unknown team 'ghost'" "$tmp/err3"
check "nothing classified with an invalid playbook" test ! -s "$tmp/out3"
"$bin" classify --playbook /no/such/playbook.json </dev/null 2>"$tmp/err4"; rc=$?
check "missing playbook file is an error" test "$rc" -ne 0
"$bin" classify --help | grep -q -- '--playbook'; check "classify --help documents --playbook" test $? -eq 0
exit $fail
