// Worker: opens N /live clients, says hello, and records the receive time of every event seq per client.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, token, clients, base, capacity } = workerData;
const now = () => performance.timeOrigin + performance.now();
const recv = [];   // per client Float64Array of receive times (0 = not received), index = seq - base - 1
const dups = new Array(clients).fill(0);
const outOfRange = new Array(clients).fill(0);
let ready = 0;
const marker = '"type":"event","seq":';
for (let i = 0; i < clients; i++) {
  recv.push(new Float64Array(capacity));
  const ws = new WebSocket(url);
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token, since: base, agent: `bench${i}` })));
  ws.on('message', (data) => {
    const t = now();
    const s = data.toString();
    if (!s.startsWith('{"type":"event"') && !s.startsWith('[') && s.includes('"type":"welcome"')) { if (++ready === clients) parentPort.postMessage({ ready: true }); return; }
    let pos = 0;
    while ((pos = s.indexOf(marker, pos)) !== -1) {
      pos += marker.length;
      let end = pos;
      while (s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
      const idx = Number(s.slice(pos, end)) - base - 1;
      if (idx < 0 || idx >= capacity) { outOfRange[i]++; continue; }
      if (recv[i][idx] !== 0) dups[i]++;
      else recv[i][idx] = t;
    }
  });
  ws.on('close', (code) => parentPort.postMessage({ closed: i, code }));
  ws.on('error', () => {});
}
parentPort.on('message', (m) => {
  if (m === 'report') parentPort.postMessage({ recv, dups, outOfRange }, recv.map((a) => a.buffer));
});
