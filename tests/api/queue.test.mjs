// Hall queue: taking numbers, the green channel, calling and every window
// action, their errors (each leaving the store unchanged), reminders, cloud
// calling, and concurrent kiosks and windows. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10, idNumber, act, take, queueState } from './queuelib.mjs';

let srv, admin, clerk, mgr;
const Q = {}; // queue code → id (hall 1)

before(async () => {
  srv = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  const k = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  for (const q of k.json.queues) Q[q.code] = q.id;
});
after(() => srv?.stop());

/** Calls everything waiting at a window away (finishing each). */
async function drain(windowId) {
  for (;;) {
    const r = await act(srv.base, clerk, windowId, 'call-next');
    if (r.status !== 200) return;
    await act(srv.base, clerk, windowId, 'no-show');
  }
}

test('the kiosk lists queues; numbers are padded and follow each other', async () => {
  const k = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  assert.equal(k.status, 200);
  assert.equal(k.json.hall.open, true, 'the test clock is a Tuesday morning');
  assert.deepEqual(k.json.queues.map((q) => q.code), ['A', 'B', 'C', 'D', 'E']);
  const a = await take(srv.base, 1, { queue_id: Q.E });
  const b = await take(srv.base, 1, { queue_id: Q.E });
  assert.equal(a.status, 201, a.text);
  assert.match(a.json.code, /^E\d{3}$/);
  assert.equal(Number(b.json.code.slice(1)), Number(a.json.code.slice(1)) + 1);
  assert.equal(b.json.ahead, a.json.ahead + 1);
  assert.ok(b.json.wait_hi > b.json.wait_lo && b.json.token.length === 32);
  // The ticket page and its QR are public by token; an unknown token is 404.
  assert.equal((await request(srv.base, 'GET', `/api/v1/tickets/${a.json.token}`)).json.code, a.json.code);
  const qr = await request(srv.base, 'GET', `/api/v1/tickets/${a.json.token}/qr.svg`);
  assert.match(qr.headers['content-type'], /svg/);
  isError(await request(srv.base, 'GET', `/api/v1/tickets/${'0'.repeat(32)}`), 404, 'NOT_FOUND');
  // By item: the hall's queue that takes it.
  const item = k.json.queues.find((q) => q.code === 'B').item_ids[0];
  const byItem = await take(srv.base, 1, { item_id: item });
  assert.equal(byItem.json.queue_id, Q.B);
  await drain(16); // window 16 serves E
});

test('bad tickets get their registry error and change nothing', async () => {
  const before = await queueState(srv.base, admin);
  isError(await take(srv.base, 1, { queue_id: Q.A, priority: 'elderly', id_number: idNumber('19900101', 5) }), 422, 'GREEN_NOT_ELIGIBLE', 'id_number');
  isError(await take(srv.base, 1, { queue_id: Q.A, priority: 'elderly' }), 422, 'GREEN_NOT_ELIGIBLE', 'id_number');
  isError(await take(srv.base, 1, { queue_id: Q.A, id_number: '440524199001010010' }), 400, 'INVALID_ID_NUMBER', 'id_number');
  isError(await take(srv.base, 1, { queue_id: Q.A, phone: '12345' }), 400, 'INVALID_PHONE', 'phone');
  isError(await take(srv.base, 1, { queue_id: Q.A, priority: 'vip' }), 400, 'BAD_ENUM', 'priority');
  isError(await take(srv.base, 2, { queue_id: Q.A }), 400, 'REF_NOT_FOUND', 'queue_id'); // hall 1's queue at hall 2
  isError(await take(srv.base, 1, {}), 400, 'MISSING_FIELD', 'queue_id');
  isError(await take(srv.base, 1, { queue_id: 'A' }), 400, 'BAD_TYPE', 'queue_id');
  isError(await take(srv.base, 1, { queue_id: Q.A, extra: 1 }), 400, 'UNKNOWN_FIELD', 'extra');
  isError(await take(srv.base, 99, { queue_id: Q.A }), 404, 'NOT_FOUND');
  assert.equal(await queueState(srv.base, admin), before);
});

test('a quota: the last number, then QUOTA_EXHAUSTED without moving the counter', async () => {
  const q = await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code: 'Q2', name: '限号测试', prefix: 'Q', daily_quota: 2, number_max: 99, pad: 2 } });
  assert.equal(q.status, 201, q.text);
  const one = await take(srv.base, 1, { queue_id: q.json.id });
  const two = await take(srv.base, 1, { queue_id: q.json.id });
  assert.deepEqual([one.json.code, two.json.code], ['Q01', 'Q02']);
  const before = await queueState(srv.base, admin);
  isError(await take(srv.base, 1, { queue_id: q.json.id }), 409, 'QUEUE_QUOTA_EXHAUSTED', 'queue_id');
  assert.equal(await queueState(srv.base, admin), before);
  const k = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  assert.equal(k.json.queues.find((x) => x.id === q.json.id).remaining, 0);
  // Bad queue settings are refused on the field.
  isError(await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code: 'Q3', name: 'x', prefix: 'q1' } }), 400, 'BAD_FORMAT', 'prefix');
  isError(await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code: 'Q3', name: 'x', prefix: 'A' } }), 409, 'DUPLICATE', 'prefix');
  isError(await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code: 'Q3', name: 'x', prefix: 'R', number_max: 1000, pad: 3 } }), 400, 'OUT_OF_RANGE', 'pad');
  await drain(1);
});

test('calling: green channel first, then issue time; start and finish record times', async () => {
  await drain(1);
  const n1 = await take(srv.base, 1, { queue_id: Q.A });
  const n2 = await take(srv.base, 1, { queue_id: Q.A });
  const old = await take(srv.base, 1, { queue_id: Q.A, priority: 'elderly', id_number: idNumber('19550101', 7), phone: '13800138000' });
  assert.equal(old.status, 201, old.text);
  assert.equal(old.json.klass, 1);
  assert.equal(old.json.ahead, 0, 'the green channel goes before normal tickets');
  assert.match(old.json.id_number, /^\d{6}\*{8}\d{3}[\dX]$/, 'only a masked ID number is kept');
  const c1 = await act(srv.base, clerk, 1, 'call-next');
  assert.equal(c1.json.code, old.json.code);
  assert.equal(c1.json.window_number, 1);
  isError(await act(srv.base, clerk, 1, 'finish'), 409, 'TICKET_NOT_STARTED');
  isError(await act(srv.base, clerk, 1, 'call-next'), 409, 'WINDOW_BUSY');
  const s = await act(srv.base, clerk, 1, 'start');
  assert.equal(s.json.status, 'serving');
  const f = await act(srv.base, clerk, 1, 'finish');
  assert.equal(f.json.status, 'done');
  assert.ok(f.json.finished_at >= f.json.started_at && f.json.started_at >= f.json.called_at);
  assert.equal((await act(srv.base, clerk, 1, 'call-next')).json.code, n1.json.code);
  await act(srv.base, clerk, 1, 'no-show');
  assert.equal((await act(srv.base, clerk, 1, 'call-next')).json.code, n2.json.code);
  await act(srv.base, clerk, 1, 'no-show');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=ticket&entity_id=${old.json.id}`, { token: admin.token });
  assert.deepEqual(audit.json.items.map((a) => a.action).sort(), ['call_next', 'finish', 'issue', 'start']);
});

test('recall up to the limit, then no-show; park and resume; call a number', async () => {
  await drain(1);
  const t = await take(srv.base, 1, { queue_id: Q.A });
  await act(srv.base, clerk, 1, 'call-next');
  assert.equal((await act(srv.base, clerk, 1, 'recall')).json.recalls, 1);
  assert.equal((await act(srv.base, clerk, 1, 'recall')).json.recalls, 2);
  isError(await act(srv.base, clerk, 1, 'recall'), 409, 'RECALL_LIMIT');
  assert.equal((await act(srv.base, clerk, 1, 'park')).json.status, 'parked');
  const desk = await request(srv.base, 'GET', '/api/v1/windows/1/desk', { token: clerk.token });
  assert.equal(desk.json.current, null);
  assert.equal(desk.json.parked[0].code, t.json.code);
  assert.equal((await act(srv.base, clerk, 1, 'resume', { ticket_id: t.json.id })).json.status, 'called');
  assert.equal((await act(srv.base, clerk, 1, 'no-show')).json.status, 'no_show');
  const u = await take(srv.base, 1, { queue_id: Q.A });
  await take(srv.base, 1, { queue_id: Q.A });
  const called = await act(srv.base, clerk, 1, 'call', { code: (await take(srv.base, 1, { queue_id: Q.A })).json.code });
  assert.notEqual(called.json.code, u.json.code, 'a given number jumps the line');
  await act(srv.base, clerk, 1, 'no-show');
  await drain(1);
});

test('window errors: closed, not serving the queue, another hall, nothing waiting — store unchanged', async () => {
  await drain(1);
  await drain(9);
  const b = await take(srv.base, 1, { queue_id: Q.B });
  const before = await queueState(srv.base, admin);
  isError(await act(srv.base, clerk, 1, 'call', { code: b.json.code }), 409, 'WINDOW_NOT_SERVING', 'code');
  isError(await act(srv.base, clerk, 1, 'call-next'), 404, 'NO_TICKET_WAITING');
  isError(await act(srv.base, clerk, 1, 'start'), 409, 'TICKET_STATE');
  isError(await act(srv.base, clerk, 1, 'call', {}), 400, 'MISSING_FIELD', 'code');
  isError(await act(srv.base, clerk, 1, 'call', { code: 'Z999' }), 404, 'NOT_FOUND', 'code');
  // A window of another hall: the clerk's scope stops it.
  const other = (await request(srv.base, 'GET', '/api/v1/windows?hall_id=2', { token: admin.token })).json.items[0];
  isError(await act(srv.base, clerk, other.id, 'call-next'), 403, 'FORBIDDEN_SCOPE');
  isError(await act(srv.base, clerk, 9999, 'call-next'), 404, 'NOT_FOUND');
  assert.equal(await queueState(srv.base, admin), before);
  // A ticket of another hall cannot be resumed here.
  const t2 = await take(srv.base, 2, { queue_id: (await request(srv.base, 'GET', '/api/v1/halls/2/kiosk')).json.queues[0].id });
  isError(await act(srv.base, clerk, 1, 'resume', { ticket_id: t2.json.id }), 403, 'OTHER_HALL', 'ticket_id');
  // Closed window.
  assert.equal((await act(srv.base, clerk, 9, 'close')).json.window.is_open, false);
  const closed = await queueState(srv.base, admin);
  isError(await act(srv.base, clerk, 9, 'call-next'), 409, 'WINDOW_CLOSED');
  assert.equal(await queueState(srv.base, admin), closed);
  await act(srv.base, clerk, 9, 'open');
  assert.equal((await act(srv.base, clerk, 9, 'call-next')).json.code, b.json.code);
  await act(srv.base, clerk, 9, 'no-show');
});

test('transfer keeps the original issue time; a window transfer goes to that window only', async () => {
  await drain(1);
  await drain(9);
  const early = await take(srv.base, 1, { queue_id: Q.A });
  const bLater = await take(srv.base, 1, { queue_id: Q.B });
  await act(srv.base, clerk, 1, 'call-next');
  const moved = await act(srv.base, clerk, 1, 'transfer', { queue_id: Q.B });
  assert.equal(moved.json.status, 'waiting');
  assert.equal(moved.json.queue_id, Q.B);
  assert.equal((await act(srv.base, clerk, 9, 'call-next')).json.code, early.json.code, 'earlier issue time first');
  await act(srv.base, clerk, 9, 'start');
  const toWin = await act(srv.base, clerk, 9, 'transfer', { window_id: 3 });
  assert.equal(toWin.json.target_window_id, 3);
  assert.equal((await act(srv.base, clerk, 9, 'call-next')).json.code, bLater.json.code);
  await act(srv.base, clerk, 9, 'no-show');
  assert.equal((await act(srv.base, clerk, 3, 'call-next')).json.code, early.json.code);
  await act(srv.base, clerk, 3, 'no-show');
  isError(await act(srv.base, clerk, 3, 'transfer', {}), 409, 'TICKET_STATE');
});

test('the preference rule follows the window order; longest_wait takes the oldest', async () => {
  for (const w of [7, 16, 1]) await drain(w);
  const e = await take(srv.base, 1, { queue_id: Q.E });
  const a = await take(srv.base, 1, { queue_id: Q.A });
  // Window 7 serves ["A","E"]: A first although E waited longer.
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, a.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, e.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  const hall = await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { call_rule: 'longest_wait' } });
  assert.equal(hall.status, 200, hall.text);
  const e2 = await take(srv.base, 1, { queue_id: Q.E });
  await take(srv.base, 1, { queue_id: Q.A });
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, e2.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { call_rule: 'preference' } });
  await drain(7);
});

test('the citizen cancels by token; staff lists mask personal data; reminder at the 3rd place', async () => {
  await drain(16);
  const mine = await take(srv.base, 1, { queue_id: Q.E, phone: '13700001111' });
  const c = await request(srv.base, 'POST', `/api/v1/tickets/${mine.json.token}/cancel`);
  assert.equal(c.json.status, 'cancelled');
  isError(await request(srv.base, 'POST', `/api/v1/tickets/${mine.json.token}/cancel`), 409, 'TICKET_STATE');
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/tickets?status=cancelled', { token: clerk.token });
  const row = list.json.items.find((t) => t.id === mine.json.id);
  assert.equal(row.phone, '137****1111');
  assert.equal(row.token, undefined, 'staff lists never show the token');
  // Reminder: four waiting, the 4th has a phone; one call makes it 3rd.
  for (let i = 0; i < 3; i++) await take(srv.base, 1, { queue_id: Q.E });
  const fourth = await take(srv.base, 1, { queue_id: Q.E, phone: '13700002222' });
  await act(srv.base, clerk, 16, 'call-next');
  const outbox = await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token });
  const sms = outbox.json.items.filter((m) => m.recipient === '137****2222');
  assert.equal(sms.length, 1);
  assert.match(sms[0].body, new RegExp(fourth.json.code));
  await act(srv.base, clerk, 16, 'no-show');
  await act(srv.base, clerk, 16, 'call-next');
  assert.equal((await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token })).json.items.filter((m) => m.recipient === '137****2222').length, 1, 'once');
  await act(srv.base, clerk, 16, 'no-show');
  await drain(16);
});

test('remote tickets: citizens only, the hall open, the queue allowing it', async () => {
  const phone = '13600003333';
  await request(srv.base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  const out = await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token });
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === '136****3333').body)[1];
  const cit = (await request(srv.base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } })).json;
  const remote = (body) => request(srv.base, 'POST', '/api/v1/halls/1/tickets/remote', { token: cit.token, body });
  const r = await remote({ queue_id: Q.A });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.source, 'remote');
  assert.equal(r.json.phone, '136****3333', 'the citizen’s phone for the reminder');
  const mine = await request(srv.base, 'GET', '/api/v1/tickets/mine', { token: cit.token });
  assert.equal(mine.json.items[0].token, r.json.token);
  isError(await remote({ queue_id: Q.C }), 403, 'REMOTE_NOT_ALLOWED', 'queue_id');
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/tickets/remote', { token: clerk.token, body: { queue_id: Q.A } }), 403, 'FORBIDDEN_ROLE');
  // Closed on Tuesdays now: HALL_CLOSED, nothing issued.
  const hours = Array(7).fill('08:30-12:00,14:30-17:30');
  hours[1] = '';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  const before = await queueState(srv.base, admin);
  isError(await remote({ queue_id: Q.A }), 409, 'HALL_CLOSED');
  assert.equal(await queueState(srv.base, admin), before);
  hours[1] = '08:30-12:00,14:30-17:30';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  await drain(1);
});

test('cloud calling lists the halls taking an item, with waits and a recommendation', async () => {
  const k = await request(srv.base, 'GET', '/api/v1/halls/2/kiosk');
  const item = k.json.queues.find((q) => q.code === 'A').item_ids[0];
  const c = await request(srv.base, 'GET', `/api/v1/cloud/items/${item}?lat=23.74&lng=114.70`);
  assert.equal(c.status, 200);
  assert.ok(c.json.halls.length >= 2, JSON.stringify(c.json));
  assert.ok(c.json.halls.every((h) => typeof h.distance_km === 'number' && h.wait_hi >= h.wait_lo));
  assert.ok(c.json.recommended_hall_id);
  isError(await request(srv.base, 'GET', `/api/v1/cloud/items/${item}?lat=91&lng=1`), 400, 'BAD_QUERY', 'lat');
});

test('16 kiosks issue 10,000 tickets at once: unique and gap-free per queue', async () => {
  const qs = [];
  for (const code of ['K1', 'K2']) {
    const r = await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code, name: `压测${code}`, prefix: code === 'K1' ? 'K' : 'L', number_max: 9999, pad: 4, daily_quota: 9999 } });
    assert.equal(r.status, 201, r.text);
    qs.push(r.json.id);
  }
  const codes = { [qs[0]]: [], [qs[1]]: [] };
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < 10000) {
      const i = next++;
      const q = qs[i % 2];
      const r = await take(srv.base, 1, { queue_id: q });
      assert.equal(r.status, 201, r.text);
      codes[q].push(Number(r.json.code.slice(1)));
    }
  }));
  for (const q of qs) {
    const nums = codes[q].sort((a, b) => a - b);
    assert.equal(nums.length, 5000);
    assert.equal(new Set(nums).size, 5000, 'no duplicates');
    assert.equal(nums[0], 1);
    assert.equal(nums.at(-1), 5000, 'no gaps');
  }
});

test('16 windows calling at once never get the same ticket', async () => {
  const windows = [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 18, 9, 16];
  // Every one of them serves A now (queue_codes in their order).
  for (const w of [9, 16]) {
    const r = await request(srv.base, 'PUT', `/api/v1/windows/${w}`, { token: mgr.token, body: { queue_codes: ['A'] } });
    assert.equal(r.status, 200, r.text);
  }
  for (const w of windows) await drain(w);
  const issued = [];
  for (let i = 0; i < 160; i++) issued.push((await take(srv.base, 1, { queue_id: Q.A })).json.id);
  const seen = [];
  await Promise.all(windows.map(async (w) => {
    for (;;) {
      const r = await act(srv.base, clerk, w, 'call-next');
      if (r.status === 404) return;
      assert.equal(r.status, 200, r.text);
      seen.push(r.json.id);
      assert.equal((await act(srv.base, clerk, w, 'start')).status, 200);
      assert.equal((await act(srv.base, clerk, w, 'finish')).status, 200);
    }
  }));
  assert.equal(seen.length, 160);
  assert.equal(new Set(seen).size, 160, 'each ticket called once');
  assert.deepEqual([...seen].sort((a, b) => a - b), [...issued].sort((a, b) => a - b));
  const done = await request(srv.base, 'GET', `/api/v1/halls/1/tickets?status=done&queue_id=${Q.A}`, { token: clerk.token });
  assert.ok(issued.every((id) => done.json.items.some((t) => t.id === id)));
});
