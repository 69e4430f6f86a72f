#!/usr/bin/env node
// Builds earshot's development set: realistic, labeled customer mentions to companies across nine industries
// (airline, retail/delivery, bank, telecom, utilities, food delivery, software/apps, hotels, insurance), with
// @handles, URLs, hashtags, emoji, typos, abbreviations, ALL CAPS, sarcasm and complaints without negative words.
//
//   node scripts/devset/generate.mjs OUT_DIR [--seed N] [--per-template K]
//
// Writes OUT_DIR/train.ndjson, OUT_DIR/test.ndjson, OUT_DIR/holdout.ndjson (templates in holdout.mjs, written
// after tuning and never tuned on) and OUT_DIR/all.ndjson (train + test): one mention per line with its labels
// ({"id","text","author":{...},"sentiment","complaint","category","industry","template"}). The split is BY
// TEMPLATE (every 5th template, by a hash of its text, goes to test), so test sentences are never paraphrases of
// training ones. Deterministic for a given seed. Generated at build time; never committed.
import fs from 'node:fs';
import path from 'node:path';
import { TEMPLATES, INDUSTRIES, SHARED } from './templates.mjs';
import { HOLDOUT } from './holdout.mjs';

const args = process.argv.slice(2);
const outDir = args[0];
if (!outDir) {
  console.error('usage: generate.mjs OUT_DIR [--seed N] [--per-template K]');
  process.exit(2);
}
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const seed = opt('--seed', 20261124);
const perTemplate = opt('--per-template', 4);

// mulberry32: small deterministic PRNG.
function rng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(seed);
const pick = (arr) => arr[Math.floor(rand() * arr.length)];
const chance = (p) => rand() < p;

function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(s, 'utf8')) {
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function fill(text, ind, brand) {
  let out = text;
  for (let guard = 0; guard < 6 && out.includes('{'); guard++) {
    out = out.replace(/\{(\w+)\}/g, (m, slot) => {
      if (slot === 'brand') return brand;
      const list = ind[slot] || SHARED[slot];
      if (!list) return m;
      return pick(list);
    });
  }
  return out.includes('{') ? null : out;
}

const ABBREV = [
  [/\byou\b/g, 'u'], [/\byour\b/g, 'ur'], [/\bplease\b/g, 'pls'], [/\bthanks\b/g, 'thx'], [/\bhours\b/g, 'hrs'],
  [/\bbefore\b/g, 'b4'], [/\bbecause\b/g, 'bc'], [/\btomorrow\b/g, 'tmrw'], [/\bpeople\b/g, 'ppl'],
  [/\bminutes\b/g, 'mins'], [/\bthank you\b/g, 'ty'], [/\bwith\b/g, 'w/'], [/\bnothing\b/g, 'nothin'],
  [/\bI don't know\b/g, 'idk'], [/\bwhat\b/g, 'wat'], [/\bare\b/g, 'r'],
];

function typo(word) {
  if (word.length < 4 || /[^a-z]/i.test(word)) return word;
  const i = 1 + Math.floor(rand() * (word.length - 2));
  switch (Math.floor(rand() * 3)) {
    case 0: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swap
    case 1: return word.slice(0, i) + word.slice(i + 1); // drop
    default: return word.slice(0, i) + word[i] + word.slice(i); // double
  }
}

const EMOJI = {
  negative: ['😡', '🤬', '😤', '🙄', '😩', '👎', '😒', '🤦‍♀️', '😭', '💔', '😠', '😑'],
  neutral: ['🤔', '✈️', '📦', '👀', ''],
  positive: ['😍', '🙏', '👍', '❤️', '🎉', '😊', '💯', '🙌'],
};
const TAGS = {
  negative: ['#fail', '#neveragain', '#customerservice', '#disappointed', '#worstservice', '#delayed', '#ripoff'],
  neutral: ['#travel', '#question', '#help', '#newyear'],
  positive: ['#thankyou', '#happycustomer', '#love', '#greatservice'],
};
const OPENERS = {
  negative: ['ugh', 'seriously', 'so', 'ok so', 'hey', 'unbelievable.', 'wow.', 'hi'],
  neutral: ['hi', 'hey', 'hello', 'quick one:', ''],
  positive: ['hey', 'just a note:', 'honestly', 'wow'],
};

function noisify(text, sentiment, brand) {
  let t = text;
  if (chance(0.35)) for (const [re, rep] of ABBREV) if (chance(0.6)) t = t.replace(re, rep);
  if (chance(0.3)) t = t.split(' ').map((w) => (chance(0.08) ? typo(w) : w)).join(' ');
  if (chance(0.25)) t = pick(OPENERS[sentiment]) + ' ' + t;
  // Case: most tweets are casual; a few shout.
  const r = rand();
  if (sentiment === 'negative' && r < 0.07) t = t.toUpperCase();
  else if (r < 0.4) t = t.toLowerCase();
  else if (r < 0.85) t = t.charAt(0).toUpperCase() + t.slice(1);
  else if (sentiment === 'negative') t = t.replace(/\b(never|again|still|nobody|worst|late|now)\b/gi, (w) => w.toUpperCase());
  // Punctuation emphasis.
  if (sentiment === 'negative' && chance(0.2)) t = t.replace(/[.?!]*$/, pick(['!!', '!!!', '?!', '...', '??']));
  if (sentiment === 'positive' && chance(0.25)) t = t.replace(/[.!]*$/, pick(['!', '!!', ' :)', '']));
  // Handles: usually at the start (replies), sometimes at the end or both.
  const h = rand();
  if (h < 0.6) t = brand + ' ' + t;
  else if (h < 0.85) t = t + ' ' + brand;
  else if (h < 0.92) t = brand + ' ' + pick(['@help', '@support', '@jane_d']) + ' ' + t;
  if (chance(0.18)) t += ' ' + pick(EMOJI[sentiment]);
  if (chance(0.12)) t += ' ' + pick(TAGS[sentiment]);
  if (chance(0.06)) t += ' ' + pick(SHARED.url);
  return t.replace(/\s+/g, ' ').trim();
}

const FOLLOWERS = [12, 48, 150, 320, 800, 1500, 4200, 12000, 56000, 230000];
const rows = { train: [], test: [], holdout: [] };
let id = 0;
const industries = Object.keys(INDUSTRIES);
const all = [...TEMPLATES.map((t) => [...t, null]), ...HOLDOUT.map((t) => [...t, 'holdout'])];
all.forEach(([category, sentiment, complaint, text, fixedSplit], ti) => {
  const split = fixedSplit || (fnv1a(text) % 5 === 0 ? 'test' : 'train');
  for (const industry of industries) {
    const ind = INDUSTRIES[industry];
    for (let k = 0; k < perTemplate; k++) {
      const brand = pick(ind.brands);
      const filled = fill(text, ind, brand);
      if (filled === null) continue; // this industry has no words for a slot
      const mention = {
        id: `dev-${++id}`,
        platform: pick(['x', 'x', 'x', 'facebook', 'instagram', 'review']),
        author: { handle: '@' + pick(['jo', 'sam_k', 'travelgal', 'mike88', 'nina.r', 'dtw_dave', 'mum_of_3', 'techguy']) + (id % 97), followers: pick(FOLLOWERS) },
        text: noisify(filled, sentiment, brand),
        sentiment,
        complaint,
        category,
        industry,
        template: ti,
      };
      rows[split].push(mention);
    }
  }
});

// Shuffle deterministically so training does not see templates in blocks.
for (const split of ['train', 'test', 'holdout']) {
  const a = rows[split];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
}
fs.mkdirSync(outDir, { recursive: true });
const write = (name, list) => {
  const file = path.join(outDir, name);
  fs.writeFileSync(file + '.tmp', list.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.renameSync(file + '.tmp', file);
};
write('train.ndjson', rows.train);
write('test.ndjson', rows.test);
write('holdout.ndjson', rows.holdout);
write('all.ndjson', [...rows.train, ...rows.test]);
const count = (list, key) => list.reduce((m, r) => ((m[r[key]] = (m[r[key]] || 0) + 1), m), {});
if (!process.env.EARSHOT_QUIET) {
  console.log(`devset: ${rows.train.length} train / ${rows.test.length} test mentions from ${TEMPLATES.length} templates x ${industries.length} industries`);
  console.log('  test sentiment:', JSON.stringify(count(rows.test, 'sentiment')), ' test categories:', Object.keys(count(rows.test, 'category')).length);
}
