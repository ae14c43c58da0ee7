// The waiting counters (queue_waiting, docs/queue.md "Waiting counters")
// against the tickets themselves: a random mix of every ticket action, run
// concurrently by kiosks, windows, citizens and check-ins, then every
// queue's kiosk `waiting`, every waiting ticket's `ahead` and the quote of
// a new ticket are compared with what the hall's ticket list says. Runs on
// SQLite and PostgreSQL. YW_COUNTS_SEED=n replays the same random choices
// (their interleaving still varies from run to run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10, idNumber, act, take } from './queuelib.mjs';

const SEED = Number(process.env.YW_COUNTS_SEED || Math.floor(Math.random() * 2 ** 31));
const MIN = 60000;
const env = { YIWANG_TEST_CLOCK: String(TUESDAY_10) };
let srv, admin, clerk, mgr, started;
const Q = {}; // code → queue id
const slotAt = new Map(); // appointment id → its slot start (the sort_at of its on-time ticket)
const layout = { 1: ['A'], 2: ['A', 'B'], 3: ['B', 'A'], 4: ['C', 'E'], 5: ['E', 'C'], 6: ['D', 'A'], 7: ['A', 'E'], 8: ['B', 'C', 'D'] };

// A small deterministic generator (mulberry32) so a failing mix can be replayed.
let seed = SEED;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];

before(async () => {
  srv = await startServer({ env });
  started = Date.now();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  for (const q of (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues) Q[q.code] = q.id;
});
after(() => srv?.stop());

/** The server's clock (it started at TUESDAY_10 and runs on). */
const serverNow = () => TUESDAY_10 + (Date.now() - started);

/** A reply is a success or a registry error, never a server failure. */
function settled(r, what) {
  assert.ok(r.status < 500, `${what}: ${r.status} ${r.text}`);
  if (r.status >= 400) assert.equal(typeof r.json?.error, 'string', `${what}: ${r.text}`);
  return r.status < 300;
}

/** Today's tickets of hall 1 from the staff list. */
async function hallTickets() {
  const r = await request(srv.base, 'GET', '/api/v1/halls/1/tickets', { token: mgr.token });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length < 500, 'the list is not cut off');
  return r.json.items;
}

/** The calling order (docs/queue.md): due appointments, the green channel,
 * then everyone else (appointments not yet due too) by sort_at, then id. */
function sortAt(t) { return t.klass === 0 ? slotAt.get(t.appointment_id) : t.issued_at; }
function rank(t, now) { return t.klass === 0 && sortAt(t) <= now ? 0 : t.klass === 1 ? 1 : 2; }
function callsBefore(a, b, now) {
  const ra = rank(a, now), rb = rank(b, now);
  if (ra !== rb) return ra < rb;
  return sortAt(a) !== sortAt(b) ? sortAt(a) < sortAt(b) : a.id < b.id;
}
function expectedAhead(t, waiting, now) {
  const ahead = waiting.filter((x) => x.queue_id === t.queue_id && x.id !== t.id && callsBefore(x, t, now));
  return [ahead.length, ahead.filter((x) => x.klass === 1).length, ahead.filter((x) => x.klass === 0).length];
}

test('setup: windows over several queues, room in every queue, appointments to check in', async () => {
  for (const [code, q] of Object.entries(Q)) {
    const cur = await request(srv.base, 'GET', `/api/v1/queues/${q}`, { token: mgr.token });
    const r = await request(srv.base, 'PUT', `/api/v1/queues/${q}`, { token: mgr.token, body: { daily_quota: 999, appt_min_notice_min: 0, version: cur.json.version } });
    assert.equal(r.status, 200, `${code}: ${r.text}`);
  }
  // Windows whose queues overlap, so transfers and calls cross queues.
  for (const [w, codes] of Object.entries(layout)) {
    const r = await request(srv.base, 'PUT', `/api/v1/windows/${w}`, { token: mgr.token, body: { queue_codes: codes } });
    assert.equal(r.status, 200, r.text);
  }
  // Appointments today: 10:00 is due at once, 10:15 and 10:30 only later
  // (they wait behind earlier walk-ins); all three may check in now.
  let serial = 0;
  for (const code of ['A', 'B', 'D']) {
    for (const start of ['10:00', '10:15', '10:30']) {
      const r = await request(srv.base, 'POST', '/api/v1/appointments', { token: mgr.token, body: { queue_id: Q[code], date: '2026-11-24', start, name: '预约人', id_number: idNumber('19800101', 500 + serial++) } });
      if (r.status !== 201) continue; // no session at that time for this queue
      const [h, m] = start.split(':').map(Number);
      slotAt.set(r.json.id, TUESDAY_10 + ((h - 10) * 60 + m) * MIN);
    }
  }
  assert.ok(slotAt.size >= 3, `${slotAt.size} appointments booked`);
});

test('counters match the tickets after a concurrent random mix of every action', async () => {
  console.log(`# queue_counts seed ${SEED} (YW_COUNTS_SEED replays its choices)`);
  const codes = Object.keys(Q);
  const issued = []; // {token, code}
  const done = {};
  const count = (k) => { done[k] = (done[k] || 0) + 1; };
  const issue = async (body) => {
    const r = await take(srv.base, 1, body);
    if (settled(r, 'issue')) { issued.push(r.json); count('issue'); }
  };
  // Some waiting before the windows start.
  for (let i = 0; i < 30; i++) await issue({ queue_id: Q[pick(codes)] });

  const kiosk = async (steps) => {
    for (let i = 0; i < steps; i++) {
      const green = rand() < 0.2;
      await issue({ queue_id: Q[pick(codes)], ...(green ? { priority: pick(['pregnant', 'disabled', 'military']) } : {}) });
    }
  };
  const citizen = async (steps) => {
    for (let i = 0; i < steps; i++) {
      if (!issued.length) continue;
      const r = await request(srv.base, 'POST', `/api/v1/tickets/${pick(issued).token}/cancel`);
      if (settled(r, 'cancel')) count('cancel');
    }
  };
  const checkins = async () => {
    for (const id of [...slotAt.keys()]) {
      const list = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-11-24', { token: mgr.token });
      const a = list.json.items.find((x) => x.id === id);
      const r = await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { code: a.code } });
      if (settled(r, 'check-in')) { issued.push(r.json.ticket); count('check-in'); }
      await new Promise((ok) => setTimeout(ok, 20));
    }
  };
  const windows = [1, 2, 3, 4, 5, 6, 7, 8];
  const window = async (w, steps) => {
    const who = w % 2 ? clerk : mgr;
    let cur = null; // status of the ticket at the window
    const parked = [];
    for (let i = 0; i < steps; i++) {
      let name, body;
      if (cur) {
        name = pick(cur === 'called'
          ? ['recall', 'no-show', 'park', 'start', 'start', 'transfer', 'transfer']
          : ['finish', 'finish', 'park', 'transfer']);
        if (name === 'transfer') body = rand() < 0.5 ? { queue_id: Q[pick(codes)] } : { window_id: pick(windows.filter((x) => x !== w)) };
      } else if (parked.length && rand() < 0.3) {
        name = 'resume';
        body = { ticket_id: parked.splice(Math.floor(rand() * parked.length), 1)[0] };
      } else if (rand() < 0.2 && issued.some((t) => layout[w].some((c) => Q[c] === t.queue_id))) {
        // By number: one of the latest tickets of a queue this window serves.
        name = 'call';
        body = { code: pick(issued.filter((t) => layout[w].some((c) => Q[c] === t.queue_id)).slice(-10)).code };
      } else {
        name = 'call-next';
      }
      const r = await act(srv.base, who, w, name, body);
      if (settled(r, `window ${w} ${name}`)) {
        count(name);
        if (name === 'park') { parked.push(r.json.id); cur = null; } else cur = ['called', 'serving'].includes(r.json.status) ? r.json.status : null;
      } else if (r.json.error === 'RECALL_LIMIT') {
        const n = await act(srv.base, who, w, 'no-show');
        if (settled(n, `window ${w} no-show`)) { count('no-show'); cur = null; }
      }
    }
  };
  await Promise.all([
    kiosk(70), kiosk(70), citizen(25), checkins(),
    ...windows.map((w) => window(w, 40)),
  ]);
  for (const k of ['issue', 'call-next', 'call', 'recall', 'no-show', 'park', 'resume', 'start', 'finish', 'transfer', 'cancel', 'check-in'])
    assert.ok(done[k] > 0, `the mix did some ${k}: ${JSON.stringify(done)}`);

  // Quiet now: what the counters say against what the tickets say.
  const tickets = await hallTickets();
  const waiting = tickets.filter((t) => t.status === 'waiting');
  assert.ok(waiting.length > 0, 'some are still waiting');
  const k = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json;
  for (const q of k.queues)
    assert.equal(q.waiting, waiting.filter((t) => t.queue_id === q.id).length, `kiosk waiting of ${q.code} (seed ${SEED})`);
  const board = (await request(srv.base, 'GET', '/api/v1/halls/1/board')).json;
  for (const q of board.queues)
    assert.equal(q.waiting, waiting.filter((t) => t.queue_id === q.id).length, `board waiting of ${q.code}`);
  const now = serverNow();
  const tokens = new Map(issued.map((t) => [t.id, t.token])); // staff lists carry no token
  for (const t of waiting) {
    assert.ok(tokens.has(t.id), `${t.code} was issued by this test`);
    const page = (await request(srv.base, 'GET', `/api/v1/tickets/${tokens.get(t.id)}`)).json;
    assert.equal(page.status, 'waiting');
    assert.deepEqual([page.ahead, page.ahead_green, page.ahead_appointment], expectedAhead(t, waiting, now),
      `ahead, green, appointments of ${t.code} (klass ${t.klass}, seed ${SEED})`);
  }

  // A new walk-in and a new green ticket are quoted from the counters: the
  // same people ahead as the tickets say.
  for (const code of codes) {
    for (const body of [{ queue_id: Q[code] }, { queue_id: Q[code], priority: 'pregnant' }]) {
      const list = (await hallTickets()).filter((t) => t.status === 'waiting');
      const r = await take(srv.base, 1, body);
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.json.ahead, r.json.ahead_green, r.json.ahead_appointment], expectedAhead(r.json, list, serverNow()),
        `quote of a new ${body.priority ? 'green' : 'walk-in'} ticket in ${code}`);
      const kq = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.find((q) => q.id === Q[code]);
      assert.equal(kq.waiting, list.filter((t) => t.queue_id === Q[code]).length + 1, `kiosk waiting of ${code} after one more`);
    }
  }
});

test('the next day starts from zero (the day-end sweep clears the counters)', async () => {
  env.YIWANG_TEST_CLOCK = String(TUESDAY_10 + 86400000);
  await srv.stop({ keep: true });
  srv = await startServer({ restart: srv, env });
  const k = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json;
  assert.deepEqual(k.queues.map((q) => q.waiting), k.queues.map(() => 0));
  const t = await take(srv.base, 1, { queue_id: Q.A });
  assert.equal(t.status, 201, t.text);
  assert.equal(t.json.ahead, 0);
  const k2 = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json;
  assert.equal(k2.queues.find((q) => q.id === Q.A).waiting, 1);
});
