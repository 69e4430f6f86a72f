// Types for the <earshot-widget> custom element (wasm/js/earshot-widget.js).
//   <script src="/web/earshot-widget.js"></script>
//   <earshot-widget mode="agent|help|offline" server="wss://host" token="..." theme="dark|light" agent="sam" playbook="airline">

export type WidgetMode = 'agent' | 'help' | 'offline';
export type Connection = 'offline' | 'connecting' | 'live' | 'reconnecting' | 'unauthorized';

export interface QueueItem {
  id: string; author: string; text: string; category: string; sentiment: string; due: string; status: string;
}

export interface WidgetState {
  mode: WidgetMode;
  theme: 'dark' | 'light';
  connection: Connection;
  connection_detail: string;
  last_seq: number;
  total: number;
  shown: number;
  search: string;
  queue: QueueItem[]; // first 25 rows of the filtered, sorted queue
  selected?: {
    id: string; author: string; followers: number; text: string; status: string; assignee: string; due: string;
    triage?: { category: string; sentiment: string; urgency: number; tier: string; team: string; explanation: string };
    drafts: { label: string; text: string }[];
    replies: number;
  };
  reply?: { text: string; lint: { score: number; findings: { rule: string; severity: string; message: string }[] } | null; lint_available: boolean };
  known_issues: string[];
  /** Incidents from the server's incident.* events (agent mode). */
  incidents: { id: string; title: string; status: 'open' | 'acknowledged' | 'fixed'; team: string; mentions: number; fix_note: string }[];
  presence: { agent: string; mention_id: string; state: string }[];
  models: string[];
  help?: {
    text: string; classified: boolean; category: string; respond_within_minutes: number;
    answer: { title: string; body: string } | null; pii: { type: string; text: string }[]; submitted: boolean;
    classifier_available: boolean;
  };
  offline?: { file: string; format: string; loaded: number; skipped: number; labeled: number; classified: number; message: string; error: boolean };
}

export interface FrameStats {
  last_ms: number; avg_ms: number; max_ms: number; frames: number; skipped: number; first_frame_at: number;
  /** Every rendered frame since module.resetFrameStats(): count, mean, 99th percentile and max in ms. */
  window: { frames: number; mean_ms: number; p99_ms: number; max_ms: number };
}

export type WidgetAction =
  | { action: 'status'; id: string; status: 'open' | 'pending' | 'resolved' }
  | { action: 'assign'; id: string; assignee: string }
  | { action: 'reply'; id: string; text: string }
  | { action: 'incident-acknowledge'; id: string; agent: string }
  | { action: 'incident-fix'; id: string; agent: string; note: string }
  | { action: 'submit'; text: string }; // help mode: the host page decides where the visitor's message goes

export interface EarshotWidgetElement extends HTMLElement {
  readonly mode: WidgetMode;
  /** Load time of the module in ms (set when ready). */
  loadMs?: number;
  /** What the accessibility mirror shows, as an object (null before ready). */
  state(): WidgetState | null;
  /**
   * select, next, prev, resolve, pending, reopen, assign, reply-text, send-reply, search, help-text, tab, sort, offline,
   * filter (arg "category=Refunds"; also sentiment, tier, team, status, assignee; an empty value means any),
   * incident-ack (arg: incident id), incident-fix (arg: JSON {"id", "note"}).
   */
  command(name: string, arg?: string): boolean;
  /** Feeds mention records (the server's record shape) or server events. */
  push(data: object | object[] | string): void;
  /** Offline mode: CSV or NDJSON text, as if the file had been dropped. */
  loadText(name: string, text: string): void;
  frameStats(): FrameStats | null;
  addEventListener(type: 'earshot-ready', listener: (e: CustomEvent<void>) => void): void;
  addEventListener(type: 'earshot-action', listener: (e: CustomEvent<WidgetAction>) => void): void;
  addEventListener(type: 'earshot-state', listener: (e: CustomEvent<WidgetState>) => void): void;
  addEventListener(type: 'earshot-export', listener: (e: CustomEvent<{ name: string; mime: string; content: string }>) => void): void;
  addEventListener(type: 'earshot-error', listener: (e: CustomEvent<{ action: WidgetAction; status: number; message: string }>) => void): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
}

declare global {
  interface HTMLElementTagNameMap { 'earshot-widget': EarshotWidgetElement }
}
