// Insights in WebAssembly give the same report and incidents as the native CLI on the same stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNative, loadWasm } from './lib/native.mjs';

// Four hours of steady background, then six customers about one flight within ten minutes; brand replies.
function stream() {
  const lines = [];
  const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
  const iso = (min) => new Date(t0 + min * 60000).toISOString().replace('.000Z', 'Z');
  const cats = [['delivery', 'logistics', 'my parcel is late again'], ['billing', 'billing', 'wrong amount on my bill'],
                ['app', 'product', 'the app is slow today'], ['service', 'support', 'kept on hold for ages'],
                ['booking', 'sales', 'my seat was changed']];
  const emit = (id, minute, handle, text, cat, team, ents = [], tier = 'easy', platform = 'x') => lines.push(JSON.stringify({
    id, platform, author: { handle }, text, created_at: iso(minute),
    triage: { category: { id: cat, label: cat[0].toUpperCase() + cat.slice(1) }, team, sentiment: { label: 'negative' },
              complaint: true, urgency: { score: 40 }, tier, respond_within_minutes: 60,
              entities: ents.map(([type, value]) => ({ type, value, text: value })) } }));
  for (let m = 0; m < 240; m++) { const c = cats[m % 5]; emit('bg' + m, m, '@bg' + m, c[2] + ' #' + m, c[0], c[1]); }
  for (let k = 0; k < 6; k++)
    emit('ua' + k, 241 + k * 2, '@pax' + k, 'flight UA1234 cancelled and no rebooking offered', 'delays', 'operations',
         [['flight_number', 'UA1234']], 'hard', k % 2 ? 'facebook' : 'x');
  for (let k = 0; k < 6; k += 2)
    lines.push(JSON.stringify({ id: 'r' + k, platform: 'x', author: { handle: '@acme' }, text: 'So sorry ^AG',
                                in_reply_to: 'ua' + k, created_at: iso(250 + k) }));
  return lines.join('\n') + '\n';
}

test('wasm insightsReport equals the native report --json', async () => {
  const earshot = await loadWasm();
  const ndjson = stream();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-insights-'));
  const input = path.join(dir, 'in.ndjson');
  const out = path.join(dir, 'r.json');
  fs.writeFileSync(input, ndjson);
  runNative(['report', input, '--brand-handle', '@acme', '--json', out]);
  const native = JSON.parse(fs.readFileSync(out, 'utf8'));
  const wasm = earshot.insightsReport(ndjson, { brandHandles: ['@acme'] });
  assert.deepEqual(wasm, native);
  const inc = wasm.incidents.find((i) => i.title.includes('UA1234'));
  assert.ok(inc, JSON.stringify(wasm.incidents.map((i) => i.title)));
  assert.equal(inc.category, 'delays');
  assert.ok(inc.first_seen <= inc.opened_at);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a live session opens, acknowledges and fixes an incident with lint-ready outreach', async () => {
  const earshot = await loadWasm();
  const s = earshot.insightsSession();
  let opened = [];
  for (const line of stream().trim().split('\n')) {
    const m = JSON.parse(line);
    if (m.in_reply_to) continue;
    opened = opened.concat(s.observe(m).opened);
  }
  assert.equal(opened.length, 1);
  const id = opened[0];
  assert.equal(s.acknowledge(id, '2026-11-24T13:00:00Z').status, 'acknowledged');
  const plan = s.fix(id, 'We rebooked every passenger on the 18:05 departure', { at: '2026-11-24T14:00:00Z', brand: 'Acme' });
  assert.equal(plan.drafts.length, 6);
  for (const d of plan.drafts) {
    assert.ok(d.text.startsWith(d.author + ' '), d.text);
    assert.ok(d.text.includes('UA1234'), d.text);
    assert.ok([...d.text].length <= d.max_chars);
  }
  assert.ok(!plan.status_post.text.includes('@'));
  assert.equal(s.incidents()[0].status, 'fixed');
  assert.throws(() => s.fix('INC-9999', 'x'), /unknown incident/);
  assert.throws(() => s.observe({ id: 'bg1', text: 'dup', created_at: '2026-11-24T13:00:00Z' }), /already observed/);
  s.free();
});
