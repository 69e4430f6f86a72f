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

  // --- trainable text classifier -------------------------------------------------------------------------------
  /**
   * Trains a text classifier in the page (use a worker for big data sets: training is synchronous).
   * examples: [{text, label}, ...]; options: {epochs, learning_rate, l2, seed, min_df, average,
   *   features: {hash_bits, word_ngrams: [1, 2], char_ngrams: [2, 5], skip_window, special_tokens, stem,
   *   sublinear_tf, idf, char_weight}, cv: K (also cross-validate), onProgress(epoch, total, loss, fold, folds)}.
   * Returns {handle, model (base64 of the same bytes `earshot train` writes), labels, num_features, size_bytes,
   * memory_bytes, train_ms, examples[, cv: {accuracy, macro_f1, per_class, top_confusions, fold_accuracy, ms}]}.
   * Same data + options + seed as `earshot train` gives byte-identical models.
   */
  train(examples, options = {}) {
    const { onProgress, ...opts } = options || {};
    const r = JSON.parse(this._m.trainClassifier(JSON.stringify(examples), JSON.stringify(opts), typeof onProgress === 'function' ? onProgress : undefined));
    if (r.error) throw new Error('earshot train: ' + r.error);
    return r;
  }
  /** Loads a model (base64 string or Uint8Array of a model file). Returns {handle, labels, num_features, ...}. */
  loadClassifier(model) {
    const b64 = typeof model === 'string' ? model : bytesToBase64(model);
    const r = JSON.parse(this._m.loadClassifier(b64));
    if (r.error) throw new Error('earshot: ' + r.error);
    return r;
  }
  /** {label, confidence, probabilities: {label: p}[, explanation]} for one text; explain = number of features. */
  predict(handle, text, explain = 0) {
    const r = JSON.parse(this._m.predictClassifier(handleOf(handle), String(text), explain | 0));
    if (r.error) throw new Error('earshot: ' + r.error);
    return r;
  }
  /** Predictions for many texts at once. */
  predictMany(handle, texts) {
    const r = JSON.parse(this._m.predictClassifierBatch(handleOf(handle), JSON.stringify(texts.map(String))));
    if (r.error) throw new Error('earshot: ' + r.error);
    return r;
  }
  /** The k features that most support `label` for `text`: [{feature, value, weight, contribution}]. */
  explain(handle, text, label, k = 10) {
    const r = JSON.parse(this._m.explainClassifier(handleOf(handle), String(text), String(label), k | 0));
    if (r.error) throw new Error('earshot: ' + r.error);
    return r;
  }
  /** Releases a loaded model. */
  freeClassifier(handle) {
    return this._m.freeClassifier(handleOf(handle));
  }
  /**
   * Insights over NDJSON mentions that carry their triage: the process report with its `incidents` (same JSON as
   * `earshot report --json`). options: {brandHandles: ['@acme'], now: ISO time (default: the last mention)}.
   */
  insightsReport(ndjson, options = {}) {
    const r = JSON.parse(this._m.insightsReport(String(ndjson), JSON.stringify(options.brandHandles || []), options.now || ''));
    if (r.error) throw new Error('earshot: ' + r.error);
    return r;
  }
  /** A live insights session: observe(mention) -> {opened, updated, spikes}, incidents(), acknowledge, fix, report. */
  insightsSession() {
    const m = this._m;
    const id = m.insightsCreate();
    const call = (json) => {
      const r = JSON.parse(json);
      if (r && r.error) throw new Error('earshot: ' + r.error);
      return r;
    };
    return {
      observe: (mention) => call(m.insightsObserve(id, typeof mention === 'string' ? mention : JSON.stringify(mention))),
      incidents: () => call(m.insightsIncidents(id)),
      acknowledge: (incidentId, at = '') => call(m.insightsAcknowledge(id, incidentId, at)),
      fix: (incidentId, note, { at = '', brand = '', signature = '^AG', statusUrl = '' } = {}) =>
        call(m.insightsFix(id, incidentId, at, note, JSON.stringify({ brand, signature, status_url: statusUrl }))),
      report: (now = '') => call(m.insightsSessionReport(id, now)),
      free: () => m.insightsFree(id),
    };
  }

  // --- drafting area: drafts, reply linting, PII, commitments (spans are UTF-8 byte offsets; see utf8Span) ---

  /** The playbook text the drafting calls use: the one classify() uses (cached by the core until it changes). */
  _playbookText() {
    return this._m.playbook();
  }
  /**
   * Up to three ranked reply drafts for a mention (object or JSON text; an optional `triage` object is used as is).
   * Returns {triage, drafts:[{rank, kind, public, private, channel, lint_score, length, limit, findings}]}.
   */
  draft(mention) {
    const text = typeof mention === 'string' ? mention : JSON.stringify(mention);
    const r = JSON.parse(this._m.draft(text, this._playbookText()));
    if (r.error) throw new Error('earshot.draft: ' + r.error);
    return r;
  }
  /**
   * Lints a reply to a mention (mention may be null). options.platform overrides the platform.
   * Returns {score, passed, length, limit, findings:[{rule, begin, end, text, why, fix, replacement}]}.
   */
  lint(reply, mention = null, options = {}) {
    const m = mention == null ? '' : typeof mention === 'string' ? mention : JSON.stringify(mention);
    const r = JSON.parse(this._m.lint(String(reply), m, this._playbookText(), options.platform ? String(options.platform) : ''));
    if (r.error) throw new Error('earshot.lint: ' + r.error);
    return r;
  }
  /** Personal data in a text: {redacted, spans:[{kind, begin, end, text, label}]}. */
  detectPII(text) {
    const r = JSON.parse(this._m.redact(String(text), this._playbookText()));
    if (r.error) throw new Error('earshot.detectPII: ' + r.error);
    return r;
  }
  /** The text with personal data replaced by labels ("[card number]"). */
  redact(text) {
    return this.detectPII(text).redacted;
  }
  /** Promises in a sent reply with due times: sentAt is a Date or Unix ms; utcOffsetMinutes the sender's zone. */
  commitments(reply, sentAt, utcOffsetMinutes = 0) {
    const ms = sentAt instanceof Date ? sentAt.getTime() : Number(sentAt);
    if (!Number.isFinite(ms)) throw new Error('earshot.commitments: sentAt must be a Date or Unix milliseconds');
    return JSON.parse(this._m.commitments(String(reply), ms, utcOffsetMinutes | 0));
  }
  /** Converts a UTF-8 byte span of text (as the core reports) to a JS string (UTF-16) [start, end). */
  static utf8Span(text, begin, end) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    return [dec.decode(bytes.slice(0, begin)).length, dec.decode(bytes.slice(0, end)).length];
  }
}

function handleOf(h) {
  return typeof h === 'object' && h !== null ? h.handle : h;
}

function bytesToBase64(bytes) {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes).toString('base64');
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
