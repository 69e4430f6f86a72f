// Incidents over REST and /live: a burst of similar complaints opens an incident (incident.opened pushed live),
// acknowledge -> public known issue (no customer data), fix with a note -> lint-clean outreach per affected customer,
// follow-ups tracked, errors, auth, and a restart keeps it all.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { if (server) { const r = await server.stop(); assert.equal(r.code, 0, `server exit: ${r.stderr}`); } });

const t0 = Date.UTC(2026, 10, 24, 8, 0, 0);
const iso = (min) => new Date(t0 + min * 60000).toISOString().replace('.000Z', 'Z');

// Four hours of mixed background traffic (one mention a minute), then six passengers about one flight in 12 minutes.
function background() {
  const texts = ['my parcel is late again', 'wrong amount on my bill this month', 'the app is slow today',
                 'kept on hold for ages on the phone', 'love the new update, thanks', 'how do I change my address?'];
  return Array.from({ length: 240 }, (_, m) => ({
    id: `bg-${m}`, platform: 'x', author: { handle: `@bg${m}` }, text: `${texts[m % texts.length]} (${m})`, created_at: iso(m),
  }));
}
const SECRET = { email: 'jane.doe@example.com', phone: '+1 415 555 0142', ref: 'QX7P2L' };
function burst() {
  return Array.from({ length: 6 }, (_, k) => ({
    id: `ua-${k}`, platform: k % 2 ? 'facebook' : 'x', author: { handle: `@pax${k}` },
    text: k === 0
      ? `flight UA1234 cancelled and no rebooking offered, booking ref ${SECRET.ref}, reach me at ${SECRET.email} or ${SECRET.phone}`
      : 'flight UA1234 cancelled and no rebooking offered',
    created_at: iso(241 + k * 2),
  }));
}

async function poll(fn, what, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let incidentId;

test('a burst of similar complaints opens an incident and pushes incident.opened over /live', async () => {
  const live = liveClient(server, { agent: 'ann' });
  await live.waitFor((m) => m.type === 'snapshot');
  let res = await api(server, 'POST', '/api/mentions', { body: background() });
  assert.equal(res.status, 202);
  res = await api(server, 'GET', '/api/incidents');
  assert.equal(res.status, 200);
  assert.equal(res.body.total, 0, 'steady traffic opens nothing: ' + JSON.stringify(res.body.incidents.map((i) => i.title)));
  res = await api(server, 'POST', '/api/mentions', { body: burst() });
  assert.equal(res.status, 202);
  const opened = await live.waitFor((m) => m.type === 'event' && m.event === 'incident.opened', 'incident.opened');
  const inc = opened.data;
  assert.match(inc.id, /^INC-\d+$/);
  assert.ok(inc.title.includes('UA1234'), inc.title);
  assert.equal(inc.status, 'open');
  assert.ok(opened.seq > res.body.seq, 'the event follows the mentions in the log');
  incidentId = inc.id;
  // all six joined (the opening event or later updates)
  res = await poll(async () => {
    const r = await api(server, 'GET', `/api/incidents/${incidentId}`);
    return r.body.mention_ids?.length === 6 ? r : null;
  }, 'six mentions in the incident');
  assert.deepEqual([...res.body.mention_ids].sort(), burst().map((m) => m.id).sort());
  assert.ok(res.body.volume.length >= 1 && res.body.volume.reduce((s, v) => s + v.count, 0) === 6);
  assert.equal(res.body.outreach.affected, 6);
  assert.equal(res.body.outreach.drafted, false);
  res = await api(server, 'GET', '/api/incidents?status=open');
  assert.deepEqual(res.body.incidents.map((i) => i.id), [incidentId]);
  assert.ok(!('mention_ids' in res.body.incidents[0]), 'the list is the summary form');
  res = await api(server, 'GET', '/api/incidents?status=fixed');
  assert.equal(res.body.total, 0);
  // a dashboard opened now (no since) gets the incident in its snapshot, in the event's form, not only later changes
  const fresh = liveClient(server, { agent: 'bob' });
  const snap = await fresh.waitFor((m) => m.type === 'snapshot', 'snapshot');
  const inSnap = (snap.incidents || []).find((i) => i.id === incidentId);
  assert.ok(inSnap, 'snapshot lists the open incident: ' + JSON.stringify(snap.incidents));
  assert.equal(inSnap.status, 'open');
  assert.equal(inSnap.title, inc.title);
  assert.equal(inSnap.mention_ids.length, 6);
  assert.equal(inSnap.volume.reduce((s, v) => s + v.count, 0), 6);
  await fresh.close();
  // resume: a client that saw nothing gets the incident event replayed
  const late = liveClient(server, { since: opened.seq - 1 });
  const again = await late.waitFor((m) => m.type === 'event' && m.event === 'incident.opened', 'replayed incident.opened');
  assert.equal(again.seq, opened.seq);
  await late.close();
  await live.close();
});

test('acknowledge -> a known issue on the public feed and /live/public, without any customer data', async () => {
  assert.ok(incidentId);
  let res = await api(server, 'GET', '/api/public/known-issues', { token: null });
  assert.ok(!res.body.incidents.some((i) => i.id === incidentId), 'open incidents are not public');
  const pub = liveClient(server, { path: '/live/public' });
  const live = liveClient(server, { agent: 'ann' });
  await live.waitFor((m) => m.type === 'snapshot');
  res = await api(server, 'POST', `/api/incidents/${incidentId}/acknowledge`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.status, 'acknowledged');
  assert.ok(res.body.acknowledged_at);
  const ev = await live.waitFor((m) => m.type === 'event' && m.event === 'incident.updated' && m.data.change === 'acknowledged', 'incident.updated');
  assert.equal(ev.data.id, incidentId);
  assert.equal(ev.data.agent, 'sam');
  // again: idempotent, still acknowledged
  res = await api(server, 'POST', `/api/incidents/${incidentId}/acknowledge`);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'acknowledged');

  res = await api(server, 'GET', '/api/public/known-issues', { token: null });
  assert.equal(res.status, 200);
  const known = res.body.incidents.find((i) => i.id === incidentId);
  assert.ok(known, JSON.stringify(res.body));
  assert.equal(known.status, 'known');
  assert.ok(known.title.includes('UA1234'));
  assert.deepEqual(Object.keys(known).sort(), ['acknowledged_at', 'category', 'category_label', 'first_seen', 'fixed_at', 'id', 'status', 'title']);
  const pushed = await pub.waitFor((m) => m.type === 'known_issues' && (m.incidents || []).some((i) => i.id === incidentId), 'public push');
  for (const text of [JSON.stringify(res.body), JSON.stringify(pushed)]) {
    for (const m of burst()) {
      assert.ok(!text.includes(m.author.handle), `handle ${m.author.handle} leaked`);
      assert.ok(!text.includes(m.text), 'customer text leaked');
      assert.ok(!text.includes(m.id), 'mention id leaked');
    }
    for (const s of Object.values(SECRET)) assert.ok(!text.includes(s), `PII ${s} leaked`);
    assert.ok(!text.includes('pax'), 'no handle fragment');
  }
  await pub.close();
  await live.close();
});

test('fix with a note drafts lint-clean outreach for every affected customer; follow-ups are tracked', async () => {
  let res = await api(server, 'POST', `/api/incidents/${incidentId}/fix`, { body: {} });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'invalid_request');
  assert.match(res.body.error.message, /note/);
  res = await api(server, 'POST', `/api/incidents/${incidentId}/fix`, { body: { note: '   ' } });
  assert.equal(res.status, 400);
  res = await api(server, 'GET', `/api/incidents/${incidentId}`);
  assert.equal(res.body.status, 'acknowledged', 'a bad fix changes nothing');
  res = await api(server, 'POST', `/api/incidents/${incidentId}/outreach/ua-1/sent`);
  assert.equal(res.status, 409, 'no outreach before the fix');

  const note = 'We rebooked every passenger of UA1234 on the 18:05 departure';
  res = await api(server, 'POST', `/api/incidents/${incidentId}/fix`, { body: { note, brand: 'Acme' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.incident.status, 'fixed');
  assert.equal(res.body.incident.fix_note, note);
  const out = res.body.outreach;
  assert.equal(out.drafts.length, 6);
  assert.deepEqual(out.drafts.map((d) => d.mention_id).sort(), burst().map((m) => m.id).sort());
  for (const d of out.drafts) {
    const mention = burst().find((m) => m.id === d.mention_id);
    assert.equal(d.author, mention.author.handle);
    assert.equal(d.platform, mention.platform);
    assert.ok([...d.text].length <= d.max_chars);
    assert.ok(d.text.includes('UA1234'), d.text);
    for (const s of Object.values(SECRET)) assert.ok(!d.text.includes(s), `PII ${s} in a draft: ${d.text}`);
    const lint = await api(server, 'POST', '/api/lint', { body: { text: d.text, mention_id: d.mention_id } });
    assert.equal(lint.status, 200);
    assert.equal(lint.body.lint.passed, true, `${d.text}\n${JSON.stringify(lint.body.lint)}`);
  }
  assert.ok(out.status_post.text.length > 0);
  assert.ok(!out.status_post.text.includes('@'), out.status_post.text);
  assert.equal(out.followed_up, 0);

  res = await api(server, 'POST', `/api/incidents/${incidentId}/fix`, { body: { note: 'again' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, 'conflict');
  res = await api(server, 'POST', `/api/incidents/${incidentId}/acknowledge`);
  assert.equal(res.status, 409);

  res = await api(server, 'POST', `/api/incidents/${incidentId}/outreach/ua-1/sent`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.followed_up, 1);
  assert.equal(res.body.drafts.find((d) => d.mention_id === 'ua-1').followed_up, true);
  res = await api(server, 'POST', `/api/incidents/${incidentId}/outreach/bg-3/sent`);
  assert.equal(res.status, 404);
  res = await api(server, 'GET', `/api/incidents/${incidentId}/outreach`);
  assert.equal(res.body.followed_up, 1);
  assert.equal(res.body.customers.filter((c) => c.followed_up).map((c) => c.mention_id).join(), 'ua-1');

  res = await api(server, 'GET', '/api/public/known-issues', { token: null });
  const known = res.body.incidents.find((i) => i.id === incidentId);
  assert.equal(known.status, 'resolved');
  assert.ok(known.fixed_at);
  assert.ok(!JSON.stringify(res.body).includes('18:05'), 'the fix note is not published');
});

test('errors and auth: 404 unknown ids, bad filters, 401/403 without a valid token', async () => {
  let res = await api(server, 'GET', '/api/incidents/INC-9999');
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
  res = await api(server, 'POST', '/api/incidents/INC-9999/acknowledge');
  assert.equal(res.status, 404);
  res = await api(server, 'POST', '/api/incidents/INC-9999/fix', { body: { note: 'x' } });
  assert.equal(res.status, 404);
  res = await api(server, 'GET', '/api/incidents?status=closed');
  assert.equal(res.status, 400);
  res = await api(server, 'DELETE', `/api/incidents/${incidentId}`);
  assert.equal(res.status, 405);
  for (const [method, p, body] of [['GET', '/api/incidents'], ['GET', `/api/incidents/${incidentId}`],
    ['POST', `/api/incidents/${incidentId}/acknowledge`], ['POST', `/api/incidents/${incidentId}/fix`, { note: 'x' }],
    ['GET', `/api/incidents/${incidentId}/outreach`], ['POST', `/api/incidents/${incidentId}/outreach/ua-2/sent`]]) {
    res = await api(server, method, p, { body, token: null });
    assert.equal(res.status, 401, `${method} ${p}`);
    res = await api(server, method, p, { body, token: 'not-a-token' });
    assert.equal(res.status, 403, `${method} ${p}`);
  }
  res = await api(server, 'GET', `/api/incidents/${incidentId}/outreach`);
  assert.equal(res.body.followed_up, 1, 'rejected calls changed nothing');
});

test('a restart rebuilds the incidents with their status, fix note, outreach and follow-ups', async () => {
  const before = (await api(server, 'GET', `/api/incidents/${incidentId}`)).body;
  const r = await server.stop();
  assert.equal(r.code, 0, r.stderr);
  server = await startServer({ dataDir: server.dataDir, token: server.token });
  const res = await api(server, 'GET', `/api/incidents/${incidentId}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, before);
  const pub = await api(server, 'GET', '/api/public/known-issues', { token: null });
  assert.equal(pub.body.incidents.find((i) => i.id === incidentId).status, 'resolved');
});
