// The ImGui widget compiled to wasm renders in headless Chromium: the canvas is not blank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, saveScreenshot, pngStats } from './lib/browser.mjs';

const { createStaticServer } = await import(path.join(process.env.EARSHOT_SOURCE_DIR, 'scripts/serve-static.mjs'));

let server, browser, base;
before(async () => {
  server = createStaticServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the dashboard page renders the ImGui widget', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/`);
  await page.waitForSelector('earshot-widget[data-ready="true"]', { timeout: 30000 });
  await page.waitForTimeout(500); // a few frames
  const file = await saveScreenshot(page.locator('earshot-widget canvas'), 'widget-foundation');
  const stats = await pngStats(page, file);
  assert.deepEqual(errors, []);
  assert.ok(stats.width > 500 && stats.height > 300, `canvas size ${stats.width}x${stats.height}`);
  assert.ok(stats.colours >= 8, `expected a drawn UI, got ${stats.colours} colours`);
  assert.ok(stats.nonBackground > 0.02, `expected drawn content, got ${(stats.nonBackground * 100).toFixed(2)}% non-background`);
  await page.close();
});

test('a blank page is recognised as blank (the check can fail)', async () => {
  const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
  await page.setContent('<body style="margin:0;background:#123456"></body>');
  const file = await saveScreenshot(page, 'blank-control');
  const stats = await pngStats(page, file);
  assert.ok(stats.colours <= 2 && stats.nonBackground < 0.01);
  await page.close();
});
