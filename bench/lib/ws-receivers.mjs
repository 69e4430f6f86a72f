// Worker: opens N /live clients, says hello, and records the receive time of every event seq per client.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, token, clients, base, capacity } = workerData;
const now = () => performance.timeOrigin + performance.now();
const recv = [];   // per client Float64Array of receive times (0 = not received), index = seq - base - 1
const dups = new Array(clients).fill(0);
const outOfRange = new Array(clients).fill(0);
let ready = 0;
let received = 0; // events received by all clients of this worker (first copies)
const marker = Buffer.from('"type":"event","seq":');
const welcome = Buffer.from('"type":"welcome"');
for (let i = 0; i < clients; i++) {
  recv.push(new Float64Array(capacity));
  const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
  ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token, since: base, agent: `bench${i}` })));
  ws.on('message', (data) => {
    const t = now();
    const s = Array.isArray(data) ? Buffer.concat(data) : data; // a Buffer: no copy
    if (s.indexOf(marker) === -1) {
      if (s.indexOf(welcome) !== -1 && ++ready === clients) parentPort.postMessage({ ready: true });
      return;
    }
    let pos = 0;
    while ((pos = s.indexOf(marker, pos)) !== -1) {
      pos += marker.length;
      let v = 0;
      while (s[pos] >= 48 && s[pos] <= 57) { v = v * 10 + (s[pos] - 48); pos++; }
      const idx = v - base - 1;
      if (idx < 0 || idx >= capacity) { outOfRange[i]++; continue; }
      if (recv[i][idx] !== 0) dups[i]++;
      else { recv[i][idx] = t; received++; }
    }
  });
  ws.on('close', (code) => parentPort.postMessage({ closed: i, code }));
  ws.on('error', () => {});
}
parentPort.on('message', (m) => {
  if (m === 'count') parentPort.postMessage({ received });
  if (m === 'report') parentPort.postMessage({ recv, dups, outOfRange }, recv.map((a) => a.buffer));
});
