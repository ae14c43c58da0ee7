// The service catalogue (一码管理): life-cycle and versions, the consistency
// rules (each with its field, and proof that nothing changed), code
// collisions and concurrency, Chinese search with hostile queries, import
// (good, bad, again, BOM) and export (CSV, JSON, xlsx), KPIs on a
// hand-computed fixture, QR codes, roles and scopes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login, client, request, isError, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';

let srv, admin, api, cat, capi, tmp;
const DEPT = '河源市源城区市场监督管理局';
const HALL = '源城区政务服务中心';
const STREET_HALL = '上城街道便民服务中心';

// A valid item (file form: names and codes; the API takes them too).
function item(code, over = {}) {
  return {
    code, region: '441602', name: `测试事项${code}`, type: 'licensing', department: DEPT,
    service_objects: ['legal_person'], legal_basis: '《中华人民共和国行政许可法》', conditions: '依法设立的企业',
    materials: [
      { name: '申请书', required: true, role: 'main', form: 'original', count: 1, medium: 'either', trust_level: 'D' },
      { name: '营业执照副本', required: true, role: 'secondary', form: 'copy', count: 1, medium: 'paper', elicence_type: '营业执照', trust_level: 'B' },
    ],
    steps: [{ name: '受理', role: 'clerk', limit_days: 1 }, { name: '审查', limit_days: 3 }, { name: '决定', limit_days: 1 }],
    statutory_limit_days: 20, promised_limit_days: 5, handling_type: 'promised', review_type: 'pre_review',
    fee: { charged: false }, online_depth: 3, visits: 1, handling_forms: ['window', 'online'],
    result_type: 'licence', result_name: '测试许可证', delivery: ['pickup', 'electronic'],
    halls: [{ hall: HALL, comprehensive_window: true }], cross_region: { scope: 'none', partners: [] },
    consult_phone: '0762-3300001', complaint_phone: '12345', tolerance: true, themes: ['测试'],
    ...over,
  };
}

before(async () => {
  srv = await startServer();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  api = client(srv.base, admin.token);
  cat = await login(srv.base, 'catalogue', DEMO_PASSWORD);
  capi = client(srv.base, cat.token);
  tmp = mkdtempSync(join(tmpdir(), 'ywcat-'));
});
after(async () => { await srv.stop(); rmSync(tmp, { recursive: true, force: true }); });

const anon = {
  get: (path) => request(srv.base, 'GET', path),
};

async function snapshot() {
  const list = await api.get('/api/v1/items?page_size=200');
  const audit = await api.get('/api/v1/audit?page_size=1');
  return JSON.stringify({ items: list.json.items, total: list.json.total, audit: audit.json.total });
}

async function unchanged(fn) {
  const before = await snapshot();
  const r = await fn();
  assert.equal(await snapshot(), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

async function createPublished(body) {
  const c = await capi.post('/api/v1/items', body);
  assert.equal(c.status, 201, c.text);
  const p = await capi.post(`/api/v1/items/${c.json.id}/publish`, { revision: c.json.revision });
  assert.equal(p.status, 200, p.text);
  return p.json;
}

function importCsv(who, text, query = '') {
  return request(srv.base, 'POST', `/api/v1/items/import${query}`, { token: who.token, raw: Buffer.from(text), headers: { 'Content-Type': 'text/csv' } });
}

function importJson(who, items, query = '') {
  return request(srv.base, 'POST', `/api/v1/items/import${query}`, { token: who.token, body: { format: 'yiwang-items/1', items } });
}

// CSV of file-form items, as docs/catalogue-format.md describes it.
const COLUMNS = ['code', 'region', 'name', 'type', 'department', 'implementing_agency', 'service_objects', 'legal_basis',
  'conditions', 'materials', 'steps', 'statutory_limit_days', 'promised_limit_days', 'handling_type', 'review_type', 'fee',
  'online_depth', 'visits', 'handling_forms', 'result_type', 'result_name', 'delivery', 'halls', 'cross_region',
  'consult_phone', 'complaint_phone', 'tolerance', 'themes'];
function csvCell(v) {
  if (v === undefined || v === null) return '';
  let s;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) s = v.join('|');
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function toCsv(items) {
  return [COLUMNS.join(','), ...items.map((it) => COLUMNS.map((c) => csvCell(it[c])).join(','))].join('\r\n') + '\r\n';
}

test('the demo catalogue is seeded and public; seeding again changes nothing', async () => {
  const r = await anon.get('/api/v1/items?page_size=5');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.total >= 100, `only ${r.json.total} published items`);
  assert.ok(r.json.items.every((i) => i.status === 'published'));
  const g = await anon.get(`/api/v1/items/${r.json.items[0].id}`);
  assert.equal(g.status, 200, g.text);
  assert.ok(Array.isArray(g.json.materials) && g.json.steps.length >= 1);
  assert.equal(g.json.guide_url, `/m/items/${g.json.id}`);
  assert.equal(g.json.created_by_name, undefined, 'the public guide does not name staff');
  const before = await snapshot();
  const out = yiwang(['seed', 'demo', '--store', srv.store.url]);
  assert.match(out, /catalogue: \d+ items: 0 published, 0 updated, \d+ unchanged/);
  assert.equal(await snapshot(), before);
});

test('life-cycle: draft → published → new draft → published (old kept) → retired; history and diff', async () => {
  const c = await capi.post('/api/v1/items', item('LC-0001'));
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.status, 'draft');
  assert.equal(c.json.version, 1);
  assert.equal(c.json.version_status, 'draft');
  assert.equal(c.json.department, DEPT);
  assert.ok(c.json.department_id > 0 && c.json.region_id > 0 && c.json.halls[0].hall_id > 0);
  const id = c.json.id;
  // Drafts are not public, not even by version number.
  isError(await anon.get(`/api/v1/items/${id}`), 404, 'ITEM_NOT_PUBLISHED');
  isError(await anon.get(`/api/v1/items/${id}?version=1`), 404, 'ITEM_NOT_PUBLISHED');
  isError(await anon.get(`/api/v1/items/${id}?version=draft`), 401, 'UNAUTHENTICATED');
  assert.equal((await anon.get('/api/v1/items?q=LC-0001')).json.total, 0);
  assert.equal((await capi.get('/api/v1/items?q=LC-0001')).json.total, 1, 'staff find drafts');
  assert.equal((await capi.get(`/api/v1/items/${id}`)).json.version_status, 'draft', 'staff see the draft of an unpublished item');

  const p1 = await capi.post(`/api/v1/items/${id}/publish`, { revision: c.json.revision });
  assert.equal(p1.status, 200, p1.text);
  assert.equal(p1.json.status, 'published');
  assert.equal(p1.json.current_version, 1);
  assert.equal(p1.json.draft_version, null);
  assert.equal((await anon.get(`/api/v1/items/${id}`)).json.name, '测试事项LC-0001');
  isError(await capi.post(`/api/v1/items/${id}/publish`, { revision: p1.json.revision }), 409, 'ITEM_NO_DRAFT');

  // Editing a published item opens draft 2; the public still sees version 1.
  const e = await capi.put(`/api/v1/items/${id}`, { ...item('LC-0001', { name: '测试事项（修订）', promised_limit_days: 4, steps: [{ name: '受理', limit_days: 0 }, { name: '决定', limit_days: 4 }] }), revision: p1.json.revision });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.version, 2);
  assert.equal(e.json.version_status, 'draft');
  assert.equal(e.json.current_version, 1);
  assert.equal(e.json.draft_version, 2);
  assert.equal((await anon.get(`/api/v1/items/${id}`)).json.name, '测试事项LC-0001');
  assert.equal((await capi.get(`/api/v1/items/${id}?version=draft`)).json.name, '测试事项（修订）');
  // Editing the draft again changes the same draft; an identical edit changes nothing.
  const e2 = await capi.put(`/api/v1/items/${id}`, { ...item('LC-0001', { name: '测试事项（修订二）', promised_limit_days: 4, steps: [{ name: '受理', limit_days: 0 }, { name: '决定', limit_days: 4 }] }), revision: e.json.revision });
  assert.equal(e2.status, 200, e2.text);
  assert.equal(e2.json.version, 2);
  const same = await unchanged(() => capi.put(`/api/v1/items/${id}`, { ...item('LC-0001', { name: '测试事项（修订二）', promised_limit_days: 4, steps: [{ name: '受理', limit_days: 0 }, { name: '决定', limit_days: 4 }] }), revision: e2.json.revision }));
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.revision, e2.json.revision);

  const p2 = await capi.post(`/api/v1/items/${id}/publish`, { revision: e2.json.revision });
  assert.equal(p2.status, 200, p2.text);
  assert.equal(p2.json.version, 2);
  assert.equal((await anon.get(`/api/v1/items/${id}`)).json.name, '测试事项（修订二）');
  // What referred to version 1 still reads version 1.
  const v1 = await anon.get(`/api/v1/items/${id}?version=1`);
  assert.equal(v1.status, 200, v1.text);
  assert.equal(v1.json.name, '测试事项LC-0001');
  assert.equal(v1.json.version_status, 'superseded');

  const h = await capi.get(`/api/v1/items/${id}/versions`);
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.versions.map((v) => [v.version, v.status]), [[2, 'published'], [1, 'superseded']]);
  assert.equal(h.json.versions[0].created_by_name, cat.user.name);
  isError(await anon.get(`/api/v1/items/${id}/versions`), 401, 'UNAUTHENTICATED');

  const d = await capi.get(`/api/v1/items/${id}/diff?from=1&to=2`);
  assert.equal(d.status, 200, d.text);
  const fields = Object.fromEntries(d.json.changes.map((x) => [x.field, x]));
  assert.deepEqual([fields.name.from, fields.name.to], ['测试事项LC-0001', '测试事项（修订二）']);
  assert.deepEqual([fields.promised_limit_days.from, fields.promised_limit_days.to], [5, 4]);
  assert.ok(fields['steps[审查]'] && fields['steps[审查]'].to === null, 'a removed step shows as removed');
  assert.ok(fields['steps[受理].limit_days'], 'a changed step shows by its name');
  assert.ok(!fields.code && !fields.department, 'unchanged fields are not listed');
  isError(await capi.get(`/api/v1/items/${id}/diff?from=1&to=9`), 400, 'BAD_QUERY', 'to');

  const r = await capi.post(`/api/v1/items/${id}/retire`, { revision: p2.json.revision });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'retired');
  isError(await anon.get(`/api/v1/items/${id}`), 404, 'ITEM_NOT_PUBLISHED');
  assert.equal((await anon.get('/api/v1/items?q=LC-0001')).json.total, 0);
  assert.equal((await capi.get('/api/v1/items?q=LC-0001&status=retired')).json.total, 1);
  isError(await anon.get('/api/v1/items?status=retired'), 401, 'UNAUTHENTICATED');
  isError(await capi.post(`/api/v1/items/${id}/retire`, {}), 409, 'ITEM_STATE');

  const audit = await api.get(`/api/v1/audit?entity=item&entity_id=${id}&page_size=50`);
  assert.deepEqual(audit.json.items.map((a) => a.action).reverse(), ['create', 'publish', 'update', 'update', 'publish', 'retire']);
  const upd = JSON.parse(audit.json.items.find((a) => a.action === 'update').summary);
  assert.ok(upd.changes.some((x) => x.field === 'name'), 'the audit row carries the diff');
});

test('the API takes references by id alone and answers with ids and names', async () => {
  const reg = (await api.get('/api/v1/regions?level=district')).json.items.find((x) => x.code === '441602');
  const dept = (await api.get(`/api/v1/departments?q=${encodeURIComponent('市场监督')}`)).json.items[0];
  const other = (await api.get(`/api/v1/departments?q=${encodeURIComponent('住房和城乡建设')}`)).json.items[0];
  const hall = (await api.get('/api/v1/halls?page_size=50')).json.items.find((h) => h.name === HALL);
  const body = item('ID-0001', { region: undefined, department: undefined, region_id: reg.id, department_id: dept.id,
    halls: [{ hall_id: hall.id, comprehensive_window: true }],
    steps: [{ name: '受理', limit_days: 1 }, { name: '审查', limit_days: 3, department_id: other.id }, { name: '决定', limit_days: 1 }] });
  const c = await capi.post('/api/v1/items', body);
  assert.equal(c.status, 201, c.text);
  assert.deepEqual([c.json.region_id, c.json.region, c.json.department_id, c.json.department], [reg.id, '441602', dept.id, DEPT]);
  assert.deepEqual([c.json.halls[0].hall_id, c.json.halls[0].hall], [hall.id, HALL]);
  assert.deepEqual(c.json.steps.map((s) => [s.department_id, s.department]), [[dept.id, DEPT], [other.id, other.name], [dept.id, DEPT]]);
  assert.equal(c.json.implementing_agency, DEPT);
  // Sending back what was read changes nothing; a name that contradicts its id is refused.
  const again = await capi.put(`/api/v1/items/${c.json.id}`, c.json);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.revision, c.json.revision);
  isError(await unchanged(() => capi.put(`/api/v1/items/${c.json.id}`, { ...c.json, department: '河源市源城区民政局' })), 400, 'BAD_FORMAT', 'department_id');
  isError(await unchanged(() => capi.post('/api/v1/items', { ...body, code: 'ID-0002', department_id: 999999 })), 400, 'REF_NOT_FOUND', 'department_id');
});

test('every consistency rule names its field and changes nothing', async () => {
  const cases = [
    [{ promised_limit_days: 25 }, 'promised_limit_days'],
    [{ statutory_limit_days: 60, promised_limit_days: 10 }, 'statutory_limit_days'],
    [{ steps: [{ name: '受理', limit_days: 3 }, { name: '决定', limit_days: 3 }] }, 'steps'],
    [{ handling_type: 'immediate', promised_limit_days: 0, steps: [{ name: '受理', limit_days: 0 }] }, 'review_type'],
    [{ handling_type: 'immediate', review_type: 'instant' }, 'promised_limit_days'],
    [{ review_type: 'instant' }, 'handling_type'],
    [{ handling_type: 'joint' }, 'steps'],
    [{ steps: [{ name: '受理', limit_days: 1 }, { name: '审查', limit_days: 3, parallel_group: 'a' }, { name: '会审', limit_days: 2, parallel_group: 'a', department: '河源市源城区住房和城乡建设局' }] }, 'handling_type'],
    [{ online_depth: 4 }, 'visits'],
    [{ online_depth: 4, visits: 0, handling_forms: ['window'] }, 'handling_forms'],
    [{ visits: 0 }, 'visits'],
    [{ materials: [{ name: '申请书', required: true, role: 'main' }] }, 'tolerance'],
    [{ materials: [{ name: '申请书', required: true }, { name: '补充材料', required: false, role: 'secondary' }] }, 'tolerance'],
    [{ complaint_phone: '0762-3300001' }, 'complaint_phone'],
    [{ result_type: 'approval' }, 'delivery'],
    [{ materials: [], tolerance: false }, 'materials'],
  ];
  for (const [over, field] of cases) {
    const r = await unchanged(() => capi.post('/api/v1/items', item('RULE-0001', over)));
    isError(r, 422, 'ITEM_INCONSISTENT', field);
  }
  // Consistent variants of the same elements pass.
  const joint = await capi.post('/api/v1/items', item('RULE-0002', {
    handling_type: 'joint',
    steps: [{ name: '受理', limit_days: 1 }, { name: '审查', limit_days: 3, parallel_group: 'a' }, { name: '会审', limit_days: 2, parallel_group: 'a', department: '河源市源城区住房和城乡建设局' }],
  }));
  assert.equal(joint.status, 201, joint.text);
  const instant = await capi.post('/api/v1/items', item('RULE-0003', {
    handling_type: 'immediate', review_type: 'instant', promised_limit_days: 0, online_depth: 4, visits: 0,
    steps: [{ name: '办结', limit_days: 0 }], materials: [], type: 'public_service', tolerance: false, delivery: ['electronic'],
  }));
  assert.equal(instant.status, 201, instant.text);
  // Shape errors name the path of the field.
  const shapes = [
    [{ type: 'permit' }, 400, 'BAD_ENUM', 'type'],
    [{ steps: undefined }, 400, 'MISSING_FIELD', 'steps'],
    [{ colour: 'red' }, 400, 'UNKNOWN_FIELD', 'colour'],
    [{ materials: [{ name: '申请书', required: true, count: 99 }] }, 400, 'OUT_OF_RANGE', 'materials[0].count'],
    [{ department: '不存在的局' }, 400, 'REF_NOT_FOUND', 'department'],
    [{ halls: [{ hall: '不存在的大厅' }] }, 400, 'REF_NOT_FOUND', 'halls[0].hall'],
    [{ code: 'bad code!' }, 400, 'BAD_FORMAT', 'code'],
    [{ consult_phone: '123' }, 400, 'INVALID_PHONE', 'consult_phone'],
    [{ name: '长'.repeat(81) }, 400, 'TOO_LONG', 'name'],
  ];
  for (const [over, status, error, field] of shapes)
    isError(await unchanged(() => capi.post('/api/v1/items', item('RULE-0004', over))), status, error, field);
  isError(await unchanged(() => request(srv.base, 'POST', '/api/v1/items', { token: cat.token, raw: '{"code":', headers: { 'Content-Type': 'application/json' } })), 400, 'BAD_JSON');
  // An edit that breaks a rule leaves the published item and its history alone.
  const pub = await createPublished(item('RULE-0005'));
  const before = await capi.get(`/api/v1/items/${pub.id}/versions`);
  isError(await unchanged(() => capi.put(`/api/v1/items/${pub.id}`, { ...item('RULE-0005', { visits: 0 }), revision: pub.revision })), 422, 'ITEM_INCONSISTENT', 'visits');
  isError(await unchanged(() => capi.put(`/api/v1/items/${pub.id}`, { ...item('RULE-0006'), revision: pub.revision })), 422, 'ITEM_IMMUTABLE', 'code');
  assert.deepEqual((await capi.get(`/api/v1/items/${pub.id}/versions`)).json, before.json);
});

test('a code in use is a conflict; concurrent creates, edits and publishes: one wins', async () => {
  await createPublished(item('DUP-0001'));
  isError(await unchanged(() => capi.post('/api/v1/items', item('DUP-0001', { name: '另一个事项' }))), 409, 'CODE_TAKEN', 'code');
  const creates = await Promise.all(Array.from({ length: 12 }, () => capi.post('/api/v1/items', item('DUP-0002'))));
  assert.equal(creates.filter((r) => r.status === 201).length, 1);
  for (const r of creates.filter((x) => x.status !== 201)) isError(r, 409, 'CODE_TAKEN');

  const pub = await createPublished(item('RACE-0001'));
  const edits = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    capi.put(`/api/v1/items/${pub.id}`, { ...item('RACE-0001', { name: `并发修改${i}` }), revision: pub.revision })));
  const won = edits.filter((r) => r.status === 200);
  assert.equal(won.length, 1, edits.map((r) => r.status).join(','));
  for (const r of edits.filter((x) => x.status !== 200)) isError(r, 409, 'CONFLICT', 'revision');
  const draft = await capi.get(`/api/v1/items/${pub.id}?version=draft`);
  assert.equal(draft.json.name, won[0].json.name);
  const pubs = await Promise.all([api, capi, api, capi].map((c) => c.post(`/api/v1/items/${pub.id}/publish`, { revision: draft.json.revision })));
  assert.equal(pubs.filter((r) => r.status === 200).length, 1, pubs.map((r) => r.text).join('\n'));
  for (const r of pubs.filter((x) => x.status !== 200)) isError(r, 409, 'CONFLICT');
  const h = await capi.get(`/api/v1/items/${pub.id}/versions`);
  assert.deepEqual(h.json.versions.map((v) => v.status), ['published', 'superseded']);
});

test('search finds 营业执照, 落户 and 居住证 in Chinese, with filters and pages', async () => {
  const licence = await createPublished(item('SRCH-0001', { name: '个体工商户营业执照设立登记（测试）', themes: ['开办企业'] }));
  const settle = await createPublished(item('SRCH-0002', { name: '人才引进落户（测试）', type: 'confirmation', department: '河源市公安局源城分局', service_objects: ['person'], themes: ['户籍'], materials: [{ name: '居民身份证', required: true }, { name: '补充说明', required: true, role: 'secondary' }], halls: [{ hall: STREET_HALL }], online_depth: 2 }));
  const permit = await createPublished(item('SRCH-0003', { name: '居住证签注（测试）', type: 'public_service', department: '河源市公安局源城分局', service_objects: ['person'], themes: ['证件'], materials: [{ name: '本人近期照片', required: true }, { name: '补充说明', required: true, role: 'secondary' }] }));
  const find = async (q, extra = '') => (await anon.get(`/api/v1/items?q=${encodeURIComponent(q)}&page_size=200${extra}`)).json;
  const ids = (r) => r.items.map((i) => i.id);

  const a = await find('营业执照');
  assert.ok(ids(a).includes(licence.id));
  assert.ok(!ids(a).includes(settle.id) && !ids(a).includes(permit.id));
  assert.ok(a.items.findIndex((i) => i.id === licence.id) < a.items.findIndex((i) => !i.name.includes('营业执照')) || a.items.every((i) => i.name.includes('营业执照')), 'name matches come first');
  const b = await find('落户');
  assert.ok(ids(b).includes(settle.id), '落户 (two characters, below the trigram length) is found');
  assert.ok(!ids(b).includes(licence.id));
  const c = await find('居住证');
  assert.ok(ids(c).includes(permit.id));
  assert.ok(!ids(c).includes(settle.id));
  // Material names, themes and departments are searched too; words combine.
  assert.ok(ids(await find('本人近期照片')).includes(permit.id));
  assert.ok(ids(await find('户籍')).includes(settle.id));
  assert.deepEqual(ids(await find('落户 测试')), [settle.id]);
  // One character and two-character words mixed with punctuation are found
  // by LIKE; results agree with the indexed words.
  assert.ok(ids(await find('证')).includes(permit.id));
  assert.ok(ids(await find('落户（')).includes(settle.id));
  assert.ok(ids(await find('户籍 落户')).includes(settle.id));
  assert.ok(ids(await find('srch-0003')).includes(permit.id), 'codes, ignoring case');

  // Filters.
  const depts = (await api.get(`/api/v1/departments?q=${encodeURIComponent('公安分局')}`)).json.items;
  const police = depts[0].id;
  const halls = (await api.get('/api/v1/halls?page_size=50')).json.items;
  const street = halls.find((h) => h.name === STREET_HALL).id;
  const f1 = await find('测试', `&department_id=${police}`);
  assert.deepEqual(ids(f1).sort(), [settle.id, permit.id].sort());
  assert.deepEqual(ids(await find('测试', '&type=confirmation')), [settle.id]);
  assert.deepEqual(ids(await find('测试', `&theme=${encodeURIComponent('证件')}`)), [permit.id]);
  assert.deepEqual(ids(await find('测试', '&online_depth=2')), [settle.id]);
  assert.ok(ids(await find('', `&hall_id=${street}`)).includes(settle.id));
  assert.ok(!ids(await find('', `&hall_id=${street}`)).includes(licence.id));
  const persons = await find('测试', '&service_object=person');
  assert.ok(ids(persons).includes(settle.id) && !ids(persons).includes(licence.id));
  isError(await anon.get('/api/v1/items?type=permit'), 400, 'BAD_QUERY', 'type');
  isError(await anon.get('/api/v1/items?online_depth=5'), 400, 'BAD_QUERY', 'online_depth');
  isError(await anon.get('/api/v1/items?colour=red'), 400, 'BAD_QUERY', 'colour');

  // Pages do not overlap and add up to the total.
  const all = await anon.get('/api/v1/items?page_size=200');
  const p1 = await anon.get('/api/v1/items?page_size=7&page=1');
  const p2 = await anon.get('/api/v1/items?page_size=7&page=2');
  assert.equal(p1.json.total, all.json.total);
  assert.deepEqual([...ids(p1.json), ...ids(p2.json)], ids(all.json).slice(0, 14));
  assert.deepEqual((await anon.get(`/api/v1/items?page_size=7&page=${10000}`)).json.items, []);
});

test('hostile and oversized queries are answered safely, never with a 500', async () => {
  const before = (await anon.get('/api/v1/items?page_size=1')).json.total;
  for (const q of ['"', '""', '*', 'NEAR(', 'NEAR(营业 执照)', 'OR', 'a OR b', "'; DROP TABLE items; --", '%', '_', '\\', '营业" OR "1', '执照*', '^营业', 'AND NOT', '{营业}', '(((', '营业执照 落户 居住证 登记']) {
    const r = await anon.get(`/api/v1/items?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    assert.ok(r.json.total < before || q.trim() === '', `${q} matched everything`);
  }
  assert.equal((await anon.get(`/api/v1/items?q=${encodeURIComponent('%')}`)).json.total, 0, '% is literal');
  isError(await anon.get(`/api/v1/items?q=${'x'.repeat(10000)}`), 400, 'BAD_QUERY', 'q');
  isError(await anon.get(`/api/v1/items?q=${encodeURIComponent('营'.repeat(1000))}`), 400, 'BAD_QUERY', 'q');
  // 10,000 Chinese characters are 90 KB of URL: the HTTP layer refuses the
  // request line itself, before any handler runs.
  const huge = await anon.get(`/api/v1/items?q=${encodeURIComponent('营'.repeat(10000))}`);
  assert.ok(huge.status >= 400 && huge.status < 500, `status ${huge.status}`);
  isError(await anon.get(`/api/v1/items?q=${encodeURIComponent('a b c d e f g h i')}`), 400, 'BAD_QUERY', 'q');
  isError(await anon.get(`/api/v1/items?q=${'x'.repeat(51)}`), 400, 'BAD_QUERY', 'q');
  assert.equal((await anon.get('/api/v1/items?page_size=1')).json.total, before, 'the catalogue is intact');
});

test('import: a good CSV imports everything; again changes nothing; a change makes a new version', async () => {
  const items = [item('IMP-0001'), item('IMP-0002', { name: '导入事项二', themes: ['导入', '测试'] }),
    item('IMP-0003', { conditions: '多行\n条件，含"引号"和逗号', halls: [] })];
  const csv = toCsv(items);
  const dry = await importCsv(cat, csv, '?dry_run=1');
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual([dry.json.dry_run, dry.json.created], [true, 3]);
  assert.equal((await anon.get('/api/v1/items?q=IMP-000')).json.total, 0, 'a dry run writes nothing');
  const r = await importCsv(cat, csv);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.format, r.json.rows, r.json.created, r.json.updated, r.json.unchanged], ['csv', 3, 3, 0, 0]);
  const found = (await anon.get('/api/v1/items?q=IMP-000')).json;
  assert.equal(found.total, 3);
  const three = await anon.get(`/api/v1/items/${found.items.find((i) => i.code === 'IMP-0003').id}`);
  assert.equal(three.json.conditions, '多行\n条件，含"引号"和逗号');
  assert.equal(three.json.version_status, 'published');

  const before = await snapshot();
  const again = await importCsv(cat, csv);
  assert.deepEqual([again.json.created, again.json.updated, again.json.unchanged], [0, 0, 3]);
  assert.equal(await snapshot(), before, 're-importing the same file changes nothing');

  items[1].name = '导入事项二（修订）';
  const changed = await importCsv(cat, toCsv(items));
  assert.deepEqual([changed.json.created, changed.json.updated, changed.json.unchanged], [0, 1, 2]);
  const two = found.items.find((i) => i.code === 'IMP-0002');
  const h = await capi.get(`/api/v1/items/${two.id}/versions`);
  assert.deepEqual(h.json.versions.map((v) => [v.version, v.status, v.source]), [[2, 'published', 'import'], [1, 'superseded', 'import']]);

  // With a byte order mark, and as JSON.
  const bom = await importCsv(cat, '\ufeff' + toCsv([item('IMP-0004')]));
  assert.equal(bom.status, 200, bom.text);
  assert.equal(bom.json.created, 1);
  const bomJson = await request(srv.base, 'POST', '/api/v1/items/import', { token: cat.token, raw: '\ufeff' + JSON.stringify({ format: 'yiwang-items/1', items: [item('IMP-0006')] }), headers: { 'Content-Type': 'application/json' } });
  assert.equal(bomJson.status, 200, bomJson.text);
  const js = await importJson(cat, [item('IMP-0005'), item('IMP-0001')]);
  assert.equal(js.status, 200, js.text);
  assert.deepEqual([js.json.format, js.json.created, js.json.unchanged], ['json', 1, 1]);
});

test('import: a file with bad rows imports nothing and reports every bad row', async () => {
  const good = item('BAD-0001');
  const rows = [good,
    item('BAD-0002', { promised_limit_days: 30 }),          // line 3: rule
    item('BAD-0003', { department: '不存在的局' }),           // line 4: reference
    item('BAD-0001', { name: '重复编码' }),                   // line 5: duplicate code in the file
    item('BAD-0005', { type: 'permit' }),                    // line 6: enum
    item('BAD-0006')];
  let csv = toCsv(rows);
  csv = csv.replace('BAD-0006,441602', 'BAD-0006,441602,extra'); // line 7: cell count
  const before = await snapshot();
  const r = await importCsv(cat, csv);
  isError(r, 422, 'BAD_IMPORT');
  assert.equal(await snapshot(), before, 'nothing was imported');
  const errs = r.json.errors.map((e) => [e.line, e.column, e.error]);
  assert.deepEqual(errs, [
    [3, 'promised_limit_days', 'ITEM_INCONSISTENT'],
    [4, 'department', 'REF_NOT_FOUND'],
    [5, 'code', 'DUPLICATE'],
    [6, 'type', 'BAD_ENUM'],
    [7, '', 'BAD_FORMAT'],
  ]);
  assert.ok(r.json.errors.every((e) => e.reason && e.reason.length > 3));
  assert.equal(r.json.errors[0].code, 'BAD-0002');
  // Bad JSON cells, an unknown column, a broken quote, a JSON file.
  const badCell = toCsv([item('BAD-0010')]).replace('[{""name"":""受理""', '[{""name"":受理');
  const rc = await importCsv(cat, badCell);
  isError(rc, 422, 'BAD_IMPORT');
  assert.deepEqual(rc.json.errors.map((e) => [e.line, e.column, e.error]), [[2, 'steps', 'BAD_JSON']]);
  const hdr = await importCsv(cat, toCsv([good]).replace('themes', 'colour'));
  assert.deepEqual(hdr.json.errors.map((e) => [e.line, e.column, e.error]), [[1, 'colour', 'UNKNOWN_FIELD']]);
  const quote = await importCsv(cat, toCsv([good]) + '"unterminated,');
  assert.deepEqual(quote.json.errors.map((e) => [e.line, e.error]), [[3, 'BAD_FORMAT']]);
  const text = JSON.stringify({ format: 'yiwang-items/1', items: [good, item('BAD-0011', { visits: 0 })] }, null, 1);
  const rj = await request(srv.base, 'POST', '/api/v1/items/import', { token: cat.token, raw: text, headers: { 'Content-Type': 'application/json' } });
  isError(rj, 422, 'BAD_IMPORT');
  const lineOfSecond = text.split('\n').map((l, i) => [l, i + 1]).filter(([l]) => l === '  {')[1][1];
  assert.deepEqual(rj.json.errors.map((e) => [e.item, e.column, e.error]), [[1, 'visits', 'ITEM_INCONSISTENT']]);
  assert.equal(rj.json.errors[0].line, lineOfSecond, 'JSON errors name the line the item starts on');
  isError(await importJson(cat, {}), 422, 'BAD_IMPORT');
  isError(await request(srv.base, 'POST', '/api/v1/items/import', { token: cat.token, raw: 'x', headers: { 'Content-Type': 'image/png' } }), 415, 'BAD_CONTENT_TYPE');
  assert.equal(await snapshot(), before);
});

test('yiwang import items: report, exit status, idempotent', async () => {
  const file = join(tmp, 'items.csv');
  writeFileSync(file, '\ufeff' + toCsv([item('CLI-0001'), item('CLI-0002')]));
  const out = yiwang(['import', 'items', file, '--store', srv.store.url]);
  assert.match(out, /2 rows: 2 created, 0 updated, 0 unchanged/);
  assert.match(yiwang(['import', 'items', file, '--store', srv.store.url]), /0 created, 0 updated, 2 unchanged/);
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ format: 'yiwang-items/1', items: [item('CLI-0003', { online_depth: 4 })] }));
  assert.throws(() => yiwang(['import', 'items', bad, '--store', srv.store.url]), (e) => e.status === 1 && /column visits.*ITEM_INCONSISTENT/.test(e.stderr));
  assert.match(yiwang(['import', '--help']), /yiwang import items FILE/);
  assert.match(yiwang(['export', '--help']), /--format csv\|json\|xlsx/);
  // The server sees what the CLI wrote (another process, same store).
  assert.equal((await anon.get('/api/v1/items?q=CLI-000')).json.total, 2);
});

// Names of the entries of a ZIP file, from its central directory.
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = () => (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

test('export: CSV with BOM, JSON and xlsx; an export imports again unchanged', async () => {
  const raw = (fmt) => new Promise((ok, fail) => {
    http.get(`${srv.base}/api/v1/items/export?format=${fmt}`, { headers: { Authorization: `Bearer ${cat.token}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
  const total = (await anon.get('/api/v1/items?page_size=1')).json.total;
  const csv = await raw('csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /text\/csv/);
  assert.match(csv.headers['content-disposition'], /items\.csv/);
  assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(csv.body.toString('utf8').slice(1).startsWith('code,region,name,type,department'));
  const js = await raw('json');
  const doc = JSON.parse(js.body.toString('utf8'));
  assert.equal(doc.format, 'yiwang-items/1');
  assert.equal(doc.items.length, total);
  assert.ok(doc.items.every((i) => i.region_id === undefined && i.department), 'the file form has names, not ids');
  const x = await raw('xlsx');
  assert.equal(x.status, 200);
  assert.match(x.headers['content-type'], /spreadsheetml/);
  assert.equal(x.body.readUInt32LE(0), 0x04034b50, 'a ZIP file');
  const entries = zipEntries(x.body);
  assert.ok(entries['xl/worksheets/sheet1.xml'], Object.keys(entries).join(' '));
  assert.ok(entries['xl/workbook.xml']().includes('事项目录'));
  assert.ok(entries['xl/sharedStrings.xml']().includes(doc.items[0].code));
  isError(await capi.get('/api/v1/items/export?format=pdf'), 400, 'BAD_QUERY', 'format');
  isError(await anon.get('/api/v1/items/export'), 401, 'UNAUTHENTICATED');

  const before = await snapshot();
  const back = await importCsv(cat, csv.body.toString('utf8'));
  assert.equal(back.status, 200, back.text.slice(0, 500));
  assert.deepEqual([back.json.created, back.json.updated, back.json.unchanged], [0, 0, total]);
  const backJson = await request(srv.base, 'POST', '/api/v1/items/import', { token: cat.token, raw: js.body, headers: { 'Content-Type': 'application/json' } });
  assert.deepEqual([backJson.json.created, backJson.json.updated, backJson.json.unchanged], [0, 0, total]);
  assert.equal(await snapshot(), before);
  // The CLI writes the same formats.
  const out = join(tmp, 'out.xlsx');
  yiwang(['export', 'items', '--out', out, '--store', srv.store.url]);
  assert.equal(readFileSync(out).readUInt32LE(0), 0x04034b50);
});

test('KPIs on a hand-computed fixture', async () => {
  // A department of its own, so the demo catalogue does not count.
  const credit = (s17) => {
    const cs = '0123456789ABCDEFGHJKLMNPQRTUWXY', w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...s17].reduce((a, ch, i) => a + cs.indexOf(ch) * w[i], 0);
    return s17 + cs[(31 - (sum % 31)) % 31];
  };
  const reg = (await api.get('/api/v1/regions?level=district')).json.items.find((x) => x.code === '441602');
  const d = await api.post('/api/v1/departments', { name: '河源市源城区指标测试局', credit_code: credit('11441602MB0099001'), region_id: reg.id });
  assert.equal(d.status, 201, d.text);
  const K = (code, over) => item(code, { department: '河源市源城区指标测试局', tolerance: false, delivery: ['pickup'], ...over });
  const fixture = [
    // A: in the hall at comprehensive windows, 全程网办, 0 visits, promised 5 / statutory 20
    K('KPI-A', { halls: [{ hall: HALL, comprehensive_window: true }], handling_forms: ['window', 'online'], online_depth: 4, visits: 0, promised_limit_days: 5, statutory_limit_days: 20 }),
    // B: in the hall at a specialised window, 即办, 1 visit, promised 0 / statutory 10
    K('KPI-B', { halls: [{ hall: HALL, comprehensive_window: false }], handling_forms: ['window'], online_depth: 2, visits: 1, handling_type: 'immediate', review_type: 'instant', promised_limit_days: 0, statutory_limit_days: 10, steps: [{ name: '办结', limit_days: 0 }] }),
    // C: in no hall, online and by post, 0 visits, promised 10 / statutory 20
    K('KPI-C', { halls: [], handling_forms: ['online', 'post'], online_depth: 3, visits: 0, promised_limit_days: 10, statutory_limit_days: 20 }),
    // D: in a street hall at comprehensive windows, window only, 2+ visits, promised 15 / statutory 30
    K('KPI-D', { halls: [{ hall: STREET_HALL, comprehensive_window: true }], handling_forms: ['window'], online_depth: 1, visits: 2, promised_limit_days: 15, statutory_limit_days: 30 }),
    // E: published then retired — does not count
    K('KPI-E', { online_depth: 4, visits: 0 }),
  ];
  const imp = await importJson(cat, fixture);
  assert.equal(imp.status, 200, imp.text);
  const e = (await capi.get('/api/v1/items?q=KPI-E')).json.items[0];
  const eItem = await capi.get(`/api/v1/items/${e.id}`);
  assert.equal((await capi.post(`/api/v1/items/${e.id}/retire`, { revision: eItem.json.revision })).status, 200);
  // F: a draft only — does not count
  assert.equal((await capi.post('/api/v1/items', K('KPI-F', {}))).status, 201);

  const r = await capi.get(`/api/v1/catalogue/kpis?department_id=${d.json.id}`);
  assert.equal(r.status, 200, r.text);
  const t = r.json.total;
  assert.deepEqual([t.items, t.in_hall, t.comprehensive, t.online, t.full_online, t.at_most_once, t.immediate, t.sum_promised_days, t.sum_statutory_days],
    [4, 3, 2, 2, 1, 3, 1, 30, 80]);
  const near = (a, b) => assert.ok(Math.abs(a - b) < 1e-4, `${a} ≠ ${b}`);
  near(t.in_hall_rate, 3 / 4);        // 进驻率
  near(t.comprehensive_rate, 2 / 3);  // 综窗率: of the items in a hall
  near(t.online_rate, 2 / 4);         // 网上可办率
  near(t.full_online_rate, 1 / 4);    // 全程网办率
  near(t.at_most_once_rate, 3 / 4);   // 最多跑一次率
  near(t.immediate_rate, 1 / 4);      // 即办率
  near(t.avg_promised_days, 30 / 4);
  near(t.avg_statutory_days, 80 / 4);
  near(t.compression_rate, 1 - 30 / 80); // 压缩率
  assert.equal(r.json.by_department.length, 1);
  assert.equal(r.json.by_department[0].department, '河源市源城区指标测试局');
  assert.deepEqual(r.json.by_region.map((x) => [x.region, x.items]), [['源城区', 4]]);
  // The whole district includes the demo catalogue; a region filter covers sub-regions.
  const all = await capi.get(`/api/v1/catalogue/kpis?region_id=${reg.id}`);
  assert.ok(all.json.total.items > 100 && all.json.by_department.length > 5);
  const sum = all.json.by_department.reduce((a, x) => a + x.items, 0);
  assert.equal(sum, all.json.total.items);
  isError(await anon.get('/api/v1/catalogue/kpis'), 401, 'UNAUTHENTICATED');
  isError(await capi.get('/api/v1/catalogue/kpis?region_id=abc'), 400, 'BAD_QUERY', 'region_id');
});

test('themes and QR codes are public', async () => {
  const t = await anon.get('/api/v1/catalogue/themes');
  assert.equal(t.status, 200);
  assert.ok(t.json.items.length > 3 && t.json.items.every((x) => x.theme && x.items > 0));
  const pub = await createPublished(item('QR-0001'));
  const qr = await request(srv.base, 'GET', `/api/v1/items/${pub.id}/qr.svg`, { headers: { Host: 'gov.example:8080' } });
  assert.equal(qr.status, 200);
  assert.match(qr.headers['content-type'], /image\/svg\+xml/);
  assert.match(qr.text, /^<\?xml[^>]*>\s*<svg[^>]*viewBox="0 0 (\d+) \1"/);
  assert.ok(qr.text.length > 500 && /<path[^>]*d="M\d/.test(qr.text));
  const draft = await capi.post('/api/v1/items', item('QR-0002'));
  isError(await anon.get(`/api/v1/items/${draft.json.id}/qr.svg`), 404, 'ITEM_NOT_PUBLISHED');
  isError(await anon.get('/api/v1/items/999999/qr.svg'), 404, 'NOT_FOUND');
});

test('roles and scopes: clerks read, only catalogue admins of the region write', async () => {
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  const c = client(srv.base, clerk.token);
  const pub = await createPublished(item('ROLE-0001'));
  isError(await unchanged(() => c.post('/api/v1/items', item('ROLE-0002'))), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => c.put(`/api/v1/items/${pub.id}`, item('ROLE-0001', { name: '越权' }))), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => c.post(`/api/v1/items/${pub.id}/retire`, {})), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => importCsv(clerk, toCsv([item('ROLE-0003')]))), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => request(srv.base, 'POST', '/api/v1/items', { body: item('ROLE-0004') })), 401, 'UNAUTHENTICATED');
  assert.equal((await c.get(`/api/v1/items/${pub.id}/versions`)).status, 200, 'staff read history');

  // A catalogue administrator of another district.
  const city = (await api.get('/api/v1/regions?level=city')).json.items.find((x) => x.code === '441600');
  const zj = await api.post('/api/v1/regions', { code: '441621', name: '紫金县', level: 'district', parent_id: city.id });
  assert.equal(zj.status, 201, zj.text);
  const u = await api.post('/api/v1/staff', { username: 'catalogue_zj', name: '紫金事项管理员', roles: ['catalogue_admin'], region_id: zj.json.id, password: 'Zijin#2026cat' });
  assert.equal(u.status, 201, u.text);
  const other = await login(srv.base, 'catalogue_zj', 'Zijin#2026cat');
  const o = client(srv.base, other.token);
  isError(await unchanged(() => o.put(`/api/v1/items/${pub.id}`, { ...item('ROLE-0001', { name: '越界修改' }), revision: pub.revision })), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged(() => o.post(`/api/v1/items/${pub.id}/retire`, {})), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged(() => o.post('/api/v1/items', item('ROLE-0005'))), 403, 'FORBIDDEN_SCOPE');
  const imp = await unchanged(() => importCsv(other, toCsv([item('ROLE-0006')])));
  isError(imp, 422, 'BAD_IMPORT');
  assert.deepEqual(imp.json.errors.map((e) => [e.line, e.error]), [[2, 'FORBIDDEN_SCOPE']]);
  // In their own district they may.
  const own = await o.post('/api/v1/items', item('ROLE-0007', { region: '441621', halls: [] }));
  assert.equal(own.status, 201, own.text);
  // The district's catalogue administrator edits items of every department of the district.
  const e = await capi.put(`/api/v1/items/${pub.id}`, { ...item('ROLE-0001', { name: '管理员修改' }), revision: pub.revision });
  assert.equal(e.status, 200, e.text);
});

test('the OpenAPI description documents the catalogue routes with their roles', async () => {
  const doc = (await anon.get('/api/v1/openapi.json')).json;
  for (const [p, m] of [['/api/v1/items', 'get'], ['/api/v1/items', 'post'], ['/api/v1/items/{id}', 'put'], ['/api/v1/items/{id}/publish', 'post'],
    ['/api/v1/items/import', 'post'], ['/api/v1/items/export', 'get'], ['/api/v1/catalogue/kpis', 'get'], ['/api/v1/items/{id}/qr.svg', 'get']])
    assert.ok(doc.paths[p]?.[m]?.summary, `${m} ${p}`);
  assert.deepEqual(doc.paths['/api/v1/items']['post']['x-roles'], ['admin', 'catalogue_admin']);
  assert.deepEqual(doc.paths['/api/v1/items']['get']['x-roles'], []);
});

// ---- UI review fixes: hall details, filtered export, list state, departments, retire reason, Chinese details ----

test('the public guide carries each hall as the halls table has it now; a hall edit shows at once', async () => {
  const hall = (await api.get(`/api/v1/halls?q=${encodeURIComponent(HALL)}`)).json.items.find((h) => h.name === HALL);
  const pub = await createPublished(item('HD-0001', { halls: [{ hall: HALL, comprehensive_window: true }, { hall: STREET_HALL }] }));
  const g = await anon.get(`/api/v1/items/${pub.id}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.hall_details.length, 2);
  const d = g.json.hall_details.find((x) => x.hall_id === hall.id);
  assert.deepEqual(d, { hall_id: hall.id, name: hall.name, level: hall.level, address: hall.address ?? null, phone: hall.phone ?? null, hours: hall.hours });
  assert.equal(d.hours.length, 7);
  assert.ok(g.json.hall_details.every((x) => g.json.halls.some((h) => h.hall_id === x.hall_id)));
  // Anonymous visitors still cannot read halls themselves.
  isError(await anon.get(`/api/v1/halls/${hall.id}`), 401, 'UNAUTHENTICATED');
  // Searches are cached by catalogue generation: warm the cache, edit the hall (no catalogue change), read again.
  await anon.get('/api/v1/items?q=HD-0001');
  const hours = ['08:00-12:00,14:00-18:00', '08:00-18:00', '08:00-18:00', '08:00-18:00', '08:00-18:00', '09:00-12:00', ''];
  const u = await api.put(`/api/v1/halls/${hall.id}`, { address: '河源市源城区测试大道 1 号', phone: '0762-3300999', hours, version: hall.version });
  assert.equal(u.status, 200, u.text);
  const g2 = await anon.get(`/api/v1/items/${pub.id}`);
  const d2 = g2.json.hall_details.find((x) => x.hall_id === hall.id);
  assert.deepEqual([d2.address, d2.phone, d2.hours], ['河源市源城区测试大道 1 号', '0762-3300999', hours]);
  // Staff replies (and write replies) carry them too, and a PUT that sends them back is fine.
  const s = await capi.get(`/api/v1/items/${pub.id}`);
  assert.equal(s.json.hall_details.length, 2);
  const e = await capi.put(`/api/v1/items/${pub.id}`, { ...s.json, name: '测试事项（大厅详情）' });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.json.hall_details.length, 2);
  assert.ok(!('hall_details' in JSON.parse((await capi.get(`/api/v1/items/export?format=json&q=HD-0001`)).text).items[0]), 'files stay in the file form');
  // Put the hall back as it was.
  const back = await api.put(`/api/v1/halls/${hall.id}`, { address: hall.address, phone: hall.phone, hours: hall.hours, version: u.json.version });
  assert.equal(back.status, 200, back.text);
});

test('export takes the filters of GET /items; bad filters are registry errors', async () => {
  const get = (qs) => request(srv.base, 'GET', `/api/v1/items/export?${qs}`, { token: cat.token });
  const dept = (await anon.get('/api/v1/items?page_size=1')).json.items[0];
  const list = await anon.get(`/api/v1/items?department_id=${dept.department_id}&page_size=100`);
  const js = await get(`format=json&department_id=${dept.department_id}`);
  assert.equal(js.status, 200, js.text.slice(0, 300));
  const doc = JSON.parse(js.text);
  assert.equal(doc.items.length, list.json.total);
  assert.deepEqual(doc.items.map((i) => i.code).sort(), list.json.items.map((i) => i.code).sort());
  assert.ok(doc.items.every((i) => i.department === dept.department));
  // CSV with a type, a theme and words: the same rows as the search.
  const theme = (await anon.get('/api/v1/catalogue/themes')).json.items[0].theme;
  const byTheme = await anon.get(`/api/v1/items?theme=${encodeURIComponent(theme)}&type=licensing&page_size=100`);
  const csv = await get(`format=csv&theme=${encodeURIComponent(theme)}&type=licensing`);
  assert.equal(csv.status, 200);
  assert.equal(csv.text.replace(/^\uFEFF/, '').trim().split('\r\n').length - 1, byTheme.json.total);
  const q = await get(`format=json&q=${encodeURIComponent('营业执照')}`);
  assert.equal(JSON.parse(q.text).items.length, (await anon.get(`/api/v1/items?q=${encodeURIComponent('营业执照')}`)).json.total);
  // Drafts only when asked for; the default stays the published catalogue.
  const draft = await capi.post('/api/v1/items', item('EX-0001'));
  assert.equal(draft.status, 201, draft.text);
  assert.equal(JSON.parse((await get('format=json&q=EX-0001')).text).items.length, 0);
  const drafts = JSON.parse((await get('format=json&status=draft&q=EX-0001')).text);
  assert.deepEqual(drafts.items.map((i) => i.code), ['EX-0001']);
  // Nothing matches: an empty file, not an error.
  assert.equal(JSON.parse((await get('format=json&q=zzzzzz-none')).text).items.length, 0);
  isError(await get('format=json&department_id=abc'), 400, 'BAD_QUERY', 'department_id');
  isError(await get('format=json&type=nonsense'), 400, 'BAD_QUERY', 'type');
  isError(await get('format=json&status=gone'), 400, 'BAD_QUERY', 'status');
  isError(await get('format=json&page=2'), 400, 'BAD_QUERY', 'page');
  isError(await get(`format=json&q=${'长'.repeat(51)}`), 400, 'BAD_QUERY', 'q');
  isError(await anon.get(`/api/v1/items/export?format=csv&department_id=${dept.department_id}`), 401, 'UNAUTHENTICATED');
});

test('list rows carry the item state: status, published_version, draft_version, updated_at', async () => {
  const pub = await createPublished(item('ST-0001'));
  const row = async (who) => (await who.get('/api/v1/items?q=ST-0001')).json.items[0];
  let r = await row(capi);
  assert.deepEqual([r.status, r.version_status, r.published_version, r.draft_version, r.version], ['published', 'published', 1, null, 1]);
  assert.ok(r.updated_at >= pub.updated_at && typeof r.updated_at === 'number');
  const e = await capi.put(`/api/v1/items/${pub.id}`, { ...item('ST-0001', { name: '测试事项（草稿二）' }), revision: pub.revision });
  assert.equal(e.status, 200, e.text);
  r = await row(capi);
  assert.deepEqual([r.status, r.version_status, r.published_version, r.draft_version, r.version], ['published', 'draft', 1, 2, 2], 'staff see 已发布 · 有草稿 v2');
  const pr = await row(anon);
  assert.deepEqual([pr.status, pr.version_status, pr.published_version, pr.draft_version], ['published', 'published', 1, 2]);
  const c = await capi.post('/api/v1/items', item('ST-0002'));
  r = (await capi.get('/api/v1/items?q=ST-0002')).json.items[0];
  assert.deepEqual([r.status, r.published_version, r.draft_version], ['draft', null, 1]);
  assert.equal(r.updated_at, c.json.updated_at);
  const p2 = await capi.post(`/api/v1/items/${pub.id}/publish`, { revision: e.json.revision });
  const ret = await capi.post(`/api/v1/items/${pub.id}/retire`, { revision: p2.json.revision });
  assert.equal(ret.status, 200, ret.text);
  r = (await capi.get('/api/v1/items?q=ST-0001&status=retired')).json.items[0];
  assert.deepEqual([r.status, r.version_status, r.published_version, r.draft_version], ['retired', 'retired', null, null]);
});

test('GET /catalogue/departments: public, departments with published items and their counts', async () => {
  const r = await anon.get('/api/v1/catalogue/departments');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 3);
  const total = (await anon.get('/api/v1/items?page_size=1')).json.total;
  assert.equal(r.json.items.reduce((s, d) => s + d.items, 0), total, 'every published item counted once');
  for (const d of r.json.items.slice(0, 3)) {
    assert.ok(d.department_id > 0 && d.department && d.items > 0 && 'short_name' in d);
    assert.equal((await anon.get(`/api/v1/items?department_id=${d.department_id}&page_size=1`)).json.total, d.items);
  }
  for (let i = 1; i < r.json.items.length; i++) assert.ok(r.json.items[i - 1].items >= r.json.items[i].items, 'most items first');
  // A draft does not count; publishing it does.
  const dept = r.json.items.find((d) => d.department === DEPT);
  const before = dept ? dept.items : 0;
  const c = await capi.post('/api/v1/items', item('DP-0001'));
  const count = async () => ((await anon.get('/api/v1/catalogue/departments')).json.items.find((d) => d.department === DEPT) || { items: 0 }).items;
  assert.equal(await count(), before);
  await capi.post(`/api/v1/items/${c.json.id}/publish`, { revision: c.json.revision });
  assert.equal(await count(), before + 1);
  isError(await anon.get('/api/v1/catalogue/departments?page=2'), 400, 'BAD_QUERY', 'page');
});

test('retire takes an optional reason (≤ 200 characters) into the audit row; a bad one changes nothing', async () => {
  const pub = await createPublished(item('RT-0001'));
  const url = `/api/v1/items/${pub.id}/retire`;
  isError(await unchanged(() => capi.post(url, { revision: pub.revision, reason: '长'.repeat(201) })), 400, 'TOO_LONG', 'reason');
  isError(await unchanged(() => capi.post(url, { revision: pub.revision, reason: 42 })), 400, 'BAD_TYPE', 'reason');
  isError(await unchanged(() => capi.post(url, { revision: pub.revision, why: 'x' })), 400, 'UNKNOWN_FIELD', 'why');
  isError(await unchanged(() => capi.post(`/api/v1/items/${pub.id}/publish`, { revision: pub.revision, reason: 'x' })), 400, 'UNKNOWN_FIELD', 'reason');
  const reason = '事项已由省级统一实施，本级不再受理 "quoted" \\ 200';
  const r = await capi.post(url, { revision: pub.revision, reason });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'retired');
  const audit = await api.get(`/api/v1/audit?entity=item&entity_id=${pub.id}&action=retire`);
  assert.deepEqual(JSON.parse(audit.json.items[0].summary), { version: 1, reason });
  // Without a reason (or an empty one) the row has none.
  const pub2 = await createPublished(item('RT-0002'));
  assert.equal((await capi.post(`/api/v1/items/${pub2.id}/retire`, { revision: pub2.revision, reason: '' })).status, 200);
  const a2 = await api.get(`/api/v1/audit?entity=item&entity_id=${pub2.id}&action=retire`);
  assert.deepEqual(JSON.parse(a2.json.items[0].summary), { version: 1 });
  const pub3 = await createPublished(item('RT-0003'));
  assert.equal((await capi.post(`/api/v1/items/${pub3.id}/retire`, { reason: '长'.repeat(200) })).status, 200, '200 characters are fine');
});

test('item parser details are Chinese first, then English after " / "', async () => {
  const cases = [
    [item('ZH-0001', { complaint_phone: 'abc' }), 'INVALID_PHONE', 'complaint_phone'],
    [item('ZH-0002', { name: 7 }), 'BAD_TYPE', 'name'],
    [item('ZH-0003', { visits: 9 }), 'OUT_OF_RANGE', 'visits'],
    [item('ZH-0004', { type: 'x' }), 'BAD_ENUM', 'type'],
    [item('ZH-0005', { colour: 'red' }), 'UNKNOWN_FIELD', 'colour'],
    [item('ZH-0006', { materials: [{ name: '申请书', required: true, count: 0 }] }), 'OUT_OF_RANGE', 'materials[0].count'],
    [{ ...item('ZH-0007'), steps: undefined }, 'MISSING_FIELD', 'steps'],
    [item('ZH-0008', { themes: ['a|b'] }), 'BAD_FORMAT', 'themes[0]'],
  ];
  for (const [body, error, field] of cases) {
    const r = await unchanged(() => capi.post('/api/v1/items', body));
    isError(r, 400, error, field);
    const text = r.json.detail.replace(/^[\w.[\]]+: /, '');
    assert.match(text, /^[^a-zA-Z]*[\u4e00-\u9fff]/, `Chinese first: ${r.json.detail}`);
    assert.match(text, / \/ [a-zA-Z]/, `English after " / ": ${r.json.detail}`);
  }
  const bad = await unchanged(() => request(srv.base, 'POST', '/api/v1/items', { token: cat.token, raw: Buffer.from('{"code":'), headers: { 'Content-Type': 'application/json' } }));
  isError(bad, 400, 'BAD_JSON');
  assert.match(bad.json.detail, /^JSON 格式错误.* \/ line/);
  // Import reports say the same.
  const imp = await unchanged(() => importJson(cat, [item('ZH-0009', { consult_phone: '12' })]));
  assert.match(imp.json.errors[0].reason, /[\u4e00-\u9fff].* \/ /);
});
