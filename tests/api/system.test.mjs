// The server itself: health, metrics, the OpenAPI description, routing
// errors, the body cap, static files, keep-alive under load, graceful
// shutdown, and the audit chain's tamper detection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { startServer, login, client, request, isError, yiwang, ADMIN } from './harness.mjs';

let srv, admin, web;
before(async () => {
  const tmp = execFileSync('mktemp', ['-d']).toString().trim();
  web = join(tmp, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>一网</title>');
  writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(web, 'assets', 'app-1234.css'), 'body{}');
  writeFileSync(join(tmp, 'secret.txt'), 'outside the root');
  symlinkSync(join(tmp, 'secret.txt'), join(web, 'leak.txt'));
  srv = await startServer({ web });
  admin = await login(srv.base, ADMIN.username, ADMIN.password);
});
after(async () => { await srv.stop(); });

function rawGet(path) {
  // A raw request line: clients normally clean up "..", attackers do not.
  return new Promise((ok, fail) => {
    const s = net.connect(srv.port, '127.0.0.1', () => s.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => ok({ status: Number(data.split(' ')[1]), text: data }));
    s.on('error', fail);
  });
}

test('healthz answers without a session; deep health asks the store', async () => {
  const r = await request(srv.base, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
  assert.match(r.headers['x-request-id'], /^[0-9a-f]{16}$/);
  const d = await request(srv.base, 'GET', '/healthz?deep=1');
  assert.ok(d.json.schema >= 1);
});

test('metrics count requests by route and status, with latency and connections', async () => {
  await request(srv.base, 'GET', '/api/v1/halls/1', { token: admin.token });
  await request(srv.base, 'GET', '/api/v1/halls/99999', { token: admin.token });
  const m = await request(srv.base, 'GET', '/metrics');
  assert.equal(m.status, 200);
  assert.match(m.headers['content-type'], /text\/plain/);
  assert.match(m.text, /yiwang_http_requests_total\{route="\/api\/v1\/halls\/\{id\}",method="GET",status="200"\} [1-9]/);
  assert.match(m.text, /yiwang_http_requests_total\{route="\/api\/v1\/halls\/\{id\}",method="GET",status="404"\} [1-9]/);
  assert.match(m.text, /yiwang_http_request_duration_seconds_bucket\{route="\/api\/v1\/halls\/\{id\}",method="GET",le="\+Inf"\} [1-9]/);
  assert.match(m.text, /yiwang_http_open_connections \d+/);
  assert.match(m.text, /yiwang_store_errors_total 0/);
});

test('the OpenAPI description covers every route the server answers', async () => {
  const r = await request(srv.base, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.json;
  assert.equal(doc.openapi, '3.0.3');
  const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => ({ p, m, op })));
  assert.ok(ops.length >= 35, `only ${ops.length} operations`);
  for (const { p, m, op } of ops) {
    assert.ok(op.summary && op.responses && op.responses.default, `${m} ${p} lacks summary/responses`);
    // The router must know every documented operation (not 404/405 as a route).
    // Event streams never end: tests/api/events.test.mjs covers them.
    if (p.startsWith('/api/v1/events/')) continue;
    const path = p.replace('{id}', '1');
    const res = await request(srv.base, m.toUpperCase(), path, { token: admin.token, body: ['post', 'put'].includes(m) ? {} : undefined });
    assert.ok(!['ROUTE_NOT_FOUND', 'METHOD_NOT_ALLOWED'].includes(res.json?.error), `${m} ${p} is documented but not routed`);
  }
  for (const name of ['region', 'department', 'hall', 'window', 'staff', 'Error'])
    assert.ok(doc.components.schemas[name], `schema ${name}`);
  assert.ok(doc.components.schemas.staff.properties.password.writeOnly);
});

test('unknown routes and methods get registry errors', async () => {
  isError(await request(srv.base, 'GET', '/api/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  isError(await request(srv.base, 'PATCH', '/api/v1/halls', { token: admin.token }), 405, 'METHOD_NOT_ALLOWED');
  isError(await request(srv.base, 'POST', '/index.html'), 405, 'METHOD_NOT_ALLOWED');
});

test('a body over the cap is refused with 413 and changes nothing', async () => {
  const before = (await client(srv.base, admin.token).get('/api/v1/departments')).json.total;
  const big = JSON.stringify({ name: 'x'.repeat(2 << 20) });
  const r = await request(srv.base, 'POST', '/api/v1/departments', { token: admin.token, raw: big, headers: { 'Content-Type': 'application/json' } });
  isError(r, 413, 'BODY_TOO_LARGE');
  assert.equal((await client(srv.base, admin.token).get('/api/v1/departments')).json.total, before);
});

test('static files: types, caching, SPA fallback, and no way out of the root', async () => {
  const idx = await request(srv.base, 'GET', '/');
  assert.equal(idx.status, 200);
  assert.match(idx.headers['content-type'], /text\/html/);
  assert.equal(idx.headers['cache-control'], 'no-cache');
  const js = await request(srv.base, 'GET', '/assets/app-1234.js');
  assert.match(js.headers['content-type'], /text\/javascript/);
  assert.match(js.headers['cache-control'], /immutable/);
  assert.match((await request(srv.base, 'GET', '/assets/app-1234.css')).headers['content-type'], /text\/css/);
  const spa = await request(srv.base, 'GET', '/console/halls');
  assert.equal(spa.status, 200);
  assert.match(spa.text, /一网/);
  isError(await request(srv.base, 'GET', '/assets/missing.js'), 404, 'ROUTE_NOT_FOUND');
  for (const p of ['/../../etc/passwd', '/assets/../../secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
    const r = await rawGet(p);
    assert.ok([403, 404].includes(r.status), `${p} → ${r.status}`);
    assert.ok(!r.text.includes('root:'), `${p} leaked a file`);
  }
  const leak = await request(srv.base, 'GET', '/leak.txt');
  isError(leak, 403, 'PATH_REFUSED');
});

test('keep-alive holds under 300 concurrent connections', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 300, maxFreeSockets: 300 });
  const sockets = new Set();
  agent.on('free', (s) => sockets.add(s));
  const rounds = 4;
  for (let k = 0; k < rounds; k++) {
    const res = await Promise.all(Array.from({ length: 300 }, () => request(srv.base, 'GET', '/healthz', { agent })));
    assert.ok(res.every((r) => r.status === 200));
  }
  // 1,200 requests over at most 300 sockets: connections were reused.
  assert.ok(sockets.size <= 300, `${sockets.size} sockets`);
  agent.destroy();
});

test('audit verify detects a changed and a removed row', async () => {
  const c = client(srv.base, admin.token);
  await c.put('/api/v1/halls/1', { address: '审计测试地址' });
  const ok = yiwang(['audit', 'verify', '--store', srv.store.url]);
  assert.match(ok, /intact/);
  const sql = (q) => srv.store.kind === 'pg'
    ? execFileSync('psql', ['-h', srv.store.host, '-U', 'postgres', '-d', srv.store.db, '-qc', q])
    : execFileSync('sqlite3', [srv.store.file, q]);
  // The application cannot rewrite history…
  assert.throws(() => sql("UPDATE audit SET summary = '{}' WHERE id = 2"));
  assert.throws(() => sql('DELETE FROM audit WHERE id = 2'));
  // …and if someone with the keys does, verify says where.
  if (srv.store.kind === 'pg') sql('ALTER TABLE audit DISABLE TRIGGER USER');
  else sql('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  sql("UPDATE audit SET summary = '{\"forged\":true}' WHERE id = 2");
  let out = '';
  try { yiwang(['audit', 'verify', '--store', srv.store.url]); } catch (e) { out = e.stdout; }
  assert.match(out, /BROKEN.*row 2 was changed/);
  sql('DELETE FROM audit WHERE id = 2');
  try { yiwang(['audit', 'verify', '--store', srv.store.url]); out = ''; } catch (e) { out = e.stdout; }
  assert.match(out, /BROKEN.*row 2 is missing/);
});

test('SIGTERM finishes requests in flight, then exits cleanly', async () => {
  const other = await startServer({ seed: true });
  // Open 24 keep-alive connections first, so the logins below really are in
  // flight (not waiting to be accepted) when the signal comes.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 24, maxFreeSockets: 24 });
  await Promise.all(Array.from({ length: 24 }, () => request(other.base, 'GET', '/healthz', { agent })));
  // Logins hash with argon2id (~tens of ms each): plenty in flight.
  const pending = Array.from({ length: 24 }, () =>
    request(other.base, 'POST', '/api/v1/auth/login', { agent, body: { username: 'admin', password: 'Admin@2026yw' } }));
  await new Promise((ok) => setTimeout(ok, 15));
  // Listen for the exit before the signal: the server may be gone before
  // the in-flight replies are all read.
  const exited = new Promise((ok) => other.proc.on('exit', (code) => ok(code)));
  other.proc.kill('SIGTERM');
  const results = await Promise.allSettled(pending);
  const answered = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
  const exit = await exited;
  assert.equal(exit, 0);
  assert.equal(answered, 24, `only ${answered} of 24 in-flight logins were answered`);
  assert.match(other.logs(), /shutdown_done/);
  agent.destroy();
  await other.stop();
});
