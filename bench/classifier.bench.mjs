// Text classifier in WebAssembly (node) next to the native build, on the same data in the same run:
// training time (native `earshot train` wall time incl. process start and CSV parsing, vs wasm train() in-process),
// prediction throughput, and whether both produced the same model bytes. Prints numbers; not a test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const bin = process.env.EARSHOT_BIN;
const webDir = process.env.EARSHOT_WEB_DIR;
const file = path.join(process.env.EARSHOT_DATA_DIR || '', 'banking77/train.csv');
if (!bin || !webDir) throw new Error('run through scripts/bench.sh');
if (!fs.existsSync(file)) {
  console.log(`classifier wasm bench: ${file} not found, skipped`);
  process.exit(0);
}

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const examples = parseCsv(fs.readFileSync(file, 'utf8')).slice(1).map(([text, label]) => ({ text, label }));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-'));
const model = path.join(tmp, 'b77.escl');

let t0 = performance.now();
execFileSync(bin, ['train', '-q', '--text-field', 'text', '--label-field', 'category', file, '-o', model]);
const nativeMs = performance.now() - t0;

const { loadEarshot } = await import(path.join(webDir, 'earshot.mjs'));
const earshot = await loadEarshot();
t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = earshot.train(examples);
const cpu = process.cpuUsage(cpu0);
const wasmTotalMs = performance.now() - t0;
const same = r.model === fs.readFileSync(model).toString('base64');

console.log(`classifier training on banking77 (${examples.length} texts, ${r.labels.length} labels, default options):`);
console.log(`  native earshot train: ${(nativeMs / 1000).toFixed(2)} s (whole process)`);
console.log(`  wasm train() in node: ${(r.train_ms / 1000).toFixed(2)} s (train only; ${(wasmTotalMs / 1000).toFixed(2)} s incl. JSON; ` +
            `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU) = ${(nativeMs / r.train_ms).toFixed(2)}x native speed (wall)`);
console.log(`  model ${(r.size_bytes / 1e6).toFixed(2)} MB, ${r.num_features} features; wasm and native bytes identical: ${same}`);

const texts = examples.map((e) => e.text);
const n = 50000;
t0 = performance.now();
let sink = 0;
for (let i = 0; i < n; i++) sink += earshot.predict(r, texts[i % texts.length]).confidence;
const perText = (performance.now() - t0) / n;
t0 = performance.now();
const batch = 2000;
for (let i = 0; i < n; i += batch) sink += earshot.predictMany(r, texts.slice(i % texts.length, (i % texts.length) + batch)).length;
const perTextBatch = (performance.now() - t0) / n;
console.log(`  wasm predict: ${Math.round(1000 / perText)} texts/s one by one, ${Math.round(1000 / perTextBatch)} texts/s batched ` +
            `(incl. JSON of all ${r.labels.length} probabilities)`);
fs.rmSync(tmp, { recursive: true, force: true });
if (sink === 42) console.log('');
