// Shared setup for widget browser tests: a static server over web-demo/ + build/web/, and one Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './browser.mjs';

export async function startStatic() {
  const { createStaticServer } = await import(path.join(process.env.EARSHOT_SOURCE_DIR, 'scripts/serve-static.mjs'));
  const server = createStaticServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

export { launchBrowser };

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
  const b64 = fs.readFileSync(file).toString('base64');
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += 0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2];
    return sum / (px.length / 4) / 255;
  }, b64);
}
