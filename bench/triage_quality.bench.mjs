// Triage quality on the development test split (held-out templates) and on GoEmotions sentiment3_test (out of
// domain), next to VADER (npm vader-sentiment) on the same texts. Prints numbers; not a test.
//   node bench/triage_quality.bench.mjs   (needs build/bin/earshot and build/release/devset from `make native`)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = process.env.EARSHOT_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = process.env.EARSHOT_BIN || path.join(root, 'build/bin/earshot');
const dataDir = process.env.EARSHOT_DATA_DIR || path.join(root, '../shared/data');
const require = createRequire(import.meta.url);
const vader = require(path.join(root, 'node_modules/vader-sentiment'));
const json = process.argv.includes('--json');

function classify(lines, args = []) {
  const out = execFileSync(bin, ['classify', ...args], { input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  return out.trim().split('\n').map((l) => JSON.parse(l).triage);
}
const vaderLabel = (c) => (c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral');

function report(truth, pred) {
  const labels = [...new Set([...truth, ...pred])].sort();
  let correct = 0;
  const f1s = [];
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) correct++;
  for (const l of labels) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === l && truth[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (truth[i] === l) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
    f1s.push(p + r ? (2 * p * r) / (p + r) : 0);
  }
  return { accuracy: correct / truth.length, macro_f1: f1s.reduce((a, b) => a + b, 0) / f1s.length };
}
function binaryF1(truth, pred) {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < truth.length; i++) {
    if (pred[i] && truth[i]) tp++;
    else if (pred[i]) fp++;
    else if (truth[i]) fn++;
  }
  const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
  return p + r ? (2 * p * r) / (p + r) : 0;
}
const f = (x) => x.toFixed(3);
const results = {};

// --- development set: test split (held-out templates) and hold-out templates (never tuned on) --------------
function devBlock(file) {
  const dev = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const triaged = classify(dev.map((r) => ({ id: r.id, text: r.text, author: r.author, platform: r.platform })));
  const vd = dev.map((r) => vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound);
  return { dev, triaged, vd };
}
const { dev, triaged, vd } = devBlock(path.join(root, 'build/release/devset/test.ndjson'));
{
  const h = devBlock(path.join(root, 'build/release/devset/holdout.ndjson'));
  results.holdout = {
    n: h.dev.length,
    sentiment: report(h.dev.map((r) => r.sentiment), h.triaged.map((t) => t.sentiment.label)),
    complaint_f1: binaryF1(h.dev.map((r) => r.complaint), h.triaged.map((t) => t.complaint)),
    category: report(h.dev.map((r) => r.category), h.triaged.map((t) => t.category.id)),
    vader_sentiment: report(h.dev.map((r) => r.sentiment), h.vd.map(vaderLabel)),
    vader_complaint_f1: binaryF1(h.dev.map((r) => r.complaint), h.vd.map((c) => c <= -0.05)),
  };
}
results.devset = {
  n: dev.length,
  sentiment: report(dev.map((r) => r.sentiment), triaged.map((t) => t.sentiment.label)),
  complaint_f1: binaryF1(dev.map((r) => r.complaint), triaged.map((t) => t.complaint)),
  category: report(dev.map((r) => r.category), triaged.map((t) => t.category.id)),
  vader_sentiment: report(dev.map((r) => r.sentiment), vd.map(vaderLabel)),
  vader_complaint_f1: binaryF1(dev.map((r) => r.complaint), vd.map((c) => c <= -0.05)),
};
const byIndustry = {};
dev.forEach((r, i) => {
  const b = (byIndustry[r.industry] ||= { n: 0, ok: 0 });
  b.n++;
  if (triaged[i].sentiment.label === r.sentiment) b.ok++;
});
results.devset.sentiment_by_industry = Object.fromEntries(Object.entries(byIndustry).map(([k, v]) => [k, v.ok / v.n]));

// --- GoEmotions sentiment3_test (Reddit; out of domain) -----------------------------------------------------
const goFile = path.join(dataDir, 'goemotions/sentiment3_test.tsv');
if (fs.existsSync(goFile)) {
  const rows = fs.readFileSync(goFile, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
  const tri = classify(rows.map(([text], i) => ({ id: String(i), text })));
  const vg = rows.map(([text]) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound);
  results.goemotions = {
    n: rows.length,
    sentiment: report(rows.map((r) => r[1]), tri.map((t) => t.sentiment.label)),
    vader_sentiment: report(rows.map((r) => r[1]), vg.map(vaderLabel)),
  };
}

if (json) {
  console.log(JSON.stringify(results, null, 2));
} else {
  const d = results.devset;
  console.log(`triage quality, development set test split (${d.n} mentions from held-out templates, 9 industries):`);
  console.log(`  sentiment accuracy ${f(d.sentiment.accuracy)} (macro-F1 ${f(d.sentiment.macro_f1)})   VADER ${f(d.vader_sentiment.accuracy)}`);
  console.log(`  complaint F1       ${f(d.complaint_f1)}                      VADER-as-detector ${f(d.vader_complaint_f1)}`);
  console.log(`  category accuracy  ${f(d.category.accuracy)} (macro-F1 ${f(d.category.macro_f1)})`);
  console.log('  sentiment accuracy by industry: ' + Object.entries(d.sentiment_by_industry).map(([k, v]) => `${k} ${f(v)}`).join(', '));
  const h = results.holdout;
  console.log(`hold-out templates (${h.n} mentions; written after tuning, never tuned on):`);
  console.log(`  sentiment accuracy ${f(h.sentiment.accuracy)} (macro-F1 ${f(h.sentiment.macro_f1)})   VADER ${f(h.vader_sentiment.accuracy)}`);
  console.log(`  complaint F1       ${f(h.complaint_f1)}                      VADER-as-detector ${f(h.vader_complaint_f1)}`);
  console.log(`  category accuracy  ${f(h.category.accuracy)} (macro-F1 ${f(h.category.macro_f1)})`);
  if (results.goemotions) {
    const g = results.goemotions;
    console.log(`GoEmotions sentiment3_test (${g.n} Reddit comments, out of domain):`);
    console.log(`  sentiment accuracy ${f(g.sentiment.accuracy)} (macro-F1 ${f(g.sentiment.macro_f1)})   VADER ${f(g.vader_sentiment.accuracy)}`);
  }
}
