// A small stand-in for `earshot serve` that follows docs/protocol.md (hello/welcome/snapshot/resume/events over
// /live, PATCH and replies over REST with a Bearer token, the public known-issues feed), serving web-demo/ and
// build/web/ like the real server. It lets the widget's live client be tested on its own; tests against the real
// server live next to it once `earshot serve` exists.
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';

export async function startProtocolServer({ token = 'secret', records = [] } = {}) {
  const { createStaticServer } = await import(path.join(process.env.EARSHOT_SOURCE_DIR, 'scripts/serve-static.mjs'));
  const files = createStaticServer();
  const state = { seq: 0, events: [], records: new Map(), incidents: new Map(), hellos: [], requests: [], clients: new Set(), presence: [] };
  // the public feed's shape (docs/protocol.md): category aggregates and acknowledged/fixed incidents
  const knownIncidents = [{ id: 'INC-0001', title: 'UA1234: flight cancelled rebooking', category: 'delays', category_label: 'Delays',
    status: 'known', first_seen: '2026-11-24T08:00:00Z', acknowledged_at: '2026-11-24T08:30:00Z', fixed_at: null }];
  const event = (name, data) => {
    const ev = { type: 'event', seq: ++state.seq, event: name, data };
    state.events.push(ev);
    for (const ws of state.clients) ws.send(JSON.stringify(ev));
    return ev;
  };
  for (const r of records) {
    state.records.set(r.id, { ...r, status: r.status || 'open' });
    state.seq++;
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith('/api/')) return files.emit('request', req, res);
    let body = '';
    for await (const chunk of req) body += chunk;
    state.requests.push({ method: req.method, path: url.pathname, auth: req.headers.authorization || '', body });
    const send = (code, obj) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    if (url.pathname === '/api/public/known-issues') {
      return send(200, { type: 'known_issues', seq: state.seq, issues: [{ category: 'baggage', label: 'Baggage', open: 14, last_hour: 9, status: 'investigating' }], incidents: knownIncidents });
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 'unauthorized', message: 'missing or bad token' } });
    const im = /^\/api\/incidents\/([^/]+)\/(acknowledge|fix)$/.exec(url.pathname);
    if (im && req.method === 'POST') { // open -> acknowledged -> fixed (docs/protocol.md)
      const inc = state.incidents.get(decodeURIComponent(im[1]));
      if (!inc) return send(404, { error: { code: 'not_found', message: 'no such incident' } });
      const j = JSON.parse(body || '{}');
      if (inc.status === 'fixed') return send(409, { error: { code: 'conflict', message: 'already fixed' } });
      if (im[2] === 'acknowledge') {
        if (inc.status === 'open') {
          Object.assign(inc, { status: 'acknowledged', acknowledged_at: new Date().toISOString() });
          event('incident.updated', { ...inc, change: 'acknowledged' });
        }
        return send(200, inc);
      }
      if (!j.note) return send(400, { error: { code: 'bad_request', message: 'note is required' } });
      Object.assign(inc, { status: 'fixed', fix_note: j.note, fixed_at: new Date().toISOString() });
      event('incident.updated', { ...inc, change: 'fixed' });
      return send(200, { incident: inc, outreach: inc.outreach });
    }
    const m = /^\/api\/mentions\/([^/]+)(\/replies)?$/.exec(url.pathname);
    const rec = m && state.records.get(decodeURIComponent(m[1]));
    if (!rec) return send(404, { error: { code: 'not_found', message: 'no such mention' } });
    const j = JSON.parse(body || '{}');
    if (req.method === 'PATCH' && !m[2]) {
      const changed = [];
      if (j.status) { rec.status = j.status; changed.push('status'); }
      if (j.assignee !== undefined) { rec.assignee = j.assignee; changed.push('assignee'); }
      event('mention.updated', { ...rec, changed });
      return send(200, rec);
    }
    if (req.method === 'POST' && m[2]) {
      const reply = { id: 'r-' + state.seq, agent: j.agent || 'agent', text: j.text, sent_at: new Date().toISOString() };
      rec.replies = [...(rec.replies || []), reply];
      event('reply.sent', { mention_id: rec.id, reply });
      event('mention.updated', { ...rec, changed: ['replies'] });
      return send(201, { reply, mention: rec });
    }
    return send(405, { error: { code: 'method_not_allowed', message: req.method } });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const p = new URL(req.url, 'http://x').pathname;
    if (p !== '/live' && p !== '/live/public') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (p === '/live/public') {
        ws.send(JSON.stringify({ type: 'known_issues', seq: state.seq, issues: [{ category: 'baggage', label: 'Baggage', open: 14, status: 'investigating' }], incidents: knownIncidents }));
        return;
      }
      let authed = false;
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw));
        if (!authed) {
          state.hellos.push(msg);
          if (msg.type !== 'hello' || msg.token !== token) {
            ws.send(JSON.stringify({ type: 'error', error: { code: 'forbidden', message: 'unknown token' } }));
            return ws.close(1008);
          }
          authed = true;
          ws.send(JSON.stringify({ type: 'welcome', seq: state.seq, agent: msg.agent, server: 'stand-in', presence: state.presence }));
          const missed = state.events.filter((e) => e.seq > (msg.since || 0));
          if (msg.since && missed.length === state.seq - msg.since) {
            ws.send(JSON.stringify(missed)); // resume, batched as one array frame
          } else {
            ws.send(JSON.stringify({ type: 'snapshot', seq: state.seq, resync: Boolean(msg.since), mentions: [...state.records.values()], total_open: state.records.size }));
          }
          state.clients.add(ws);
          return;
        }
        if (msg.type === 'presence') state.lastPresence = msg;
      });
      ws.on('close', () => state.clients.delete(ws));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    state,
    base: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    event,
    create(record) {
      state.records.set(record.id, { ...record, status: 'open' });
      return event('mention.created', state.records.get(record.id));
    },
    openIncident(inc) {
      state.incidents.set(inc.id, { status: 'open', fix_note: '', ...inc });
      return event('incident.opened', { ...state.incidents.get(inc.id), change: 'opened' });
    },
    dropClients(code = 1001) {
      for (const ws of state.clients) ws.close(code);
    },
    close() {
      for (const ws of state.clients) ws.terminate();
      wss.close();
      server.close();
    },
  };
}
