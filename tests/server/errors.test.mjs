// Bad input gets a clear JSON error and changes nothing: auth (401/403), malformed JSON and wrong types (400),
// oversized bodies and batches (413), rate limits (429), WebSocket origin and hello checks.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, liveClient, mentions } from './lib/server.mjs';

let server;
before(async () => { server = await startServer({ args: ['--max-body', '65536', '--max-batch', '50', '--rate-limit', '1000'] }); });
after(async () => { const r = await server.stop(); assert.equal(r.code, 0, r.stderr); });

function assertError(res, status, code) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  assert.ok(typeof res.body.error.message === 'string' && res.body.error.message.length > 10, 'a readable message');
}

test('agent APIs need a token: missing -> 401, unknown -> 403', async () => {
  assertError(await api(server, 'GET', '/api/mentions', { token: null }), 401, 'unauthorized');
  assertError(await api(server, 'POST', '/api/mentions', { token: null, body: { text: 'x' } }), 401, 'unauthorized');
  assertError(await api(server, 'GET', '/api/stats', { headers: { authorization: 'Basic abc' }, token: null }), 401, 'unauthorized');
  assertError(await api(server, 'GET', '/api/mentions', { token: 'not-a-valid-token-at-all' }), 403, 'forbidden');
  assertError(await api(server, 'PATCH', '/api/mentions/x', { token: 'not-a-valid-token-at-all', body: {} }), 403, 'forbidden');
});

test('malformed JSON and wrong types are 400 and store nothing', async () => {
  const before = (await api(server, 'GET', '/api/stats')).body.total;
  assertError(await api(server, 'POST', '/api/mentions', { raw: '{"text": "unterminated', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertError(await api(server, 'POST', '/api/mentions', { body: { text: 42 } }), 400, 'invalid_mention');
  assertError(await api(server, 'POST', '/api/mentions', { body: { platform: 'x' } }), 400, 'invalid_mention');
  assertError(await api(server, 'POST', '/api/mentions', { body: [] }), 400, 'invalid_request');
  assertError(await api(server, 'POST', '/api/mentions', { body: 'just a string' }), 400, 'invalid_mention');
  // one bad item rejects the whole batch, naming it
  const batch = mentions(3, 'bad');
  batch[2].text = null;
  const res = await api(server, 'POST', '/api/mentions', { body: batch });
  assertError(res, 400, 'invalid_mention');
  assert.match(res.body.error.message, /mention 2/);
  const dup = [{ id: 'd', text: 'a' }, { id: 'd', text: 'b' }];
  assertError(await api(server, 'POST', '/api/mentions', { body: dup }), 400, 'invalid_mention');
  assertError(await api(server, 'PATCH', '/api/mentions/x', { body: { status: 7 } }), 400, 'invalid_request');
  assertError(await api(server, 'PATCH', '/api/mentions/x', { raw: '[1,2]' }), 400, 'invalid_request');
  assertError(await api(server, 'POST', '/api/mentions/x/replies', { body: { text: '' } }), 400, 'invalid_request');
  assert.equal((await api(server, 'GET', '/api/stats')).body.total, before, 'nothing stored');
});

test('oversized bodies and batches are 413', async () => {
  const big = JSON.stringify({ text: 'x'.repeat(70000) });
  assertError(await api(server, 'POST', '/api/mentions', { raw: big, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
  assertError(await api(server, 'POST', '/api/mentions', { body: mentions(51, 'many') }), 413, 'payload_too_large');
  // the server is still fine
  assert.equal((await api(server, 'POST', '/api/mentions', { body: { text: 'still here' } })).status, 202);
});

test('unknown paths and methods answer JSON errors', async () => {
  assertError(await api(server, 'GET', '/api/nothing'), 404, 'not_found');
  assertError(await api(server, 'DELETE', '/api/mentions'), 405, 'method_not_allowed');
  assertError(await api(server, 'GET', '/no/such/file.js', { token: null }), 404, 'not_found');
  assertError(await api(server, 'GET', '/../../etc/passwd', { token: null }), 404, 'not_found');
  assertError(await api(server, 'GET', '/api/demo/token', { token: null }), 404, 'not_found');
});

test('WebSocket: foreign Origin is refused, a bad hello or token closes with an error', async () => {
  const evil = liveClient(server, { origin: 'https://evil.example' });
  await assert.rejects(evil.opened, (e) => e.statusCode === 403);
  const ok = liveClient(server, { origin: `http://127.0.0.1:${server.port}` });
  await ok.waitFor((m) => m.type === 'snapshot');
  await ok.close();
  const bad = liveClient(server, { token: 'wrong-token-wrong-token' });
  const err = await bad.waitFor((m) => m.type === 'error');
  assert.equal(err.error.code, 'forbidden');
  await new Promise((r) => (bad.closed ? r() : bad.ws.once('close', r)));
  assert.equal(bad.closed.code, 1008);
  const nohello = liveClient(server, { hello: false });
  await nohello.opened;
  nohello.send({ type: 'presence', mention_id: 'x', state: 'viewing' });
  const e2 = await nohello.waitFor((m) => m.type === 'error');
  assert.equal(e2.error.code, 'unauthorized');
  const junk = liveClient(server);
  await junk.waitFor((m) => m.type === 'snapshot');
  junk.ws.send('{not json');
  assert.equal((await junk.waitFor((m) => m.type === 'error')).error.code, 'invalid_json');
  junk.send({ type: 'presence', state: 'dancing' });
  assert.equal((await junk.waitFor((m) => m.type === 'error' && m.error.code === 'invalid_request')).type, 'error');
  junk.ws.send('x'.repeat(70 * 1024)); // over the 64 KiB message limit
  await new Promise((r) => (junk.closed ? r() : junk.ws.once('close', r)));
  assert.equal(junk.closed.code, 1009);
});

test('per-client rate limit answers 429 with Retry-After', async () => {
  const limited = await startServer({ args: ['--rate-limit', '2'] });
  try {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await api(limited, 'GET', '/api/stats')).status);
    assert.ok(statuses.slice(0, 4).every((s) => s === 200), statuses.join(','));
    const res = await api(limited, 'GET', '/api/stats');
    assertError(res, 429, 'rate_limited');
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    assert.equal((await api(limited, 'GET', '/healthz', { token: null })).status, 200, 'health checks are not limited');
  } finally {
    assert.equal((await limited.stop()).code, 0);
  }
});
