// 12345 hotline KPIs (docs/hotline-kpis.md): the rollup kept by every order
// step equals the counts recomputed from the orders (after the demo seed,
// after a scripted scenario, after concurrent steps); a scripted scenario
// moves exactly the counts it should, per department, and the three
// groupings agree; the seeds' example (42,286 accepted, 42,208 done =
// 99.82%) from a fixture, over any split of the year; trends, overdue,
// CSV and xlsx exports; scope (handlers see their department only) and
// refusals. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { WED_0930_10, ORDER, step, take, categories, departments } from './hotlinelib.mjs';

let srv, admin, agent, sup, cg, zj, sthj, clerk;
let K = {};
let D = {};
const env = { YIWANG_TEST_CLOCK: String(WED_0930_10), YIWANG_TEST_FIXTURES: '1' };
const TODAY = '2026-09-30';

before(async () => {
  srv = await startServer({ env });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  agent = await login(srv.base, 'agent01', DEMO_PASSWORD);
  sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  cg = await login(srv.base, 'handler_cg', DEMO_PASSWORD);
  zj = await login(srv.base, 'handler_zj', DEMO_PASSWORD);
  sthj = await login(srv.base, 'handler_sthj', DEMO_PASSWORD);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  K = await categories(srv.base, agent);
  D = await departments(srv.base, admin);
});
after(() => srv?.stop());

const kpis = (who, query) => request(srv.base, 'GET', `/api/v1/hotline/kpis?${query}`, { token: who.token });
async function table(who, query) {
  const r = await kpis(who, query);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const verify = async () => {
  const r = await request(srv.base, 'GET', '/api/v1/hotline/kpis/verify', { token: admin.token });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
/** The counts of every department today, by department id. */
async function todayByDepartment() {
  const t = await table(sup, `from=${TODAY}&to=${TODAY}&by=department`);
  const out = {};
  for (const g of t.groups) out[g.key] = g.counts;
  return { groups: out, total: t.total.counts };
}
function delta(before, after, key) {
  const a = after.groups[key] || {}, b = before.groups[key] || {};
  const out = {};
  for (const k of Object.keys(after.total)) {
    const d = (a[k] || 0) - (b[k] || 0);
    if (d) out[k] = d;
  }
  return out;
}
const order = (extra = {}) => ({
  channel: 'phone', type: 'complaint', caller_name: '陈先生', caller_phone: '13912345678',
  category_id: K.HB0103.id, region_code: '441602002001', address: '源城区新江社区新江路12号',
  description: '楼下烧烤店每晚油烟扰民，油烟直排进住户窗户', ...extra,
});
async function ok(r) {
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('after the demo seed the rollup equals the counts recomputed from the orders', async () => {
  const v = await verify();
  assert.equal(v.ok, true, v.first_mismatch);
  assert.ok(v.orders >= 200, `${v.orders} orders`);
  assert.equal(v.mismatches, 0);
  // Every grouping sums to the same totals.
  const q = 'from=2026-08-01&to=2026-10-31';
  const [d, c, g, c1] = await Promise.all(['department', 'category', 'region', 'category&level=1'].map((by) => table(sup, `${q}&by=${by}`)));
  assert.ok(d.total.counts.accepted >= 150);
  assert.deepEqual(c.total, d.total);
  assert.deepEqual(g.total, d.total);
  assert.deepEqual(c1.total, d.total);
  assert.ok(c1.groups.every((x) => /^[A-Z]+$/.test(x.code)), 'level 1 folds to the top categories');
  assert.equal(d.definitions.length, 10);
  assert.deepEqual(d.definitions.map((x) => x.name), ['直办率', '转办准确率', '及时签收率', '回复率', '办结率', '按时办结率', '重办率', '回访率', '满意率', '解决率']);
  assert.ok(d.definitions.every((x) => x.formula && x.definition));
});

test('a scripted day moves exactly its counts, per department, in every grouping', async () => {
  const before = await todayByDepartment();
  // A. answered on the call (直办).
  const a = await take(srv.base, agent, order({ type: 'consult', category_id: K.ZX0101.id, description: '社保卡补办需要什么材料' }));
  await ok(await step(srv.base, agent, a.id, 'answer', { answer: '带身份证到人社窗口即可补办' }));
  // B. dispatched to 城管 with 生态环境 assisting; 城管 returns; re-dispatched
  // to 住建; both reply; callback unsatisfied; reopened once; replies; satisfied.
  const b = await take(srv.base, agent, order());
  await ok(await step(srv.base, agent, b.id, 'dispatch', { lead_department_id: D['城管执法局'], assist_department_ids: [D['生态环境分局']] }));
  await ok(await step(srv.base, cg, b.id, 'return', { reason: '不属于本部门职责' }));
  await ok(await step(srv.base, agent, b.id, 'arbitrate', { decision: 'redispatch', department_id: D['住建局'], strict: false, reason: '改派住建局' }));
  for (const round of [1, 2]) {
    await ok(await step(srv.base, zj, b.id, 'sign'));
    await ok(await step(srv.base, sthj, b.id, 'sign'));
    await ok(await step(srv.base, sthj, b.id, 'reply', { measures: '现场检测', result: '已整改' }));
    await ok(await step(srv.base, zj, b.id, 'reply', { measures: '督促加装净化器', result: '已加装' }));
    await ok(await step(srv.base, agent, b.id, 'review', { decision: 'accept' }));
    await ok(await step(srv.base, agent, b.id, 'callback', { solved: true, satisfied: round === 2 }));
    if (round === 1) await ok(await step(srv.base, agent, b.id, 'reopen', { reason: '市民反映仍有油烟' }));
  }
  // C. dispatched to 城管 and not yet signed.
  const c = await take(srv.base, agent, order({ address: '源城区新江社区滨江路1号', description: '路灯不亮' }));
  await ok(await step(srv.base, agent, c.id, 'dispatch', { lead_department_id: D['城管执法局'] }));
  // D. anonymous, to 生态环境; E merged into it, closes with it.
  const d = await take(srv.base, agent, order({ anonymous: true, caller_name: undefined, caller_phone: undefined, address: '源城区新江社区沿江路8号', description: '河道有人偷排污水，水面发黑' }));
  await ok(await step(srv.base, agent, d.id, 'dispatch', { lead_department_id: D['生态环境分局'] }));
  const e = await take(srv.base, agent, order({ address: '源城区新江社区沿江路8号', description: '河道有人偷排污水，水面发黑发臭' }));
  await ok(await step(srv.base, agent, e.id, 'merge', { master_id: d.id }));
  await ok(await step(srv.base, sthj, d.id, 'sign'));
  await ok(await step(srv.base, sthj, d.id, 'reply', { measures: '排查排污口', result: '已封堵' }));
  const closed = await ok(await step(srv.base, agent, d.id, 'review', { decision: 'accept' }));
  assert.equal(closed.state, 'closed');
  assert.equal((await (await request(srv.base, 'GET', ORDER(e.id), { token: sup.token })).json).state, 'closed');

  const after = await todayByDepartment();
  assert.deepEqual(delta(before, after, 0), { accepted: 2, direct: 1, closed: 2 }, 'the centre: A answered, E merged and closed');
  assert.deepEqual(delta(before, after, D['城管执法局']), {
    accepted: 1, dispatched: 1, // C leads there
    assigned: 2, returned: 1, sign_due: 1, reply_due: 1, // B returned, C waiting
  });
  assert.deepEqual(delta(before, after, D['住建局']), {
    accepted: 1, dispatched: 1, closed: 1, closed_handled: 1, on_time: 1, reopened: 1,
    callback_due: 1, called_back: 1, satisfied: 1, solved: 1,
    assigned: 2, sign_due: 2, signed: 2, signed_on_time: 2, reply_due: 2, replied: 2,
  });
  assert.deepEqual(delta(before, after, D['生态环境分局']), {
    accepted: 1, dispatched: 1, closed: 1, closed_handled: 1, on_time: 1, // D, anonymous: no callback
    assigned: 3, sign_due: 3, signed: 3, signed_on_time: 3, reply_due: 3, replied: 3,
  });
  const t = await table(sup, `from=${TODAY}&to=${TODAY}&by=department`);
  for (const by of ['category', 'region']) assert.deepEqual((await table(sup, `from=${TODAY}&to=${TODAY}&by=${by}`)).total, t.total, by);
  // The rates follow from the counts: 住建 today.
  const zjRow = t.groups.find((g) => g.key === D['住建局']);
  const c0 = zjRow.counts;
  assert.equal(zjRow.kpis.close_rate, Math.round((c0.closed / c0.accepted) * 10000) / 10000);
  assert.equal(zjRow.kpis.dispatch_accuracy, Math.round((1 - c0.returned / c0.assigned) * 10000) / 10000);
  const v = await verify();
  assert.equal(v.ok, true, v.first_mismatch);
});

test('concurrent steps on many orders lose no count', async () => {
  const ids = [];
  for (let i = 0; i < 12; i++) {
    const o = await take(srv.base, agent, order({ address: `源城区新江社区并发路${i}号`, description: `并发测试工单 ${i} 号，井盖缺失` }));
    await ok(await step(srv.base, agent, o.id, 'dispatch', { lead_department_id: D['城管执法局'] }));
    ids.push(o.id);
  }
  const before = await todayByDepartment();
  // Two handlers of 城管 sign at once (one wins per order), while new orders come in.
  const results = await Promise.all([
    ...ids.map((id) => step(srv.base, cg, id, 'sign')),
    ...ids.map(async (id) => step(srv.base, await login(srv.base, 'handler_cg2', DEMO_PASSWORD), id, 'sign')),
    ...ids.map((_, i) => request(srv.base, 'POST', '/api/v1/hotline/orders', { token: agent.token, body: order({ address: `源城区并发街${i}号`, description: `并发受理 ${i}` }) })),
  ]);
  const signs = results.slice(0, 2 * ids.length);
  assert.equal(signs.filter((r) => r.status === 200).length, ids.length, 'one sign per order wins');
  assert.ok(signs.every((r) => r.status === 200 || r.json?.error === 'HOTLINE_BAD_STATE'));
  assert.ok(results.slice(2 * ids.length).every((r) => r.status === 201));
  const after = await todayByDepartment();
  assert.deepEqual(delta(before, after, D['城管执法局']), { signed: ids.length, signed_on_time: ids.length });
  assert.equal(delta(before, after, 0).accepted, ids.length);
  const v = await verify();
  assert.equal(v.ok, true, v.first_mismatch);
});

test("the seeds' example from a fixture: 42,286 accepted, 42,208 done = 99.82%, over any split of the year", async () => {
  const fx = await request(srv.base, 'POST', '/api/v1/hotline/kpis/fixture', { token: admin.token, body: { from: '2023-01-01', to: '2023-12-31', region_code: '441602', accepted: 42286, closed: 42208 } });
  assert.equal(fx.status, 201, fx.text);
  const year = await table(agent, 'from=2023-01-01&to=2023-12-31&by=department');
  assert.equal(year.total.counts.accepted, 42286);
  assert.equal(year.total.counts.closed, 42208);
  assert.equal(year.total.kpis.close_rate, 0.9982);
  assert.ok(year.rollup_rows < 3000, `a year sums ${year.rollup_rows} rows (months, not days)`);
  for (const by of ['category', 'region', 'category&level=1', 'category&level=2']) {
    const t = await table(sup, `from=2023-01-01&to=2023-12-31&by=${by}`);
    assert.deepEqual(t.total, year.total, by);
  }
  // Splits through months and days add up.
  const sum = async (...ranges) => {
    let n = 0, done = 0;
    for (const [f, t] of ranges) {
      const x = await table(sup, `from=${f}&to=${t}&by=region`);
      n += x.total.counts.accepted;
      done += x.total.counts.closed;
    }
    return [n, done];
  };
  assert.deepEqual(await sum(['2023-01-01', '2023-06-30'], ['2023-07-01', '2023-12-31']), [42286, 42208]);
  assert.deepEqual(await sum(['2023-01-01', '2023-03-17'], ['2023-03-18', '2023-03-18'], ['2023-03-19', '2023-11-30'], ['2023-12-01', '2023-12-31']), [42286, 42208]);
  assert.deepEqual(await sum(['2022-12-15', '2023-01-20'], ['2023-01-21', '2024-01-10']), [42286, 42208]);
  // Months less the days outside (a month's start or end cut off), days only, both.
  assert.deepEqual(await sum(['2023-01-01', '2023-01-04'], ['2023-01-05', '2023-02-10'], ['2023-02-11', '2023-03-30'], ['2023-03-31', '2023-12-31']), [42286, 42208]);
  assert.deepEqual(await sum(['2023-01-01', '2023-06-01'], ['2023-06-02', '2023-06-29'], ['2023-06-30', '2023-12-31']), [42286, 42208]);
  // Every group, not only the totals: the year by category equals two halves cut mid-month.
  const byKey = (t) => Object.fromEntries(t.groups.map((g) => [g.key, g.counts]));
  const [h1, h2, whole] = await Promise.all(['from=2023-01-01&to=2023-07-17', 'from=2023-07-18&to=2023-12-31', 'from=2023-01-01&to=2023-12-31']
    .map((q) => table(sup, `${q}&by=category`).then(byKey)));
  for (const [key, counts] of Object.entries(whole))
    for (const [name, v] of Object.entries(counts)) assert.equal((h1[key]?.[name] ?? 0) + (h2[key]?.[name] ?? 0), v, `${key} ${name}`);
  // The rates are the counts' rates, and sane.
  const k = year.total.kpis, c = year.total.counts;
  assert.equal(k.direct_rate, Math.round((c.direct / c.accepted) * 10000) / 10000);
  for (const [name, v] of Object.entries(k)) assert.ok(v > 0.5 && v <= 1 || name === 'direct_rate' || name === 'reopen_rate', `${name} ${v}`);
  // Handlers: their department only.
  const mine = await table(cg, 'from=2023-01-01&to=2023-12-31&by=department');
  assert.deepEqual(mine.groups.map((g) => g.key), [D['城管执法局']]);
  assert.deepEqual(mine.total, mine.groups[0] && { counts: mine.groups[0].counts, kpis: mine.groups[0].kpis });
  const mineByCat = await table(cg, 'from=2023-01-01&to=2023-12-31&by=category');
  assert.deepEqual(mineByCat.total, mine.total);
  assert.ok(mine.total.counts.accepted > 0 && mine.total.counts.accepted < 42286);
  // The trend by month: twelve periods that add up; the hot spots are streets.
  const tr = await request(srv.base, 'GET', '/api/v1/hotline/kpis/trend?from=2023-01-01&to=2023-12-31&by=region&interval=month&top=3', { token: sup.token });
  assert.equal(tr.status, 200, tr.text);
  assert.equal(tr.json.periods.length, 12);
  assert.equal(tr.json.periods[0], '2023-01-01');
  assert.equal(tr.json.all.reduce((a, b) => a + b, 0), 42286);
  assert.equal(tr.json.series.length, 3);
  const top = tr.json.series.reduce((a, s) => a + s.accepted, 0) + tr.json.other.reduce((a, b) => a + b, 0);
  assert.equal(top, 42286);
  assert.ok(tr.json.series.every((s) => /街道$/.test(s.label)), JSON.stringify(tr.json.series.map((s) => s.label)));
  const week = await request(srv.base, 'GET', '/api/v1/hotline/kpis/trend?from=2023-03-01&to=2023-05-31&by=category&interval=week&level=1', { token: sup.token });
  assert.equal(week.status, 200, week.text);
  assert.equal(week.json.periods[0], '2023-02-27', 'weeks start on Monday');
  // The fixture has no orders behind it: verify says so; rebuild drops it.
  const v = await verify();
  assert.equal(v.ok, false);
  assert.ok(v.mismatches > 0);
  isError(await request(srv.base, 'POST', '/api/v1/hotline/kpis/rebuild', { token: sup.token }), 403, 'FORBIDDEN_ROLE');
  const rb = await request(srv.base, 'POST', '/api/v1/hotline/kpis/rebuild', { token: admin.token });
  assert.equal(rb.status, 200, rb.text);
  assert.equal((await verify()).ok, true);
  assert.equal((await table(sup, 'from=2023-01-01&to=2023-12-31')).total.counts.accepted, 0);
});

test('exports: CSV with a BOM and the ten rates, xlsx', async () => {
  const csv = await kpis(sup, 'from=2026-09-01&to=2026-09-30&by=department&format=csv');
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  assert.match(csv.headers['content-disposition'], /hotline-kpis-department-2026-09-01-2026-09-30\.csv/);
  assert.equal(csv.text.charCodeAt(0), 0xfeff);
  const lines = csv.text.slice(1).trim().split(/\r?\n/);
  assert.match(lines[0], /^分组,编码,直办率,转办准确率,及时签收率,回复率,办结率,按时办结率,重办率,回访率,满意率,解决率,受理量/);
  assert.match(lines.at(-1), /^合计,/);
  const x = await request(srv.base, 'GET', '/api/v1/hotline/kpis?by=region&format=xlsx', { token: sup.token });
  assert.equal(x.status, 200);
  assert.match(x.headers['content-type'], /spreadsheetml/);
  assert.equal(x.text.slice(0, 2), 'PK');
});

test('overdue now: per lead department, and the orders without callers', async () => {
  const r = await request(srv.base, 'GET', '/api/v1/hotline/kpis/overdue', { token: sup.token });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.overdue >= 1, 'the demo leaves some orders unsigned past their deadline');
  assert.equal(r.json.departments.reduce((a, d) => a + d.overdue, 0), r.json.overdue);
  assert.ok(r.json.orders.length >= 1 && r.json.orders.every((o) => o.sign_overdue || o.handle_overdue || o.reply_overdue));
  assert.ok(r.json.orders.every((o) => o.missed_deadline > 0 && o.missed_deadline < r.json.now), 'the deadline each order missed is past');
  assert.ok(r.json.orders.every((o) => !('caller_phone' in o) && !('caller_name' in o)));
  const list = await request(srv.base, 'GET', '/api/v1/hotline/orders?overdue=1&page_size=1', { token: sup.token });
  assert.equal(r.json.orders_total, list.json.total);
  const mine = await request(srv.base, 'GET', '/api/v1/hotline/kpis/overdue', { token: cg.token });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.departments.every((d) => d.department_id === D['城管执法局']));
});

test('scope and bad input: roles, a handler asking for another department, bad queries', async () => {
  isError(await kpis(clerk, 'by=department'), 403, 'FORBIDDEN_ROLE');
  isError(await kpis(cg, `by=department&department_id=${D['住建局']}`), 403, 'FORBIDDEN_SCOPE', 'department_id');
  const own = await kpis(cg, `by=department&department_id=${D['城管执法局']}`);
  assert.equal(own.status, 200, own.text);
  // Supervisors may narrow to one department.
  const one = await table(sup, `from=2026-09-01&to=2026-09-30&by=category&department_id=${D['城管执法局']}`);
  const all = await table(sup, 'from=2026-09-01&to=2026-09-30&by=department');
  assert.deepEqual(one.total.counts, all.groups.find((g) => g.key === D['城管执法局']).counts);
  for (const [q, field] of [['by=hall', 'by'], ['from=2026-10-01&to=2026-09-01', 'from'], ['from=2026-13-01', 'from'],
    ['from=2020-01-01&to=2026-01-01', 'to'], ['level=4&by=category', 'level'], ['format=pdf', 'format'], ['color=red', 'color'], ['from=', 'from']])
    isError(await kpis(sup, q), 400, 'BAD_QUERY', field);
  isError(await request(srv.base, 'GET', '/api/v1/hotline/kpis/trend?by=department', { token: sup.token }), 400, 'BAD_QUERY', 'by');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/kpis/trend?interval=day&from=2024-01-01&to=2026-01-01', { token: sup.token }), 400, 'BAD_QUERY', 'interval');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/kpis/verify', { token: sup.token }), 403, 'FORBIDDEN_ROLE');
  // The fixture: administrators only, its fields checked; nothing written when refused.
  const before = await table(sup, 'from=2021-01-01&to=2021-12-31');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/kpis/fixture', { token: sup.token, body: { from: '2021-01-01', to: '2021-12-31', region_code: '441602', accepted: 10, closed: 5 } }), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/kpis/fixture', { token: admin.token, body: { from: '2021-01-01', to: '2021-12-31', region_code: '441602', accepted: 10, closed: 11 } }), 400, 'OUT_OF_RANGE', 'closed');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/kpis/fixture', { token: admin.token, body: { from: '2021-01-01', to: '2021-12-31', region_code: '999999', accepted: 10, closed: 1 } }), 400, 'REF_NOT_FOUND', 'region_code');
  assert.deepEqual((await table(sup, 'from=2021-01-01&to=2021-12-31')).total, before.total);
});
