// The welcome's epoch: a client that resumes with the epoch its `since` comes from is resumed only while those
// events still exist. After a power loss the server restarts below what a client saw and reuses those seqs; a
// `since` from the earlier run above the head the next run started from gets a resync snapshot even once the head
// has passed it (docs/protocol.md, "Durability and push order"). The power loss itself is simulated by the client:
// it claims seqs of the first run that the second run never had.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions, tempDir } from './lib/server.mjs';

async function hello(server, opts) {
  const c = liveClient(server, opts);
  const first = await c.waitFor((m) => m.type === 'welcome' || m.type === 'error', 'welcome');
  return { c, first };
}

test('a since from an earlier run is resumed only up to the head the later runs started from', async () => {
  const dataDir = tempDir();
  let server = await startServer({ dataDir });
  const token = server.token;
  const { c: a, first: w1 } = await hello(server, {});
  assert.match(w1.epoch, /^[0-9a-f]{16}$/);
  assert.equal((await api(server, 'POST', '/api/mentions', { body: mentions(3, 'e1-') })).status, 202);
  const head1 = (await api(server, 'GET', '/healthz')).body.seq;
  await a.close();
  assert.equal((await server.stop()).code, 0);

  server = await startServer({ dataDir, token });
  try {
    const { c: b, first: w2 } = await hello(server, {});
    assert.match(w2.epoch, /^[0-9a-f]{16}$/);
    assert.notEqual(w2.epoch, w1.epoch, 'every start is a new epoch');
    await b.close();
    // two more events in the second run: the head passes head1 + 1
    assert.equal((await api(server, 'POST', '/api/mentions', { body: mentions(2, 'e2-') })).status, 202);
    const head2 = (await api(server, 'GET', '/healthz')).body.seq;
    assert.ok(head2 >= head1 + 2);

    // everything the first run had stored is still there: a normal resume
    let { c, first } = await hello(server, { since: head1, epoch: w1.epoch });
    assert.equal(first.resumed, true);
    const ev = await c.waitFor((m) => m.type === 'event', 'the missed events');
    assert.equal(ev.seq, head1 + 1);
    assert.ok(!c.messages.some((m) => m.type === 'snapshot'));
    await c.close();

    // a client that saw head1 + 1 in the first run (lost with the power): its since is below the head now, but the
    // seq was reused, so it must start over
    ({ c, first } = await hello(server, { since: head1 + 1, epoch: w1.epoch }));
    assert.equal(first.resumed, false);
    let snap = await c.waitFor((m) => m.type === 'snapshot', 'snapshot');
    assert.equal(snap.resync, true);
    assert.equal(snap.seq, head2);
    assert.ok(!c.messages.some((m) => m.type === 'event'), 'no event is replayed on top of the lost ones');
    await c.close();

    // the same since with the current epoch is an ordinary resume; without an epoch the old behaviour holds
    ({ c, first } = await hello(server, { since: head1 + 1, epoch: w2.epoch }));
    assert.equal(first.resumed, true);
    await c.close();
    ({ c, first } = await hello(server, { since: head1 + 1 }));
    assert.equal(first.resumed, true);
    await c.close();

    // an epoch this store never had (another data dir, a reset store): resync
    ({ c, first } = await hello(server, { since: 1, epoch: 'not-a-run-of-this-store' }));
    assert.equal(first.resumed, false);
    snap = await c.waitFor((m) => m.type === 'snapshot', 'snapshot');
    assert.equal(snap.resync, true);
    await c.close();

    // a malformed epoch is refused with a clear error
    const bad = liveClient(server, { hello: false });
    await bad.opened;
    bad.send({ type: 'hello', token, since: 1, epoch: 42 });
    const err = await bad.waitFor((m) => m.type === 'error', 'error');
    assert.equal(err.error.code, 'invalid_request');
    assert.match(err.error.message, /epoch/);
    await bad.close();
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});
