// Queue statistics and release advice over the seeded history: groups,
// exports, refusals, roles and scope, and applying the advice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
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
