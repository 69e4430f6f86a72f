// Nothing acknowledged is lost: kill -9 right after 202s, restart on the same data dir, every id is there.
// Also: SIGTERM shuts down gracefully with exit status 0, and the public feed carries no customer data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions, tempDir } from './lib/server.mjs';

test('kill -9 after 202: every acknowledged mention survives a restart', async () => {
  const dataDir = tempDir();
  let server = await startServer({ dataDir });
  const token = server.token;
  const acked = [];
  // several concurrent writers so that group commits hold many requests
  await Promise.all(Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; i < 10; i++) {
      const res = await api(server, 'POST', '/api/mentions', { body: mentions(25, `k${w}-${i}`) });
      assert.equal(res.status, 202);
      acked.push(...res.body.ids);
    }
  }));
  // one more in flight while the process dies: it may or may not be stored, but if acked it must be
  const last = api(server, 'POST', '/api/mentions', { body: mentions(25, 'k-last') }).catch(() => null);
  server.proc.kill('SIGKILL');
  const lastRes = await last;
  if (lastRes && lastRes.status === 202) acked.push(...lastRes.body.ids);
  const ex = await server.exited;
  assert.equal(ex.signal, 'SIGKILL');

  server = await startServer({ dataDir, token });
  try {
    const stats = await api(server, 'GET', '/api/stats');
    assert.ok(stats.body.total >= acked.length, `${stats.body.total} stored, ${acked.length} acknowledged`);
    for (const id of acked.filter((_, i) => i % 7 === 0)) {
      const res = await api(server, 'GET', `/api/mentions/${encodeURIComponent(id)}`);
      assert.equal(res.status, 200, `acknowledged ${id} is stored`);
    }
    const all = new Set();
    let cursor = null;
    do {
      const res = await api(server, 'GET', '/api/mentions?limit=500' + (cursor ? `&cursor=${cursor}` : ''));
      res.body.mentions.forEach((m) => all.add(m.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    for (const id of acked) assert.ok(all.has(id), `acknowledged ${id} is listed`);
  } finally {
    assert.equal((await server.stop()).code, 0);
  }
});

test('SIGTERM: in-flight requests finish, live clients get 1001, exit status 0', async () => {
  const server = await startServer();
  const c = liveClient(server);
  await c.waitFor((m) => m.type === 'snapshot');
  const pending = api(server, 'POST', '/api/mentions', { body: mentions(200, 'term') });
  const res = await pending;
  assert.equal(res.status, 202);
  const closed = new Promise((r) => c.ws.once('close', (code) => r(code)));
  const exit = await server.stop('SIGTERM');
  assert.equal(exit.code, 0, exit.stderr);
  assert.equal(await closed, 1001);
});

test('the public feed and known issues never carry customer text, handles or ids', async () => {
  const server = await startServer();
  try {
    const batch = mentions(30, 'pub').map((m, i) => ({ ...m, text: `SECRET-${i} my parcel has not arrived, tracking says lost`, author: { handle: `@privatehandle${i}`, name: 'Private Person' } }));
    assert.equal((await api(server, 'POST', '/api/mentions', { body: batch })).status, 202);
    const pub = liveClient(server, { path: '/live/public' });
    await pub.waitFor((m) => m.type === 'known_issues');
    const rest = await api(server, 'GET', '/api/public/known-issues', { token: null });
    const msg = await pub.waitFor((m) => m.type === 'known_issues' && m.issues.length > 0);
    assert.equal(rest.status, 200);
    for (const text of [JSON.stringify(msg), JSON.stringify(rest.body)]) {
      assert.doesNotMatch(text, /SECRET|privatehandle|Private Person|pub-\d/);
    }
    assert.ok(Array.isArray(rest.body.issues));
    assert.ok(rest.body.issues.length >= 1, 'thirty lost-parcel complaints make a known issue');
    assert.ok(rest.body.issues[0].open >= 3);
    for (const issue of rest.body.issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['category', 'label', 'last_hour', 'open', 'status']);
      assert.ok(issue.open >= 3);
    }
    await pub.close();
  } finally {
    await server.stop();
  }
});
