// Appointments: days and slots on the official calendar, booking online
// and at the window, every refusal with its registry error and nothing
// changed, the freeze on cancelled places, holds, check-in, and 2,000
// bookings racing for 100 places. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10, idNumber } from './queuelib.mjs';

let srv, admin, mgr, cit;
const Q = {};

async function citizen(base, phone, adminTok) {
  await request(base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  const out = await request(base, 'GET', '/api/v1/outbox', { token: adminTok });
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === `${phone.slice(0, 3)}****${phone.slice(7)}`).body)[1];
  return (await request(base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } })).json;
}

before(async () => {
  srv = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  cit = await citizen(srv.base, '13500001111', admin.token);
  for (const q of (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues) Q[q.code] = q.id;
});
after(() => srv?.stop());

const book = (who, body) => request(srv.base, 'POST', '/api/v1/appointments', { token: who.token, body });
const slots = async (queue, date) => (await request(srv.base, 'GET', `/api/v1/halls/1/availability?queue_id=${queue}&date=${date}`)).json;
async function state() {
  const a = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-11-25', { token: mgr.token });
  const s = await slots(Q.A, '2026-11-25');
  const audit = await request(srv.base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token });
  return JSON.stringify({ a: a.json, s, n: audit.json.total });
}

test('days follow the official calendar and the sessions; slots carry online and window places', async () => {
  const days = (await request(srv.base, 'GET', `/api/v1/halls/1/appointment-days?queue_id=${Q.A}`)).json.days;
  const by = Object.fromEntries(days.map((d) => [d.date, d]));
  assert.equal(by['2026-11-25'].open, true);
  assert.equal(by['2026-11-28'].open, true, 'Saturday morning service');
  assert.equal(by['2026-11-29'].open, false, 'Sunday');
  const wed = await slots(Q.A, '2026-11-25');
  assert.equal(wed.slots[0].start, '09:00');
  assert.equal(wed.slots[0].capacity_online, 2);
  assert.equal(wed.slots[0].capacity_internal, 1);
  // 公安户政 releases 10 online places an hour over four 15-minute slots.
  const b = await slots(Q.B, '2026-11-25');
  const nine = b.slots.filter((s) => s.start.startsWith('09:'));
  assert.equal(nine.reduce((n, s) => n + s.capacity_online, 0), 10);
  // A local closure closes a working day.
  const cl = await request(srv.base, 'POST', '/api/v1/calendar/closures', { token: admin.token, body: { date: '2026-11-26', reason: '设备检修' } });
  assert.ok([200, 201].includes(cl.status), cl.text);
  const thu = await slots(Q.A, '2026-11-26');
  assert.equal(thu.open, false);
  assert.match(thu.reason, /设备检修/);
  isError(await request(srv.base, 'GET', `/api/v1/halls/1/availability?queue_id=${Q.A}&date=2026-13-01`), 400, 'BAD_QUERY', 'date');
});

test('book online and at the window; every refusal is specific and changes nothing', async () => {
  const ok = await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '09:00', name: '李雷', id_number: idNumber('19900101', 11), phone: '13500001111' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.channel, 'online');
  assert.match(ok.json.code, /^\d{8}$/);
  assert.match(ok.json.id_number, /\*{8}/);
  const win = await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '09:00', name: '韩梅梅', id_number: idNumber('19920202', 12) });
  assert.equal(win.json.channel, 'internal');
  assert.equal((await slots(Q.A, '2026-11-25')).slots[0].free_online, 1);
  const before = await state();
  const person = (n) => ({ name: '张三', id_number: idNumber('19800303', n) });
  isError(await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '09:00', ...person(13) }), 409, 'SLOT_FULL', 'start');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-23', start: '09:00', ...person(14) }), 422, 'SLOT_PAST', 'date');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-24', start: '09:00', ...person(14) }), 422, 'SLOT_PAST', 'start');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-29', start: '09:00', ...person(14) }), 422, 'SLOT_CLOSED_DAY', 'date');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-26', start: '09:00', ...person(14) }), 422, 'SLOT_CLOSED_DAY', 'date');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '09:05', ...person(14) }), 422, 'SLOT_CLOSED_DAY', 'start');
  isError(await book(cit, { queue_id: Q.A, date: '2026-12-20', start: '09:00', ...person(14) }), 422, 'SLOT_BEYOND_HORIZON', 'date');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '09:15', name: '李雷', id_number: idNumber('19900101', 11) }), 409, 'PERSON_LIMIT', 'id_number');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '09:15', name: 'x', id_number: '440524199001010010' }), 400, 'INVALID_ID_NUMBER', 'id_number');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '9am', ...person(14) }), 400, 'BAD_FORMAT', 'start');
  isError(await book(cit, { queue_id: 9999, date: '2026-11-25', start: '09:00', ...person(14) }), 400, 'REF_NOT_FOUND', 'queue_id');
  isError(await request(srv.base, 'POST', '/api/v1/appointments', { body: { queue_id: Q.A } }), 401, 'UNAUTHENTICATED');
  assert.equal(await state(), before);
  // Not released yet: the day at the horizon opens at the release time.
  await request(srv.base, 'PUT', `/api/v1/queues/${Q.A}`, { token: mgr.token, body: { appt_release_time: '11:00' } });
  const rel = (await slots(Q.A, '2026-12-01'));
  assert.equal(rel.released, false);
  isError(await book(cit, { queue_id: Q.A, date: '2026-12-01', start: '09:00', ...person(15) }), 422, 'SLOT_BEYOND_HORIZON', 'date');
  await request(srv.base, 'PUT', `/api/v1/queues/${Q.A}`, { token: mgr.token, body: { appt_release_time: '08:00' } });
  // Per item: one open appointment per item.
  const item = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.find((q) => q.code === 'A').item_ids[0];
  const first = await book(cit, { queue_id: Q.A, date: '2026-11-27', start: '09:00', item_id: item, ...person(16) });
  assert.equal(first.status, 201, first.text);
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-30', start: '09:00', item_id: item, ...person(16) }), 409, 'PERSON_LIMIT', 'item_id');
});

test('a cancelled place stays frozen; cancelling gives the person their limit back', async () => {
  const p = { name: '王五', id_number: idNumber('19850505', 21) };
  const a = await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '10:00', ...p });
  assert.equal(a.status, 201, a.text);
  const c = await request(srv.base, 'POST', `/api/v1/appointments/${a.json.id}/cancel`, { token: mgr.token });
  assert.equal(c.json.status, 'cancelled');
  assert.ok(c.json.frozen_until > TUESDAY_10);
  isError(await request(srv.base, 'POST', `/api/v1/appointments/${a.json.id}/cancel`, { token: mgr.token }), 409, 'APPT_STATE');
  const s = (await slots(Q.A, '2026-11-25')).slots.find((x) => x.start === '10:00');
  assert.equal(s.frozen, 1);
  isError(await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '10:00', name: '赵六', id_number: idNumber('19850505', 22) }), 409, 'SLOT_FROZEN', 'start');
  // Same person, same day, another slot: the limit was given back.
  assert.equal((await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '10:15', ...p })).status, 201);
  // Someone else's appointment is not the citizen's to cancel.
  isError(await request(srv.base, 'POST', `/api/v1/appointments/${a.json.id}/cancel`, { token: cit.token }), 404, 'NOT_FOUND');
});

test('hold while the form is filled, then confirm; an abandoned hold frees the place at once', async () => {
  const h = await request(srv.base, 'POST', '/api/v1/appointments/hold', { token: cit.token, body: { queue_id: Q.A, date: '2026-11-25', start: '11:00' } });
  assert.equal(h.status, 201, h.text);
  assert.equal(h.json.status, 'held');
  assert.ok(h.json.hold_until >= TUESDAY_10 + 300000 - 5000);
  assert.equal((await slots(Q.A, '2026-11-25')).slots.find((x) => x.start === '11:00').free_online, 1);
  const c = await request(srv.base, 'POST', `/api/v1/appointments/${h.json.id}/confirm`, { token: cit.token, body: { name: '李雷', id_number: idNumber('19900101', 31) } });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.status, 'booked');
  isError(await request(srv.base, 'POST', `/api/v1/appointments/${h.json.id}/confirm`, { token: cit.token, body: { name: '李雷', id_number: idNumber('19900101', 31) } }), 409, 'APPT_STATE');
  const h2 = await request(srv.base, 'POST', '/api/v1/appointments/hold', { token: cit.token, body: { queue_id: Q.A, date: '2026-11-25', start: '11:00' } });
  await request(srv.base, 'POST', `/api/v1/appointments/${h2.json.id}/cancel`, { token: cit.token });
  const other = await citizen(srv.base, '13500002222', admin.token);
  assert.equal((await book(other, { queue_id: Q.A, date: '2026-11-25', start: '11:00', name: '韩梅梅', id_number: idNumber('19920202', 32) })).status, 201);
  const mine = await request(srv.base, 'GET', '/api/v1/appointments/mine', { token: cit.token });
  assert.ok(mine.json.items.some((x) => x.id === c.json.id));
  assert.ok(!mine.json.items.some((x) => x.status === 'held'));
});

test('check-in by code or ID number issues an appointment ticket; too early and unknown are refused', async () => {
  await request(srv.base, 'PUT', `/api/v1/queues/${Q.A}`, { token: mgr.token, body: { appt_min_notice_min: 0 } });
  const soon = await book(mgr, { queue_id: Q.A, date: '2026-11-24', start: '10:15', name: '周七', id_number: idNumber('19700707', 41) });
  assert.equal(soon.status, 201, soon.text);
  const later = await book(mgr, { queue_id: Q.A, date: '2026-11-24', start: '11:30', name: '吴八', id_number: idNumber('19700808', 42) });
  const before = await state();
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { code: later.json.code } }), 409, 'CHECKIN_TOO_EARLY');
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { code: '00000000' } }), 404, 'APPT_NOT_FOUND', 'code');
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: {} }), 400, 'MISSING_FIELD', 'code');
  assert.equal(await state(), before);
  const ci = await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { id_number: idNumber('19700707', 41) } });
  assert.equal(ci.status, 201, ci.text);
  assert.equal(ci.json.appointment.status, 'checked_in');
  assert.equal(ci.json.ticket.source, 'appointment');
  assert.equal(ci.json.ticket.klass, 0);
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { code: soon.json.code } }), 404, 'APPT_NOT_FOUND');
});

test('2,000 bookings race for 100 places: exactly 100 succeed, the rest get SLOT_FULL', async () => {
  const q = await request(srv.base, 'POST', '/api/v1/queues', { token: mgr.token, body: { hall_id: 1, code: 'R', name: '抢号测试', prefix: 'R' } });
  assert.equal(q.status, 201, q.text);
  const s = await request(srv.base, 'POST', '/api/v1/appt-sessions', { token: mgr.token, body: { hall_id: 1, queue_id: q.json.id, day_kind: 'workday', start_time: '09:00', end_time: '09:15', slot_minutes: 15, online_capacity: 0, internal_capacity: 100 } });
  assert.equal(s.status, 201, s.text);
  const results = await Promise.all(Array.from({ length: 2000 }, (_, i) =>
    book(mgr, { queue_id: q.json.id, date: '2026-11-25', start: '09:00', name: `抢${i}`, id_number: idNumber('19880808', i % 1000, i < 1000 ? '441602' : '441621') })));
  const ok = results.filter((r) => r.status === 201);
  assert.equal(ok.length, 100);
  for (const r of results) if (r.status !== 201) isError(r, 409, 'SLOT_FULL', 'start');
  const slot = (await slots(q.json.id, '2026-11-25')).slots[0];
  assert.equal(slot.free_internal, 0);
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-11-25', { token: mgr.token });
  assert.equal(list.json.items.filter((a) => a.queue_id === q.json.id).length, 100);
});

test('the release plan: read, set (audited), bad input refused', async () => {
  const r = await request(srv.base, 'GET', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token });
  assert.equal(r.json.hours.find((h) => h.hour === 9).online_per_hour, 10);
  const put = await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token, body: { hours: [{ hour: 9, online_per_hour: 6 }] } });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json.hours, [{ hour: 9, online_per_hour: 6 }]);
  isError(await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token, body: { hours: [{ hour: 25, online_per_hour: 1 }] } }), 400, 'BAD_FORMAT', 'hours');
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  isError(await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: clerk.token, body: { hours: [] } }), 403, 'FORBIDDEN_ROLE');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=queue&entity_id=${Q.B}&action=release_plan`, { token: admin.token });
  assert.ok(audit.json.items.length >= 1);
});
