// Paper files of a case (物料全流程跟踪): a label with a QR code at the front
// desk, scanned hand-overs front desk → departments (in parallel) → issuing
// window of another hall → archive, each logged once with who, where and
// when; where-is by case, by label code and by holder or place; the files
// not moved for N working days; every bad input and out-of-order move with
// its registry error and nothing changed; scopes; racing scans; and the
// pickup lookup with the code in the body instead of the URL. Runs on
// SQLite and PostgreSQL (YW_API_STORE=pg).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { ITEMS, TUE_1124, at10, person, enterprise, item, checklist, api } from './caselib.mjs';

const env = { YIWANG_TEST_CLOCK: String(TUE_1124), YIWANG_CASE_SWEEP_S: '0' };
let srv;
const who = {};
const USERS = ['clerk01', 'clerk02', 'clerk03', 'approver_rs', 'approver_yb', 'approver_scjg', 'approver_scjg2',
  'approver_ga', 'supervisor', 'hallmgr'];

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
const scan = (u, body) => as(u).post('/api/v1/case-files/scan', body);
const step = (c, dept) => c.steps.find((s) => s.department_name.includes(dept) && ['active', 'claimed'].includes(s.state));
const stepAct = (u, s, action, body = {}) => as(u).post(`/api/v1/case-steps/${s.id}/${action}`, { version: s.version, ...body });

/** What a refused request must leave as it was: the case's files with
 * their logs, the tracker's size and the audit log. */
async function fileState(caseIds) {
  const a = as('admin');
  const files = [];
  for (const id of caseIds) {
    for (const f of (await a.get(`/api/v1/cases/${id}/files`)).json.items) files.push((await a.get(`/api/v1/case-files/${f.id}`)).json);
  }
  const tracker = await a.get('/api/v1/case-files?page_size=1');
  const audit = await a.get('/api/v1/audit?page_size=1');
  return JSON.stringify({ files, n: tracker.json.total, audit: audit.json.total });
}

async function same(caseIds, fn) {
  const before = await fileState(caseIds);
  const r = await fn();
  assert.equal(await fileState(caseIds), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

async function accepted(code, applicant, u = 'clerk01', window = 1) {
  const it = await item(srv.base, code);
  const r = await as(u).post('/api/v1/cases', { item_id: it.id, window_id: window, applicant, materials: checklist(it) });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const main = {};

test('a label at the front desk: code, place, holder, the log, and a printable SVG with the QR code', async () => {
  const c = await accepted(ITEMS.UNEMPLOYMENT, person(201));
  main.case = c;
  const r = await as('clerk01').post(`/api/v1/cases/${c.id}/files`, { pages: 12 });
  assert.equal(r.status, 201, r.text);
  const f = r.json;
  main.file = f;
  assert.equal(f.code, `${c.case_no}-01`);
  assert.deepEqual([f.stage, f.hall_id, f.window_id, f.holder_name, f.moves, f.pages, f.title],
    ['front_desk', 1, 1, '张敏', 1, 12, '申请材料（纸质）第 1 份']);
  assert.equal(f.where, '源城区政务服务中心 1号窗口');
  assert.deepEqual(f.log.map((m) => [m.seq, m.from_stage, m.stage, m.holder_name]), [[1, null, 'front_desk', '张敏']]);
  assert.ok(f.log[0].at >= TUE_1124 && f.log[0].at < TUE_1124 + 3600000);
  const two = await as('clerk02').post(`/api/v1/cases/${c.id}/files`, { title: '户口簿复印件', pages: 2, window_id: 2, place: '前台收件筐' });
  assert.equal(two.status, 201, two.text);
  assert.deepEqual([two.json.code, two.json.seq, two.json.window_id, two.json.holder_name, two.json.place],
    [`${c.case_no}-02`, 2, 2, '赖思琪', '前台收件筐']);
  main.file2 = two.json;
  // The label: 60 × 40 mm, the case number, the code, and a QR code of the code.
  const svg = await request(srv.base, 'GET', f.label_url, { token: who.clerk01.token });
  assert.equal(svg.status, 200);
  assert.match(svg.headers['content-type'], /image\/svg\+xml/);
  for (const s of ['width="60mm"', 'height="40mm"', c.case_no, f.code, '失业保障', '第 1 份 · 12 页', '<path fill="#000" d="M'])
    assert.ok(svg.text.includes(s), `label shows ${s}`);
  // Each label is audited.
  const audit = await as('admin').get(`/api/v1/audit?entity=case_file&entity_id=${f.id}`);
  assert.deepEqual(audit.json.items.map((x) => x.action), ['file_label']);
  // Both files of the case, where each is.
  const list = await as('clerk01').get(`/api/v1/cases/${c.id}/files`);
  assert.deepEqual(list.json.items.map((x) => [x.seq, x.stage, x.idle_days]), [[1, 'front_desk', 0], [2, 'front_desk', 0]]);
});

test('labels: bad input gets its registry error and changes nothing', async () => {
  const c = main.case;
  const post = (u, body, id = c.id) => as(u).post(`/api/v1/cases/${id}/files`, body);
  isError(await same([c.id], () => post('clerk01', { pages: -1 })), 400, 'OUT_OF_RANGE', 'pages');
  isError(await same([c.id], () => post('clerk01', { pages: 'ten' })), 400, 'BAD_TYPE', 'pages');
  isError(await same([c.id], () => post('clerk01', { colour: 'red' })), 400, 'UNKNOWN_FIELD', 'colour');
  isError(await same([c.id], () => post('clerk01', { title: '长'.repeat(101) })), 400, 'TOO_LONG', 'title');
  isError(await same([c.id], () => post('clerk01', { window_id: 19 })), 400, 'REF_NOT_FOUND', 'window_id');
  isError(await same([c.id], () => post('clerk01', {}, 999999)), 404, 'NOT_FOUND', 'id');
  isError(await same([c.id], () => post('approver_rs', {})), 403, 'FORBIDDEN_ROLE');
  // A case refused at the window has no paper file to track.
  const it = await item(srv.base, ITEMS.FOOD);
  const refused = await as('clerk01').post('/api/v1/cases', { item_id: it.id, applicant: person(202), outcome: 'refuse',
    reason: '不属于本机关职权范围' });
  assert.equal(refused.status, 201, refused.text);
  isError(await same([refused.json.id], () => post('clerk01', {}, refused.json.id)), 409, 'CASE_BAD_STATE', 'id');
  // At most 20 files per case.
  const many = await accepted(ITEMS.RENAME, person(203));
  for (let i = 0; i < 20; i++) assert.equal((await post('clerk01', {}, many.id)).status, 201);
  isError(await same([many.id], () => post('clerk01', {}, many.id)), 422, 'CASE_FILE_LIMIT', 'id');
});

test('hand-overs: to both departments of the parallel stage; a double scan logs once', async () => {
  const f = main.file;
  const r = await scan('approver_rs', { code: f.code, stage: 'department', note: '已签收' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.repeated, false);
  let x = r.json.file;
  assert.deepEqual([x.stage, x.department_id, x.hall_id, x.window_id, x.holder_name, x.moves],
    ['department', 4, null, null, '曾小梅', 2]);
  assert.equal(x.where, '河源市源城区人力资源和社会保障局');
  // Scanned again where it is: nothing logged, nothing audited.
  const again = await same([main.case.id], () => scan('approver_rs', { code: f.code.toLowerCase(), stage: 'department' }));
  assert.equal(again.status, 200, again.text);
  assert.deepEqual([again.json.repeated, again.json.file.moves], [true, 2]);
  // The other department of the parallel stage takes it over.
  const yb = await scan('approver_yb', { code: f.code, stage: 'department', place: '医保局审批科 3 号柜' });
  assert.equal(yb.status, 200, yb.text);
  x = yb.json.file;
  assert.deepEqual([x.department_id, x.holder_name, x.place, x.moves], [5, x.holder_name, '医保局审批科 3 号柜', 3]);
  assert.deepEqual(x.log.map((m) => [m.seq, m.from_stage, m.stage, m.department_id]),
    [[1, null, 'front_desk', null], [2, 'front_desk', 'department', 4], [3, 'department', 'department', 5]]);
  assert.equal(x.log[1].note, '已签收');
  const audit = await as('admin').get(`/api/v1/audit?entity=case_file&entity_id=${f.id}`);
  assert.equal(audit.json.items.filter((a) => a.action === 'file_move').length, 2);
});

test('scans out of order, at the wrong place or by the wrong person: the registry error, nothing changed', async () => {
  const f = main.file, id = main.case.id;
  const bad = async (u, body, status, error, field) => isError(await same([id], () => scan(u, { code: f.code, ...body })), status, error, field);
  // Not decided yet: no issuing window, no archive.
  await bad('clerk01', { stage: 'issuing', window_id: 15 }, 409, 'CASE_FILE_ORDER', 'stage');
  await bad('clerk01', { stage: 'archive' }, 409, 'CASE_FILE_ORDER', 'stage');
  // A department without a step of the case; another department's approver; a clerk.
  await bad('approver_ga', { stage: 'department' }, 422, 'CASE_FILE_PLACE', 'department_id');
  await bad('approver_rs', { stage: 'department', department_id: 5 }, 403, 'FORBIDDEN_SCOPE', 'department_id');
  await bad('clerk01', { stage: 'department', department_id: 4 }, 403, 'FORBIDDEN_SCOPE', 'department_id');
  await bad('approver_rs', { stage: 'department', department_id: 999999 }, 403, 'FORBIDDEN_SCOPE', 'department_id');
  await bad('admin', { stage: 'department', department_id: 999999 }, 400, 'REF_NOT_FOUND', 'department_id');
  // The shape of the scan.
  await bad('approver_rs', { stage: 'front_desk' }, 400, 'BAD_ENUM', 'stage');
  await bad('approver_rs', { stage: 'moon' }, 400, 'BAD_ENUM', 'stage');
  await bad('approver_rs', { stage: undefined }, 400, 'MISSING_FIELD', 'stage');
  await bad('approver_rs', { code: '', stage: 'department' }, 400, 'MISSING_FIELD', 'code');
  await bad('approver_rs', { code: 'not a code!', stage: 'department' }, 400, 'BAD_FORMAT', 'code');
  await bad('approver_rs', { code: '44160220261124999999-01', stage: 'department' }, 404, 'NOT_FOUND', 'code');
  await bad('approver_rs', { stage: 'department', colour: 'red' }, 400, 'UNKNOWN_FIELD', 'colour');
  await bad('approver_rs', { stage: 'department', window_id: 'x' }, 400, 'BAD_TYPE', 'window_id');
  isError(await same([id], () => as('supervisor').post('/api/v1/case-files/scan', { code: f.code, stage: 'department' })), 403, 'FORBIDDEN_ROLE');
});

test('decided, picked up at another hall: the file goes to that issuing window, then to its archive', async () => {
  let c = (await as('admin').get(`/api/v1/cases/${main.case.id}`)).json;
  c = (await stepAct('approver_rs', step(c, '人力资源'), 'approve')).json;
  const d = await stepAct('approver_yb', step(c, '医疗保障'), 'approve');
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.state, 'decided');
  const f = main.file, id = main.case.id;
  // Review is over: not back to a department; a comprehensive window does not issue; hall 1's window is not clerk03's.
  isError(await same([id], () => scan('approver_rs', { code: f.code, stage: 'department' })), 409, 'CASE_FILE_ORDER', 'stage');
  isError(await same([id], () => scan('clerk01', { code: f.code, stage: 'issuing', window_id: 1 })), 422, 'CASE_FILE_PLACE', 'window_id');
  isError(await same([id], () => scan('clerk03', { code: f.code, stage: 'issuing', window_id: 15 })), 403, 'FORBIDDEN_SCOPE', 'window_id');
  isError(await same([id], () => scan('clerk03', { code: f.code, stage: 'issuing' })), 400, 'MISSING_FIELD', 'window_id');
  // 通办通取: the street hall's issuing window (上城, window 21) takes it.
  const r = await scan('clerk03', { code: f.code, stage: 'issuing', window_id: 21 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.file.stage, r.json.file.hall_id, r.json.file.window_id, r.json.file.holder_name, r.json.file.place],
    ['issuing', 2, 21, '叶文静', '']);
  assert.equal(r.json.file.where, '上城街道便民服务中心 3号窗口');
  // The pickup: the code in the body, never in the URL.
  const ch = await as('clerk01').post(`/api/v1/cases/${id}/delivery`, { method: 'pickup' });
  assert.equal(ch.status, 200, ch.text);
  const code = ch.json.pickup_code;
  const found = await as('clerk03').post('/api/v1/pickups/lookup', { code });
  assert.equal(found.status, 200, found.text);
  assert.equal(found.json.id, id);
  isError(await as('clerk03').post('/api/v1/pickups/lookup', { code: '00000000' }), 422, 'CASE_PICKUP_CODE', 'code');
  isError(await as('clerk03').post('/api/v1/pickups/lookup', { code: 'abc' }), 422, 'CASE_PICKUP_CODE', 'code');
  isError(await as('clerk03').post('/api/v1/pickups/lookup', {}), 422, 'CASE_PICKUP_CODE', 'code');
  isError(await as('clerk03').post('/api/v1/pickups/lookup', { code, colour: 1 }), 400, 'UNKNOWN_FIELD', 'colour');
  isError(await as('approver_rs').post('/api/v1/pickups/lookup', { code }), 403, 'FORBIDDEN_ROLE');
  // The old query form is deprecated for as long as it is still routed.
  const openapi = await request(srv.base, 'GET', '/api/v1/openapi.json');
  const old = openapi.json.paths['/api/v1/pickups'].get;
  if (old) assert.match(JSON.stringify(old), /Deprecated|已弃用/);
  assert.ok(openapi.json.paths['/api/v1/pickups/lookup'].post);
  // Not delivered yet: no archive.
  isError(await same([id], () => scan('clerk03', { code: f.code, stage: 'archive' })), 409, 'CASE_FILE_ORDER', 'stage');
  const p = await as('clerk03').post('/api/v1/pickups', { code, window_id: 21, collector_name: '申请人201号',
    collector_id: person(201).id_number });
  assert.equal(p.status, 200, p.text);
  // Archived at the street hall (the clerk's hall when no window is named).
  const a = await scan('clerk03', { code: f.code, stage: 'archive', place: '档案柜 A-03' });
  assert.equal(a.status, 200, a.text);
  assert.deepEqual([a.json.file.stage, a.json.file.hall_id, a.json.file.window_id, a.json.file.place, a.json.file.idle_days],
    ['archive', 2, null, '档案柜 A-03', null]);
  assert.equal(a.json.file.where, '上城街道便民服务中心（档案柜 A-03）');
  const twice = await same([id], () => scan('clerk03', { code: f.code, stage: 'archive' }));
  assert.equal(twice.json.repeated, true);
  // Archived is the end: no other hall, no going back.
  isError(await same([id], () => scan('clerk01', { code: f.code, stage: 'archive' })), 409, 'CASE_FILE_ORDER', 'stage');
  isError(await same([id], () => scan('clerk03', { code: f.code, stage: 'issuing', window_id: 21 })), 409, 'CASE_FILE_ORDER', 'stage');
  const log = (await as('supervisor').get(`/api/v1/case-files/${f.id}`)).json.log;
  assert.deepEqual(log.map((m) => [m.stage, m.holder_name]), [['front_desk', '张敏'], ['department', '曾小梅'],
    ['department', log[2].holder_name], ['issuing', '叶文静'], ['archive', '叶文静']]);
  assert.ok(log.every((m, i) => i === 0 || m.at >= log[i - 1].at));
});

test('where is it: by label code, by case, by holder, department, hall and stage — each in scope', async () => {
  // A second case's file waits at 市场监管局.
  const c = await accepted(ITEMS.FOOD, enterprise(204));
  const f = (await as('clerk01').post(`/api/v1/cases/${c.id}/files`, {})).json;
  assert.equal((await scan('approver_scjg', { code: f.code, stage: 'department' })).status, 200);
  main.waiting = f;
  const byCode = await as('supervisor').get(`/api/v1/case-files/by-code/${f.code.toLowerCase()}`);
  assert.equal(byCode.status, 200, byCode.text);
  assert.deepEqual([byCode.json.id, byCode.json.stage, byCode.json.department_name], [f.id, 'department', '河源市源城区市场监督管理局']);
  isError(await as('supervisor').get('/api/v1/case-files/by-code/44160220261124999999-01'), 404, 'NOT_FOUND', 'code');
  const ids = (r) => r.json.items.map((x) => x.id);
  const sup = (q) => as('supervisor').get(`/api/v1/case-files?page_size=200&${q}`);
  assert.ok(ids(await sup('department_id=3')).includes(f.id));
  assert.ok(!ids(await sup('department_id=4')).includes(f.id));
  assert.ok(ids(await sup('stage=archive')).includes(main.file.id));
  assert.ok(ids(await sup('holder_id=8')).includes(f.id), 'held by approver_scjg (staff 8)');
  assert.ok(ids(await sup('hall_id=2')).includes(main.file.id));
  assert.ok(ids(await sup(`case_id=${main.case.id}`)).includes(main.file2.id));
  // Approvers see their department's files; clerks and hall managers their hall's.
  assert.deepEqual(ids(await as('approver_scjg').get('/api/v1/case-files?page_size=200')).includes(f.id), true);
  assert.ok((await as('approver_scjg').get('/api/v1/case-files?page_size=200')).json.items.every((x) => x.department_id === 3));
  isError(await as('approver_rs').get('/api/v1/case-files?department_id=3'), 403, 'FORBIDDEN_SCOPE', 'department_id');
  const c3 = await as('clerk03').get('/api/v1/case-files?page_size=200');
  assert.ok(c3.json.items.length >= 1 && c3.json.items.every((x) => x.hall_id === 2));
  isError(await as('hallmgr').get('/api/v1/case-files?hall_id=2'), 403, 'FORBIDDEN_SCOPE', 'hall_id');
  assert.ok((await as('hallmgr').get('/api/v1/case-files?page_size=200')).json.items.every((x) => x.hall_id === 1));
  // A single file: whoever may read its case.
  isError(await as('approver_ga').get(`/api/v1/case-files/${f.id}`), 403, 'FORBIDDEN_SCOPE');
  isError(await as('approver_ga').get(`/api/v1/cases/${c.id}/files`), 403, 'FORBIDDEN_SCOPE');
  isError(await as('approver_ga').get(`/api/v1/case-files/by-code/${f.code}`), 403, 'FORBIDDEN_SCOPE');
  isError(await request(srv.base, 'GET', `/api/v1/case-files/${f.id}`), 401, 'UNAUTHENTICATED');
  isError(await as('supervisor').get('/api/v1/case-files/999999'), 404, 'NOT_FOUND');
  // Lists reject what they do not know.
  isError(await sup('stage=moon'), 400, 'BAD_QUERY', 'stage');
  isError(await sup('colour=red'), 400, 'BAD_QUERY', 'colour');
  isError(await sup('idle_days=0'), 400, 'BAD_QUERY', 'idle_days');
  isError(await sup('idle_days=400'), 400, 'BAD_QUERY', 'idle_days');
  isError(await sup('holder_id=x'), 400, 'BAD_QUERY', 'holder_id');
});

test('two scans of one file at once: it moves once, the other scan finds it there', async () => {
  for (let round = 0; round < 3; round++) {
    const c = await accepted(ITEMS.FOOD, enterprise(210 + round));
    const f = (await as('clerk01').post(`/api/v1/cases/${c.id}/files`, {})).json;
    const rs = await Promise.all(Array.from({ length: 4 }, () => scan('approver_scjg', { code: f.code, stage: 'department' })));
    for (const r of rs) assert.equal(r.status, 200, r.text);
    assert.deepEqual(rs.map((r) => r.json.repeated).sort(), [false, true, true, true]);
    const after = (await as('admin').get(`/api/v1/case-files/${f.id}`)).json;
    assert.deepEqual([after.moves, after.log.length], [2, 2], 'logged once');
    // Two approvers of the department at once: both hand-overs are logged, one after the other.
    const [a, b] = await Promise.all([scan('approver_scjg', { code: f.code, stage: 'department', place: '甲' }),
      scan('approver_scjg2', { code: f.code, stage: 'department' })]);
    assert.deepEqual([a.status, b.status], [200, 200]);
    const end = (await as('admin').get(`/api/v1/case-files/${f.id}`)).json;
    assert.deepEqual(end.log.map((m) => m.seq), [1, 2, ...Array.from({ length: end.log.length - 2 }, (_, i) => i + 3)]);
    assert.ok(end.log.length === 3 || end.log.length === 4, JSON.stringify(end.log));
  }
});

test('files not moved for N working days (the weekend and holidays do not count)', async () => {
  // Tuesday 24 November → Wednesday 2 December 2026: six working days later.
  await srv.stop({ keep: true });
  env.YIWANG_TEST_CLOCK = String(at10(12, 2));
  srv = await startServer({ restart: srv, env });
  await loginAll();
  const idle = async (n) => (await as('supervisor').get(`/api/v1/case-files?idle_days=${n}&page_size=200`)).json.items;
  const six = await idle(6);
  const w = six.find((x) => x.id === main.waiting.id);
  assert.ok(w, 'the file waiting at 市场监管局 since 24 November');
  assert.equal(w.idle_days, 6);
  assert.ok(!six.some((x) => x.id === main.file.id), 'an archived file is at rest, not idle');
  assert.ok(!(await idle(7)).some((x) => x.id === main.waiting.id), 'not seven');
  const sorted = six.map((x) => x.moved_at);
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b), 'the longest waiting first');
  // Moved today: no longer idle.
  assert.equal((await scan('approver_scjg2', { code: main.waiting.code, stage: 'department' })).status, 200);
  assert.ok(!(await idle(1)).some((x) => x.id === main.waiting.id));
});
