// Helpers of the browser tests that work as a citizen on a phone: the API
// as staff (Bearer token plus the CSRF header) or as nobody, fresh phone
// numbers and ID numbers, the one-time code from the demo outbox, and the
// phone login a citizen page sends one to.
import assert from 'node:assert/strict';
import { BASE, input } from './lib.mjs';

export async function staffSession(username, password) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, `login ${username}: ${JSON.stringify(body)}`);
  return { token: body.token, csrf: body.csrf, user: body.user };
}

export async function call(method, path, body, who) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (who) {
    headers.Authorization = `Bearer ${who.token}`;
    if (method !== 'GET') headers['X-CSRF-Token'] = who.csrf;
  }
  const r = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: r.status, data };
}

export async function ok(method, path, body, who) {
  const r = await call(method, path, body, who);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

/** A fresh mainland mobile number: no rate limit, bookings or ratings from earlier runs. */
export function freshPhone() {
  return `139${String(Date.now()).slice(-5)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

/** A valid resident ID number (GB 11643 check character) of a birth date. */
export function idNumber(birth = '19850612') {
  const body = `441602${birth}${String(Math.floor(Math.random() * 900) + 100)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** The one-time code the demo deployment "sends": the newest outbox SMS to that phone. */
export async function otpFor(admin, phone) {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  for (let i = 0; i < 20; i++) {
    const r = await ok('GET', '/outbox?page_size=50', undefined, admin);
    const sms = (r.items || []).find((m) => m.recipient === masked && /验证码/.test(m.body));
    const code = sms && /(\d{6})/.exec(sms.body)?.[1];
    if (code) return code;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`no one-time code in the outbox for ${masked}`);
}

/** On the home page's login card (where a citizen page sent us): phone, code, back. */
export async function citizenLogin(page, admin, phone, backTo) {
  await page.locator('[data-test=m-login]').waitFor();
  await input(page, 'm-phone').fill(phone);
  await page.locator('[data-test=m-request-code]').click();
  await page.locator('[data-test=m-code-step]').waitFor();
  await input(page, 'm-code').fill(await otpFor(admin, phone));
  await page.locator('[data-test=m-verify]').click();
  if (backTo) await page.waitForURL(backTo);
  await settled(page);
}

/** Waits until no toast or dialog is on screen (or fading), for clean pictures. */
export async function settled(page) {
  await page.waitForFunction(() => ![...document.querySelectorAll('.van-toast, .van-dialog, .van-overlay')]
    .some((e) => getComputedStyle(e).display !== 'none'), null, { timeout: 6000 });
}
