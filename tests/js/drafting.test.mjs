// The wasm build drafts, lints, redacts and extracts commitments exactly as the native CLI does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNative, loadWasm, sourceDir } from './lib/native.mjs';

function devMentions(limit) {
  const built = path.join(sourceDir, 'build/release/devset/test.ndjson');
  const file = fs.existsSync(built) ? built : path.join(sourceDir, 'tests/data/triage_mentions.ndjson');
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().length > 0).slice(0, limit);
}

const extra = [
  { id: 'pii-1', platform: 'x', author: { handle: '@jo', name: 'Jo Lee' }, text: 'my card 4111 1111 1111 1111 was charged twice, mail me at jo@example.com' },
  { id: 'caps-1', platform: 'x', author: { handle: '@mad' }, text: 'WORST SERVICE EVER!!! order #A12345 still not here 😡' },
  { id: 'rev-1', platform: 'review', author: { name: 'M. Smith' }, text: 'Third time I contact them about my broken washer. My lawyer will hear about this.' },
  { id: 'q-1', platform: 'facebook', author: { name: 'Ann Lee' }, text: 'how do I change the billing address on my account?' },
  { id: 'p-1', platform: 'instagram', author: { handle: '@bob' }, text: 'Loving the new Acme app, checkout is so fast now 😍' },
];

test('wasm and native give identical drafts (and triage) on development mentions', async () => {
  const earshot = await loadWasm();
  const lines = devMentions(400).concat(extra.map((m) => JSON.stringify(m)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-draft-'));
  const file = path.join(tmp, 'in.ndjson');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const native = runNative(['draft', file]).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(native.length, lines.length);
  let withDrafts = 0;
  lines.forEach((line, i) => {
    const w = earshot.draft(line);
    assert.deepEqual(w.triage, native[i].triage, `triage, line ${i + 1}: ${line}`);
    assert.deepEqual(w.drafts, native[i].drafts, `drafts, line ${i + 1}: ${line}`);
    if (w.drafts.length) withDrafts++;
  });
  assert.ok(withDrafts > lines.length / 2);
  fs.rmSync(tmp, { recursive: true });
});

test('wasm and native lint identically, with byte spans', async () => {
  const earshot = await loadWasm();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-lint-'));
  const replies = [
    'No problem! We apologize for any inconvenience 😊 Please DM us. We will look into it ASAP.',
    "Hi Jo, I'm really sorry about the charge, that's frustrating. Our Billing and payments team will check it within 2 hours. ^JL",
    'Your card 4111 1111 1111 1111 is blocked, you should have called. Here is a 20% discount!!',
    '',
  ];
  for (const m of extra) {
    const mf = path.join(tmp, 'm.json');
    fs.writeFileSync(mf, JSON.stringify(m));
    for (const reply of replies) {
      const native = JSON.parse(runNative(['lint', '--json', '--mention', mf, reply]));
      assert.deepEqual(earshot.lint(reply, m), native, `${m.id}: ${reply}`);
    }
  }
  const r = earshot.lint('No problem 😊 — no problem', extra[0]);
  const f = r.findings.filter((x) => x.rule === 'no_problem');
  assert.equal(f.length, 2);
  const text = 'No problem 😊 — no problem';
  const [s, e] = earshot.constructor.utf8Span(text, f[1].begin, f[1].end);
  assert.equal(text.slice(s, e), 'no problem');
  fs.rmSync(tmp, { recursive: true });
});

test('wasm and native find the same personal data', async () => {
  const earshot = await loadWasm();
  const texts = [
    'my card 4111 1111 1111 1111, email Jane.Doe@Example.co.uk, call +44 (0)20 7946 0958',
    'order #A1234567 and order number 98765432, acct 12345678, booking ref QXKZPL',
    'I live at 221B Baker Street, London NW1 6XE — ssn 123-45-6789, iban GB82 WEST 1234 5698 7654 32',
    'nothing personal here, flight UA 1234 at 10:30 on 2026-11-24 for $45',
  ];
  const native = runNative(['redact'], texts.join('\n') + '\n').trim().split('\n').map((l) => JSON.parse(l));
  texts.forEach((t, i) => assert.deepEqual(earshot.detectPII(t), native[i], t));
  assert.equal(earshot.redact('card 4111 1111 1111 1111'), 'card [card number]');
  assert.deepEqual(earshot.detectPII(texts[3]).spans, []);
});

test('wasm and native extract the same commitments', async () => {
  const earshot = await loadWasm();
  const reply = "Sorry! We'll call you within 24 hours. A refund will reach you by Friday. I'll check back tomorrow by 10am.";
  const native = JSON.parse(runNative(['commitments', '--sent-at', '2026-11-24T18:40:00Z', reply]));
  const wasm = earshot.commitments(reply, Date.parse('2026-11-24T18:40:00Z'));
  assert.deepEqual(wasm, native);
  assert.equal(wasm.length, 3);
  assert.equal(wasm[0].due_at, '2026-11-25T18:40:00Z');
});

test('wasm drafting reports bad input clearly', async () => {
  const earshot = await loadWasm();
  assert.throws(() => earshot.draft({ id: 'x' }), /earshot.draft: text: required string is missing/);
  assert.throws(() => earshot.draft('{nope'), /not valid JSON/);
  assert.throws(() => earshot.lint('hi', '{nope'), /earshot.lint: mention: not valid JSON/);
  assert.throws(() => earshot.commitments('x', 'soon'), /sentAt/);
});
