// Shared setup for widget browser tests: a static server over web-demo/ + build/web/, and one Chromium.
import path from 'node:path';
import { before, after } from 'node:test';
import { launchBrowser, pngStats } from './browser.mjs';

export async function startStatic() {
  const { createStaticServer } = await import(path.join(process.env.EARSHOT_SOURCE_DIR, 'scripts/serve-static.mjs'));
  const server = createStaticServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

export { launchBrowser };

/**
 * The usual fixture of a widget test file: one static server and one Chromium, started before the file's tests and
 * closed after them. Returns an object whose `stat` ({ server, base }) and `browser` are filled in by then.
 */
export function useStaticSite() {
  const site = { stat: null, browser: null };
  before(async () => {
    site.stat = await startStatic();
    site.browser = await launchBrowser();
  });
  after(async () => {
    await site.browser?.close();
    site.stat?.server.close();
  });
  return site;
}

/** Opens url and waits until every <earshot-widget> on it is ready; collects page errors. */
export async function openWidgets(browser, url, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => [...document.querySelectorAll('earshot-widget')].every((w) => w.dataset.ready === 'true' || w.dataset.error),
    null, { timeout: 30000 });
  const failed = await page.evaluate(() => [...document.querySelectorAll('earshot-widget')].map((w) => w.dataset.error).filter(Boolean));
  if (failed.length) throw new Error('widget failed to start: ' + failed.join('; '));
  return page;
}

/** Waits until fn(state) is truthy for the widget matching selector; returns the state. */
export async function waitForState(page, selector, fn, timeout = 10000) {
  const handle = await page.waitForFunction(([sel, src]) => {
    const w = document.querySelector(sel);
    const s = w && w.state();
    // eslint-disable-next-line no-new-func
    return s && new Function('s', 'return (' + src + ')(s)')(s) ? s : null;
  }, [selector, fn.toString()], { timeout });
  return handle.jsonValue();
}

/** Mean luminance (0..1) of a PNG file, computed in the page. */
export async function meanLuminance(page, file) {
  return (await pngStats(page, file)).luminance;
}
