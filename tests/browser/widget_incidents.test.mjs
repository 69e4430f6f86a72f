// Incidents in the agent dashboard's insights panel: incident.* events show up (title, status, volume, team),
// acknowledge and mark-fixed go to the server's REST API, and the server's incident.updated changes what is shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot } from './lib/browser.mjs';
import { launchBrowser, openWidgets, waitForState } from './lib/pages.mjs';
import { startProtocolServer } from './lib/protocol-server.mjs';
import { makeRecord } from './lib/records.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const until = async (fn, what) => {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for ' + what);
};

test('incidents are listed with status and volume, and can be acknowledged and fixed from the widget', async () => {
  const now = Date.now();
  const srv = await startProtocolServer({ token: 'secret', records: [0, 1, 2, 3].map((i) => makeRecord(i, now)) });
  try {
    const page = await openWidgets(browser, `${srv.base}/?token=secret&agent=sam`);
    await waitForState(page, 'earshot-widget', (x) => x.connection === 'live' && x.total === 4);
    const t0 = now - 40 * 60000;
    srv.openIncident({
      id: 'inc-1', title: 'Baggage: missing bags at LHR', category: 'baggage', category_label: 'Baggage', team: 'baggage',
      mentions: 14, first_seen_ms: t0, opened_at_ms: now - 10 * 60000, last_seen_ms: now,
      spike: { at_ms: now - 10 * 60000, window_minutes: 30, observed: 12, expected: 1.5 },
      volume: [0, 1, 0, 2, 5, 6].map((c, k) => ({ at_ms: t0 + k * 300000, count: c })),
      mention_ids: ['m0', 'm1'], entities: [{ type: 'place', text: 'LHR', value: 'LHR' }],
      outreach: { affected: 2, followed_up: 0 },
    });
    srv.openIncident({ id: 'inc-2', title: 'Login: app crashes on start', team: 'app', mentions: 5, first_seen_ms: t0, last_seen_ms: now });
    let s = await waitForState(page, 'earshot-widget', (x) => x.incidents.length === 2);
    assert.deepEqual(s.incidents.map((i) => [i.id, i.status, i.mentions, i.team]),
      [['inc-1', 'open', 14, 'baggage'], ['inc-2', 'open', 5, 'app']]);
    await page.waitForFunction(() => /Baggage: missing bags at LHR: open, 14 mentions, team baggage/.test(
      document.querySelector('[data-part=incidents]').textContent));

    // a delta incident.updated (new mentions joined): merged into what the widget holds, not replacing it
    assert.equal(s.incidents.find((i) => i.id === 'inc-1').grouped, 2);
    const { mention_ids: _ids, volume: _vol, ...summary } = srv.state.incidents.get('inc-1');
    srv.event('incident.updated', { ...summary, mentions: 17, last_seen_ms: now + 60000, change: 'mentions', delta: true,
      mention_ids_added: ['m2', 'm3', 'm4'],
      volume_changed: [{ at_ms: t0 + 5 * 300000, count: 8 }, { at_ms: t0 + 6 * 300000, count: 1 }] });
    s = await waitForState(page, 'earshot-widget', (x) => x.incidents.find((i) => i.id === 'inc-1').mentions === 17);
    const merged = s.incidents.find((i) => i.id === 'inc-1');
    assert.equal(merged.grouped, 5, 'ids that joined are appended to the ones held');
    assert.deepEqual(merged.volume.map((v) => v.count), [0, 1, 0, 2, 5, 8, 1], 'changed buckets replaced, new ones appended');
    assert.equal(merged.status, 'open');

    // acknowledge: POST .../acknowledge, the server's incident.updated turns it "acknowledged"
    const w = 'earshot-widget';
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-ack', 'inc-1'), w), true);
    const ack = await until(() => srv.state.requests.find((r) => r.path === '/api/incidents/inc-1/acknowledge'), 'the acknowledge request');
    assert.equal(ack.method, 'POST');
    assert.equal(ack.auth, 'Bearer secret');
    assert.deepEqual(JSON.parse(ack.body), { agent: 'sam' });
    s = await waitForState(page, w, (x) => x.incidents.find((i) => i.id === 'inc-1').status === 'acknowledged');
    // acknowledging again is refused in the widget (no request): it is not open any more
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-ack', 'inc-1'), w), false);

    // fix needs a note; with one it POSTs .../fix and the incident turns "fixed" with the note
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-fix', JSON.stringify({ id: 'inc-1', note: '' })), w), false);
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-fix', '{not json'), w), false);
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-ack', 'no-such-incident'), w), false);
    assert.equal(srv.state.requests.filter((r) => r.path.startsWith('/api/incidents/')).length, 1, 'refused commands send nothing');
    const note = 'Re-routed the LHR baggage feed; bags are being delivered today';
    assert.equal(await page.evaluate(([sel, n]) => document.querySelector(sel).command('incident-fix', JSON.stringify({ id: 'inc-1', note: n })), [w, note]), true);
    const fix = await until(() => srv.state.requests.find((r) => r.path === '/api/incidents/inc-1/fix'), 'the fix request');
    assert.deepEqual(JSON.parse(fix.body), { note });
    s = await waitForState(page, w, (x) => x.incidents.find((i) => i.id === 'inc-1').status === 'fixed');
    assert.equal(s.incidents.find((i) => i.id === 'inc-1').fix_note, note);
    assert.equal(srv.state.incidents.get('inc-1').status, 'fixed', "the server's state changed");
    assert.equal(await page.evaluate((sel) => document.querySelector(sel).command('incident-fix', JSON.stringify({ id: 'inc-1', note: 'again' })), w), false);

    // the insights panel shows them: open first (inc-2, with its actions), then the fixed one with its note
    await page.evaluate((sel) => document.querySelector(sel).command('tab', 'insights'), w);
    await page.waitForTimeout(400);
    await saveScreenshot(page.locator(w), 'insights-incidents');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    srv.close();
  }
});
