// Shared by the browser tests: the browser, pages that record what went
// wrong, screenshots, steps that explain their failures, and small helpers
// for Element Plus and Vant controls.
//
// playwright-core comes from web/node_modules and drives Debian's chromium
// (YW_CHROMIUM overrides the path); nothing is downloaded.
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const BASE = (process.env.YW_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ADMIN_USER = process.env.YW_ADMIN_USER || 'admin';
export const ADMIN_PASSWORD = process.env.YW_ADMIN_PASSWORD || 'Admin@2026yw';
export const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');
export const TIMEOUT = Number(process.env.YW_E2E_TIMEOUT || 15000);

let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.YW_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/** A page that records failed API calls and script errors, for failure messages. */
export async function newPage(viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const log = [];
  page.on('pageerror', (e) => log.push(`page error: ${e.message}`));
  page.on('response', async (r) => {
    if (!r.url().includes('/api/') || r.status() < 400) return;
    // /auth/me answers 401 before anyone logs in: that is expected.
    if (r.status() === 401 && r.url().endsWith('/auth/me')) return;
    let body = '';
    try { body = (await r.text()).slice(0, 300); } catch { /* body gone */ }
    log.push(`${r.request().method()} ${r.url().replace(BASE, '')} → ${r.status()} ${body}`);
  });
  return { context, page, log };
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Runs a step; on failure saves a screenshot and adds what the page saw. */
export async function step(ctx, name, fn) {
  try {
    await fn();
  } catch (e) {
    await shot(ctx.page, `FAILED-${name}`).catch(() => {});
    e.message = `step "${name}" failed: ${e.message}\n  recent API errors and page errors:\n    ${ctx.log.slice(-8).join('\n    ') || '(none)'}`;
    throw e;
  }
}

/** Picks an option of an Element Plus select, typing `search` first if given. */
export async function choose(page, select, { search, text } = {}) {
  await select.click();
  if (search) await page.keyboard.type(search);
  const options = page.locator('.el-select-dropdown__item:visible');
  const option = text ? options.filter({ hasText: text }).first() : options.first();
  await option.waitFor();
  const label = (await option.innerText()).trim();
  await option.click();
  return label;
}

/** Clicks save and waits for the dialog to close; a form error fails the step with its text. */
export async function saveDialog(page, dialog) {
  await dialog.locator('[data-test=save]').click();
  const problem = dialog.locator('.el-alert__title, .el-form-item__error').first();
  const outcome = await Promise.race([
    dialog.waitFor({ state: 'hidden' }).then(() => 'closed'),
    problem.waitFor({ state: 'visible' }).then(() => 'error'),
  ]);
  if (outcome === 'error') {
    throw new Error(`the form was refused: ${(await problem.innerText()).trim()}`);
  }
}

/** The text box of a form field: Element Plus puts data-test on the <input> itself
 * for el-input, and on a wrapper for composite controls. */
export function input(scope, name) {
  return scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();
}

export async function menu(page, name) {
  await page.locator(`[data-test=menu-${name}]`).click();
  await page.waitForURL(`**/console/${name}`);
  await page.locator('[data-test=table] .el-table__body-wrapper').waitFor();
}


/** Signs a staff member in on the login page and waits for the console. */
export async function login(page, username, password) {
  await page.goto(`${BASE}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.locator('[data-test=welcome]').waitFor();
}

/** Clicks the confirming button of an Element Plus message box. */
export async function confirmBox(page, text) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-message-box__btns .el-button--primary, .el-message-box__btns .el-button--danger').filter({ hasText: text }).first().click();
  await box.waitFor({ state: 'hidden' });
}

/** The API with a bearer token (or none): the JSON reply, or an error naming the status and body. */
export async function apiJson(method, path, body, token) {
  const headers = {};
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}
