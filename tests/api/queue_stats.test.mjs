// Queue statistics and release advice over the seeded history: groups,
// exports, refusals, roles and scope, and applying the advice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { TUESDAY_10 } from './queuelib.mjs';

let srv, admin, mgr;
before(async () => {
  srv = await startServer({ env: { YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
});
after(() => srv?.stop());

const get = (who, path) => request(srv.base, 'GET', path, { token: who.token });

test('statistics per queue, window, staff and hour from the history', async () => {
  const q = await get(mgr, '/api/v1/halls/1/queue-stats');
  assert.equal(q.status, 200, q.text);
  assert.ok(q.json.total > 1000, 'twenty working days of history');
  const a = q.json.groups.find((g) => g.label.startsWith('A '));
  assert.ok(a.served > 0 && a.service_mean > 5 && a.service_mean < 15);
  assert.ok(a.wait_p90 >= a.wait_p50 && a.service_p90 >= a.service_p50);
  assert.ok(a.quote_in_range > 0 && a.quote_in_range < 1, 'quoted against real waits');
  assert.equal(q.json.peak_hours.length, 3);
  const h = await get(mgr, '/api/v1/halls/1/queue-stats?by=hour');
  assert.ok(h.json.groups.every((g) => /^\d\d:00$/.test(g.label)));
  assert.equal(h.json.groups.reduce((n, g) => n + g.tickets, 0), q.json.total);
  const csv = await get(mgr, '/api/v1/halls/1/queue-stats?format=csv&by=queue');
  assert.match(csv.headers['content-type'], /text\/csv/);
  assert.ok(csv.text.startsWith('\ufeff分组,取号'));
  const xlsx = await request(srv.base, 'GET', '/api/v1/halls/1/queue-stats?format=xlsx', { token: mgr.token });
  assert.match(xlsx.headers['content-disposition'], /\.xlsx/);
  assert.ok(xlsx.text.startsWith('PK'), 'a zip file');
});

test('bad queries, roles and scope are refused', async () => {
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?by=day'), 400, 'BAD_QUERY', 'by');
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?from=2026-01-01&to=2026-11-24'), 400, 'BAD_QUERY', 'from');
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?from=2026-11-30&to=2026-11-24'), 400, 'BAD_QUERY', 'from');
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?format=pdf'), 400, 'BAD_QUERY', 'format');
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?to=2026-13-01'), 400, 'BAD_QUERY', 'to');
  isError(await get(mgr, '/api/v1/halls/1/queue-stats?from=2026-11-5'), 400, 'BAD_QUERY', 'from');
  isError(await get(mgr, '/api/v1/halls/1/release-advice?target=abc'), 400, 'BAD_QUERY', 'target');
  isError(await get(mgr, '/api/v1/halls/1/release-advice?target=0'), 400, 'BAD_QUERY', 'target');
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  isError(await get(clerk, '/api/v1/halls/1/queue-stats'), 403, 'FORBIDDEN_ROLE');
  isError(await get(mgr, '/api/v1/halls/2/queue-stats'), 403, 'FORBIDDEN_SCOPE');
  isError(await get(mgr, '/api/v1/halls/99/queue-stats'), 404, 'NOT_FOUND');
});

test('release advice keeps the predicted wait under the target; applying writes the plan', async () => {
  const adv = await get(mgr, '/api/v1/halls/1/release-advice');
  assert.equal(adv.status, 200, adv.text);
  assert.equal(adv.json.target, 20);
  assert.ok(adv.json.history_days >= 15);
  for (const r of adv.json.rows) {
    if (r.advised > 0) assert.ok(r.wait_with !== null && r.wait_with <= 20 + 1e-9, JSON.stringify(r));
    assert.ok(r.arrivals >= 0 && r.mean_service > 0);
  }
  const b = adv.json.rows.filter((r) => r.queue_name === '公安户政');
  assert.ok(b.length > 0);
  const qid = b[0].queue_id;
  const before = (await get(mgr, `/api/v1/queues/${qid}/release-plan`)).json.hours;
  const apply = await request(srv.base, 'POST', '/api/v1/halls/1/release-advice/apply', { token: mgr.token, body: { queue_id: qid } });
  assert.equal(apply.status, 200, apply.text);
  const after = (await get(mgr, `/api/v1/queues/${qid}/release-plan`)).json.hours;
  assert.deepEqual(after, b.map((r) => ({ hour: r.hour, online_per_hour: r.advised })));
  assert.notDeepEqual(after, before);
  const audit = await get(admin, `/api/v1/audit?entity=queue&entity_id=${qid}&action=release_plan`);
  assert.ok(audit.json.items.length >= 1);
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/release-advice/apply', { token: mgr.token, body: { queue_id: 9999 } }), 400, 'REF_NOT_FOUND', 'queue_id');
  const sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  isError(await request(srv.base, 'POST', '/api/v1/halls/1/release-advice/apply', { token: sup.token, body: {} }), 403, 'FORBIDDEN_ROLE');
});

test('windows and staff groups, appointment punctuality, exports', async () => {
  const q = await get(mgr, '/api/v1/halls/1/queue-stats');
  const w = await get(mgr, '/api/v1/halls/1/queue-stats?by=window');
  assert.equal(w.status, 200, w.text);
  assert.ok(w.json.groups.length >= 8, 'the staffed windows');
  assert.ok(w.json.groups.every((g) => /^\d+号 /.test(g.label)), 'every history ticket was called at a window');
  assert.equal(w.json.groups.reduce((n, g) => n + g.tickets, 0), q.json.total);
  const st = await get(mgr, '/api/v1/halls/1/queue-stats?by=staff');
  const names = st.json.groups.map((g) => g.label);
  assert.ok(names.includes('张敏') && names.includes('赖思琪') && names.includes('未登记人员'), names.join());
  assert.equal(st.json.groups.reduce((n, g) => n + g.tickets, 0), q.json.total);
  // Appointments: most on time, some late; only queues taking bookings.
  const byCode = Object.fromEntries(q.json.groups.map((g) => [g.label.split(' ')[0], g]));
  for (const c of ['A', 'B', 'D']) {
    const g = byCode[c];
    assert.ok(g.appointments > 0 && g.appointments_on_time > g.appointments / 2 && g.appointments_on_time < g.appointments, c);
  }
  assert.equal(byCode.C.appointments, 0);
  for (const g of q.json.groups) {
    assert.equal(g.tickets, g.served + g.no_shows + g.cancelled, g.label);
    assert.ok(g.wait_mean >= 0 && g.wait_p50 <= g.wait_p90 && g.quote_mae >= 0, g.label);
  }
  // The busy registry queue waits longer than the quick issuing counter.
  assert.ok(byCode.B.wait_mean > byCode.C.wait_mean);
  // A span without history: empty groups, not an error.
  const empty = await get(mgr, '/api/v1/halls/1/queue-stats?from=2025-01-01&to=2025-01-31');
  assert.equal(empty.status, 200);
  assert.deepEqual([empty.json.total, empty.json.groups, empty.json.peak_hours], [0, [], []]);
  // CSV: BOM, Chinese header, one line per group, a file name.
  const csv = await get(mgr, '/api/v1/halls/1/queue-stats?format=csv&by=window');
  assert.match(csv.headers['content-disposition'], /attachment; filename="queue-stats-window-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"/);
  const lines = csv.text.replace(/\r?\n$/, '').split(/\r?\n/);
  assert.equal(lines.length, w.json.groups.length + 1);
  assert.ok(lines[0].includes('平均等候(分)') && lines[0].includes('准时签到'));
  const cells = lines[1].split(',');
  assert.match(cells[1], /^\d+$/, 'counts are whole numbers');
  assert.match(cells[5], /^\d+\.\d\d$/, 'minutes to 0.01');
  const x = await get(mgr, '/api/v1/halls/1/queue-stats?format=xlsx&by=hour');
  assert.match(x.headers['content-type'], /spreadsheetml/);
});

test('seeding again leaves the history as it was', async () => {
  const before = await get(mgr, '/api/v1/halls/1/queue-stats?by=hour');
  yiwang(['seed', 'demo', '--store', srv.store.url], { env: { ...process.env, YIWANG_TEST_CLOCK: String(TUESDAY_10) } });
  const after = await get(mgr, '/api/v1/halls/1/queue-stats?by=hour');
  assert.deepEqual(after.json, before.json);
});

// Erlang C through the Erlang B recursion, and Allen–Cunneen (docs/queue-stats.md).
function wq(lambda, s, c, cs2) {
  if (lambda <= 0) return 0;
  const a = lambda * s / 60;
  if (a >= c) return null;
  let b = 1;
  for (let k = 1; k <= c; k++) b = a * b / (k + a * b);
  const pw = b / (1 - (a / c) * (1 - b));
  return pw * s / (c - a) * (1 + cs2) / 2;
}

test('advice numbers agree with Erlang C and Allen–Cunneen', async () => {
  const adv = await get(mgr, '/api/v1/halls/1/release-advice?target=15');
  assert.equal(adv.status, 200, adv.text);
  assert.equal(adv.json.target, 15);
  let checked = 0;
  for (const r of adv.json.rows) {
    const near = (got, want) => (got === null ? want === null : Math.abs(got - want) <= 0.05 + 0.06 * want);
    // Inputs come back rounded to 0.01, and near saturation the wait is
    // steep in them, so allow some slack.
    assert.ok(near(r.wait_without, wq(r.arrivals, r.mean_service, r.windows, r.cs2)), JSON.stringify(r));
    assert.ok(near(r.wait_with, wq(r.arrivals + r.advised, r.mean_service, r.windows, r.cs2)), JSON.stringify(r));
    if (r.wait_without === null || r.wait_without > 15.2) assert.equal(r.advised, 0, JSON.stringify(r));
    else if (r.advised < 60) {
      const next = wq(r.arrivals + r.advised + 1, r.mean_service, r.windows, r.cs2);
      assert.ok(next === null || next > 13.5, `one more would still fit: ${JSON.stringify(r)}`);
    }
    checked++;
  }
  assert.ok(checked > 10);
  // A tighter target never advises more.
  const loose = await get(mgr, '/api/v1/halls/1/release-advice?target=30');
  for (const r of adv.json.rows) {
    const l = loose.json.rows.find((x) => x.queue_id === r.queue_id && x.hour === r.hour);
    assert.ok(l.advised >= r.advised);
  }
});

test('a refused apply changes neither the plan nor the audit trail', async () => {
  const plan = async (id) => (await get(mgr, `/api/v1/queues/${id}/release-plan`)).json;
  const auditTotal = async () => (await get(admin, '/api/v1/audit?page_size=1')).json.total;
  const p1 = await plan(1);
  const n = await auditTotal();
  const post = (who, body, hall = 1) =>
    request(srv.base, 'POST', `/api/v1/halls/${hall}/release-advice/apply`, { token: who.token, body });
  isError(await post(mgr, { queue_id: 'A' }), 400, 'BAD_TYPE', 'queue_id');
  isError(await post(mgr, { queue: 1 }), 400, 'UNKNOWN_FIELD', 'queue');
  isError(await post(mgr, { queue_id: 1 }, 2), 403, 'FORBIDDEN_SCOPE');
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  isError(await post(clerk, { queue_id: 1 }), 403, 'FORBIDDEN_ROLE');
  assert.deepEqual(await plan(1), p1);
  assert.equal(await auditTotal(), n + 1, 'only the clerk\'s login');
});
