// Browser tests of the hall-facing pages: the kiosk (/hall/1/kiosk), the call
// display (/hall/1/display) and the window desk (/console/desk), against a
// running `yiwang serve` with the demo data (see console.test.mjs).
//
// The demo server is shared with other tests: nothing here assumes an empty
// hall. The desk works at window 18 (跨域通办窗口, queues D and A) and calls
// the tickets this test took by their codes, so other people's tickets in
// the hall do not matter.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, newPage, shot, step, choose, login } from './lib.mjs';
import { callSpeech } from '../../web/src/speech.js';

const HALL = 1;
const CLERK = 'clerk01';
const CLERK_PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const DESK_WINDOW = { number: 18, name: '跨域通办窗口' };
const SLOW = 25000; // an announcement stays 6 s on the display; a queue of them takes longer

async function apiJson(method, path, body) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
  return data;
}

// Tickets this file leaves waiting are cancelled at the end, so the shared
// hall's counts go back to what the other tests expect.
const taken = new Set();
after(async () => {
  for (const token of taken) {
    // eslint-disable-next-line no-await-in-loop
    await fetch(`${BASE}/api/v1/tickets/${token}/cancel`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => {});
  }
});

let queueIds = null;
async function queueId(code) {
  if (!queueIds) {
    const k = await apiJson('GET', `/halls/${HALL}/kiosk`);
    queueIds = Object.fromEntries(k.queues.map((q) => [q.code, q.id]));
  }
  assert.ok(queueIds[code], `hall ${HALL} has a queue ${code}`);
  return queueIds[code];
}

/** A kiosk ticket taken through the API (what a citizen at the kiosk gets). */
async function takeTicket(code = 'D') {
  const t = await apiJson('POST', `/halls/${HALL}/tickets`, { queue_id: await queueId(code) });
  taken.add(t.token);
  return t;
}

/** A ticket for an item of queue A (window 18 serves A after D). */
async function takeItemTicket() {
  const k = await apiJson('GET', `/halls/${HALL}/kiosk`);
  const a = k.queues.find((q) => q.code === 'A' && (q.item_ids || []).length);
  assert.ok(a, 'queue A has items');
  const t = await apiJson('POST', `/halls/${HALL}/tickets`, { item_id: a.item_ids[0] });
  taken.add(t.token);
  return t;
}

/** A valid resident ID number (GB 11643 check character) for a birth date "YYYYMMDD". */
function idNumber(birth, seq = '123') {
  const body = `110101${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Types digits on the kiosk's on-screen keypad. */
async function keypad(scope, digits) {
  for (const d of digits) await scope.locator(`[data-key="${d}"]`).first().click();
}

/** The kiosk with window.print recorded instead of opening a dialog. */
async function kioskPage(viewport) {
  const ctx = await newPage(viewport);
  await ctx.page.addInitScript(() => {
    window.__prints = 0;
    window.print = () => { window.__prints += 1; };
  });
  ctx.page.on('response', async (r) => {
    if (r.request().method() !== 'POST' || !r.url().endsWith(`/halls/${HALL}/tickets`) || r.status() !== 201) return;
    try { taken.add((await r.json()).token); } catch { /* page closed */ }
  });
  return ctx;
}

/** Clicks a desk button and waits for its request and the desk's reload. */
async function deskAct(page, name, path = name) {
  const done = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/api/v1/windows/`) && r.url().endsWith(`/${path}`));
  const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith('/desk'));
  await page.locator(`[data-test=desk-${name}]`).click();
  const res = await done;
  await reloaded;
  return res;
}

/** Calls `code` at the desk by its number and checks it is the current ticket. */
async function deskCall(page, code) {
  await page.locator('input[data-test=desk-code], [data-test=desk-code] input').first().fill(code);
  const res = await deskAct(page, 'call-code', 'call');
  assert.equal(res.status(), 200, `calling ${code}: ${await res.text()}`);
  await page.locator('[data-test=desk-current-code]', { hasText: code }).waitFor();
}

/** Leaves the window with no current ticket (a previous failed run may have left one). */
async function deskClear(page) {
  const cur = page.locator('[data-test=desk-current-status]');
  if (!(await cur.count())) return;
  const st = (await cur.innerText()).trim();
  if (st === '办理中') await deskAct(page, 'finish');
  else await deskAct(page, 'no-show');
  await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
}

/** The clerk's desk at window 18, open and free. */
async function openDesk() {
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  await login(page, CLERK, CLERK_PASSWORD);
  await page.goto(`${BASE}/console/desk`);
  const select = page.locator('[data-test=desk-window]');
  await select.waitFor();
  await choose(page, select, { search: '跨域', text: DESK_WINDOW.name });
  await page.locator('.desk-top .hall-name').waitFor();
  await page.locator('[data-test=desk-state]').waitFor();
  if ((await page.locator('[data-test=desk-open]').count()) > 0) await deskAct(page, 'open');
  await deskClear(page);
  return ctx;
}

test('kiosk (portrait): choose a queue, take a number, the ticket shows the code and the QR code and is printed', async () => {
  const ctx = await kioskPage({ width: 1080, height: 1920 });
  const { page } = ctx;
  try {
    await step(ctx, 'start screen', async () => {
      await page.goto(`${BASE}/hall/${HALL}/kiosk`);
      await page.locator('[data-test=k-hall]', { hasText: '源城区政务服务中心' }).waitFor();
      await page.locator('[data-test=k-queue-A]').waitFor();
      const card = await page.locator('[data-test=k-queue-D]').innerText();
      assert.match(card, /跨域通办/);
      assert.match(card, /人等候/);
      assert.match(card, /今日余号 \d+|今日号已取完/);
      await shot(page, 'hall-01-kiosk-portrait');
    });

    await step(ctx, 'elderly without an ID number is refused on the kiosk', async () => {
      await page.locator('[data-test=k-queue-D]').click();
      await page.locator('[data-test=k-form]').waitFor();
      await page.locator('[data-test=k-priority-elderly]').click();
      await page.locator('[data-test=k-take]').click();
      const err = page.locator('[data-test=k-error]');
      await err.waitFor();
      assert.match(await err.innerText(), /身份证/);
    });

    await step(ctx, 'a bad ID number shows the server message large', async () => {
      await keypad(page.locator('[data-test=k-keypad]'), '11010119');
      await page.locator('[data-test=k-take]').click();
      const err = page.locator('[data-test=k-error]');
      await err.filter({ hasText: '身份证号码' }).waitFor();
      const size = await err.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(size >= 30, `the error is large (${size}px)`);
      await shot(page, 'hall-02-kiosk-error');
    });

    let code;
    await step(ctx, 'elderly with a valid ID and a phone for the reminder', async () => {
      await page.locator('[data-test=k-id]').fill(idNumber('19500101'));
      await page.locator('[data-test=k-phone]').click();
      await keypad(page.locator('[data-test=k-keypad]'), '13800138000');
      assert.equal(await page.locator('[data-test=k-phone]').inputValue(), '13800138000');
      await shot(page, 'hall-03-kiosk-form');
      const reply = page.waitForResponse((r) => r.url().endsWith(`/halls/${HALL}/tickets`) && r.request().method() === 'POST');
      await page.locator('[data-test=k-take]').click();
      assert.equal((await reply).status(), 201);
      await page.locator('[data-test=k-ticket]').waitFor();
      code = (await page.locator('[data-test=k-ticket-code]').innerText()).trim();
      assert.match(code, /^D\d{3}$/);
      const text = await page.locator('[data-test=k-ticket]').innerText();
      assert.match(text, /源城区政务服务中心/);
      assert.match(text, /跨域通办/);
      assert.match(text, /绿色通道/);
      assert.match(text, /前面还有 \d+ 人/);
      assert.match(text, /预计等候 \d+–\d+ 分钟/);
      assert.match(text, /取号时间 \d{4}\/\d{1,2}\/\d{1,2}/);
    });

    await step(ctx, 'the QR code is loaded and links to the ticket page; print was called', async () => {
      const qr = page.locator('[data-test=k-ticket-qr]');
      await page.waitForFunction(() => {
        const img = document.querySelector('[data-test=k-ticket-qr]');
        return img && img.complete && img.naturalWidth > 0;
      });
      const src = await qr.getAttribute('src');
      assert.match(src, /^\/api\/v1\/tickets\/[0-9a-f]+\/qr\.svg$/);
      const svg = await (await fetch(BASE + src)).text();
      assert.match(svg, /<svg/);
      await page.waitForFunction(() => window.__prints >= 1);
      await shot(page, 'hall-04-kiosk-ticket');
      // The printed view: an 80 mm roll (≈ 302 CSS px), only the ticket.
      await page.emulateMedia({ media: 'print' });
      await page.setViewportSize({ width: 302, height: 700 });
      assert.equal(await page.locator('.k-head').isVisible(), false, 'the header is not printed');
      assert.equal(await page.locator('[data-test=k-print]').isVisible(), false, 'the buttons are not printed');
      assert.ok(await page.locator('[data-test=k-ticket-code]').isVisible());
      await shot(page, 'hall-05-kiosk-print-80mm');
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1080, height: 1920 });
      await page.locator('[data-test=k-print]').click();
      assert.equal(await page.evaluate(() => window.__prints), 2, 'print again prints again');
    });

    await step(ctx, 'done goes back to the start', async () => {
      await page.locator('[data-test=k-finish]').click();
      await page.locator('[data-test=k-queues]').waitFor();
    });
  } finally {
    await ctx.context.close();
  }
});

test('kiosk (landscape): by item, check-in refusal and success, live counts, idle return', async () => {
  const ctx = await kioskPage({ width: 1920, height: 1080 });
  const { page } = ctx;
  try {
    await page.clock.install();
    await step(ctx, 'start screen, landscape', async () => {
      await page.goto(`${BASE}/hall/${HALL}/kiosk`);
      await page.locator('[data-test=k-queue-D]').waitFor();
      await shot(page, 'hall-06-kiosk-landscape');
    });

    await step(ctx, 'the waiting count follows the hall stream', async () => {
      const count = page.locator('[data-test=k-queue-D] [data-test=k-waiting]');
      const before = Number(await count.innerText());
      await takeTicket('D');
      await page.clock.runFor(1000); // the debounced reload
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-test=k-queue-D] [data-test=k-waiting]')?.textContent) > n,
        before,
      );
    });

    await step(ctx, 'by item: a department, an item, a ticket for it', async () => {
      await page.locator('[data-test=k-by-item]').click();
      await page.locator('[data-test=k-step-items]').waitFor();
      const first = page.locator('[data-test=k-items] .k-item').first();
      await first.waitFor();
      await shot(page, 'hall-07-kiosk-items');
      const name = (await first.locator('.i-name').innerText()).trim();
      await first.click();
      await page.locator('[data-test=k-form]', { hasText: name }).waitFor();
      await shot(page, 'hall-07b-kiosk-form-landscape');
      const reply = page.waitForResponse((r) => r.url().endsWith(`/halls/${HALL}/tickets`) && r.request().method() === 'POST');
      await page.locator('[data-test=k-take]').click();
      const t = await (await reply).json();
      assert.equal(t.item_ids.length, 1, 'the ticket carries the item');
      await page.locator('[data-test=k-ticket-code]', { hasText: t.code }).waitFor();
      await page.clock.runFor(2500); // the print waits for the QR code at most 2 s
      await page.waitForFunction(() => window.__prints >= 1);
      await shot(page, 'hall-08-kiosk-ticket-landscape');
    });

    await step(ctx, 'after 30 s without a touch the kiosk returns to the start', async () => {
      await page.clock.runFor(31000);
      await page.locator('[data-test=k-step-queue]').waitFor();
      assert.equal(await page.locator('[data-test=k-ticket]').count(), 0);
    });

    await step(ctx, 'check-in with an unknown code shows the server message', async () => {
      await page.locator('[data-test=k-tab-checkin]').click();
      await keypad(page.locator('[data-test=k-checkin-keypad]'), '12345678');
      await page.locator('[data-test=k-checkin-go]').click();
      const err = page.locator('[data-test=k-error]');
      await err.waitFor();
      assert.match(await err.innerText(), /预约/);
      await shot(page, 'hall-09-kiosk-checkin-error');
    });

    await step(ctx, 'a check-in that finds the appointment prints its ticket', async () => {
      // There may be no appointment due at this hour: the server's answer is
      // stood in for with a real ticket, so the page's part is what is tested.
      const t = await takeTicket('D');
      await page.route(`**/api/v1/halls/${HALL}/check-in`, (route) => route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          appointment: { id: 1, code: '87654321', date: t.day, start: '09:00', end: '09:15', status: 'checked_in' },
          ticket: { ...t, source: 'appointment', klass: 0 },
        }),
      }));
      await page.locator('[data-test=k-checkin-key]').fill('87654321');
      await page.locator('[data-test=k-checkin-go]').click();
      await page.locator('[data-test=k-ticket-code]', { hasText: t.code }).waitFor();
      assert.match(await page.locator('[data-test=k-done]').innerText(), /签到成功/);
      assert.match(await page.locator('[data-test=k-ticket]').innerText(), /预约 .* 09:00–09:15/);
      await shot(page, 'hall-10-kiosk-checkin-ticket');
      await page.unroute(`**/api/v1/halls/${HALL}/check-in`);
    });
  } finally {
    await ctx.context.close();
  }
});

test('desk and display: call → the display flashes and would say it; start → finish', async () => {
  const tv = await newPage({ width: 1920, height: 1080 });
  const desk = await openDesk();
  const { page } = desk;
  try {
    await step(tv, 'display loads the board', async () => {
      await tv.page.goto(`${BASE}/hall/${HALL}/display`);
      await tv.page.locator('[data-test=d-hall]', { hasText: '源城区政务服务中心' }).waitFor();
      await tv.page.locator('[data-test=d-queue-D]').waitFor();
      await tv.page.locator('[data-test=d-live]', { hasText: '实时' }).waitFor();
      // The voice overlay (when the browser can speak) goes with one tap.
      if (await tv.page.locator('[data-test=d-voice]').count()) await tv.page.locator('[data-test=d-voice]').click();
      await shot(tv.page, 'hall-11-display');
    });

    const t = await takeItemTicket();
    await step(desk, 'desk shows the new waiting ticket and calls it by its number', async () => {
      await page.locator('[data-test=desk-q-D]').waitFor();
      await shot(page, 'hall-12-desk-idle');
      await deskCall(page, t.code);
      assert.match(await page.locator('[data-test=desk-current-status]').innerText(), /已呼叫/);
      // The item links to its guide, by name.
      const link = page.locator(`[data-test=desk-item-${t.item_ids[0]}]`);
      assert.equal(await link.getAttribute('href'), `/m/items/${t.item_ids[0]}`);
      await page.waitForFunction((id) => !/^事项 \d+$/.test(document.querySelector(`[data-test=desk-item-${id}]`)?.textContent.trim()), t.item_ids[0]);
      await shot(page, 'hall-13-desk-called');
    });

    await step(tv, 'the display flashes the call with the spoken text', async () => {
      const flash = tv.page.locator('[data-test=d-flash]').filter({ hasText: t.code });
      await flash.waitFor({ timeout: SLOW });
      assert.match(await flash.innerText(), new RegExp(`${DESK_WINDOW.number}\\s*号窗口`));
      const speech = await flash.getAttribute('data-speech');
      assert.equal(speech, callSpeech(t.code, DESK_WINDOW.number));
      assert.match(speech, /^请A、\d+号到18号窗口办理$/);
      await tv.page.locator(`[data-test=d-current-${t.code}]`).waitFor();
      assert.match(await tv.page.locator('[data-test=d-recent]').innerText(), new RegExp(t.code));
      await shot(tv.page, 'hall-14-display-call');
    });

    await step(desk, 'start and finish; served today goes up', async () => {
      const served = Number(await page.locator('[data-test=desk-served]').innerText());
      await deskAct(page, 'start');
      await page.locator('[data-test=desk-current-status]', { hasText: '办理中' }).waitFor();
      // While serving: finish, park and transfer; no recall, start or no-show.
      assert.equal(await page.locator('[data-test=desk-finish]').isEnabled(), true);
      assert.equal(await page.locator('[data-test=desk-start]').isDisabled(), true);
      assert.equal(await page.locator('[data-test=desk-no-show]').isDisabled(), true);
      await page.waitForTimeout(300); // the buttons' colour transition, for the screenshot
      await shot(page, 'hall-15-desk-serving');
      await deskAct(page, 'finish');
      await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
      await page.waitForFunction((n) => Number(document.querySelector('[data-test=desk-served]')?.textContent) > n, served);
      const after = await apiJson('GET', `/tickets/${t.token}`);
      assert.equal(after.status, 'done');
    });

    await step(tv, 'the finished ticket leaves the display', async () => {
      await tv.page.locator(`[data-test=d-current-${t.code}]`).waitFor({ state: 'detached', timeout: SLOW });
    });
  } finally {
    await desk.context.close();
    await tv.context.close();
  }
});

test('desk: recall, no-show, call next, the F1 shortcut and WINDOW_BUSY', async () => {
  const tv = await newPage({ width: 1920, height: 1080 });
  const desk = await openDesk();
  const { page } = desk;
  try {
    await tv.page.goto(`${BASE}/hall/${HALL}/display?voice=0`);
    await tv.page.locator('[data-test=d-live]', { hasText: '实时' }).waitFor();

    const t = await takeTicket('D');
    await step(desk, 'recall is announced again on the display', async () => {
      await deskCall(page, t.code);
      await deskAct(page, 'recall');
      await tv.page.locator('[data-test=d-flash][data-recall="1"]').filter({ hasText: t.code }).waitFor({ timeout: SLOW });
      await shot(tv.page, 'hall-16-display-recall');
      const now = await apiJson('GET', `/tickets/${t.token}`);
      assert.equal(now.recalls, 1);
    });

    await step(desk, 'no-show ends the ticket', async () => {
      await deskAct(page, 'no-show');
      await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
      assert.equal((await apiJson('GET', `/tickets/${t.token}`)).status, 'no_show');
    });

    await step(desk, 'F1 calls the next one; a second call is refused with the server message', async () => {
      await takeTicket('D');
      const called = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/call-next'));
      await page.keyboard.press('F1');
      assert.equal((await called).status(), 200);
      await page.locator('[data-test=desk-current]').waitFor();
      // The button is off now; the server still refuses a second call.
      assert.ok(await page.locator('[data-test=desk-call-next]').isDisabled());
      const win = await page.evaluate(() => localStorage.getItem('yw_desk_window'));
      const res = await page.evaluate(async (id) => {
        const r = await fetch(`/api/v1/windows/${id}/call-next`, {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('yw_csrf') }, body: '{}',
        });
        return r.json();
      }, win);
      assert.equal(res.error, 'WINDOW_BUSY');
      await deskClear(page);
    });
  } finally {
    await desk.context.close();
    await tv.context.close();
  }
});

test('desk: transfer to a queue and to a window; park and resume', async () => {
  const desk = await openDesk();
  const { page } = desk;
  try {
    await step(desk, 'transfer to a queue', async () => {
      const t = await takeTicket('D');
      await deskCall(page, t.code);
      await page.locator('[data-test=desk-transfer]').click();
      const dialog = page.locator('.el-dialog', { hasText: '转移' });
      await dialog.waitFor();
      await choose(page, dialog.locator('[data-test=desk-transfer-queue]'), { text: '咨询导办' });
      await shot(page, 'hall-17-desk-transfer');
      await deskAct(page, 'transfer-ok', 'transfer');
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
      const after = await apiJson('GET', `/tickets/${t.token}`);
      assert.equal(after.status, 'waiting');
      assert.equal(after.queue_id, await queueId('E'));
    });

    await step(desk, 'transfer to a window', async () => {
      const t = await takeTicket('D');
      await deskCall(page, t.code);
      await page.locator('[data-test=desk-transfer]').click();
      const dialog = page.locator('.el-dialog', { hasText: '转移' });
      await dialog.waitFor();
      await dialog.locator('[data-test=desk-transfer-kind-window]').click();
      await choose(page, dialog.locator('[data-test=desk-transfer-window]'), { text: '咨询导办窗口' });
      await deskAct(page, 'transfer-ok', 'transfer');
      await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
      const after = await apiJson('GET', `/tickets/${t.token}`);
      assert.equal(after.status, 'waiting');
      assert.ok(after.target_window_id, 'the ticket waits for one window');
    });

    await step(desk, 'park during service, resume, finish', async () => {
      const t = await takeTicket('D');
      await deskCall(page, t.code);
      await deskAct(page, 'start');
      await deskAct(page, 'park');
      await page.locator(`[data-test=desk-parked-${t.code}]`).waitFor();
      await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
      await shot(page, 'hall-18-desk-parked');
      await deskAct(page, `resume-${t.code}`, 'resume');
      await page.locator('[data-test=desk-current-code]', { hasText: t.code }).waitFor();
      assert.match(await page.locator('[data-test=desk-current-status]').innerText(), /办理中/);
      await deskAct(page, 'finish');
      assert.equal((await apiJson('GET', `/tickets/${t.token}`)).status, 'done');
    });
  } finally {
    await desk.context.close();
  }
});
