// Several widgets on one page: each has its own canvas and module; keyboard input goes only to the focused one;
// offline mode reads a dropped file entirely in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot, pngStats } from './lib/browser.mjs';
import { useStaticSite, openWidgets, waitForState, meanLuminance } from './lib/pages.mjs';

const site = useStaticSite();

const CSV = [
  'id,author,created_at,text,label',
  'c1,@ana,2026-11-24T10:00:00Z,"My card was blocked at the airport, please help",card_blocked',
  'c2,@bo,2026-11-24T10:05:00Z,"Refund still not here after 3 weeks, ""support"" ignores me",refund',
  'c3,@cy,2026-11-24T10:07:00Z,,refund',
  'c4,@di,2026-11-24T10:09:00Z,"Bag lost on AB123, multi\nline report",',
].join('\n');

test('two widgets on one page run independently', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/embed.html`);
  const info = await page.evaluate(() => [...document.querySelectorAll('earshot-widget')].map((w) => ({
    canvases: w.querySelectorAll('canvas').length, mode: w.state().mode, theme: w.state().theme,
  })));
  assert.deepEqual(info, [{ canvases: 1, mode: 'offline', theme: 'dark' }, { canvases: 1, mode: 'help', theme: 'light' }]);
  assert.equal(await page.evaluate(() => document.querySelectorAll('canvas#canvas').length), 0, 'no global #canvas');
  assert.notEqual(await page.evaluate(() => document.querySelector('#left').module === document.querySelector('#right').module), true);

  // typing goes to the focused widget only
  await page.click('#right textarea[data-part=help-input]'); // the problem text box
  await page.keyboard.type('my flight was cancelled');
  const right = await waitForState(page, '#right', (s) => s.help.text === 'my flight was cancelled');
  assert.equal(right.help.text, 'my flight was cancelled');
  const left = await page.evaluate(() => document.querySelector('#left').state());
  assert.equal(left.total, 0);
  assert.equal(left.offline.file, '');

  const l = await saveScreenshot(page.locator('#left'), 'embed-left-offline-dark');
  const r = await saveScreenshot(page.locator('#right'), 'embed-right-help-light');
  assert.ok((await meanLuminance(page, l)) < 0.35);
  assert.ok((await meanLuminance(page, r)) > 0.7);
  assert.ok((await pngStats(page, r)).colours >= 8);
  await saveScreenshot(page, 'embed-page');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('offline mode reads a dropped CSV file in the page and reports skipped rows', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/offline.html`);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  // a real drop event carrying a File, as a user dragging from the desktop produces
  await page.evaluate((csv) => {
    const dt = new DataTransfer();
    dt.items.add(new File([csv], 'mentions.csv', { type: 'text/csv' }));
    const w = document.querySelector('earshot-widget');
    w.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    w.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, CSV);
  const s = await waitForState(page, 'earshot-widget', (x) => x.offline.loaded > 0);
  assert.equal(s.offline.file, 'mentions.csv');
  assert.equal(s.offline.format, 'csv');
  assert.equal(s.offline.loaded, 3);
  assert.equal(s.offline.skipped, 1);
  assert.equal(s.offline.labeled, 2);
  assert.match(s.offline.message, /row 4 has no text/);
  const texts = s.queue.map((q) => q.text).sort();
  assert.deepEqual(texts, ['Bag lost on AB123, multi\nline report', 'My card was blocked at the airport, please help',
    'Refund still not here after 3 weeks, "support" ignores me']);
  await page.waitForFunction(() => /mentions\.csv: 3 mentions/.test(document.querySelector('[data-part=offline]').textContent));

  // export goes to a download (an earshot-export event), never to the network
  const exported = await page.evaluate(() => new Promise((resolve) => {
    const w = document.querySelector('earshot-widget');
    w.addEventListener('earshot-export', (e) => resolve(e.detail), { once: true });
    w.command('offline', 'export-ndjson');
  }));
  assert.equal(exported.name, 'earshot-results.ndjson');
  const lines = exported.content.trim().split('\n').map((x) => JSON.parse(x));
  assert.equal(lines.length, 3);
  assert.ok(lines.some((x) => x.label === 'card_blocked'));

  // a file without a text column is refused with a clear message and changes nothing
  await page.evaluate(() => document.querySelector('earshot-widget').loadText('bad.csv', 'a,b\n1,2\n'));
  const after2 = await waitForState(page, 'earshot-widget', (x) => x.offline.error);
  assert.match(after2.offline.message, /no text column/);
  assert.equal(after2.total, 3);
  await page.waitForTimeout(100);
  await saveScreenshot(page.locator('earshot-widget'), 'offline-loaded');
  assert.ok(requests.every((u) => u.startsWith(site.stat.base)), 'nothing is sent anywhere else');
  assert.ok(!requests.some((u) => /mentions|api/.test(new URL(u).pathname)), 'no data leaves the page');
  assert.deepEqual(page.errors, []);
  await page.close();
});
