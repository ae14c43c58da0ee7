// Browser tests of the front-of-house 好差评 pages (issue 6): the window
// evaluator on a tablet facing the citizen (/window/:id/evaluator), rating a
// ticket by its QR on a phone with one 追评, 我的评价, and 一事一评 of a
// finished case (我的办件 and the public progress page) and of a closed
// 12345 order (我的工单).
//
// Against a running server seeded with `yiwang seed demo`, shared with the
// other e2e files: nothing here assumes an empty hall. The desk works at an
// idle window of the demo hall that serves queue A only (never window 18,
// the hall tests' desk), calls its own tickets by their codes, and every
// citizen signs in with a fresh phone number.
//
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/ratings_front.test.mjs
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, choose, input, login } from './lib.mjs';
import { staffSession, call, ok, freshPhone, idNumber, otpFor, citizenLogin, settled } from './citizen.mjs';

const HALL = 1;
const CLERK = process.env.YW_CLERK_USER || 'clerk01';
const DEMO_PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const TABLET = { width: 1280, height: 800 };
const TABLET_PORTRAIT = { width: 800, height: 1280 };
const PHONE = { width: 390, height: 844 };
const SOLE_TRADER = '114416027071028524-0006'; // 个体工商户设立登记: 即办件, delivered at intake


let queueA = 0;
/** A kiosk ticket of queue A (综合受理), with a phone when given. */
async function takeTicket(phone) {
  if (!queueA) queueA = (await ok('GET', `/halls/${HALL}/kiosk`)).queues.find((q) => q.code === 'A').id;
  const t = await ok('POST', `/halls/${HALL}/tickets`, phone ? { queue_id: queueA, phone } : { queue_id: queueA });
  taken.add(t.token);
  return t;
}

// Tickets left waiting by a failed run are cancelled, so the shared hall's
// counts go back to what the other tests expect.
const taken = new Set();
after(async () => {
  for (const token of taken) {
    // eslint-disable-next-line no-await-in-loop
    await call('POST', `/tickets/${token}/cancel`, {}).catch(() => {});
  }
});

/** An open window of the hall serving queue A only, with nobody at it:
 * the highest number first (the low ones are the API tests' and the
 * hall tests work at window 18). */
async function freeWindow(clerk) {
  const { items } = await ok('GET', `/windows?hall_id=${HALL}&page_size=100`, undefined, clerk);
  const aOnly = items.filter((w) => w.number !== 18 && (w.queue_codes || []).join() === 'A').sort((a, b) => b.number - a.number);
  for (const w of aOnly) {
    const desk = await call('GET', `/windows/${w.id}/desk`, undefined, clerk);
    if (desk.status === 200 && !desk.data.current && desk.data.window.is_open) return w;
  }
  throw new Error('no idle open window serves queue A alone');
}

/** Calls a ticket by its code at a window, starts and finishes it (the clerk's API). */
async function serve(clerk, win, ticket) {
  for (const [action, body] of [['call', { code: ticket.code }], ['start', {}], ['finish', {}]]) {
    const r = await call('POST', `/windows/${win.id}/${action}`, body, clerk);
    assert.equal(r.status, 200, `${action} ${ticket.code} at window ${win.number}: ${JSON.stringify(r.data)}`);
  }
  taken.delete(ticket.token);
}

/** Clicks a desk button and waits for its request and the desk's reload. */
async function deskAct(page, name, path = name) {
  const done = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/windows/') && r.url().endsWith(`/${path}`));
  const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith('/desk'));
  await page.locator(`[data-test=desk-${name}]`).click();
  const res = await done;
  await reloaded;
  assert.equal(res.status(), 200, `desk ${name}: ${await res.text()}`);
}

test('window evaluator: shows the clerk, the window and the ticket; 满意 in one tap; 不满意 with reasons opens a rectification order', async () => {
  const clerk = await staffSession(CLERK, DEMO_PASSWORD);
  const admin = await staffSession(ADMIN_USER, ADMIN_PASSWORD);
  const win = await freeWindow(clerk);
  const tablet = await newPage(TABLET);
  const desk = await newPage({ width: 1440, height: 900 });
  const ev = tablet.page;
  try {
    await step(tablet, 'the tablet: sign in, back to the evaluator', async () => {
      await ev.goto(`${BASE}/window/${win.id}/evaluator`);
      await ev.waitForURL(/\/login\?redirect=/);
      await ev.locator('input[name=username]').fill(CLERK);
      await ev.locator('input[name=password]').fill(DEMO_PASSWORD);
      await ev.locator('[data-test=login-submit]').click();
      await ev.waitForURL(`**/window/${win.id}/evaluator`);
      await ev.locator('[data-test=ev-idle], [data-test=ev-rate]').first().waitFor();
      assert.match(await ev.locator('[data-test=ev-window]').innerText(), new RegExp(`${win.number}\\s*号窗口`));
      assert.match(await ev.locator('[data-test=ev-window]').innerText(), new RegExp(win.name));
      assert.match(await ev.locator('[data-test=ev-hall]').innerText(), /源城区政务服务中心/);
      // Nobody is waiting to rate (or a leftover of an earlier run is): rate it away first.
      if (await ev.locator('[data-test=ev-rate]').count()) {
        await ev.locator('[data-level=very_satisfied]').click();
        await ev.locator('[data-test=ev-idle]').waitFor({ timeout: 15000 });
      }
      assert.match(await ev.locator('[data-test=ev-idle]').innerText(), /欢迎/);
      assert.match(await ev.locator('[data-test=ev-staff-name]').innerText(), new RegExp(clerk.user.name));
      await shot(ev, 'ratings-front-01-evaluator-idle');
    });

    await step(desk, 'the desk: the window and its 评价器 link', async () => {
      await login(desk.page, CLERK, DEMO_PASSWORD);
      await desk.page.goto(`${BASE}/console/desk`);
      await choose(desk.page, desk.page.locator('[data-test=desk-window]'), { search: win.name, text: win.name });
      await desk.page.locator('[data-test=desk-state]').waitFor();
      if (await desk.page.locator('[data-test=desk-open]').count()) await deskAct(desk.page, 'open');
      const link = desk.page.locator('[data-test=desk-evaluator]');
      assert.equal(await link.getAttribute('href'), `/window/${win.id}/evaluator`);
      assert.equal(await link.getAttribute('target'), '_blank');
      const [tab] = await Promise.all([desk.context.waitForEvent('page'), link.click()]);
      await tab.waitForURL(`**/window/${win.id}/evaluator`);
      await tab.locator('[data-test=ev-window]', { hasText: win.name }).waitFor();
      await tab.close();
    });

    const t1 = await takeTicket();
    await step(desk, 'served at the desk', async () => {
      await input(desk.page, 'desk-code').fill(t1.code);
      await deskAct(desk.page, 'call-code', 'call');
      await desk.page.locator('[data-test=desk-current-code]', { hasText: t1.code }).waitFor();
      await deskAct(desk.page, 'start');
      await deskAct(desk.page, 'finish');
      taken.delete(t1.token);
    });

    await step(tablet, 'the finished ticket appears by itself; 满意 is one tap', async () => {
      await ev.locator('[data-test=ev-ticket]', { hasText: t1.code }).waitFor();
      assert.match(await ev.locator('[data-test=ev-rate]').innerText(), /请对本次服务进行评价/);
      assert.match(await ev.locator('[data-test=ev-staff]').innerText(), new RegExp(`${clerk.user.name}[\\s\\S]*${win.number}\\s*号窗口`));
      for (const level of ['very_satisfied', 'satisfied', 'basic', 'unsatisfied', 'very_unsatisfied']) {
        assert.ok(await ev.locator(`[data-level=${level}]`).isVisible(), `${level} is on screen`);
      }
      assert.match(await ev.locator('[data-level=satisfied]').innerText(), /满意[\s\S]*8 分/);
      await shot(ev, 'ratings-front-02-evaluator-rate');
      await ev.locator('[data-level=satisfied]').click();
      await ev.locator('[data-test=thanks]').waitFor();
      assert.match(await ev.locator('[data-test=thanks]').innerText(), /感谢您的评价[\s\S]*满意/);
      await shot(ev, 'ratings-front-03-evaluator-thanks');
      const v = await ok('GET', `/tickets/${t1.token}/rating`);
      assert.deepEqual([v.rated, v.rating.level, v.rating.source, v.rating.active, v.rating.window.number, v.rating.staff.id],
        [true, 'satisfied', 'evaluator', true, win.number, clerk.user.id]);
      assert.equal(v.rating.rectification, null, 'a good rating opens no order');
      // A few seconds later the tablet is calm again.
      await ev.locator('[data-test=ev-idle]').waitFor({ timeout: 12000 });
    });

    const t2 = await takeTicket();
    const comment = `窗口等了很久，态度也不耐烦（${t2.code}）`;
    const callbackPhone = freshPhone();
    await step(tablet, 'portrait, 不满意: the reasons are required, then comment and callback', async () => {
      await ev.setViewportSize(TABLET_PORTRAIT);
      await serve(clerk, win, t2);
      await ev.locator('[data-test=ev-ticket]', { hasText: t2.code }).waitFor();
      await shot(ev, 'ratings-front-04-evaluator-portrait');
      await ev.locator('[data-level=unsatisfied]').click();
      await ev.locator('[data-tag=attitude]').waitFor();
      // Cancel goes back to the five levels; the ticket is still there.
      await ev.locator('[data-test=cancel]').click();
      await ev.locator('[data-test=ev-ticket]', { hasText: t2.code }).waitFor();
      await ev.locator('[data-level=unsatisfied]').click();
      await ev.locator('[data-test=submit]').click();
      await ev.locator('[data-test=tag-error]', { hasText: '请至少选择一个原因' }).waitFor();
      await ev.locator('[data-tag=attitude]').click();
      await ev.locator('[data-tag=long_wait]').click();
      assert.equal(await ev.locator('[data-tag=attitude]').getAttribute('aria-pressed'), 'true');
      await ev.locator('[data-test=comment]').fill(comment);
      await ev.locator('[data-test=callback]').check();
      await ev.locator('[data-test=phone]').fill(callbackPhone);
      await shot(ev, 'ratings-front-05-evaluator-bad-portrait');
      await ev.setViewportSize(TABLET);
      await shot(ev, 'ratings-front-06-evaluator-bad');
      await ev.locator('[data-test=submit]').click();
      await ev.locator('[data-test=thanks]').waitFor();
      assert.match(await ev.locator('[data-test=thanks]').innerText(), /不满意[\s\S]*核实整改[\s\S]*回访/);
    });

    await step(tablet, 'the server: a bad review with its reasons and a rectification order for the department', async () => {
      const v = await ok('GET', `/tickets/${t2.token}/rating`);
      const g = v.rating;
      assert.deepEqual([g.level, g.bad, g.source, g.comment, g.callback_consent], ['unsatisfied', true, 'evaluator', comment, true]);
      assert.deepEqual([...g.tags].sort(), ['attitude', 'long_wait']);
      assert.ok(g.rectification?.id, 'a bad review opens an order');
      const list = await ok('GET', '/rectifications?state=verifying&page_size=100', undefined, admin);
      const order = list.items.find((x) => x.rating_id === g.id);
      assert.ok(order, 'the order is in the verifying list');
      assert.equal(order.id, g.rectification.id);
      assert.ok(order.department?.id, 'the order names the responsible department');
      assert.equal(order.rating.comment, comment);
      // Departments see the review, never the rater's phone.
      assert.ok(!JSON.stringify(list).includes(callbackPhone));
      await ev.locator('[data-test=ev-idle]').waitFor({ timeout: 12000 });
    });
  } finally {
    await tablet.context.close();
    await desk.context.close();
  }
});

test('citizen rates a ticket by its QR, adds one 追评 (a second is refused), and finds it in 我的评价', async () => {
  const clerk = await staffSession(CLERK, DEMO_PASSWORD);
  const admin = await staffSession(ADMIN_USER, ADMIN_PASSWORD);
  const phone = freshPhone();
  const win = await freeWindow(clerk);
  const t = await takeTicket(phone);
  await serve(clerk, win, t);
  const ctx = await newPage(PHONE);
  const { page, context } = ctx;
  const first = '回家后才发现材料已经帮我全部扫描归档，点赞！';
  try {
    await step(ctx, 'the ticket page offers the rating once done', async () => {
      await page.goto(`${BASE}/m/ticket/${t.token}`);
      await page.locator('[data-test=m-ticket-state]', { hasText: '已办结' }).waitFor();
      await page.locator('[data-test=m-ticket-rate]').click();
      await page.waitForURL(`**/m/rate/ticket/${t.token}`);
      await page.locator('[data-test=rating-form]').waitFor();
      assert.match(await page.locator('[data-test=rate-ticket]').innerText(), new RegExp(`${t.code}[\\s\\S]*${win.number} 号窗口`));
      await settled(page);
      await shot(page, 'ratings-front-11-m-rate-ticket');
    });

    await step(ctx, 'a bad level needs a reason; the good one does not', async () => {
      await page.locator('[data-level=very_unsatisfied]').click();
      await page.locator('[data-test=rating-tags]').waitFor();
      await page.locator('[data-test=rating-submit]').click();
      await page.locator('[data-test=rating-tags-error]', { hasText: '请至少选择一个原因' }).waitFor();
      await page.locator('[data-level=very_satisfied]').click();
      await page.locator('[data-test=rating-tags]').waitFor({ state: 'detached' });
      await page.locator('[data-test=ind-attitude] [data-star="5"]').click();
      await page.locator('[data-test=ind-efficiency] [data-star="4"]').click();
      await page.locator('[data-test=comment] textarea').fill('办得很快，工作人员很耐心。');
      await page.locator('[data-test=rating-submit]').click();
      await page.locator('[data-test=rate-done]').waitFor();
      const card = page.locator('[data-test=rating-card]');
      assert.match(await card.locator('[data-test=rating-level]').innerText(), /非常满意/);
      assert.match(await card.innerText(), /办得很快/);
      const v = await ok('GET', `/tickets/${t.token}/rating`);
      assert.deepEqual([v.rating.level, v.rating.source, v.rating.indicators], ['very_satisfied', 'qr', { attitude: 5, efficiency: 4 }]);
      await settled(page);
      await shot(page, 'ratings-front-12-m-rated');
    });

    // A second tab opened before the 追评: its form is stale once the first adds.
    const other = await context.newPage();
    await step(ctx, '追评 once; the stale second tab is refused with the server\'s message', async () => {
      await other.goto(`${BASE}/m/rate/ticket/${t.token}`);
      await other.locator('[data-test=addition-open]').click();
      await page.locator('[data-test=addition-open]').click();
      await page.locator('[data-test=addition] textarea').fill(first);
      await page.locator('[data-test=addition-submit]').click();
      await page.locator('[data-test=rating-addition]', { hasText: first }).waitFor();
      assert.equal(await page.locator('[data-test=addition-open]').count(), 0, 'no second 追评 offered');
      await settled(page);
      await shot(page, 'ratings-front-13-m-addition');
      await other.locator('[data-test=addition] textarea').fill('再追评一次');
      await other.locator('[data-test=addition-submit]').click();
      await other.locator('[data-test=addition-error]', { hasText: '只能追评一次' }).waitFor();
      await other.locator('[data-test=rating-addition]', { hasText: first }).waitFor();
      await settled(other);
      await shot(other, 'ratings-front-14-m-addition-refused');
      assert.equal((await ok('GET', `/tickets/${t.token}/rating`)).rating.addition, first);
    });

    await step(ctx, '好差评 on the home page → login → 我的评价', async () => {
      await page.goto(`${BASE}/m/`);
      const tile = page.locator('[data-test=m-tile-rating]');
      assert.doesNotMatch(await tile.innerText(), /建设中/);
      await tile.click();
      await page.waitForURL(/redirect=/);
      await page.locator('[data-test=m-login-needed]').waitFor();
      await citizenLogin(page, admin, phone, '**/m/ratings');
      const card = page.locator('[data-test=rating-card]', { hasText: t.code });
      await card.waitFor();
      assert.match(await card.innerText(), /非常满意[\s\S]*追评[\s\S]*点赞/);
      await shot(page, 'ratings-front-15-m-mine');
    });
  } finally {
    await ctx.context.close();
  }
});

test('一事一评: a finished case rated from 我的办件 (and found again from the progress page), a closed 12345 order from 我的工单', async () => {
  const clerk = await staffSession(CLERK, DEMO_PASSWORD);
  const admin = await staffSession(ADMIN_USER, ADMIN_PASSWORD);
  const phone = freshPhone();
  // A 即办件 taken in at a window of the hall: delivered at once, so it may be rated.
  const s = await ok('GET', `/items?q=${SOLE_TRADER}`);
  const hit = s.items.find((i) => i.code === SOLE_TRADER);
  assert.ok(hit, `demo item ${SOLE_TRADER}`);
  const it = await ok('GET', `/items/${hit.id}`);
  const materials = (it.content ?? it).materials.map((m, seq) => ({ m, seq })).filter(({ m }) => m.required)
    .map(({ m, seq }) => ({ seq, form: 'paper_original', count: m.count ?? 1 }));
  const win = await freeWindow(clerk);
  const k = await ok('POST', '/cases', {
    item_id: hit.id, window_id: win.id, materials,
    applicant: { kind: 'person', name: '评价测试', id_number: idNumber('19860521'), phone },
  }, clerk);
  assert.equal(k.state, 'delivered', 'a 即办件 ends at intake');
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  try {
    await step(ctx, '我的办件 → 评价 (after the phone login)', async () => {
      await page.goto(`${BASE}/m/cases/${k.id}`);
      await page.waitForURL(/redirect=/);
      await page.locator('[data-test=m-login-needed]').waitFor();
      await citizenLogin(page, admin, phone, `**/m/cases/${k.id}`);
      await page.locator('[data-test=m-case-rate]').click();
      await page.waitForURL(`**/m/rate/case/${k.id}`);
      const head = page.locator('[data-test=rate-subject]');
      await head.waitFor();
      assert.match(await head.innerText(), new RegExp(k.case_no));
      await page.locator('[data-test=rating-form]').waitFor();
      await settled(page);
      await shot(page, 'ratings-front-21-m-rate-case');
    });

    await step(ctx, 'rated: the card, and the server has it', async () => {
      await page.locator('[data-level=satisfied]').click();
      await page.locator('[data-test=ind-result] [data-star="5"]').click();
      await page.locator('[data-test=rating-submit]').click();
      await page.locator('[data-test=rate-done]').waitFor();
      assert.match(await page.locator('[data-test=rating-card]').innerText(), /满意/);
      const mine = await page.request.get(`${BASE}/api/v1/ratings/mine`);
      const g = (await mine.json()).items.find((x) => x.subject.kind === 'case' && x.subject.label === k.case_no);
      assert.ok(g, 'the case rating is among mine');
      assert.deepEqual([g.level, g.channel, g.indicators], ['satisfied', 'case', { result: 5 }]);
      await settled(page);
      await shot(page, 'ratings-front-22-m-case-rated');
    });

    await step(ctx, 'the progress page links to the rating: already given', async () => {
      await page.goto(`${BASE}/progress?case=${k.case_no}`);
      await input(page, 'progress-key').fill(phone.slice(-4));
      await page.locator('[data-test=progress-submit]').click();
      await page.locator('[data-test=progress-rate]').click();
      await page.waitForURL(`**/m/rate/case/${k.id}`);
      await page.locator('[data-test=rate-done]').waitFor();
      assert.match(await page.locator('[data-test=rating-card]').innerText(), /满意/);
    });

    // A 12345 consultation answered directly (直办) closes at once.
    const agent = await staffSession('agent01', DEMO_PASSWORD);
    const tree = await ok('GET', '/hotline/categories/tree', undefined, agent);
    let leaf = null;
    const walk = (nodes) => { for (const n of nodes) { if (!leaf && !(n.children || []).length) leaf = n; walk(n.children || []); } };
    walk(tree.items);
    const o = await ok('POST', '/hotline/orders', {
      channel: 'phone', type: 'consult', caller_name: '评价测试', caller_phone: phone, category_id: leaf.id,
      region_code: '441602002001', description: '个体户营业执照在哪里办？',
    }, agent);
    await ok('POST', `/hotline/orders/${o.id}/answer`, { answer: '可在政务服务中心市场监管窗口当场办结。' }, agent);
    await step(ctx, '我的工单 → 评价 a closed order: 不满意 with a reason', async () => {
      await page.goto(`${BASE}/m/hotline/mine/${o.id}`);
      await page.locator('[data-test=m-hl-rating]').click();
      await page.waitForURL(`**/m/rate/hotline/${o.id}`);
      assert.match(await page.locator('[data-test=rate-subject]').innerText(), new RegExp(o.order_no));
      await page.locator('[data-level=unsatisfied]').click();
      await page.locator('[data-tag=not_solved]').click();
      await page.locator('[data-test=comment] textarea').fill('答复太笼统');
      await page.locator('[data-test=rating-submit]').click();
      await page.locator('[data-test=rate-done]').waitFor();
      const card = page.locator('[data-test=rating-card]');
      assert.match(await card.innerText(), /不满意[\s\S]*问题未解决[\s\S]*答复太笼统/);
      await card.locator('[data-test=rating-rect]').waitFor();
      await settled(page);
      await shot(page, 'ratings-front-23-m-hotline-rated');
    });
  } finally {
    await ctx.context.close();
  }
});
