// Browser tests of the citizen queue pages on a phone (375×812): booking an
// appointment and cancelling it in 我的预约, a live ticket page that turns
// into "请到 N 号窗口" when a clerk calls it, cancelling a ticket, and cloud
// calling (云叫号) reached from a service guide. Against a running server
// seeded with `yiwang seed demo`; other e2e files share that server, so
// nothing here assumes empty tables: each run signs in with a fresh phone
// number, books a day a few days ahead found through the API, and calls
// its own ticket by number when someone else is ahead of it.
//
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/queue_citizen.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, SHOTS, newPage, shot, step, input } from './lib.mjs';
import { staffSession, call, ok, freshPhone, idNumber, otpFor, citizenLogin, settled } from './citizen.mjs';

const PHONE = { width: 375, height: 812 };
const HALL = 1;
const QUEUE = 1; // 综合受理 (A) of the demo hall: booked here
// Tickets are called in 公安户政 (B): the hall desk tests call D and A at window 18.
const TICKET_QUEUE_CODE = 'B';
const CLERK_USER = process.env.YW_CLERK_USER || 'clerk01';
const CLERK_PASSWORD = process.env.YW_CLERK_PASSWORD || 'Demo@2026yw';


/** A day at least three days ahead with free online places, and one bookable slot on it. */
async function pickSlot() {
  const { days } = await ok('GET', `/halls/${HALL}/appointment-days?queue_id=${QUEUE}`);
  const soon = new Date(Date.now() + 3 * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  for (const d of days.filter((x) => x.date >= soon && x.open && x.released && x.free_online > 0)) {
    const a = await ok('GET', `/halls/${HALL}/availability?queue_id=${QUEUE}&date=${d.date}`);
    const free = a.slots.filter((s) => s.bookable && s.free_online > 0);
    // The one with the most room, so a parallel booking does not take the last place.
    free.sort((x, y) => y.free_online - x.free_online);
    if (free.length) return { date: d.date, start: free[0].start, end: free[0].end };
  }
  throw new Error('no bookable slot three or more days ahead');
}

test('citizen books an appointment on a phone, finds it in 我的预约 and cancels it', async () => {
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  const admin = await staffSession(ADMIN_USER, ADMIN_PASSWORD);
  const phone = freshPhone();
  const id = idNumber();
  const slot = await pickSlot();
  let code = '';
  try {
    await step(ctx, 'home tile → login', async () => {
      await page.goto(`${BASE}/m/`);
      const tile = page.locator('[data-test=m-tile-appointment]');
      await tile.waitFor();
      assert.doesNotMatch(await tile.innerText(), /建设中/, '预约办事 is enabled');
      await page.locator('[data-test=m-tile-mine]').waitFor();
      await page.locator('[data-test=m-tile-ticket]').waitFor();
      await tile.click();
      // Not signed in: the booking page sends us to the phone login, and back.
      await page.waitForURL(/\/m\/?\?redirect=/);
      await page.locator('[data-test=m-login-needed]').waitFor();
      await citizenLogin(page, admin, phone, '**/m/book');
    });

    await step(ctx, 'hall and queue', async () => {
      await page.locator('[data-test=book-halls]').waitFor();
      assert.match(await page.locator('[data-test=book-halls]').innerText(), /源城区政务服务中心/);
      await page.locator(`[data-test=book-queue-${QUEUE}]`).click();
      await shot(page, '81-m-book-pick');
      await page.locator('[data-test=book-next]').click();
    });

    await step(ctx, 'day and slot', async () => {
      const day = page.locator(`[data-test="book-day-${slot.date}"]`);
      await day.waitFor();
      await day.scrollIntoViewIfNeeded();
      await day.click();
      assert.equal(await day.getAttribute('aria-selected'), 'true');
      const btn = page.locator(`[data-test="book-slot-${slot.start}"]`);
      await btn.waitFor();
      await page.waitForFunction((el) => !el.disabled, await btn.elementHandle());
      assert.match(await btn.innerText(), /余 \d+/, 'a free slot shows its places');
      // Every slot says what it is: free places or why it cannot be booked.
      const states = await page.locator('[data-test^=book-slot-] .slot-s').allInnerTexts();
      assert.ok(states.every((s) => /^(余 \d+|约满|冻结|未放号|已过)$/.test(s.trim())), states.join(','));
      await shot(page, '82-m-book-slots');
      await btn.click();
    });

    await step(ctx, 'hold and form', async () => {
      const bar = page.locator('[data-test=book-countdown]');
      await bar.waitFor();
      assert.match(await bar.innerText(), /\d{2}:\d{2}/, 'the hold shows a countdown');
      assert.match(await bar.innerText(), new RegExp(slot.start));
      await input(page, 'book-name').fill('李测试');
      // A wrong check character is caught on leaving the field.
      const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      await input(page, 'book-id').fill(bad);
      await input(page, 'book-phone').click();
      await page.locator('[data-test=book-id] .van-field__error-message').waitFor();
      assert.match(await page.locator('[data-test=book-id] .van-field__error-message').innerText(), /身份证|校验/);
      await input(page, 'book-id').fill(id);
      await input(page, 'book-phone').fill(phone);
      await page.locator('[data-test=book-id] .van-icon-passed').waitFor();
      await shot(page, '83-m-book-form');
      await page.locator('[data-test=book-confirm]').click();
    });

    await step(ctx, 'booked', async () => {
      const el = page.locator('[data-test=book-code]');
      await el.waitFor();
      code = (await el.innerText()).replace(/\s/g, '');
      assert.match(code, /^\d{8}$/, `an 8-digit appointment code: ${code}`);
      assert.match(await page.locator('[data-test=book-how]').innerText(), /签到/);
      await shot(page, '84-m-book-done');
    });

    await step(ctx, 'my appointments', async () => {
      await page.locator('[data-test=book-mine]').click();
      await page.waitForURL('**/m/appointments');
      // Shown in groups of four, as on the booking page.
      const card = page.locator('[data-appt]').filter({ hasText: code.replace(/^(\d{4})/, '$1 ') });
      await card.waitFor();
      assert.match(await card.locator('[data-test=appt-status]').innerText(), /已预约/);
      assert.match(await card.innerText(), new RegExp(`${slot.start}–${slot.end}`));
      await shot(page, '85-m-appointments');
      await card.locator('[data-test=appt-cancel]').click();
      const dialog = page.locator('.van-dialog');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), /取消预约/);
      await page.waitForTimeout(400); // the dialog's opening animation
      await shot(page, '86-m-appointment-cancel');
      await dialog.locator('.van-dialog__confirm').click();
      await card.locator('[data-test=appt-status]', { hasText: '已取消' }).waitFor();
      await settled(page);
      await shot(page, '87-m-appointment-cancelled');
    });

    await step(ctx, 'the server agrees', async () => {
      const r = await page.request.get(`${BASE}/api/v1/appointments/mine`);
      assert.equal(r.status(), 200);
      const mine = (await r.json()).items.find((a) => a.code === code);
      assert.equal(mine?.status, 'cancelled');
    });
  } finally {
    await ctx.context.close();
  }
});

/** A window of the hall that serves the queue and has nobody at it now:
 * one serving that queue alone first, then the highest number. */
async function freeWindow(clerk, queueCode) {
  const { items } = await ok('GET', `/windows?hall_id=${HALL}&page_size=100`, undefined, clerk);
  const serving = items.filter((w) => (w.queue_codes || []).includes(queueCode))
    .sort((a, b) => a.queue_codes.length - b.queue_codes.length || b.number - a.number);
  for (const w of serving) {
    const desk = await call('GET', `/windows/${w.id}/desk`, undefined, clerk);
    if (desk.status !== 200) continue;
    if (!desk.data.current && desk.data.window.is_open) return w;
  }
  throw new Error(`no idle open window serves queue ${queueCode}`);
}

test('a live ticket page turns into "请到 N 号窗口" when a clerk calls it, and a ticket can be cancelled', async () => {
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  const clerk = await staffSession(CLERK_USER, CLERK_PASSWORD);
  const kiosk = await ok('GET', `/halls/${HALL}/kiosk`);
  const queue = kiosk.queues.find((q) => q.code === TICKET_QUEUE_CODE);
  const queueCode = queue.code;
  const ticket = await ok('POST', `/halls/${HALL}/tickets`, { queue_id: queue.id });
  let win = null;
  try {
    await step(ctx, 'waiting', async () => {
      await page.goto(`${BASE}/m/ticket/${ticket.token}`);
      await page.locator('[data-test=m-ticket-code]', { hasText: ticket.code }).waitFor();
      await page.locator('[data-test=m-ticket-waiting]').waitFor();
      assert.match(await page.locator('[data-test=m-ticket]').innerText(), /源城区政务服务中心/);
      assert.match(await page.locator('[data-test=m-ticket-ahead]').innerText(), /前面还有 \d+ 人|下一位就是您/);
      assert.match(await page.locator('[data-test=m-ticket-wait]').innerText(), /分|马上/);
      await page.locator('.live', { hasText: '实时更新中' }).waitFor();
      await shot(page, '88-m-ticket-waiting');
    });

    await step(ctx, 'called', async () => {
      win = await freeWindow(clerk, queueCode);
      // call-next when the ticket is first in line; by its number otherwise
      // (other tests share the hall). A stranger called by call-next in a
      // race goes back in line with its original issue time.
      const now = await ok('GET', `/tickets/${ticket.token}`);
      let called = null;
      if (now.ahead === 0) {
        called = await ok('POST', `/windows/${win.id}/call-next`, {}, clerk);
        if (called.id !== ticket.id) {
          await ok('POST', `/windows/${win.id}/transfer`, { queue_id: called.queue_id }, clerk);
          called = null;
        }
      }
      if (!called) called = await ok('POST', `/windows/${win.id}/call`, { code: ticket.code }, clerk);
      assert.equal(called.id, ticket.id);
      // The page hears the event and reads the ticket again: no reload here.
      const box = page.locator('[data-test=m-ticket-called]');
      await box.waitFor();
      const text = (await box.innerText()).replace(/\s+/g, ' ');
      assert.match(text, new RegExp(`请到 ${win.number} 号窗口`));
      await settled(page);
      await shot(page, '89-m-ticket-called');
    });

    await step(ctx, 'served', async () => {
      await ok('POST', `/windows/${win.id}/start`, {}, clerk);
      await ok('POST', `/windows/${win.id}/finish`, {}, clerk);
      win = null;
      await page.locator('[data-test=m-ticket-state]', { hasText: '已办结' }).waitFor();
      assert.match(await page.locator('.live').innerText(), /已结束/);
    });

    await step(ctx, 'cancel a waiting ticket', async () => {
      const other = await ok('POST', `/halls/${HALL}/tickets`, { queue_id: queue.id });
      await page.goto(`${BASE}/m/ticket/${other.token}`);
      await page.locator('[data-test=m-ticket-cancel]').click();
      const dialog = page.locator('.van-dialog');
      await dialog.waitFor();
      await dialog.locator('.van-dialog__confirm').click();
      await page.locator('[data-test=m-ticket-state]', { hasText: '已取消' }).waitFor();
      assert.equal((await ok('GET', `/tickets/${other.token}`)).status, 'cancelled');
      await settled(page);
      await shot(page, '90-m-ticket-cancelled');
    });
  } finally {
    if (win) {
      // Leave the window free for the next test, whatever happened above.
      const desk = await call('GET', `/windows/${win.id}/desk`, undefined, clerk);
      if (desk.data?.current) await call('POST', `/windows/${win.id}/no-show`, {}, clerk);
    }
    await ctx.context.close();
  }
});

test('cloud calling from a service guide lists the halls with their waits and marks distance', async () => {
  const ctx = await newPage(PHONE);
  const { page, context } = ctx;
  // An item handled at more than one hall.
  const kiosk = await ok('GET', `/halls/${HALL}/kiosk`);
  const ids = kiosk.queues.find((q) => q.id === QUEUE).item_ids;
  let itemId = 0;
  let cloud = null;
  for (const id of ids.slice(0, 15)) {
    cloud = await ok('GET', `/cloud/items/${id}`);
    if (cloud.halls.length >= 2) { itemId = id; break; }
  }
  assert.ok(itemId, 'the demo has an item handled at two or more halls');
  // The phone shares its position (near the demo district centre).
  await context.grantPermissions(['geolocation'], { origin: BASE });
  await context.setGeolocation({ latitude: 23.7405, longitude: 114.7005 });
  try {
    await step(ctx, 'guide → 在线取号', async () => {
      await page.goto(`${BASE}/m/items/${itemId}`);
      const block = page.locator('[data-test=guide-queue]');
      await block.waitFor();
      assert.match(await block.innerText(), /在线取号/);
      await page.screenshot({ path: path.join(SHOTS, '91-m-guide-queue.png') }); // the top of a long page

      await block.locator('[data-test=guide-cloud]').click();
      await page.waitForURL(new RegExp(`/m/cloud\\?item=${itemId}`));
    });

    await step(ctx, 'halls', async () => {
      const halls = page.locator('[data-test=cloud-hall]');
      await halls.nth(1).waitFor();
      assert.equal(await halls.count(), cloud.halls.length);
      const text = await page.locator('.cloud').innerText();
      assert.match(text, /源城区政务服务中心/);
      assert.match(await page.locator('[data-test=cloud-item]').innerText(), /\S/);
      // The position comes from the browser's geolocation after the first
      // list: on a busy machine that can take longer than a page load.
      await page.locator('[data-test=cloud-distance]').first().waitFor({ timeout: 45000 });
      assert.match(await page.locator('[data-test=cloud-distance]').first().innerText(), /米|公里/);
      if (cloud.recommended_hall_id) await page.locator('[data-test=cloud-recommended]').waitFor();
      // Outside opening hours the remote ticket button says why it is off.
      const open = (await ok('GET', `/halls/${HALL}/kiosk`)).hall.open;
      const first = halls.filter({ hasText: '源城区政务服务中心' });
      if (!open) {
        assert.ok(await first.locator('[data-test=cloud-take]').isDisabled());
        assert.match(await first.innerText(), /不在办公时间/);
      }
      await shot(page, '92-m-cloud');
    });

    // In opening hours: a remote ticket, after the phone login, opens the live page.
    const target = cloud.halls.find((h) => h.open && h.remote);
    if (target) {
      await step(ctx, 'remote ticket', async () => {
        const admin = await staffSession(ADMIN_USER, ADMIN_PASSWORD);
        const card = page.locator('[data-test=cloud-hall]').filter({ hasText: target.name });
        await card.locator('[data-test=cloud-take]').click();
        await page.waitForURL(/redirect=/);
        await citizenLogin(page, admin, freshPhone(), /\/m\/cloud\?item=/);
        await card.locator('[data-test=cloud-take]').click();
        await page.locator('.van-dialog__confirm').click();
        await page.waitForURL('**/m/ticket/**');
        await page.locator('[data-test=m-ticket-remote]').waitFor();
        await settled(page);
        await shot(page, '93-m-cloud-ticket');
        // Give the place back: the token in the address is the capability.
        const token = decodeURIComponent(page.url().split('/m/ticket/')[1]);
        assert.equal((await ok('POST', `/tickets/${token}/cancel`, {})).status, 'cancelled');
      });
    }
  } finally {
    await ctx.context.close();
  }
});
