#!/usr/bin/env bash
# earshot train / earshot eval: training from CSV and NDJSON, determinism, cross-validation, evaluation, errors.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A small three-topic data set, written as CSV (with quotes and an embedded newline) and as NDJSON.
{
  echo 'text,topic'
  for i in 1 2 3 4 5 6; do
    echo "\"my parcel $i has not arrived, where is it?\",delivery"
    echo "package $i stuck in transit for days,delivery"
    echo "\"courier lost order $i\",delivery"
    echo "\"I was charged twice for order $i\",billing"
    echo "refund for invoice $i never came,billing"
    echo "\"wrong amount on bill $i
please fix\",billing"
    echo "thank you $i for the great service,praise"
    echo "\"love the app, you are awesome $i\",praise"
    echo "super helpful support team $i,praise"
  done
} >"$tmp/train.csv"
# NDJSON twin of the CSV, with the text in a nested field (converted by node, which the build requires anyway).
node -e '
const fs = require("fs");
const [src, dst] = process.argv.slice(1);
const recs = []; let field = "", row = [], q = false; const s = fs.readFileSync(src, "utf8");
for (let i = 0; i < s.length; i++) {
  const c = s[i];
  if (q) { if (c === "\"") { if (s[i + 1] === "\"") { field += c; i++; } else q = false; } else field += c; }
  else if (c === "\"") q = true; else if (c === ",") { row.push(field); field = ""; }
  else if (c === "\n") { row.push(field); recs.push(row); row = []; field = ""; } else field += c;
}
fs.writeFileSync(dst, recs.slice(1).map((r) => JSON.stringify({ body: { text: r[0] }, label: r[1] })).join("\n") + "\n");
' "$tmp/train.csv" "$tmp/train.ndjson"

"$bin" train --text-field text --label-field topic "$tmp/train.csv" -o "$tmp/a.escl" --seed 3 2>"$tmp/err"; rc=$?
check "train from CSV succeeds" test "$rc" -eq 0
check "train writes a model file" test -s "$tmp/a.escl"
check "train reports what it did on stderr" grep -q 'trained on 54 examples, 3 labels' "$tmp/err"
check "progress without a TTY is plain lines" grep -q '^training 1/' "$tmp/err"
check "model starts with the magic bytes" test "$(head -c 4 "$tmp/a.escl")" = "ESCL"
"$bin" train -q --text-field text --label-field topic "$tmp/train.csv" -o "$tmp/b.escl" --seed 3
check "same seed gives identical model bytes" cmp -s "$tmp/a.escl" "$tmp/b.escl"
"$bin" train -q --text-field text --label-field topic "$tmp/train.csv" -o "$tmp/c.escl" --seed 4
check "another seed gives other bytes" bash -c "! cmp -s '$tmp/a.escl' '$tmp/c.escl'"
"$bin" train -q --text-field body.text --label-field label "$tmp/train.ndjson" -o "$tmp/n.escl" --seed 3
check "NDJSON with dotted fields trains the same model as CSV" cmp -s "$tmp/a.escl" "$tmp/n.escl"

out=$("$bin" train --text-field text --label-field topic "$tmp/train.csv" --cv 3 2>"$tmp/err")
check "--cv prints accuracy" grep -qE '^accuracy  0\.[0-9]{4}|^accuracy  1\.0000' <<<"$out"
check "--cv prints macro-F1" grep -q '^macro-F1' <<<"$out"
check "--cv reports each fold on stderr" grep -q 'fold 3/3: accuracy' "$tmp/err"

# eval: text report, JSON report with the full matrix, unknown labels counted as errors
out=$("$bin" eval -m "$tmp/a.escl" --label-field topic "$tmp/train.csv")
check "eval prints accuracy on training data" grep -qE '^accuracy  (1\.0000|0\.9[0-9]{3})' <<<"$out"
check "eval prints per-class precision/recall" grep -qE '^billing +[01]\.[0-9]{4} +[01]\.[0-9]{4}' <<<"$out"
check "eval prints a confusion matrix for few labels" grep -q 'confusion matrix' <<<"$out"
json=$("$bin" eval -m "$tmp/a.escl" --label-field topic "$tmp/train.csv" --json)
check "eval --json has the confusion matrix" node -e '
const r = JSON.parse(process.argv[1]);
process.exit(r.labels.length === 3 && r.confusion.length === 3 && r.examples === 54 && r.macro_f1 > 0.9 ? 0 : 1)' "$json"
printf 'text,topic\nmy parcel is late,delivery\nhello there,greeting\n' >"$tmp/unknown.csv"
out=$("$bin" eval -m "$tmp/a.escl" --label-field topic "$tmp/unknown.csv" 2>"$tmp/err")
check "eval warns about labels the model does not know" grep -q 'unknown to the model.*greeting' "$tmp/err"
check "eval counts unknown labels as errors" grep -q '^accuracy  0.5000' <<<"$out"
out=$("$bin" predict -m "$tmp/a.escl" "where is my parcel" --explain 2)
check "predict labels a text with an explanation" grep -q '"label":"delivery".*' <<<"$out"
check "predict explanation names words" grep -q '"feature":"word:' <<<"$out"
printf 'not a model' >"$tmp/bad.escl"
"$bin" eval -m "$tmp/bad.escl" --label-field topic "$tmp/train.csv" >/dev/null 2>"$tmp/err"; rc=$?
check "eval rejects an unreadable model" test "$rc" -ne 0
check "eval names the model problem" grep -q 'cannot load model.*bad magic' "$tmp/err"
head -c 300 "$tmp/a.escl" >"$tmp/trunc.escl"
"$bin" predict -m "$tmp/trunc.escl" "x" >/dev/null 2>"$tmp/err"; rc=$?
check "predict rejects a truncated model" bash -c "test $rc -ne 0 && grep -q 'truncated' '$tmp/err'"

# errors: clear message on stderr, non-zero exit, no model written
expect_error() { # description, expected stderr pattern, args...
  local desc="$1" pat="$2"; shift 2
  rm -f "$tmp/x.escl"
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  check "$desc: non-zero exit" test "$rc" -ne 0
  check "$desc: message" grep -q -- "$pat" "$tmp/err"
  check "$desc: no model written" test ! -e "$tmp/x.escl"
}
expect_error "missing label column" 'no column "category"' train --text-field text --label-field category "$tmp/train.csv" -o "$tmp/x.escl"
expect_error "missing file" '/no/such.csv' train /no/such.csv -o "$tmp/x.escl"
printf 'text,topic\n"unterminated,delivery\n' >"$tmp/bad.csv"
expect_error "malformed CSV" 'line 2: unterminated' train --label-field topic "$tmp/bad.csv" -o "$tmp/x.escl"
printf '{"text":"a","label":"x"}\n{"text":"b"}\n' >"$tmp/bad.ndjson"
expect_error "NDJSON line without label" 'line 2: field "label" is missing' train "$tmp/bad.ndjson" -o "$tmp/x.escl"
printf 'text,label\na,x\nb,x\n' >"$tmp/one.csv"
expect_error "a single label" 'two distinct labels' train "$tmp/one.csv" -o "$tmp/x.escl"
touch "$tmp/train.txt"
expect_error "unknown format" 'pass --format' train "$tmp/train.txt" -o "$tmp/x.escl"
expect_error "nothing to do" 'nothing to do' train --label-field topic "$tmp/train.csv"

exit $fail
