// Case statistics (办件统计): a scripted day at the window — accepted,
// 容缺, refused, 一次性告知, rejected, 即办件, one finished late two weeks on —
// moves exactly the figures it should, by window, staff and item; a
// refused request moves none; the incremental rollup equals a rebuild from
// the cases; the district fixture gives the seeds' figure "受理159524宗，
// 办结159138宗，办结率99.8%"; CSV and xlsx; scopes and bad queries. Runs on
// SQLite and PostgreSQL (YW_API_STORE=pg).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { ITEMS, TUE_1124, at10, person, enterprise, item, checklist, api } from './caselib.mjs';

const env = { YIWANG_TEST_CLOCK: String(TUE_1124), YIWANG_CASE_SWEEP_S: '0' };
let srv;
const who = {};
const USERS = ['clerk01', 'clerk02', 'approver_rs', 'approver_yb', 'approver_scjg', 'approver_ga', 'supervisor', 'hallmgr'];

async function loginAll() {
  who.admin = await login(srv.base, ADMIN.username, ADMIN.password);
  for (const u of USERS) who[u] = await login(srv.base, u, DEMO_PASSWORD);
}

before(async () => {
  srv = await startServer({ env });
  await loginAll();
});
after(() => srv?.stop());

const as = (u) => api(srv.base, who[u]);
const stats = async (q, u = 'supervisor') => {
  const r = await as(u).get(`/api/v1/case-stats?${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const step = (c, dept) => c.steps.find((s) => s.department_name.includes(dept) && ['active', 'claimed'].includes(s.state));
const stepAct = (u, s, action, body = {}) => as(u).post(`/api/v1/case-steps/${s.id}/${action}`, { version: s.version, ...body });
const COUNTS = ['received', 'not_accepted', 'accepted', 'tolerant', 'finished', 'approved', 'rejected', 'in_progress', 'on_time',
  'late', 'within_statutory', 'delivered', 'timed'];

/** The counts of b minus those of a (groups matched by key). */
function delta(a, b) {
  const d = {};
  for (const k of COUNTS) d[k] = (b?.[k] ?? 0) - (a?.[k] ?? 0);
  return d;
}
const group = (s, key) => s.groups.find((g) => g.key === key);

async function intake(u, body) {
  const r = await as(u).post('/api/v1/cases', body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const DAY = 'from=2026-11-24&to=2026-11-24';
/** The CLI against the running server's store. It blocks the event loop,
 * so let the client see the connections the server closed meanwhile. */
async function cli(args) {
  const out = yiwang([...args, '--store', srv.store.url], { env: { ...process.env, ...env } });
  await new Promise((ok) => setTimeout(ok, 100));
  return out;
}
const main = {};

test('a scripted day at the window moves exactly its figures, by window, staff and item', async () => {
  const before = {
    total: (await stats(DAY)).total,
    window: await stats(`${DAY}&by=window`),
    staff: await stats(`${DAY}&by=staff`),
    item: await stats(`${DAY}&by=item`),
  };
  const unemp = await item(srv.base, ITEMS.UNEMPLOYMENT), food = await item(srv.base, ITEMS.FOOD);
  const sole = await item(srv.base, ITEMS.SOLE_TRADER), rename = await item(srv.base, ITEMS.RENAME);
  // A: accepted at window 1, both departments approve, picked up.
  let a = await intake('clerk01', { item_id: unemp.id, window_id: 1, applicant: person(301), materials: checklist(unemp) });
  a = (await stepAct('approver_rs', step(a, '人力资源'), 'approve')).json;
  a = (await stepAct('approver_yb', step(a, '医疗保障'), 'approve')).json;
  assert.equal(a.state, 'decided');
  const code = (await as('clerk01').post(`/api/v1/cases/${a.id}/delivery`, { method: 'pickup' })).json.pickup_code;
  const p = await as('clerk01').post('/api/v1/pickups', { code, window_id: 15, collector_name: '申请人301号', collector_id: person(301).id_number });
  assert.equal(p.status, 200, p.text);
  // B: 容缺 at window 2.
  const sec = food.materials.findIndex((m) => m.role === 'secondary' && m.required);
  const b = await intake('clerk02', { item_id: food.id, window_id: 2, applicant: enterprise(302), materials: checklist(food, [sec]),
    commitment: '承诺5个工作日内补齐' });
  assert.deepEqual([b.state, b.tolerant], ['in_progress', true]);
  // C: 不予受理 at window 2.
  const c = await intake('clerk02', { item_id: food.id, window_id: 2, applicant: person(303), outcome: 'refuse', reason: '不属于许可事项' });
  assert.equal(c.state, 'not_accepted');
  // D: rejected (不予许可) the same day.
  const d0 = await intake('clerk01', { item_id: rename.id, window_id: 1, applicant: person(304), materials: checklist(rename) });
  const d = await stepAct('approver_ga', step(d0, '公安'), 'reject', { reason: '更名理由不符合规定' });
  assert.deepEqual([d.json.state, d.json.outcome], ['decided', 'rejected']);
  // E: a material missing — 一次性告知, not accepted yet.
  const e = await intake('clerk02', { item_id: unemp.id, window_id: 2, applicant: person(305), materials: checklist(unemp, [1]) });
  assert.equal(e.state, 'supplement');
  main.e = e;
  // F: 即办件, handed over at once.
  const f = await intake('clerk01', { item_id: sole.id, window_id: 1, applicant: person(306), materials: checklist(sole) });
  assert.equal(f.state, 'delivered');
  // G: accepted today, decided two weeks later.
  main.g = await intake('clerk01', { item_id: rename.id, window_id: 1, applicant: person(307), materials: checklist(rename) });
  // A refused request books nothing.
  const mid = (await stats(DAY)).total;
  const bad = await as('clerk01').post('/api/v1/cases', { item_id: unemp.id, window_id: 1, applicant: person(308),
    materials: checklist(unemp, [1]), outcome: 'accept' });
  isError(bad, 422, 'CASE_MATERIAL_MISSING', 'materials');
  assert.deepEqual((await stats(DAY)).total, mid, 'nothing booked for a refused intake');

  const after = await stats(DAY);
  assert.deepEqual(delta(before.total, after.total), {
    received: 7, not_accepted: 1, accepted: 5, tolerant: 1, finished: 3, approved: 2, rejected: 1, in_progress: 2,
    on_time: 3, late: 0, within_statutory: 3, delivered: 2, timed: 3,
  });
  const w = await stats(`${DAY}&by=window`);
  assert.deepEqual(delta(group(before.window, 1), group(w, 1)), {
    received: 4, not_accepted: 0, accepted: 4, tolerant: 0, finished: 3, approved: 2, rejected: 1, in_progress: 1,
    on_time: 3, late: 0, within_statutory: 3, delivered: 2, timed: 3,
  });
  assert.deepEqual(delta(group(before.window, 2), group(w, 2)), {
    received: 3, not_accepted: 1, accepted: 1, tolerant: 1, finished: 0, approved: 0, rejected: 0, in_progress: 1,
    on_time: 0, late: 0, within_statutory: 0, delivered: 0, timed: 0,
  });
  assert.equal(group(w, 1).label, '源城区政务服务中心 1号窗口');
  // The clerks who took them in (clerk01 is staff 4, clerk02 staff 5).
  const s = await stats(`${DAY}&by=staff`);
  assert.deepEqual([delta(group(before.staff, 4), group(s, 4)).accepted, delta(group(before.staff, 5), group(s, 5)).accepted], [4, 1]);
  assert.equal(group(s, 4).label, '张敏');
  const it = await stats(`${DAY}&by=item`);
  const renameRow = group(it, rename.id);
  assert.deepEqual([delta(group(before.item, rename.id), renameRow).accepted, delta(group(before.item, rename.id), renameRow).rejected], [2, 1]);
  assert.equal(renameRow.code, ITEMS.RENAME);
  // Every dimension adds up to the total.
  for (const by of ['item', 'department', 'hall', 'window', 'staff', 'day', 'month']) {
    const g = await stats(`${DAY}&by=${by}`);
    for (const k of COUNTS) assert.equal(g.groups.reduce((n, x) => n + x[k], 0), g.total[k], `${by} ${k}`);
  }
  main.dayBefore = before.total;
});

test('two weeks on: a late decision and a late acceptance land on the right rows', async () => {
  await srv.stop({ keep: true });
  env.YIWANG_TEST_CLOCK = String(at10(12, 9));
  srv = await startServer({ restart: srv, env });
  await loginAll();
  const day1 = (await stats(DAY)).total, day2 = (await stats('from=2026-12-09&to=2026-12-09')).total;
  // E supplied today: accepted today, on today's row.
  const sup = await as('clerk02').post(`/api/v1/cases/${main.e.id}/supplement`, { materials: [{ seq: 1, form: 'paper_original' }] });
  assert.equal(sup.status, 200, sup.text);
  assert.equal(sup.json.clock.accepted_on, '2026-12-09');
  // G decided today, promised by 8 December: late, 11 working days used of 10, on 24 November's row.
  let g = (await as('approver_ga').get(`/api/v1/cases/${main.g.id}`)).json;
  assert.equal(g.clock.due_promised, '2026-12-08');
  g = (await stepAct('approver_ga', step(g, '公安'), 'approve')).json;
  g = (await stepAct('approver_ga', step(g, '公安'), 'approve')).json;
  assert.deepEqual([g.state, g.clock.decided_on], ['decided', '2026-12-09']);
  const after1 = (await stats(DAY)).total, after2 = (await stats('from=2026-12-09&to=2026-12-09')).total;
  assert.deepEqual(delta(day1, after1), {
    received: 0, not_accepted: 0, accepted: 0, tolerant: 0, finished: 1, approved: 1, rejected: 0, in_progress: -1,
    on_time: 0, late: 1, within_statutory: 1, delivered: 0, timed: 1,
  });
  assert.deepEqual(delta(day2, after2), {
    received: 0, not_accepted: 0, accepted: 1, tolerant: 0, finished: 0, approved: 0, rejected: 0, in_progress: 1,
    on_time: 0, late: 0, within_statutory: 0, delivered: 0, timed: 0,
  });
  // Handling time against the promise: the rows' sums, so the averages of the scripted cases are known.
  const rename = await item(srv.base, ITEMS.RENAME);
  const r = group(await stats(`${DAY}&by=item&item_id=${rename.id}`), rename.id);
  assert.ok(r.avg_used_days > 0 && r.avg_promised_days >= 10, JSON.stringify(r));
  assert.equal(r.late >= 1 && r.on_time_rate < 1, true);
});

test('the incremental rollup is what a rebuild from the cases finds', async () => {
  const queries = ['from=2026-01-01&to=2026-12-31', 'from=2026-10-01&to=2026-12-31&by=item', 'from=2026-10-01&to=2026-12-31&by=staff',
    'from=2026-10-01&to=2026-12-31&by=window', 'from=2026-10-01&to=2026-12-31&by=day'];
  const before = [];
  for (const q of queries) before.push(await stats(q));
  const out = await cli(['cases', 'stats', '--rebuild']);
  assert.match(out, /rollup rebuilt from \d+ cases/);
  for (let i = 0; i < queries.length; i++) assert.deepEqual(await stats(queries[i]), before[i], queries[i]);
  assert.ok(before[0].total.accepted > 200, 'the demo history and the scripted day');
});

test('the district fixture: 受理159524宗，办结159138宗，办结率99.8%', async () => {
  const out = await cli(['cases', 'fixture', '--cases', '159524', '--finished', '159138', '--from', '2023-01-01', '--to', '2023-12-31']);
  assert.match(out, /159524 cases \(159138 finished\)/);
  const y = await stats('from=2023-01-01&to=2023-12-31');
  assert.equal(y.summary, '受理159524宗，办结159138宗，办结率99.8%');
  assert.deepEqual([y.total.accepted, y.total.finished, y.total.in_progress, y.total.finish_rate_text],
    [159524, 159138, 386, '99.8%']);
  assert.equal(y.total.on_time + y.total.late, y.total.finished, 'every fixture case has a promised date');
  assert.ok(y.total.on_time_rate > 0.95 && y.total.on_time_rate < 1, `on time ${y.total.on_time_rate}`);
  assert.ok(y.total.avg_used_days > 0 && y.total.avg_used_days <= y.total.avg_promised_days, JSON.stringify(y.total));
  const months = await stats('from=2023-01-01&to=2023-12-31&by=month');
  assert.deepEqual(months.groups.map((g) => g.code), ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2023-${m}`));
  assert.equal(months.groups.reduce((n, g) => n + g.accepted, 0), 159524);
  const depts = await stats('from=2023-01-01&to=2023-12-31&by=department');
  assert.ok(depts.groups.length > 1);
  assert.equal(depts.groups.reduce((n, g) => n + g.finished, 0), 159138);
  // The fixture's cases are real cases: the inbox holds the open ones.
  const cases = await as('admin').get('/api/v1/cases?state=in_progress&page_size=1');
  assert.ok(cases.json.total >= 386);
  // A rebuild from the cases gives the same figure.
  await cli(['cases', 'stats', '--rebuild']);
  assert.deepEqual(await stats('from=2023-01-01&to=2023-12-31'), y);
});

test('CSV (with a BOM, for spreadsheet programs) and xlsx', async () => {
  const csv = await request(srv.base, 'GET', '/api/v1/case-stats?from=2023-01-01&to=2023-12-31&by=month&format=csv',
    { token: who.supervisor.token });
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  assert.match(csv.headers['content-disposition'], /case-stats-month-2023-01-01-2023-12-31\.csv/);
  const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.ok(csv.text.startsWith('\uFEFF'));
  assert.match(lines[0], /^分组,编码,收件,不予受理,受理,容缺受理,办结/);
  assert.equal(lines.length, 14, 'header, 12 months, 合计');
  assert.match(lines[13], /^合计,,159524,0,159524,0,159138,/);
  const xlsx = await fetch(new URL('/api/v1/case-stats?from=2023-01-01&to=2023-12-31&by=department&format=xlsx', srv.base),
    { headers: { Authorization: `Bearer ${who.supervisor.token}` } });
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

test('scope: supervisors their region, hall managers their hall, approvers their department', async () => {
  const Q = 'from=2026-11-01&to=2026-12-31';
  const all = await stats(`${Q}&by=department`);
  assert.ok(all.groups.length > 2);
  const rs = await stats(`${Q}&by=department`, 'approver_rs');
  assert.deepEqual(rs.groups.map((g) => g.key), [4], 'their department only');
  assert.equal(rs.total.accepted, group(all, 4).accepted);
  isError(await as('approver_rs').get(`/api/v1/case-stats?${Q}&department_id=3`), 403, 'FORBIDDEN_SCOPE', 'department_id');
  const hm = await stats(`${Q}&by=hall`, 'hallmgr');
  assert.deepEqual(hm.groups.map((g) => g.key), [1]);
  isError(await as('hallmgr').get(`/api/v1/case-stats?${Q}&hall_id=2`), 403, 'FORBIDDEN_SCOPE', 'hall_id');
  isError(await as('clerk01').get(`/api/v1/case-stats?${Q}`), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'GET', `/api/v1/case-stats?${Q}`), 401, 'UNAUTHENTICATED');
  // Filters narrow the supervisor's view.
  const h2 = await stats(`${Q}&hall_id=2`);
  assert.ok(h2.total.received <= all.total.received);
});

test('bad queries: each with its registry error', async () => {
  const bad = async (q, status, error, field) => isError(await as('supervisor').get(`/api/v1/case-stats?${q}`), status, error, field);
  await bad('from=2026-12-01&to=2026-11-01', 400, 'CASE_STATS_PERIOD', 'from');
  await bad('from=2020-01-01&to=2026-12-31', 400, 'CASE_STATS_PERIOD', 'from');
  await bad('from=2026-13-01&to=2026-12-31', 400, 'BAD_QUERY', 'from');
  await bad('from=2026-01-01&to=tomorrow', 400, 'BAD_QUERY', 'to');
  await bad('by=colour', 400, 'BAD_QUERY', 'by');
  await bad('format=pdf', 400, 'BAD_QUERY', 'format');
  await bad('hall_id=x', 400, 'BAD_QUERY', 'hall_id');
  await bad('colour=red', 400, 'BAD_QUERY', 'colour');
  // Without a period: the year so far.
  const y = await stats('');
  assert.deepEqual([y.from, y.to], ['2026-01-01', '2026-12-09']);
});
