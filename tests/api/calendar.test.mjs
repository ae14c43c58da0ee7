// Working-day calendar and validation APIs: the DOMAIN.md vectors through
// HTTP, a year without data, bad dates and ranges, imports and closures
// (admin only, audited, nothing changed on refusal), a closure moving a
// deadline, a second server instance and the CLI noticing changes, and the
// validators the front end uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, login, client, request, isError, yiwang, BIN, ROOT, ADMIN, DEMO_PASSWORD } from './harness.mjs';

// Other instances (and this one, for CLI changes) look at the store's
// calendar version this often; serve inherits the environment.
process.env.YIWANG_CALENDAR_CHECK_MS = '200';

let srv, admin, api, clerk, capi;

before(async () => {
  srv = await startServer();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  api = client(srv.base, admin.token);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  capi = client(srv.base, clerk.token);
});
after(async () => { await srv.stop(); });

const pub = (path) => request(srv.base, 'GET', path);
const addDays = (from, days, base = srv.base) => request(base, 'GET', `/api/v1/calendar/add?from=${from}&days=${days}`);

async function calendarState() {
  const years = await pub('/api/v1/calendar/years');
  const closures = await api.get('/api/v1/calendar/closures');
  const audit = await api.get('/api/v1/audit?page_size=1');
  return JSON.stringify({ years: years.json, closures: closures.json, audit: audit.json.total });
}

// A refused request leaves the calendar, its version and the audit log as they were.
async function unchanged(fn) {
  const before = await calendarState();
  const r = await fn();
  assert.equal(await calendarState(), before, `calendar changed after ${r.status} ${r.text}`);
  return r;
}

async function until(what, fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

function todayShanghai() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function ageOn(birth, today) {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

test('DOMAIN.md vectors, and between() as the inverse of add()', async () => {
  const vectors = [['2025-09-26', 5, '2025-10-10'], ['2025-12-31', 1, '2026-01-04'],
    ['2026-02-11', 20, '2026-03-17'], ['2026-09-30', 1, '2026-10-08']];
  for (const [from, days, want] of vectors) {
    const r = await addDays(from, days);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.date, want, `${from} + ${days}`);
    assert.equal(r.json.from, from);
    assert.equal(r.json.days, days);
    const b = await pub(`/api/v1/calendar/between?from=${from}&to=${want}`);
    assert.equal(b.status, 200, b.text);
    assert.equal(b.json.working_days, days);
    const back = await pub(`/api/v1/calendar/between?from=${want}&to=${from}`);
    assert.equal(back.json.working_days, -days);
  }
  assert.equal((await addDays('2026-03-06', 0)).json.date, '2026-03-06');
  // public: no session needed, and a session does not change the answer
  assert.equal((await api.get('/api/v1/calendar/add?from=2026-02-11&days=20')).json.date, '2026-03-17');
});

test('days lists holidays, make-up days and the working-day count', async () => {
  const r = await pub('/api/v1/calendar/days?from=2026-09-30&to=2026-10-10');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.days.length, 11);
  const by = Object.fromEntries(r.json.days.map((d) => [d.date, d]));
  assert.deepEqual(by['2026-09-30'], { date: '2026-09-30', weekday: 3, working: true, name: null, closure: null });
  assert.deepEqual(by['2026-10-01'], { date: '2026-10-01', weekday: 4, working: false, name: '国庆节', closure: null });
  assert.equal(by['2026-10-10'].working, true); // a make-up Saturday
  assert.equal(by['2026-10-10'].name, '国庆节');
  assert.equal(by['2026-10-10'].weekday, 6);
  assert.equal(r.json.working_days, 4); // 9/30, 10/8, 10/9, 10/10
  const one = await pub('/api/v1/calendar/days?from=2026-01-04&to=2026-01-04');
  assert.equal(one.json.days.length, 1);
  assert.equal(one.json.working_days, 1); // a working Sunday
  const most = await pub('/api/v1/calendar/days?from=2025-01-01&to=2026-02-04'); // 400 days
  assert.equal(most.status, 200, most.text);
  assert.equal(most.json.days.length, 400);
});

test('years: 2023–2026 have data, 2027 is known to have none', async () => {
  const r = await pub('/api/v1/calendar/years');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.json.years.map((y) => [y.year, y]));
  for (const y of [2023, 2024, 2025, 2026]) {
    assert.equal(by[y].has_data, true, `${y}`);
    assert.ok(by[y].days > 20);
    assert.equal(by[y].source, `builtin:${y}.json`);
  }
  assert.equal(by[2027].has_data, false);
  assert.equal(by[2027].days, 0);
  assert.equal(by[2027].imported_by, undefined, 'who imported is not public');
  assert.ok(r.json.calendar_version >= 5);
});

test('a year without data is CALENDAR_MISSING naming the year, never a guess', async () => {
  for (const path of ['/api/v1/calendar/add?from=2026-12-28&days=10', '/api/v1/calendar/add?from=2027-03-01&days=1',
    '/api/v1/calendar/between?from=2026-12-01&to=2027-01-05', '/api/v1/calendar/days?from=2026-12-25&to=2027-01-02',
    '/api/v1/calendar/add?from=2022-12-20&days=1']) {
    const r = await pub(path);
    isError(r, 422, 'CALENDAR_MISSING');
    assert.match(r.json.detail, path.includes('2022') ? /2022/ : /2027/, path);
  }
  // counts that stay inside 2026 still work
  assert.equal((await addDays('2026-12-28', 3)).json.date, '2026-12-31');
});

test('bad dates and ranges are registry errors naming the parameter', async () => {
  const cases = [
    ['/api/v1/calendar/add?days=1', 'from'],
    ['/api/v1/calendar/add?from=2026-02-30&days=1', 'from'],
    ['/api/v1/calendar/add?from=2026-2-1&days=1', 'from'],
    ['/api/v1/calendar/add?from=20260211&days=1', 'from'],
    ['/api/v1/calendar/add?from=2026-02-11%20&days=1', 'from'],
    ['/api/v1/calendar/add?from=2026-02-11', 'days'],
    ['/api/v1/calendar/add?from=2026-02-11&days=-1', 'days'],
    ['/api/v1/calendar/add?from=2026-02-11&days=2601', 'days'],
    ['/api/v1/calendar/add?from=2026-02-11&days=1.5', 'days'],
    ['/api/v1/calendar/add?from=2026-02-11&days=abc', 'days'],
    ['/api/v1/calendar/add?from=2026-02-11&days=', 'days'],
    ['/api/v1/calendar/days?from=2026-01-01', 'to'],
    ['/api/v1/calendar/days?from=2026-03-01&to=2026-02-01', 'to'],
    ['/api/v1/calendar/days?from=2025-01-01&to=2026-02-05', 'to'], // 401 days
    ['/api/v1/calendar/days?from=2026-01-01&to=2026-13-01', 'to'],
    ['/api/v1/calendar/between?from=2015-01-01&to=2026-01-02', 'to'], // more than 3659 days apart
    ['/api/v1/calendar/between?from=x&to=2026-01-02', 'from'],
  ];
  for (const [path, field] of cases) isError(await pub(path), 400, 'BAD_QUERY', field);
});

test('import: admin only, audited, the same data twice changes nothing', async () => {
  const y2030 = { year: 2030, papers: [], days: [
    { name: '测试', date: '2030-01-07', isOffDay: true },
    { name: '测试', date: '2030-01-12', isOffDay: false }] };
  isError(await unchanged(() => capi.post('/api/v1/calendar/import', y2030)), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => request(srv.base, 'POST', '/api/v1/calendar/import', { body: y2030 })), 401, 'UNAUTHENTICATED');
  const r = await api.post('/api/v1/calendar/import', y2030);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ ...r.json, calendar_version: 0 }, { year: 2030, has_data: true, days: 2, changed: true, calendar_version: 0 });
  assert.equal((await addDays('2030-01-04', 1)).json.date, '2030-01-08'); // the Monday is off
  assert.equal((await addDays('2030-01-11', 1)).json.date, '2030-01-12'); // the Saturday works
  const audit = await api.get('/api/v1/audit?entity=calendar_year&entity_id=2030');
  assert.equal(audit.json.total, 1);
  assert.equal(audit.json.items[0].action, 'import');
  assert.equal(audit.json.items[0].actor_name, admin.user.name);
  assert.deepEqual(JSON.parse(audit.json.items[0].summary).days, 2);
  // the same data again (other member order and spacing): changed false, nothing written
  const again = await unchanged(() => request(srv.base, 'POST', '/api/v1/calendar/import', { token: admin.token,
    raw: JSON.stringify({ days: y2030.days, year: 2030 }, null, 2), headers: { 'Content-Type': 'application/json' } }));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.changed, false);
  assert.equal(again.json.calendar_version, r.json.calendar_version);
  const years = await pub('/api/v1/calendar/years');
  const y = years.json.years.find((x) => x.year === 2030);
  assert.equal(y.source, 'api');
  assert.equal(y.has_data, true);
});

test('bad imports are refused and change nothing', async () => {
  const post = (opts) => request(srv.base, 'POST', '/api/v1/calendar/import', { token: admin.token, headers: { 'Content-Type': 'application/json', ...(opts.headers || {}) }, ...opts });
  const cases = [
    [{ raw: '{"year":2031,' }, 400, 'BAD_JSON'],
    [{ raw: '[]' }, 400, 'BAD_JSON'],
    [{ raw: '' }, 400, 'BAD_JSON'],
    [{ body: { year: 2031, days: [] }, headers: { 'Content-Type': 'text/plain' } }, 415, 'BAD_CONTENT_TYPE'],
    [{ body: { days: [] } }, 400, 'BAD_FORMAT', 'year'],
    [{ body: { year: '2031', days: [] } }, 400, 'BAD_FORMAT', 'year'],
    [{ body: { year: 1800, days: [] } }, 400, 'BAD_FORMAT', 'year'],
    [{ body: { year: 2031 } }, 400, 'BAD_FORMAT', 'days'],
    [{ body: { year: 2031, days: [{ name: 'x', date: '2031-02-30', isOffDay: true }] } }, 400, 'BAD_FORMAT', 'days[0].date'],
    [{ body: { year: 2031, days: [{ name: 'x', date: '2031-01-01', isOffDay: true }, { name: 'x', date: '2031-01-02' }] } }, 400, 'BAD_FORMAT', 'days[1]'],
    [{ body: { year: 2031, days: [{ name: 'x', date: '2035-01-01', isOffDay: true }] } }, 400, 'BAD_FORMAT', 'days[0].date'],
    [{ body: { year: 2031, days: [{ name: '长'.repeat(41), date: '2031-01-01', isOffDay: true }] } }, 400, 'TOO_LONG', 'days[0].name'],
    // an empty file would erase a published year
    [{ body: { year: 2026, papers: [], days: [] } }, 409, 'CALENDAR_HAS_DATA', 'days'],
    [{ raw: Buffer.concat([Buffer.from('{"year":2031,"days":[{"name":"'), Buffer.from([0xff]), Buffer.from('","date":"2031-01-01","isOffDay":true}]}')]) }, 400, 'BAD_UTF8'],
  ];
  for (const [opts, status, error, field] of cases) isError(await unchanged(() => post(opts)), status, error, field);
  assert.equal((await addDays('2026-02-11', 20)).json.date, '2026-03-17');
  const big = { year: 2031, days: [], pad: 'x'.repeat(300 * 1024) };
  isError(await unchanged(() => post({ body: big })), 413, 'BODY_TOO_LARGE');
});

test('a closure moves a deadline; admin only; audited; removing it moves it back', async () => {
  assert.equal((await addDays('2026-09-15', 1)).json.date, '2026-09-16');
  assert.equal((await addDays('2026-09-10', 5)).json.date, '2026-09-17');
  const typhoon = { date: '2026-09-16', reason: '台风停工' };
  isError(await unchanged(() => capi.post('/api/v1/calendar/closures', typhoon)), 403, 'FORBIDDEN_ROLE');
  isError(await capi.get('/api/v1/calendar/closures'), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => capi.del('/api/v1/calendar/closures/2026-09-16')), 403, 'FORBIDDEN_ROLE');
  const c = await api.post('/api/v1/calendar/closures', typhoon);
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.date, '2026-09-16');
  assert.equal(c.json.reason, '台风停工');
  assert.equal(c.json.created_by, admin.user.name);
  assert.ok(c.json.calendar_version > 0);
  // this instance applies its own change at once
  assert.equal((await addDays('2026-09-15', 1)).json.date, '2026-09-17');
  assert.equal((await addDays('2026-09-10', 5)).json.date, '2026-09-18');
  assert.equal((await pub('/api/v1/calendar/between?from=2026-09-14&to=2026-09-18')).json.working_days, 3);
  const day = await pub('/api/v1/calendar/days?from=2026-09-16&to=2026-09-16');
  assert.deepEqual(day.json.days[0], { date: '2026-09-16', weekday: 3, working: false, name: null, closure: '台风停工' });
  const list = await api.get('/api/v1/calendar/closures');
  assert.deepEqual(list.json.items.map((x) => [x.date, x.reason]), [['2026-09-16', '台风停工']]);
  assert.equal(list.json.total, 1);
  isError(await unchanged(() => api.post('/api/v1/calendar/closures', { date: '2026-09-16', reason: '再次' })), 409, 'DUPLICATE', 'date');

  const audit = await api.get('/api/v1/audit?entity=calendar_closure&entity_id=20260916');
  assert.equal(audit.json.items[0].action, 'create');
  assert.equal(JSON.parse(audit.json.items[0].summary).reason, '台风停工');

  const d = await api.del('/api/v1/calendar/closures/2026-09-16');
  assert.equal(d.status, 204, d.text);
  assert.equal((await addDays('2026-09-15', 1)).json.date, '2026-09-16');
  isError(await unchanged(() => api.del('/api/v1/calendar/closures/2026-09-16')), 404, 'NOT_FOUND', 'date');
  const audit2 = await api.get('/api/v1/audit?entity=calendar_closure&entity_id=20260916');
  assert.deepEqual(audit2.json.items.map((x) => x.action), ['delete', 'create']);
});

test('bad closures are refused and change nothing', async () => {
  const cases = [
    [{ date: '2026-9-16', reason: 'x' }, 400, 'BAD_FORMAT', 'date'],
    [{ date: '2026-02-30', reason: 'x' }, 400, 'BAD_FORMAT', 'date'],
    [{ date: '1899-12-31', reason: 'x' }, 400, 'BAD_FORMAT', 'date'],
    [{ date: '2026-09-16 ', reason: 'x' }, 400, 'TOO_LONG', 'date'],
    [{ date: 20260916, reason: 'x' }, 400, 'BAD_TYPE', 'date'],
    [{ reason: 'x' }, 400, 'MISSING_FIELD', 'date'],
    [{ date: '2026-09-16' }, 400, 'MISSING_FIELD', 'reason'],
    [{ date: '2026-09-16', reason: '' }, 400, 'BAD_FORMAT', 'reason'],
    [{ date: '2026-09-16', reason: '   ' }, 400, 'MISSING_FIELD', 'reason'],
    [{ date: '2026-09-16', reason: 'a\nb' }, 400, 'BAD_FORMAT', 'reason'],
    [{ date: '2026-09-16', reason: '台'.repeat(101) }, 400, 'TOO_LONG', 'reason'],
    [{ date: '2026-09-16', reason: 'x', region: 1 }, 400, 'UNKNOWN_FIELD', 'region'],
  ];
  for (const [body, status, error, field] of cases)
    isError(await unchanged(() => api.post('/api/v1/calendar/closures', body)), status, error, field);
  for (const bad of ['abc', '2026-02-30', '2026-9-16'])
    isError(await unchanged(() => api.del(`/api/v1/calendar/closures/${bad}`)), 400, 'BAD_FORMAT', 'date');
  const ok = await api.post('/api/v1/calendar/closures', { date: '2026-09-16', reason: '台'.repeat(100) });
  assert.equal(ok.status, 201, ok.text);
  assert.equal((await api.del('/api/v1/calendar/closures/2026-09-16')).status, 204);
});

test('concurrent changes: one closure per date, every import and reader consistent', async () => {
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
    api.post('/api/v1/calendar/closures', { date: '2026-12-01', reason: `并发${i}` })));
  assert.equal(results.filter((r) => r.status === 201).length, 1);
  for (const r of results.filter((x) => x.status !== 201)) isError(r, 409, 'DUPLICATE', 'date');
  const audit = await api.get('/api/v1/audit?entity=calendar_closure&entity_id=20261201');
  assert.equal(audit.json.total, 1);
  // readers during changes see one calendar or the other, never a mix
  const readers = Array.from({ length: 30 }, async () => {
    const r = await addDays('2026-11-30', 1);
    assert.equal(r.status, 200, r.text);
    assert.ok(['2026-12-01', '2026-12-02'].includes(r.json.date), r.json.date);
  });
  const imports = Array.from({ length: 6 }, (_, i) => api.post('/api/v1/calendar/import',
    { year: 2032, days: [{ name: `v${i % 2}`, date: '2032-01-01', isOffDay: true }] }));
  await Promise.all([...readers, ...imports, api.del('/api/v1/calendar/closures/2026-12-01')]);
  for (const r of await Promise.all(imports)) assert.equal(r.status, 200, r.text);
  assert.equal((await addDays('2026-11-30', 1)).json.date, '2026-12-01');
});

// Another `yiwang serve` on the same store, as behind a load balancer.
async function secondServer() {
  const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--store', srv.store.url, '--web', `${srv.dir}/no-web`],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  const port = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('second server did not start:\n' + logs)), 10000);
    proc.stderr.on('data', (d) => {
      logs += d;
      const m = /"event":"listening".*?"port":(\d+)/.exec(logs);
      if (m) { clearTimeout(timer); ok(Number(m[1])); }
    });
    proc.on('exit', (code) => fail(new Error(`second server exited ${code}:\n${logs}`)));
  });
  proc.removeAllListeners('exit');
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise((ok) => { proc.on('exit', ok); proc.kill('SIGTERM'); }),
  };
}

test('a second instance and the CLI: changes reach every server through the calendar version', async () => {
  const other = await secondServer();
  try {
    assert.equal((await addDays('2026-11-10', 1, other.base)).json.date, '2026-11-11');
    // a closure made through the first instance reaches the second at its next check
    assert.equal((await api.post('/api/v1/calendar/closures', { date: '2026-11-11', reason: '停电' })).status, 201);
    await until('the second instance to see the closure', async () =>
      (await addDays('2026-11-10', 1, other.base)).json.date === '2026-11-12');
    // a change made with the CLI (a third process) reaches both
    yiwang(['calendar', 'closure', 'add', '2026-11-12', '--reason', '台风停工', '--store', srv.store.url]);
    for (const base of [srv.base, other.base])
      await until(`${base} to see the CLI closure`, async () => (await addDays('2026-11-10', 1, base)).json.date === '2026-11-13');
    const list = await api.get('/api/v1/calendar/closures');
    assert.deepEqual(list.json.items.map((x) => [x.date, x.created_by]), [['2026-11-11', admin.user.name], ['2026-11-12', 'cli']]);
    yiwang(['calendar', 'closure', 'remove', '2026-11-12', '--store', srv.store.url]);
    assert.equal((await api.del('/api/v1/calendar/closures/2026-11-11')).status, 204);
    for (const base of [srv.base, other.base])
      await until(`${base} to see both reopened`, async () => (await addDays('2026-11-10', 1, base)).json.date === '2026-11-11');
    const audit = await api.get('/api/v1/audit?entity=calendar_closure&entity_id=20261112');
    assert.deepEqual(audit.json.items.map((x) => [x.action, x.actor_name]), [['delete', 'cli'], ['create', 'cli']]);
  } finally {
    await other.stop();
  }
});

test('the CLI: import, show, years, help', async () => {
  const show = yiwang(['calendar', 'show', '2026', '--store', srv.store.url]);
  assert.match(show, /2026-10-01 {2}Thu {2}off {6}国庆节/);
  assert.match(show, /2026-01-04 {2}Sun {2}working {2}元旦 \(调休上班\)/);
  assert.match(show, /2026: \d+ working days/);
  assert.throws(() => yiwang(['calendar', 'show', '2027', '--store', srv.store.url]), (e) => e.status === 1 && /no holiday data/.test(e.stdout));
  const years = yiwang(['calendar', 'years', '--store', srv.store.url]);
  assert.match(years, /2027 {2}NO DATA/);
  const again = yiwang(['calendar', 'import', `${ROOT}/data/holidays/2026.json`, '--store', srv.store.url]);
  assert.match(again, /2026 unchanged/);
  assert.throws(() => yiwang(['calendar', 'import', 'no-such-file.json', '--store', srv.store.url]), (e) => e.status === 1);
  assert.match(yiwang(['calendar', '--help']), /closure add DATE --reason TEXT/);
  assert.throws(() => yiwang(['calendar', 'frobnicate', '--store', srv.store.url]), (e) => e.status === 2);
});

test('once 2027 is published, importing it makes its dates count', async () => {
  const y2027 = { year: 2027, days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '元旦', date: '2027-01-02', isOffDay: true },
    { name: '元旦', date: '2027-01-03', isOffDay: true }] };
  isError(await addDays('2026-12-28', 10), 422, 'CALENDAR_MISSING');
  const r = await api.post('/api/v1/calendar/import', y2027);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.changed, true);
  const after2027 = await addDays('2026-12-28', 10);
  assert.equal(after2027.status, 200, after2027.text);
  assert.equal(after2027.json.date, '2027-01-12');
  const audit = await api.get('/api/v1/audit?entity=calendar_year&entity_id=2027');
  assert.equal(audit.json.items[0].action, 'reimport');
  // seeding again keeps the newer data
  const out = yiwang(['seed', 'demo', '--store', srv.store.url]);
  assert.match(out, /1 kept/);
  assert.equal((await addDays('2026-12-28', 10)).json.date, '2027-01-12');
});

test('validate id-number: vectors, kinds, derived fields, 200 either way', async () => {
  const today = todayShanghai();
  const v = async (value) => {
    const r = await pub(`/api/v1/validate/id-number?value=${encodeURIComponent(value)}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  assert.deepEqual(await v('11010519491231002X'), { valid: true, normalized: '11010519491231002X', kind: 'resident',
    birth_date: '1949-12-31', sex: 'female', age: ageOn('1949-12-31', today), region_code: '110105', region_name: '北京市朝阳区' });
  const old = await v('440524188001010014');
  assert.equal(old.valid, true);
  assert.equal(old.sex, 'male');
  assert.equal(old.region_name, '广东省汕头市潮阳县');
  assert.equal(old.age, ageOn('1880-01-01', today));
  assert.equal((await v('360426199101010071')).valid, true);
  assert.equal((await v('11010519491231002x')).normalized, '11010519491231002X');
  const up = await v('110105491231002');
  assert.equal(up.kind, 'upgraded_15');
  assert.equal(up.normalized, '11010519491231002X');
  assert.equal(up.birth_date, '1949-12-31');
  const permit = await v('810000199001010027');
  assert.equal(permit.valid, true, JSON.stringify(permit));
  assert.equal(permit.kind, 'hk_macao_taiwan_permit');
  assert.equal(permit.region_name, '香港特别行政区');
  const foreign = await v('911840198503150139');
  assert.equal(foreign.valid, true, JSON.stringify(foreign));
  assert.equal(foreign.kind, 'foreign_permanent');
  assert.equal(foreign.nationality_code, '840');
  assert.equal(foreign.region_code, null);
  assert.equal(foreign.sex, 'male');
  for (const [value, part] of [['110105194912310021', 'X'], ['360426199113010079', 'month 13'],
    ['11011819800101002X', '2015'], ['１１010519491231002X', 'non-ASCII'], ['1234', 'not 4']]) {
    const r = await v(value);
    assert.equal(r.valid, false, value);
    assert.equal(r.field, 'value');
    assert.ok(r.reason.includes(part), `${value}: ${r.reason}`);
  }
  isError(await pub('/api/v1/validate/id-number'), 400, 'BAD_QUERY', 'value');
  isError(await pub('/api/v1/validate/id-number?value='), 400, 'BAD_QUERY', 'value');
  isError(await pub(`/api/v1/validate/id-number?value=${'1'.repeat(65)}`), 400, 'BAD_QUERY', 'value');
  // the value never reaches the log
  assert.ok(!srv.logs().includes('11010519491231002X') && !srv.logs().includes('110105491231002'));
});

test('validate credit-code and phone', async () => {
  const v = async (kind, value, extra = '') => {
    const r = await pub(`/api/v1/validate/${kind}?value=${encodeURIComponent(value)}${extra}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  assert.deepEqual(await v('credit-code', '91350100M000100Y43'), { valid: true, normalized: '91350100M000100Y43',
    registration_authority: { code: '9', name: '工商' }, category: { code: '1', name: '企业' },
    region_code: '350100', region_name: '福建省福州市', organization_code: 'M000100Y4' });
  const bj = await v('credit-code', '91110000600037341L');
  assert.equal(bj.region_name, '北京市');
  assert.equal((await v('credit-code', '9144030071526726XG')).region_name, '广东省深圳市');
  const bad = await v('credit-code', '91110000600037341N');
  assert.equal(bad.valid, false);
  assert.match(bad.reason, /should be L/);
  assert.equal(bad.field, 'value');
  assert.equal((await v('credit-code', '91110000600037341l')).valid, false);

  assert.deepEqual(await v('phone', '+86 138 0000 0001'), { valid: true, normalized: '13800000001', kind: 'mobile' });
  assert.deepEqual(await v('phone', '0762-3388123'), { valid: true, normalized: '0762-3388123', kind: 'landline' });
  assert.equal((await v('phone', '0762-3388123', '&kind=mobile')).valid, false);
  assert.equal((await v('phone', '13800000001', '&kind=mobile')).valid, true);
  const p = await v('phone', '12800000000');
  assert.equal(p.valid, false);
  assert.equal(p.field, 'value');
  isError(await pub('/api/v1/validate/phone?value=13800000001&kind=fax'), 400, 'BAD_QUERY', 'kind');
  isError(await pub('/api/v1/validate/credit-code'), 400, 'BAD_QUERY', 'value');
});

test('OpenAPI documents the calendar and validation routes with their roles', async () => {
  const doc = (await pub('/api/v1/openapi.json')).json;
  const roles = (p, m) => doc.paths[p][m]['x-roles'];
  for (const p of ['/api/v1/calendar/add', '/api/v1/calendar/days', '/api/v1/calendar/between', '/api/v1/calendar/years',
    '/api/v1/validate/id-number', '/api/v1/validate/credit-code', '/api/v1/validate/phone'])
    assert.deepEqual(roles(p, 'get'), [], p);
  assert.deepEqual(roles('/api/v1/calendar/import', 'post'), ['admin']);
  assert.deepEqual(roles('/api/v1/calendar/closures', 'get'), ['admin']);
  assert.deepEqual(roles('/api/v1/calendar/closures', 'post'), ['admin']);
  assert.deepEqual(roles('/api/v1/calendar/closures/{date}', 'delete'), ['admin']);
  assert.ok(doc.paths['/api/v1/calendar/closures'].post.requestBody);
  assert.ok(doc.paths['/api/v1/calendar/import'].post.requestBody);
});
