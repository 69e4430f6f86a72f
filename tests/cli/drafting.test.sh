#!/usr/bin/env bash
# earshot draft / lint / commitments: NDJSON in and out, human and JSON lint output, exit statuses, clear errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cat >"$tmp/in.ndjson" <<'NDJSON'
{"id":"1","platform":"x","author":{"handle":"@jo","name":"Jo Lee"},"text":"I was charged $45 twice this month!! fix it"}
{"id":"2","author":{"handle":"@ann"},"text":"how do I reset my password?"}
not json
{"id":"4","text":"my card 4111 1111 1111 1111 was charged twice, mail me at jo@example.com"}
{"id":"5","text":"buy followers cheap www.spam.biz"}
NDJSON
"$bin" draft "$tmp/in.ndjson" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "draft: exit status 1 when a line failed" test "$rc" -eq 1
check "draft: one line per good mention" test "$(wc -l <"$tmp/out")" -eq 4
check "draft: bad line named on stderr" grep -q 'in.ndjson:3: not valid JSON' "$tmp/err"
check "draft: triage and drafts added" bash -c "head -1 '$tmp/out' | grep -q '\"triage\":{' && head -1 '$tmp/out' | grep -q '\"drafts\":\[{'"
check "draft: first draft is rank 1 with a perfect lint score" bash -c "head -1 '$tmp/out' | grep -q '\"lint_score\":100' && head -1 '$tmp/out' | grep -q '\"rank\":1'"
check "draft: names the amount and the customer" bash -c "head -1 '$tmp/out' | grep -q 'Jo, ' && head -1 '$tmp/out' | grep -q '\\\$45'"
check "draft: card number never in a draft's public text" bash -c "! sed -n 3p '$tmp/out' | grep -o '\"public\":\"[^\"]*\"' | grep -q '4111'"
check "draft: card number moves to the private message's warning" bash -c "sed -n 3p '$tmp/out' | grep -q 'card number'"
check "draft: spam gets no drafts" bash -c "sed -n 4p '$tmp/out' | grep -q '\"drafts\":\[\]'"
printf '%s\n' '{"id":"1","text":"order never arrived"}' | "$bin" draft >"$tmp/a"; printf '%s\n' '{"id":"1","text":"order never arrived"}' | "$bin" draft >"$tmp/b"
check "draft: deterministic" cmp -s "$tmp/a" "$tmp/b"
out=$("$bin" draft --help); check "draft --help" grep -qi 'usage' <<<"$out"
"$bin" draft --playbook /no/such/playbook.json </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "draft: missing playbook is a clear error" bash -c "test $rc -ne 0 && grep -q '/no/such/playbook.json' '$tmp/err'"

printf '%s' '{"id":"7","platform":"x","author":{"handle":"@jo","name":"Jo Lee"},"text":"I was charged $45 twice!! fix it"}' >"$tmp/m.json"
"$bin" lint --mention "$tmp/m.json" "No problem! We apologize for any inconvenience. Please DM us." >"$tmp/out"; rc=$?
check "lint: exit 0 without --min-score" test "$rc" -eq 0
check "lint: human output names rules" bash -c "grep -q 'no_problem' '$tmp/out' && grep -q 'robotic' '$tmp/out' && grep -q 'redirect_only' '$tmp/out'"
check "lint: human output underlines the span" grep -q '^    \^\^\^\^\^\^\^\^\^\^$' "$tmp/out"
check "lint: human output has why, fix and replacement" bash -c "grep -q 'why:' '$tmp/out' && grep -q 'fix:' '$tmp/out' && grep -q 'replace with: \"Happy to help\"' '$tmp/out'"
echo "No problem! We apologize for any inconvenience." | "$bin" lint --mention "$tmp/m.json" --json --min-score 80 >"$tmp/out"; rc=$?
check "lint: reply from stdin, --min-score fails with 1" test "$rc" -eq 1
check "lint: --json gives score and findings with spans" bash -c "grep -q '\"score\":' '$tmp/out' && grep -q '\"rule\":\"no_problem\",\"text\":\"No problem\"' '$tmp/out' || grep -q '\"begin\":0,\"end\":10' '$tmp/out'"
good="Hi Jo, I'm really sorry about the \$45 charge, that's frustrating. Our Billing and payments team will check it and reply here within 2 hours. ^JL"
"$bin" lint --mention "$tmp/m.json" --min-score 90 --json "$good" >"$tmp/out"; rc=$?
check "lint: a good reply passes --min-score" test "$rc" -eq 0
check "lint: a good reply scores 100" grep -q '"score":100' "$tmp/out"
"$bin" lint --platform x "$(printf 'a%.0s' {1..300}) ^AB" --json >"$tmp/out"
check "lint: --platform without a mention checks the limit" grep -q '"rule":"over_limit"' "$tmp/out"
printf 'not json' >"$tmp/bad.json"
"$bin" lint --mention "$tmp/bad.json" "hi" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "lint: bad mention file exits 2 with the file named" bash -c "test $rc -eq 2 && grep -q 'bad.json' '$tmp/err' && test ! -s '$tmp/out'"
out=$("$bin" lint --help); check "lint --help" grep -qi 'min-score' <<<"$out"

"$bin" commitments --sent-at 2026-11-24T18:40:00Z "We'll call you within 24 hours. A refund will reach you by Friday." >"$tmp/out"
check "commitments: due times from the sent time" bash -c "grep -q '\"due_at\":\"2026-11-25T18:40:00Z\"' '$tmp/out' && grep -q '\"due_at\":\"2026-11-27T23:59:59Z\"' '$tmp/out'"
"$bin" commitments --sent-at yesterday "x" >/dev/null 2>"$tmp/err"; rc=$?
check "commitments: bad --sent-at is a clear error" bash -c "test $rc -ne 0 && grep -q 'sent-at' '$tmp/err'"
exit $fail
