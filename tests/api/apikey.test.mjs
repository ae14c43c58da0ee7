// API keys for integrating systems: `yiwang apikey create` prints the key
// once, the admin API issues (key in that reply only), lists and revokes,
// a key is stored hashed (the database holds no key), every create, revoke
// and use leaves an audit row, refused keys change nothing, and concurrent
// revokes and uses count right. Runs on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, login, client, request, isError, yiwang, ADMIN, DEMO_PASSWORD } from './harness.mjs';

let srv, admin, api, sapi;

before(async () => {
  srv = await startServer();
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
  api = client(srv.base, admin.token);
  sapi = client(srv.base, (await login(srv.base, 'supervisor', DEMO_PASSWORD)).token);
});
after(() => srv?.stop());

const KEY = /^ywk_[0-9a-f]{8}_[0-9a-f]{64}$/;
const check = (key) => request(srv.base, 'POST', '/api/v1/api-keys/check', { body: { api_key: key } });
const keys = async () => (await api.get('/api/v1/api-keys')).json.items;
const auditTotal = async (q = '') => (await api.get(`/api/v1/audit?entity=api_key&page_size=1${q}`)).json.total;

async function unchanged(fn) {
  const before = JSON.stringify({ k: await keys(), a: await auditTotal() });
  const r = await fn();
  assert.equal(JSON.stringify({ k: await keys(), a: await auditTotal() }), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

/** Everything the store holds, as bytes or text: the SQLite files, or a dump of the PostgreSQL table. */
function storeText() {
  if (srv.store.kind === 'sqlite') {
    const parts = [srv.store.file, `${srv.store.file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
    return parts.join('\n');
  }
  return execFileSync('psql', ['-h', srv.store.host, '-U', 'postgres', '-d', srv.store.db, '-Atc',
    'SELECT row_to_json(k)::text FROM api_keys k'], { encoding: 'utf8' }) +
    execFileSync('psql', ['-h', srv.store.host, '-U', 'postgres', '-d', srv.store.db, '-Atc',
      "SELECT summary FROM audit WHERE entity = 'api_key'"], { encoding: 'utf8' });
}

test('yiwang apikey create prints the key once; list shows its prefix only; the key works', async () => {
  const out = yiwang(['apikey', 'create', '--store', srv.store.url, '--name', '市民热线 Open311 客户端']);
  const found = out.match(/ywk_[0-9a-f]{8}_[0-9a-f]{64}/g);
  assert.equal(found?.length, 1, out);
  const key = found[0];
  assert.match(out, /only time the key is shown/);
  const prefix = key.slice(0, 12);
  const listed = yiwang(['apikey', 'list', '--store', srv.store.url]);
  assert.ok(listed.includes(prefix) && listed.includes('市民热线 Open311 客户端') && listed.includes('active'), listed);
  assert.ok(!listed.includes(key.slice(13)), 'list never shows the secret');

  const ok = await check(key);
  assert.equal(ok.status, 200, ok.text);
  const row = (await keys()).find((k) => k.prefix === prefix);
  assert.equal(ok.json.key_id, row.id);
  assert.equal(row.use_count, 1);
  assert.ok(row.last_used_at > 0);
  assert.equal(row.created_by_name, 'cli');
  assert.ok(!('key' in row) && !('key_hash' in row));

  // The CLI's own refusals.
  assert.throws(() => yiwang(['apikey', 'create', '--store', srv.store.url]), /needs --name/);
  assert.throws(() => yiwang(['apikey', 'create', '--store', srv.store.url, '--name', '市民热线 Open311 客户端']), /DUPLICATE/);
  assert.throws(() => yiwang(['apikey', 'revoke', '--store', srv.store.url, '--id', 'x']), /needs --id/);
  assert.match(yiwang(['apikey', '--help']), /apikey create --name NAME/);

  const rv = yiwang(['apikey', 'revoke', '--store', srv.store.url, '--id', String(row.id)]);
  assert.match(rv, /revoked API key/);
  assert.match(yiwang(['apikey', 'list', '--store', srv.store.url]), new RegExp(`${prefix} revoked`));
  isError(await check(key), 403, 'APIKEY_REVOKED', 'api_key');
  assert.throws(() => yiwang(['apikey', 'revoke', '--store', srv.store.url, '--id', String(row.id)]), /APIKEY_ALREADY_REVOKED/);
});

test('the admin API issues a key once, lists, revokes; the store holds only a hash', async () => {
  const c = await api.post('/api/v1/api-keys', { name: '短信网关' });
  assert.equal(c.status, 201, c.text);
  assert.match(c.json.key, KEY);
  assert.equal(c.headers['cache-control'], 'no-store');
  assert.equal(c.json.prefix, c.json.key.slice(0, 12));
  assert.equal(c.json.status, 'active');
  assert.equal(c.json.use_count, 0);
  const key = c.json.key;
  const l = await api.get('/api/v1/api-keys');
  assert.ok(!l.text.includes(key.slice(13)), 'the list never carries the key');
  assert.ok(l.json.items.some((k) => k.id === c.json.id && k.name === '短信网关'));

  // Hashed at rest: neither the key nor its secret part is anywhere in the store.
  const stored = storeText();
  assert.ok(stored.includes(c.json.prefix), 'the prefix is kept in clear');
  assert.ok(!stored.includes(key), 'the key is not stored');
  assert.ok(!stored.includes(key.slice(13)), 'the secret is not stored');

  for (let i = 0; i < 3; i++) assert.equal((await check(key)).status, 200);
  const row = (await keys()).find((k) => k.id === c.json.id);
  assert.equal(row.use_count, 3);

  const r = await api.post(`/api/v1/api-keys/${c.json.id}/revoke`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'revoked');
  assert.equal(r.json.revoked_by_name, '黄晓峰');
  assert.ok(r.json.revoked_at > 0);
  // A revoked key's name may be used again.
  const again = await api.post('/api/v1/api-keys', { name: '短信网关' });
  assert.equal(again.status, 201, again.text);
  assert.notEqual(again.json.key, key);
});

test('refused keys and bad requests change nothing', async () => {
  const c = await api.post('/api/v1/api-keys', { name: '测试拒绝' });
  const key = c.json.key;
  const wrongSecret = key.slice(0, 13) + (key[13] === 'a' ? 'b' : 'a') + key.slice(14);
  const unknown = 'ywk_00000000_' + key.slice(13);
  for (const bad of [wrongSecret, unknown, 'ywk_short', key.toUpperCase(), '', `${key} `])
    isError(await unchanged(() => check(bad)), 403, 'APIKEY_INVALID', 'api_key');
  isError(await unchanged(() => request(srv.base, 'POST', '/api/v1/api-keys/check', { body: {} })), 400, 'MISSING_FIELD', 'api_key');
  isError(await unchanged(() => api.post('/api/v1/api-keys', {})), 400, 'MISSING_FIELD', 'name');
  isError(await unchanged(() => api.post('/api/v1/api-keys', { name: '   ' })), 400, 'MISSING_FIELD', 'name');
  isError(await unchanged(() => api.post('/api/v1/api-keys', { name: '长'.repeat(61) })), 400, 'TOO_LONG', 'name');
  isError(await unchanged(() => api.post('/api/v1/api-keys', { name: '测试拒绝' })), 409, 'DUPLICATE', 'name');
  isError(await unchanged(() => api.post('/api/v1/api-keys', { name: 'x', key: 'mine' })), 400, 'UNKNOWN_FIELD', 'key');
  isError(await unchanged(() => sapi.post('/api/v1/api-keys', { name: '越权' })), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => sapi.get('/api/v1/api-keys')), 403, 'FORBIDDEN_ROLE');
  isError(await unchanged(() => request(srv.base, 'GET', '/api/v1/api-keys')), 401, 'UNAUTHENTICATED');
  isError(await unchanged(() => api.post('/api/v1/api-keys/999999/revoke', {})), 404, 'NOT_FOUND');
  assert.equal((await api.post(`/api/v1/api-keys/${c.json.id}/revoke`, {})).status, 200);
  isError(await unchanged(() => api.post(`/api/v1/api-keys/${c.json.id}/revoke`, {})), 409, 'APIKEY_ALREADY_REVOKED');
  isError(await unchanged(() => check(key)), 403, 'APIKEY_REVOKED', 'api_key');
});

test('every create, revoke and use is audited, each use with its request', async () => {
  const before = await auditTotal();
  const c = await api.post('/api/v1/api-keys', { name: '审计测试' });
  for (let i = 0; i < 2; i++) assert.equal((await check(c.json.key)).status, 200);
  await api.post(`/api/v1/api-keys/${c.json.id}/revoke`, {});
  await check(c.json.key); // refused: no row
  assert.equal(await auditTotal(), before + 4);
  const rows = (await api.get(`/api/v1/audit?entity=api_key&entity_id=${c.json.id}&page_size=10`)).json.items.reverse();
  assert.deepEqual(rows.map((r) => r.action), ['create', 'use', 'use', 'revoke']);
  assert.equal(rows[0].actor_name, '黄晓峰');
  const use = rows[1];
  assert.equal(use.role, 'api_key');
  assert.match(use.actor_name, /审计测试/);
  const summary = typeof use.summary === 'string' ? JSON.parse(use.summary) : use.summary;
  assert.equal(summary.prefix, c.json.prefix);
  assert.equal(summary.use, 'POST /api/v1/api-keys/check');
  assert.ok(use.request_id && rows[2].request_id && use.request_id !== rows[2].request_id, 'one row per request');
  for (const r of rows) assert.ok(!JSON.stringify(r).includes(c.json.key.slice(13)), 'no audit row holds the secret');
  const verify = yiwang(['audit', 'verify', '--store', srv.store.url]);
  assert.match(verify, /ok|intact|verified/i);
});

test('concurrent uses all count; concurrent revokes: one wins', async () => {
  const c = await api.post('/api/v1/api-keys', { name: '并发测试' });
  const uses = await Promise.all(Array.from({ length: 16 }, () => check(c.json.key)));
  assert.deepEqual([...new Set(uses.map((r) => r.status))], [200]);
  assert.equal((await keys()).find((k) => k.id === c.json.id).use_count, 16);
  assert.equal((await api.get(`/api/v1/audit?entity=api_key&entity_id=${c.json.id}&action=use&page_size=1`)).json.total, 16);
  const revokes = await Promise.all(Array.from({ length: 6 }, () => api.post(`/api/v1/api-keys/${c.json.id}/revoke`, {})));
  assert.equal(revokes.filter((r) => r.status === 200).length, 1, revokes.map((r) => r.status).join(','));
  for (const r of revokes.filter((x) => x.status !== 200)) assert.equal(r.json.error, 'APIKEY_ALREADY_REVOKED');
  assert.equal((await api.get(`/api/v1/audit?entity=api_key&entity_id=${c.json.id}&action=revoke`)).json.total, 1);
});

test('the OpenAPI description documents the API key routes, admin only', async () => {
  const doc = (await request(srv.base, 'GET', '/api/v1/openapi.json')).json;
  assert.deepEqual(doc.paths['/api/v1/api-keys'].get['x-roles'], ['admin']);
  assert.deepEqual(doc.paths['/api/v1/api-keys'].post['x-roles'], ['admin']);
  assert.deepEqual(doc.paths['/api/v1/api-keys/{id}/revoke'].post['x-roles'], ['admin']);
  assert.ok(doc.paths['/api/v1/api-keys/check'].post.summary);
});
