// The agent dashboard against the real `earshot serve`: mentions posted to the server arrive live in the widget
// (triaged and drafted by the server), the agent resolves one and the server's state changes, the agent types a
// reply, lint findings update in the page, and the sent reply is stored by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot } from './lib/browser.mjs';
import { launchBrowser, openWidgets, waitForState } from './lib/pages.mjs';
import { startServer, api } from '../server/lib/server.mjs';

let browser, server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const mention = (id, text, followers = 120) => ({
  id, platform: 'x', author: { handle: '@' + id, name: id, followers }, text, created_at: new Date().toISOString(),
});

test('mentions arrive live from earshot serve; resolving and replying change the server state', async () => {
  let r = await api(server, 'POST', '/api/mentions', { body: [
    mention('ana', 'My parcel #A12345 still has not arrived after 2 weeks, this is ridiculous'),
    mention('bo', 'Thanks for sorting out my refund so fast!'),
  ] });
  assert.equal(r.status, 202);
  const page = await openWidgets(browser, `${server.url}/?token=${server.token}&agent=sam`);
  let s = await waitForState(page, 'earshot-widget', (x) => x.connection === 'live' && x.total === 2, 15000);

  r = await api(server, 'POST', '/api/mentions', { body: mention('cy', 'I was charged twice for my order, I want my money back NOW', 25000) });
  assert.equal(r.status, 202);
  s = await waitForState(page, 'earshot-widget', (x) => x.total === 3);
  const cy = s.queue.find((q) => q.author === '@cy');
  assert.ok(cy, 'the new mention is in the queue');
  assert.ok(cy.category, 'triaged by the server');
  await page.waitForFunction(() => /@cy: I was charged twice/.test(document.querySelector('[data-part=queue]').textContent));

  // reply: select, r, type; lint findings come from the core in the page
  await page.evaluate((id) => document.querySelector('earshot-widget').command('select', id), cy.id);
  // mention.created leaves the drafts out (docs/protocol.md); opening the mention shows drafts all the same
  s = await waitForState(page, 'earshot-widget', (x) => x.selected && x.selected.drafts.length >= 1);
  assert.equal(s.selected.id, cy.id);
  assert.match(s.selected.drafts[0].text, /\S/);
  await page.focus('earshot-widget canvas');
  await page.keyboard.press('r'); // focus the reply editor (the browser's textarea, from the next frame on)
  await page.waitForFunction(() => document.activeElement?.dataset.part === 'reply-input');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('Please read our terms before complaining.');
  s = await waitForState(page, 'earshot-widget', (x) => x.reply && x.reply.text.endsWith('complaining.') && x.reply.lint);
  assert.ok(s.reply.lint.findings.length >= 2, JSON.stringify(s.reply.lint));
  const weak = s.reply.lint.score;
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type("Hi @cy, I'm sorry you were charged twice for your order. Our billing team will refund the duplicate charge and confirm here within the hour. ^SA");
  s = await waitForState(page, 'earshot-widget', (x) => x.reply && x.reply.text.endsWith('^SA') && x.reply.lint);
  assert.ok(s.reply.lint.score > weak, `score ${weak} -> ${s.reply.lint.score}`);
  await saveScreenshot(page.locator('earshot-widget'), 'server-reply-lint');
  await page.keyboard.press('Control+Enter');
  let rec;
  for (let i = 0; i < 100; i++) {
    rec = (await api(server, 'GET', `/api/mentions/${encodeURIComponent(cy.id)}`)).body;
    if (rec.replies && rec.replies.length) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(rec.replies.length, 1);
  assert.match(rec.replies[0].text, /charged twice/);

  // resolve with the keyboard (focus back on the canvas, outside the editor)
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  for (let i = 0; i < 100; i++) {
    rec = (await api(server, 'GET', `/api/mentions/${encodeURIComponent(cy.id)}`)).body;
    if (rec.status === 'resolved') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(rec.status, 'resolved', "the server's state changed");
  await waitForState(page, 'earshot-widget', (x) => x.shown === 2);
  await saveScreenshot(page.locator('earshot-widget'), 'server-live-dashboard');
  assert.deepEqual(page.errors, []);
  await page.close();
});
