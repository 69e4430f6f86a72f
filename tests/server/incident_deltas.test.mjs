// incident.updated for new mentions is a delta (docs/protocol.md): the incident without its long arrays, plus the
// mention ids that joined and the volume buckets that changed since the previous event, at most one per incident per
// second. Merging the opening event with every delta gives exactly the incident GET /api/incidents/{id} returns.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) { const r = await server.stop(); assert.equal(r.code, 0, `server exit: ${r.stderr}`); } });

const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const iso = (min) => new Date(t0 + min * 60000).toISOString().replace('.000Z', 'Z');
const background = () => Array.from({ length: 240 }, (_, m) => ({
  id: `bg-${m}`, platform: 'x', author: { handle: `@bg${m}` }, created_at: iso(m),
  text: `${['my parcel is late again', 'wrong amount on my bill this month', 'the app is slow today', 'love the new update, thanks'][m % 4]} (${m})`,
}));
const complaint = (k, min) => ({
  id: `dl-${k}`, platform: 'x', author: { handle: `@pax${k}` }, created_at: iso(min),
  text: 'flight DL88 cancelled and no rebooking offered',
});

function merge(inc, data) {
  if (!data.delta) return structuredClone(data);
  const out = { ...data, mention_ids: [...inc.mention_ids, ...data.mention_ids_added], volume: [...inc.volume] };
  for (const p of data.volume_changed) {
    const i = out.volume.findIndex((v) => v.at_ms >= p.at_ms);
    if (i >= 0 && out.volume[i].at_ms === p.at_ms) out.volume[i] = p;
    else if (i >= 0) out.volume.splice(i, 0, p);
    else out.volume.push(p);
  }
  for (const k of ['delta', 'mention_ids_added', 'volume_changed']) delete out[k];
  return out;
}

test('mentions joining an open incident arrive as deltas that merge into the full incident', async () => {
  const live = liveClient(server, { agent: 'ann' });
  await live.waitFor((m) => m.type === 'snapshot');
  assert.equal((await api(server, 'POST', '/api/mentions', { body: background() })).status, 202);
  assert.equal((await api(server, 'POST', '/api/mentions', { body: [0, 1, 2, 3, 4, 5].map((k) => complaint(k, 241 + 2 * k)) })).status, 202);
  const opened = await live.waitFor((m) => m.type === 'event' && m.event === 'incident.opened', 'incident.opened');
  let inc = merge(null, opened.data);
  assert.ok(Array.isArray(inc.mention_ids) && Array.isArray(inc.volume) && Array.isArray(inc.affected), 'the opening event is full');

  // three more passengers, one POST each (each POST is its own commit)
  const later = [6, 7, 8].map((k) => complaint(k, 241 + 2 * k));
  for (const m of later) assert.equal((await api(server, 'POST', '/api/mentions', { body: m })).status, 202);
  const seen = new Set();
  let deltas = 0;
  while (inc.mention_ids.length < 9) {
    const ev = await live.waitFor((m) => m.type === 'event' && m.event === 'incident.updated' && m.data.id === opened.data.id && !seen.has(m.seq), 'incident.updated');
    seen.add(ev.seq);
    assert.equal(ev.data.change, 'mentions');
    assert.equal(ev.data.delta, true);
    assert.ok(!('affected' in ev.data) && !('mention_ids' in ev.data) && !('volume' in ev.data), 'a delta leaves the long arrays out');
    deltas++;
    inc = merge(inc, ev.data);
  }
  assert.ok(deltas >= 1 && deltas <= 3);
  const full = (await api(server, 'GET', `/api/incidents/${opened.data.id}`)).body;
  assert.deepEqual(inc.mention_ids, full.mention_ids, 'no id lost or repeated');
  assert.deepEqual(inc.volume, full.volume);
  assert.equal(inc.mentions, full.mentions);
  assert.equal(inc.last_seen, full.last_seen);
  assert.equal(inc.outreach.affected, 9);

  // a client that resumes from before the opening event replays the same events and merges to the same incident
  const replay = liveClient(server, { since: opened.seq - 1 });
  let again = null;
  for (const seq of [opened.seq, ...[...seen].sort((a, b) => a - b)]) {
    const ev = await replay.waitFor((m) => m.type === 'event' && m.seq === seq, `replayed ${seq}`);
    again = merge(again, ev.data);
  }
  assert.deepEqual(again.mention_ids, full.mention_ids);
  await replay.close();
  await live.close();
});
