// Accounts and sessions: password login, lockout, cookies and CSRF, bearer
// tokens, logout, idle expiry, password change, citizen one-time codes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, client, request, isError, ADMIN, DEMO_PASSWORD } from './harness.mjs';

let srv;
before(async () => { srv = await startServer({ extra: ['--session-idle', '3'] }); });
after(async () => { await srv.stop(); });

const post = (path, body, extra = {}) => request(srv.base, 'POST', path, { body, ...extra });

test('login returns a bearer token, a csrf token and a hardened cookie', async () => {
  const s = await login(srv.base, ADMIN.username, ADMIN.password);
  assert.match(s.token, /^[0-9a-f]{64}$/);
  assert.match(s.csrf, /^[0-9a-f]{32}$/);
  const cookie = s.headers['set-cookie'][0];
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.deepEqual(s.user.roles, ['admin']);
  const me = await client(srv.base, s.token).get('/api/v1/auth/me');
  assert.equal(me.json.user.username, 'admin');
  assert.equal(me.json.csrf, s.csrf);
});

test('wrong password and unknown user look the same; bad bodies are refused', async () => {
  isError(await post('/api/v1/auth/login', { username: 'admin', password: 'nope' }), 401, 'BAD_CREDENTIALS');
  isError(await post('/api/v1/auth/login', { username: 'ghost', password: 'nope' }), 401, 'BAD_CREDENTIALS');
  isError(await post('/api/v1/auth/login', { username: 'admin' }), 400, 'MISSING_FIELD', 'password');
  isError(await post('/api/v1/auth/login', { username: 'admin', password: 'x', otp: 1 }), 400, 'UNKNOWN_FIELD', 'otp');
  isError(await post('/api/v1/auth/login', { username: ['admin'], password: 'x' }), 400, 'BAD_TYPE', 'username');
});

test('five failures lock the account for 15 minutes, even for the right password', async () => {
  for (let i = 0; i < 4; i++)
    isError(await post('/api/v1/auth/login', { username: 'clerk02', password: 'wrong' }), 401, 'BAD_CREDENTIALS');
  isError(await post('/api/v1/auth/login', { username: 'clerk02', password: 'wrong' }), 423, 'LOCKED');
  const locked = await post('/api/v1/auth/login', { username: 'clerk02', password: DEMO_PASSWORD });
  isError(locked, 423, 'LOCKED');
  assert.match(locked.json.detail, /\d\d:\d\d/, 'says until when');
  const admin = await login(srv.base, ADMIN.username, ADMIN.password);
  const logins = await client(srv.base, admin.token).get('/api/v1/audit?action=login');
  assert.equal(logins.json.items[0].role, 'admin');
  const audit = await client(srv.base, admin.token).get('/api/v1/audit?action=lockout');
  assert.ok(audit.json.items.some((a) => a.summary.includes('clerk02')));
});

test('cookie sessions need the CSRF header for changes; bearer clients do not', async () => {
  const s = await login(srv.base, ADMIN.username, ADMIN.password);
  const body = { name: `区划${Date.now()}` };
  const get = await request(srv.base, 'GET', '/api/v1/halls/1', { cookie: s.cookie });
  assert.equal(get.status, 200);
  isError(await request(srv.base, 'PUT', '/api/v1/halls/1', { cookie: s.cookie, body: { address: 'csrf' } }), 403, 'CSRF');
  isError(await request(srv.base, 'PUT', '/api/v1/halls/1', { cookie: s.cookie, csrf: 'f'.repeat(32), body: { address: 'csrf' } }), 403, 'CSRF');
  const unchanged = await request(srv.base, 'GET', '/api/v1/halls/1', { cookie: s.cookie });
  assert.notEqual(unchanged.json.address, 'csrf');
  const ok = await request(srv.base, 'PUT', '/api/v1/halls/1', { cookie: s.cookie, csrf: s.csrf, body: { address: '建设大道168号' } });
  assert.equal(ok.status, 200, ok.text);
  const bearer = await request(srv.base, 'PUT', '/api/v1/halls/1', { token: s.token, body: { address: '建设大道168号' } });
  assert.equal(bearer.status, 200, bearer.text);
  void body;
});

test('no session, a forged token and a logged-out token are all refused', async () => {
  isError(await request(srv.base, 'GET', '/api/v1/halls'), 401, 'UNAUTHENTICATED');
  isError(await request(srv.base, 'GET', '/api/v1/halls', { token: 'a'.repeat(64) }), 401, 'UNAUTHENTICATED');
  const s = await login(srv.base, ADMIN.username, ADMIN.password);
  const out = await request(srv.base, 'POST', '/api/v1/auth/logout', { token: s.token });
  assert.equal(out.status, 204);
  assert.match(out.headers['set-cookie'][0], /Max-Age=0/);
  isError(await request(srv.base, 'GET', '/api/v1/halls', { token: s.token }), 401, 'UNAUTHENTICATED');
});

test('an idle session expires (server started with --session-idle 3)', async () => {
  const s = await login(srv.base, ADMIN.username, ADMIN.password);
  assert.equal((await request(srv.base, 'GET', '/api/v1/auth/me', { token: s.token })).status, 200);
  await new Promise((ok) => setTimeout(ok, 3500));
  isError(await request(srv.base, 'GET', '/api/v1/auth/me', { token: s.token }), 401, 'SESSION_EXPIRED');
});

test('password change checks the old one, the strength, and ends other sessions', async () => {
  const a = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  const b = await login(srv.base, 'supervisor', DEMO_PASSWORD);
  const c = client(srv.base, a.token);
  isError(await c.put('/api/v1/auth/password', { old_password: 'wrong', new_password: 'New#Pass2026' }), 401, 'BAD_CREDENTIALS', 'old_password');
  isError(await c.put('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'weakweak' }), 400, 'WEAK_PASSWORD', 'new_password');
  assert.equal((await c.put('/api/v1/auth/password', { old_password: DEMO_PASSWORD, new_password: 'New#Pass2026' })).status, 204);
  assert.equal((await c.get('/api/v1/auth/me')).status, 200, 'the changing session stays');
  isError(await client(srv.base, b.token).get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
  isError(await post('/api/v1/auth/login', { username: 'supervisor', password: DEMO_PASSWORD }), 401, 'BAD_CREDENTIALS');
  await login(srv.base, 'supervisor', 'New#Pass2026');
});

test('citizens log in with a one-time code from the outbox', async () => {
  const phone = '13900001234';
  isError(await post('/api/v1/auth/otp/request', { phone: '12345' }), 400, 'INVALID_PHONE', 'phone');
  const r = await post('/api/v1/auth/otp/request', { phone });
  assert.equal(r.status, 202, r.text);
  isError(await post('/api/v1/auth/otp/request', { phone }), 429, 'OTP_RATE');
  const admin = await login(srv.base, ADMIN.username, ADMIN.password);
  const outbox = await client(srv.base, admin.token).get('/api/v1/outbox');
  const msg = outbox.json.items[0];
  assert.equal(msg.recipient, '139****1234');
  const code = /(\d{6})/.exec(msg.body)[1];
  assert.ok(srv.logs().includes(code), 'demo gateway logs the code');
  assert.ok(!srv.logs().includes(phone), 'but never the full phone');
  const wrong = code === '000000' ? '111111' : '000000';
  isError(await post('/api/v1/auth/otp/verify', { phone, code: wrong }), 401, 'BAD_OTP');
  isError(await post('/api/v1/auth/otp/verify', { phone, code: 'abc' }), 401, 'BAD_OTP', 'code');
  const ok = await post('/api/v1/auth/otp/verify', { phone, code });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.citizen, true);
  assert.deepEqual(ok.json.user.roles, ['citizen']);
  assert.equal(ok.json.user.phone, '139****1234');
  isError(await post('/api/v1/auth/otp/verify', { phone, code }), 401, 'BAD_OTP'); // single use
  const citizen = client(srv.base, ok.json.token);
  assert.equal((await citizen.get('/api/v1/auth/me')).json.user.citizen, true);
  isError(await citizen.get('/api/v1/halls'), 403, 'FORBIDDEN_ROLE');
  isError(await citizen.get('/api/v1/staff'), 403, 'FORBIDDEN_ROLE');
});

test('a code is dead after five wrong tries', async () => {
  const phone = '13900005678';
  assert.equal((await post('/api/v1/auth/otp/request', { phone })).status, 202);
  const admin = await login(srv.base, ADMIN.username, ADMIN.password);
  const outbox = await client(srv.base, admin.token).get('/api/v1/outbox');
  const code = /(\d{6})/.exec(outbox.json.items.find((m) => m.recipient === '139****5678').body)[1];
  const wrong = code === '999999' ? '888888' : '999999';
  for (let i = 0; i < 5; i++) isError(await post('/api/v1/auth/otp/verify', { phone, code: wrong }), 401, 'BAD_OTP');
  isError(await post('/api/v1/auth/otp/verify', { phone, code }), 401, 'BAD_OTP');
});
