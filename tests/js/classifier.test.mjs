// The wasm build trains byte-identical classifier models to the native CLI and predicts identically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNative, loadWasm } from './lib/native.mjs';

/** Minimal RFC 4180 reader for the test data. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
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

/** A slice of Banking77 when the shared data is there (every 4th row), else a small built-in set. */
function examples() {
  const file = path.join(process.env.EARSHOT_DATA_DIR || '', 'banking77/train.csv');
  if (process.env.EARSHOT_DATA_DIR && fs.existsSync(file)) {
    const rows = parseCsv(fs.readFileSync(file, 'utf8')).slice(1);
    return { source: 'banking77', data: rows.filter((_, i) => i % 4 === 0).map(([text, label]) => ({ text, label })) };
  }
  const data = [];
  const topics = {
    delivery: ['my parcel has not arrived', 'package stuck in transit', 'courier lost my order', 'where is my delivery'],
    billing: ['charged twice for my order', 'refund never came', 'wrong amount on the invoice', 'double charge on card'],
    praise: ['thank you, great service', 'love the app 😍', 'awesome support team', 'very happy, thanks @shop'],
  };
  for (const [label, texts] of Object.entries(topics))
    for (let i = 0; i < 5; i++) for (const t of texts) data.push({ text: `${t} ${i ? '#' + i : ''}`.trim(), label });
  return { source: 'built-in', data };
}

const { source, data } = examples();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-classifier-'));
const ndjson = path.join(tmp, 'train.ndjson');
fs.writeFileSync(ndjson, data.map((e) => JSON.stringify(e)).join('\n') + '\n');
const probes = [
  'I am still waiting on my card?', 'why was I charged a fee', 'WHERE IS MY PARCEL!!! 😡 @shop https://t.co/x',
  '', 'thanks so much', 'ünïcödé téxt ✨', ...data.slice(0, 40).map((e) => e.text),
];

test(`wasm training gives the same model bytes as native (${source}, ${data.length} examples)`, async () => {
  const earshot = await loadWasm();
  const model = path.join(tmp, 'native.escl');
  runNative(['train', '-q', '--seed', '5', '--epochs', '6', ndjson, '-o', model]);
  const epochs = [];
  const r = earshot.train(data, { seed: 5, epochs: 6, onProgress: (e, total, loss) => epochs.push([e, total, loss]) });
  assert.equal(r.examples, data.length);
  assert.equal(epochs.length, 6);
  assert.ok(epochs.every(([e, total, loss], i) => e === i + 1 && total === 6 && Number.isFinite(loss)));
  assert.equal(r.model, fs.readFileSync(model).toString('base64'), 'model bytes differ between wasm and native');
  assert.equal(r.size_bytes, fs.statSync(model).size);

  // predictions (with explanations) agree exactly with `earshot predict`
  const native = runNative(['predict', '-m', model, '--explain', '3'], probes.join('\n') + '\n')
    .trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(native.length, probes.length);
  probes.forEach((text, i) => {
    const { text: _t, ...want } = native[i];
    assert.deepEqual(earshot.predict(r.handle, text, 3), want, `probe ${i}: ${text}`);
  });
  assert.deepEqual(earshot.predictMany(r, probes.slice(0, 5)), native.slice(0, 5).map(({ text, explanation, ...p }) => p));

  // a model loaded from bytes behaves the same as the freshly trained one
  const loaded = earshot.loadClassifier(fs.readFileSync(model));
  assert.deepEqual(loaded.labels, r.labels);
  for (const t of probes.slice(0, 10)) assert.deepEqual(earshot.predict(loaded, t), earshot.predict(r, t));
  assert.equal(earshot.freeClassifier(loaded), true);
  assert.throws(() => earshot.predict(loaded, 'x'), /no classifier/);
});

test('wasm cross-validation reports accuracy and macro-F1', async () => {
  const earshot = await loadWasm();
  const small = data.slice(0, Math.min(data.length, 600));
  const r = earshot.train(small, { epochs: 4, cv: 3 });
  assert.ok(r.cv.accuracy > 0 && r.cv.accuracy <= 1);
  assert.ok(r.cv.macro_f1 > 0 && r.cv.macro_f1 <= 1);
  assert.equal(r.cv.fold_accuracy.length, 3);
  assert.equal(r.cv.examples, small.length);
});

test('wasm training and loading reject bad input with clear errors', async () => {
  const earshot = await loadWasm();
  assert.throws(() => earshot.train([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }]), /two distinct labels/);
  assert.throws(() => earshot.train([{ text: 1, label: 'x' }]), /needs a string "text"/);
  assert.throws(() => earshot.train(data.slice(0, 10), { epoch: 3 }), /unknown training option "epoch"/);
  assert.throws(() => earshot.loadClassifier('bm90IGEgbW9kZWw='), /bad magic/);
  assert.throws(() => earshot.loadClassifier('***'), /base64/);
});
