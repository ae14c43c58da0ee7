// Appointments: days and slots on the official calendar, booking online
// and at the window, every refusal with its registry error and nothing
// changed, the freeze on cancelled places, holds, check-in, and 2,000
// bookings racing for 100 places. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, snapshot, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10, idNumber } from './queuelib.mjs';

let srv, admin, mgr, cit;
const Q = {};
// The server's clock: the tests that need time to pass restart it later.
const env = { YIWANG_TEST_CLOCK: String(TUESDAY_10) };
async function restartAt(ms) {
  env.YIWANG_TEST_CLOCK = String(ms);
  await srv.stop({ keep: true });
  srv = await startServer({ restart: srv, env });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
}
const MIN = 60000;

async function citizen(base, phone, adminTok) {
  await request(base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  const out = await request(base, 'GET', '/api/v1/outbox', { token: adminTok });
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === `${phone.slice(0, 3)}****${phone.slice(7)}`).body)[1];
  return (await request(base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } })).json;
}

before(async () => {
  srv = await startServer({ env });
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
  const clerk3 = await login(srv.base, 'clerk03', DEMO_PASSWORD); // logging in is audited
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
  isError(await book(clerk3, { queue_id: Q.A, date: '2026-11-25', start: '09:15', ...person(14) }), 403, 'FORBIDDEN_SCOPE');
  assert.equal(await state(), before);
  // The refusals took nothing from the people: the one refused for a full
  // slot books another slot of the same day.
  assert.equal((await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '09:30', ...person(13) })).status, 201);
  // The hall's list is masked.
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-11-25', { token: mgr.token });
  const lee = list.json.items.find((x) => x.id === ok.json.id);
  assert.equal(lee.id_number, idNumber('19900101', 11).slice(0, 6) + '********' + idNumber('19900101', 11).slice(14));
  assert.match(lee.phone, /^135\*{4}1111$/);
  assert.ok(!list.text.includes(idNumber('19900101', 11)) && !list.text.includes('13500001111'));
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
  const before2 = await state();
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '14:30', item_id: item, ...person(16) }), 409, 'PERSON_LIMIT', 'item_id');
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '14:30', item_id: 999999, ...person(17) }), 400, 'REF_NOT_FOUND', 'item_id');
  assert.equal(await state(), before2);
  // The refused item booking gave the day's count back (it had taken it first).
  assert.equal((await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '14:30', ...person(16) })).status, 201);
  // Per day: a second booking of the same person that day is refused.
  isError(await book(cit, { queue_id: Q.A, date: '2026-11-25', start: '14:45', ...person(16) }), 409, 'PERSON_LIMIT', 'id_number');
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
  const before = await state();
  isError(await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '10:00', name: '赵六', id_number: idNumber('19850505', 22) }), 409, 'SLOT_FROZEN', 'start');
  assert.equal(await state(), before);
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
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { id_number: '440524199001010010' } }), 400, 'INVALID_ID_NUMBER', 'id_number');
  // The hall's stream says who checked in by ticket only.
  const ev = await request(srv.base, 'GET', '/api/v1/halls/1/board');
  assert.ok(!JSON.stringify(ev.json).includes(soon.json.code));
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
  const rows = list.json.items.filter((a) => a.queue_id === q.json.id && a.status === 'booked');
  assert.equal(rows.length, 100);
  assert.equal(slot.capacity_internal - slot.free_internal, rows.length, 'the slot counter equals the booked rows');
  assert.equal(new Set(rows.map((a) => a.code)).size, 100, 'codes are unique');
});

test('per-person limits hold when one person books many slots at once; cancelling gives them back', async () => {
  const me = { name: '钱九', id_number: idNumber('19790909', 51) };
  const starts = (await slots(Q.D, '2026-11-27')).slots.map((x) => x.start);
  assert.equal(starts.length, 22);
  const rs = await Promise.all(starts.map((start) => book(mgr, { queue_id: Q.D, date: '2026-11-27', start, ...me })));
  const ok = rs.filter((r) => r.status === 201);
  assert.equal(ok.length, 1);
  for (const r of rs) if (r.status !== 201) isError(r, 409, 'PERSON_LIMIT', 'id_number');
  const day = (await slots(Q.D, '2026-11-27')).slots;
  assert.equal(day.reduce((n, x) => n + x.capacity_internal - x.free_internal, 0), 1, 'only the booking took a place');
  const c = await request(srv.base, 'POST', `/api/v1/appointments/${ok[0].json.id}/cancel`, { token: mgr.token });
  assert.equal(c.status, 200, c.text);
  const again = await book(mgr, { queue_id: Q.D, date: '2026-11-27', start: starts.find((x) => x !== ok[0].json.start), ...me });
  assert.equal(again.status, 201, again.text);
});

test('booking sessions: validated, scoped to the hall managers, no overlaps', async () => {
  const snap = () => snapshot(srv.base, admin.token, 'appt-sessions');
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  const before = await snap();
  const base = { hall_id: 1, queue_id: Q.E, day_kind: 'workday', start_time: '09:00', end_time: '10:00', slot_minutes: 20, online_capacity: 1, internal_capacity: 1 };
  const post = (who, body) => request(srv.base, 'POST', '/api/v1/appt-sessions', { token: who.token, body: { ...base, ...body } });
  isError(await post(mgr, { start_time: '9:00' }), 400, 'BAD_FORMAT', 'start_time');
  isError(await post(mgr, { end_time: '24:00' }), 400, 'BAD_FORMAT', 'end_time');
  isError(await post(mgr, { end_time: '08:00' }), 400, 'OUT_OF_RANGE', 'end_time');
  isError(await post(mgr, { slot_minutes: 25 }), 400, 'OUT_OF_RANGE', 'slot_minutes');
  isError(await post(mgr, { slot_minutes: 4 }), 400, 'OUT_OF_RANGE', 'slot_minutes');
  isError(await post(mgr, { online_capacity: 1000 }), 400, 'OUT_OF_RANGE', 'online_capacity');
  isError(await post(mgr, { day_kind: 'holiday' }), 400, 'BAD_ENUM', 'day_kind');
  isError(await post(mgr, { day_kind: 'saturday', weekday: 3 }), 400, 'OUT_OF_RANGE', 'weekday');
  const other = (await request(srv.base, 'GET', '/api/v1/queues?hall_id=2', { token: admin.token })).json.items[0];
  isError(await post(mgr, { queue_id: other.id }), 400, 'REF_NOT_FOUND', 'queue_id');
  isError(await post(clerk, {}), 403, 'FORBIDDEN_ROLE');
  isError(await post(mgr, { hall_id: 2, queue_id: other.id }), 403, 'FORBIDDEN_SCOPE');
  assert.equal(await snap(), before);
  const made = await post(mgr, {});
  assert.equal(made.status, 201, made.text);
  isError(await post(mgr, { start_time: '09:40', end_time: '10:20' }), 409, 'DUPLICATE', 'start_time');
  assert.equal((await post(mgr, { start_time: '10:00', end_time: '11:00' })).status, 201);
  assert.equal((await post(mgr, { day_kind: 'saturday' })).status, 201);
  const day = await slots(Q.E, '2026-11-27');
  assert.deepEqual(day.slots.map((x) => x.start), ['09:00', '09:20', '09:40', '10:00', '10:20', '10:40']);
  // Slots already made follow a changed session at once.
  const edit = await request(srv.base, 'PUT', `/api/v1/appt-sessions/${made.json.id}`, { token: mgr.token, body: { online_capacity: 3, internal_capacity: 2 } });
  assert.equal(edit.status, 200, edit.text);
  const again = await slots(Q.E, '2026-11-27');
  assert.deepEqual(again.slots.filter((x) => x.start < '10:00').map((x) => [x.capacity_online, x.capacity_internal]), [[3, 2], [3, 2], [3, 2]]);
  assert.ok(again.slots.filter((x) => x.start >= '10:00').every((x) => x.capacity_online === 1));
});

test('the release plan: read, set (audited), bad input refused', async () => {
  const r = await request(srv.base, 'GET', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token });
  assert.equal(r.json.hours.find((h) => h.hour === 9).online_per_hour, 10);
  const put = await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token, body: { hours: [{ hour: 9, online_per_hour: 6 }] } });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.json.hours, [{ hour: 9, online_per_hour: 6 }]);
  // Days whose slots were already made follow the new plan; hours without
  // a plan go back to the sessions' own capacity.
  const b = await slots(Q.B, '2026-11-25');
  assert.equal(b.slots.filter((x) => x.start.startsWith('09:')).reduce((n, x) => n + x.capacity_online, 0), 6);
  assert.ok(b.slots.filter((x) => x.start.startsWith('10:')).every((x) => x.capacity_online === 2));
  assert.deepEqual((await request(srv.base, 'GET', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token })).json.hours, [{ hour: 9, online_per_hour: 6 }]);
  isError(await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: mgr.token, body: { hours: [{ hour: 25, online_per_hour: 1 }] } }), 400, 'BAD_FORMAT', 'hours');
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  isError(await request(srv.base, 'PUT', `/api/v1/queues/${Q.B}/release-plan`, { token: clerk.token, body: { hours: [] } }), 403, 'FORBIDDEN_ROLE');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=queue&entity_id=${Q.B}&action=release_plan`, { token: admin.token });
  assert.ok(audit.json.items.length >= 1);
  // Another hall's plan is outside a hall manager's scope, to read as to write.
  const other = (await request(srv.base, 'GET', '/api/v1/queues?hall_id=2', { token: admin.token })).json.items[0];
  isError(await request(srv.base, 'GET', `/api/v1/queues/${other.id}/release-plan`, { token: mgr.token }), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', '/api/v1/queues/999999/release-plan', { token: mgr.token }), 404, 'NOT_FOUND');
});

// The tests below move the server's clock (a restart on the same store).
test('time passes: a late check-in gets a normal ticket, expired holds are refused and their places reclaimed', async () => {
  const late = await book(mgr, { queue_id: Q.A, date: '2026-11-24', start: '10:30', name: '孙十', id_number: idNumber('19750101', 61) });
  assert.equal(late.status, 201, late.text);
  const onTime = await book(mgr, { queue_id: Q.A, date: '2026-11-24', start: '11:00', name: '郑一', id_number: idNumber('19750202', 62) });
  assert.equal(onTime.status, 201, onTime.text);
  const hold = (who) => request(srv.base, 'POST', '/api/v1/appointments/hold', { token: who.token, body: { queue_id: Q.A, date: '2026-11-25', start: '11:45' } });
  const hc = await hold(cit);
  const hm = await hold(mgr);
  assert.equal(hm.json.channel, 'internal');
  assert.equal((await slots(Q.A, '2026-11-25')).slots.find((x) => x.start === '11:45').free_internal, 0);

  await restartAt(TUESDAY_10 + 50 * MIN);
  cit = await citizen(srv.base, '13500001111', admin.token);
  const before = await state();
  const person = { name: '李雷', id_number: idNumber('19900101', 63) };
  isError(await request(srv.base, 'POST', `/api/v1/appointments/${hc.json.id}/confirm`, { token: cit.token, body: person }), 409, 'HOLD_EXPIRED', 'id');
  isError(await request(srv.base, 'POST', `/api/v1/appointments/${hm.json.id}/confirm`, { token: mgr.token, body: person }), 409, 'HOLD_EXPIRED', 'id');
  assert.equal(await state(), before);
  // The expired holds' places show as free and the next booking takes one.
  const s = (await slots(Q.A, '2026-11-25')).slots.find((x) => x.start === '11:45');
  assert.equal(s.free_internal, 1);
  assert.equal(s.free_online, 2);
  assert.equal((await book(mgr, { queue_id: Q.A, date: '2026-11-25', start: '11:45', ...person })).status, 201);
  assert.equal((await slots(Q.A, '2026-11-25')).slots.find((x) => x.start === '11:45').free_internal, 0);

  // 10:50: the 10:30 appointment is past its 15 minutes' grace.
  const l = await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { code: late.json.code } });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.json.appointment.status, 'late');
  assert.equal(l.json.ticket.klass, 2);
  assert.equal(l.json.ticket.appointment_id, late.json.id);
  // The 11:00 one is inside its window (from 10:30): an appointment ticket.
  const o = await request(srv.base, 'POST', '/api/v1/halls/1/check-in', { body: { id_number: idNumber('19750202', 62) } });
  assert.equal(o.status, 201, o.text);
  assert.equal(o.json.appointment.status, 'checked_in');
  assert.equal(o.json.ticket.source, 'appointment');
  assert.equal(o.json.ticket.appointment_id, onTime.json.id);
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-11-24', { token: mgr.token });
  assert.equal(list.json.items.find((x) => x.id === late.json.id).ticket_id, l.json.ticket.id);
});

test('public holidays close the day even for weekend sessions; a make-up working Saturday opens like a working day', async () => {
  await restartAt(Date.UTC(2026, 8, 29, 2, 0, 0)); // Tuesday 2026-09-29 10:00
  assert.equal((await request(srv.base, 'PUT', `/api/v1/queues/${Q.A}`, { token: mgr.token, body: { appt_horizon_days: 14 } })).status, 200);
  const nd = await slots(Q.A, '2026-10-01');
  assert.equal(nd.open, false);
  assert.match(nd.reason, /国庆节/);
  const p = { name: '王二', id_number: idNumber('19660606', 71) };
  const before = await state();
  isError(await book(cit, { queue_id: Q.A, date: '2026-10-01', start: '09:00', ...p }), 422, 'SLOT_CLOSED_DAY', 'date');
  isError(await book(mgr, { queue_id: Q.A, date: '2026-10-03', start: '09:00', ...p }), 422, 'SLOT_CLOSED_DAY', 'date'); // a Saturday inside the holiday
  isError(await book(mgr, { queue_id: Q.A, date: '2026-10-04', start: '09:00', ...p }), 422, 'SLOT_CLOSED_DAY', 'date');
  assert.equal(await state(), before);
  const days = (await request(srv.base, 'GET', `/api/v1/halls/1/appointment-days?queue_id=${Q.A}`)).json.days;
  assert.deepEqual(days.filter((d) => d.open).map((d) => d.date), ['2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13']);
  const mk = await slots(Q.A, '2026-10-10');
  assert.equal(mk.open, true);
  assert.ok(mk.slots.some((x) => x.start === '14:30'), 'the working-day sessions, afternoon included');
  assert.equal((await book(mgr, { queue_id: Q.A, date: '2026-10-10', start: '14:30', ...p })).status, 201);
});

test('an appointment never checked in stops counting against the item once its day is over (a no-show)', async () => {
  const item = (await request(srv.base, 'GET', '/api/v1/halls/1/kiosk')).json.queues.find((q) => q.code === 'A').item_ids[0];
  const p = { name: '冯三', id_number: idNumber('19680808', 81), item_id: item };
  const first = await book(mgr, { queue_id: Q.A, date: '2026-09-30', start: '09:00', ...p });
  assert.equal(first.status, 201, first.text);
  isError(await book(mgr, { queue_id: Q.A, date: '2026-10-09', start: '09:00', ...p }), 409, 'PERSON_LIMIT', 'item_id');
  await restartAt(Date.UTC(2026, 9, 8, 2, 0, 0)); // Thursday 2026-10-08 10:00, after the holiday
  const again = await book(mgr, { queue_id: Q.A, date: '2026-10-09', start: '09:00', ...p });
  assert.equal(again.status, 201, again.text);
  const list = await request(srv.base, 'GET', '/api/v1/halls/1/appointments?date=2026-09-30', { token: mgr.token });
  assert.equal(list.json.items.find((x) => x.id === first.json.id).status, 'no_show');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=appointment&entity_id=${first.json.id}&action=no_show`, { token: admin.token });
  assert.equal(audit.json.items.length, 1);
  // Still one open appointment per item.
  isError(await book(mgr, { queue_id: Q.A, date: '2026-10-12', start: '09:00', ...p }), 409, 'PERSON_LIMIT', 'item_id');
});
