// The queue's order under live changes: records that arrive, change (urgency, deadline, status) or get resolved are
// merged into the kept sort order incrementally; the result must equal a from-scratch sort (deadline, urgency,
// newest, oldest; ties by arrival) and honour the open-only filter and search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useStaticSite, openWidgets } from './lib/pages.mjs';
import { makeRecord } from './lib/records.mjs';

const site = useStaticSite();

const created = (r) => Date.parse(r.created_at);
const deadline = (r) => created(r) + r.triage.respond_within_minutes * 60000;
const urgency = (r) => r.triage.urgency.score;
function expected(recs, sort, search = '', category = '') {
  const order = [...recs.values()].map((r, i) => ({ r, i })); // Map keeps first-arrival order, like the widget
  const hit = (r) => [r.text, r.author.handle, r.author.name].some((x) => x.toLowerCase().includes(search));
  const open = order.filter(({ r }) => r.status !== 'resolved' && (!search || hit(r)) && (!category || r.triage.category.label === category));
  const cmp = {
    deadline: (a, b) => deadline(a.r) - deadline(b.r) || urgency(b.r) - urgency(a.r) || a.i - b.i,
    urgency: (a, b) => urgency(b.r) - urgency(a.r) || created(a.r) - created(b.r) || a.i - b.i,
    newest: (a, b) => created(b.r) - created(a.r) || a.i - b.i,
    oldest: (a, b) => created(a.r) - created(b.r) || a.i - b.i,
  }[sort];
  const sorted = open.sort(cmp);
  return { shown: sorted.length, ids: sorted.slice(0, 25).map(({ r }) => r.id) };
}

test('incremental queue updates give the same order as a full sort', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/?server=`);
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);
  const recs = new Map();
  const push = async (batch, sort) => {
    for (const r of batch) recs.set(r.id, r);
    // 'sort' drains the pushed data first; the same key again keeps the incremental path
    return page.evaluate(([b, s]) => {
      const w = document.querySelector('earshot-widget');
      w.push(b);
      w.command('sort', s);
      const st = w.state();
      return { shown: st.shown, ids: st.queue.map((q) => q.id) };
    }, [batch, sort]);
  };
  const check = async (batch, sort, what) => assert.deepEqual(await push(batch, sort), expected(recs, sort), what);

  await check(Array.from({ length: 400 }, (_, i) => makeRecord(i, now)), 'deadline', 'initial load, by deadline');
  // changes that move records to the top and away from it, resolutions, and new arrivals, in small batches
  for (let round = 0; round < 6; round++) {
    const batch = [];
    for (let k = 0; k < 15; k++) {
      const i = (round * 53 + k * 29) % 400;
      const r = structuredClone(recs.get(`m${i}`));
      if (k % 3 === 0) r.created_at = new Date(now - (3 + k + round) * 3600000).toISOString().replace(/\.\d+Z$/, 'Z'); // overdue now
      if (k % 3 === 1) r.triage.urgency.score = ((k * 17 + round) % 100) / 100;
      if (k % 5 === 2) r.status = 'resolved';
      if (k % 7 === 3) r.triage.respond_within_minutes = 5;
      batch.push(r);
    }
    for (let k = 0; k < 10; k++) batch.push(makeRecord(1000 + round * 10 + k, now - round * 60000));
    const sort = ['deadline', 'deadline', 'urgency', 'urgency', 'newest', 'oldest'][round];
    await check(batch, sort, `round ${round}, by ${sort}`);
  }
  // a single resolve through the UI command path, then a full re-sort by every key
  const first = (await push([], 'deadline')).ids[0];
  await page.evaluate((id) => { const w = document.querySelector('earshot-widget'); w.command('select', id); w.command('resolve'); }, first);
  recs.get(first).status = 'resolved';
  for (const sort of ['deadline', 'urgency', 'newest', 'oldest']) await check([], sort, `after resolving ${first}, by ${sort}`);
  // search narrows the kept order without re-sorting
  const searched = await page.evaluate(() => {
    const w = document.querySelector('earshot-widget');
    w.command('search', 'REFUND');
    const st = w.state();
    return { shown: st.shown, ids: st.queue.map((q) => q.id) };
  });
  assert.deepEqual(searched, expected(recs, 'oldest', 'refund'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a large queue re-sorts and re-filters a slice per frame, takes changes meanwhile, and ends in the exact order', async () => {
  const page = await openWidgets(site.browser, `${site.stat.base}/?server=`);
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);
  const recs = new Map();
  const all = Array.from({ length: 20000 }, (_, i) => makeRecord(i, now));
  for (const r of all) recs.set(r.id, r);
  await page.evaluate((b) => { const w = document.querySelector('earshot-widget'); w.push(b); w.state(); }, all);
  // what the frame loop itself publishes (the mirror), without state() finishing the work synchronously
  const settle = (want, what) => page.waitForFunction((exp) => {
    const s = document.querySelector('earshot-widget')._lastState;
    return s && s.shown === exp.shown && JSON.stringify(s.queue.map((q) => q.id)) === JSON.stringify(exp.ids);
  }, want, { timeout: 15000 }).catch(async () => {
    const s = await page.evaluate(() => document.querySelector('earshot-widget')._lastState);
    assert.deepEqual({ shown: s.shown, ids: s.queue.map((q) => q.id) }, want, what);
  });
  const cmd = (c, a) => page.evaluate(([c, a]) => document.querySelector('earshot-widget').command(c, a), [c, a]);
  const changes = (round) => {
    const batch = [];
    for (let k = 0; k < 40; k++) {
      const r = structuredClone(recs.get(`m${(round * 7919 + k * 733) % 20000}`));
      if (k % 2) r.triage.urgency.score = ((k * 13 + round) % 100) / 100;
      if (k % 5 === 0) r.status = 'resolved';
      batch.push(r);
    }
    for (let k = 0; k < 20; k++) batch.push(makeRecord(50000 + round * 100 + k, now));
    for (const r of batch) recs.set(r.id, r);
    return batch;
  };
  const push = (b) => page.evaluate((b) => document.querySelector('earshot-widget').push(b), b);

  // a sort change; changes arrive while the sliced re-sort runs
  await cmd('sort', 'urgency');
  await push(changes(1));
  await settle(expected(recs, 'urgency'), 'urgency, with changes during the re-sort');
  // a filter change (category), then a search typed letter by letter (each narrows the last), then cleared
  await cmd('filter', 'category=Refund request');
  await push(changes(2));
  await settle(expected(recs, 'urgency', '', 'Refund request'), 'category filter');
  for (const q of ['r', 're', 'ref', 'refund of $120 after two weeks. email me at jane@example.com #1']) await cmd('search', q);
  await settle(expected(recs, 'urgency', 'refund of $120 after two weeks. email me at jane@example.com #1', 'Refund request'), 'narrowing search');
  await cmd('search', '');
  await cmd('filter', 'category=');
  await cmd('sort', 'newest');
  await push(changes(3));
  await settle(expected(recs, 'newest'), 'everything again, newest first');
  // a sort change interrupted by another one before it finishes
  await cmd('sort', 'oldest');
  await cmd('sort', 'deadline');
  await push(changes(4));
  await settle(expected(recs, 'deadline'), 'deadline after an interrupted re-sort');
  assert.equal(await cmd('filter', 'colour=red'), false, 'unknown filter keys are refused');
  assert.deepEqual(page.errors, []);
  await page.close();
});
