// 12345 hotline work orders: the category tree and dispatch catalogue, the
// whole closed loop (take → dispatch → return → arbitrate → sign → replies
// → send back → callback → reopen once → final rating), every bad input of
// issue 7 with its registry error and nothing changed, department scope,
// duplicates and merging, pauses, extensions, urging, order numbers under
// 50 concurrent calls, two handlers signing at once, and deadlines over the
// National Day holiday. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { WED_0930_10, DAY, HOUR, ORDER, step, take, categories, departments, orderState } from './hotlinelib.mjs';

let srv, admin, agent, sup, cg, cg2, zj, sthj;
let K = {}; // categories by code
let D = {}; // department ids by short name
const env = { YIWANG_TEST_CLOCK: String(WED_0930_10) };

async function logins() {
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  agent = await login(srv.base, 'agent01', DEMO_PASSWORD);
  sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  cg = await login(srv.base, 'handler_cg', DEMO_PASSWORD);
  cg2 = await login(srv.base, 'handler_cg2', DEMO_PASSWORD);
  zj = await login(srv.base, 'handler_zj', DEMO_PASSWORD);
  sthj = await login(srv.base, 'handler_sthj', DEMO_PASSWORD);
}

before(async () => {
  srv = await startServer({ env });
  await logins();
  K = await categories(srv.base, agent);
  D = await departments(srv.base, admin);
});
after(() => srv?.stop());

const get = async (who, id) => (await request(srv.base, 'GET', ORDER(id), { token: who.token })).json;
const state = (id) => orderState(srv.base, sup, admin, id);
/** Runs a request that must be refused and checks the store did not move. */
async function unchanged(id, fn) {
  const before = await state(id);
  const r = await fn();
  assert.equal(await state(id), before, `store changed after ${r.status} ${r.text}`);
  return r;
}
const order = (extra = {}) => ({
  channel: 'phone', type: 'complaint', caller_name: '陈先生', caller_phone: '13912345678',
  category_id: K.HB0103.id, region_code: '441602002001', address: '源城区新江社区新江路12号',
  description: '楼下烧烤店每晚油烟扰民，油烟直排进住户窗户', ...extra,
});

test('the category tree: three levels, 30+ leaves, limits inherited, admin edits only', async () => {
  const leaves = Object.values(K).filter((k) => k.children.length === 0);
  assert.ok(leaves.length >= 30, `${leaves.length} leaves`);
  assert.ok(Object.values(K).every((k) => k.level >= 1 && k.level <= 3));
  assert.deepEqual([K.HB0103.level, K.HB01.level, K.HB.level], [3, 2, 1]);
  // HB01 says 3 days; its leaf inherits; defaults fill the rest.
  assert.deepEqual(K.HB0101.effective, { sign_days: 1, handle_days: 3, urgent_handle_days: 1, reply_days: 1 });
  assert.deepEqual(K.RS0101.effective, { sign_days: 1, handle_days: 7, urgent_handle_days: 2, reply_days: 2 });
  assert.equal(K.HB0101.handle_days, null, 'own value not set');
  // A fourth level is refused; so is a duplicate code; nothing changes.
  const cats = () => request(srv.base, 'GET', '/api/v1/hotline/categories?page_size=200', { token: admin.token });
  const before = JSON.stringify((await cats()).json);
  isError(await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'HB010301', name: '四级', parent_id: K.HB0103.id } }), 422, 'HOTLINE_CATEGORY_DEPTH', 'parent_id');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'HB0103', name: '重复' } }), 409, 'DUPLICATE', 'code');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'X1', name: '无上级', parent_id: 999999 } }), 422, 'HOTLINE_CATEGORY_DEPTH', 'parent_id');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: agent.token, body: { code: 'X2', name: '话务员' } }), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'DELETE', `/api/v1/hotline/categories/${K.HB01.id}`, { token: admin.token }), 409, 'IN_USE');
  assert.equal(JSON.stringify((await cats()).json), before);
  // A new area with a sub-category and a leaf; edit; delete the leaf.
  const top = await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'TS', name: '测试领域', handle_days: 4 } });
  assert.equal(top.status, 201, top.text);
  const mid = await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'TS01', name: '测试二级', parent_id: top.json.id } });
  const leaf = await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'TS0101', name: '测试三级', parent_id: mid.json.id, reply_days: 2 } });
  assert.equal(leaf.status, 201, leaf.text);
  const upd = await request(srv.base, 'PUT', `/api/v1/hotline/categories/${leaf.json.id}`, { token: admin.token, body: { name: '测试三级（改）', version: leaf.json.version } });
  assert.equal(upd.status, 200, upd.text);
  const tree = await categories(srv.base, agent);
  assert.equal(tree.TS0101.name, '测试三级（改）');
  assert.deepEqual(tree.TS0101.effective, { sign_days: 1, handle_days: 4, urgent_handle_days: 1, reply_days: 2 });
  // Moving a category that has children is refused.
  isError(await request(srv.base, 'PUT', `/api/v1/hotline/categories/${mid.json.id}`, { token: admin.token, body: { parent_id: K.HB.id } }), 422, 'HOTLINE_CATEGORY_DEPTH');
  assert.equal((await request(srv.base, 'DELETE', `/api/v1/hotline/categories/${leaf.json.id}`, { token: admin.token })).status, 204);
});

test('dispatch suggestions: the most specific region wins, then the most specific category', async () => {
  const sug = async (body) => {
    const o = await take(srv.base, agent, order(body));
    return o.suggestion;
  };
  // 新江 community: the district's leaf rule for 餐饮油烟 (城管 lead, 生态环境 assists).
  let s = await sug({});
  assert.equal(s.found, true);
  assert.deepEqual([s.lead_department_id, s.assist_departments.map((d) => d.id), s.region_code], [D['城管执法局'], [D['生态环境分局']], '441602']);
  // 社会生活噪声 in 新江: the district's HB01 rule (生态环境 lead).
  s = await sug({ category_id: K.HB0102.id });
  assert.deepEqual([s.lead_department_id, s.region_code], [D['生态环境分局'], '441602']);
  // The same in a community of 上城街道: the street's HB01 rule beats the district's.
  s = await sug({ category_id: K.HB0102.id, region_code: '441602001001', address: '源城区太平社区文明路18号' });
  assert.deepEqual([s.lead_department_id, s.region_code], [D['城管执法局'], '441602001']);
  // A new transport sub-category without a district rule falls back to the city's JT rule.
  const mid = await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'JT09', name: '其他交通', parent_id: K.JT.id } });
  const leaf = await request(srv.base, 'POST', '/api/v1/hotline/categories', { token: admin.token, body: { code: 'JT0901', name: '交通其他', parent_id: mid.json.id } });
  s = await sug({ category_id: leaf.json.id });
  assert.deepEqual([s.lead_department_id, s.region_code], [D['交通运输局'], '441600']);
  // No rule at all: no suggestion.
  s = await sug({ category_id: (await categories(srv.base, agent)).TS01?.id ?? K.ZX0101.id, region_code: '441602' });
  assert.equal(typeof s.found, 'boolean');
  const o = await take(srv.base, agent, order());
  const g = await request(srv.base, 'GET', `${ORDER(o.id)}/suggestion`, { token: agent.token });
  assert.equal(g.json.lead_department_name, '河源市源城区城市管理和综合执法局');
});

test('the dispatch catalogue: admin edits, refusals change nothing', async () => {
  const rules = () => request(srv.base, 'GET', '/api/v1/hotline/dispatch-rules?page_size=200', { token: admin.token });
  const list = await rules();
  assert.ok(list.json.total >= 20);
  const before = JSON.stringify(list.json);
  const post = (body, who = admin) => request(srv.base, 'POST', '/api/v1/hotline/dispatch-rules', { token: who.token, body });
  const district = list.json.items.find((x) => x.category_id === K.HB0103.id).region_id;
  isError(await post({ category_id: K.HB0103.id, region_id: district, lead_department_id: D['城管执法局'] }), 409, 'DUPLICATE', 'region_id');
  isError(await post({ category_id: K.CG0102.id, region_id: district, lead_department_id: D['城管执法局'], assist_department_ids: [D['城管执法局']] }), 400, 'HOTLINE_DEPARTMENT_TWICE', 'assist_department_ids');
  isError(await post({ category_id: K.CG0102.id, region_id: district, lead_department_id: 999999 }), 400, 'REF_NOT_FOUND', 'lead_department_id');
  isError(await post({ category_id: 999999, region_id: district, lead_department_id: D['城管执法局'] }), 400, 'HOTLINE_NO_CATEGORY', 'category_id');
  isError(await post({ category_id: K.CG0102.id, region_id: district, lead_department_id: D['城管执法局'] }, agent), 403, 'FORBIDDEN_ROLE');
  assert.equal(JSON.stringify((await rules()).json), before);
  const made = await post({ category_id: K.CG0102.id, region_id: district, lead_department_id: D['城管执法局'], assist_department_ids: [D['卫健局']], note: '公厕由城管负责' });
  assert.equal(made.status, 201, made.text);
  const upd = await request(srv.base, 'PUT', `/api/v1/hotline/dispatch-rules/${made.json.id}`, { token: admin.token, body: { assist_department_ids: [] } });
  assert.equal(upd.status, 200, upd.text);
  assert.equal((await request(srv.base, 'DELETE', `/api/v1/hotline/dispatch-rules/${made.json.id}`, { token: admin.token })).status, 204);
  // Readers: agents and handlers may read the catalogue.
  assert.equal((await request(srv.base, 'GET', '/api/v1/hotline/dispatch-rules', { token: cg.token })).status, 200);
});

test('taking an order: number, masking, the full phone for the agent only (audited)', async () => {
  const o = await take(srv.base, agent, order({ caller_phone: '139 1234 5678' }));
  assert.match(o.order_no, /^12345-20260930-\d{5}$/);
  assert.deepEqual([o.state, o.caller_phone, o.caller_name, o.sign_days, o.handle_days, o.reply_days], ['accepted', '139****5678', '陈**', 1, 3, 1]);
  assert.equal(o.category_code, 'HB0103');
  assert.equal(o.region_name, '新江社区');
  const list = await request(srv.base, 'GET', '/api/v1/hotline/orders?page_size=5', { token: agent.token });
  const row = list.json.items.find((x) => x.id === o.id);
  assert.equal(row.caller_phone, '139****5678');
  const auditBefore = (await request(srv.base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token })).json.total;
  const full = await get(agent, o.id);
  assert.deepEqual([full.caller_phone, full.caller_name], ['13912345678', '陈先生']);
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=hotline_order&entity_id=${o.id}&page_size=5`, { token: admin.token });
  assert.equal(audit.json.total >= 2, true);
  assert.equal(audit.json.items[0].action, 'reveal');
  assert.equal((await request(srv.base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token })).json.total, auditBefore + 1);
  // The supervisor and the administrator see it masked.
  assert.equal((await get(sup, o.id)).caller_phone, '139****5678');
  assert.equal((await get(admin, o.id)).caller_phone, '139****5678');
  // Anonymous: no name, no phone, still an order.
  const anon = await take(srv.base, agent, order({ anonymous: true, caller_name: undefined, caller_phone: undefined, type: 'report' }));
  assert.deepEqual([anon.anonymous, anon.caller_phone, anon.caller_name], [true, null, null]);
  // A caller's history (agents only).
  const h = await request(srv.base, 'GET', '/api/v1/hotline/caller-history?phone=13912345678', { token: agent.token });
  assert.ok(h.json.total >= 1 && h.json.items.every((x) => x.caller_phone === '139****5678'));
  isError(await request(srv.base, 'GET', '/api/v1/hotline/caller-history?phone=13912345678', { token: sup.token }), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/caller-history?phone=12', { token: agent.token }), 400, 'INVALID_PHONE');
});

test('bad orders are refused with their registry errors and change nothing (numbers stay gap-free)', async () => {
  const first = await take(srv.base, agent, order());
  const post = (body, who = agent) => request(srv.base, 'POST', '/api/v1/hotline/orders', { token: who.token, body });
  const cases = [
    [order({ category_id: undefined }), 400, 'HOTLINE_NO_CATEGORY', 'category_id'],
    [order({ category_id: 999999 }), 400, 'HOTLINE_NO_CATEGORY', 'category_id'],
    [order({ description: undefined }), 400, 'HOTLINE_NO_DESCRIPTION', 'description'],
    [order({ description: ' 　 ' }), 400, 'HOTLINE_NO_DESCRIPTION', 'description'],
    [order({ description: '长'.repeat(2001) }), 400, 'TOO_LONG', 'description'],
    [order({ caller_phone: '12345' }), 400, 'INVALID_PHONE', 'caller_phone'],
    [order({ caller_phone: undefined }), 400, 'MISSING_FIELD', 'caller_phone'],
    [order({ type: 'praise' }), 400, 'BAD_ENUM', 'type'],
    [order({ type: undefined }), 400, 'MISSING_FIELD', 'type'],
    [order({ channel: 'fax' }), 400, 'BAD_ENUM', 'channel'],
    [order({ urgency: 'high' }), 400, 'BAD_ENUM', 'urgency'],
    [order({ region_code: '999999' }), 400, 'REF_NOT_FOUND', 'region_code'],
    [order({ attachments: 'x.jpg' }), 400, 'BAD_TYPE', 'attachments'],
    [order({ secret: 1 }), 400, 'UNKNOWN_FIELD', 'secret'],
    [order({ category_id: '5' }), 400, 'BAD_TYPE', 'category_id'],
  ];
  for (const [body, status, error, field] of cases)
    isError(await unchanged(null, () => post(body)), status, error, field);
  isError(await unchanged(null, () => post(order(), cg)), 403, 'FORBIDDEN_ROLE');
  // An inactive category.
  const off = await request(srv.base, 'PUT', `/api/v1/hotline/categories/${K.CG0102.id}`, { token: admin.token, body: { active: false } });
  assert.equal(off.status, 200, off.text);
  isError(await unchanged(null, () => post(order({ category_id: K.CG0102.id }))), 400, 'HOTLINE_NO_CATEGORY', 'category_id');
  await request(srv.base, 'PUT', `/api/v1/hotline/categories/${K.CG0102.id}`, { token: admin.token, body: { active: true } });
  // The refusals took no numbers.
  const next = await take(srv.base, agent, order({ attachments: ['现场照片1.jpg', 'https://example.org/p/2.jpg'] }));
  assert.equal(Number(next.order_no.slice(-5)), Number(first.order_no.slice(-5)) + 1);
  assert.deepEqual(next.attachments, ['现场照片1.jpg', 'https://example.org/p/2.jpg']);
});

test('the whole loop: return, arbitration, replies, send-back, callback, one reopen, final rating', async () => {
  const o = await take(srv.base, agent, order());
  const id = o.id;
  assert.equal(o.suggestion.lead_department_id, D['城管执法局']);
  // Dispatch as suggested: 城管 leads, 生态环境 assists.
  let r = await step(srv.base, agent, id, 'dispatch', { lead_department_id: D['城管执法局'], assist_department_ids: [D['生态环境分局']] });
  assert.equal(r.status, 200, r.text);
  let v = r.json;
  assert.equal(v.state, 'dispatched');
  assert.equal(v.assignments.length, 2);
  // Deadlines in working days over National Day: 1 day to sign → 8 Oct;
  // 3 days to handle (HB01) → 8, 9, 10 (the make-up Saturday) Oct; reply
  // one more working day → Monday 12 Oct. Same time of day.
  assert.equal(v.sign_by - v.dispatched_at, 8 * DAY);
  assert.equal(v.handle_by - v.dispatched_at, 10 * DAY);
  assert.equal(v.reply_by - v.dispatched_at, 12 * DAY);
  assert.equal(v.clock, 'sign');
  assert.equal(v.overdue, false);
  const lead = v.assignments.find((a) => a.role === 'lead');
  assert.equal(lead.sign_by, v.sign_by);
  // A department that was not given the order cannot touch it.
  isError(await unchanged(id, () => step(srv.base, zj, id, 'sign')), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', ORDER(id), { token: zj.token }), 403, 'FORBIDDEN_SCOPE');
  // Replying before signing; returning without a reason.
  isError(await unchanged(id, () => step(srv.base, cg, id, 'reply', { measures: '已处理', result: '已解决' })), 409, 'HOTLINE_NOT_SIGNED');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'return', {})), 400, 'HOTLINE_RETURN_REASON', 'reason');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'return', { reason: '  ' })), 400, 'HOTLINE_RETURN_REASON', 'reason');
  // The centre cannot review an order nobody has replied to.
  isError(await unchanged(id, () => step(srv.base, agent, id, 'review', { decision: 'accept' })), 409, 'HOTLINE_BAD_STATE');
  // 城管 returns it.
  r = await step(srv.base, cg, id, 'return', { reason: '油烟属于生态环境部门职责，建议改派' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'returned');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'sign')), 409, 'HOTLINE_NOT_ASSIGNED');
  // Arbitration: a department that does not exist, one without duty, then an override.
  isError(await unchanged(id, () => step(srv.base, agent, id, 'arbitrate', { decision: 'redispatch', department_id: 999999 })), 400, 'HOTLINE_NO_DEPARTMENT', 'department_id');
  isError(await unchanged(id, () => step(srv.base, agent, id, 'arbitrate', { decision: 'redispatch', department_id: D['档案馆'] })), 422, 'HOTLINE_NO_DUTY', 'department_id');
  isError(await unchanged(id, () => step(srv.base, agent, id, 'arbitrate', { decision: 'redispatch', department_id: D['生态环境分局'] })), 400, 'HOTLINE_DEPARTMENT_TWICE');
  isError(await unchanged(id, () => step(srv.base, agent, id, 'arbitrate', { decision: 'uphold' })), 400, 'HOTLINE_REASON_REQUIRED', 'reason');
  isError(await unchanged(id, () => step(srv.base, agent, id, 'arbitrate', { decision: 'maybe' })), 400, 'BAD_ENUM', 'decision');
  r = await step(srv.base, agent, id, 'arbitrate', { decision: 'redispatch', department_id: D['住建局'], strict: false, reason: '涉及商住楼烟道改造，改派住建局' });
  assert.equal(r.status, 200, r.text);
  v = r.json;
  assert.deepEqual([v.state, v.lead_department_id], ['dispatched', D['住建局']]);
  assert.equal(v.assignments.find((a) => a.department_id === D['城管执法局']).arbitration, 'redispatched');
  // 城管 may still read it (it was assigned), but no longer act.
  assert.equal((await request(srv.base, 'GET', ORDER(id), { token: cg.token })).status, 200);
  isError(await unchanged(id, () => step(srv.base, cg, id, 'reply', { measures: 'x', result: 'y' })), 409, 'HOTLINE_NOT_ASSIGNED');
  // Both sign; the assisting department replies first.
  assert.equal((await step(srv.base, zj, id, 'sign')).json.state, 'signed');
  isError(await unchanged(id, () => step(srv.base, zj, id, 'sign')), 409, 'HOTLINE_BAD_STATE');
  isError(await unchanged(id, () => step(srv.base, zj, id, 'return', { reason: '晚了' })), 409, 'HOTLINE_BAD_STATE');
  assert.equal((await step(srv.base, sthj, id, 'sign')).status, 200);
  r = await step(srv.base, sthj, id, 'reply', { measures: '现场检测油烟浓度超标', result: '已责令加装油烟净化器' });
  assert.equal(r.json.state, 'signed', 'the lead has not replied yet');
  isError(await unchanged(id, () => step(srv.base, zj, id, 'reply', { measures: '   ', result: '已解决' })), 400, 'HOTLINE_REPLY_EMPTY', 'measures');
  isError(await unchanged(id, () => step(srv.base, zj, id, 'reply', { measures: '已处理' })), 400, 'HOTLINE_REPLY_EMPTY', 'result');
  r = await step(srv.base, zj, id, 'reply', { measures: '已处理', result: '已解决' });
  assert.equal(r.json.state, 'replied');
  isError(await unchanged(id, () => step(srv.base, zj, id, 'reply', { measures: '再答', result: '再答' })), 409, 'HOTLINE_BAD_STATE');
  // The centre finds the lead's reply vague and sends both back.
  isError(await unchanged(id, () => step(srv.base, agent, id, 'review', { decision: 'send_back' })), 400, 'HOTLINE_REASON_REQUIRED', 'reason');
  r = await step(srv.base, agent, id, 'review', { decision: 'send_back', reason: '答复笼统，未说明具体措施和结果' });
  assert.equal(r.json.state, 'signed');
  assert.ok(r.json.assignments.filter((a) => a.round === 1 && a.state === 'signed').length === 2);
  const sent = r.json.events.at(-1);
  assert.equal(sent.action, 'review');
  assert.equal(sent.reason, '答复笼统，未说明具体措施和结果');
  assert.ok(Object.values(sent.detail).some((x) => x && x.measures === '已处理'), 'the vague reply is kept in the event');
  await step(srv.base, sthj, id, 'reply', { measures: '联合执法检查，检测油烟排放', result: '店家已安装净化设备，复测达标' });
  r = await step(srv.base, zj, id, 'reply', { measures: '督促业主改造公共烟道，烟道高出屋顶', result: '烟道已改造完成，油烟不再进入住户' });
  assert.equal(r.json.state, 'replied');
  r = await step(srv.base, agent, id, 'review', { decision: 'accept' });
  assert.equal(r.json.state, 'reviewed');
  assert.equal(r.json.clock, 'reply');
  // Callback: not solved, not satisfied → closed, and may be reopened once.
  isError(await unchanged(id, () => step(srv.base, agent, id, 'callback', { solved: false })), 400, 'MISSING_FIELD', 'satisfied');
  r = await step(srv.base, agent, id, 'callback', { solved: false, satisfied: false, note: '市民说晚上仍有油烟' });
  assert.deepEqual([r.json.state, r.json.solved, r.json.satisfied], ['closed', false, false]);
  assert.ok(r.json.closed_at);
  isError(await unchanged(id, () => step(srv.base, agent, id, 'reopen', {})), 400, 'HOTLINE_REASON_REQUIRED', 'reason');
  r = await step(srv.base, agent, id, 'reopen', { reason: '市民不满意，重新办理' });
  assert.equal(r.status, 200, r.text);
  v = r.json;
  assert.deepEqual([v.state, v.round, v.reopened, v.solved, v.satisfied, v.closed_at], ['dispatched', 2, 1, null, null, null]);
  const round2 = v.assignments.filter((a) => a.round === 2);
  assert.deepEqual(round2.map((a) => [a.department_id, a.role, a.state]).sort(), [[D['住建局'], 'lead', 'dispatched'], [D['生态环境分局'], 'assist', 'dispatched']].sort());
  // Round 2 through to the final rating.
  for (const h of [zj, sthj]) assert.equal((await step(srv.base, h, id, 'sign')).status, 200);
  await step(srv.base, sthj, id, 'reply', { measures: '夜间复查', result: '达标' });
  await step(srv.base, zj, id, 'reply', { measures: '再次约谈店主', result: '店家调整营业时间' });
  await step(srv.base, agent, id, 'review', { decision: 'accept' });
  r = await step(srv.base, agent, id, 'callback', { solved: true, satisfied: false });
  assert.deepEqual([r.json.state, r.json.solved, r.json.satisfied], ['closed', true, false]);
  assert.equal(r.json.callbacks.length, 2);
  assert.equal(r.json.events.at(-1).detail.final, true);
  // The second rating is final.
  isError(await unchanged(id, () => step(srv.base, agent, id, 'reopen', { reason: '还是不满意' })), 409, 'HOTLINE_REOPEN_ONCE');
  // Every state change is an event with its raw time, actor and reason.
  const actions = r.json.events.map((e) => e.action);
  assert.deepEqual(actions, ['create', 'dispatch', 'return', 'arbitrate', 'sign', 'sign', 'reply', 'reply', 'review', 'reply', 'reply', 'review', 'callback', 'reopen', 'sign', 'sign', 'reply', 'reply', 'review', 'callback']);
  for (const e of r.json.events) assert.ok(e.at >= WED_0930_10 && e.actor_name && e.to_state, JSON.stringify(e));
  assert.equal(r.json.events[2].reason, '油烟属于生态环境部门职责，建议改派');
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=hotline_order&entity_id=${id}&page_size=100`, { token: admin.token });
  assert.ok(audit.json.total >= actions.length);
});

test('a satisfied caller or a direct answer cannot be reopened; out-of-order steps are refused', async () => {
  const o = await take(srv.base, agent, order({ type: 'consult', category_id: K.ZX0101.id, description: '咨询办理营业执照需要哪些材料' }));
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'answer', { answer: '  ' })), 400, 'MISSING_FIELD', 'answer');
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'callback', { solved: true, satisfied: true })), 409, 'HOTLINE_BAD_STATE');
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'reopen', { reason: 'x' })), 409, 'HOTLINE_BAD_STATE');
  const r = await step(srv.base, agent, o.id, 'answer', { answer: '需营业执照申请书、身份证明、经营场所证明，可在粤商通网上办理。' });
  assert.deepEqual([r.json.state, r.json.direct, r.json.article_id], ['closed', true, null]);
  assert.ok(r.json.answer.includes('粤商通'));
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'answer', { answer: '再答一次' })), 409, 'HOTLINE_BAD_STATE');
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'dispatch', { lead_department_id: D['政数局'] })), 409, 'HOTLINE_BAD_STATE');
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'reopen', { reason: '不满意' })), 409, 'HOTLINE_NOT_UNSATISFIED');
  isError(await unchanged(o.id, () => step(srv.base, cg, o.id, 'sign')), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged(999999, () => step(srv.base, agent, 999999, 'answer', { answer: 'x' })), 404, 'NOT_FOUND');
  // Roles: a handler cannot dispatch, an agent cannot sign.
  isError(await step(srv.base, cg, o.id, 'dispatch', { lead_department_id: 1 }), 403, 'FORBIDDEN_ROLE');
  isError(await step(srv.base, agent, o.id, 'sign'), 403, 'FORBIDDEN_ROLE');
});

test('an anonymous order closes when its reply is accepted: there is nobody to call back', async () => {
  const o = await take(srv.base, agent, order({ anonymous: true, caller_name: undefined, caller_phone: undefined, type: 'report' }));
  await step(srv.base, agent, o.id, 'dispatch', { lead_department_id: D['城管执法局'] });
  await step(srv.base, cg, o.id, 'sign');
  await step(srv.base, cg, o.id, 'reply', { measures: '现场查处', result: '已整改' });
  const r = await step(srv.base, agent, o.id, 'review', { decision: 'accept' });
  assert.deepEqual([r.json.state, r.json.events.at(-1).detail.closed_without_callback], ['closed', true]);
  isError(await unchanged(o.id, () => step(srv.base, agent, o.id, 'callback', { solved: true, satisfied: true })), 409, 'HOTLINE_BAD_STATE');
  isError(await unchanged(o.id, () => step(srv.base, sup, o.id, 'escalate', { reason: '已办结' })), 409, 'HOTLINE_BAD_STATE');
});

test('dispatch refusals: unknown department, no duty, twice, missing lead; an override is recorded', async () => {
  const o = await take(srv.base, agent, order());
  const id = o.id;
  const d = (body) => unchanged(id, () => step(srv.base, agent, id, 'dispatch', body));
  isError(await d({}), 400, 'MISSING_FIELD', 'lead_department_id');
  isError(await d({ lead_department_id: 999999 }), 400, 'HOTLINE_NO_DEPARTMENT', 'lead_department_id');
  isError(await d({ lead_department_id: D['档案馆'] }), 422, 'HOTLINE_NO_DUTY', 'lead_department_id');
  isError(await d({ lead_department_id: D['城管执法局'], assist_department_ids: [999999] }), 400, 'HOTLINE_NO_DEPARTMENT', 'assist_department_ids');
  isError(await d({ lead_department_id: D['城管执法局'], assist_department_ids: [D['档案馆']] }), 422, 'HOTLINE_NO_DUTY', 'assist_department_ids');
  isError(await d({ lead_department_id: D['城管执法局'], assist_department_ids: [D['城管执法局']] }), 400, 'HOTLINE_DEPARTMENT_TWICE', 'assist_department_ids');
  isError(await d({ lead_department_id: D['城管执法局'], assist_department_ids: [D['生态环境分局'], D['生态环境分局']] }), 400, 'HOTLINE_DEPARTMENT_TWICE');
  isError(await d({ lead_department_id: D['城管执法局'], assist_department_ids: 'x' }), 400, 'BAD_TYPE', 'assist_department_ids');
  // A department with duty for the category elsewhere in the catalogue passes strict mode.
  const r = await step(srv.base, agent, id, 'dispatch', { lead_department_id: D['生态环境分局'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.events.at(-1).detail.override, true, 'not the suggested lead');
  isError(await d({ lead_department_id: D['城管执法局'] }), 409, 'HOTLINE_BAD_STATE');
  // Without strict, the agent may send it anywhere that exists.
  const o2 = await take(srv.base, agent, order());
  const r2 = await step(srv.base, agent, o2.id, 'dispatch', { lead_department_id: D['档案馆'], strict: false });
  assert.equal(r2.status, 200, r2.text);
  assert.deepEqual([r2.json.events.at(-1).detail.strict, r2.json.lead_department_name], [false, '河源市源城区档案馆']);
});

test('department scope: handlers see and act on their own orders only', async () => {
  const mine = await take(srv.base, agent, order());
  await step(srv.base, agent, mine.id, 'dispatch', { lead_department_id: D['城管执法局'] });
  const theirs = await take(srv.base, agent, order({ category_id: K.CJ0101.id, description: '物业不扫楼道' }));
  await step(srv.base, agent, theirs.id, 'dispatch', { lead_department_id: D['住建局'] });
  const list = await request(srv.base, 'GET', '/api/v1/hotline/orders?page_size=200', { token: cg.token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((x) => x.id === mine.id));
  assert.ok(!list.json.items.some((x) => x.id === theirs.id));
  for (const x of list.json.items) {
    const one = await request(srv.base, 'GET', ORDER(x.id), { token: cg.token });
    assert.ok(one.json.assignments.some((a) => a.department_id === D['城管执法局']), `order ${x.id}`);
  }
  isError(await request(srv.base, 'GET', `/api/v1/hotline/orders?department_id=${D['住建局']}`, { token: cg.token }), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', ORDER(theirs.id), { token: cg.token }), 403, 'FORBIDDEN_SCOPE');
  const bodies = { sign: {}, return: { reason: '理由' }, reply: { measures: 'm', result: 'r' }, extension: { days: 2, reason: '理由' }, pause: { reason: '理由' } };
  for (const [a, body] of Object.entries(bodies))
    isError(await unchanged(theirs.id, () => step(srv.base, cg, theirs.id, a, body)), 403, 'FORBIDDEN_SCOPE');
  // The supervisor filters by department and sees both.
  const byDep = await request(srv.base, 'GET', `/api/v1/hotline/orders?department_id=${D['住建局']}&page_size=200`, { token: sup.token });
  assert.ok(byDep.json.items.some((x) => x.id === theirs.id) && !byDep.json.items.some((x) => x.id === mine.id));
  // Filters: state, category subtree, region subtree, dates; unknown filters refused.
  const q = async (s) => (await request(srv.base, 'GET', `/api/v1/hotline/orders?${s}&page_size=200`, { token: sup.token })).json;
  assert.ok((await q(`category_id=${K.HB.id}`)).items.every((x) => x.category_code.startsWith('HB')));
  assert.ok((await q('region_code=441602001')).items.every((x) => x.region_code.startsWith('441602001')));
  assert.ok((await q('state=dispatched')).items.every((x) => x.state === 'dispatched'));
  assert.ok((await q('from=2026-09-30&to=2026-09-30')).items.every((x) => x.day === '2026-09-30'));
  assert.ok((await q('from=2026-09-30&to=2026-09-30')).total >= 10);
  isError(await request(srv.base, 'GET', '/api/v1/hotline/orders?state=lost', { token: sup.token }), 400, 'BAD_QUERY', 'state');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/orders?colour=red', { token: sup.token }), 400, 'BAD_QUERY', 'colour');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/orders?from=30-09-2026', { token: sup.token }), 400, 'BAD_QUERY', 'from');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/orders?region_code=999', { token: sup.token }), 400, 'BAD_QUERY', 'region_code');
});

test('50 concurrent calls get 50 distinct, consecutive order numbers', async () => {
  const rs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    request(srv.base, 'POST', '/api/v1/hotline/orders', { token: agent.token, body: order({ description: `第${i}号来电：路灯不亮`, category_id: K.CJ0201.id }) })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const nos = rs.map((r) => Number(r.json.order_no.slice(-5))).sort((a, b) => a - b);
  assert.equal(new Set(nos).size, 50);
  assert.equal(nos[49] - nos[0], 49, 'no gaps');
});

test('two handlers of one department sign at once: exactly one wins', async () => {
  for (let round = 0; round < 3; round++) {
    const o = await take(srv.base, agent, order());
    await step(srv.base, agent, o.id, 'dispatch', { lead_department_id: D['城管执法局'] });
    const [a, b] = await Promise.all([step(srv.base, cg, o.id, 'sign'), step(srv.base, cg2, o.id, 'sign')]);
    const codes = [a.status, b.status].sort();
    assert.deepEqual(codes, [200, 409], `${a.text} / ${b.text}`);
    isError(a.status === 409 ? a : b, 409, 'HOTLINE_BAD_STATE');
    const v = await get(sup, o.id);
    assert.equal(v.events.filter((e) => e.action === 'sign').length, 1);
    assert.equal(v.assignments[0].state, 'signed');
  }
});

test('duplicates: same address and similar text within 7 days are suggested; merged orders close together', async () => {
  const a = await take(srv.base, agent, order({ address: '源城区沿江社区沿江中路88号', description: '沿江中路88号楼下烧烤店每晚油烟扰民，噪音也大', region_code: '441602002002' }));
  const b = await take(srv.base, agent, order({ address: ' 源城区沿江社区沿江中路８８号 ', description: '沿江中路88号楼下的烧烤店油烟扰民，噪音很大', region_code: '441602002002' }));
  const hit = b.similar.find((s) => s.id === a.id);
  assert.ok(hit, JSON.stringify(b.similar));
  assert.ok(hit.score >= 0.5 && hit.score <= 1);
  // Different text at the same address, or similar text elsewhere: not suggested.
  const c = await take(srv.base, agent, order({ address: '源城区沿江社区沿江中路88号', description: '咨询社保卡补办需要什么材料', region_code: '441602002002', category_id: K.RS0202.id, type: 'consult' }));
  assert.ok(!c.similar.some((s) => s.id === a.id));
  const d = await take(srv.base, agent, order({ address: '源城区东埔社区东埔大道201号', description: '沿江中路88号楼下烧烤店每晚油烟扰民，噪音也大' }));
  assert.ok(!d.similar.some((s) => s.id === a.id));
  const sim = await request(srv.base, 'GET', `${ORDER(a.id)}/similar`, { token: agent.token });
  assert.ok(sim.json.items.some((s) => s.id === b.id));
  // Merge b into a; refusals first.
  isError(await unchanged(b.id, () => step(srv.base, agent, b.id, 'merge', { master_id: b.id })), 409, 'HOTLINE_MERGE', 'master_id');
  isError(await unchanged(b.id, () => step(srv.base, agent, b.id, 'merge', { master_id: 999999 })), 404, 'NOT_FOUND', 'master_id');
  isError(await unchanged(b.id, () => step(srv.base, agent, b.id, 'merge', {})), 400, 'MISSING_FIELD', 'master_id');
  let r = await step(srv.base, agent, b.id, 'merge', { master_id: a.id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.state, r.json.merged_into], ['merged', a.id]);
  isError(await unchanged(a.id, () => step(srv.base, agent, a.id, 'merge', { master_id: b.id })), 409, 'HOTLINE_MERGE');
  isError(await unchanged(b.id, () => step(srv.base, agent, b.id, 'dispatch', { lead_department_id: D['城管执法局'] })), 409, 'HOTLINE_BAD_STATE');
  const master = await get(sup, a.id);
  assert.deepEqual(master.children, [b.id]);
  assert.equal(master.events.at(-1).action, 'merge_child');
  // The master closes; the merged order closes with it.
  await step(srv.base, agent, a.id, 'dispatch', { lead_department_id: D['城管执法局'] });
  await step(srv.base, cg, a.id, 'sign');
  await step(srv.base, cg, a.id, 'reply', { measures: '现场检查', result: '已整改' });
  await step(srv.base, agent, a.id, 'review', { decision: 'accept' });
  r = await step(srv.base, agent, a.id, 'callback', { solved: true, satisfied: true });
  assert.equal(r.json.state, 'closed');
  const child = await get(sup, b.id);
  assert.equal(child.state, 'closed');
  assert.equal(child.closed_at, r.json.closed_at);
  assert.equal(child.events.at(-1).action, 'close_with_master');
  // A merged order is not suggested as a duplicate any more (closed).
  assert.ok(!(await request(srv.base, 'GET', `${ORDER(c.id)}/similar`, { token: agent.token })).json.items.some((s) => s.id === a.id));
});

test('pause and resume, extensions, urge, supervise and escalate', async () => {
  const o = await take(srv.base, agent, order());
  const id = o.id;
  isError(await unchanged(id, () => step(srv.base, sup, id, 'urge', { reason: '快点' })), 409, 'HOTLINE_BAD_STATE');
  await step(srv.base, agent, id, 'dispatch', { lead_department_id: D['城管执法局'] });
  await step(srv.base, cg, id, 'sign');
  // Pause while waiting on the citizen.
  isError(await unchanged(id, () => step(srv.base, cg, id, 'pause', {})), 400, 'HOTLINE_REASON_REQUIRED', 'reason');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'resume', {})), 409, 'HOTLINE_NOT_PAUSED');
  let r = await step(srv.base, cg, id, 'pause', { reason: '等待市民提供现场照片' });
  assert.equal(r.json.paused, true);
  isError(await unchanged(id, () => step(srv.base, agent, id, 'pause', { reason: '再停' })), 409, 'HOTLINE_PAUSED');
  const before = await get(sup, id);
  r = await step(srv.base, agent, id, 'resume', {});
  assert.equal(r.json.paused, false);
  const paused = r.json.events.at(-1).detail.paused_working_ms;
  assert.ok(paused >= 0 && paused < 60000, `${paused}`);
  assert.equal(r.json.handle_by - before.handle_by, paused, 'deadlines move by the paused working time');
  assert.equal(r.json.paused_total_ms, paused);
  // Extensions: asked by the department, decided by the centre.
  isError(await unchanged(id, () => step(srv.base, cg, id, 'extension', { days: 0, reason: 'x' })), 400, 'OUT_OF_RANGE', 'days');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'extension', { days: 3 })), 400, 'HOTLINE_REASON_REQUIRED', 'reason');
  isError(await unchanged(id, () => step(srv.base, agent, id, 'extension/decide', { approve: true })), 409, 'HOTLINE_NO_EXTENSION');
  r = await step(srv.base, cg, id, 'extension', { days: 3, reason: '需协调产权单位改造烟道' });
  assert.equal(r.json.assignments[0].ext_state, 'pending');
  isError(await unchanged(id, () => step(srv.base, cg, id, 'extension', { days: 2, reason: '再延' })), 409, 'HOTLINE_EXTENSION_PENDING');
  const h0 = r.json.handle_by;
  r = await step(srv.base, agent, id, 'extension/decide', { approve: true });
  assert.equal(r.status, 200, r.text);
  // handle_by was Saturday 10 Oct (worked); +3 working days: Mon 12, Tue 13, Wed 14.
  assert.equal(r.json.handle_by - h0, 4 * DAY);
  assert.deepEqual([r.json.extended_days, r.json.assignments[0].ext_state], [3, 'approved']);
  isError(await unchanged(id, () => step(srv.base, agent, id, 'extension/decide', { approve: false, reason: 'x' })), 409, 'HOTLINE_NO_EXTENSION');
  // Urge and supervise: an event each and an SMS to the department's handlers.
  isError(await unchanged(id, () => step(srv.base, sup, id, 'urge', {})), 400, 'HOTLINE_REASON_REQUIRED');
  const out0 = (await request(srv.base, 'GET', '/api/v1/outbox?page_size=5', { token: admin.token })).json.total;
  r = await step(srv.base, sup, id, 'urge', { reason: '市民多次来电' });
  assert.equal(r.json.urge_count, 1);
  const out = (await request(srv.base, 'GET', '/api/v1/outbox?page_size=5', { token: admin.token })).json;
  assert.equal(out.total, out0 + 2, 'handler_cg and handler_cg2');
  assert.ok(out.items[0].body.includes(o.order_no) && out.items[0].body.includes('催办'));
  assert.match(out.items[0].recipient, /^138\*\*\*\*\d{4}$/);
  r = await step(srv.base, sup, id, 'supervise', { reason: '列入本周督办' });
  assert.equal(r.json.supervised, true);
  assert.equal((await request(srv.base, 'GET', '/api/v1/outbox?page_size=5', { token: admin.token })).json.total, out0 + 4);
  r = await step(srv.base, sup, id, 'escalate', { reason: '多次督办未果，升级至区领导' });
  assert.equal(r.json.escalation, 1);
  assert.deepEqual(r.json.events.slice(-3).map((e) => e.action), ['urge', 'supervise', 'escalate']);
  isError(await step(srv.base, cg, id, 'urge', { reason: 'x' }), 403, 'FORBIDDEN_ROLE');
  isError(await step(srv.base, agent, id, 'supervise', { reason: 'x' }), 403, 'FORBIDDEN_ROLE');
});

test('a citizen files an order on the web and follows only their own orders', async () => {
  const phone = '13922223333';
  const r = await request(srv.base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  assert.equal(r.status, 202, r.text);
  const out = await request(srv.base, 'GET', '/api/v1/outbox', { token: admin.token });
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === '139****3333').body)[1];
  const v = await request(srv.base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } });
  assert.equal(v.status, 200, v.text);
  const me = { token: v.json.token };
  const tree = await request(srv.base, 'GET', '/api/v1/hotline/categories/tree', { token: me.token });
  assert.equal(tree.status, 200, tree.text);
  const before = await orderState(srv.base, sup, admin);
  isError(await request(srv.base, 'POST', '/api/v1/hotline/mine', { token: me.token, body: { type: 'complaint', category_id: K.HB0103.id } }), 400, 'HOTLINE_NO_DESCRIPTION', 'description');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/mine', { token: me.token, body: { type: 'complaint', category_id: K.HB0103.id, description: 'x', caller_phone: '13800000000' } }), 400, 'UNKNOWN_FIELD', 'caller_phone');
  assert.equal(await orderState(srv.base, sup, admin), before);
  const made = await request(srv.base, 'POST', '/api/v1/hotline/mine', { token: me.token, body: { type: 'complaint', category_id: K.HB0103.id, region_code: '441602002001', address: '源城区新江路8号', description: '夜间工地施工噪声扰民，已持续一周' } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual([made.json.channel, made.json.state, made.json.caller_phone], ['web', 'accepted', '139****3333']);
  const mine = await request(srv.base, 'GET', '/api/v1/hotline/mine', { token: me.token });
  assert.ok(mine.json.items.length >= 1 && mine.json.items.every((o) => o.caller_phone === '139****3333'), mine.text);
  const one = await request(srv.base, 'GET', `/api/v1/hotline/mine/${made.json.id}`, { token: me.token });
  assert.equal(one.json.id, made.json.id);
  // Someone else's order does not exist for this citizen; staff routes stay closed.
  const other = (await request(srv.base, 'GET', '/api/v1/hotline/orders?page_size=5', { token: agent.token })).json.items.find((o) => o.caller_phone !== '139****3333');
  isError(await request(srv.base, 'GET', `/api/v1/hotline/mine/${other.id}`, { token: me.token }), 404, 'NOT_FOUND');
  isError(await request(srv.base, 'GET', '/api/v1/hotline/orders', { token: me.token }), 403, 'FORBIDDEN_ROLE');
  isError(await request(srv.base, 'POST', '/api/v1/hotline/mine', { token: agent.token, body: { type: 'consult', description: 'x' } }), 403, 'FORBIDDEN_ROLE');
});

test('no request of this suite made the store fail', async () => {
  const m = await request(srv.base, 'GET', '/metrics');
  assert.match(m.text, /yiwang_store_errors_total 0/);
});

// The last tests move the server's clock past the National Day holiday (a
// restart on the same store), so they run after everything else.
test('over the holiday: overdue lists, and a pause that spanned it moves deadlines by two working days', async () => {
  const late = await take(srv.base, agent, order());
  await step(srv.base, agent, late.id, 'dispatch', { lead_department_id: D['城管执法局'] });
  const waiting = await take(srv.base, agent, order());
  await step(srv.base, agent, waiting.id, 'dispatch', { lead_department_id: D['城管执法局'] });
  await step(srv.base, cg, waiting.id, 'sign');
  await step(srv.base, cg, waiting.id, 'pause', { reason: '等待市民补充材料' });
  const w0 = await get(sup, waiting.id);
  // Nothing of today is overdue yet.
  let od = await request(srv.base, 'GET', '/api/v1/hotline/orders?overdue=1&from=2026-09-30&page_size=200', { token: sup.token });
  assert.ok(!od.json.items.some((x) => x.id === late.id));
  // Friday 9 October 10:00: one working day after the holiday.
  env.YIWANG_TEST_CLOCK = String(WED_0930_10 + 9 * DAY);
  await srv.stop({ keep: true });
  srv = await startServer({ restart: srv, env });
  await logins();
  od = await request(srv.base, 'GET', '/api/v1/hotline/orders?overdue=true&page_size=200', { token: sup.token });
  assert.equal(od.status, 200, od.text);
  assert.ok(od.json.items.some((x) => x.id === late.id), 'not signed by 8 October');
  assert.ok(!od.json.items.some((x) => x.id === waiting.id), 'paused: its clock stopped');
  assert.ok(od.json.items.every((x) => x.overdue), 'the filter and the flags agree');
  const l = await get(sup, late.id);
  assert.deepEqual([l.overdue, l.sign_overdue, l.clock], [true, true, 'handle']);
  // Resume: the pause covered 30 Sep 10:00 → 9 Oct 10:00, two working days.
  const r = await step(srv.base, cg, waiting.id, 'resume', {});
  assert.equal(r.status, 200, r.text);
  // handle_by was Saturday 10 Oct 10:00 (worked): + 48 working hours is
  // Tuesday 13 Oct 10:00 (Sunday 11 is off), three calendar days later.
  const moved = r.json.handle_by - w0.handle_by;
  assert.ok(Math.abs(moved - 3 * DAY) < 5 * 60000, `moved ${moved / HOUR} h`);
  assert.ok(Math.abs(r.json.paused_total_ms - 2 * DAY) < 5 * 60000);
  assert.equal(r.json.events.at(-1).detail.paused_working_ms, r.json.paused_total_ms);
  // The demo orders of the weeks before include overdue ones too.
  const all = await request(srv.base, 'GET', '/api/v1/hotline/orders?overdue=1&page_size=1', { token: sup.token });
  assert.ok(all.json.total >= 2);
});
