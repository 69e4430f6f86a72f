// Loopback load test of `earshot serve`: sustained ingest at R mentions/s for S seconds while C WebSocket clients
// each receive every event. Prints ingest throughput, POST->client latency (p50/p99/max), lost and duplicated
// events, server CPU and RSS, and the CPU of the clients and of the load generator (all on the same cores); then runs the same load against a plain broadcast server on npm `ws` (no
// classification, no storage) and prints the ratio.
//   node bench/server.bench.mjs [--rate 10000 | --rates 1000,2000,4000] [--seconds 60] [--clients 100] [--batch-ms 10]
//                               [--json] [--no-peer]
//                               [--client-queue BYTES: earshot's per-client send cap, default 64 MiB]
// Mentions are POSTed as NDJSON batches (one POST per --batch-ms; --json sends JSON arrays instead). With --rates,
// each rate runs against a fresh server and the peer, and a summary names the highest rate that was sustained
// (ingest >= 97% of offered, p99 < 100 ms so delivery keeps pace) with zero lost or duplicated events, and the
// highest that also met p99 <= 5 ms. "CPU ms/1k" is server CPU time per 1000 mentions
// (user + system, from /proc): unlike wall-clock latency it barely depends on what else runs on the machine.
// The clients are one bench_ws_fanout_client process (bench/ws_fanout_client.bench.cpp, built with the release
// preset): it reads and scans every frame for event seqs (no JSON parse), so it costs what reading the bytes costs
// and the bench measures the servers rather than itself. Latency = client receipt - POST start, both on
// CLOCK_MONOTONIC.
// Env: EARSHOT_BIN (default build/bin/earshot), EARSHOT_BENCH_CLIENT (default
// build/release/bench/bench_ws_fanout_client). Not part of `make test`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import url from 'node:url';

const here = path.dirname(url.fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? Number(process.argv[i + 1]) : def; };
const rateList = (() => { const i = process.argv.indexOf('--rates'); return i >= 0 ? process.argv[i + 1].split(',').map(Number) : null; })();
let RATE = arg('rate', 10000);
const SECONDS = arg('seconds', 60), CLIENTS = arg('clients', 100), BATCH_MS = arg('batch-ms', 10);
const NDJSON = !process.argv.includes('--json');
const bin = process.env.EARSHOT_BIN || path.join(root, 'build/bin/earshot');
const clientBin = process.env.EARSHOT_BENCH_CLIENT || path.join(root, 'build/release/bench/bench_ws_fanout_client');
// CLOCK_MONOTONIC in ms, the clock bench_ws_fanout_client stamps receipts with
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const feed = fs.readFileSync(path.join(root, 'web-demo/data/sample-feed.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

function start(cmd, args, env = {}) {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => { out += d; const m = out.match(/listening on http:\/\/[^:]+:(\d+)\//); if (m) resolve({ proc, port: Number(m[1]) }); });
    proc.on('exit', (c) => reject(new Error(`${cmd} exited ${c}`)));
  });
}

function procStats(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number((status.match(new RegExp(`${k}:\\s+(\\d+)`)) || [0, 0])[1]);
  return { cpuSec: ticks / 100, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/// The receiving side: one bench_ws_fanout_client process holding every /live client on one epoll loop (see
/// bench/ws_fanout_client.bench.cpp). Commands on stdin, answers on stdout, one line each.
function startReceivers(port, token, base, capacity) {
  const proc = spawn(clientBin, ['--port', String(port), '--token', token, '--clients', String(CLIENTS), '--base', String(base), '--capacity', String(capacity)],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  let buf = '';
  proc.stdout.on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
      const w = waiting.findIndex((x) => line.startsWith(x.prefix));
      if (w >= 0) waiting.splice(w, 1)[0].resolve(line.split(' ').slice(1).map(Number));
    }
  });
  const ask = (cmd, prefix) => new Promise((resolve) => { waiting.push({ prefix, resolve }); if (cmd) proc.stdin.write(cmd + '\n'); });
  return { proc, ask };
}

// Mentions as NDJSON lines with a fresh id, built without re-serialising the whole object each time.
const feedTails = feed.map((m) => { const { id, ...rest } = m; return JSON.stringify(rest).slice(1); });
const mentionLine = (i, id) => `{"id":${JSON.stringify(id)},${feedTails[i % feedTails.length]}`;

// POST with node:http on keep-alive connections (fetch costs several times more CPU per request).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(port, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/api/mentions', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => { try { resolve({ status: res.statusCode, j: JSON.parse(Buffer.concat(chunks).toString()) }); } catch (e) { reject(e); } });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(name, port, pid, token) {
  const base = Number((await (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.json().catch(() => null))?.seq ?? 0);
  const total = RATE * SECONDS;
  // earshot's seqs also count incident.* events between the mentions: leave room for them
  const capacity = Math.ceil(total * 1.25) + 1000;
  const rx = startReceivers(port, token, base, capacity);
  await rx.ask(null, 'ready');

  const sendTime = new Float64Array(capacity); // by seq - base - 1; > 0 for every acked mention
  const headers = { 'content-type': NDJSON ? 'application/x-ndjson' : 'application/json', authorization: `Bearer ${token}` };
  let sent = 0, acked = 0, failed = 0, inflight = 0, maxInflight = 0;
  const cpu0 = procStats(pid), rx0 = procStats(rx.proc.pid), gen0 = process.cpuUsage();
  const t0 = now();
  const perBatch = Math.max(1, Math.round(RATE * BATCH_MS / 1000));
  const pending = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - t0) / 1000) * RATE) + perBatch);
    if (sent < due) {
      const n = Math.min(due - sent, 1000);
      const batch = [];
      for (let i = 0; i < n; i++) batch.push(mentionLine(sent + i, `${name}-${RATE}-${sent + i}`));
      sent += n;
      const body = NDJSON ? batch.join('\n') + '\n' : `[${batch.join(',')}]`;
      const ts = now();
      inflight++; maxInflight = Math.max(maxInflight, inflight);
      pending.push(post(port, headers, body).then(({ status, j }) => {
        inflight--;
        if (status !== 202) { failed += n; return; }
        // seqs of this batch are j.seq-n+1 .. j.seq (one transaction), in order
        for (let k = 0; k < n; k++) sendTime[j.seq - n + 1 + k - base - 1] = ts;
        acked += j.accepted;
      }).catch(() => { inflight--; failed += n; }));
    } else {
      await sleep(1);
    }
  }
  await Promise.all(pending);
  const tIngest = (now() - t0) / 1000;
  const gen1 = process.cpuUsage();
  // wait until every client has every acked event (or nothing moved for 5 s: then what is missing is lost)
  let last = -1, still = now(), closed = 0;
  for (;;) {
    const [got, c] = await rx.ask('count', 'count');
    closed = c;
    if (got >= acked * CLIENTS) break;
    if (got !== last) { last = got; still = now(); } else if (now() - still > 5000) break;
    await sleep(100);
  }
  const tDrained = (now() - t0) / 1000;
  const cpu1 = procStats(pid), rx1 = procStats(rx.proc.pid);
  const file = path.join(os.tmpdir(), `earshot-bench-recv-${process.pid}.bin`);
  const [dups, stray, closedAtEnd, rxBytes, rxFrames] = await rx.ask(`report ${file}`, 'report');
  closed = closedAtEnd;
  rx.proc.stdin.write('quit\n');
  const all = new Float64Array(fs.readFileSync(file).buffer.slice(0));
  fs.rmSync(file, { force: true });

  const lat = [];
  let lost = 0;
  for (let c = 0; c < CLIENTS; c++) {
    const arr = all.subarray(c * capacity, (c + 1) * capacity);
    // lost: an acked mention's event that a client never received (failed POSTs have none)
    for (let i = 0; i < capacity; i++) {
      if (sendTime[i] === 0) continue;
      if (arr[i] === 0) lost++;
      else lat.push(arr[i] - sendTime[i]);
    }
  }
  const sorted = Float64Array.from(lat).sort();
  const q = (p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
  const genCpu = (gen1.user + gen1.system - gen0.user - gen0.system) / 1e6;
  const r = {
    name, offered: RATE, ingest_per_s: Math.round(acked / tIngest), acked, failed, lost, dups, stray, closed,
    p50_ms: q(0.5), p99_ms: q(0.99), max_ms: sorted.length ? sorted[sorted.length - 1] : NaN,
    cpu_pct: Math.round(((cpu1.cpuSec - cpu0.cpuSec) / tDrained) * 100), rss_mb: Math.round(cpu1.rssMb), peak_rss_mb: Math.round(cpu1.hwmMb),
    cpu_ms_per_1k: acked ? ((cpu1.cpuSec - cpu0.cpuSec) * 1e6) / acked : NaN,
    clients_cpu_pct: Math.round(((rx1.cpuSec - rx0.cpuSec) / tDrained) * 100), gen_cpu_pct: Math.round((genCpu / tIngest) * 100),
    rx_mb_per_s: rxBytes / 1e6 / tDrained, rx_frames: rxFrames,
  };
  // sustained: ingest keeps up with the offered rate, delivery keeps up (p99 under 100 ms: no growing backlog),
  // nothing lost or duplicated
  r.sustained = r.ingest_per_s >= 0.97 * RATE && failed === 0 && lost === 0 && dups === 0 && stray === 0 && r.p99_ms < 100;
  console.log(`${name.padEnd(8)} offered ${RATE}/s x ${SECONDS}s, ${CLIENTS} clients: ingest ${r.ingest_per_s}/s (acked ${acked}, failed ${failed}), ` +
    `POST->client latency p50 ${r.p50_ms.toFixed(2)} ms p99 ${r.p99_ms.toFixed(2)} ms max ${r.max_ms.toFixed(1)} ms, ` +
    `lost ${lost}, duplicated ${dups}, reconnects ${closed} (slow-consumer drops), server CPU ${r.cpu_pct}% (${r.cpu_ms_per_1k.toFixed(0)} CPU ms/1k mentions) RSS ${r.rss_mb} MB (peak ${r.peak_rss_mb} MB); ` +
    `CPU of the ${CLIENTS} clients ${r.clients_cpu_pct}% (${r.rx_mb_per_s.toFixed(0)} MB/s in ${rxFrames} frames), load generator ${r.gen_cpu_pct}%`);
  return r;
}

const token = 'bench-token-0123456789abcdef';
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`server.bench: ${os.cpus().length} cores, ${CLIENTS} clients in one epoll process, ${NDJSON ? 'NDJSON' : 'JSON array'} batches every ${BATCH_MS} ms; ` +
  `load average ${load()}; the machine is shared and the load generator and clients run on it too: numbers are indicative`);

async function earshotRun() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-'));
  const es = await start(bin, ['serve', '--port', '0', '--data-dir', dataDir, '--rate-limit', '0', '--quiet', '--max-client-queue', String(arg('client-queue', 64 << 20))], { EARSHOT_AGENT_TOKEN: `bench:${token}` });
  if (process.env.BENCH_PID_FILE) fs.writeFileSync(process.env.BENCH_PID_FILE, String(es.proc.pid)); // for perf -p
  try {
    return await run('earshot', es.port, es.proc.pid, token);
  } finally {
    es.proc.kill('SIGTERM');
    await new Promise((r) => es.proc.on('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function peerRun() {
  const peer = await start(process.execPath, [path.join(here, 'lib/ws-broadcast-peer.mjs')]);
  try {
    return await run('ws-peer', peer.port, peer.proc.pid, token);
  } finally {
    peer.proc.kill('SIGTERM');
    await new Promise((r) => peer.proc.on('exit', r));
  }
}

const rows = [];
for (const rate of rateList || [RATE]) {
  RATE = rate;
  const a = await earshotRun();
  const b = process.argv.includes('--no-peer') ? null : await peerRun();
  if (b) {
    console.log(`ratio earshot/ws-peer at ${rate}/s: ingest ${(a.ingest_per_s / b.ingest_per_s).toFixed(2)}x, p50 latency ${(a.p50_ms / b.p50_ms).toFixed(2)}x, ` +
      `p99 latency ${(a.p99_ms / b.p99_ms).toFixed(2)}x (lower is better), CPU ${(a.cpu_ms_per_1k / b.cpu_ms_per_1k).toFixed(2)}x per mention, ` +
      `RSS ${(a.rss_mb / b.rss_mb).toFixed(2)}x; earshot also classifies, drafts and fsyncs every mention, the peer does neither`);
  }
  rows.push({ rate, a, b });
  console.log(`load average ${load()}`);
}
const fmt = (r) => r ? `${String(r.ingest_per_s).padStart(6)}/s ${r.p50_ms.toFixed(1).padStart(7)} ${r.p99_ms.toFixed(1).padStart(8)} ${r.max_ms.toFixed(0).padStart(6)} ` +
  `${String(r.lost).padStart(5)}/${String(r.dups).padEnd(4)} ${String(r.cpu_pct).padStart(4)}% ${r.cpu_ms_per_1k.toFixed(0).padStart(5)} ${String(r.rss_mb).padStart(4)}MB ${r.sustained ? 'yes' : 'no '}` : '';
console.log(`\nsummary (${CLIENTS} clients, ${SECONDS} s per rate): ingest, latency p50/p99/max ms, lost/dup, CPU, CPU ms/1k, RSS, sustained`);
for (const { rate, a, b } of rows) console.log(`${String(rate).padStart(6)}/s  earshot ${fmt(a)}   ws-peer ${fmt(b)}`);
const best = (k) => rows.filter((x) => x[k] && x[k].sustained).map((x) => x.rate).reduce((m, x) => Math.max(m, x), 0);
const best5 = (k) => rows.filter((x) => x[k] && x[k].sustained && x[k].p99_ms <= 5).map((x) => x.rate).reduce((m, x) => Math.max(m, x), 0);
console.log(`highest sustained rate with zero loss: earshot ${best('a') || 'none'}/s${rows[0].b ? `, ws-peer ${best('b') || 'none'}/s` : ''}; ` +
  `with p99 <= 5 ms: earshot ${best5('a') || 'none'}/s${rows[0].b ? `, ws-peer ${best5('b') || 'none'}/s` : ''}`);
console.log(`targets: p99 <= 5 ms at 10000/s with 100 clients, zero lost or duplicated events`);
process.exit(0);
