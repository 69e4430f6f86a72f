// Starts `earshot serve` on an ephemeral port with a temporary data dir, and talks to it with real clients
// (fetch for REST, npm `ws` for WebSocket).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import WebSocket from 'ws';

export const bin = process.env.EARSHOT_BIN;
export const sourceDir = process.env.EARSHOT_SOURCE_DIR;
if (!bin || !sourceDir) throw new Error('run through ctest: EARSHOT_BIN and EARSHOT_SOURCE_DIR must be set');

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-server-test-'));
}

/**
 * Starts the server. Resolves once it listens: {url, port, token, dataDir, proc, exited, stop()}.
 * The agent token is passed via EARSHOT_AGENT_TOKEN ("sam:<token>") unless opts.env overrides it.
 */
export async function startServer({ args = [], env = {}, dataDir = tempDir(), token = crypto.randomBytes(16).toString('hex') } = {}) {
  const proc = spawn(bin, ['serve', '--port', '0', '--data-dir', dataDir, '--quiet', ...args], {
    env: { ...process.env, EARSHOT_AGENT_TOKEN: `sam:${token}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: sourceDir,
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)\//);
      if (m) resolve(Number(m[1]));
    });
    exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, token, dataDir, proc, exited,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** REST call; returns {status, body (parsed JSON or text), headers}. */
export async function api(server, method, p, { body, token = server.token, headers = {}, raw } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) { payload = JSON.stringify(body); h['content-type'] ??= 'application/json'; }
  const res = await fetch(server.url + p, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * A live client: connects to /live, says hello, and records every message (arrays flattened).
 * `events` holds durable events only (not presence); `frames` one entry per WebSocket frame ({array, messages});
 * `waitFor(pred)` resolves with the first matching message.
 */
export function liveClient(server, { since, epoch, agent, token = server.token, path: p = '/live', origin, hello = true } = {}) {
  const ws = new WebSocket(server.url.replace('http', 'ws') + p, origin ? { origin } : {});
  const client = {
    ws, messages: [], events: [], frames: [], closed: null, welcome: null, snapshot: null, waiters: [],
    lastSeq() { return client.events.length ? client.events[client.events.length - 1].seq : (client.snapshot?.seq ?? client.welcome?.seq ?? 0); },
    waitFor(pred, what = 'a message') {
      const found = client.messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        client.waiters.push({ pred, resolve, reject, what });
      });
    },
    waitForEvents(n) { return client.waitFor(() => client.events.length >= n, `${n} events`); },
    send(obj) { ws.send(JSON.stringify(obj)); },
    close() { ws.close(); return new Promise((r) => (client.closed ? r() : ws.once('close', r))); },
  };
  const check = () => {
    client.waiters = client.waiters.filter((w) => {
      const m = client.messages.find(w.pred);
      if (m !== undefined) { w.resolve(m); return false; }
      return true;
    });
  };
  ws.on('open', () => {
    if (hello && p === '/live') {
      const h = { type: 'hello', token };
      if (since !== undefined) h.since = since;
      if (epoch !== undefined) h.epoch = epoch;
      if (agent) h.agent = agent;
      ws.send(JSON.stringify(h));
    }
  });
  ws.on('message', (data) => {
    const parsed = JSON.parse(data.toString());
    client.frames.push({ array: Array.isArray(parsed), messages: Array.isArray(parsed) ? parsed : [parsed] });
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      client.messages.push(m);
      if (m.type === 'welcome') client.welcome = m;
      if (m.type === 'snapshot') client.snapshot = m;
      if (m.type === 'event' && !m.ephemeral) client.events.push(m);
    }
    check();
  });
  ws.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString() };
    for (const w of client.waiters) w.reject(new Error(`connection closed (${code}) while waiting for ${w.what}`));
    client.waiters = [];
  });
  ws.on('error', () => {});
  client.opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
    ws.once('error', reject);
  });
  return client;
}

/** n realistic-looking mentions with unique ids. */
export function mentions(n, prefix = 'm') {
  const texts = [
    'my parcel #A{i} still has not arrived after two weeks, this is ridiculous',
    'WORST SERVICE EVER!!! charged twice for order {i}',
    'love the new app update, thanks team',
    'how do I change the address on my booking {i}?',
    'third time asking: where is my refund for {i}??',
  ];
  return Array.from({ length: n }, (_, k) => ({
    id: `${prefix}-${k}`,
    platform: ['x', 'review', 'forum'][k % 3],
    author: { handle: `@user${k % 17}`, name: `User ${k % 17}`, followers: (k * 37) % 5000 },
    text: texts[k % texts.length].replace('{i}', String(1000 + k)),
    created_at: '2026-11-24T18:40:00Z',
  }));
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
