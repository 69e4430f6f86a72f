// Ingest -> durable 202 -> live push to every connected agent; filters; PATCH and replies emit events; stats.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { const r = await server.stop(); assert.equal(r.code, 0, `server exit: ${r.stderr}`); });

test('a POSTed batch is acknowledged with ids and pushed to every live client in seq order', async () => {
  const a = liveClient(server, { agent: 'ann' });
  const b = liveClient(server, { agent: 'bob' });
  await a.waitFor((m) => m.type === 'snapshot');
  await b.waitFor((m) => m.type === 'snapshot');
  assert.equal(a.welcome.agent, 'ann');
  const batch = mentions(20, 'live');
  const res = await api(server, 'POST', '/api/mentions', { body: batch });
  assert.equal(res.status, 202);
  assert.equal(res.body.accepted, 20);
  assert.deepEqual(res.body.ids, batch.map((m) => m.id));
  for (const c of [a, b]) {
    await c.waitForEvents(20);
    const created = c.events.filter((e) => e.event === 'mention.created');
    assert.deepEqual(created.map((e) => e.data.id), batch.map((m) => m.id));
    const seqs = c.events.map((e) => e.seq);
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, 'seq increases by 1');
    const first = created[0].data;
    assert.equal(first.text, batch[0].text);
    assert.equal(first.status, 'open');
    assert.equal(first.seq, created[0].seq);
    assert.ok('triage' in first && 'received_at' in first);
    assert.ok(!('drafts' in first), 'mention.created leaves the drafts out (fetched with GET /api/mentions/{id})');
    // triaged by the real core
    assert.equal(typeof first.triage.category.id, 'string');
    assert.ok(['negative', 'neutral', 'positive'].includes(first.triage.sentiment.label));
    assert.equal(typeof first.triage.urgency.score, 'number');
    const caps = created.find((e) => e.data.text.startsWith('WORST')).data;
    assert.equal(caps.triage.sentiment.label, 'negative');
    assert.ok(caps.triage.signals.includes('all_caps'));
  }
  // the drafts are stored with the record
  const caps = batch.find((m) => m.text.startsWith('WORST'));
  const full = await api(server, 'GET', `/api/mentions/${caps.id}`);
  assert.equal(full.status, 200);
  assert.ok(full.body.drafts.length >= 1, 'drafted by the core');
  assert.equal(typeof full.body.drafts[0].public, 'string');
  assert.equal(full.body.seq, a.events.find((e) => e.data.id === caps.id).seq);
  await a.close();
  await b.close();
});

test('NDJSON ingest, duplicates are not stored twice, and GET by id returns the record', async () => {
  const batch = mentions(3, 'nd');
  const body = batch.map((m) => JSON.stringify(m)).join('\n') + '\n';
  let res = await api(server, 'POST', '/api/mentions', { raw: body, headers: { 'content-type': 'application/x-ndjson' } });
  assert.equal(res.status, 202);
  assert.equal(res.body.accepted, 3);
  res = await api(server, 'POST', '/api/mentions', { body: batch[0] });
  assert.equal(res.status, 202);
  assert.equal(res.body.accepted, 0);
  assert.deepEqual(res.body.duplicates, ['nd-0']);
  res = await api(server, 'GET', '/api/mentions/nd-1');
  assert.equal(res.status, 200);
  assert.equal(res.body.text, batch[1].text);
  res = await api(server, 'GET', '/api/mentions/nope');
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, 'not_found');
});

test('list filters by status, assignee, text and since, with paging', async () => {
  await api(server, 'POST', '/api/mentions', { body: mentions(12, 'flt') });
  let res = await api(server, 'PATCH', '/api/mentions/flt-3', { body: { status: 'pending', assignee: 'sam' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'pending');
  assert.equal(res.body.assignee, 'sam');
  res = await api(server, 'GET', '/api/mentions?status=pending');
  assert.deepEqual(res.body.mentions.map((m) => m.id), ['flt-3']);
  res = await api(server, 'GET', '/api/mentions?assignee=sam');
  assert.deepEqual(res.body.mentions.map((m) => m.id), ['flt-3']);
  res = await api(server, 'GET', '/api/mentions?q=' + encodeURIComponent('ORDER 1006'));
  assert.ok(res.body.mentions.some((m) => m.id === 'flt-6'));
  assert.ok(res.body.mentions.every((m) => m.text.toLowerCase().includes('order 1006')));
  const seqAfter = res.body.mentions[0].seq;
  res = await api(server, 'GET', `/api/mentions?since=${seqAfter - 1}`);
  assert.ok(res.body.mentions.every((m) => m.seq > seqAfter - 1));
  // paging: 5 per page until the end, no repeats
  const seen = new Set();
  let cursor = null;
  let pages = 0;
  do {
    res = await api(server, 'GET', '/api/mentions?limit=5' + (cursor ? `&cursor=${cursor}` : ''));
    assert.equal(res.status, 200);
    for (const m of res.body.mentions) { assert.ok(!seen.has(m.id), `no repeat ${m.id}`); seen.add(m.id); }
    cursor = res.body.next_cursor;
    pages++;
  } while (cursor && pages < 50);
  assert.equal(seen.size, res.body.total);
  res = await api(server, 'GET', '/api/mentions?limit=0');
  assert.equal(res.status, 400);
  res = await api(server, 'GET', '/api/mentions?colour=red');
  assert.equal(res.status, 400);
});

test('status changes follow open -> pending -> resolved; notes and replies are stored and pushed', async () => {
  await api(server, 'POST', '/api/mentions', { body: { id: 'flow-1', text: 'where is my refund?? order 55', author: { handle: '@kim' } } });
  const c = liveClient(server);
  await c.waitFor((m) => m.type === 'snapshot');
  let res = await api(server, 'PATCH', '/api/mentions/flow-1', { body: { note: 'checked with billing' } });
  assert.equal(res.status, 200);
  assert.equal(res.body.notes[0].text, 'checked with billing');
  assert.equal(res.body.notes[0].agent, 'sam');
  res = await api(server, 'POST', '/api/mentions/flow-1/replies', { body: { text: 'Hi Kim, so sorry about this. We will refund you within 3 days. ^SAM' } });
  assert.equal(res.status, 201);
  assert.equal(res.body.mention.replies.length, 1);
  assert.equal(typeof res.body.reply.lint.score, 'number', 'linted by the core');
  assert.ok(Array.isArray(res.body.reply.lint.findings));
  assert.equal(res.body.reply.commitments[0].kind, 'refund', 'commitment extracted');
  assert.ok(res.body.reply.commitments[0].due_at, 'with a due time');
  assert.equal(res.body.mention.commitments.length, 1);
  res = await api(server, 'PATCH', '/api/mentions/flow-1', { body: { status: 'resolved' } });
  assert.equal(res.body.status, 'resolved');
  res = await api(server, 'PATCH', '/api/mentions/flow-1', { body: { status: 'pending' } });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.code, 'conflict');
  res = await api(server, 'PATCH', '/api/mentions/flow-1', { body: { status: 'done' } });
  assert.equal(res.status, 400);
  res = await api(server, 'PATCH', '/api/mentions/nope', { body: { status: 'open' } });
  assert.equal(res.status, 404);
  await c.waitFor((m) => m.event === 'mention.updated' && m.data.status === 'resolved');
  const names = c.events.map((e) => e.event);
  assert.deepEqual(names, ['mention.updated', 'reply.sent', 'mention.updated', 'mention.updated']);
  assert.deepEqual(c.events.find((e) => e.event === 'reply.sent').data.mention_id, 'flow-1');
  await c.close();
});

test('presence is broadcast to other agents and listed on welcome', async () => {
  const a = liveClient(server, { agent: 'ann' });
  await a.waitFor((m) => m.type === 'snapshot');
  a.send({ type: 'presence', mention_id: 'flow-1', state: 'drafting' });
  const b = liveClient(server, { agent: 'bob' });
  await b.waitFor((m) => m.type === 'welcome');
  const seen = b.welcome.presence.some((p) => p.agent === 'ann' && p.mention_id === 'flow-1' && p.state === 'drafting')
    ? true
    : await b.waitFor((m) => m.event === 'presence' && m.data.agent === 'ann');
  assert.ok(seen);
  a.send({ type: 'presence', mention_id: 'flow-1', state: 'viewing' });
  const p = await b.waitFor((m) => m.event === 'presence' && m.data.state === 'viewing');
  assert.equal(p.ephemeral, true);
  assert.equal(p.data.mention_id, 'flow-1');
  await a.close();
  await b.waitFor((m) => m.event === 'presence' && m.data.agent === 'ann' && m.data.state === 'idle');
  await b.close();
});

test('stats count what is stored; healthz and metrics answer', async () => {
  const res = await api(server, 'GET', '/api/stats');
  assert.equal(res.status, 200);
  const list = await api(server, 'GET', '/api/mentions?limit=1');
  assert.equal(res.body.total, list.body.total);
  assert.ok(res.body.total >= 36);
  const h = await api(server, 'GET', '/healthz', { token: null });
  assert.equal(h.body.ok, true);
  const m = await fetch(server.url + '/metrics').then((r) => r.text());
  assert.match(m, /^earshot_ingest_total \d+$/m);
  assert.match(m, /earshot_ingest_seconds_bucket\{le="0.005"\} \d+/);
});
