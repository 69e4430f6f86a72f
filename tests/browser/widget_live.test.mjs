// Live mode against a server speaking docs/protocol.md: authenticate with the token, snapshot, live events,
// actions through REST, reconnect with backoff and resume from the last seq, honest connection state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot } from './lib/browser.mjs';
import { launchBrowser, openWidgets, waitForState } from './lib/pages.mjs';
import { startProtocolServer } from './lib/protocol-server.mjs';
import { makeRecord } from './lib/records.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('mentions arrive live, resolving goes to the server, and a dropped connection resumes from its last seq', async () => {
  const now = Date.now();
  const srv = await startProtocolServer({ token: 'secret', records: [0, 1, 2].map((i) => makeRecord(i, now)) });
  try {
    const page = await openWidgets(browser, `${srv.base}/?token=secret&agent=sam`);
    let s = await waitForState(page, 'earshot-widget', (x) => x.connection === 'live' && x.total === 3);
    assert.equal(srv.state.hellos[0].token, 'secret');
    assert.equal(srv.state.hellos[0].agent, 'sam');
    assert.equal(srv.state.hellos[0].since, undefined, 'first connect has no since');

    srv.create(makeRecord(3, now));
    s = await waitForState(page, 'earshot-widget', (x) => x.total === 4);
    assert.ok(s.queue.some((q) => q.id === 'm3'));
    await page.waitForFunction(() => /@user3: /.test(document.querySelector('[data-part=queue]').textContent));

    // select and resolve with the keyboard: the widget PATCHes the server, which confirms with mention.updated
    await page.evaluate(() => document.querySelector('earshot-widget').command('select', 'm3'));
    await page.focus('earshot-widget canvas');
    await page.keyboard.press('e');
    await page.waitForFunction(() => document.querySelector('earshot-widget').state().shown === 3);
    const patch = await (async () => {
      for (let i = 0; i < 100 && !srv.state.requests.some((r) => r.method === 'PATCH'); i++) await new Promise((r) => setTimeout(r, 50));
      return srv.state.requests.find((r) => r.method === 'PATCH');
    })();
    assert.equal(patch.path, '/api/mentions/m3');
    assert.equal(patch.auth, 'Bearer secret');
    assert.deepEqual(JSON.parse(patch.body), { status: 'resolved' });
    assert.equal(srv.state.records.get('m3').status, 'resolved', "the server's state changed");

    // presence: selecting a mention tells the server
    assert.equal(srv.state.lastPresence?.mention_id, 'm3');

    // drop the connection; an event happens while the widget is away; it reconnects with since and resumes
    const seqBefore = (await page.evaluate(() => document.querySelector('earshot-widget').state())).last_seq;
    srv.dropClients(1001);
    await waitForState(page, 'earshot-widget', (x) => x.connection === 'reconnecting');
    srv.create(makeRecord(4, now));
    s = await waitForState(page, 'earshot-widget', (x) => x.connection === 'live' && x.total === 5, 15000);
    const resumeHello = srv.state.hellos[srv.state.hellos.length - 1];
    assert.equal(resumeHello.since, seqBefore, 'the reconnect resumes from the last applied seq');
    assert.equal(s.last_seq, srv.state.seq);
    await saveScreenshot(page.locator('earshot-widget'), 'live-dashboard');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    srv.close();
  }
});

test('a wrong token shows as unauthorized, not as live', async () => {
  const srv = await startProtocolServer({ token: 'secret' });
  try {
    const page = await openWidgets(browser, `${srv.base}/?token=wrong`);
    const s = await waitForState(page, 'earshot-widget', (x) => x.connection === 'unauthorized');
    assert.match(s.connection_detail, /unknown token/);
    await page.waitForFunction(() => /unauthorized/.test(document.querySelector('[data-part=status]').textContent));
    await page.close();
  } finally {
    srv.close();
  }
});

test('the help widget shows known issues from the public feed', async () => {
  const srv = await startProtocolServer({});
  try {
    const page = await openWidgets(browser, `${srv.base}/help.html`);
    const s = await waitForState(page, '#help', (x) => x.known_issues.length > 0);
    assert.match(s.known_issues[0], /Baggage: investigating, 14 open reports/);
    await page.waitForFunction(() => /Baggage/.test(document.querySelector('#help [data-part=known-issues]').textContent));
    await page.close();
  } finally {
    srv.close();
  }
});
