// The wasm build tokenises exactly as the native build does on the same inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runNative, loadWasm, sourceDir } from './lib/native.mjs';

const casesFile = path.join(sourceDir, 'tests/data/tokenizer_cases.txt');
const lines = fs.readFileSync(casesFile, 'utf8').split('\n').filter((l) => l.length > 0);

test('wasm and native tokenisers agree on every case', async () => {
  const earshot = await loadWasm();
  const native = runNative(['tokenize', '--file', casesFile]).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(native.length, lines.length);
  lines.forEach((line, i) => {
    assert.deepEqual(earshot.tokenize(line), native[i], `case ${i + 1}: ${line}`);
  });
});

test('wasm tokeniser keeps handles, emoji and caps stats', async () => {
  const earshot = await loadWasm();
  const r = earshot.tokenize('WORST. SERVICE. EVER!!! 😡 @AcmeBank');
  assert.equal(r.stats.caps_words, 3);
  assert.equal(r.stats.shouting, true);
  assert.deepEqual(r.tokens.filter((t) => t.kind === 'handle').map((t) => t.text), ['@AcmeBank']);
  assert.deepEqual(r.tokens.filter((t) => t.kind === 'emoji').map((t) => t.text), ['😡']);
});

test('wasm tokeniser survives a 1 MB input', async () => {
  const earshot = await loadWasm();
  const big = 'WHY is my ORDER #123 still missing?!?! 😡 '.repeat(25000);
  const r = earshot.tokenize(big);
  assert.ok(r.tokens.length > 200000);
});

test('version matches the native CLI', async () => {
  const earshot = await loadWasm();
  assert.equal(`earshot ${earshot.version}`, runNative(['--version']).trim());
});
