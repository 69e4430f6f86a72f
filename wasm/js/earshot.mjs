// The earshot core as an ES module: plain JS objects in and out, embind hidden.
//   import { loadEarshot } from './earshot.mjs';
//   const earshot = await loadEarshot();
//   earshot.tokenize('NOT happy!!! @airline');
// Works in browsers (loads earshot-core.js next to this file) and in node (>= 18).

let instance = null;

async function coreFactory() {
  if (globalThis.createEarshotCore) return globalThis.createEarshotCore;
  const isNode = typeof process !== 'undefined' && process.versions && process.versions.node && typeof window === 'undefined';
  if (isNode) {
    const { createRequire } = await import('node:module');
    return createRequire(import.meta.url)('./earshot-core.js');
  }
  const url = new URL('./earshot-core.js', import.meta.url).href;
  if (typeof importScripts === 'function') {
    importScripts(url); // classic worker
  } else {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = resolve;
      s.onerror = () => reject(new Error('earshot: could not load ' + url));
      document.head.appendChild(s);
    });
  }
  return globalThis.createEarshotCore;
}

/** Loads (once) and returns the earshot core API. */
export async function loadEarshot(options = {}) {
  if (!instance) {
    instance = coreFactory().then((factory) => factory(options)).then((mod) => new Earshot(mod));
  }
  return instance;
}

export class Earshot {
  constructor(mod) {
    this._m = mod;
  }
  /** Version of the core, e.g. "0.1.0". */
  get version() {
    return this._m.version();
  }
  /** Tokens and text statistics, as the classifier sees the text. */
  tokenize(text) {
    return JSON.parse(this._m.tokenize(String(text)));
  }
  /**
   * Triage of one mention ({text, author:{handle,followers}, platform, created_at, ...} or its JSON text).
   * context: {prior_contacts, now_ms}. Returns the triage object; throws Error for an invalid mention.
   */
  classify(mention, context = null) {
    const text = typeof mention === 'string' ? mention : JSON.stringify(mention);
    const r = JSON.parse(this._m.classify(text, context ? JSON.stringify(context) : ''));
    if (r.error) throw new Error('earshot.classify: ' + r.error);
    return r.triage;
  }
  /**
   * Replaces the playbook classify() uses (object or JSON text). Returns the list of problems (empty when loaded);
   * on problems the previous playbook stays in force.
   */
  loadPlaybook(playbook) {
    const text = typeof playbook === 'string' ? playbook : JSON.stringify(playbook);
    return JSON.parse(this._m.loadPlaybook(text)).errors;
  }
  /** Switches to a shipped playbook: 'default' or 'airline'. Returns problems (empty on success). */
  useBuiltinPlaybook(name) {
    return JSON.parse(this._m.useBuiltinPlaybook(String(name))).errors;
  }
  /** The playbook in force, as an object. */
  get playbook() {
    return JSON.parse(this._m.playbook());
  }
  /** Plain VADER compound score of a text (the port of npm vader-sentiment), for comparisons. */
  vaderCompound(text) {
    return this._m.vaderCompound(String(text));
  }
}
