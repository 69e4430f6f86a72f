// A client that reconnects with its last seq receives exactly what it missed (no gaps, no duplicates), also
// across a server restart; a slow client is dropped without stalling others and resumes without loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions, tempDir, sleep } from './lib/server.mjs';

function assertContiguous(events, from) {
  events.forEach((e, i) => assert.equal(e.seq, from + i, `event ${i} has seq ${e.seq}, expected ${from + i}`));
}

test('resume after reconnect and after a restart: no gaps, no duplicates', async () => {
  const dataDir = tempDir();
  let server = await startServer({ dataDir });
  const token = server.token;
  try {
    const c1 = liveClient(server);
    await c1.waitFor((m) => m.type === 'snapshot');
    await api(server, 'POST', '/api/mentions', { body: mentions(10, 'r1') });
    await c1.waitForEvents(10);
    const last = c1.lastSeq();
    await c1.close();

    await api(server, 'POST', '/api/mentions', { body: mentions(7, 'r2') });
    await api(server, 'PATCH', '/api/mentions/r1-0', { body: { status: 'pending' } });

    const c2 = liveClient(server, { since: last });
    await c2.waitForEvents(8);
    assert.equal(c2.welcome.resumed, true);
    assert.equal(c2.snapshot, null, 'no snapshot on resume');
    assertContiguous(c2.events, last + 1);
    assert.deepEqual(c2.events.slice(0, 7).map((e) => e.data.id), mentions(7, 'r2').map((m) => m.id));
    assert.equal(c2.events[7].event, 'mention.updated');
    const last2 = c2.lastSeq();
    await c2.close();

    // restart: the ring is reloaded from the store
    assert.equal((await server.stop()).code, 0);
    server = await startServer({ dataDir, token });
    await api(server, 'POST', '/api/mentions', { body: mentions(3, 'r3') });
    const c3 = liveClient(server, { since: last });
    await c3.waitForEvents(11);
    assert.equal(c3.welcome.resumed, true);
    assertContiguous(c3.events, last + 1);
    assert.equal(c3.events[c3.events.length - 1].seq, last2 + 3);
    await c3.close();

    // a since from the future (e.g. the store was reset) gets a snapshot with resync
    const c4 = liveClient(server, { since: last2 + 1000 });
    const snap = await c4.waitFor((m) => m.type === 'snapshot');
    assert.equal(snap.resync, true);
    assert.ok(snap.mentions.length >= 19);
    assert.ok(snap.mentions.every((m) => m.status === 'open' || m.status === 'pending'));
    await c4.close();
  } finally {
    await server.stop();
  }
});

test('a slow consumer is disconnected without stalling others, then resumes without loss', { timeout: 60000 }, async () => {
  const server = await startServer({ args: ['--max-client-queue', '65536'] });
  try {
    const fast = liveClient(server, { agent: 'fast' });
    const slow = liveClient(server, { agent: 'slow' });
    await fast.waitFor((m) => m.type === 'snapshot');
    await slow.waitFor((m) => m.type === 'snapshot');
    const startSeq = slow.lastSeq();
    slow.ws._socket.pause(); // stop reading: the server's socket buffer fills, then its queue
    const total = 4000;
    for (let i = 0; i < total; i += 200) {
      const res = await api(server, 'POST', '/api/mentions', { body: mentions(200, `s${i}`).map((m) => ({ ...m, text: m.text + ' ' + 'padding '.repeat(400) })) });
      assert.equal(res.status, 202);
    }
    await fast.waitForEvents(total);
    assertContiguous(fast.events, startSeq + 1);
    // the slow client was cut off by the server (its queue passed the limit)
    let metrics = '';
    for (let i = 0; i < 100; i++) {
      metrics = await fetch(server.url + '/metrics').then((r) => r.text());
      if (/earshot_ws_dropped_slow_total [1-9]/.test(metrics)) break;
      await sleep(50);
    }
    assert.match(metrics, /earshot_ws_dropped_slow_total [1-9]/);
    slow.ws._socket.resume();
    await new Promise((r) => (slow.closed ? r() : slow.ws.once('close', r)));
    const got = slow.events.length;
    assert.ok(got < total, `the slow client did not get everything before the cut (${got})`);
    assertContiguous(slow.events, startSeq + 1);
    // it reconnects with its last seq and gets the rest, exactly once
    const again = liveClient(server, { since: slow.lastSeq(), agent: 'slow' });
    await again.waitForEvents(total - got);
    assert.equal(again.welcome.resumed, true);
    assertContiguous(again.events, slow.lastSeq() + 1);
    assert.equal(again.events[again.events.length - 1].seq, startSeq + total);
    await again.close();
    await fast.close();
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});
