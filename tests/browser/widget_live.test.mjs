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
    // (first let the widget apply everything the server sent, e.g. the mention.updated that confirmed the PATCH)
    await page.waitForFunction((seq) => document.querySelector('earshot-widget').state().last_seq === seq, srv.state.seq);
    const seqBefore = srv.state.seq;
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

test('the agent types a reply, lint findings update as they type, one-click fixes apply, and sending reaches the server', async () => {
  const now = Date.now();
  const srv = await startProtocolServer({ token: 'secret', records: [1].map((i) => makeRecord(i, now)) });
  try {
    const page = await openWidgets(browser, `${srv.base}/?token=secret&agent=sam`);
    await waitForState(page, 'earshot-widget', (x) => x.connection === 'live' && x.total === 1);
    await page.evaluate(() => document.querySelector('earshot-widget').command('select', 'm1'));
    await page.focus('earshot-widget canvas');
    await page.keyboard.press('r'); // focus the reply editor (the browser's textarea, from the next frame on)
    await page.waitForFunction(() => document.activeElement?.dataset.part === 'reply-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('You should have read the terms. Send me your card number.');
    let s = await waitForState(page, 'earshot-widget', (x) => x.reply && x.reply.text.endsWith('card number.') && x.reply.lint);
    const rules = s.reply.lint.findings.map((f) => f.rule);
    assert.ok(rules.includes("blame"), `blame found: ${rules} in ${JSON.stringify(s.reply.text)}`);
    assert.ok(rules.includes('asks_sensitive'), `asks_sensitive found: ${rules}`);
    // the editor is a real <textarea> (spell-check, wrapping) that 'r' focused
    assert.equal(await page.evaluate(() => document.activeElement.dataset.part), 'reply-input');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Reply to this mention');
    const badScore = s.reply.lint.score;
    await page.waitForFunction(() => /Blaming the customer/.test(document.querySelector('[data-part=lint]').textContent));

    // a better reply: the findings and score update while typing
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type("Hi @user1, I'm sorry your refund is taking this long. Our billing team will check it and reply within the hour.");
    s = await waitForState(page, 'earshot-widget', (x) => x.reply && x.reply.text.endsWith('the hour.') && x.reply.lint);
    assert.ok(s.reply.lint.score > badScore, `score rose from ${badScore} to ${s.reply.lint.score}`);
    assert.ok(!s.reply.lint.findings.some((f) => f.rule === 'blame'));
    await saveScreenshot(page.locator('earshot-widget'), 'live-reply-lint');

    // one-click fix: the first fixable finding changes the text and goes away
    // one-click fix: the reply has no signature; the finding's fix inserts it and the finding goes away
    const fixable = s.reply.lint.findings.findIndex((f) => f.rule === 'missing_signature');
    assert.ok(fixable >= 0 && s.reply.lint.findings[fixable].fixable, JSON.stringify(s.reply.lint.findings));
    const before = s.reply.text;
    assert.equal(await page.evaluate((i) => document.querySelector('earshot-widget').command('fix', String(i)), fixable), true);
    await page.waitForFunction((b) => {
      const r = document.querySelector('earshot-widget').state().reply;
      return r.text !== b && r.lint && !r.lint.findings.some((f) => f.rule === 'missing_signature');
    }, before);
    // the fix made in the widget shows in the editor (still focused: Ctrl+Enter below goes to it)
    await page.waitForFunction(() => document.querySelector('earshot-widget [data-part=reply-input]').value ===
      document.querySelector('earshot-widget').state().reply.text);

    // Ctrl+Enter sends: the server stores the reply
    await page.keyboard.press('Control+Enter');
    for (let i = 0; i < 100 && !srv.state.records.get('m1').replies?.length; i++) await new Promise((r) => setTimeout(r, 50));
    const post = srv.state.requests.find((r) => r.method === 'POST');
    assert.equal(post.path, '/api/mentions/m1/replies');
    assert.equal(JSON.parse(post.body).agent, 'sam');
    assert.match(srv.state.records.get('m1').replies[0].text, /^Hi @user1, I'm sorry.*\^/s);
    await waitForState(page, 'earshot-widget', (x) => x.selected && x.selected.replies === 1);
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
    // both parts of the feed: acknowledged incidents by title, then the category aggregates
    assert.deepEqual(s.known_issues, ['UA1234: flight cancelled rebooking: known', 'Baggage: investigating, 14 open reports']);
    await page.waitForFunction(() => /Baggage/.test(document.querySelector('#help [data-part=known-issues]').textContent));
    await page.close();
  } finally {
    srv.close();
  }
});
