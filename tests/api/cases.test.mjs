// Cases (办件): the done-when path through the API — a walk-in served from a
// ticket is taken in with a material missing (一次性告知), supplied and
// accepted, runs through two departments in parallel where one returns it
// for 补正 (the clock stops), resumes, both approve, it is decided on time,
// picked up at another hall of the district with the code, and followed on
// the public progress page with no personal data — and 容缺, 不予受理, 即办件,
// extensions, special procedures, post, the deadline sweep, every bad input
// with "nothing changed", scopes, two approvers on one step, and 50 intakes
// at once. Runs on SQLite and PostgreSQL (YW_API_STORE=pg).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { act, take } from './queuelib.mjs';
import {
  ITEMS, TUE_1124, THU_1126, at10, person, enterprise, item, checklist, api, unchanged, sweep, outboxWith,
  pdfText, getBinary,
} from './caselib.mjs';

const env = { YIWANG_TEST_CLOCK: String(TUE_1124), YIWANG_CASE_SWEEP_S: '0' };
let srv;
const who = {}; // logins by user name
const USERS = ['clerk01', 'clerk02', 'clerk03', 'clerk04', 'approver_rs', 'approver_yb', 'approver_scjg', 'approver_scjg2',
  'head_scjg', 'approver_ga', 'supervisor', 'hallmgr'];

async function loginAll() {
  who.admin = await login(srv.base, ADMIN.username, ADMIN.password);
  for (const u of USERS) who[u] = await login(srv.base, u, DEMO_PASSWORD);
}

async function restartAt(ms, extra = {}) {
  await srv.stop({ keep: true });
  Object.assign(env, extra, { YIWANG_TEST_CLOCK: String(ms) });
  srv = await startServer({ restart: srv, env });
  await loginAll();
}

before(async () => {
  srv = await startServer({ env });
  await loginAll();
});
after(() => srv?.stop());

const as = (u) => api(srv.base, who[u]);
const same = (ids, fn) => unchanged(srv.base, who.admin, ids, fn);
const intake = (u, body) => as(u).post('/api/v1/cases', body);
const step = (c, dept) => c.steps.find((s) => s.department_name.includes(dept) && ['active', 'claimed'].includes(s.state));
const stepAct = (u, s, action, body = {}) => as(u).post(`/api/v1/case-steps/${s.id}/${action}`, { version: s.version, ...body });

/** A case taken in complete at window 1 of hall 1. */
async function accepted(code, applicant, extra = {}) {
  const it = await item(srv.base, code);
  const r = await intake('clerk01', { item_id: it.id, window_id: 1, applicant, materials: checklist(it), ...extra });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// Shared across the phases of the main path.
const main = {};

test('walk-in from the ticket being served: a missing material gives 一次性告知, no clock', async () => {
  const it = await item(srv.base, ITEMS.UNEMPLOYMENT);
  const t = await take(srv.base, 1, { item_id: it.id });
  assert.equal(t.status, 201, t.text);
  let called = await act(srv.base, who.clerk01, 1, 'call-next');
  while (called.status === 200 && called.json.id !== t.json.id) {
    await act(srv.base, who.clerk01, 1, 'no-show');
    called = await act(srv.base, who.clerk01, 1, 'call-next');
  }
  assert.equal(called.json.id, t.json.id, called.text);
  assert.equal((await act(srv.base, who.clerk01, 1, 'start')).status, 200);
  main.applicant = person(1);
  main.item = it;
  const r = await intake('clerk01', { item_id: it.id, window_id: 1, ticket_id: t.json.id, applicant: main.applicant,
    materials: checklist(it, [1]) });
  assert.equal(r.status, 201, r.text);
  const c = r.json;
  main.id = c.id;
  main.case_no = c.case_no;
  assert.match(c.case_no, /^44160220261124\d{6}$/, 'region code + date + 6-digit sequence');
  assert.deepEqual([c.state, c.ticket_id, c.window_id, c.hall_id, c.item.version], ['supplement', t.json.id, 1, 1, 1]);
  assert.equal(c.clock.accepted_on, null, 'the clock does not run before acceptance');
  assert.equal(c.steps.length, 0);
  assert.deepEqual(c.materials.map((m) => m.status), ['ok', 'missing', 'ok']);
  assert.equal(c.materials[1].reason, '未提交');
  // Masked everywhere: the reply, the list.
  assert.equal(c.applicant.id_number, main.applicant.id_number.slice(0, 6) + '********' + main.applicant.id_number.slice(14));
  assert.equal(c.applicant.phone, '137****0001');
  const notice = c.events.find((e) => e.type === 'supplement_notice');
  assert.deepEqual(notice.detail.materials.map((m) => m.seq), [1], 'every missing item, listed once');
  assert.ok(c.notices.includes('supplement'));
  // The applicant is told by SMS through the outbox.
  const sms = await outboxWith(srv.base, who.admin, main.case_no);
  assert.ok(sms.some((m) => m.recipient === '137****0001' && m.body.includes('一次性告知')), JSON.stringify(sms));
  // The 一次性告知书 as PDF, with the wording of 第32条.
  const pdf = await getBinary(srv.base, `/api/v1/cases/${c.id}/notices/supplement.pdf`, who.clerk01.token);
  assert.equal(pdf.status, 200);
  assert.match(pdf.type, /application\/pdf/);
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  const text = pdfText(pdf.body);
  if (text !== null) {
    for (const s of ['一次性告知书', main.case_no, '第三十二条', it.materials[1].name]) assert.ok(text.replace(/\s+/g, '').includes(s.replace(/\s+/g, '')), `PDF shows ${s}`);
  }
});

test('supplied: 受理, the clock starts the next working day; both departments open in parallel', async () => {
  const bad = await same([main.id], () => as('clerk01').post(`/api/v1/cases/${main.id}/supplement`, { materials: [{ seq: 7, form: 'paper_original' }] }));
  isError(bad, 400, 'OUT_OF_RANGE', 'materials[0].seq');
  const r = await as('clerk01').post(`/api/v1/cases/${main.id}/supplement`, { materials: [{ seq: 1, form: 'paper_original' }] });
  assert.equal(r.status, 200, r.text);
  const c = r.json;
  assert.equal(c.state, 'in_progress');
  assert.deepEqual([c.clock.accepted_on, c.clock.due_promised, c.clock.due_statutory], ['2026-11-24', '2026-11-27', '2026-12-08']);
  const open = c.steps.filter((s) => s.state === 'active');
  assert.deepEqual(open.map((s) => [s.stage, s.due]), [[1, '2026-11-26'], [1, '2026-11-26']]);
  assert.deepEqual(open.map((s) => s.department_name).sort(), ['河源市源城区人力资源和社会保障局', '河源市源城区医疗保障局'].sort());
  assert.deepEqual(c.steps.map((s) => s.kind), ['intake', 'review', 'review', 'issue']);
  assert.equal(c.steps[0].state, 'done');
  assert.equal(c.steps[3].state, 'pending');
  assert.ok(c.notices.includes('accept'));
  // Each department sees its step in its inbox, by due date.
  const inbox = await as('approver_rs').get('/api/v1/case-inbox');
  assert.ok(inbox.json.items.some((x) => x.case_id === main.id && x.due === '2026-11-26'), inbox.text);
  const dues = inbox.json.items.map((x) => x.due);
  assert.deepEqual(dues, [...dues].sort(), 'sorted by deadline');
  isError(await as('approver_rs').get('/api/v1/case-inbox?department_id=5'), 403, 'FORBIDDEN_SCOPE');
  const pdf = await getBinary(srv.base, `/api/v1/cases/${main.id}/notices/accept.pdf`, who.clerk01.token);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s of ['受理通知书', main.case_no, '2026年11月27日']) assert.ok(text.replace(/\s+/g, '').includes(s), `PDF shows ${s}`);
});

test('one department returns it for 补正: the clock stops, nobody can approve meanwhile', async () => {
  let c = (await as('approver_yb').get(`/api/v1/cases/${main.id}`)).json;
  const yb = step(c, '医疗保障');
  isError(await same([main.id], () => stepAct('approver_yb', yb, 'return', {})), 422, 'CASE_REASON_REQUIRED', 'reason');
  const r = await stepAct('approver_yb', yb, 'return', { reason: '银行账户信息不完整', materials: [{ seq: 2, reason: '请提供本人名下银行卡复印件' }] });
  assert.equal(r.status, 200, r.text);
  c = r.json;
  assert.deepEqual([c.state, c.clock.paused, c.clock.pause_kind, c.clock.paused_on], ['returned', true, 'supplement', '2026-11-24']);
  assert.equal(c.materials[2].status, 'defective');
  assert.equal(step(c, '医疗保障'), undefined);
  // The other department waits too: the case is paused.
  isError(await same([main.id], () => stepAct('approver_rs', step(c, '人力资源'), 'approve')), 409, 'CASE_PAUSED');
  const sms = await outboxWith(srv.base, who.admin, main.case_no);
  assert.ok(sms.some((m) => m.body.includes('需要补正') && m.body.includes('计时暂停')), JSON.stringify(sms));
});

test('容缺受理: only a secondary material missing, on a signed commitment; no decision until supplied', async () => {
  const it = await item(srv.base, ITEMS.FOOD);
  const sec = it.materials.findIndex((m) => m.role === 'secondary' && m.required);
  const main2 = it.materials.findIndex((m) => m.role === 'main' && m.required);
  const base = { item_id: it.id, window_id: 2, applicant: enterprise(2), agent: person(2) };
  // Without the commitment: 一次性告知 when the system judges, refused when the clerk insists.
  isError(await same([], () => intake('clerk01', { ...base, materials: checklist(it, [sec]), outcome: 'tolerate' })), 422, 'CASE_TOLERANCE', 'materials');
  // A main material cannot be 容缺.
  isError(await same([], () => intake('clerk01', { ...base, materials: checklist(it, [main2]), outcome: 'tolerate', commitment: '承诺补齐' })),
    422, 'CASE_TOLERANCE', 'materials');
  isError(await same([], () => intake('clerk01', { ...base, materials: checklist(it, [sec]), outcome: 'accept' })), 422, 'CASE_MATERIAL_MISSING', 'materials');
  const r = await intake('clerk01', { ...base, materials: checklist(it, [sec]), commitment: '本单位承诺5个工作日内补齐食品安全管理制度' });
  assert.equal(r.status, 201, r.text);
  let c = r.json;
  assert.deepEqual([c.state, c.tolerant, c.supply_due], ['in_progress', true, '2026-12-01']);
  assert.equal(c.materials[sec].due, '2026-12-01');
  assert.equal(c.applicant.credit_code, enterprise(2).credit_code, 'an organisation’s code is not personal data');
  assert.equal(c.agent.phone, '137****0002');
  assert.ok(c.notices.includes('tolerant') && c.notices.includes('accept'));
  const pdf = await getBinary(srv.base, `/api/v1/cases/${c.id}/notices/tolerant.pdf`, who.clerk01.token);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s of ['容缺受理承诺书', it.materials[sec].name]) assert.ok(text.replace(/\s+/g, '').includes(s), `PDF shows ${s}`);
  // The first step may go on; the decision waits for the material.
  let s = step(c, '市场监督');
  c = (await stepAct('approver_scjg', s, 'approve')).json;
  s = step(c, '市场监督');
  assert.equal(s.stage, 2);
  isError(await same([c.id], () => stepAct('approver_scjg', s, 'approve')), 422, 'CASE_MATERIAL_MISSING', 'materials');
  // A copy where the checklist asks for the original: the system judges it defective.
  const copy = await as('clerk02').post(`/api/v1/cases/${c.id}/supplement`, { materials: [{ seq: sec, form: 'paper_copy', count: 1 }] });
  assert.equal(copy.status, 200, copy.text);
  assert.deepEqual([copy.json.materials[sec].status, copy.json.materials[sec].reason], ['defective', '需提交原件，收到的是复印件']);
  const sup = await as('clerk02').post(`/api/v1/cases/${c.id}/supplement`, { materials: [{ seq: sec, form: 'paper_original', count: 1 }] });
  assert.equal(sup.status, 200, sup.text);
  assert.equal(sup.json.materials[sec].status, 'ok');
  assert.equal(sup.json.supply_due, null);
  assert.ok(sup.json.events.some((e) => e.type === 'tolerance_cleared'));
  const d = await stepAct('approver_scjg', step(sup.json, '市场监督'), 'approve', { result_name: '食品经营许可证', result_number: 'JY14416020099999' });
  assert.equal(d.status, 200, d.text);
  assert.deepEqual([d.json.state, d.json.outcome, d.json.results[0].name, d.json.results[0].number],
    ['decided', 'approved', '食品经营许可证', 'JY14416020099999']);
  main.foodDecided = d.json;
});

test('不予受理: with the reason and where to go; outside the hall’s competence the system refuses', async () => {
  const it = await item(srv.base, ITEMS.FOOD);
  isError(await same([], () => intake('clerk01', { item_id: it.id, applicant: person(3), outcome: 'refuse' })), 422, 'CASE_REASON_REQUIRED', 'reason');
  const r = await intake('clerk01', { item_id: it.id, applicant: person(3), outcome: 'refuse', reason: '申请事项依法不需要取得行政许可',
    redirect: '请到河源市应急管理局办理' });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.state, r.json.outcome, r.json.redirect], ['not_accepted', 'not_accepted', '请到河源市应急管理局办理']);
  assert.ok(r.json.notices.includes('refuse'));
  const pdf = await getBinary(srv.base, `/api/v1/cases/${r.json.id}/notices/refuse.pdf`, who.clerk01.token);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s of ['不予受理通知书', '河源市应急管理局', '行政复议']) assert.ok(text.replace(/\s+/g, '').includes(s), `PDF shows ${s}`);
  // 居住证申领 is handled at the district centre only: the street hall's clerk cannot take it.
  const res = await item(srv.base, ITEMS.RESIDENCE);
  isError(await same([], () => intake('clerk03', { item_id: res.id, applicant: person(4), materials: checklist(res), outcome: 'accept' })),
    422, 'CASE_NOT_COMPETENT', 'item_id');
  const auto = await intake('clerk03', { item_id: res.id, applicant: person(4), materials: checklist(res) });
  assert.equal(auto.status, 201, auto.text);
  assert.equal(auto.json.state, 'not_accepted');
  assert.match(auto.json.redirect, /源城区政务服务中心/);
  assert.equal(auto.json.hall_id, 2);
  assert.match(auto.json.case_no, /^44160200120261124\d{6}$/, 'numbered in the street’s region');
  // A consulting window does not take applications.
  isError(await same([], () => intake('clerk01', { item_id: it.id, window_id: 16, applicant: person(5), materials: checklist(it) })),
    422, 'CASE_NOT_COMPETENT', 'window_id');
});

test('即办件: decided and handed over at the window in one go', async () => {
  const it = await item(srv.base, ITEMS.SOLE_TRADER);
  const r = await intake('clerk02', { item_id: it.id, window_id: 2, applicant: person(6), materials: checklist(it) });
  assert.equal(r.status, 201, r.text);
  const c = r.json;
  assert.deepEqual([c.state, c.outcome, c.clock.due_promised, c.clock.decided_on], ['delivered', 'approved', '2026-11-24', '2026-11-24']);
  assert.ok(c.steps.every((s) => s.state === 'done'), JSON.stringify(c.steps));
  assert.deepEqual(c.deliveries.map((d) => [d.method, d.state]), [['window', 'done']]);
  assert.equal(c.results.length, 1);
  assert.deepEqual(c.events.map((e) => e.type), ['received', 'accepted', 'decided', 'delivered']);
  for (const n of ['accept', 'finish', 'service']) assert.ok(c.notices.includes(n), n);
  const sms = await outboxWith(srv.base, who.admin, c.case_no);
  assert.equal(sms.length, 1, 'one message for the whole visit');
  assert.match(sms[0].body, /当场办结/);
});

test('extension: once, at most 10 working days, approved by a head of the department; the applicant is told', async () => {
  const c0 = await accepted(ITEMS.FOOD, enterprise(7));
  const s = step(c0, '市场监督');
  isError(await same([c0.id], () => stepAct('approver_scjg', s, 'extend', { days: 11, reason: '需要联合核查' })), 422, 'CASE_EXTENSION_LIMIT', 'days');
  isError(await same([c0.id], () => stepAct('approver_scjg', s, 'extend', { days: 5 })), 422, 'CASE_REASON_REQUIRED', 'reason');
  const r = await stepAct('approver_scjg', s, 'extend', { days: 5, reason: '需要多部门联合现场核查' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.extension.state, r.json.extension.requested_days, r.json.clock.due_promised], ['requested', 5, '2026-12-01']);
  // The head finds what waits for them: requests their department made, nobody else's.
  const waiting = async (u, q = '') => (await as(u).get(`/api/v1/cases?extension=requested&page_size=200${q}`)).json.items.map((x) => x.id);
  assert.ok((await waiting('head_scjg')).includes(c0.id), 'the head of 市场监管 sees the request');
  assert.ok(!(await waiting('approver_rs')).includes(c0.id), 'another department does not');
  assert.ok((await waiting('admin', '&department_id=3')).includes(c0.id));
  assert.ok(!(await waiting('admin', '&department_id=4')).includes(c0.id), 'a department filter keeps the requests it made');
  isError(await as('head_scjg').get('/api/v1/cases?extension=maybe'), 400, 'BAD_QUERY', 'extension');
  const s2 = step(r.json, '市场监督');
  isError(await same([c0.id], () => stepAct('approver_scjg', s2, 'extend', { days: 3, reason: '再延' })), 422, 'CASE_EXTENSION_LIMIT', 'days');
  // Only a head approves (行政许可法第42条 本行政机关负责人).
  isError(await same([c0.id], () => as('approver_scjg2').post(`/api/v1/cases/${c0.id}/extension/approve`, {})), 403, 'CASE_NOT_HEAD');
  isError(await same([c0.id], () => as('head_scjg').post(`/api/v1/cases/${c0.id}/extension/refuse`, {})), 422, 'CASE_REASON_REQUIRED', 'reason');
  const a = await as('head_scjg').post(`/api/v1/cases/${c0.id}/extension/approve`, {});
  assert.equal(a.status, 200, a.text);
  assert.deepEqual([a.json.extension.state, a.json.clock.extension_days, a.json.clock.due_promised, a.json.clock.due_statutory],
    ['approved', 5, '2026-12-08', '2026-12-29']);
  isError(await same([c0.id], () => as('head_scjg').post(`/api/v1/cases/${c0.id}/extension/approve`, {})), 409, 'CASE_BAD_STATE');
  assert.ok(!(await waiting('head_scjg')).includes(c0.id), 'decided: no longer waiting');
  assert.ok((await as('head_scjg').get('/api/v1/cases?extension=approved&page_size=200')).json.items.some((x) => x.id === c0.id));
  const sms = await outboxWith(srv.base, who.admin, c0.case_no);
  assert.ok(sms.some((m) => m.body.includes('延期 5 个工作日') && m.recipient === '136****0007'), JSON.stringify(sms));
  const pdf = await getBinary(srv.base, `/api/v1/cases/${c0.id}/notices/extension.pdf`, who.approver_scjg.token);
  assert.equal(pdf.status, 200);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s3 of ['延期通知书', '第四十二条', '2026年12月8日']) assert.ok(text.replace(/\s+/g, '').includes(s3), `PDF shows ${s3}`);
});

test('special procedure (检验): the clock stops; steps cannot move until it ends', async () => {
  const c0 = await accepted(ITEMS.RENAME, person(8));
  main.special = c0.id;
  const s = step(c0, '公安');
  assert.equal(s.due, '2026-11-30');
  isError(await same([c0.id], () => stepAct('approver_ga', s, 'special', { kind: 'audit', reason: '核查' })), 400, 'BAD_ENUM', 'kind');
  const r = await stepAct('approver_ga', s, 'special', { kind: 'inspection', reason: '需对更名理由证明材料进行检验' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.state, r.json.clock.pause_kind, r.json.pauses[0].label], ['special', 'inspection', '检验']);
  isError(await same([c0.id], () => stepAct('approver_ga', step(r.json, '公安'), 'approve')), 409, 'CASE_PAUSED');
});

test('bad input: each gets its registry error and changes nothing', async () => {
  const it = await item(srv.base, ITEMS.UNEMPLOYMENT);
  const ok = { item_id: it.id, window_id: 1, applicant: person(9), materials: checklist(it) };
  const cases = [
    [{ ...ok, applicant: { ...person(9), id_number: '110105194912310021' } }, 400, 'INVALID_ID_NUMBER', 'applicant.id_number'],
    [{ ...ok, applicant: { ...person(9), id_number: '360426199113010079' } }, 400, 'INVALID_ID_NUMBER', 'applicant.id_number'],
    [{ ...ok, applicant: { ...enterprise(9), credit_code: '91110000600037341N' } }, 400, 'INVALID_CREDIT_CODE', 'applicant.credit_code'],
    [{ ...ok, applicant: { ...enterprise(9), legal_rep: undefined } }, 400, 'MISSING_FIELD', 'applicant.legal_rep'],
    [{ ...ok, applicant: { ...person(9), phone: '1234' } }, 400, 'INVALID_PHONE', 'applicant.phone'],
    [{ ...ok, agent: { name: '代办人', id_number: '11010519491231002Y', phone: '13700009999' } }, 400, 'INVALID_ID_NUMBER', 'agent.id_number'],
    [{ ...ok, applicant: { ...person(9), kind: 'robot' } }, 400, 'BAD_ENUM', 'applicant.kind'],
    [{ ...ok, colour: 'red' }, 400, 'UNKNOWN_FIELD', 'colour'],
    [{ ...ok, applicant: undefined }, 400, 'MISSING_FIELD', 'applicant'],
    [{ ...ok, item_id: 999999 }, 400, 'REF_NOT_FOUND', 'item_id'],
    [{ ...ok, materials: [{ seq: 0, form: 'fax' }] }, 400, 'BAD_ENUM', 'materials[0].form'],
    [{ ...ok, materials: [{ seq: 0, form: 'upload' }] }, 400, 'MISSING_FIELD', 'materials[0].file_ref'],
    [{ ...ok, materials: [{ seq: 0, form: 'paper_copy', status: 'defective' }] }, 422, 'CASE_REASON_REQUIRED', 'materials[0].reason'],
    [{ ...ok, materials: [{ seq: 0, form: 'paper_original' }, { seq: 0, form: 'paper_copy' }] }, 400, 'BAD_FORMAT', 'materials[1].seq'],
    [{ ...ok, ticket_id: 999999 }, 409, 'CASE_TICKET', 'ticket_id'],
    [{ ...ok, outcome: 'maybe' }, 400, 'BAD_ENUM', 'outcome'],
  ];
  for (const [body, status, error, field] of cases) isError(await same([], () => intake('clerk01', body)), status, error, field);
  // Steps: out of order, twice, a rejection without reason, another department's step.
  const c = await accepted(ITEMS.RENAME, person(10));
  const pending = c.steps.find((s) => s.state === 'pending' && s.kind === 'review');
  isError(await same([c.id], () => stepAct('approver_ga', pending, 'approve')), 409, 'CASE_STEP_ORDER', 'step');
  const first = step(c, '公安');
  isError(await same([c.id], () => stepAct('approver_ga', first, 'reject', {})), 422, 'CASE_REASON_REQUIRED', 'reason');
  isError(await same([c.id], () => stepAct('approver_rs', first, 'approve')), 403, 'FORBIDDEN_SCOPE', 'step');
  isError(await same([c.id], () => stepAct('approver_ga', first, 'transfer', { department_id: 999999, reason: '转' })), 400, 'REF_NOT_FOUND', 'department_id');
  const once = await stepAct('approver_ga', first, 'approve', { opinion: '情况属实' });
  assert.equal(once.status, 200, once.text);
  const again = { ...first, version: once.json.steps.find((s) => s.id === first.id).version };
  isError(await same([c.id], () => stepAct('approver_ga', again, 'approve')), 409, 'CASE_STEP_ORDER', 'step');
  isError(await same([c.id], () => stepAct('approver_ga', first, 'approve')), 409, 'CONFLICT', 'version');
  // The clerk cannot act on steps; a citizen cannot read staff routes.
  isError(await same([c.id], () => stepAct('clerk01', step(once.json, '公安'), 'approve')), 403, 'FORBIDDEN_ROLE');
  // Delivery before the decision.
  isError(await same([c.id], () => as('clerk01').post(`/api/v1/cases/${c.id}/delivery`, { method: 'pickup' })), 409, 'CASE_BAD_STATE');
  // Pickup with a wrong code.
  isError(await same([], () => as('clerk01').post('/api/v1/pickups', { code: '00000000', window_id: 15, collector_name: 'x', collector_id: person(10).id_number })),
    422, 'CASE_PICKUP_CODE', 'code');
  isError(await same([], () => as('clerk01').post('/api/v1/pickups', { code: 'abc', window_id: 15 })), 422, 'CASE_PICKUP_CODE', 'code');
  // A transfer with reason moves the step to the other department's inbox.
  const t = await stepAct('approver_ga', step(once.json, '公安'), 'transfer', { department_id: 3, reason: '涉及市场主体信息变更' });
  assert.equal(t.status, 200, t.text);
  const moved = t.json.steps.find((s) => s.state === 'active');
  assert.equal(moved.department_id, 3);
  assert.ok((await as('approver_scjg').get('/api/v1/case-inbox')).json.items.some((x) => x.step_id === moved.id));
  assert.ok(t.json.events.some((e) => e.type === 'transferred' && e.detail.to === '河源市源城区市场监督管理局'));
});

test('a case of a retired or superseded item version is refused', async () => {
  const cat = await login(srv.base, 'catalogue', DEMO_PASSWORD);
  const capi = api(srv.base, cat);
  const it = await item(srv.base, ITEMS.DOG);
  const v1 = await accepted(ITEMS.DOG, person(11));
  const full = (await capi.get(`/api/v1/items/${it.id}`)).json;
  // A new version: cases now bind to version 2; version 1 is superseded.
  const body = { ...full, conditions: `${full.conditions}（修订）`, revision: full.revision };
  for (const k of ['id', 'version', 'status', 'version_status', 'published_version', 'draft_version', 'latest_version',
    'created_at', 'updated_at', 'published_at', 'created_by', 'created_by_name', 'source', 'version_id', 'ended_at', 'halls_detail'])
    delete body[k];
  const e = await capi.put(`/api/v1/items/${it.id}`, body);
  assert.equal(e.status, 200, e.text);
  const p = await capi.post(`/api/v1/items/${it.id}/publish`, { revision: e.json.revision });
  assert.equal(p.status, 200, p.text);
  const base = { item_id: it.id, applicant: person(11), materials: checklist(it) };
  isError(await same([], () => intake('clerk01', { ...base, item_version: 1 })), 422, 'CASE_ITEM_RETIRED', 'item_version');
  isError(await same([], () => intake('clerk01', { ...base, item_version: 9 })), 400, 'REF_NOT_FOUND', 'item_version');
  const v2 = await intake('clerk01', base);
  assert.equal(v2.status, 201, v2.text);
  assert.equal(v2.json.item.version, 2);
  const r = await capi.post(`/api/v1/items/${it.id}/retire`, { revision: p.json.revision, reason: '测试停用' });
  assert.equal(r.status, 200, r.text);
  isError(await same([], () => intake('clerk01', base)), 422, 'CASE_ITEM_RETIRED', 'item_id');
  // Cases taken in before go on under the version they were accepted under.
  const c = (await as('approver_ga').get(`/api/v1/cases/${v1.id}`)).json;
  assert.equal(c.item.version, 1);
  const a = await stepAct('approver_ga', step(c, '公安'), 'approve');
  assert.equal(a.status, 200, a.text);
});

test('scope: approvers see their departments’ cases, clerks their region, citizens none of the staff routes', async () => {
  isError(await as('approver_ga').get(`/api/v1/cases/${main.id}`), 403, 'FORBIDDEN_SCOPE');
  assert.equal((await as('approver_rs').get(`/api/v1/cases/${main.id}`)).status, 200);
  assert.equal((await as('clerk03').get(`/api/v1/cases/${main.id}`)).status, 200, 'a street clerk of the district (通办通取)');
  assert.equal((await as('supervisor').get(`/api/v1/cases/${main.id}`)).status, 200);
  const rsList = await as('approver_rs').get('/api/v1/cases?page_size=200');
  assert.ok(rsList.json.items.some((x) => x.id === main.id));
  const gaList = await as('approver_ga').get(`/api/v1/cases?case_no=${main.case_no}`);
  assert.equal(gaList.json.total, 0);
  // Lists mask phones.
  const row = rsList.json.items.find((x) => x.id === main.id);
  assert.equal(row.applicant_phone, '137****0001');
  // Clerks list their own hall's cases.
  const c3 = await as('clerk03').get('/api/v1/cases?page_size=200');
  assert.ok(c3.json.items.every((x) => x.hall_id === 2), 'hall 2 only');
  assert.ok(!c3.json.items.some((x) => x.id === main.id));
  // …but find any case of the region by its number (通办通取: they may read it,
  // supply it, hand it over), from the street hall and the community station.
  for (const u of ['clerk03', 'clerk04']) {
    const byNo = await as(u).get(`/api/v1/cases?case_no=${main.case_no}`);
    assert.deepEqual([byNo.json.total, byNo.json.items.map((x) => [x.id, x.hall_id])], [1, [[main.id, 1]]], u);
  }
  // A clerk of a hall in another district finds nothing, as they may read nothing.
  const city = (await as('admin').get('/api/v1/regions?level=city')).json.items.find((x) => x.code === '441600');
  const dy = await as('admin').post('/api/v1/regions', { code: '441625', name: '东源县', level: 'district', parent_id: city.id });
  assert.equal(dy.status, 201, dy.text);
  const dyHall = await as('admin').post('/api/v1/halls', { name: '东源县政务服务中心', region_id: dy.json.id, level: 'district',
    address: '东源县仙塘镇1号', hours: ['08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '', ''] });
  assert.equal(dyHall.status, 201, dyHall.text);
  const dyClerk = await as('admin').post('/api/v1/staff', { username: 'clerk_dy', name: '东源窗口', roles: ['clerk'], hall_id: dyHall.json.id,
    password: 'Dongyuan#2026' });
  assert.equal(dyClerk.status, 201, dyClerk.text);
  const dyApi = api(srv.base, await login(srv.base, 'clerk_dy', 'Dongyuan#2026'));
  assert.equal((await dyApi.get(`/api/v1/cases?case_no=${main.case_no}`)).json.total, 0);
  isError(await dyApi.get(`/api/v1/cases/${main.id}`), 403, 'FORBIDDEN_SCOPE');
  isError(await as('clerk01').get('/api/v1/cases?colour=red'), 400, 'BAD_QUERY', 'colour');
  // Heads are set by the admin, and must be approvers of that department.
  isError(await as('admin').put('/api/v1/departments/3/heads', { staff_ids: [9] }), 400, 'BAD_FORMAT', 'staff_ids[0]');
  isError(await as('supervisor').put('/api/v1/departments/3/heads', { staff_ids: [] }), 403, 'FORBIDDEN_ROLE');
  // Comments go on the timeline (staff only, never on the public page).
  const cm = await as('supervisor').post(`/api/v1/cases/${main.id}/comments`, { text: '请关注办理时限' });
  assert.equal(cm.status, 201, cm.text);
  assert.equal(cm.json.events.at(-1).type, 'comment');
  isError(await same([main.id], () => as('approver_ga').post(`/api/v1/cases/${main.id}/comments`, { text: 'x' })), 403, 'FORBIDDEN_SCOPE');
  const heads = await as('supervisor').get('/api/v1/departments/3/heads');
  assert.equal(heads.json.staff_ids.length, 1);
});

test('two approvers on one step at once: one wins, the other gets CONFLICT', async () => {
  for (let round = 0; round < 3; round++) {
    const c = await accepted(ITEMS.FOOD, enterprise(20 + round));
    const s = step(c, '市场监督');
    const [a, b] = await Promise.all([stepAct('approver_scjg', s, 'approve'), stepAct('approver_scjg2', s, 'approve')]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], `${a.text} ${b.text}`);
    isError(a.status === 409 ? a : b, 409, 'CONFLICT');
    const after = (await as('admin').get(`/api/v1/cases/${c.id}`)).json;
    assert.equal(after.events.filter((e) => e.type === 'step_approved').length, 1, 'approved once');
    // Claims race the same way.
    const s2 = step(after, '市场监督');
    const [x, y] = await Promise.all([stepAct('approver_scjg', s2, 'claim'), stepAct('approver_scjg2', s2, 'claim')]);
    assert.deepEqual([x.status, y.status].sort(), [200, 409]);
  }
});

test('50 intakes at once get 50 different, consecutive case numbers', async () => {
  const it = await item(srv.base, ITEMS.UNEMPLOYMENT);
  const rs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    intake(i % 2 ? 'clerk01' : 'clerk02', { item_id: it.id, applicant: person(100 + i), materials: checklist(it) })));
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const nos = rs.map((r) => r.json.case_no);
  assert.equal(new Set(nos).size, 50);
  const seqs = nos.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
  assert.equal(seqs[49] - seqs[0], 49, 'no gaps among them');
});

test('public progress lookup: wrong digits are NOT_FOUND, and too many failures are refused', async () => {
  const c = await accepted(ITEMS.RENAME, person(12));
  const look = (key) => request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: c.case_no, key } });
  assert.equal((await look('0012')).status, 200, 'phone 13700000012');
  assert.equal((await look(person(12).id_number.slice(-4).toLowerCase())).status, 200, 'ID number, x in either case');
  isError(await look('9999'), 404, 'NOT_FOUND');
  isError(await request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: '44160220261124999999', key: '0012' } }), 404, 'NOT_FOUND');
  isError(await request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: c.case_no } }), 400, 'MISSING_FIELD', 'key');
  for (let i = 0; i < 4; i++) isError(await look(`88${i}8`), 404, 'NOT_FOUND');
  isError(await look('0012'), 429, 'CASE_LOOKUP_LIMIT');
  // Other cases are not affected.
  assert.equal((await request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: main.case_no, key: '0001' } })).status, 200);
});

test('the progress reply, kept in memory, follows each change of the case at once', async () => {
  const c = await accepted(ITEMS.RENAME, person(14));
  const look = async () => {
    const r = await request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: c.case_no, key: '0014' } });
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const first = await look();
  assert.deepEqual(await look(), first, 'a repeated lookup gives the same reply');
  const s = step(c, '公安');
  const r = await stepAct('approver_ga', s, 'reject', { reason: '申请材料与户籍档案不符' });
  assert.equal(r.status, 200, r.text);
  const after = await look();
  assert.notEqual(after.state, first.state);
  assert.equal(after.state, r.json.state);
  assert.ok(JSON.stringify(after).length > JSON.stringify(first).length, 'the timeline has the decision');
});

test('post (EMS): recipient, address, tracking number, confirmation', async () => {
  const c = main.foodDecided;
  isError(await same([c.id], () => as('clerk01').post(`/api/v1/cases/${c.id}/delivery`, { method: 'post', recipient: '张三', phone: '13700003333' })),
    400, 'MISSING_FIELD', 'address');
  isError(await same([c.id], () => as('clerk01').post(`/api/v1/cases/${c.id}/delivery`, { method: 'drone' })), 400, 'BAD_ENUM', 'method');
  // The list says whether and how the result went out.
  const row = async () => (await as('clerk01').get(`/api/v1/cases?case_no=${c.case_no}`)).json.items[0];
  assert.deepEqual([(await row()).delivery_method, (await row()).delivery_state], [null, null]);
  // The list's delivery filter follows the latest delivery of each case.
  const byDelivery = async (d) => {
    const l = (await as('supervisor').get(`/api/v1/cases?delivery=${d}&page_size=200`)).json;
    return { ids: l.items.map((x) => x.id), rows: l.items, total: l.total };
  };
  const unchosen = await byDelivery('unchosen');
  assert.ok(unchosen.ids.includes(c.id), 'decided, no method yet');
  assert.ok(unchosen.rows.every((x) => x.state === 'decided' && x.delivery_state === null));
  isError(await as('supervisor').get('/api/v1/cases?delivery=lost'), 400, 'BAD_QUERY', 'delivery');
  const ch = await as('clerk01').post(`/api/v1/cases/${c.id}/delivery`, { method: 'post', recipient: '张三', phone: '13700003333',
    address: '河源市源城区新江街道文明路8号' });
  assert.equal(ch.status, 200, ch.text);
  assert.equal(ch.json.pickup_code, null);
  assert.deepEqual([(await row()).delivery_method, (await row()).delivery_state], ['post', 'pending']);
  assert.ok(!(await byDelivery('unchosen')).ids.includes(c.id));
  const pending = await byDelivery('pending');
  assert.ok(pending.ids.includes(c.id) && pending.rows.every((x) => x.delivery_state === 'pending'));
  isError(await same([c.id], () => as('clerk01').post(`/api/v1/cases/${c.id}/delivery/confirm`, {})), 409, 'CASE_BAD_STATE');
  isError(await same([c.id], () => as('clerk01').post(`/api/v1/cases/${c.id}/delivery/ship`, { tracking_no: 'x' })), 400, 'BAD_FORMAT', 'tracking_no');
  const sh = await as('clerk01').post(`/api/v1/cases/${c.id}/delivery/ship`, { tracking_no: 'EL123456789CN' });
  assert.equal(sh.status, 200, sh.text);
  assert.deepEqual([sh.json.deliveries[0].state, sh.json.deliveries[0].carrier, sh.json.deliveries[0].phone], ['shipped', 'EMS', '137****3333']);
  assert.equal((await row()).delivery_state, 'shipped');
  const shipped = await byDelivery('shipped');
  assert.ok(shipped.ids.includes(c.id) && !(await byDelivery('pending')).ids.includes(c.id));
  assert.ok(shipped.rows.every((x) => x.delivery_method === 'post' && x.delivery_state === 'shipped'));
  const cf = await as('clerk01').post(`/api/v1/cases/${c.id}/delivery/confirm`, { signed_by: '张三' });
  assert.equal(cf.status, 200, cf.text);
  assert.equal(cf.json.state, 'delivered');
  assert.deepEqual([(await row()).state, (await row()).delivery_method, (await row()).delivery_state], ['delivered', 'post', 'done']);
  const done = await byDelivery('done');
  assert.ok(done.ids.includes(c.id) && done.rows.every((x) => x.state === 'delivered' && x.delivery_state === 'done'));
  assert.ok(cf.json.steps.filter((s) => s.kind === 'issue').every((s) => s.state === 'done'));
  // An action's reply is read in its own transaction: the same case a read gives afterwards.
  assert.deepEqual(cf.json, (await as('clerk01').get(`/api/v1/cases/${c.id}`)).json);
  const pdf = await getBinary(srv.base, `/api/v1/cases/${c.id}/notices/service.pdf`, who.clerk01.token);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s of ['送达回证', 'EL123456789CN']) assert.ok(text.replace(/\s+/g, '').includes(s), `PDF shows ${s}`);
});

test('two days later: supplied, the stopped days are not counted; both approve; decided on time', async () => {
  await restartAt(THU_1126);
  let c = (await as('admin').get(`/api/v1/cases/${main.id}`)).json;
  assert.equal(c.state, 'returned');
  const r = await as('clerk02').post(`/api/v1/cases/${main.id}/supplement`, { materials: [{ seq: 2, form: 'upload', file_ref: 'F-2026-0001' }] });
  assert.equal(r.status, 200, r.text);
  c = r.json;
  assert.deepEqual(c, (await as('clerk02').get(`/api/v1/cases/${main.id}`)).json, 'the reply is the case as read after');
  assert.deepEqual([c.state, c.clock.paused, c.clock.paused_days], ['in_progress', false, 2]);
  assert.deepEqual([c.clock.due_promised, c.clock.due_statutory], ['2026-12-01', '2026-12-10'], 'two working days added');
  assert.equal(c.pauses[0].days, 2);
  const rs = step(c, '人力资源'), yb = step(c, '医疗保障');
  assert.deepEqual([rs.due, rs.paused_days], ['2026-11-30', 2]);
  assert.deepEqual([yb.round, yb.activated_on, yb.due], [2, '2026-11-26', '2026-11-30'], 'the returned step again, in a new round');
  const a1 = await stepAct('approver_rs', rs, 'approve', { opinion: '符合失业登记条件' });
  assert.equal(a1.status, 200, a1.text);
  assert.equal(a1.json.state, 'in_progress', 'the other department of the group is still working');
  const a2 = await stepAct('approver_yb', step(a1.json, '医疗保障'), 'approve');
  assert.equal(a2.status, 200, a2.text);
  c = a2.json;
  assert.deepEqual(c, (await as('approver_yb').get(`/api/v1/cases/${main.id}`)).json, 'the approver’s reply is the case as read after');
  assert.deepEqual([c.state, c.outcome, c.clock.decided_on, c.clock.delivery_due], ['decided', 'approved', '2026-11-26', '2026-12-10']);
  assert.ok(c.clock.decided_on <= c.clock.due_promised, 'finished on time');
  assert.equal(c.steps.find((s) => s.kind === 'issue').state, 'active');
  main.decided = c;
});

test('picked up at another hall of the district with the code and an identity check', async () => {
  const ch = await as('clerk01').post(`/api/v1/cases/${main.id}/delivery`, { method: 'pickup' });
  assert.equal(ch.status, 200, ch.text);
  const code = ch.json.pickup_code;
  assert.match(code, /^\d{8}$/);
  assert.ok((await outboxWith(srv.base, who.admin, code)).some((m) => m.recipient === '137****0001'), 'the code goes to the applicant by SMS');
  // The street hall's issuing window (上城, window 3) finds it by the code.
  const found = await as('clerk03').post('/api/v1/pickups/lookup', { code });
  assert.equal(found.status, 200, found.text);
  assert.equal(found.json.id, main.id);
  const hall2window = 21;
  const hand = (body) => as('clerk03').post('/api/v1/pickups', { code, window_id: hall2window, ...body });
  isError(await same([main.id], () => hand({ collector_name: '冒领人', collector_id: person(77).id_number })), 422, 'CASE_IDENTITY', 'collector_id');
  isError(await same([main.id], () => hand({ collector_name: '申请人1号', collector_id: '110105194912310021' })), 400, 'INVALID_ID_NUMBER', 'collector_id');
  isError(await same([main.id], () => as('clerk03').post('/api/v1/pickups', { code, window_id: 19, collector_name: '申请人1号',
    collector_id: main.applicant.id_number })), 422, 'CASE_NOT_COMPETENT', 'window_id');
  isError(await same([main.id], () => as('clerk03').post('/api/v1/pickups', { code, window_id: 15, collector_name: '申请人1号',
    collector_id: main.applicant.id_number })), 403, 'FORBIDDEN_SCOPE', 'window_id');
  const done = await hand({ collector_name: '申请人1号', collector_id: main.applicant.id_number });
  assert.equal(done.status, 200, done.text);
  const c = done.json;
  assert.equal(c.state, 'delivered');
  const d = c.deliveries[0];
  assert.deepEqual([d.method, d.state, d.hall_id, d.window_id], ['pickup', 'done', 2, hall2window]);
  assert.equal(d.collector_id, main.applicant.id_number.slice(0, 6) + '********' + main.applicant.id_number.slice(14));
  isError(await same([main.id], () => hand({ collector_name: '申请人1号', collector_id: main.applicant.id_number })), 422, 'CASE_PICKUP_CODE', 'code');
  const pdf = await getBinary(srv.base, `/api/v1/cases/${main.id}/notices/finish.pdf`, who.clerk03.token);
  assert.equal(pdf.status, 200);
  const text = pdfText(pdf.body);
  if (text !== null) for (const s of ['办结通知书', main.case_no, '按时办结']) assert.ok(text.replace(/\s+/g, '').includes(s), `PDF shows ${s}`);
});

test('the applicant follows it all on the progress page, with no personal data', async () => {
  const r = await request(srv.base, 'POST', '/api/v1/progress', { body: { case_no: main.case_no, key: '0001' } });
  assert.equal(r.status, 200, r.text);
  const p = r.json;
  assert.deepEqual([p.state, p.item_name, p.accepted_on, p.decided_on], ['delivered', '失业保障“一件事”', '2026-11-24', '2026-11-26']);
  assert.deepEqual(p.timeline.map((e) => e.type), ['received', 'supplement_notice', 'supplemented', 'accepted', 'returned',
    'supplemented', 'resumed', 'step_approved', 'step_approved', 'decided', 'delivered']);
  assert.ok(p.timeline.every((e) => e.at && e.label && e.state_label));
  for (const secret of [main.applicant.name, main.applicant.phone, main.applicant.id_number, '137****0001',
    main.applicant.id_number.slice(6, 14), '张敏', '叶文静', '曾小梅', '林晓东', '银行卡']) assert.ok(!r.text.includes(secret), `no ${secret}`);
  const keys = new Set(p.timeline.flatMap((e) => Object.keys(e)));
  assert.deepEqual([...keys].sort(), ['at', 'department_name', 'label', 'state', 'state_label', 'type']);
});

test('the special procedure ends: its days are excluded from the limit (第45条)', async () => {
  const c = (await as('approver_ga').get(`/api/v1/cases/${main.special}`)).json;
  const r = await stepAct('approver_ga', step(c, '公安'), 'resume');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.state, r.json.clock.paused_days, r.json.clock.due_promised], ['in_progress', 2, '2026-12-10']);
  assert.equal(step(r.json, '公安').due, '2026-12-02');
  assert.equal(r.json.pauses[0].days, 2);
  isError(await same([main.special], () => stepAct('approver_ga', step(r.json, '公安'), 'resume')), 409, 'CASE_BAD_STATE');
});

test('deadline sweep: yellow at 2 days left, red when overdue; departments and supervisors told once', async () => {
  // A case accepted on Thursday 26 Nov (promised 5: due 3 Dec; first step 3 days: due 1 Dec).
  const c = await accepted(ITEMS.FOOD, enterprise(30));
  assert.deepEqual([c.clock.due_promised, step(c, '市场监督').due], ['2026-12-03', '2026-12-01']);
  // And one decided today and not yet delivered: its delivery clock (第44条) runs to 10 December.
  let dv = await accepted(ITEMS.FOOD, enterprise(31));
  dv = (await stepAct('approver_scjg', step(dv, '市场监督'), 'approve')).json;
  dv = (await stepAct('approver_scjg', step(dv, '市场监督'), 'approve')).json;
  assert.deepEqual([dv.state, dv.clock.delivery_due], ['decided', '2026-12-10']);
  main.toDeliver = dv;
  const mine = async () => outboxWith(srv.base, who.admin, c.case_no);
  const before = (await mine()).length;
  sweep(srv, at10(11, 27));
  assert.equal((await as('admin').get(`/api/v1/cases/${c.id}`)).json.clock.warn_level, 'none', 'four days left');
  sweep(srv, at10(12, 1));
  let d = (await as('admin').get(`/api/v1/cases/${c.id}`)).json;
  assert.equal(d.clock.warn_level, 'yellow', '2 working days left');
  assert.equal(d.steps.find((s) => s.kind === 'review' && s.state === 'active').warn_level, 'yellow', 'the step is due today');
  let sms = (await mine()).slice(0, (await mine()).length - before);
  const to = (text) => sms.filter((m) => m.body.includes(text)).map((m) => m.recipient).sort();
  assert.ok(to('【预警】').includes('138****0008'), 'the department’s approvers');
  assert.ok(to('【预警】').includes('138****0011'), 'the supervisor');
  // Again the same day: nothing new.
  const n1 = (await mine()).length;
  sweep(srv, at10(12, 1));
  assert.equal((await mine()).length, n1, 'once per change');
  sweep(srv, at10(12, 4));
  d = (await as('admin').get(`/api/v1/cases/${c.id}`)).json;
  assert.equal(d.clock.warn_level, 'red');
  sms = (await mine()).slice(0, (await mine()).length - n1);
  assert.ok(sms.some((m) => m.body.includes('【超期】') && m.recipient === '138****0011'), JSON.stringify(sms));
  assert.ok(d.events.some((e) => e.type === 'warning') && d.events.some((e) => e.type === 'overdue'));
  // The supervisors' lists by department.
  const w = await as('supervisor').get('/api/v1/case-warnings?level=red');
  assert.equal(w.status, 200, w.text);
  assert.ok(w.json.items.some((x) => x.id === c.id));
  assert.ok(w.json.by_department.some((x) => x.department_id === 3 && x.red >= 1));
  isError(await as('approver_scjg').get('/api/v1/case-warnings'), 403, 'FORBIDDEN_ROLE');
  main.red = c;
});

test('the server runs the sweep on its own timer', async () => {
  await restartAt(at10(12, 8), { YIWANG_CASE_SWEEP_S: '1' });
  // The special-procedure case's first step was due 2 December: red now.
  const c = (await as('admin').get(`/api/v1/cases/${main.special}`)).json;
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await new Promise((ok) => setTimeout(ok, 250));
    found = (await outboxWith(srv.base, who.admin, c.case_no)).some((m) => m.body.includes('【超期】'));
  }
  assert.ok(found, 'a red warning for the case without any request asking for it');
  // The delivery clock: two working days left on 8 December (swept after the running cases).
  let dv;
  for (let i = 0; i < 40; i++) {
    dv = (await as('admin').get(`/api/v1/cases/${main.toDeliver.id}`)).json;
    if (dv.clock.warn_level !== 'none') break;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  assert.deepEqual([dv.clock.warn_level, dv.clock.level, dv.clock.left], ['yellow', 'yellow', 2]);
  assert.ok((await outboxWith(srv.base, who.admin, dv.case_no)).some((m) => m.body.includes('结果送达即将到期')));
  // The live colours in the inbox agree.
  const inbox = await as('approver_ga').get('/api/v1/case-inbox?page_size=200');
  const row = inbox.json.items.find((x) => x.case_id === main.special);
  assert.deepEqual([row.level, row.left < 0], ['red', true]);
});

test('a citizen sees their own cases and nobody else’s', async () => {
  const phone = main.applicant.phone;
  await request(srv.base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  const out = await as('admin').get('/api/v1/outbox?page_size=50');
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === '137****0001' && /验证码/.test(m.body)).body)[1];
  const v = await request(srv.base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } });
  assert.equal(v.status, 200, v.text);
  const cit = { token: v.json.token };
  const list = await api(srv.base, cit).get('/api/v1/cases/mine');
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((x) => x.case_no), [main.case_no]);
  const one = await api(srv.base, cit).get(`/api/v1/cases/mine/${main.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.state, 'delivered');
  isError(await api(srv.base, cit).get(`/api/v1/cases/mine/${main.special}`), 404, 'NOT_FOUND');
  isError(await api(srv.base, cit).get(`/api/v1/cases/${main.id}`), 403, 'FORBIDDEN_ROLE');
  const pdf = await getBinary(srv.base, `/api/v1/cases/${main.id}/notices/accept.pdf`, cit.token);
  assert.equal(pdf.status, 200);
  const other = await getBinary(srv.base, `/api/v1/cases/${main.special}/notices/accept.pdf`, cit.token);
  assert.equal(other.status, 404);
});

test('the demo has cases in every state, and notices that the state allows', async () => {
  const all = await as('admin').get('/api/v1/cases?page_size=1');
  assert.ok(all.json.total >= 250, `demo cases: ${all.json.total}`);
  for (const state of ['supplement', 'not_accepted', 'in_progress', 'decided', 'delivered']) {
    const r = await as('admin').get(`/api/v1/cases?state=${state}&page_size=1`);
    assert.ok(r.json.total > 0, state);
  }
  isError(await request(srv.base, 'GET', `/api/v1/cases/${main.special}/notices/refuse.pdf`, { token: who.admin.token }), 404, 'NOT_FOUND', 'kind');
  isError(await request(srv.base, 'GET', `/api/v1/cases/${main.special}/notices/nothing.pdf`, { token: who.admin.token }), 404, 'NOT_FOUND', 'kind');
});
