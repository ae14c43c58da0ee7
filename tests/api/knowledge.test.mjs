// The 12345 knowledge base (知识库): the demo articles, propose → approve →
// found → revised → retired, rejection with a reason, Chinese search
// (two-character words included) with ranking and highlighted snippets,
// region applicability, validity dates, the stale filter, roles and
// department scopes, bad input that changes nothing, concurrent reviewers
// (one wins), the import and the citizens' read. Runs on SQLite and
// PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, client, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';

let srv, admin, sup, handler, handlerZj, agent, clerk;
let api, sapi, hapi, zapi, aapi, capi;
const CG = '河源市源城区城市管理和综合执法局';
const ZJ = '河源市源城区住房和城乡建设局';
const DEPT = {};

before(async () => {
  srv = await startServer();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  sup = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  handler = await login(srv.base, 'handler_cg', DEMO_PASSWORD);
  handlerZj = await login(srv.base, 'handler_zj', DEMO_PASSWORD);
  agent = await login(srv.base, 'agent01', DEMO_PASSWORD);
  clerk = await login(srv.base, 'clerk01', DEMO_PASSWORD);
  [api, sapi, hapi, zapi, aapi, capi] = [admin, sup, handler, handlerZj, agent, clerk].map((s) => client(srv.base, s.token));
  const deps = await api.get('/api/v1/departments?page_size=200');
  for (const d of deps.json.items) DEPT[d.name] = d.id;
});
after(() => srv?.stop());

const anon = (path) => request(srv.base, 'GET', path);
const search = (who, params) => who.get(`/api/v1/kb/search?${new URLSearchParams(params)}`);
const list = (who, params = {}) => who.get(`/api/v1/kb/articles?${new URLSearchParams({ page_size: 200, ...params })}`);

let seq = 0;
function article(over = {}) {
  seq++;
  return {
    title: `测试文章${seq}：占道经营夜市管理`, body: `第${seq}篇。流动摊贩占用人行道的，派城管执法局片区中队处理。`,
    region_code: '441602', category_code: 'CG01', ...over,
  };
}

/** What a refused request must leave as it was: every article and the audit count. */
async function snapshot() {
  const l = await list(api, { page_size: 200 });
  const l2 = await list(api, { page_size: 200, page: 2 });
  const audit = await api.get('/api/v1/audit?page_size=1');
  return JSON.stringify({ a: l.json.items, b: l2.json.items, total: l.json.total, audit: audit.json.total });
}

async function unchanged(fn) {
  const before = await snapshot();
  const r = await fn();
  assert.equal(await snapshot(), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

async function propose(who, over) {
  const r = await who.post('/api/v1/kb/articles', article(over));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function publish(who, over, approver = sapi) {
  const a = await propose(who, over);
  const r = await approver.post(`/api/v1/kb/articles/${a.id}/approve`, { version: a.version });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const ids = (r) => r.json.items.map((i) => i.id);

test('the demo knowledge base: about sixty articles, linked items, one stale, proposals waiting', async () => {
  const all = await list(api);
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.total >= 60, `total ${all.json.total}`);
  const published = await list(api, { state: 'published' });
  assert.ok(published.json.total >= 58);
  assert.ok(published.json.items.some((a) => a.item_codes.length > 0), 'some are linked to catalogue items');
  const stale = await list(api, { stale: 1 });
  assert.deepEqual(stale.json.items.map((a) => a.title), ['共享单车乱停放投诉']);
  assert.equal(stale.json.items[0].stale, true);
  assert.equal(stale.json.items[0].in_force, true, 'stale by age, still in force');
  const proposed = await list(api, { state: 'proposed' });
  assert.ok(proposed.json.total >= 2);
  for (const key of ['id', 'title', 'state', 'category_code', 'region_code', 'region_name', 'department_id', 'department',
    'valid_from', 'valid_to', 'item_codes', 'version', 'hits', 'in_force', 'stale', 'last_reviewed_at', 'revision_of'])
    assert.ok(key in all.json.items[0], key);
  // Seeding again adds nothing.
  const { yiwang } = await import('./harness.mjs');
  yiwang(['seed', 'demo', '--store', srv.store.url]);
  assert.equal((await list(api)).json.total, all.json.total);
});

test('propose → approve → found by agents → public read; an edit of a published article is a revision', async () => {
  const a = await propose(hapi, { title: '夜市摊点噪声和占道管理办法', body: '晚上夜市摊点占道经营、高音喇叭扰民的，派城管执法局。夜市开放时间为18时至23时。' });
  assert.equal(a.state, 'proposed');
  assert.equal(a.department_id, DEPT[CG], 'the handler\'s own department');
  assert.equal(a.created_by_name, '彭俊杰');
  assert.equal((await search(aapi, { q: '夜市摊点' })).json.total, 0, 'not searchable before approval');
  isError(await anon(`/api/v1/kb/public/${a.id}`), 404, 'NOT_FOUND');

  const ok = await sapi.post(`/api/v1/kb/articles/${a.id}/approve`, { version: a.version, note: '内容准确' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'published');
  assert.equal(ok.json.version, a.version + 1);
  assert.equal(ok.json.reviewed_by_name, '谢国栋');
  assert.equal(ok.json.review_note, '内容准确');
  assert.ok(ok.json.last_reviewed_at > 0);
  assert.equal(ok.headers.etag, `"${ok.json.version}"`);

  const found = await search(aapi, { q: '夜市摊点', region: '441602001001' });
  assert.deepEqual(ids(found), [a.id]);
  assert.match(found.json.items[0].title_html, /<mark>夜市摊点<\/mark>/);
  const pub = await anon(`/api/v1/kb/public/${a.id}`);
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.title, '夜市摊点噪声和占道管理办法');
  for (const k of ['state', 'hits', 'review_note', 'created_by_name', 'reviewed_by_name']) assert.ok(!(k in pub.json), `public shows no ${k}`);

  // The handler's edit of the published article is a proposal beside it.
  const edit = await hapi.put(`/api/v1/kb/articles/${a.id}`, { ...article(), title: '夜市摊点管理办法（修订）', body: '夜市开放时间调整为18时至22时30分。' },
    { headers: { 'If-Match': `"${ok.json.version}"` } });
  assert.equal(edit.status, 201, edit.text);
  assert.equal(edit.json.revision_of, a.id);
  assert.equal(edit.json.state, 'proposed');
  assert.match(edit.headers.location, new RegExp(`/api/v1/kb/articles/${edit.json.id}$`));
  // A second revision while one is open is refused.
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${a.id}`, { ...article(), version: ok.json.version })), 409, 'KB_REVISION_OPEN');
  // Agents still see the published text.
  assert.deepEqual(ids(await search(aapi, { q: '18时至23时' })), [a.id]);

  const merged = await sapi.post(`/api/v1/kb/articles/${edit.json.id}/approve`, {});
  assert.equal(merged.status, 200, merged.text);
  assert.equal(merged.json.id, a.id, 'the approved revision goes into the article, which keeps its id');
  assert.equal(merged.json.title, '夜市摊点管理办法（修订）');
  assert.equal(merged.json.version, ok.json.version + 1);
  const rev = await sapi.get(`/api/v1/kb/articles/${edit.json.id}`);
  assert.equal(rev.json.state, 'retired');
  assert.equal(rev.json.merged_into, a.id);
  assert.deepEqual(ids(await search(aapi, { q: '22时30分' })), [a.id]);
  assert.equal((await search(aapi, { q: '18时至23时' })).json.total, 0, 'the old text left the index');

  // The centre edits a published article in place; that counts as a review.
  const inplace = await sapi.put(`/api/v1/kb/articles/${a.id}`, { ...article(), title: '夜市摊点管理办法', body: '夜市开放时间为18时至22时30分，节假日延长至23时。', version: merged.json.version });
  assert.equal(inplace.status, 200, inplace.text);
  assert.equal(inplace.json.state, 'published');
  assert.equal(inplace.json.id, a.id);

  const gone = await sapi.post(`/api/v1/kb/articles/${a.id}/retire`, { reason: '并入城管综合答复口径' });
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.json.state, 'retired');
  assert.equal((await search(aapi, { q: '夜市' })).json.items.filter((i) => i.id === a.id).length, 0);
  isError(await anon(`/api/v1/kb/public/${a.id}`), 404, 'NOT_FOUND');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/retire`, {})), 409, 'KB_STATE');

  const trail = await api.get(`/api/v1/audit?entity=kb_article&entity_id=${a.id}&page_size=50`);
  const actions = trail.json.items.map((r) => r.action).reverse();
  assert.deepEqual(actions, ['propose', 'approve', 'merge_revision', 'edit', 'retire']);
});

test('rejection needs a reason; the department edits and proposes again; drafts', async () => {
  const a = await propose(hapi);
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/reject`, {})), 400, 'MISSING_FIELD', 'reason');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/reject`, { reason: '   ' })), 400, 'MISSING_FIELD', 'reason');
  const r = await sapi.post(`/api/v1/kb/articles/${a.id}/reject`, { reason: '请补充处理时限' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'rejected');
  assert.equal(r.json.review_note, '请补充处理时限');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/approve`, {})), 409, 'KB_STATE');
  const again = await hapi.put(`/api/v1/kb/articles/${a.id}`, { ...article(), body: '处理时限5个工作日。', version: r.json.version });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.state, 'proposed');
  // A draft is kept back from review until submitted.
  const d = await hapi.post('/api/v1/kb/articles', { ...article(), submit: false });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.json.state, 'draft');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${d.json.id}/approve`, {})), 409, 'KB_STATE');
  const sub = await hapi.put(`/api/v1/kb/articles/${d.json.id}`, { ...article(), version: d.json.version });
  assert.equal(sub.json.state, 'proposed');
});

test('Chinese search: two-character words, several words, ranking, snippets, hostile queries', async () => {
  for (const q of ['社保', '噪声', '公积金', '居住证', '户口', '油烟']) {
    const r = await search(aapi, { q });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.total > 0, `${q}: nothing found`);
    for (const i of r.json.items) {
      assert.ok(i.snippet.includes(q) || i.title.includes(q), `${q} in ${i.title}`);
      assert.equal(i.state, 'published');
    }
  }
  // A title that names the word comes before a body that mentions it.
  const noise = await search(aapi, { q: '噪声' });
  assert.equal(noise.json.items[0].title.includes('噪声'), true);
  assert.match(noise.json.items[0].snippet_html, /<mark>噪声<\/mark>/);
  // All words must match.
  const both = await search(aapi, { q: '公积金 提取' });
  assert.ok(both.json.total >= 3);
  for (const i of both.json.items) assert.ok(/公积金/.test(i.title + i.snippet) || i.title.includes('公积金'));
  const none = await search(aapi, { q: '公积金 噪声扰民' });
  assert.equal(none.json.total, 0);
  // One character, Latin letters and digits.
  assert.ok((await search(aapi, { q: '犬' })).json.total >= 1);
  assert.ok((await search(aapi, { q: '110' })).json.total >= 1);
  // Escaped: % and _ are letters, quotes are not FTS syntax.
  for (const q of ['%', '_', '"', '社保"', 'a" OR "b', "'; DROP TABLE kb_articles; --", '\\', 'NEAR(社保 养老)'])
    assert.equal((await search(aapi, { q })).status, 200, q);
  isError(await search(aapi, { q: '长'.repeat(51) }), 400, 'BAD_QUERY', 'q');
  isError(await search(aapi, { q: 'a b c d e f g h i' }), 400, 'BAD_QUERY', 'q');
  isError(await search(aapi, { state: 'draft' }), 400, 'BAD_QUERY', 'state');
  // Snippets escape HTML of the text itself.
  const x = await publish(hapi, { title: '测试转义<b>占道</b>', body: '正文里有 <script>alert(1)</script> 和 占道 & 摊贩' });
  const r = await search(aapi, { q: '占道 <script>' });
  const hit = r.json.items.find((i) => i.id === x.id);
  assert.ok(hit, r.text);
  assert.ok(!hit.snippet_html.includes('<script>'), hit.snippet_html);
  assert.match(hit.snippet_html, /<mark>&lt;script&gt;<\/mark>/);
  assert.match(hit.title_html, /&lt;b&gt;<mark>占道<\/mark>&lt;\/b&gt;/);
  // Paging and the total.
  const p1 = await search(aapi, { q: '派', page_size: 2 });
  const p2 = await search(aapi, { q: '派', page_size: 2, page: 2 });
  assert.equal(p1.json.items.length, 2);
  assert.notDeepEqual(ids(p1), ids(p2));
  assert.equal(p1.json.total, p2.json.total);
  assert.equal(p1.json.total_capped, false);
});

test('an article applies to its region and everything below it', async () => {
  const street = await publish(sapi, { title: '上城街道测试专用答复口径甲', region_code: '441602001' });
  const district = await publish(sapi, { title: '源城区测试专用答复口径甲' });
  const province = await publish(api, { title: '全省测试专用答复口径甲', region_code: '440000' }, api);
  const q = '测试专用答复口径甲';
  const at = async (region) => ids(await search(aapi, { q, ...(region ? { region } : {}) })).sort((a, b) => a - b);
  assert.deepEqual(await at('441602001001'), [street.id, district.id, province.id].sort((a, b) => a - b));
  assert.deepEqual(await at('441602001'), [street.id, district.id, province.id].sort((a, b) => a - b));
  assert.deepEqual(await at('441602002'), [district.id, province.id].sort((a, b) => a - b));
  assert.deepEqual(await at('441602'), [district.id, province.id].sort((a, b) => a - b));
  assert.deepEqual(await at('441600'), [province.id]);
  assert.deepEqual(await at(null), [street.id, district.id, province.id].sort((a, b) => a - b));
  // The narrower region ranks first when the words tie.
  assert.deepEqual(ids(await search(aapi, { q, region: '441602001001' })), [street.id, district.id, province.id]);
  isError(await search(aapi, { q, region: '999999' }), 400, 'BAD_QUERY', 'region');
  // The staff list's region is the subtree.
  const sub = await list(api, { q, region: '441602' });
  assert.deepEqual(ids(sub).sort((a, b) => a - b), [street.id, district.id].sort((a, b) => a - b));
  // category and item filters
  const it = await publish(sapi, { title: '测试专用答复口径乙', category_code: 'ZF01', item_codes: ['1244160270718291X4-0004'] });
  assert.deepEqual(ids(await search(aapi, { q: '测试专用答复口径', item: '1244160270718291X4-0004' })), [it.id]);
  assert.deepEqual(ids(await search(aapi, { q: '测试专用答复口径', category: 'ZF01' })), [it.id]);
  assert.deepEqual(it.item_codes, ['1244160270718291X4-0004']);
  // A category takes its subtree: codes nest by prefix (HB ⊃ HB01 ⊃ HB0101), as the hotline's tree does.
  const env = await search(aapi, { q: '噪声', category: 'HB' });
  assert.ok(env.json.total >= 2, env.text);
  for (const a of env.json.items) assert.ok(a.category_code.startsWith('HB'), a.category_code);
  const site = await search(aapi, { q: '噪声', category: 'HB0101' });
  assert.ok(site.json.total >= 1 && site.json.total < env.json.total, site.text);
  for (const a of site.json.items) assert.equal(a.category_code, 'HB0101');
  const browse = await list(api, { category: 'HB', state: 'published' });
  assert.ok(browse.json.items.every((a) => a.category_code.startsWith('HB')) && browse.json.total >= env.json.total);
});

test('validity dates: only articles in force today are found; stale filter and review', async () => {
  const future = await publish(sapi, { title: '测试有效期丙未来', valid_from: '2099-01-01' });
  const past = await publish(sapi, { title: '测试有效期丙过去', valid_from: '2020-01-01', valid_to: '2020-12-31' });
  const now = await publish(sapi, { title: '测试有效期丙当前', valid_from: '2020-01-01', valid_to: '2099-12-31' });
  assert.deepEqual(ids(await search(aapi, { q: '测试有效期丙' })), [now.id]);
  assert.equal(future.in_force, false);
  assert.equal(future.stale, false);
  assert.equal(past.in_force, false);
  assert.equal(past.stale, true, 'its validity ended');
  assert.equal(now.in_force, true);
  isError(await anon(`/api/v1/kb/public/${future.id}`), 404, 'NOT_FOUND');
  assert.equal((await anon(`/api/v1/kb/public/${now.id}`)).status, 200);
  const stale = ids(await list(api, { stale: 1 }));
  assert.ok(stale.includes(past.id) && !stale.includes(now.id) && !stale.includes(future.id));
  // Reviewing the seeded article that was not looked at for 200 days clears it.
  const old = (await list(api, { stale: 1, q: '共享单车' })).json.items[0];
  assert.ok(old, 'the seeded stale article');
  const rv = await sapi.post(`/api/v1/kb/articles/${old.id}/review`, { version: old.version });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.stale, false);
  assert.ok(!ids(await list(api, { stale: 1 })).includes(old.id));
  // Reviewing does not help an article whose validity ended.
  const rp = await sapi.post(`/api/v1/kb/articles/${past.id}/review`, {});
  assert.equal(rp.json.stale, true);
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${future.id}/review`, { version: 1 })), 409, 'CONFLICT', 'version');
});

test('roles and scopes: departments propose for themselves, the centre reviews', async () => {
  // A handler proposing for another department.
  isError(await unchanged(() => hapi.post('/api/v1/kb/articles', article({ department_id: DEPT[ZJ] }))), 403, 'FORBIDDEN_SCOPE');
  // ... or outside its region.
  isError(await unchanged(() => hapi.post('/api/v1/kb/articles', article({ region_code: '441600' }))), 403, 'FORBIDDEN_SCOPE');
  // ... or editing another department's article.
  const zj = await propose(zapi);
  assert.equal(zj.department_id, DEPT[ZJ]);
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${zj.id}`, { ...article(), version: zj.version })), 403, 'FORBIDDEN_SCOPE');
  // Departments do not approve; clerks do not write; anonymous callers do not search.
  isError(await unchanged(() => hapi.post(`/api/v1/kb/articles/${zj.id}/approve`, {})), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => aapi.post(`/api/v1/kb/articles/${zj.id}/approve`, {})), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => capi.post('/api/v1/kb/articles', article())), 403, 'FORBIDDEN_ROLE');
  isError(await anon('/api/v1/kb/search?q=社保'), 401, 'UNAUTHENTICATED');
  // Everyone on the staff reads; agents propose for their own department.
  assert.equal((await search(capi, { q: '社保' })).status, 200);
  const mine = await propose(aapi);
  assert.equal(mine.department, '河源市源城区政务服务数据管理局');
  // The centre proposes for any department of its region.
  const forZj = await propose(sapi, { department_id: DEPT[ZJ] });
  assert.equal(forZj.department_id, DEPT[ZJ]);
});

test('bad input names its field and changes nothing', async () => {
  const cases = [
    [{ title: '' }, 400, 'MISSING_FIELD', 'title'],
    [{ title: undefined }, 400, 'MISSING_FIELD', 'title'],
    [{ title: '长'.repeat(101) }, 400, 'TOO_LONG', 'title'],
    [{ body: '  ' }, 400, 'MISSING_FIELD', 'body'],
    [{ region_code: undefined }, 400, 'MISSING_FIELD', 'region_code'],
    [{ region_code: '123456' }, 400, 'REF_NOT_FOUND', 'region_code'],
    [{ item_codes: ['1244160270718291X4-0004', 'NO-SUCH-ITEM'] }, 400, 'REF_NOT_FOUND', 'item_codes[1]'],
    [{ item_codes: 'X' }, 400, 'BAD_TYPE', 'item_codes'],
    [{ item_codes: [1] }, 400, 'BAD_TYPE', 'item_codes'],
    [{ item_codes: Array.from({ length: 21 }, (_, i) => `C${i}`) }, 400, 'OUT_OF_RANGE', 'item_codes'],
    [{ valid_from: '2026-02-30' }, 400, 'BAD_FORMAT', 'valid_from'],
    [{ valid_to: '明年' }, 400, 'BAD_FORMAT', 'valid_to'],
    [{ valid_from: '2026-05-01', valid_to: '2026-04-30' }, 422, 'KB_VALIDITY', 'valid_to'],
    [{ category_code: '分类' }, 400, 'BAD_FORMAT', 'category_code'],
    [{ department_id: 999999 }, 400, 'REF_NOT_FOUND', 'department_id'],
    [{ state: 'published' }, 400, 'UNKNOWN_FIELD', 'state'],
    [{ submit: 'yes' }, 400, 'BAD_TYPE', 'submit'],
  ];
  for (const [over, status, error, field] of cases) {
    const body = article(over);
    for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
    isError(await unchanged(() => sapi.post('/api/v1/kb/articles', body)), status, error, field);
  }
  isError(await unchanged(() => request(srv.base, 'POST', '/api/v1/kb/articles', { token: sup.token, raw: '{"title":' , headers: { 'Content-Type': 'application/json' } })), 400, 'BAD_JSON');
  const a = await propose(hapi);
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${a.id}`, article())), 400, 'MISSING_FIELD', 'version');
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${a.id}`, article(), { headers: { 'If-Match': '"99"' } })), 409, 'CONFLICT', 'version');
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${a.id}`, article(), { headers: { 'If-Match': 'abc' } })), 400, 'BAD_FORMAT', 'If-Match');
  isError(await unchanged(() => hapi.put(`/api/v1/kb/articles/${a.id}`, { ...article(), title: '', version: a.version })), 400, 'MISSING_FIELD', 'title');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/approve`, { version: a.version + 5 })), 409, 'CONFLICT', 'version');
  isError(await unchanged(() => sapi.post(`/api/v1/kb/articles/${a.id}/approve`, { bogus: 1 })), 400, 'UNKNOWN_FIELD', 'bogus');
  isError(await unchanged(() => sapi.post('/api/v1/kb/articles/999999/approve', {})), 404, 'NOT_FOUND');
  isError(await unchanged(() => sapi.get('/api/v1/kb/articles/999999')), 404, 'NOT_FOUND');
  isError(await list(api, { stale: 'maybe' }), 400, 'BAD_QUERY', 'stale');
  isError(await list(api, { bogus: 1 }), 400, 'BAD_QUERY', 'bogus');
  isError(await list(api, { state: 'lost' }), 400, 'BAD_QUERY', 'state');
});

test('concurrent reviewers: one approval wins, the other changes nothing', async () => {
  for (const withVersion of [true, false]) {
    const a = await propose(hapi);
    const body = withVersion ? { version: a.version } : {};
    const results = await Promise.all([sapi, api, sapi, api].map((c) => c.post(`/api/v1/kb/articles/${a.id}/approve`, body)));
    const wins = results.filter((r) => r.status === 200);
    assert.equal(wins.length, 1, results.map((r) => `${r.status} ${r.json?.error}`).join(', '));
    for (const r of results.filter((x) => x.status !== 200))
      assert.ok(['CONFLICT', 'KB_STATE'].includes(r.json.error), r.text);
    const now = await sapi.get(`/api/v1/kb/articles/${a.id}`);
    assert.equal(now.json.version, a.version + 1, 'moved once');
    const trail = await api.get(`/api/v1/audit?entity=kb_article&entity_id=${a.id}&action=approve`);
    assert.equal(trail.json.total, 1);
  }
  // Approve against reject: one of them.
  const b = await propose(hapi);
  const [x, y] = await Promise.all([
    sapi.post(`/api/v1/kb/articles/${b.id}/approve`, {}),
    api.post(`/api/v1/kb/articles/${b.id}/reject`, { reason: '重复' }),
  ]);
  assert.equal([x, y].filter((r) => r.status === 200).length, 1, `${x.text} ${y.text}`);
  // Concurrent edits with the same version: one wins.
  const c = await propose(hapi);
  const edits = await Promise.all(Array.from({ length: 6 }, (_, i) => hapi.put(`/api/v1/kb/articles/${c.id}`, { ...article(), body: `版本${i}`, version: c.version })));
  assert.equal(edits.filter((r) => r.status === 200).length, 1, edits.map((r) => r.status).join(','));
});

test('import: reviewers move a knowledge base in, all or nothing', async () => {
  const arts = [article({ title: '导入测试丁一' }), article({ title: '导入测试丁二', region_code: '000000' })];
  const bad = await unchanged(() => sapi.post('/api/v1/kb/articles/import', { articles: arts }));
  isError(bad, 400, 'REF_NOT_FOUND', 'articles[1].region_code');
  isError(await unchanged(() => sapi.post('/api/v1/kb/articles/import', { articles: [{ ...arts[0], bogus: 1 }] })), 400, 'UNKNOWN_FIELD', 'articles[0].bogus');
  isError(await unchanged(() => sapi.post('/api/v1/kb/articles/import', { articles: [] })), 400, 'BAD_FORMAT', 'articles');
  isError(await unchanged(() => hapi.post('/api/v1/kb/articles/import', { articles: [arts[0]] })), 403, 'FORBIDDEN_ROLE');
  const good = await sapi.post('/api/v1/kb/articles/import', { articles: [arts[0], article({ title: '导入测试丁二' })] });
  assert.equal(good.status, 201, good.text);
  assert.equal(good.json.imported, 2);
  assert.equal((await search(aapi, { q: '导入测试丁' })).json.total, 2, 'published at once');
  const trail = await api.get('/api/v1/audit?entity=kb_article&action=import&page_size=5');
  assert.ok(trail.json.items.some((r) => JSON.parse(r.summary).imported === 2), trail.text);
});

test('the OpenAPI description documents the knowledge base routes with their roles', async () => {
  const doc = (await anon('/api/v1/openapi.json')).json;
  for (const [p, m] of [['/api/v1/kb/search', 'get'], ['/api/v1/kb/articles', 'get'], ['/api/v1/kb/articles', 'post'],
    ['/api/v1/kb/articles/{id}', 'get'], ['/api/v1/kb/articles/{id}', 'put'], ['/api/v1/kb/articles/{id}/approve', 'post'],
    ['/api/v1/kb/articles/{id}/reject', 'post'], ['/api/v1/kb/articles/{id}/retire', 'post'], ['/api/v1/kb/public/{id}', 'get']])
    assert.ok(doc.paths[p]?.[m]?.summary, `${m} ${p}`);
  assert.deepEqual(doc.paths['/api/v1/kb/articles/{id}/approve'].post['x-roles'], ['admin', 'supervisor']);
  assert.deepEqual(doc.paths['/api/v1/kb/public/{id}'].get['x-roles'], []);
});
