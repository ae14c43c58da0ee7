// An Open311 GeoReport v2 client against the 12345 hotline
// (docs/open311.md): a key made with `yiwang apikey create`; discovery;
// services and their definitions in JSON and XML; POST requests (a good
// one becomes a work order through the hotline; a missing, wrong or
// revoked key is 403 in the spec's error format, an unknown service_code
// 404, bad lat/long or no location 400 — and the store is unchanged after
// every refusal); reading back by id, in lists with every filter, the
// 90-day window and the 1,000-result limit; tokens; open/closed with
// status_notes as the order moves through the hotline. SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, request, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';
import { WED_0930_10, DAY, step, categories, departments } from './hotlinelib.mjs';

let srv, admin, agent, sup, cg, KEY;
let K = {};
let D = {};
const V = '/open311/v2';

before(async () => {
  srv = await startServer({ env: { YIWANG_TEST_CLOCK: String(WED_0930_10) } });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  agent = await login(srv.base, 'agent01', DEMO_PASSWORD);
  sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  cg = await login(srv.base, 'handler_cg', DEMO_PASSWORD);
  K = await categories(srv.base, agent);
  D = await departments(srv.base, admin);
  const out = yiwang(['apikey', 'create', '--store', srv.store.url, '--name', '城市随手拍 Open311 客户端']);
  KEY = out.match(/ywk_[0-9a-f]{8}_[0-9a-f]{64}/)[0];
});
after(() => srv?.stop());

const get = (path) => request(srv.base, 'GET', path);
const enc = (fields) => Object.entries(fields).filter(([, v]) => v !== undefined)
  .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const post = (fields, suffix = '.json', headers = {}) => request(srv.base, 'POST', `${V}/requests${suffix}`, {
  raw: Buffer.from(enc(fields)), headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
});
const good = (extra = {}) => ({
  api_key: KEY, service_code: 'HB0103', lat: '23.7431', long: '114.6990',
  address_string: '新江路12号, 新江社区, 源城区', description: '楼下烧烤店油烟直排，熏得开不了窗',
  'attribute[TYPE]': 'complaint', 'attribute[STREET]': '441602002', first_name: '小明', last_name: '王',
  phone: '13912345678', email: 'wang@example.org', device_id: 'dev-1', account_id: 'acct-42', ...extra,
});

/** The spec's error list: [{code, description}] (JSON) with the HTTP status. */
function isO311Error(r, status, name) {
  assert.equal(r.status, status, r.text);
  if (r.headers['content-type'].startsWith('text/xml')) {
    assert.match(r.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>\d+<\/code><description>[^<]+<\/description><\/error><\/errors>/);
    assert.ok(r.text.includes(`<description>${name}`), r.text);
    return;
  }
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.ok(Array.isArray(r.json) && r.json.length === 1, r.text);
  assert.deepEqual(Object.keys(r.json[0]).sort(), ['code', 'description']);
  assert.equal(typeof r.json[0].code, 'number');
  assert.ok(r.json[0].description.startsWith(name), r.text);
}

/** What a refused request must leave as it was: the orders, the Open311 list, the audit, the key's uses. */
async function snapshot() {
  const orders = await request(srv.base, 'GET', '/api/v1/hotline/orders?page_size=1', { token: sup.token });
  const audit = await request(srv.base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token });
  const keys = await request(srv.base, 'GET', '/api/v1/api-keys', { token: admin.token });
  const list = await get(`${V}/requests.json`);
  return JSON.stringify({ orders: orders.json.total, audit: audit.json.total, keys: keys.json.items, list: list.json });
}
async function unchanged(fn) {
  const before = await snapshot();
  const r = await fn();
  assert.equal(await snapshot(), before, `store changed after ${r.status} ${r.text}`);
  return r;
}
const xmlCount = (text, tag) => (text.match(new RegExp(`<${tag}>`, 'g')) || []).length;
const xmlValue = (text, tag) => (new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text) || [])[1];

test('discovery in JSON and XML', async () => {
  const j = await get('/open311/discovery.json');
  assert.equal(j.status, 200, j.text);
  assert.match(j.headers['content-type'], /^application\/json; charset=utf-8/);
  const ep = j.json.endpoints[0];
  assert.equal(ep.specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.ok(ep.url.endsWith('/open311/v2'));
  assert.deepEqual(ep.formats, ['text/xml', 'application/json']);
  assert.match(j.json.changeset, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  const x = await get('/open311/discovery.xml');
  assert.match(x.headers['content-type'], /^text\/xml; charset=utf-8/);
  assert.match(x.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/);
  assert.match(x.text, /<formats><format>text\/xml<\/format><format>application\/json<\/format><\/formats>/);
});

test('services are the active leaf categories, in JSON and XML; definitions carry the attributes', async () => {
  const leaves = Object.values(K).filter((k) => k.children.length === 0 && k.active);
  const j = await get(`${V}/services.json`);
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.length, leaves.length);
  const s = j.json.find((x) => x.service_code === 'HB0103');
  assert.deepEqual([s.service_name, s.metadata, s.type, s.group], [K.HB0103.name, true, 'realtime', K.HB.name]);
  assert.ok(s.keywords.includes(K.HB01.name) && s.description.includes('工作日'));
  for (const x of j.json) assert.deepEqual(Object.keys(x), ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
  const x = await get(`${V}/services.xml`);
  assert.match(x.headers['content-type'], /^text\/xml/);
  assert.match(x.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>/);
  assert.equal(xmlCount(x.text, 'service'), leaves.length);
  // No suffix: XML, the spec's required format.
  assert.match((await get(`${V}/services`)).headers['content-type'], /^text\/xml/);

  const d = await get(`${V}/services/HB0103.json`);
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.service_code, 'HB0103');
  assert.deepEqual(d.json.attributes.map((a) => [a.code, a.datatype, a.required, a.order]),
    [['TYPE', 'singlevaluelist', false, 1], ['STREET', 'singlevaluelist', false, 2], ['URGENCY', 'singlevaluelist', false, 3]]);
  assert.deepEqual(d.json.attributes[0].values.map((v) => v.key), ['consult', 'complaint', 'report', 'suggestion', 'help']);
  assert.ok(d.json.attributes[1].values.some((v) => v.key === '441602002' && v.name === '源城区新江街道'));
  const dx = await get(`${V}/services/HB0103.xml`);
  assert.match(dx.text, /<service_definition><service_code>HB0103<\/service_code><attributes><attribute><variable>true<\/variable><code>TYPE<\/code>/);
  assert.equal(xmlCount(dx.text, 'attribute'), 3);
  // Unknown, inactive-parent (not a leaf) and empty codes: 404 in the spec's format.
  isO311Error(await get(`${V}/services/NOPE.json`), 404, 'OPEN311_SERVICE_UNKNOWN');
  isO311Error(await get(`${V}/services/NOPE.xml`), 404, 'OPEN311_SERVICE_UNKNOWN');
  isO311Error(await get(`${V}/services/HB.json`), 404, 'OPEN311_SERVICE_UNKNOWN');
});

test('a request becomes a work order through the hotline; read back by id, in JSON and XML', async () => {
  const before = (await request(srv.base, 'GET', '/api/v1/api-keys', { token: admin.token })).json.items[0].use_count;
  const r = await post(good());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.length, 1);
  const { service_request_id: id, service_notice: notice, account_id: account } = r.json[0];
  assert.equal(typeof id, 'number');
  assert.ok(!('token' in r.json[0]), 'realtime: an id, never a token');
  assert.match(notice, /^工单编号 12345-20260930-\d{5}。/);
  assert.equal(account, 'acct-42');
  // The hotline has it, channel open311, in the street the attribute named, caller masked.
  const o = (await request(srv.base, 'GET', `/api/v1/hotline/orders/${id}`, { token: sup.token })).json;
  assert.deepEqual([o.channel, o.type, o.category_code, o.region_code, o.state, o.caller_phone, o.caller_name, o.anonymous],
    ['open311', 'complaint', 'HB0103', '441602002', 'accepted', '139****5678', '王**', false]);
  assert.equal(o.address, '新江路12号, 新江社区, 源城区');
  assert.equal(o.order_no, notice.slice(5, 25));
  // The key's use is recorded, with the order.
  const keys = (await request(srv.base, 'GET', '/api/v1/api-keys', { token: admin.token })).json.items;
  assert.equal(keys[0].use_count, before + 1);
  const audit = await request(srv.base, 'GET', `/api/v1/audit?entity=hotline_order&entity_id=${id}`, { token: admin.token });
  assert.equal(audit.json.items.at(-1).action, 'create');
  assert.match(JSON.stringify(audit.json.items), /Open311（API 密钥 #\d+）/);

  const one = await get(`${V}/requests/${id}.json`);
  assert.equal(one.status, 200, one.text);
  const x = one.json[0];
  assert.deepEqual(Object.keys(x), ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description',
    'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id',
    'zipcode', 'lat', 'long', 'media_url']);
  assert.deepEqual([x.service_request_id, x.status, x.status_notes, x.service_code, x.description, x.lat, x.long],
    [id, 'open', '已受理，等待派单', 'HB0103', '楼下烧烤店油烟直排，熏得开不了窗', 23.7431, 114.699]);
  assert.match(x.requested_datetime, /^2026-09-30T10:\d\d:\d\d\+08:00$/);
  assert.equal(x.expected_datetime, null);
  assert.ok(!JSON.stringify(x).includes('13912345678') && !JSON.stringify(x).includes('wang@example.org'), 'no personal data');
  const xml = await get(`${V}/requests/${id}.xml`);
  assert.match(xml.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>\d+<\/service_request_id><status>open<\/status>/);
  assert.equal(xmlValue(xml.text, 'lat'), '23.74310000');
  assert.match(xml.text, /<zipcode\/>/);
  // The XML reply of a POST; text that needs escaping.
  const px = await post(good({ description: '井盖 <缺失> & 危险 "注意"', 'attribute[STREET]': undefined }), '.xml');
  assert.equal(px.status, 201, px.text);
  const pid = Number(xmlValue(px.text, 'service_request_id'));
  const back = await get(`${V}/requests/${pid}.xml`);
  assert.ok(back.text.includes('<description>井盖 &lt;缺失&gt; &amp; 危险 &quot;注意&quot;</description>'), back.text);
  assert.equal((await get(`${V}/requests/${pid}.json`)).json[0].description, '井盖 <缺失> & 危险 "注意"');
  // Empty parameters are absent: no lat/long, an address instead; no phone: anonymous.
  const e = await post(good({ lat: '', long: '', phone: '', 'attribute[TYPE]': '' }));
  assert.equal(e.status, 201, e.text);
  const eo = (await request(srv.base, 'GET', `/api/v1/hotline/orders/${e.json[0].service_request_id}`, { token: sup.token })).json;
  assert.deepEqual([eo.anonymous, eo.type], [true, 'complaint']);
  assert.equal((await get(`${V}/requests/${e.json[0].service_request_id}.json`)).json[0].lat, null);
  // Tokens: an order number resolves to its id.
  const t = await get(`${V}/tokens/${o.order_no}.json`);
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.json, [{ service_request_id: id, token: o.order_no }]);
  assert.equal(xmlValue((await get(`${V}/tokens/${o.order_no}.xml`)).text, 'service_request_id'), String(id));
  isO311Error(await get(`${V}/tokens/12345-20260930-99999.json`), 404, 'NOT_FOUND');
});

test('refused requests: 403 for keys, 404 for services, 400 for the rest, in the spec format; nothing changes', async () => {
  const wrong = KEY.slice(0, 13) + (KEY[13] === 'a' ? 'b' : 'a') + KEY.slice(14);
  const cases = [
    [good({ api_key: undefined }), 403, 'APIKEY_INVALID'],
    [good({ api_key: '' }), 403, 'APIKEY_INVALID'],
    [good({ api_key: wrong }), 403, 'APIKEY_INVALID'],
    [good({ api_key: 'ywk_00000000_' + KEY.slice(13) }), 403, 'APIKEY_INVALID'],
    [good({ api_key: 'not-a-key' }), 403, 'APIKEY_INVALID'],
    [good({ service_code: 'NOPE' }), 404, 'OPEN311_SERVICE_UNKNOWN'],
    [good({ service_code: 'HB01' }), 404, 'OPEN311_SERVICE_UNKNOWN'],
    [good({ service_code: undefined }), 400, 'MISSING_FIELD'],
    [good({ service_code: '' }), 400, 'MISSING_FIELD'],
    [good({ lat: '91' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: '-90.5' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ long: '180.01' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: 'abc' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: '1e1' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: 'NaN' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: '0x10' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: '23.1.2' }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ long: undefined }), 400, 'OPEN311_BAD_LOCATION'],
    [good({ lat: undefined, long: undefined, address_string: undefined }), 400, 'OPEN311_LOCATION_REQUIRED'],
    [good({ 'attribute[TYPE]': 'praise' }), 400, 'OPEN311_BAD_ATTRIBUTE'],
    [good({ 'attribute[STREET]': '999999999' }), 400, 'OPEN311_BAD_ATTRIBUTE'],
    [good({ 'attribute[COLOUR]': 'red' }), 400, 'OPEN311_BAD_ATTRIBUTE'],
    [good({ description: undefined }), 400, 'HOTLINE_NO_DESCRIPTION'],
    [good({ description: '长'.repeat(2001) }), 400, 'TOO_LONG'],
    [good({ phone: '12345' }), 400, 'INVALID_PHONE'],
  ];
  for (const [fields, status, name] of cases) isO311Error(await unchanged(() => post(fields)), status, name);
  // The same in XML.
  isO311Error(await unchanged(() => post(good({ api_key: undefined }), '.xml')), 403, 'APIKEY_INVALID');
  isO311Error(await unchanged(() => post(good({ lat: '99' }), '.xml')), 400, 'OPEN311_BAD_LOCATION');
  // Not a form.
  isO311Error(await unchanged(() => request(srv.base, 'POST', `${V}/requests.json`, { body: good() })), 400, 'BAD_CONTENT_TYPE');
  // A revoked key.
  const made = await request(srv.base, 'POST', '/api/v1/api-keys', { token: admin.token, body: { name: '已停用的客户端' } });
  await request(srv.base, 'POST', `/api/v1/api-keys/${made.json.id}/revoke`, { token: admin.token, body: {} });
  isO311Error(await unchanged(() => post(good({ api_key: made.json.key }))), 403, 'APIKEY_REVOKED');
  // Reads of what does not exist: a phone order is not an Open311 request.
  isO311Error(await get(`${V}/requests/1.json`), 404, 'NOT_FOUND');
  isO311Error(await get(`${V}/requests/abc.json`), 404, 'NOT_FOUND');
  isO311Error(await get(`${V}/requests/999999.xml`), 404, 'NOT_FOUND');
});

test('lists: filters, the 90-day window, status as the order moves, comma lists, empty parameters', async () => {
  const mk = async (code, extra = {}) => (await post(good({ service_code: code, ...extra }))).json[0].service_request_id;
  const a = await mk('CG0101', { 'attribute[STREET]': '441602001' });
  const b = await mk('CG0101');
  const c = await mk('JT0101');
  // a goes through the hotline to the end.
  await step(srv.base, agent, a, 'dispatch', { lead_department_id: D['城管执法局'] });
  let x = (await get(`${V}/requests/${a}.json`)).json[0];
  assert.deepEqual([x.status, x.agency_responsible, x.status_notes], ['open', '河源市源城区城市管理和综合执法局', '已派至河源市源城区城市管理和综合执法局，等待签收']);
  assert.match(x.expected_datetime, /^2026-10-\d\dT10:\d\d:\d\d\+08:00$/, 'the handling deadline');
  await step(srv.base, cg, a, 'sign');
  assert.equal((await get(`${V}/requests/${a}.json`)).json[0].status_notes, '河源市源城区城市管理和综合执法局已签收，正在办理');
  await step(srv.base, cg, a, 'reply', { measures: '安排环卫车清运', result: '垃圾已清运完毕' });
  await step(srv.base, agent, a, 'review', { decision: 'accept' });
  await step(srv.base, agent, a, 'callback', { solved: true, satisfied: true });
  x = (await get(`${V}/requests/${a}.json`)).json[0];
  assert.deepEqual([x.status, x.status_notes], ['closed', '已办结：垃圾已清运完毕']);
  assert.ok(x.updated_datetime >= x.requested_datetime);

  const ids = async (q) => (await get(`${V}/requests.json${q}`)).json.map((r) => r.service_request_id);
  const all = await ids('');
  assert.ok([a, b, c].every((id) => all.includes(id)));
  assert.deepEqual(all, [...all].sort((p, q) => q - p), 'newest first');
  assert.deepEqual(await ids('?status=closed'), [a]);
  assert.ok(!(await ids('?status=open')).includes(a));
  assert.deepEqual(await ids('?status=open,closed'), all);
  assert.deepEqual((await ids('?service_code=CG0101')).sort(), [a, b].sort());
  assert.deepEqual((await ids('?service_code=CG0101,JT0101&status=open')).sort(), [b, c].sort());
  assert.deepEqual(await ids('?service_code=NOPE'), []);
  // Empty parameters are absent.
  assert.deepEqual(await ids('?status=&service_code=&start_date=&end_date=&jurisdiction_id='), all);
  // service_request_id overrides everything else.
  assert.deepEqual(await ids(`?service_request_id=${c},${a},424242&status=closed&service_code=NOPE`), [c, a]);
  // The window: the default is the last 90 days; a start alone opens 90 days from it.
  const now = WED_0930_10;
  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  assert.deepEqual(await ids(`?start_date=${iso(now - 100 * DAY)}`), []);
  assert.deepEqual(await ids(`?start_date=${iso(now - 80 * DAY)}`), all);
  assert.deepEqual(await ids(`?end_date=${iso(now + DAY)}`), all);
  assert.deepEqual(await ids(`?start_date=${encodeURIComponent('2026-09-30T00:00:00+08:00')}&end_date=2026-09-30`), all);
  assert.deepEqual(await ids(`?start_date=2026-09-30T00:00:00 08:00&end_date=2026-10-01T00:00:00Z`.replace(' ', '+')), all);
  assert.deepEqual(await ids('?start_date=2026-09-01T00:00:00Z&end_date=2026-09-29T00:00:00Z'), []);
  isO311Error(await get(`${V}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-09-30T00:00:00Z`), 400, 'OPEN311_DATE_RANGE');
  isO311Error(await get(`${V}/requests.json?start_date=2026-10-01T00:00:00Z&end_date=2026-09-30T00:00:00Z`), 400, 'OPEN311_DATE_RANGE');
  isO311Error(await get(`${V}/requests.json?start_date=2026-09-30T10:00:00`), 400, 'BAD_QUERY');
  isO311Error(await get(`${V}/requests.xml?start_date=yesterday`), 400, 'BAD_QUERY');
  isO311Error(await get(`${V}/requests.json?status=pending`), 400, 'BAD_QUERY');
  isO311Error(await get(`${V}/requests.json?service_request_id=1,x`), 400, 'BAD_QUERY');
  const xml = await get(`${V}/requests.xml?status=closed`);
  assert.equal(xmlCount(xml.text, 'request'), 1);
});

test('1,000 results at most; concurrent posts with one key count every use and number every order once', async () => {
  const listed = (await get(`${V}/requests.json`)).json.length;
  const uses = async () => (await request(srv.base, 'GET', '/api/v1/api-keys', { token: admin.token })).json.items.find((k) => k.name === '城市随手拍 Open311 客户端').use_count;
  const before = await uses();
  const n = 1001 - listed;
  const made = [];
  for (let i = 0; i < n; i += 16) {
    const batch = await Promise.all(Array.from({ length: Math.min(16, n - i) }, (_, j) =>
      post(good({ description: `批量随手拍 ${i + j}：路面坑洼`, 'attribute[STREET]': undefined }))));
    for (const r of batch) {
      assert.equal(r.status, 201, r.text);
      made.push(r.json[0].service_request_id);
    }
  }
  assert.equal(new Set(made).size, n);
  assert.equal(await uses(), before + n);
  const list = (await get(`${V}/requests.json`)).json;
  assert.equal(list.length, 1000);
  assert.equal(new Set(list.map((r) => r.service_request_id)).size, 1000);
  const numbers = await Promise.all(made.slice(0, 20).map(async (id) => (await request(srv.base, 'GET', `/api/v1/hotline/orders/${id}`, { token: sup.token })).json.order_no));
  assert.equal(new Set(numbers).size, 20);
  const xml = await get(`${V}/requests.xml`);
  assert.equal(xmlCount(xml.text, 'request'), 1000);
});
