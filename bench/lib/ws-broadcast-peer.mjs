// The comparison peer for server.bench.mjs: a plain broadcast server on npm `ws` doing the same fan-out as
// `earshot serve` without classification or storage: POST /api/mentions (JSON array) assigns sequence numbers,
// wraps each mention in the same event envelope, sends it to every /live client (one frame per event), answers 202.
// Accepts a JSON array or NDJSON, like earshot.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') { res.writeHead(404).end(); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const text = Buffer.concat(chunks).toString();
    const items = text.trimStart().startsWith('[') ? JSON.parse(text) : text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    const received = new Date().toISOString();
    const ids = [];
    for (const m of items) {
      seq += 1;
      const record = { ...m, status: 'open', assignee: '', notes: [], replies: [], commitments: [], received_at: received, seq };
      const msg = `{"type":"event","seq":${seq},"event":"mention.created","data":${JSON.stringify(record)}}`;
      for (const c of wss.clients) if (c.readyState === 1) c.send(msg);
      ids.push(m.id);
    }
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: ids.length, ids, seq }));
  });
});
let seq = 0;
const wss = new WebSocketServer({ server, path: '/live' });
wss.on('connection', (ws) => {
  ws.once('message', () => ws.send(JSON.stringify({ type: 'welcome', seq })));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/\n`);
});
process.on('SIGTERM', () => process.exit(0));
