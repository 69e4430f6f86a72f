// The agent dashboard in headless Chromium: records pushed into the widget show in the queue and in the ARIA
// mirror, the keyboard moves the selection and resolves, filters and search narrow the queue, light/dark render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot, pngStats } from './lib/browser.mjs';
import { useStaticSite, openWidgets, waitForState, meanLuminance } from './lib/pages.mjs';
import { makeRecords } from './lib/records.mjs';

const site = useStaticSite();

test('records pushed into the dashboard fill the queue, the detail pane and the mirror', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/?server=`);
  await page.evaluate((recs) => document.querySelector('earshot-widget').push(recs), makeRecords(500, Date.now()));
  const s = await waitForState(page, 'earshot-widget', (st) => st.total === 500);
  assert.equal(s.shown, 500);
  // sorted by deadline: the first rows are the most overdue
  assert.match(s.queue[0].due, /late$/);
  // the mirror lists queue items for screen readers
  await page.waitForFunction(() => document.querySelectorAll('[data-part=queue] li').length === 25);
  const first = await page.textContent('[data-part=queue] li');
  assert.match(first, /^@user\d+: /);

  // keyboard: focus the canvas, j moves down, k up, e resolves the selected mention
  await page.focus('earshot-widget canvas');
  await page.keyboard.press('j');
  let st = await waitForState(page, 'earshot-widget', (x) => x.selected);
  const firstId = st.selected.id;
  assert.equal(firstId, s.queue[0].id);
  await page.keyboard.press('j');
  await page.waitForFunction((id) => document.querySelector('earshot-widget').state().selected.id !== id, firstId);
  await page.keyboard.press('k');
  await page.waitForFunction((id) => document.querySelector('earshot-widget').state().selected.id === id, firstId);
  await page.keyboard.press('e');
  st = await waitForState(page, 'earshot-widget', (x) => x.total === 500 && x.shown === 499);
  assert.ok(!st.queue.some((q) => q.id === firstId), 'a resolved mention leaves the open queue');
  await page.waitForFunction(() => /Status resolved/.test(document.querySelector('[data-part=selected]').textContent));

  // '/' focuses search; typing narrows the queue
  await page.keyboard.press('/');
  await page.keyboard.type('refund');
  st = await waitForState(page, 'earshot-widget', (x) => x.search === 'refund');
  assert.ok(st.shown > 0 && st.shown < 499, `search narrowed to ${st.shown}`);
  assert.ok(st.queue.every((q) => /refund/i.test(q.text)), 'search keeps only matching mentions');

  const file = await saveScreenshot(page.locator('earshot-widget'), 'agent-dashboard-dark');
  const stats = await pngStats(page, file);
  assert.ok(stats.colours >= 20 && stats.nonBackground > 0.1, `expected a drawn dashboard: ${JSON.stringify(stats)}`);
  assert.ok((await meanLuminance(page, file)) < 0.3, 'the dark theme is dark');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the light theme renders light, and the canvas follows devicePixelRatio and the element size', async () => {
  const page = await site.browser.newPage({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2 });
  await page.goto(`${site.stat.base}/?server=&theme=light`);
  await page.waitForSelector('earshot-widget[data-ready="true"]', { timeout: 30000 });
  await page.evaluate((recs) => {
    const w = document.querySelector('earshot-widget');
    w.push(recs);
    w.command('select', 'm1');
  }, makeRecords(40, Date.now()));
  await waitForState(page, 'earshot-widget', (x) => x.selected && x.selected.id === 'm1');
  const size = await page.evaluate(() => {
    const c = document.querySelector('earshot-widget canvas');
    return { w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight };
  });
  assert.equal(size.w, size.cw * 2);
  assert.equal(size.h, size.ch * 2);
  // resize the element: the canvas follows
  await page.evaluate(() => { document.querySelector('earshot-widget').style.height = '400px'; });
  await page.waitForFunction(() => document.querySelector('earshot-widget canvas').height === 800);
  await page.waitForTimeout(100);
  const file = await saveScreenshot(page.locator('earshot-widget'), 'agent-dashboard-light-hidpi');
  const stats = await pngStats(page, file);
  assert.ok(stats.colours >= 20, JSON.stringify(stats));
  assert.ok((await meanLuminance(page, file)) > 0.7, 'the light theme is light');
  await page.close();
});
