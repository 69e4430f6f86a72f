// Full-triage throughput: native (bench_triage), the wasm build under node, and npm vader-sentiment (VADER alone)
// on the same development-set texts in the same run, with the ratios. Also prints model + lexicon memory.
//   node bench/triage_speed.bench.mjs [N=200000]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = process.env.EARSHOT_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const webDir = process.env.EARSHOT_WEB_DIR || path.join(root, 'build/web');
const n = Number(process.argv[2] || 200000); // bench_triage alone runs the full 1M
const require = createRequire(import.meta.url);

const texts = fs.readFileSync(path.join(root, 'build/release/devset/all.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).text);

// native
const native = JSON.parse(execFileSync(path.join(root, 'build/release/bench/bench_triage'), [String(n), '--json'], { cwd: root, encoding: 'utf8' }));

// wasm (same texts, same count, no JSON on the way)
const { loadEarshot } = await import(path.join(webDir, 'earshot.mjs'));
const earshot = await loadEarshot();
const joined = texts.join('\n');
earshot._m.triageBatch(joined, 2000, false); // warm up
function wasmRun(count, explain) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const complaints = earshot._m.triageBatch(joined, count, explain);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = process.cpuUsage(cpu0);
  // CPU time (all of node's threads, so slightly pessimistic for wasm): wall clock on a loaded machine is noise.
  return { complaints, rate: count / secs, cpuRate: count / ((cpu1.user + cpu1.system) / 1e6) };
}
const w = wasmRun(n, false);
const wasmComplaints = w.complaints;
const wasmRate = w.rate;
const wasmCpuRate = w.cpuRate;
const we = wasmRun(native.explained_mentions, true);

// npm vader-sentiment (VADER only, no triage), on as many of the same texts as take a few seconds
const vader = require(path.join(root, 'node_modules/vader-sentiment'));
const vn = Math.min(n, 20000);
let t0 = process.hrtime.bigint();
let sink = 0;
for (let i = 0; i < vn; i++) sink += vader.SentimentIntensityAnalyzer.polarity_scores(texts[i % texts.length]).compound;
const vaderSecs = Number(process.hrtime.bigint() - t0) / 1e9;
const vaderRate = vn / vaderSecs;

const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`full triage of ${fmt(n)} development-set mentions (1 core each):`);
console.log(`  native earshot      ${fmt(native.per_second)} mentions/s   (target >= 500,000)`);
console.log(`  wasm earshot (node) ${fmt(wasmRate)} mentions/s   = ${(wasmRate / native.per_second).toFixed(2)}x native (target >= 0.65x)`);
console.log(`  per CPU-second: native ${fmt(native.per_cpu_second)}, wasm ${fmt(wasmCpuRate)} = ${(wasmCpuRate / native.per_cpu_second).toFixed(2)}x native`);
console.log(`  with explanation text (${fmt(native.explained_mentions)}): native ${fmt(native.explained_per_second)}/s, wasm ${fmt(we.rate)}/s = ${(we.rate / native.explained_per_second).toFixed(2)}x; per CPU-second ${fmt(native.explained_per_cpu_second)} / ${fmt(we.cpuRate)}`);
console.log(`  npm vader-sentiment ${fmt(vaderRate)} texts/s (VADER only, ${fmt(vn)} texts)`);
console.log(`  earshot native / vader-sentiment = ${(native.per_second / vaderRate).toFixed(1)}x, wasm / vader-sentiment = ${(wasmRate / vaderRate).toFixed(1)}x`);
console.log(`  same complaints counted natively and in wasm: ${native.complaints === wasmComplaints} (${native.complaints})`);
console.log(`models + lexicon memory: ${(native.memory_bytes / 1e6).toFixed(2)} MB (target <= 20 MB)`);
if (!Number.isFinite(sink)) console.log('');
