// Headless Chromium (Debian's) driven by playwright-core, plus helpers to judge screenshots.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const artifactsDir = process.env.EARSHOT_ARTIFACTS || path.join(os.tmpdir(), 'earshot-artifacts');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}; run scripts/setup.sh`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Saves a screenshot under the artifacts dir and returns its path. */
export async function saveScreenshot(pageOrLocator, name) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  await pageOrLocator.screenshot({ path: file });
  return file;
}

/**
 * Colour statistics of a PNG, computed in the page: distinct colours (quantised) and the share of pixels that differ
 * from the most common colour (a blank canvas has one colour and ~0 share), and the mean luminance (0..1).
 */
export async function pngStats(page, file) {
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
    const counts = new Map();
    let lum = 0;
    for (let i = 0; i < px.length; i += 4) {
      lum += 0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2];
      const key = ((px[i] >> 3) << 10) | ((px[i + 1] >> 3) << 5) | (px[i + 2] >> 3);
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const total = px.length / 4;
    const top = Math.max(...counts.values());
    return { width: c.width, height: c.height, colours: counts.size, nonBackground: 1 - top / total, luminance: lum / total / 255 };
  }, b64);
}
