// The help-page widget: a visitor types a question, it is classified in the page (airline playbook), the
// matching help article and an honest response time are shown, and personal data is flagged before sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saveScreenshot } from './lib/browser.mjs';
import { useStaticSite, openWidgets, waitForState } from './lib/pages.mjs';

const site = useStaticSite();

test('the help widget answers a typed question and flags personal data before anything is sent', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/help.html?server=`, { width: 1280, height: 860 });
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // the text box is a real <textarea> over the canvas (wrapping, IME, mobile keyboards, screen readers)
  const box = page.locator('#help textarea[data-part=help-input]');
  assert.equal(await box.getAttribute('aria-label'), 'Describe your problem');
  await box.click();
  await page.keyboard.type('My suitcase never arrived at Heathrow and nobody at the baggage desk can tell me where it is');
  let s = await waitForState(page, '#help', (x) => x.help.classified && x.help.text.endsWith('where it is'));
  assert.equal(s.help.category, 'Baggage');
  assert.ok(s.help.respond_within_minutes > 0);
  assert.match(s.help.answer.title, /Baggage/);
  assert.deepEqual(s.help.pii, []);
  await page.waitForFunction(() => /This looks like: Baggage/.test(document.querySelector('#help [data-part=help]').textContent));
  await saveScreenshot(page, 'help-page-answer');

  // personal data: a card number and an e-mail address are flagged, and a first press of Send only warns
  await page.keyboard.type('. My card is 4111 1111 1111 1111, mail me at jane.doe@example.com');
  // it wraps: the text is taller than one line and nothing scrolls sideways
  const geo = await box.evaluate((t) => ({ sh: t.scrollHeight, sw: t.scrollWidth, cw: t.clientWidth, lh: parseFloat(getComputedStyle(t).fontSize) * 1.35 }));
  assert.ok(geo.sh > 2 * geo.lh, `wrapped onto several lines: ${JSON.stringify(geo)}`);
  assert.ok(geo.sw <= geo.cw + 1, `no horizontal overflow: ${JSON.stringify(geo)}`);
  s = await waitForState(page, '#help', (x) => x.help.classified && x.help.pii.length >= 2);
  const kinds = s.help.pii.map((p) => p.type).join(' ');
  assert.match(kinds, /card/);
  assert.match(kinds, /e-?mail/);
  await page.waitForFunction(() => /personal data/.test(document.querySelector('#help [data-part=help]').textContent));
  const sent = [];
  await page.exposeFunction('__earshotSent', (d) => sent.push(d));
  await page.evaluate(() => document.querySelector('#help').addEventListener('earshot-action', (e) => window.__earshotSent(e.detail)));
  await page.waitForTimeout(100);
  await saveScreenshot(page.locator('#help'), 'help-widget-pii');
  assert.equal(sent.length, 0, 'nothing submitted while typing');
  // "Remove it for me" edits the text in the widget; the box shows the redacted text
  assert.equal(await page.evaluate(() => document.querySelector('#help').command('help-text',
    document.querySelector('#help').state().help.text.replace('4111 1111 1111 1111', '[card removed]'))), true);
  await page.waitForFunction(() => document.querySelector('#help textarea').value.includes('[card removed]'));
  assert.ok(!requests.some((p) => p.startsWith('/api/')), 'classification happened in the page');
  assert.deepEqual(page.errors, []);
  await page.close();
});
