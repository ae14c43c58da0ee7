// Helpers shared by the 好差评 API suite.
import assert from 'node:assert/strict';
import { request, login, ADMIN } from './harness.mjs';

/** A ticket taken at the kiosk of hall 1 and served at a window by a clerk
 * (called by its number, started, finished): what is rated. */
export async function served(base, clerk, windowId, body) {
  const t = await request(base, 'POST', '/api/v1/halls/1/tickets', { body });
  assert.equal(t.status, 201, t.text);
  for (const [action, b] of [['call', { code: t.json.code }], ['start', {}], ['finish', {}]]) {
    const r = await request(base, 'POST', `/api/v1/windows/${windowId}/${action}`, { token: clerk.token, body: b });
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
  return t.json;
}

/** Logs a citizen in with the one-time code the outbox holds. */
export async function citizen(base, phone) {
  const a = await login(base, ADMIN.username, ADMIN.password);
  const req = await request(base, 'POST', '/api/v1/auth/otp/request', { body: { phone } });
  assert.equal(req.status, 202, req.text);
  const out = await request(base, 'GET', '/api/v1/outbox', { token: a.token });
  const masked = phone.slice(0, 3) + '****' + phone.slice(7);
  const code = /(\d{6})/.exec(out.json.items.find((m) => m.recipient === masked).body)[1];
  const v = await request(base, 'POST', '/api/v1/auth/otp/verify', { body: { phone, code } });
  assert.equal(v.status, 200, v.text);
  return v.json;
}

/** Everything a refused request must leave as it was: the ratings, orders
 * and appeals as the administrator sees them, the figures and the audit
 * count. */
export async function ratingState(base, admin) {
  const get = async (path) => (await request(base, 'GET', path, { token: admin.token })).json;
  return JSON.stringify({
    ratings: await get('/api/v1/ratings?from=2026-01-01&to=2026-12-31&page_size=200'),
    orders: await get('/api/v1/rectifications?page_size=200'),
    appeals: await get('/api/v1/rating-appeals?page_size=200'),
    figures: await get('/api/v1/rating-figures?by=all&from=2026-01-01&to=2026-12-31'),
    audit: (await get('/api/v1/audit?page_size=1')).total,
  });
}

/** Runs fn and checks that it left the store as it was. */
export async function unchanged(base, admin, fn) {
  const before = await ratingState(base, admin);
  const r = await fn();
  assert.equal(await ratingState(base, admin), before, `store changed after ${r.status} ${r.text}`);
  return r;
}

/** One group of a figures reply by its key. */
export function group(fig, key) {
  return fig.json.groups.find((g) => g.key === key);
}
