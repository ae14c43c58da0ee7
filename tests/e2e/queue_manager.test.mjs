// Browser tests of the hall manager's queue pages (docs/queue.md): 队列设置,
// 预约时段, 放号建议, 排队统计 and 大厅实况, as the demo hall manager of
// hall 1, against a running `yiwang serve` seeded with `yiwang seed demo`
// (its simulated history gives the statistics and the advice their numbers).
//
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/queue_manager.test.mjs
//
// The server is shared with the other e2e files: every run makes its own
// queue (fresh code and prefix), applies advice only to 跨域通办 (D, which
// nobody books in the tests) and calls at window 16 (咨询导办, queue E),
// which no other test uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, newPage, shot, step, choose, saveDialog, input, menu, login, confirmBox } from './lib.mjs';

const HALL = 1;
const MANAGER = process.env.YW_HALLMGR_USER || 'hallmgr';
const MANAGER_PASSWORD = process.env.YW_HALLMGR_PASSWORD || 'Demo@2026yw';
const LIVE_WINDOW = 16; // 咨询导办窗口, serves E

/** An API call from inside the page: the session cookie and its CSRF token. */
async function apiCall(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = sessionStorage.getItem('yw_csrf') || '';
    const r = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let data = null;
    try { data = JSON.parse(text); } catch { data = text; }
    return { status: r.status, data };
  }, { method, path, body });
}
async function ok(page, method, path, body) {
  const r = await apiCall(page, method, path, body);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.data).slice(0, 300)}`);
  return r.data;
}

/** A valid resident ID number (GB 11643 check character), different per run. */
function residentId(stamp) {
  const day = String(1 + (Number(stamp.slice(-2)) % 28)).padStart(2, '0');
  const body = `44160219900${1 + (Number(stamp.slice(-4, -2)) % 9)}${day}${stamp.slice(-5, -2)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Opens a console page from the menu (for pages without a list table). */
async function openPage(page, name, path, ready) {
  await page.locator(`[data-test=menu-${name}]`).click();
  await page.waitForURL(`**/console/${path}`);
  await page.locator(ready).first().waitFor();
}

test('hall manager: queues, booking sessions, release advice, statistics, live board', async () => {
  const ctx = await newPage({ width: 1440, height: 900 });
  const { page } = ctx;
  const stamp = String(Date.now());
  const code = `T${stamp.slice(-5)}`;
  const name = `E2E队列${stamp.slice(-4)}`;
  let prefix = '';
  let queueId = 0;

  try {
    await step(ctx, 'login as the hall manager', async () => {
      await login(page, MANAGER, MANAGER_PASSWORD);
    });

    await step(ctx, 'a bad prefix is refused by the server on its field', async () => {
      // A two-letter prefix nobody in the hall has yet.
      const { items } = await ok(page, 'GET', `/queues?hall_id=${HALL}&page_size=200`);
      const used = new Set(items.map((q) => q.prefix));
      const free = [];
      for (const a of 'QRSTUVWXYZ') for (const b of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') if (!used.has(a + b)) free.push(a + b);
      assert.ok(free.length, 'a free prefix');
      prefix = free[Number(stamp.slice(-6)) % free.length];

      await menu(page, 'queues');
      await page.locator('[data-test=mgr-hall]').filter({ hasText: '源城区' }).waitFor();
      await page.locator('[data-test=create]').click();
      const dialog = page.getByRole('dialog', { name: '新增队列' });
      await dialog.waitFor();
      await input(dialog, 'f-code').fill(code);
      await input(dialog, 'f-name').fill(name);
      await input(dialog, 'f-prefix').fill('A1');
      await dialog.locator('[data-test=save]').click();
      const err = dialog.locator('.el-form-item', { has: page.locator('[data-test=f-prefix]') }).locator('.el-form-item__error');
      await err.waitFor();
      assert.match(await err.innerText(), /前缀/);
      await shot(page, 'mgr-01-queue-prefix-error');
    });

    await step(ctx, 'a good prefix creates the queue; the number range is previewed', async () => {
      const dialog = page.getByRole('dialog', { name: '新增队列' });
      await input(dialog, 'f-prefix').fill(prefix);
      // Corrected: the server's complaint about the prefix goes (a stale one would read as a new refusal).
      await dialog.locator('.el-form-item', { has: page.locator('[data-test=f-prefix]') }).locator('.el-form-item__error')
        .waitFor({ state: 'hidden' });
      await input(dialog, 'f-max').fill('500');
      await input(dialog, 'f-max').press('Tab');
      await dialog.locator('[data-test=number-preview]').filter({ hasText: `${prefix}001–${prefix}500` }).waitFor();
      await dialog.locator('[data-test=f-remote]').click();
      await shot(page, 'mgr-02-queue-dialog');
      await saveDialog(page, dialog);
      const row = page.locator('[data-test=table] .el-table__row', { hasText: name });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), new RegExp(`${prefix}001–${prefix}500`));
      const { items } = await ok(page, 'GET', `/queues?hall_id=${HALL}&page_size=200&q=${code}`);
      queueId = items.find((q) => q.code === code)?.id;
      assert.ok(queueId, 'the queue is stored');
      await shot(page, 'mgr-03-queues');
    });

    await step(ctx, 'hall rules and window order tabs', async () => {
      await page.getByRole('tab', { name: /叫号规则/ }).click();
      await page.locator('[data-test=hall-rules] [data-test=rules-save]').waitFor();
      await shot(page, 'mgr-04-hall-rules');
      await page.getByRole('tab', { name: /窗口叫号顺序/ }).click();
      await page.locator(`[data-test=win-${LIVE_WINDOW}]`).waitFor();
      await shot(page, 'mgr-05-window-order');
    });

    await step(ctx, 'a booking session for the new queue', async () => {
      await openPage(page, 'appt-sessions', 'appointments/sessions', '[data-test=session-queues]');
      await page.locator(`[data-test=queue-tab-${code}]`).click();
      await page.locator('[data-test=table]').filter({ hasText: '该队列还没有预约时段' }).waitFor();
      await page.locator('[data-test=create]').click();
      const dialog = page.getByRole('dialog', { name: '新增预约时段' });
      await dialog.waitFor();
      await input(dialog, 'f-online').fill('3');
      await input(dialog, 'f-online').press('Tab');
      await saveDialog(page, dialog);
      const row = page.locator('[data-test=table] .el-table__row', { hasText: '09:00–12:00' });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /工作日/);
      const { items } = await ok(page, 'GET', `/appt-sessions?queue_id=${queueId}`);
      assert.equal(items.length, 1);
      assert.equal(items[0].online_capacity, 3);
      await shot(page, 'mgr-06-sessions');
    });

    await step(ctx, 'release advice: apply it for 跨域通办 and the plan shows the advice', async () => {
      await openPage(page, 'release-advice', 'release-advice', '[data-test^=advice-]');
      const { items } = await ok(page, 'GET', `/queues?hall_id=${HALL}&page_size=200`);
      const d = items.find((q) => q.code === 'D');
      assert.ok(d, 'the demo hall has queue D');
      // A target of its own, so the advice likely differs from what an earlier run applied.
      const target = 10 + (Number(stamp.slice(-3)) % 30);
      const box = input(page, 'advice-target');
      await box.fill(String(target));
      const reloaded = page.waitForResponse((r) => r.url().includes(`/release-advice?target=${target}`));
      await box.press('Tab');
      await reloaded;
      const card = page.locator(`[data-test=advice-${d.id}]`);
      const current = card.locator(`[data-test=current-${d.id}] td`);
      const advised = card.locator(`[data-test=advised-${d.id}] td`);
      await card.waitFor();
      const button = card.locator(`[data-test=apply-${d.id}]`);
      if (await button.isEnabled()) {
        assert.notDeepEqual(await current.allInnerTexts(), await advised.allInnerTexts());
        await button.click();
        const confirm = page.locator('.el-message-box:visible');
        await confirm.waitFor();
        assert.match(await confirm.innerText(), /应用放号建议/);
        const applied = page.waitForResponse((r) => r.url().endsWith('/release-advice/apply'));
        await confirm.getByRole('button', { name: '应用' }).click();
        assert.equal((await applied).status(), 200);
        await card.locator('.el-tag', { hasText: '已按建议' }).waitFor();
      }
      assert.deepEqual(await current.allInnerTexts(), await advised.allInnerTexts(), 'the plan is the advice');
      const plan = await ok(page, 'GET', `/queues/${d.id}/release-plan`);
      assert.ok(plan.hours.length > 0, 'the plan has hours');
      await shot(page, 'mgr-07-advice-applied');
    });

    await step(ctx, 'statistics from the seeded history; the CSV download', async () => {
      await openPage(page, 'queue-stats', 'queue-stats', '[data-test=stats-cards]');
      const total = page.locator('[data-test=stats-total]');
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-test=stats-total]')?.textContent || ''));
      assert.ok(Number((await total.innerText()).replace(/\D/g, '')) > 100, 'tickets of the simulated month');
      const rowA = page.locator('[data-test=table] .el-table__row', { hasText: '综合受理' });
      await rowA.first().waitFor();
      assert.match(await rowA.first().innerText(), /\d+\.\d\d?/);
      await page.locator('[data-test=hour-bars] svg rect.bar').first().waitFor();
      await shot(page, 'mgr-08-stats');

      const download = page.waitForEvent('download');
      await page.locator('[data-test=stats-csv]').click();
      const file = await download;
      assert.match(file.suggestedFilename(), /^queue-stats-queue-.*\.csv$/);
      const csv = readFileSync(await file.path(), 'utf8');
      assert.match(csv, /分组,取号,办结/);
      assert.match(csv, /综合受理/);

      await page.locator('[data-test=stats-by]').getByText('窗口').click();
      await page.locator('[data-test=table] .el-table__row', { hasText: '窗口' }).first().waitFor();
    });

    await step(ctx, 'the live board shows a call made through the API', async () => {
      await openPage(page, 'hall-live', 'hall-live', '[data-test=live-windows]');
      await page.locator('[data-test=live-status]').filter({ hasText: '实时更新中' }).waitFor();
      const { items: windows } = await ok(page, 'GET', `/windows?hall_id=${HALL}&page_size=200`);
      const win = windows.find((w) => w.number === LIVE_WINDOW);
      assert.ok(win, `window ${LIVE_WINDOW}`);
      if (!win.is_open) await ok(page, 'POST', `/windows/${win.id}/open`);
      // Leave the window free (an earlier failed run may have left someone there).
      const desk = await ok(page, 'GET', `/windows/${win.id}/desk`);
      if (desk.current?.status === 'serving') await ok(page, 'POST', `/windows/${win.id}/finish`);
      else if (desk.current) await ok(page, 'POST', `/windows/${win.id}/no-show`);
      const kiosk = await ok(page, 'GET', `/halls/${HALL}/kiosk`);
      const queue = kiosk.queues.find((q) => q.code === win.queue_codes[0]);
      const ticket = await ok(page, 'POST', `/halls/${HALL}/tickets`, { queue_id: queue.id });
      await ok(page, 'POST', `/windows/${win.id}/call`, { code: ticket.code });

      // No reload: the event stream brings the call in.
      await page.locator(`[data-test=live-window-${LIVE_WINDOW}]`).filter({ hasText: ticket.code }).waitFor();
      await page.locator('[data-test=live-recent] li').first().filter({ hasText: ticket.code }).waitFor();
      assert.equal(await page.locator('[data-test=open-kiosk]').getAttribute('href'), `/hall/${HALL}/kiosk`);
      assert.equal(await page.locator('[data-test=open-display]').getAttribute('target'), '_blank');
      await shot(page, 'mgr-09-live');

      await ok(page, 'POST', `/windows/${win.id}/start`);
      await ok(page, 'POST', `/windows/${win.id}/finish`);
      await page.locator(`[data-test=live-window-${LIVE_WINDOW}]`).filter({ hasText: '空闲' }).waitFor();
    });

    await step(ctx, 'appointments: book at the desk for the new queue, then cancel', async () => {
      const { days } = await ok(page, 'GET', `/halls/${HALL}/appointment-days?queue_id=${queueId}`);
      const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
      const day = days.find((d) => d.open && d.free_online > 0 && d.date > today);
      assert.ok(day, 'a bookable day for the new session');
      await page.goto(`${BASE}/console/appointments?date=${day.date}`);
      await page.locator('[data-test=checkin]').waitFor();
      await page.locator('[data-test=book-open]').click();
      const dialog = page.getByRole('dialog', { name: /窗口代约/ });
      await dialog.waitFor();
      await choose(page, dialog.locator('[data-test=b-queue]'), { text: code });
      const slot = dialog.locator('[data-test=b-slots] button.slot:not([disabled])').first();
      await slot.waitFor();
      await slot.click();
      const person = `测试${stamp.slice(-3)}`;
      await input(dialog, 'b-name').fill(person);
      await input(dialog, 'b-phone').fill(`139${stamp.slice(-8)}`);
      await input(dialog, 'b-id').fill(residentId(stamp));
      await shot(page, 'mgr-10-book-dialog');
      await dialog.locator('[data-test=save]').click();
      const done = page.locator('.el-message-box:visible');
      await done.waitFor();
      const apptCode = (await done.locator('.ci-num').innerText()).trim();
      assert.match(apptCode, /^\d{6,}$/);
      await done.getByRole('button', { name: '好的' }).click();
      await done.waitFor({ state: 'hidden' });
      const row = page.locator('[data-test=table] .el-table__row', { hasText: apptCode });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /窗口代约[\s\S]*已预约/);
      await shot(page, 'mgr-11-appointments');

      await row.first().locator(`[data-test=cancel-${apptCode}]`).click();
      await confirmBox(page, '取消预约');
      await page.locator('[data-test=table] .el-table__row', { hasText: apptCode }).filter({ hasText: '已取消' }).waitFor();
    });

    await step(ctx, 'the test queue is switched off (with records it cannot be deleted)', async () => {
      const q = await ok(page, 'GET', `/queues/${queueId}`);
      const del = await apiCall(page, 'DELETE', `/queues/${queueId}`);
      if (del.status >= 300) {
        assert.equal(del.data?.error, 'IN_USE', `a queue with appointments is kept: ${JSON.stringify(del.data)}`);
        const off = await ok(page, 'PUT', `/queues/${queueId}`, { active: false, version: q.version });
        assert.equal(off.active, false);
      }
    });
  } finally {
    await ctx.context.close();
  }
});
