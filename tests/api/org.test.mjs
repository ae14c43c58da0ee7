// Organisation CRUD: regions, departments, halls, windows, staff — the
// happy paths, every bad input named in the issue (with proof that the
// store did not change), roles, scopes, optimistic locking, concurrency.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, client, request, isError, snapshot, ADMIN, DEMO_PASSWORD } from './harness.mjs';

let srv, admin, api;
const HOURS = ['08:30-12:00,14:30-17:30', '08:30-12:00', '08:30-17:00', '08:30-17:00', '08:30-17:00', '', ''];

before(async () => {
  srv = await startServer();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  api = client(srv.base, admin.token);
});
after(async () => { await srv.stop(); });

async function unchanged(resource, fn) {
  const before = await snapshot(srv.base, admin.token, resource);
  const r = await fn();
  assert.equal(await snapshot(srv.base, admin.token, resource), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

async function district() {
  const r = await api.get('/api/v1/regions?level=district');
  assert.equal(r.status, 200);
  return r.json.items.find((x) => x.code === '441602');
}

test('demo district is seeded with every kind of object', async () => {
  for (const [res, min] of [['regions', 10], ['departments', 28], ['halls', 4], ['windows', 16], ['staff', 9]]) {
    const r = await api.get(`/api/v1/${res}?page_size=200`);
    assert.equal(r.status, 200);
    assert.ok(r.json.total >= min, `${res}: ${r.json.total}`);
  }
  const w = await api.get('/api/v1/windows?hall_id=1&page_size=200');
  assert.ok(w.json.total >= 16, 'district hall has 16+ windows');
});

test('create, read, update, delete a hall and its window, all audited', async () => {
  const reg = await district();
  const name = `测试大厅${Date.now()}`;
  const c = await api.post('/api/v1/halls', { name, region_id: reg.id, level: 'street', address: '测试路1号', hours: HOURS }, { headers: { 'X-Request-Id': 'abc123' } });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.name, name);
  assert.deepEqual(c.json.hours, HOURS);
  assert.equal(c.json.version, 1);
  const g = await api.get(`/api/v1/halls/${c.json.id}`);
  assert.equal(g.json.address, '测试路1号');
  const w = await api.post('/api/v1/windows', { hall_id: c.json.id, number: 1, name: '综合受理1', type: 'comprehensive', department_ids: [1, 2], queue_codes: ['A'] });
  assert.equal(w.status, 201, w.text);
  assert.deepEqual(w.json.department_ids, [1, 2]);
  assert.equal(w.json.is_open, true);
  const u = await api.put(`/api/v1/windows/${w.json.id}`, { is_open: false, version: 1 });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.json.is_open, false);
  assert.equal(u.json.version, 2);
  const audit = await api.get(`/api/v1/audit?entity=hall&entity_id=${c.json.id}`);
  assert.equal(audit.json.items[0].action, 'create');
  assert.equal(audit.json.items[0].request_id, 'abc123');
  assert.equal(audit.json.items[0].actor_name, admin.user.name);
  const wa = await api.get(`/api/v1/audit?entity=window&entity_id=${w.json.id}&action=update`);
  assert.deepEqual(JSON.parse(wa.json.items[0].summary), { is_open: [true, false] });
  // A hall with windows cannot be deleted; after removing the window it can.
  isError(await unchanged('halls', () => api.del(`/api/v1/halls/${c.json.id}`)), 409, 'IN_USE');
  assert.equal((await api.del(`/api/v1/windows/${w.json.id}`)).status, 204);
  assert.equal((await api.del(`/api/v1/halls/${c.json.id}`)).status, 204);
  isError(await api.get(`/api/v1/halls/${c.json.id}`), 404, 'NOT_FOUND');
});

test('bad bodies get their registry error and change nothing', async () => {
  const reg = await district();
  const good = { name: `部门${Date.now()}`, credit_code: '91350100M000100Y43', region_id: reg.id };
  const cases = [
    [{ raw: '{"name": "x",' }, 400, 'BAD_JSON'],
    [{ raw: '[1,2]' }, 400, 'BAD_JSON'],
    [{ raw: '' }, 400, 'BAD_JSON'],
    [{ raw: '{"name":"a","name":"b"}' }, 400, 'BAD_JSON'],
    [{ raw: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","credit_code":"x","region_id":1}')]) }, 400, 'BAD_UTF8'],
    [{ body: { ...good, name: 42 } }, 400, 'BAD_TYPE', 'name'],
    [{ body: { ...good, region_id: '3' } }, 400, 'BAD_TYPE', 'region_id'],
    [{ body: { credit_code: good.credit_code, region_id: reg.id } }, 400, 'MISSING_FIELD', 'name'],
    [{ body: { ...good, colour: 'red' } }, 400, 'UNKNOWN_FIELD', 'colour'],
    [{ body: { ...good, name: '长'.repeat(61) } }, 400, 'TOO_LONG', 'name'],
    [{ body: { ...good, credit_code: '91110000600037341N' } }, 400, 'INVALID_CREDIT_CODE', 'credit_code'],
    [{ body: { ...good, region_id: 999999 } }, 400, 'REF_NOT_FOUND', 'region_id'],
    [{ body: { ...good, name: '河源市源城区市场监督管理局' } }, 409, 'DUPLICATE', 'name'],
    [{ body: good, headers: { 'Content-Type': 'text/plain' } }, 415, 'BAD_CONTENT_TYPE'],
  ];
  for (const [opts, status, error, field] of cases) {
    const r = await unchanged('departments', () =>
      request(srv.base, 'POST', '/api/v1/departments', { token: admin.token, headers: { 'Content-Type': 'application/json', ...(opts.headers || {}) }, ...opts }));
    isError(r, status, error, field);
  }
  const ok = await api.post('/api/v1/departments', good);
  assert.equal(ok.status, 201, ok.text);
});

test('hall and window field rules', async () => {
  const reg = await district();
  const base = { name: `大厅${Date.now()}`, region_id: reg.id, level: 'street', hours: HOURS };
  isError(await unchanged('halls', () => api.post('/api/v1/halls', { ...base, hours: HOURS.slice(0, 6) })), 400, 'OUT_OF_RANGE', 'hours');
  isError(await unchanged('halls', () => api.post('/api/v1/halls', { ...base, hours: ['25:00-26:00', ...HOURS.slice(1)] })), 400, 'INVALID_HOURS', 'hours[0]');
  isError(await unchanged('halls', () => api.post('/api/v1/halls', { ...base, hours: ['12:00-09:00', ...HOURS.slice(1)] })), 400, 'INVALID_HOURS', 'hours[0]');
  isError(await unchanged('halls', () => api.post('/api/v1/halls', { ...base, level: 'city' })), 400, 'BAD_ENUM', 'level');
  isError(await unchanged('halls', () => api.post('/api/v1/halls', { ...base, phone: '12345' })), 400, 'INVALID_PHONE', 'phone');
  isError(await unchanged('windows', () => api.post('/api/v1/windows', { hall_id: 1, number: 1, name: 'dup', type: 'comprehensive' })), 409, 'DUPLICATE', 'number');
  isError(await unchanged('windows', () => api.post('/api/v1/windows', { hall_id: 1, number: 1000, name: 'x', type: 'comprehensive' })), 400, 'OUT_OF_RANGE', 'number');
  isError(await unchanged('windows', () => api.post('/api/v1/windows', { hall_id: 1, number: 90, name: 'x', type: 'comprehensive', department_ids: [1, 99999] })), 400, 'REF_NOT_FOUND', 'department_ids');
  isError(await unchanged('windows', () => api.post('/api/v1/windows', { hall_id: 424242, number: 90, name: 'x', type: 'comprehensive' })), 400, 'REF_NOT_FOUND', 'hall_id');
  isError(await unchanged('windows', () => api.post('/api/v1/windows', { hall_id: 1, number: 90, name: 'x', type: 'vip' })), 400, 'BAD_ENUM', 'type');
});

test('region tree rules', async () => {
  const reg = await district();
  isError(await unchanged('regions', () => api.post('/api/v1/regions', { code: '441602999', name: '错层', level: 'community', parent_id: reg.id })), 400, 'INVALID_REGION_CODE', 'code');
  isError(await unchanged('regions', () => api.post('/api/v1/regions', { code: '441702001', name: '错前缀', level: 'street', parent_id: reg.id })), 400, 'INVALID_PARENT', 'parent_id');
  isError(await unchanged('regions', () => api.post('/api/v1/regions', { code: '449999', name: '不存在', level: 'district', parent_id: reg.parent_id })), 400, 'INVALID_REGION_CODE', 'code');
  const s = await api.post('/api/v1/regions', { code: '441602100', name: '新街道', level: 'street', parent_id: reg.id });
  assert.equal(s.status, 201, s.text);
  isError(await unchanged('regions', () => api.del(`/api/v1/regions/${reg.id}`)), 409, 'IN_USE');
});

test('unknown ids and query parameters', async () => {
  isError(await api.get('/api/v1/halls/999999'), 404, 'NOT_FOUND');
  isError(await api.get('/api/v1/halls/abc'), 404, 'NOT_FOUND', 'id');
  isError(await unchanged('halls', () => api.put('/api/v1/halls/999999', { name: '有效的名称' })), 404, 'NOT_FOUND');
  isError(await unchanged('halls', () => api.del('/api/v1/halls/999999')), 404, 'NOT_FOUND');
  isError(await api.get('/api/v1/halls?page=0'), 400, 'BAD_QUERY', 'page');
  isError(await api.get('/api/v1/halls?page_size=201'), 400, 'BAD_QUERY', 'page_size');
  isError(await api.get('/api/v1/halls?level=city'), 400, 'BAD_QUERY', 'level');
  isError(await api.get('/api/v1/staff?role=clerk'), 400, 'BAD_QUERY', 'role');
  const s = await api.get(`/api/v1/departments?q=${encodeURIComponent('市场监督')}`);
  assert.equal(s.json.total, 1);
  assert.equal(s.json.items[0].name, '河源市源城区市场监督管理局');
});

test('optimistic locking refuses a stale version', async () => {
  const g = await api.get('/api/v1/halls/2');
  const first = await api.put('/api/v1/halls/2', { address: '新地址一', version: g.json.version });
  assert.equal(first.status, 200, first.text);
  isError(await unchanged('halls', () => api.put('/api/v1/halls/2', { address: '新地址二', version: g.json.version })), 409, 'CONFLICT', 'version');
});

test('concurrent updates with one version: exactly one wins, no lost update', async () => {
  const g = await api.get('/api/v1/halls/3');
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    api.put('/api/v1/halls/3', { address: `并发地址${i}`, version: g.json.version })));
  const wins = results.filter((r) => r.status === 200);
  assert.equal(wins.length, 1);
  for (const r of results.filter((x) => x.status !== 200)) isError(r, 409, 'CONFLICT');
  const after = await api.get('/api/v1/halls/3');
  assert.equal(after.json.version, g.json.version + 1);
  assert.equal(after.json.address, wins[0].json.address);
});

test('concurrent creates of one name: exactly one is stored', async () => {
  const reg = await district();
  const name = `并发大厅${Date.now()}`;
  const results = await Promise.all(Array.from({ length: 16 }, () =>
    api.post('/api/v1/halls', { name, region_id: reg.id, level: 'community', hours: HOURS })));
  assert.equal(results.filter((r) => r.status === 201).length, 1);
  for (const r of results.filter((x) => x.status !== 201)) isError(r, 409, 'DUPLICATE');
  const list = await api.get(`/api/v1/halls?q=${encodeURIComponent(name)}`);
  assert.equal(list.json.total, 1);
});

test('roles: a clerk may read but not write organisation data', async () => {
  const clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  const c = client(srv.base, clerk.token);
  assert.equal((await c.get('/api/v1/windows?hall_id=1')).status, 200);
  isError(await unchanged('departments', () => c.post('/api/v1/departments', { name: '越权局', credit_code: '91350100M000100Y43', region_id: 3 })), 403, 'FORBIDDEN_ROLE');
  isError(await c.get('/api/v1/staff'), 403, 'FORBIDDEN_ROLE');
  isError(await c.get('/api/v1/audit'), 403, 'FORBIDDEN_ROLE');
});

test('scope: a hall manager manages windows of their own hall only', async () => {
  const mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  assert.ok(mgr.user.hall_id, 'demo hall manager is bound to a hall');
  const m = client(srv.base, mgr.token);
  const own = await m.post('/api/v1/windows', { hall_id: mgr.user.hall_id, number: 77, name: '新窗口', type: 'consulting' });
  assert.equal(own.status, 201, own.text);
  const other = (await api.get('/api/v1/halls?page_size=10')).json.items.find((h) => h.id !== mgr.user.hall_id);
  isError(await unchanged('windows', () => m.post('/api/v1/windows', { hall_id: other.id, number: 78, name: '越界', type: 'consulting' })), 403, 'FORBIDDEN_SCOPE', 'hall_id');
  const foreign = (await api.get(`/api/v1/windows?hall_id=${other.id}`)).json.items[0];
  isError(await unchanged('windows', () => m.put(`/api/v1/windows/${foreign.id}`, { name: '越界修改' })), 403, 'FORBIDDEN_SCOPE');
  isError(await unchanged('windows', () => m.put(`/api/v1/windows/${own.json.id}`, { hall_id: other.id })), 403, 'FORBIDDEN_SCOPE');
  // Lists of hall objects are cut to the scope too…
  const mine = await m.get('/api/v1/windows?page_size=200');
  assert.ok(mine.json.items.every((w) => w.hall_id === mgr.user.hall_id));
  isError(await m.get(`/api/v1/windows/${foreign.id}`), 403, 'FORBIDDEN_SCOPE');
  // …but reference data (departments, regions) is readable, not writable.
  const deps = await m.get('/api/v1/departments?page_size=100');
  assert.ok(deps.json.total >= 28);
  assert.equal((await m.get(`/api/v1/departments/${deps.json.items[5].id}`)).status, 200);
  isError(await unchanged('departments', () => m.put(`/api/v1/departments/${deps.json.items[5].id}`, { phone: '0762-1234567' })), 403, 'FORBIDDEN_ROLE');
});

test('staff: passwords are hashed, never shown; phones masked everywhere', async () => {
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['clerk'], password: 'Sh0rt!' })), 400, 'WEAK_PASSWORD', 'password');
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['clerk'], password: 'alllowercase1' })), 400, 'WEAK_PASSWORD', 'password');
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['citizen'], password: 'Good#Pass2026' })), 400, 'BAD_ENUM', 'roles[0]');
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['clerk'], password: 'Good#Pass2026', phone: '1380000' })), 400, 'BAD_FORMAT', 'phone');
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['clerk'], password: 'Good#Pass2026', password_hash: 'x' })), 400, 'UNKNOWN_FIELD', 'password_hash');
  const c = await api.post('/api/v1/staff', { username: 'newbie', name: '新人', roles: ['clerk'], password: 'Good#Pass2026', phone: '13912345678', hall_id: 1 });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.phone, '139****5678');
  assert.equal(c.json.password, undefined);
  assert.equal(c.json.password_hash, undefined);
  const audit = await api.get(`/api/v1/audit?entity=staff&entity_id=${c.json.id}`);
  assert.ok(!audit.json.items[0].summary.includes('13912345678'));
  assert.ok(!audit.json.items[0].summary.includes('Good#Pass2026'));
  assert.ok(!srv.logs().includes('13912345678'), 'full phone must not reach the log');
  const s = await login(srv.base, 'newbie', 'Good#Pass2026');
  assert.deepEqual(s.user.roles, ['clerk']);
});

test('an administrator may read a full phone, and that read is audited', async () => {
  const staff = (await api.get('/api/v1/staff?q=clerk03')).json.items[0];
  assert.match(staff.phone, /^\d{3}\*{4}\d{4}$/);
  const r = await api.get(`/api/v1/staff/${staff.id}/contact`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.phone, /^1\d{10}$/);
  const audit = await api.get(`/api/v1/audit?entity=staff&entity_id=${staff.id}&action=reveal`);
  assert.equal(audit.json.total, 1);
  assert.equal(audit.json.items[0].actor_name, admin.user.name);
  const mgr = await login(srv.base, 'hallmgr', DEMO_PASSWORD);
  isError(await client(srv.base, mgr.token).get(`/api/v1/staff/${staff.id}/contact`), 403, 'FORBIDDEN_ROLE');
  isError(await api.get('/api/v1/staff/999999/contact'), 404, 'NOT_FOUND');
});

test('an update that changes nothing keeps the version and writes no audit row', async () => {
  const g = await api.get('/api/v1/halls/4');
  const auditBefore = (await api.get('/api/v1/audit?entity=hall&entity_id=4')).json.total;
  const r = await api.put('/api/v1/halls/4', { address: g.json.address, version: g.json.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.version, g.json.version);
  assert.equal((await api.get('/api/v1/audit?entity=hall&entity_id=4')).json.total, auditBefore);
});

test('an emptied optional field becomes null; list fields are JSON in the audit summary', async () => {
  const r = await api.put('/api/v1/halls/4', { phone: '' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, null);
  const w = await api.put('/api/v1/windows/1', { queue_codes: ['A', 'B'] });
  assert.equal(w.status, 200, w.text);
  const a = await api.get('/api/v1/audit?entity=window&entity_id=1&action=update');
  const change = JSON.parse(a.json.items[0].summary).queue_codes;
  assert.ok(Array.isArray(change[1]), a.json.items[0].summary);
  assert.deepEqual(change[1], ['A', 'B']);
});

test('a duplicate username names its field', async () => {
  isError(await unchanged('staff', () => api.post('/api/v1/staff', { username: 'clerk01', name: '重名', roles: ['clerk'], password: 'Good#Pass2026' })), 409, 'DUPLICATE', 'username');
});
