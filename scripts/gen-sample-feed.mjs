// Writes web-demo/data/sample-feed.ndjson: a few hundred invented, realistic public mentions for the demo and
// tests (`earshot serve --replay`). All text is written for earshot (no third-party data). Deterministic.
//   node scripts/gen-sample-feed.mjs > web-demo/data/sample-feed.ndjson
let seed = 20261124;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];
const num = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

const first = ['Jane', 'Omar', 'Priya', 'Lukas', 'Mei', 'Carlos', 'Aisha', 'Tom', 'Sofia', 'Kwame', 'Hana', 'Diego',
  'Grace', 'Ivan', 'Nora', 'Sam', 'Leila', 'Ben', 'Yuki', 'Fatima', 'Joe', 'Elena', 'Raj', 'Chloe', 'Mateo'];
const last = ['Doe', 'Haddad', 'Nair', 'Berg', 'Chen', 'Ruiz', 'Bello', 'Walsh', 'Rossi', 'Mensah', 'Sato', 'Lopez'];
const platforms = ['x', 'x', 'x', 'facebook', 'instagram', 'review', 'forum', 'email'];

function person() {
  const f = pick(first), l = pick(last);
  const handle = '@' + (f + pick(['_', '', '.']) + l).toLowerCase().replace('.', '') + (rnd() < 0.5 ? num(1, 99) : '');
  return { handle, name: `${f} ${l}`, followers: rnd() < 0.06 ? num(15000, 250000) : num(3, 2400) };
}
const order = () => `#A${num(10000, 99999)}`;
const amount = () => `$${num(12, 480)}.${pick(['00', '99', '50', '49'])}`;
const flight = () => `SW${num(100, 2999)}`;
const airport = () => pick(['JFK', 'LAX', 'ORD', 'DEN', 'SEA', 'BOS', 'LHR', 'ATL']);
const day = () => pick(['Monday', 'Tuesday', 'Friday', 'the weekend', 'last week', 'yesterday']);

// [brand, template producing text]; {b} = brand handle
const templates = {
  acme_delivery: [
    () => `{b} my order ${order()} was supposed to arrive ${day()} and tracking hasn't moved in 6 days. Where is it?`,
    () => `Parcel ${order()} says delivered but nothing at my door. {b} please sort this out`,
    () => `{b} third week waiting for ${order()}. Every time I ask I get a copy-paste answer.`,
    () => `Still no delivery. Still no reply. ${order()} {b}`,
    () => `the courier left my package in the rain, box soaked and the kettle inside is broken {b}`,
  ],
  acme_billing: [
    () => `{b} you charged me twice for ${order()}, ${amount()} each. I want the second one back today.`,
    () => `Cancelled my Acme Plus subscription in March and you are STILL taking ${amount()} a month {b}`,
    () => `{b} where is my refund? Returned ${order()} three weeks ago, label scanned, no money.`,
    () => `Promo code said 20% off and the checkout ignored it. Paid ${amount()} instead of less {b}`,
  ],
  acme_app: [
    () => `{b} the Acme app crashes every time I open my basket. iPhone, latest update.`,
    () => `Can't log in to the Acme app since the update, "something went wrong" on every try {b}`,
    () => `{b} is the app down? Checkout spins forever`,
    () => `your website keeps logging me out mid-payment. Tried 4 times. {b}`,
  ],
  acme_caps: [
    () => `WORST CUSTOMER SERVICE EVER {b}!!! NOBODY ANSWERS THE PHONE`,
    () => `{b} I AM DONE. ${order()} LOST AND YOUR CHAT BOT HUNG UP ON ME 😡😡`,
    () => `HOW HARD IS IT TO DELIVER ONE PARCEL {b}??? 2 WEEKS!!!`,
  ],
  acme_praise: [
    () => `Shoutout to {b} support, Maria sorted my return in five minutes. Proper service 👏`,
    () => `{b} the new smart speaker is brilliant, setup took two minutes`,
    () => `Ordered at 9pm, arrived 8am next morning. Impressed {b}`,
    () => `thank you {b} for replacing my broken kettle without any fuss ❤️`,
  ],
  acme_question: [
    () => `{b} how do I change the delivery address on an order that has already shipped?`,
    () => `Does the Acme Plus plan include free returns? {b}`,
    () => `{b} can I use two gift cards on one order?`,
    () => `what time does your Leeds store open on Sundays {b}?`,
  ],
  acme_threat: [
    () => `{b} if ${amount()} isn't back in my account by Friday I'm taking this to small claims court and my bank.`,
    () => `Cancelling everything with {b} and telling everyone I know. 8 years a customer, treated like dirt.`,
    () => `{b} your heater overheated and started smoking in my kid's room. This is a safety issue, who do I talk to?`,
  ],
  acme_pii: [
    () => `{b} please call me back on 07700 900${num(100, 999)}, order ${order()}, I've been waiting all week`,
    () => `my email is ${pick(first).toLowerCase()}.${pick(last).toLowerCase()}@example.com, you have it on file, why has nobody written back {b}`,
    () => `{b} card ending ${num(1000, 9999)} charged ${amount()} for something I never ordered. 14 Elm Road if you need the address`,
  ],
  sky: [
    () => `{b} flight ${flight()} from ${airport()} delayed 5 hours and no one at the gate knows anything`,
    () => `{b} you cancelled ${flight()} and rebooked me for TWO DAYS later. My sister's wedding is tomorrow.`,
    () => `lost bag on ${flight()} to ${airport()}, 4 days, no updates, all my medication is in it {b}`,
    () => `Great crew on ${flight()} today, thank you {b}! Smooth landing in ${airport()}`,
    () => `{b} can I bring a stroller as cabin baggage on Economy Plus?`,
    () => `{b} the wifi I paid for on ${flight()} didn't work for the whole flight. Want my ${amount()} back`,
    () => `Stuck at ${airport()} overnight after ${flight()} was cancelled, no hotel voucher, 2 kids. Thanks {b}, really.`,
  ],
  bank: [
    () => `{b} my card got blocked abroad again even though I set a travel notice. Can't pay for anything.`,
    () => `{b} transfer of ${amount()} has been "pending" for 3 days, rent is due`,
    () => `Love the new savings goals in the {b} app, nicely done`,
    () => `{b} how do I raise my contactless limit?`,
    () => `Someone took ${amount()} from my {b} account and your fraud line has a 2 hour wait. Unacceptable.`,
  ],
  spam: [
    () => `🔥 Earn $500 a day from home!!! DM me 🔥 {b} {b}`,
    () => `Follow for follow? {b}`,
  ],
};
const brands = { acme: '@acme', sky: '@skyway', bank: '@northwindbank' };
const mix = [
  ['acme_delivery', 'acme', 18], ['acme_billing', 'acme', 12], ['acme_app', 'acme', 8], ['acme_caps', 'acme', 6],
  ['acme_praise', 'acme', 9], ['acme_question', 'acme', 9], ['acme_threat', 'acme', 4], ['acme_pii', 'acme', 4],
  ['sky', 'sky', 16], ['bank', 'bank', 10], ['spam', 'acme', 3],
];
const total = mix.reduce((s, m) => s + m[2], 0);
function draw() {
  let r = rnd() * total;
  for (const m of mix) { if ((r -= m[2]) < 0) return m; }
  return mix[0];
}

const out = [];
let t = Date.UTC(2026, 10, 24, 6, 0, 0);
const repeaters = Array.from({ length: 6 }, person);
for (let i = 0; i < 360; i++) {
  const spike = i >= 180 && i < 205;
  t += (spike ? num(4, 15) : num(20, 240)) * 1000;
  let author = rnd() < 0.15 ? pick(repeaters) : person();
  let [kind, brand] = draw();
  // a small spike: ~25 app-down complaints in a few minutes, in the middle of the feed
  if (spike) { kind = 'acme_app'; brand = 'acme'; author = person(); }
  const text = pick(templates[kind])().replaceAll('{b}', brands[brand]);
  const m = {
    id: `demo-${String(i + 1).padStart(4, '0')}`,
    platform: kind.startsWith('sky') && rnd() < 0.3 ? 'review' : pick(platforms),
    author,
    text,
    created_at: new Date(t).toISOString().replace('.000Z', 'Z'),
  };
  if (m.platform === 'x') m.url = `https://x.example/${author.handle.slice(1)}/status/${1800000000000 + i}`;
  if (rnd() < 0.08) m.lang = 'en';
  out.push(JSON.stringify(m));
}
process.stdout.write(out.join('\n') + '\n');
