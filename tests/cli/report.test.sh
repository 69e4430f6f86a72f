#!/usr/bin/env bash
# earshot report: text report on stdout, --json with an incidents array, --html self-contained, clear errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Four hours of steady background (one complaint a minute over five categories), then six customers about UA1234
# within ten minutes, and brand replies to some of them.
node - "$tmp/in.ndjson" <<'JS'
const fs = require("fs");
const lines = [];
const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const iso = (min) => new Date(t0 + min * 60000).toISOString().replace(".000Z", "Z");
const cats = [["delivery", "logistics", "my parcel is late again"], ["billing", "billing", "wrong amount on my bill"],
              ["app", "product", "the app is slow today"], ["service", "support", "kept on hold for ages"],
              ["booking", "sales", "my seat was changed"]];
const emit = (id, minute, handle, text, cat, team, ents = [], tier = "easy") => lines.push(JSON.stringify({
  id, platform: "x", author: {handle}, text, created_at: iso(minute),
  triage: {category: {id: cat, label: cat[0].toUpperCase() + cat.slice(1)}, team, sentiment: {label: "negative"},
           complaint: true, urgency: {score: 40}, tier, respond_within_minutes: 60,
           entities: ents.map(([type, value]) => ({type, value, text: value}))}}));
for (let m = 0; m < 240; m++) { const c = cats[m % 5]; emit("bg" + m, m, "@bg" + m, c[2] + " #" + m, c[0], c[1]); }
for (let k = 0; k < 6; k++)
  emit("ua" + k, 241 + k * 2, "@pax" + k, "flight UA1234 cancelled and no rebooking offered", "delays", "operations",
       [["flight_number", "UA1234"]], "hard");
for (let k = 0; k < 6; k += 2)
  lines.push(JSON.stringify({id: "r" + k, platform: "x", author: {handle: "@acme"}, text: "So sorry, DMing you now ^AG",
                             in_reply_to: "ua" + k, created_at: iso(250 + k)}));
fs.writeFileSync(process.argv[2], lines.join("\n") + "\n");
JS
out=$("$bin" report "$tmp/in.ndjson" --brand-handle @acme --json "$tmp/r.json" --html "$tmp/r.html" 2>"$tmp/err"); rc=$?
check "report exits 0" test "$rc" -eq 0
check "text report names the incident" grep -q 'INC-0001.*UA1234' <<<"$out"
check "text report has the reply table" grep -q 'deadlines met' <<<"$out"
check "no progress bar when stderr is not a terminal" test ! -s "$tmp/err"
check "--json is valid and has the incident fields" node - "$tmp/r.json" <<'JS'
const assert = require("assert");
const r = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const incs = r.incidents.filter((i) => i.entities.some((e) => e.value === "UA1234"));
assert.strictEqual(incs.length, 1, JSON.stringify(r.incidents.map((i) => i.title)));
const i = incs[0];
for (const k of ["title", "category", "entities", "first_seen", "opened_at", "status", "affected", "volume"]) assert.ok(k in i, k);
assert.strictEqual(i.category, "delays");
assert.ok(i.title.includes("UA1234"), i.title);
assert.ok(i.first_seen <= i.opened_at);
assert.ok(i.first_seen.startsWith("2026-11-24T12:"), i.first_seen);
assert.strictEqual(r.totals.total, 246);
assert.strictEqual(r.replies.replied, 3);
assert.strictEqual(r.replies.met, 3);
JS
check "--html is one self-contained page with SVG charts" bash -c "grep -q '<svg' '$tmp/r.html' && ! grep -qE '<script|src=.http|href=.http' '$tmp/r.html'"
# Without triage on the lines, mentions are triaged on the fly with the playbook.
node -e 'const fs=require("fs");const o=[];for(const l of fs.readFileSync(process.argv[1],"utf8").split("\n")){if(!l)continue;const j=JSON.parse(l);delete j.triage;o.push(JSON.stringify(j));}fs.writeFileSync(process.argv[2],o.join("\n")+"\n")' "$tmp/in.ndjson" "$tmp/raw.ndjson"
"$bin" report "$tmp/raw.ndjson" --playbook airline --brand-handle @acme --json "$tmp/raw.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "untriaged mentions are triaged on the fly" test "$rc" -eq 0
check "on-the-fly triage finds the flight incident" node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));process.exit(r.totals.total===246&&r.incidents.some(i=>i.title.includes("UA1234"))?0:1)' "$tmp/raw.json"
"$bin" report "$tmp/raw.ndjson" --playbook /no/such/playbook.json >/dev/null 2>"$tmp/err"; rc=$?
check "a missing playbook is a clear error" bash -c "test $rc -ne 0 && grep -q 'playbook' '$tmp/err'"
printf '{"id":"a","text":"ok","created_at":"2026-11-24T08:00:00Z","triage":{"category":"x"}}\n{"id":"b",\n' > "$tmp/bad.ndjson"
"$bin" report "$tmp/bad.ndjson" --json "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a malformed line fails the run" test "$rc" -ne 0
check "the error names the file and line" grep -q 'bad.ndjson:2' "$tmp/err"
check "nothing written on error" test ! -e "$tmp/bad.json"
check "nothing on stdout on error" test ! -s "$tmp/out"
"$bin" report /no/such/file.ndjson >/dev/null 2>"$tmp/err"; rc=$?
check "missing file exits non-zero" test "$rc" -ne 0
check "help mentions --json and --html" bash -c "'$bin' report --help | grep -q -- '--html'"
exit $fail
