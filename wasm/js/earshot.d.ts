// Types for the earshot core ES module (wasm/js/earshot.mjs): plain objects in and out, embind hidden.
//   import { loadEarshot } from '/web/earshot.mjs';
//   const earshot = await loadEarshot();
//   const triage = earshot.classify({ text: 'My bag is lost!!!', author: { handle: '@ana', followers: 120 } });
// Result objects are the JSON the native CLI prints for the same input (docs/protocol.md); the fields most callers
// use are typed, the rest stay open ([key: string]: unknown).

export interface Author { handle?: string; name?: string; followers?: number; verified?: boolean }

export interface Mention {
  id?: string;
  platform?: string;
  text: string;
  author?: Author;
  created_at?: string; // ISO 8601
  lang?: string;
  [key: string]: unknown;
}

/** UTF-8 byte offsets into the text (see Earshot.utf8Span). */
export interface ByteSpan { begin: number; end: number }

export interface Entity extends ByteSpan { type: string; text: string; value: string }

export interface Triage {
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number; [key: string]: unknown };
  complaint: boolean;
  category: { id: string; label: string; confidence: number; [key: string]: unknown };
  urgency: { score: number; reasons: string[]; [key: string]: unknown };
  tier: string;
  team: string;
  respond_within_minutes: number;
  entities: Entity[];
  signals: string[];
  explanation: string;
  [key: string]: unknown;
}

export interface ClassifyContext { prior_contacts?: number; now_ms?: number }

export interface LintFinding extends ByteSpan {
  rule: string;
  text: string;
  why: string;
  fix?: string;
  replacement?: string;
  [key: string]: unknown;
}

export interface LintResult {
  score: number;
  passed: boolean;
  length: number;
  limit: number;
  findings: LintFinding[];
  [key: string]: unknown;
}

export interface Draft {
  rank: number;
  kind: string;
  public: string;
  private: string;
  channel: string;
  lint_score: number;
  length: number;
  limit: number;
  findings: LintFinding[];
  [key: string]: unknown;
}

export interface DraftResult { triage: Triage; drafts: Draft[]; [key: string]: unknown }

export interface PiiSpan extends ByteSpan { kind: string; text: string; label: string }

export interface PiiResult { redacted: string; spans: PiiSpan[] }

export interface Commitment extends ByteSpan {
  text: string;
  kind: string;
  who: string;
  due_at: string | null; // ISO 8601
  due_at_ms: number | null;
  due_text: string;
}

export interface TrainExample { text: string; label: string }

export interface TrainOptions {
  epochs?: number;
  learning_rate?: number;
  l2?: number;
  seed?: number;
  min_df?: number;
  average?: boolean;
  features?: {
    hash_bits?: number;
    word_ngrams?: [number, number];
    char_ngrams?: [number, number];
    skip_window?: number;
    special_tokens?: boolean;
    stem?: boolean;
    sublinear_tf?: boolean;
    idf?: boolean;
    char_weight?: number;
  };
  /** Also cross-validate with K folds. */
  cv?: number;
  onProgress?: (epoch: number, total: number, loss: number, fold: number, folds: number) => void;
}

export interface ModelInfo {
  handle: number;
  labels: string[];
  num_features: number;
  size_bytes?: number;
  memory_bytes?: number;
  [key: string]: unknown;
}

export interface TrainResult extends ModelInfo {
  /** Base64 of the same bytes `earshot train` writes. */
  model: string;
  train_ms: number;
  examples: number;
  cv?: { accuracy: number; macro_f1: number; per_class: unknown; top_confusions: unknown; fold_accuracy: number[]; ms: number };
}

export interface Prediction {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
  explanation?: unknown;
  [key: string]: unknown;
}

export interface FeatureContribution { feature: string; value: number; weight: number; contribution: number }

/** A model handle, or an object carrying one (the result of train() / loadClassifier()). */
export type ModelHandle = number | { handle: number };

export interface Incident {
  id: string;
  title: string;
  category: string;
  category_label: string;
  team: string;
  status: 'open' | 'acknowledged' | 'fixed';
  mentions: number;
  fix_note: string;
  [key: string]: unknown;
}

export interface InsightsSession {
  observe(mention: Mention | string): { opened: Incident[]; updated: Incident[]; spikes: unknown[]; [key: string]: unknown };
  incidents(): unknown;
  acknowledge(incidentId: string, at?: string): unknown;
  fix(incidentId: string, note: string, options?: { at?: string; brand?: string; signature?: string; statusUrl?: string }): unknown;
  report(now?: string): Record<string, unknown>;
  free(): void;
}

export declare class Earshot {
  /** Version of the core, e.g. "0.1.0". */
  readonly version: string;
  /** The playbook in force. */
  readonly playbook: Record<string, unknown>;
  /** Tokens and text statistics, as the classifier sees the text. */
  tokenize(text: string): Record<string, unknown>;
  /** Triage of one mention; throws Error for an invalid mention. */
  classify(mention: Mention | string, context?: ClassifyContext | null): Triage;
  /** Replaces the playbook; returns the problems (empty when loaded; on problems the old one stays). */
  loadPlaybook(playbook: object | string): string[];
  /** Switches to a shipped playbook ('default', 'airline'); returns the problems. */
  useBuiltinPlaybook(name: string): string[];
  /** Plain VADER compound score (the port of npm vader-sentiment), for comparisons. */
  vaderCompound(text: string): number;
  train(examples: TrainExample[], options?: TrainOptions): TrainResult;
  loadClassifier(model: string | Uint8Array): ModelInfo;
  predict(handle: ModelHandle, text: string, explain?: number): Prediction;
  predictMany(handle: ModelHandle, texts: string[]): Prediction[];
  explain(handle: ModelHandle, text: string, label: string, k?: number): FeatureContribution[] | Record<string, unknown>;
  freeClassifier(handle: ModelHandle): boolean;
  /** Process report with incidents (same JSON as `earshot report --json`). */
  insightsReport(ndjson: string, options?: { brandHandles?: string[]; now?: string }): Record<string, unknown>;
  insightsSession(): InsightsSession;
  /** Up to three ranked reply drafts. */
  draft(mention: Mention | string): DraftResult;
  lint(reply: string, mention?: Mention | string | null, options?: { platform?: string }): LintResult;
  detectPII(text: string): PiiResult;
  redact(text: string): string;
  commitments(reply: string, sentAt: Date | number, utcOffsetMinutes?: number): Commitment[];
  /** A UTF-8 byte span of text as JS string (UTF-16) offsets [start, end). */
  static utf8Span(text: string, begin: number, end: number): [number, number];
}

/** Loads (once) and returns the core API; options go to the Emscripten module factory. */
export declare function loadEarshot(options?: Record<string, unknown>): Promise<Earshot>;
