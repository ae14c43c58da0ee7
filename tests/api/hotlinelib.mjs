// Helpers shared by the 12345 hotline API suites.
import assert from 'node:assert/strict';
import { request } from './harness.mjs';

// Wednesday 2026-09-30 10:00 in Shanghai, the last working day before the
// National Day holiday (1–7 October off, Saturday 10 October worked).
export const WED_0930_10 = Date.UTC(2026, 8, 30, 2, 0, 0);
export const DAY = 86400000;
export const HOUR = 3600000;

export const ORDER = (id) => `/api/v1/hotline/orders/${id}`;

/** Posts one step of an order. */
export function step(base, who, id, action, body) {
  return request(base, 'POST', `${ORDER(id)}/${action}`, { token: who.token, body: body ?? {} });
}

/** Takes an order as an agent; asserts it was taken. */
export async function take(base, agent, body) {
  const r = await request(base, 'POST', '/api/v1/hotline/orders', { token: agent.token, body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** Category ids by code, from the tree. */
export async function categories(base, who) {
  const r = await request(base, 'GET', '/api/v1/hotline/categories/tree', { token: who.token });
  assert.equal(r.status, 200, r.text);
  const out = {};
  const walk = (nodes) => { for (const n of nodes) { out[n.code] = n; walk(n.children); } };
  walk(r.json.items);
  return out;
}

/** Department ids by short name (from the department list). */
export async function departments(base, admin) {
  const r = await request(base, 'GET', '/api/v1/departments?page_size=200', { token: admin.token });
  const out = {};
  for (const d of r.json.items) out[d.short_name] = d.id;
  return out;
}

/** What a refused request must leave as it was: the order (as a
 * supervisor sees it), the list total and the audit count. */
export async function orderState(base, sup, admin, id) {
  const one = id ? (await request(base, 'GET', ORDER(id), { token: sup.token })).json : null;
  const list = await request(base, 'GET', '/api/v1/hotline/orders?page_size=1', { token: sup.token });
  const audit = await request(base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token });
  const outbox = await request(base, 'GET', '/api/v1/outbox?page_size=1', { token: admin.token });
  return JSON.stringify({ one, total: list.json.total, audit: audit.json.total, outbox: outbox.json.total });
}
