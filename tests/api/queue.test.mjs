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

/** The board, the desks of some windows, the hall's tickets and the audit
 * count: what a refused request must leave exactly as it was. */
async function state(windows = [1]) {
  const desks = [];
  for (const w of windows) desks.push((await request(srv.base, 'GET', `/api/v1/windows/${w}/desk`, { token: clerk.token })).json);
  return (await queueState(srv.base, admin)) + JSON.stringify(desks);
}

async function unchanged(windows, fn) {
  const before = await state(windows);
  const r = await fn();
  assert.equal(await state(windows), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

/** Logs a citizen in with the one-time code the outbox holds. */
async function citizen(base, phone) {
  const a = await login(base, ADMIN.username, ADMIN.password);
  const req = await request(base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  assert.equal(req.status, 202, req.text);
  const out = await request(base, 'GET', '/api/v1/outbox', { token: a.token });
  const masked = phone.slice(0, 3) + '****' + phone.slice(7);
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === masked).body)[1];
  const v = await request(base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } });
  assert.equal(v.status, 200, v.text);
  return v.json;
}

const TICKET_KEYS = ['id', 'token', 'code', 'hall_id', 'hall_name', 'queue_id', 'queue_name', 'status', 'source',
  'klass', 'priority', 'item_ids', 'issued_at', 'called_at', 'started_at', 'finished_at', 'window_id',
  'window_number', 'window_name', 'recalls', 'ahead', 'ahead_green', 'ahead_appointment', 'windows_serving',
  'wait_lo', 'wait_hi', 'quoted_lo', 'quoted_hi', 'phone', 'id_number', 'appointment_id'];

/** Calls everything waiting at a window away (finishing each). */
async function drain(windowId) {
  for (;;) {
    const r = await act(srv.base, clerk, windowId, 'call-next');
    if (r.status !== 200) return;
    await act(srv.base, clerk, windowId, 'no-show');
  }
}

test('kiosk shape; the first numbers of the day are A001, A002; item_id finds the queue', async () => {
  const k = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  assert.equal(k.status, 200, k.text);
  for (const key of ['id', 'name', 'open', 'remote_tickets', 'hours']) assert.ok(key in k.json.hall, `hall.${key}`);
  assert.equal(k.json.hall.id, 1);
  assert.equal(k.json.hall.remote_tickets, true);
  assert.equal(k.json.hall.hours.length, 7);
  assert.equal(k.json.hall.hours[5], '09:00-12:00', 'Saturday mornings');
  for (const q of k.json.queues) {
    for (const key of ['id', 'code', 'name', 'prefix', 'waiting', 'wait_lo', 'wait_hi', 'remaining', 'allow_remote', 'item_ids'])
      assert.ok(key in q, `queue ${q.code}.${key}`);
    assert.ok(Array.isArray(q.item_ids) && q.wait_hi > q.wait_lo && q.waiting === 0);
  }
  const a = k.json.queues.find((q) => q.code === 'A');
  assert.deepEqual([a.name, a.prefix, a.remaining, a.allow_remote], ['综合受理', 'A', 300, true]);
  assert.equal(k.json.queues.find((q) => q.code === 'C').allow_remote, false);
  assert.ok(a.item_ids.length > 0, 'queue A takes the comprehensive items');
  const t1 = await take(srv.base, 1, { queue_id: Q.A });
  assert.equal(t1.status, 201, t1.text);
  for (const key of TICKET_KEYS) assert.ok(key in t1.json, `ticket.${key}`);
  assert.deepEqual([t1.json.code, t1.json.status, t1.json.source, t1.json.klass, t1.json.ahead, t1.json.hall_name, t1.json.queue_name],
    ['A001', 'waiting', 'kiosk', 2, 0, '源城区政务服务中心', '综合受理']);
  assert.ok(t1.json.windows_serving >= 10, 'windows 1–8, 10–14 and 18 serve A');
  const t2 = await take(srv.base, 1, { item_id: a.item_ids[0] });
  assert.equal(t2.status, 201, t2.text);
  assert.deepEqual([t2.json.code, t2.json.queue_id, t2.json.item_ids, t2.json.ahead], ['A002', Q.A, [a.item_ids[0]], 1]);
  // An item no queue of this hall takes.
  isError(await unchanged([1], () => take(srv.base, 1, { item_id: 999999 })), 400, 'REF_NOT_FOUND', 'item_id');
  const k2 = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  const a2 = k2.json.queues.find((q) => q.code === 'A');
  assert.deepEqual([a2.waiting, a2.remaining], [2, 298]);
  await drain(1);
});

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
  const before = await state([1, 9]);
  // The test clock's day is 2026-11-24: born 1961-11-25 is still 64.
  isError(await take(srv.base, 1, { queue_id: Q.A, priority: 'elderly', id_number: idNumber('19611125', 3) }), 422, 'GREEN_NOT_ELIGIBLE', 'id_number');
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
  isError(await take(srv.base, 1, { queue_id: Q.A, phone: '1380013800' }), 400, 'INVALID_PHONE', 'phone');
  isError(await take(srv.base, 1, { queue_id: Q.A, id_number: idNumber('19900307', 1).slice(0, 17) + (idNumber('19900307', 1).endsWith('1') ? '2' : '1') }), 400, 'INVALID_ID_NUMBER', 'id_number');
  isError(await take(srv.base, 1, { queue_id: 999999 }), 400, 'REF_NOT_FOUND', 'queue_id');
  assert.equal(await state([1, 9]), before);
});

test('green channel: 65 today is eligible; declared groups need no ID; called first', async () => {
  await drain(1);
  const normal = await take(srv.base, 1, { queue_id: Q.A });
  const today65 = await take(srv.base, 1, { queue_id: Q.A, priority: 'elderly', id_number: idNumber('19611124', 4) });
  assert.equal(today65.status, 201, today65.text);
  assert.deepEqual([today65.json.klass, today65.json.priority, today65.json.ahead], [1, 'elderly', 0]);
  const pregnant = await take(srv.base, 1, { queue_id: Q.A, priority: 'pregnant' });
  assert.deepEqual([pregnant.json.klass, pregnant.json.ahead, pregnant.json.ahead_green], [1, 1, 1]);
  const again = await request(srv.base, 'GET', `/api/v1/tickets/${normal.json.token}`);
  assert.deepEqual([again.json.ahead, again.json.ahead_green], [2, 2], 'two green tickets now go first');
  const order = [];
  for (let i = 0; i < 3; i++) {
    order.push((await act(srv.base, clerk, 1, 'call-next')).json.code);
    await act(srv.base, clerk, 1, 'no-show');
  }
  assert.deepEqual(order, [today65.json.code, pregnant.json.code, normal.json.code]);
});

test('reception issues for clerks; it is refused without a staff role', async () => {
  const r = await request(srv.base, 'POST', '/api/v1/halls/1/tickets/reception', { token: clerk.token, body: { queue_id: Q.B, phone: '13812345678' } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.source, r.json.code[0], r.json.phone], ['reception', 'B', '138****5678']);
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=ticket&entity_id=${r.json.id}`, { token: admin.token });
  assert.equal(audit.json.items[0].action, 'issue');
  assert.equal(audit.json.items[0].actor_name, clerk.user.name);
  isError(await unchanged([9], () => request(srv.base, 'POST', '/api/v1/halls/1/tickets/reception', { body: { queue_id: Q.B } })), 401, 'UNAUTHENTICATED');
  // Reception at another hall: the queue belongs to hall 1.
  isError(await unchanged([9], () => request(srv.base, 'POST', '/api/v1/halls/2/tickets/reception', { token: clerk.token, body: { queue_id: Q.B } })), 400, 'REF_NOT_FOUND', 'queue_id');
  await drain(9);
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
  // The refused number was rolled back: one more in the quota gives Q03.
  const up = await request(srv.base, 'PUT', `/api/v1/queues/${q.json.id}`, { token: mgr.token, body: { daily_quota: 3, version: q.json.version } });
  assert.equal(up.status, 200, up.text);
  assert.equal((await take(srv.base, 1, { queue_id: q.json.id })).json.code, 'Q03', 'the counter did not move on refusals');
  isError(await take(srv.base, 1, { queue_id: q.json.id }), 409, 'QUEUE_QUOTA_EXHAUSTED', 'queue_id');
  // A queue out of service issues nothing and leaves the kiosk.
  const cur = await request(srv.base, 'GET', `/api/v1/queues/${q.json.id}`, { token: mgr.token });
  assert.equal((await request(srv.base, 'PUT', `/api/v1/queues/${q.json.id}`, { token: mgr.token, body: { active: false, version: cur.json.version } })).status, 200);
  isError(await unchanged([1], () => take(srv.base, 1, { queue_id: q.json.id })), 409, 'QUEUE_INACTIVE', 'queue_id');
  assert.ok(!(await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.some((x) => x.id === q.json.id));
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
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'finish')), 409, 'TICKET_NOT_STARTED');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'call-next')), 409, 'WINDOW_BUSY');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'call', { code: n2.json.code })), 409, 'WINDOW_BUSY');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'close')), 409, 'WINDOW_BUSY');
  const s = await act(srv.base, clerk, 1, 'start');
  assert.equal(s.json.status, 'serving');
  assert.ok(s.json.started_at >= s.json.called_at && s.json.finished_at === null);
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'start')), 409, 'TICKET_STATE');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'recall')), 409, 'TICKET_STATE');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'no-show')), 409, 'TICKET_STATE');
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
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'recall')), 409, 'RECALL_LIMIT');
  assert.equal((await act(srv.base, clerk, 1, 'park')).json.status, 'parked');
  isError(await unchanged([1], () => act(srv.base, clerk, 2, 'resume', { ticket_id: t.json.id })), 409, 'TICKET_STATE', 'ticket_id');
  const desk = await request(srv.base, 'GET', '/api/v1/windows/1/desk', { token: clerk.token });
  assert.equal(desk.json.current, null);
  assert.equal(desk.json.parked[0].code, t.json.code);
  // A parked ticket frees the window: it calls the next one meanwhile.
  const next = await take(srv.base, 1, { queue_id: Q.A });
  assert.equal((await act(srv.base, clerk, 1, 'call-next')).json.code, next.json.code);
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'resume', { ticket_id: t.json.id })), 409, 'WINDOW_BUSY');
  await act(srv.base, clerk, 1, 'start');
  await act(srv.base, clerk, 1, 'finish');
  assert.equal((await act(srv.base, clerk, 1, 'resume', { ticket_id: t.json.id })).json.status, 'called');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'recall')), 409, 'RECALL_LIMIT');
  assert.equal((await act(srv.base, clerk, 1, 'no-show')).json.status, 'no_show');
  // The limit is the hall's: with recall_limit 1 the second recall is refused.
  assert.equal((await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { recall_limit: 1 } })).status, 200);
  await take(srv.base, 1, { queue_id: Q.A });
  await act(srv.base, clerk, 1, 'call-next');
  assert.equal((await act(srv.base, clerk, 1, 'recall')).json.recalls, 1);
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'recall')), 409, 'RECALL_LIMIT');
  await act(srv.base, clerk, 1, 'no-show');
  assert.equal((await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { recall_limit: 2 } })).status, 200);
  const u = await take(srv.base, 1, { queue_id: Q.A });
  await take(srv.base, 1, { queue_id: Q.A });
  const last = await take(srv.base, 1, { queue_id: Q.A });
  const called = await act(srv.base, clerk, 1, 'call', { code: last.json.code });
  assert.equal(called.status, 200, called.text);
  assert.deepEqual([called.json.code, called.json.status, called.json.window_number], [last.json.code, 'called', 1], 'a given number jumps the line');
  await act(srv.base, clerk, 1, 'no-show');
  isError(await unchanged([1], () => act(srv.base, clerk, 1, 'call', { code: last.json.code })), 409, 'TICKET_STATE', 'code');
  assert.equal((await act(srv.base, clerk, 1, 'call-next')).json.code, u.json.code, 'then the line goes on in order');
  await act(srv.base, clerk, 1, 'no-show');
  await drain(1);
});

test('window errors: closed, not serving the queue, another hall, nothing waiting — store unchanged', async () => {
  await drain(1);
  await drain(9);
  const b = await take(srv.base, 1, { queue_id: Q.B });
  const before = await state([1, 9]);
  isError(await act(srv.base, clerk, 1, 'call', { code: b.json.code }), 409, 'WINDOW_NOT_SERVING', 'code');
  isError(await act(srv.base, clerk, 1, 'call-next'), 404, 'NO_TICKET_WAITING');
  isError(await act(srv.base, clerk, 1, 'start'), 409, 'TICKET_STATE');
  isError(await act(srv.base, clerk, 1, 'call', {}), 400, 'MISSING_FIELD', 'code');
  isError(await act(srv.base, clerk, 1, 'call', { code: 'Z999' }), 404, 'NOT_FOUND', 'code');
  // A window of another hall: the clerk's scope stops it.
  const other = (await request(srv.base, 'GET', '/api/v1/windows?hall_id=2', { token: admin.token })).json.items[0];
  isError(await act(srv.base, clerk, other.id, 'call-next'), 403, 'FORBIDDEN_SCOPE');
  isError(await act(srv.base, clerk, other.id, 'open'), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', `/api/v1/windows/${other.id}/desk`, { token: clerk.token }), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', '/api/v1/halls/2/tickets', { token: clerk.token }), 403, 'FORBIDDEN_SCOPE');
  isError(await act(srv.base, clerk, 9999, 'call-next'), 404, 'NOT_FOUND');
  isError(await request(srv.base, 'POST', '/api/v1/windows/1/call-next'), 401, 'UNAUTHENTICATED');
  assert.equal(await state([1, 9]), before);
  // A ticket of another hall cannot be resumed here.
  const t2 = await take(srv.base, 2, { queue_id: (await request(srv.base, 'GET', '/api/v1/halls/2/kiosk')).json.queues[0].id });
  isError(await unchanged([1, 9], () => act(srv.base, clerk, 1, 'resume', { ticket_id: t2.json.id })), 403, 'OTHER_HALL', 'ticket_id');
  // Closed window: no calling, no call by code, no resume.
  assert.equal((await act(srv.base, clerk, 9, 'close')).json.window.is_open, false);
  const closed = await state([1, 9]);
  isError(await act(srv.base, clerk, 9, 'call-next'), 409, 'WINDOW_CLOSED');
  isError(await act(srv.base, clerk, 9, 'call', { code: b.json.code }), 409, 'WINDOW_CLOSED');
  assert.equal(await state([1, 9]), closed);
  const k = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.find((q) => q.code === 'B');
  assert.equal(k.windows, 1, 'a closed window does not count in the estimate');
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
  const q2 = (await request(srv.base, 'GET', '/api/v1/halls/2/kiosk')).json.queues[0].id;
  const w2 = (await request(srv.base, 'GET', '/api/v1/windows?hall_id=2', { token: admin.token })).json.items[0].id;
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'transfer', { queue_id: q2 })), 403, 'OTHER_HALL', 'queue_id');
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'transfer', { window_id: w2 })), 403, 'OTHER_HALL', 'window_id');
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'transfer', { window_id: 9 })), 400, 'OUT_OF_RANGE', 'window_id');
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'transfer', { queue_id: Q.A, window_id: 3 })), 400, 'MISSING_FIELD');
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'transfer', { queue_id: 999999 })), 400, 'REF_NOT_FOUND', 'queue_id');
  const toWin = await act(srv.base, clerk, 9, 'transfer', { window_id: 3 });
  assert.equal(toWin.json.target_window_id, 3);
  assert.equal((await act(srv.base, clerk, 9, 'call-next')).json.code, bLater.json.code);
  await act(srv.base, clerk, 9, 'no-show');
  // Neither window serving B takes it: it waits for window 3.
  isError(await unchanged([9, 10, 3], () => act(srv.base, clerk, 9, 'call-next')), 404, 'NO_TICKET_WAITING');
  isError(await unchanged([9, 10, 3], () => act(srv.base, clerk, 10, 'call-next')), 404, 'NO_TICKET_WAITING');
  const waiting = await request(srv.base, 'GET', `/api/v1/tickets/${early.json.token}`);
  assert.deepEqual([waiting.json.status, waiting.json.queue_id, waiting.json.target_window_id], ['waiting', Q.B, 3]);
  // Nor by its number: it is window 3's to call.
  isError(await unchanged([9, 3], () => act(srv.base, clerk, 9, 'call', { code: early.json.code })), 409, 'WINDOW_NOT_SERVING', 'code');
  // Window 3 serves A only, yet it calls the ticket before its own queue.
  const a = await take(srv.base, 1, { queue_id: Q.A });
  const w3 = await act(srv.base, clerk, 3, 'call-next');
  assert.deepEqual([w3.json.code, w3.json.window_number, w3.json.started_at, w3.json.target_window_id], [early.json.code, 3, null, null]);
  await act(srv.base, clerk, 3, 'no-show');
  assert.equal((await act(srv.base, clerk, 3, 'call-next')).json.code, a.json.code);
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
  const a2 = await take(srv.base, 1, { queue_id: Q.A });
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, e2.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  // longest_wait still puts the green channel before an older normal ticket.
  const a3 = await take(srv.base, 1, { queue_id: Q.A });
  const green = await take(srv.base, 1, { queue_id: Q.E, priority: 'disabled' });
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, green.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  const back = await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { call_rule: 'preference' } });
  assert.equal(back.status, 200, back.text);
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, a2.json.code, 'then the older A ticket');
  await act(srv.base, clerk, 7, 'no-show');
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, a3.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  // Under the preference rule too, a green ticket in the window's second
  // queue goes before normal tickets of its first queue.
  const a4 = await take(srv.base, 1, { queue_id: Q.A });
  const green2 = await take(srv.base, 1, { queue_id: Q.E, priority: 'pregnant' });
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, green2.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  assert.equal((await act(srv.base, clerk, 7, 'call-next')).json.code, a4.json.code);
  await act(srv.base, clerk, 7, 'no-show');
  isError(await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { call_rule: 'random' } }), 400, 'BAD_ENUM', 'call_rule');
  await drain(7);
});

test('the citizen cancels by token; staff lists mask personal data; reminder at the 3rd place', async () => {
  await drain(16);
  const mine = await take(srv.base, 1, { queue_id: Q.E, phone: '13700001111' });
  const c = await request(srv.base, 'POST', `/api/v1/tickets/${mine.json.token}/cancel`);
  assert.equal(c.json.status, 'cancelled');
  isError(await request(srv.base, 'POST', `/api/v1/tickets/${mine.json.token}/cancel`), 409, 'TICKET_STATE');
  isError(await request(srv.base, 'POST', `/api/v1/tickets/${'f'.repeat(32)}/cancel`), 404, 'NOT_FOUND');
  isError(await request(srv.base, 'POST', '/api/v1/tickets/not-a-token/cancel'), 404, 'NOT_FOUND');
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/tickets?status=cancelled', { token: clerk.token });
  const row = list.json.items.find((t) => t.id === mine.json.id);
  assert.equal(row.phone, '137****1111');
  assert.equal(row.token, undefined, 'staff lists never show the token');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=ticket&entity_id=${mine.json.id}`, { token: admin.token });
  assert.deepEqual(audit.json.items.map((a) => a.action).sort(), ['cancel', 'issue']);
  // ID numbers: masked in the reply, the list and everywhere else.
  const id = idNumber('19500505', 11);
  const old = await take(srv.base, 1, { queue_id: Q.E, priority: 'elderly', id_number: id, phone: '13700003333' });
  const all = await request(srv.base, 'GET', `/api/v1/halls/1/tickets?queue_id=${Q.E}&status=waiting`, { token: clerk.token });
  const r2 = all.json.items.find((t) => t.id === old.json.id);
  assert.equal(r2.id_number, id.slice(0, 6) + '********' + id.slice(14));
  assert.equal(r2.phone, '137****3333');
  assert.ok(!all.text.includes(id) && !all.text.includes('13700003333') && !old.text.includes(id));
  isError(await request(srv.base, 'GET', '/api/v1/halls/1/tickets?status=gone', { token: clerk.token }), 400, 'BAD_QUERY', 'status');
  isError(await request(srv.base, 'GET', '/api/v1/halls/1/tickets'), 401, 'UNAUTHENTICATED');
  // A called ticket cannot be cancelled any more.
  assert.equal((await act(srv.base, clerk, 16, 'call-next')).json.code, old.json.code);
  isError(await unchanged([16], () => request(srv.base, 'POST', `/api/v1/tickets/${old.json.token}/cancel`)), 409, 'TICKET_STATE');
  await act(srv.base, clerk, 16, 'no-show');
  // Reminder: four waiting, the 4th has a phone; one call makes it 3rd.
  for (let i = 0; i < 3; i++) await take(srv.base, 1, { queue_id: Q.E });
  const fourth = await take(srv.base, 1, { queue_id: Q.E, phone: '13700002222' });
  await act(srv.base, clerk, 16, 'call-next');
  const outbox = await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token });
  const sms = outbox.json.items.filter((m) => m.recipient === '137****2222');
  assert.equal(sms.length, 1);
  assert.match(sms[0].body, new RegExp(fourth.json.code));
  assert.match(sms[0].body, /前面还有2位/);
  await act(srv.base, clerk, 16, 'no-show');
  await act(srv.base, clerk, 16, 'call-next');
  assert.equal((await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token })).json.items.filter((m) => m.recipient === '137****2222').length, 1, 'once');
  await act(srv.base, clerk, 16, 'no-show');
  await drain(16);
});

test('remote tickets: citizens only, the hall open, the queue allowing it', async () => {
  await drain(1);
  const cit = await citizen(srv.base, '13600003333');
  const ahead = await take(srv.base, 1, { queue_id: Q.A });
  const remote = (body) => request(srv.base, 'POST', '/api/v1/halls/1/tickets/remote', { token: cit.token, body });
  const r = await remote({ queue_id: Q.A });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.source, 'remote');
  assert.equal(r.json.phone, '136****3333', 'the citizen’s phone for the reminder');
  assert.equal(r.json.ahead, 1);
  const mine = await request(srv.base, 'GET', '/api/v1/tickets/mine', { token: cit.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 1, 'only the citizen’s own tickets');
  assert.equal(mine.json.items[0].token, r.json.token);
  // The list shows the same live state as the ticket page.
  for (const key of ['code', 'status', 'queue_name', 'hall_name', 'ahead', 'wait_lo', 'wait_hi'])
    assert.equal(mine.json.items[0][key], r.json[key], `mine.${key}`);
  void ahead;
  isError(await request(srv.base, 'GET', '/api/v1/tickets/mine', { token: clerk.token }), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/tickets/remote', { body: { queue_id: Q.A } }), 401, 'UNAUTHENTICATED');
  isError(await remote({ queue_id: Q.C }), 403, 'REMOTE_NOT_ALLOWED', 'queue_id');
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/tickets/remote', { token: clerk.token, body: { queue_id: Q.A } }), 403, 'FORBIDDEN_ROLE');
  // Closed on Tuesdays now: HALL_CLOSED, nothing issued.
  const hours = Array(7).fill('08:30-12:00,14:30-17:30');
  hours[1] = '';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  const before = await queueState(srv.base, admin);
  isError(await remote({ queue_id: Q.A }), 409, 'HALL_CLOSED');
  assert.equal(await queueState(srv.base, admin), before);
  // The end of a period is not open (the clock is past 10:00), its start is.
  hours[1] = '08:30-10:00,14:30-17:30';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  isError(await unchanged([1], () => remote({ queue_id: Q.A })), 409, 'HALL_CLOSED');
  hours[1] = '10:00-12:00';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  assert.equal((await remote({ queue_id: Q.A })).status, 201);
  // A hall that does not issue remote tickets refuses every queue.
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { remote_tickets: false } });
  isError(await unchanged([1], () => remote({ queue_id: Q.A })), 403, 'REMOTE_NOT_ALLOWED');
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { remote_tickets: true } });
  hours[1] = '08:30-12:00,14:30-17:30';
  await request(srv.base, 'PUT', '/api/v1/halls/1', { token: mgr.token, body: { hours } });
  assert.equal((await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.hall.open, true);
  await drain(1);
});

test('at night the hall is closed: remote tickets refused, the kiosk still issues', async () => {
  // Tuesday 2026-11-24 21:00 in Shanghai.
  const night = await startServer({ env: { YIWANG_TEST_CLOCK: String(Date.UTC(2026, 10, 24, 13, 0, 0)) } });
  try {
    const a = await login(night.base, ADMIN.username, ADMIN.password);
    const k = await request(night.base, 'GET', '/api/v1/halls/1/kiosk');
    assert.equal(k.json.hall.open, false);
    const qa = k.json.queues.find((q) => q.code === 'A').id;
    const cit = await citizen(night.base, '13600004444');
    const before = await queueState(night.base, a);
    isError(await request(night.base, 'POST', '/api/v1/halls/1/tickets/remote', { token: cit.token, body: { queue_id: qa } }), 409, 'HALL_CLOSED');
    assert.equal(await queueState(night.base, a), before);
    const kiosk = await take(night.base, 1, { queue_id: qa });
    assert.equal(kiosk.status, 201, kiosk.text);
    assert.equal(kiosk.json.code, 'A001');
    const cloud = await request(night.base, 'GET', `/api/v1/cloud/items/${k.json.queues.find((q) => q.code === 'A').item_ids[0]}`);
    assert.ok(cloud.json.halls.every((h) => h.open === false));
    assert.equal(cloud.json.recommended_hall_id, null, 'nothing to recommend when every hall is closed');
  } finally { await night.stop(); }
});

// Tickets are for one day (numbers restart; remote tickets are "for today
// only"): the next morning yesterday's waiting ticket is neither counted
// nor called, and the day-end sweep has marked it expired.
test('yesterday\'s waiting tickets do not carry over to today', async () => {
  let day = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  try {
    const k = await request(day.base, 'GET', '/api/v1/halls/1/kiosk');
    const qa = k.json.queues.find((q) => q.code === 'A').id;
    const old = await take(day.base, 1, { queue_id: qa });
    assert.equal(old.json.code, 'A001');
    await day.stop({ keep: true });
    day = await startServer({ restart: day, env: { YIWANG_TEST_CLOCK: String(TUESDAY_10 + 86400000) } });
    const c = await login(day.base, 'clerk01', DEMO_PASSWORD);
    const k2 = await request(day.base, 'GET', '/api/v1/halls/1/kiosk');
    const t = await take(day.base, 1, { queue_id: qa });
    assert.deepEqual([t.json.code, t.json.day], ['A001', '2026-11-25'], 'numbers restart each day');
    assert.equal(k2.json.queues.find((q) => q.code === 'A').waiting, 0, 'yesterday\'s ticket is not waiting today');
    assert.equal(t.json.ahead, 0);
    const called = await act(day.base, c, 1, 'call-next');
    assert.equal(called.json.day, '2026-11-25', 'today\'s A001 is called, not yesterday\'s');
    const gone = await request(day.base, 'GET', `/api/v1/tickets/${old.json.token}`);
    assert.equal(gone.json.status, 'expired');
    const audit = await request(day.base, 'GET', '/api/v1/audit?entity=ticket&action=expire', { token: (await login(day.base, ADMIN.username, ADMIN.password)).token });
    assert.equal(audit.json.items[0].actor_name, '日终清理 / day end');
  } finally { await day.stop(); }
});

test('audit rows for issuing and every window action', async () => {
  await drain(1);
  const t = await take(srv.base, 1, { queue_id: Q.A });
  const c = await act(srv.base, clerk, 1, 'call-next');
  await act(srv.base, clerk, 1, 'recall');
  await act(srv.base, clerk, 1, 'start');
  await act(srv.base, clerk, 1, 'finish');
  assert.equal(c.json.id, t.json.id);
  const all = await request(srv.base, 'GET', '/api/v1/audit?entity=ticket&page_size=50', { token: admin.token });
  assert.equal(all.status, 200);
  assert.ok(all.json.items.every((a) => a.entity === 'ticket'));
  const mine = all.json.items.filter((a) => a.entity_id === t.json.id);
  assert.deepEqual(mine.map((a) => a.action).reverse(), ['issue', 'call_next', 'recall', 'start', 'finish']);
  assert.equal(mine.find((a) => a.action === 'issue').actor_name, '自助终端 / kiosk');
  const call = mine.find((a) => a.action === 'call_next');
  assert.equal(call.actor_name, clerk.user.name);
  assert.deepEqual(JSON.parse(call.summary), { code: t.json.code, window_id: 1, status: 'called' });
  const calls = await request(srv.base, 'GET', '/api/v1/audit?entity=ticket&action=call_next&page_size=1', { token: admin.token });
  assert.ok(calls.json.total >= 10);
});

test('cloud calling lists the halls taking an item of queue A, with waits and a recommendation', async () => {
  const k1 = await request(srv.base, 'GET', '/api/v1/halls/1/kiosk');
  const itemA = k1.json.queues.find((q) => q.code === 'A').item_ids[0];
  const c1 = await request(srv.base, 'GET', `/api/v1/cloud/items/${itemA}`);
  assert.equal(c1.status, 200, c1.text);
  assert.equal(c1.json.item_id, itemA);
  assert.ok(c1.json.halls.length >= 2, JSON.stringify(c1.json));
  for (const h of c1.json.halls)
    for (const key of ['hall_id', 'name', 'address', 'queue_id', 'queue_name', 'waiting', 'wait_lo', 'wait_hi', 'distance_km', 'open', 'remote'])
      assert.ok(key in h, `hall ${h.hall_id}.${key}`);
  const h1 = c1.json.halls.find((h) => h.hall_id === 1);
  assert.deepEqual([h1.queue_id, h1.open, h1.remote, h1.distance_km], [Q.A, true, true, null]);
  const rec = c1.json.halls.find((h) => h.hall_id === c1.json.recommended_hall_id);
  assert.ok(rec && rec.open && rec.remote, 'the recommendation is an open hall issuing remote tickets');
  const sums = c1.json.halls.map((h) => h.wait_lo + h.wait_hi);
  assert.deepEqual(sums, [...sums].sort((a, b) => a - b), 'shortest wait first');
  // A long line at hall 1 sends people to another hall.
  for (let i = 0; i < 60; i++) await take(srv.base, 1, { queue_id: Q.A });
  const c2 = await request(srv.base, 'GET', `/api/v1/cloud/items/${itemA}`);
  assert.notEqual(c2.json.recommended_hall_id, 1, JSON.stringify(c2.json));
  assert.equal(c2.json.halls.find((h) => h.hall_id === 1).waiting, h1.waiting + 60);
  await drain(1);
  isError(await request(srv.base, 'GET', `/api/v1/cloud/items/${itemA}?lat=23.7`), 400, 'BAD_QUERY', 'lng');
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
  // Every one of them serves A now (queue_codes in their order), and is open.
  for (const w of [9, 16]) {
    const r = await request(srv.base, 'PUT', `/api/v1/windows/${w}`, { token: mgr.token, body: { queue_codes: ['A'] } });
    assert.equal(r.status, 200, r.text);
  }
  for (const w of windows) {
    await drain(w);
    const o = await act(srv.base, mgr, w, 'open');
    assert.equal(o.status, 200, o.text);
  }
  // Room for 160 more A tickets whatever the earlier tests took.
  const qa = await request(srv.base, 'GET', `/api/v1/queues/${Q.A}`, { token: mgr.token });
  const raised = await request(srv.base, 'PUT', `/api/v1/queues/${Q.A}`, { token: mgr.token, body: { daily_quota: 999, version: qa.json.version } });
  assert.equal(raised.status, 200, raised.text);
  const callsBefore = (await request(srv.base, 'GET', '/api/v1/audit?entity=ticket&action=call_next&page_size=1', { token: admin.token })).json.total;
  const smsBefore = (await request(srv.base, 'GET', '/api/v1/outbox?page_size=1', { token: admin.token })).json.total;
  // Phones on every ticket: each call also sends a reminder in the same transaction.
  const issued = [];
  for (let i = 0; i < 160; i++) {
    const r = await take(srv.base, 1, { queue_id: Q.A, phone: `139${String(70000000 + i).padStart(8, '0')}` });
    assert.equal(r.status, 201, r.text);
    issued.push(r.json.id);
  }
  const seen = [];
  // Half the windows are worked by clerk01, half by the hall manager.
  await Promise.all(windows.map(async (w, n) => {
    const who = n % 2 ? mgr : clerk;
    for (;;) {
      const r = await act(srv.base, who, w, 'call-next');
      if (r.status === 404) { isError(r, 404, 'NO_TICKET_WAITING'); return; }
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.window_id, w);
      seen.push(r.json.id);
      assert.equal((await act(srv.base, who, w, 'start')).status, 200);
      assert.equal((await act(srv.base, who, w, 'finish')).status, 200);
    }
  }));
  assert.equal(seen.length, 160);
  assert.equal(new Set(seen).size, 160, 'each ticket called once');
  assert.deepEqual([...seen].sort((a, b) => a - b), [...issued].sort((a, b) => a - b));
  const done = await request(srv.base, 'GET', `/api/v1/halls/1/tickets?status=done&queue_id=${Q.A}`, { token: clerk.token });
  assert.ok(issued.every((id) => done.json.items.some((t) => t.id === id)));
  assert.ok(done.json.items.filter((t) => issued.includes(t.id)).every((t) => t.recalls === 0 && t.called_at && t.finished_at >= t.started_at));
  // The ticket rows agree: exactly one call_next audit row per ticket.
  const calls = (await request(srv.base, 'GET', '/api/v1/audit?entity=ticket&action=call_next&page_size=1', { token: admin.token })).json.total;
  assert.equal(calls - callsBefore, 160);
  const rows = [];
  for (let page = 1; rows.length < 160; page++) {
    const r = await request(srv.base, 'GET', `/api/v1/audit?entity=ticket&action=call_next&page_size=200&page=${page}`, { token: admin.token });
    rows.push(...r.json.items.filter((a) => issued.includes(a.entity_id)));
    if (r.json.items.length < 200) break;
  }
  assert.equal(new Set(rows.map((a) => a.entity_id)).size, 160);
  assert.equal(rows.length, 160);
  // Reminders: at most one per ticket (157 tickets were 3rd in line once).
  const sms = [];
  for (let page = 1; ; page++) {
    const r = await request(srv.base, 'GET', `/api/v1/outbox?page_size=200&page=${page}`, { token: admin.token });
    sms.push(...r.json.items.filter((m) => m.recipient.startsWith('139****') && m.body.includes('前面还有')));
    if (r.json.items.length < 200) break;
  }
  const total = (await request(srv.base, 'GET', '/api/v1/outbox?page_size=1', { token: admin.token })).json.total;
  assert.ok(total - smsBefore <= 160, `${total - smsBefore} reminders for 160 tickets`);
  const perCode = new Map();
  for (const m of sms) { const c = /(A\d{3})/.exec(m.body)[1]; perCode.set(c, (perCode.get(c) || 0) + 1); }
  assert.ok([...perCode.values()].every((n) => n === 1), 'one reminder per ticket');
});
