// Mention records shaped like the server's (mention fields + triage + drafts + status ...), for widget tests and
// benchmarks. Deterministic: record i is always the same.
const CATEGORIES = [
  ['lost_luggage', 'Lost luggage', 'baggage'], ['refund', 'Refund request', 'billing'], ['card_blocked', 'Card blocked', 'cards'],
  ['delay', 'Flight delay', 'operations'], ['app_login', 'App login problem', 'digital'], ['praise', 'Praise', 'social'],
];
const TEXTS = [
  'My bag has been missing for 3 days @airline!!! NOT happy, order ABC-12345',
  'Still waiting on my refund of $120 after two weeks. Email me at jane@example.com',
  'Card blocked again while abroad, cannot pay for the hotel. Help!',
  'Flight delayed 5 hours and nobody at the gate tells us anything',
  'The app keeps logging me out since the update, cannot see my balance',
  'Thanks @airline, the crew on AB123 was fantastic today!',
];

export function makeRecord(i, nowMs = Date.UTC(2026, 10, 24, 12, 0, 0)) {
  const c = CATEGORIES[i % CATEGORIES.length];
  const text = `${TEXTS[i % TEXTS.length]} #${i}`;
  const negative = c[0] !== 'praise';
  const urgency = negative ? ((i * 37) % 100) / 100 : 0.05;
  const within = [30, 60, 240, 1440][i % 4];
  const created = nowMs - ((i * 7919) % (within * 60000 * 2));
  const ents = [];
  const m = /ABC-\d+/.exec(text);
  if (m) ents.push({ type: 'order_id', text: m[0], value: m[0], begin: Buffer.byteLength(text.slice(0, m.index)), end: Buffer.byteLength(text.slice(0, m.index)) + m[0].length });
  return {
    id: `m${i}`,
    platform: ['x', 'facebook', 'review', 'forum'][i % 4],
    author: { handle: `@user${i}`, name: `User ${i}`, followers: (i * 131) % 50000 },
    text,
    created_at: new Date(created).toISOString().replace(/\.\d+Z$/, 'Z'),
    triage: {
      sentiment: { label: negative ? 'negative' : 'positive', score: negative ? -0.6 : 0.8 },
      complaint: negative,
      category: { id: c[0], label: c[1], confidence: 0.82 },
      urgency: { score: urgency, reasons: urgency > 0.7 ? ['shouting', 'stranded'] : [] },
      tier: ['P1', 'P2', 'P3', 'P4'][i % 4],
      team: c[2],
      respond_within_minutes: within,
      entities: ents,
      signals: negative ? ['complaint'] : [],
      explanation: `Category ${c[1]} from the words in the text; urgency ${Math.round(urgency * 100)}.`,
    },
    drafts: [{ label: 'empathetic', text: `Hi @user${i}, we're sorry about this. Please DM us your reference and we'll sort it out today. ^AG` }],
    status: 'open',
    assignee: '',
    replies: [],
    commitments: [],
  };
}

export function makeRecords(n, nowMs) {
  return Array.from({ length: n }, (_, i) => makeRecord(i, nowMs));
}
