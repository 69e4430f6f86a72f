#!/usr/bin/env node
// Build-time generator: turns the VADER lexicon shipped by the npm package `vader-sentiment` (Apache-2.0) into a
// plain "token<TAB>valence" file that the core embeds (earshot_embed). The lexicon is never committed.
//   node scripts/vader-lexicon.mjs NODE_MODULES OUT.tsv
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [nodeModules, out] = process.argv.slice(2);
if (!nodeModules || !out) {
  console.error('usage: vader-lexicon.mjs NODE_MODULES OUT.tsv');
  process.exit(2);
}
const src = path.resolve(nodeModules, 'vader-sentiment', 'src', 'vader_lexicon.js');
if (!fs.existsSync(src)) {
  console.error(`vader-lexicon.mjs: ${src} not found; run scripts/setup.sh (npm ci) first`);
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { lexicon } = require(src);
const lines = [];
for (const [token, valence] of Object.entries(lexicon)) {
  if (/[\t\n]/.test(token) || typeof valence !== 'number') continue;
  lines.push(`${token}\t${valence}`);
}
if (lines.length < 7000) {
  console.error(`vader-lexicon.mjs: only ${lines.length} entries read from ${src}`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out + '.tmp', lines.join('\n') + '\n');
fs.renameSync(out + '.tmp', out);
