// Helpers for node tests that compare the wasm build with the native CLI.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const bin = process.env.EARSHOT_BIN;
export const webDir = process.env.EARSHOT_WEB_DIR;
export const sourceDir = process.env.EARSHOT_SOURCE_DIR;

if (!bin || !webDir || !sourceDir) {
  throw new Error('run through ctest: EARSHOT_BIN, EARSHOT_WEB_DIR and EARSHOT_SOURCE_DIR must be set');
}

/** Runs the native `earshot` with args and stdin; returns stdout. Throws on non-zero exit. */
export function runNative(args, input) {
  return execFileSync(bin, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
}

export async function loadWasm() {
  const mod = await import(path.join(webDir, 'earshot.mjs'));
  return mod.loadEarshot();
}
