// Helpers shared by the hall-queue API suites.
import { request } from './harness.mjs';

// Tuesday 2026-11-24 10:00 in Shanghai: the demo hall is open.
export const TUESDAY_10 = Date.UTC(2026, 10, 24, 2, 0, 0);

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const C = '10X98765432';
/** A valid resident ID number (GB 11643) for a birth date and a serial. */
export function idNumber(birth = '19900307', serial = 1, region = '441602') {
  const body = region + birth + String(serial % 1000).padStart(3, '0');
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + C[sum % 11];
}

/** Posts to a window action and returns the reply. */
export function act(base, who, windowId, action, body) {
  return request(base, 'POST', `/api/v1/windows/${windowId}/${action}`, { token: who.token, body: body ?? {} });
}

export function take(base, hallId, body, extra = {}) {
  return request(base, 'POST', `/api/v1/halls/${hallId}/tickets`, { body, ...extra });
}

/** What a failed queue request must not change: the board, the tickets and the audit count. */
export async function queueState(base, admin) {
  const board = await request(base, 'GET', '/api/v1/halls/1/board');
  const tickets = await request(base, 'GET', '/api/v1/halls/1/tickets', { token: admin.token });
  const audit = await request(base, 'GET', '/api/v1/audit?page_size=1', { token: admin.token });
  return JSON.stringify({ b: board.json, t: tickets.json, a: audit.json.total });
}
