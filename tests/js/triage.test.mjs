// Triage in the wasm build matches the native CLI exactly, and the VADER port matches the npm package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { runNative, loadWasm, sourceDir } from './lib/native.mjs';

const require = createRequire(import.meta.url);

function devTestSplit() {
  // The development set's held-out split (built at build time into build/release/devset/); fall back to the small
  // committed sample when it is not there.
  const built = path.join(sourceDir, 'build/release/devset/test.ndjson');
  if (fs.existsSync(built)) return built;
  return path.join(sourceDir, 'tests/data/triage_mentions.ndjson');
}

test('wasm and native give identical triage JSON on the development test split', async () => {
  const earshot = await loadWasm();
  const file = devTestSplit();
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0);
  const native = runNative(['classify', file]).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(native.length, lines.length);
  let same = 0;
  lines.forEach((line, i) => {
    const wasm = earshot.classify(line);
    assert.deepEqual(wasm, native[i].triage, `line ${i + 1}: ${line}`);
    same++;
  });
  assert.ok(same >= 20);
});

test('wasm classify rejects bad mentions with the wire message', async () => {
  const earshot = await loadWasm();
  assert.throws(() => earshot.classify({ id: 'x' }), /text: required string is missing/);
  assert.throws(() => earshot.classify({ text: 5 }), /text: must be a string/);
  assert.throws(() => earshot.classify('{nope'), /not valid JSON/);
  const t = earshot.classify({ text: 'my order is late', author: { followers: 5 } }, { prior_contacts: 2 });
  assert.ok(t.signals.includes('repeat_contact'));
});

test('loadPlaybook switches playbooks and reports errors without changing the one in force', async () => {
  const earshot = await loadWasm();
  assert.deepEqual(earshot.useBuiltinPlaybook('airline'), []);
  assert.equal(earshot.classify({ text: 'my bag has been missing for 3 days' }).category.id, 'baggage');
  const errors = earshot.loadPlaybook({ brand: { name: 'X' }, teams: [], categories: [{ id: 'a', keywords: ['x'], team: 'ghost' }] });
  assert.ok(errors.some((e) => e.includes("unknown team 'ghost'")), JSON.stringify(errors));
  assert.equal(earshot.playbook.id, 'airline');
  const custom = {
    id: 'shop', brand: { name: 'Shop' },
    teams: [{ id: 'desk', escalation: [{ stage: 'front line', involves: 'support' }] }],
    categories: [{ id: 'sizing', label: 'Sizing', keywords: ['too small', 'too big', 'size'], team: 'desk' }],
  };
  assert.deepEqual(earshot.loadPlaybook(custom), []);
  const t = earshot.classify({ text: 'these shoes are too small' });
  assert.equal(t.category.id, 'sizing');
  assert.equal(t.team, 'desk');
  assert.deepEqual(earshot.useBuiltinPlaybook('default'), []);
});

test('the VADER port gives the npm package compound (within 1e-3) on thousands of texts', async () => {
  const earshot = await loadWasm();
  const vader = require(path.join(sourceDir, 'node_modules/vader-sentiment'));
  const texts = [];
  const goemo = path.join(process.env.EARSHOT_DATA_DIR || '', 'goemotions/sentiment3_test.tsv');
  if (fs.existsSync(goemo)) {
    for (const line of fs.readFileSync(goemo, 'utf8').split('\n').slice(1)) {
      const text = line.split('\t')[0];
      if (text) texts.push(text);
    }
  }
  for (const line of fs.readFileSync(path.join(sourceDir, 'tests/data/tokenizer_cases.txt'), 'utf8').split('\n')) if (line) texts.push(line);
  for (const line of fs.readFileSync(path.join(sourceDir, 'tests/data/triage_mentions.ndjson'), 'utf8').split('\n')) if (line) texts.push(JSON.parse(line).text);
  // Rule coverage: negation, boosters, caps, but, least, idioms, punctuation.
  texts.push('The book was not very good', 'I did NOT like it but the ending was GREAT!!!', 'at least it is not the worst',
    'the least happy customer', 'kind of bad', 'sort of good i guess', 'never so good', 'yeah right, fantastic service',
    'this is the shit', 'that cut the mustard', 'not bad at all', 'SO GOOD :) :(', 'uh-uh, no way', 'is it good??? really???',
    "isn't it lovely?", 'without doubt the best', 'hardly helpful', 'EXTREMELY bad service', 'good, but bad');
  assert.ok(texts.length >= 1000, `only ${texts.length} texts`);
  let worst = 0, worstText = '';
  for (const t of texts) {
    const expected = vader.SentimentIntensityAnalyzer.polarity_scores(t).compound;
    const got = earshot.vaderCompound(t);
    const d = Math.abs(expected - got);
    if (d > worst) { worst = d; worstText = t; }
  }
  assert.ok(worst <= 1e-3, `max difference ${worst} on: ${worstText}`);
});
