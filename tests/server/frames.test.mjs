// Events committed together are coalesced into one WebSocket frame holding a JSON array (docs/protocol.md,
// "Batching"), in seq order, each exactly once; a client that resumes from a seq inside such a frame receives
// exactly the rest. mention.created events are light (no drafts); the stored record has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions } from './lib/server.mjs';

function assertContiguous(events, from) {
  events.forEach((e, i) => assert.equal(e.seq, from + i, `event ${i} has seq ${e.seq}, expected ${from + i}`));
}

test('a committed batch arrives as array frames in seq order; resume from inside a frame gets exactly the rest', async () => {
  const server = await startServer();
  try {
    const c1 = liveClient(server);
    await c1.waitFor((m) => m.type === 'snapshot');
    const start = c1.lastSeq();
    const batch = mentions(60, 'fr');
    const res = await api(server, 'POST', '/api/mentions', { body: batch });
    assert.equal(res.status, 202);
    assert.equal(res.body.accepted, 60);
    await c1.waitFor(() => c1.events.some((e) => e.seq === res.body.seq));
    const created = c1.events.filter((e) => e.event === 'mention.created');
    assert.deepEqual(created.map((e) => e.data.id), batch.map((m) => m.id), 'every mention once, in order');
    assertContiguous(c1.events, start + 1);
    // one commit, one delivery: the events share array frames (at most 512 messages or 1 MiB per frame)
    const eventFrames = c1.frames.filter((f) => f.messages.some((m) => m.type === 'event' && !m.ephemeral));
    assert.ok(eventFrames.length < 60 && eventFrames.some((f) => f.array && f.messages.length > 1),
      `expected coalesced frames, got ${eventFrames.map((f) => f.messages.length).join(',')}`);
    for (const f of eventFrames) {
      const seqs = f.messages.filter((m) => m.type === 'event' && !m.ephemeral).map((m) => m.seq);
      seqs.forEach((s, i) => i && assert.equal(s, seqs[i - 1] + 1, 'seqs inside a frame are contiguous'));
    }
    // light events: no drafts on mention.created, the record has them
    assert.ok(created.every((e) => !('drafts' in e.data) && e.data.triage && e.data.seq === e.seq));
    const full = await api(server, 'GET', `/api/mentions/${batch[1].id}`);
    assert.ok(Array.isArray(full.body.drafts) && full.body.drafts.length >= 1);
    assert.equal(full.body.seq, created[1].seq);
    await c1.close();

    // resume from a seq in the middle of that frame
    const mid = created[25].seq;
    const c2 = liveClient(server, { since: mid });
    await c2.waitFor(() => c2.events.some((e) => e.seq === res.body.seq));
    assert.equal(c2.welcome.resumed, true);
    assertContiguous(c2.events, mid + 1);
    assert.equal(c2.events.length, c1.lastSeq() - mid);
    assert.deepEqual(c2.events.filter((e) => e.event === 'mention.created').map((e) => e.data.id),
      batch.slice(26).map((m) => m.id));
    // a live event after the backlog continues the sequence
    const more = await api(server, 'POST', '/api/mentions', { body: mentions(3, 'fr2') });
    await c2.waitFor(() => c2.events.some((e) => e.seq === more.body.seq));
    assertContiguous(c2.events, mid + 1);
    await c2.close();
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});

test('a client that falls behind gets several commits spliced into one array frame, in order, each once', { timeout: 60000 }, async () => {
  const server = await startServer({ args: ['--max-client-queue', String(64 << 20)] });
  try {
    const c = liveClient(server);
    await c.waitFor((m) => m.type === 'snapshot');
    const start = c.lastSeq();
    c.ws._socket.pause(); // stop reading: the socket buffers fill, then commits queue up on the server
    const pad = ' ' + 'padding '.repeat(400);
    const ids = [];
    let lastSeq = 0;
    for (let b = 0; b < 40; b++) {
      const batch = mentions(100, `lag${b}`).map((m) => ({ ...m, text: m.text + pad }));
      const res = await api(server, 'POST', '/api/mentions', { body: batch });
      assert.equal(res.status, 202);
      ids.push(...batch.map((m) => m.id));
      lastSeq = res.body.seq;
    }
    c.ws._socket.resume();
    await c.waitFor(() => c.events.some((e) => e.seq === lastSeq));
    assertContiguous(c.events, start + 1);
    assert.deepEqual(c.events.filter((e) => e.event === 'mention.created').map((e) => e.data.id), ids);
    // some frame carries mentions of more than one POST (commits were queued and spliced together)
    const spliced = c.frames.some((f) => new Set(f.messages.filter((m) => m.event === 'mention.created').map((m) => m.data.id.split('-')[0])).size > 1);
    assert.ok(spliced, `frames: ${c.frames.map((f) => f.messages.length).join(',')}`);
    await c.close();
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});
