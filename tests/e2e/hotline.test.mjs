// Browser tests of the 12345 hotline pages (docs/hotline.md) against a
// running `yiwang serve` with the demo data (see console.test.mjs):
//
//  1. a call becomes an order on the agent's console and is answered at
//     once from the knowledge base beside the form (直办, article cited);
//  2. another call is dispatched (the catalogue's suggestion adjusted),
//     returned by the department (退单), re-dispatched by the centre
//     (改派), signed for, replied to, reviewed and called back;
//  3. a citizen submits one on the mobile page and finds it in 我的工单.
//
// The server is shared with other tests and may have run this file
// before: every order here has its own fresh caller phone and address, and
// each is found by its number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, choose, input, login, confirmBox, saveDialog } from './lib.mjs';

const PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const AGENT = 'agent01';
const HANDLER_ZJ = 'handler_zj'; // 住房和城乡建设局
const HANDLER_SCJG = 'handler_scjg'; // 市场监督管理局
const ZJ = '河源市源城区住房和城乡建设局';
const SCJG = '河源市源城区市场监督管理局';
const WIDE = { width: 1440, height: 1000 };

// ---- the API, to check what the pages did ----

async function session(username, password) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, `login ${username}: ${JSON.stringify(body)}`);
  return { token: body.token, csrf: body.csrf };
}

async function call(method, path, body, who) {
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

async function ok(method, path, body, who) {
  const r = await call(method, path, body, who);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path} → ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

/** The order with this number, as the agent sees it (full detail). */
async function orderByNo(agent, no) {
  const day = /^12345-(\d{4})(\d{2})(\d{2})-/.exec(no);
  const from = `${day[1]}-${day[2]}-${day[3]}`;
  const list = await ok('GET', `/hotline/orders?from=${from}&to=${from}&page_size=200`, undefined, agent);
  const hit = list.items.find((o) => o.order_no === no);
  assert.ok(hit, `order ${no} is in the list of its day`);
  return ok('GET', `/hotline/orders/${hit.id}`, undefined, agent);
}

/** A fresh mainland mobile number and a fresh address: no history, no duplicates from earlier runs. */
const stamp = () => `${Date.now()}`.slice(-6);
const freshPhone = () => `139${stamp()}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;

// ---- page helpers ----

async function openMenu(page, name) {
  await page.locator(`[data-test=menu-${name}]`).click();
  await page.waitForURL(`**/console/hotline/**`);
}

/** Picks a category or region in an Element Plus cascader by typing part of its name. */
async function cascade(page, testId, text, pick = text) {
  await page.locator(`[data-test=${testId}] input`).first().click();
  await page.keyboard.type(text);
  const item = page.locator('.el-cascader__suggestion-item:visible').filter({ hasText: pick }).first();
  await item.waitFor();
  await item.click();
}

/** Fills the agent's form for one call. */
async function fillCall(page, { phone, name, type, category, region, address, description }) {
  await input(page, 'f-phone').fill(phone);
  if (name) await input(page, 'f-name').fill(name);
  await page.locator(`[data-test=f-type-${type}]`).click();
  await cascade(page, 'f-category', category);
  if (region) await cascade(page, 'f-region', region);
  if (address) await input(page, 'f-address').fill(address);
  await page.locator('textarea[data-test=f-description]').fill(description);
}

/** Clicks an order's button in a drawer and fills its dialog (if it has one). */
async function drawerStep(page, name, fill) {
  const drawer = page.locator('[data-test=order-drawer]');
  await drawer.locator(`[data-test=act-${name}]`).click();
  if (!fill) return;
  const dialog = page.locator('[data-test=act-dialog]:visible');
  await dialog.waitFor();
  await fill(dialog);
  await saveDialog(page, dialog);
}

/** Waits for the drawer to finish sliding in (for a clean picture). */
async function drawerShot(page, name) {
  await page.waitForFunction(() => {
    const d = document.querySelector('[data-test=order-drawer]');
    return d && d.getBoundingClientRect().right <= window.innerWidth + 1;
  });
  await page.waitForTimeout(300);
  await shot(page, name);
}

async function drawerState(page, text) {
  await page.locator('[data-test=order-drawer] [data-test=od-state]', { hasText: text }).waitFor();
}

async function closeDrawer(page) {
  await page.locator('[data-test=order-drawer] .el-drawer__close-btn').click();
  await page.locator('[data-test=order-drawer]').waitFor({ state: 'hidden' });
}

test('agent: a consultation becomes an order and is answered from the knowledge base (直办)', async () => {
  const ctx = await newPage(WIDE);
  const { page } = ctx;
  const agent = await session(AGENT, PASSWORD);
  const phone = freshPhone();
  let orderNo = '';
  let articleId = 0;
  try {
    await step(ctx, 'the agent opens 话务受理', async () => {
      await login(page, AGENT, PASSWORD);
      await openMenu(page, 'hotline-intake');
      await page.locator('[data-test=kb-panel]').waitFor();
    });

    await step(ctx, 'the caller, the request, and the knowledge base recommends as the description is typed', async () => {
      await fillCall(page, {
        phone, name: '李女士', type: 'consult', category: '社保卡办理', region: '太平',
        description: '咨询社保卡丢失了怎么挂失补办，需要带什么材料',
      });
      await page.locator('[data-test=caller-history]', { hasText: '没有来电记录' }).waitFor();
      const hit = page.locator('[data-test^=kb-hit-]', { hasText: '社保卡丢失如何挂失和补卡' }).first();
      await hit.waitFor();
      articleId = Number((await hit.getAttribute('data-test')).replace('kb-hit-', ''));
      await shot(page, 'hotline-intake-kb');
    });

    await step(ctx, '直办: answer from the article, the order is saved and closed citing it', async () => {
      await page.locator(`[data-test=kb-answer-${articleId}]`).click();
      const dialog = page.locator('[data-test=answer-dialog]');
      await dialog.waitFor();
      await dialog.locator('[data-test=answer-cite]', { hasText: '社保卡丢失如何挂失和补卡' }).waitFor();
      assert.match(await dialog.locator('textarea[data-test=answer-text]').inputValue(), /挂失/);
      await saveDialog(page, dialog);
      await page.locator('[data-test=result-done]', { hasText: '已直接答复并办结' }).waitFor();
      orderNo = (await page.locator('[data-test=result-order-no]').innerText()).trim();
      assert.match(orderNo, /^12345-\d{8}-\d{5}$/);
      await shot(page, 'hotline-intake-answered');
    });

    await step(ctx, 'the order is closed as a direct answer with the article cited', async () => {
      const o = await orderByNo(agent, orderNo);
      assert.equal(o.state, 'closed');
      assert.equal(o.direct, true);
      assert.equal(o.article_id, articleId);
      assert.equal(o.caller_phone, phone, 'the agent sees the full number in the single-order view');
      assert.deepEqual(o.events.map((e) => e.action), ['create', 'answer']);
    });

    await step(ctx, 'the next call from the same number shows this one in the caller history', async () => {
      await page.locator('[data-test=result-next]').click();
      await input(page, 'f-phone').fill(phone);
      await page.locator(`[data-test=history-${orderNo}]`).waitFor();
      await page.locator('[data-test=caller-history-count]', { hasText: '1' }).waitFor();
    });
  } finally {
    await ctx.context.close();
  }
});

test('dispatch → return → re-dispatch → sign → reply → review → callback, across the three consoles', async () => {
  const agent = await session(AGENT, PASSWORD);
  const phone = freshPhone();
  const address = `源城区上城社区新风路${stamp()}号`;
  let orderNo = '';

  // ---- the agent takes the call and dispatches it ----
  const a = await newPage(WIDE);
  try {
    await step(a, 'the agent takes a complaint about property management', async () => {
      await login(a.page, AGENT, PASSWORD);
      await openMenu(a.page, 'hotline-intake');
      await fillCall(a.page, {
        phone, name: '陈先生', type: 'complaint', category: '物业管理', region: '上城社区', address,
        description: '小区物业长期不打扫楼道，电梯坏了一周没人修，业主多次反映无果，物业费照收',
      });
      await a.page.locator('[data-test=intake-save]').click();
      await a.page.locator('[data-test=intake-result]').waitFor();
      orderNo = (await a.page.locator('[data-test=result-order-no]').innerText()).trim();
    });

    await step(a, 'the catalogue suggests 住建局 with 市场监管局 assisting; the agent sends it to 住建局 alone', async () => {
      await a.page.locator('[data-test=suggested-lead]', { hasText: ZJ }).waitFor();
      const assists = a.page.locator('[data-test=dispatch-assists]');
      await assists.locator('.el-tag', { hasText: SCJG }).locator('.el-tag__close').click();
      await input(a.page, 'dispatch-reason').fill('物业服务问题由住建局牵头处理');
      await shot(a.page, 'hotline-dispatch');
      await a.page.locator('[data-test=dispatch-submit]').click();
      await a.page.locator('[data-test=result-done]', { hasText: ZJ }).waitFor();
      await a.page.locator('[data-test=result-state]', { hasText: '已派单' }).waitFor();
    });
  } finally {
    await a.context.close();
  }

  // ---- 住建局 returns it ----
  const zj = await newPage(WIDE);
  try {
    await step(zj, '住建局 finds it among 待签收 and returns it with a reason', async () => {
      await login(zj.page, HANDLER_ZJ, PASSWORD);
      await openMenu(zj.page, 'hotline-dept');
      await zj.page.locator(`[data-test=order-${orderNo}]`).waitFor();
      await shot(zj.page, 'hotline-dept-sign');
      await zj.page.locator(`[data-test=return-${orderNo}]`).click();
      const box = zj.page.locator('.el-message-box:visible');
      await box.waitFor();
      // A return without a reason is refused before it is sent.
      await box.locator('.el-button--danger', { hasText: '确认退单' }).click();
      await box.locator('.el-message-box__errormsg', { hasText: '退单须填写理由' }).waitFor();
      await box.locator('textarea').fill('物业收费和服务合同纠纷属市场监管部门职责，建议改派区市场监督管理局');
      await box.locator('.el-button--danger', { hasText: '确认退单' }).click();
      await box.waitFor({ state: 'hidden' });
      await zj.page.locator(`[data-test=order-${orderNo}]`).waitFor({ state: 'detached' });
    });
  } finally {
    await zj.context.close();
  }

  // ---- the centre re-dispatches it ----
  const c = await newPage(WIDE);
  try {
    await step(c, 'the agent finds the return under 退单待仲裁 and re-dispatches it to 市场监管局', async () => {
      await login(c.page, AGENT, PASSWORD);
      await openMenu(c.page, 'hotline-supervise');
      await c.page.locator('[data-test=tile-arbitrate]').click();
      await c.page.locator(`[data-test=arbitrate-${orderNo}]`).click();
      await c.page.locator('[data-test=order-drawer] [data-test=od-assignments]').waitFor();
      await drawerShot(c.page, 'hotline-arbitrate');
      await c.page.locator('[data-test=order-drawer] [data-test^=act-redispatch-]').click();
      const dialog = c.page.locator('[data-test=act-dialog]:visible');
      await dialog.waitFor();
      await choose(c.page, dialog.locator('[data-test=act-department_id]'), { search: '市场监督', text: SCJG });
      await dialog.locator('textarea[data-test=act-reason]').fill('经核实属物业服务收费纠纷，改派市场监管局');
      await saveDialog(c.page, dialog);
      await drawerState(c.page, '已派单');
      await closeDrawer(c.page);
    });
  } finally {
    await c.context.close();
  }

  // ---- 市场监管局 signs and replies ----
  const sc = await newPage(WIDE);
  try {
    await step(sc, '市场监管局 signs for it', async () => {
      await login(sc.page, HANDLER_SCJG, PASSWORD);
      await openMenu(sc.page, 'hotline-dept');
      await sc.page.locator(`[data-test=sign-${orderNo}]`).click();
      await confirmBox(sc.page, '签收');
      await sc.page.locator(`[data-test=order-${orderNo}]`).waitFor({ state: 'detached' });
    });

    await step(sc, 'and replies from 办理中 with the measures taken and the result', async () => {
      await sc.page.locator('[data-test=tab-handle]').click();
      await sc.page.locator(`[data-test=open-${orderNo}]`).click();
      await drawerState(sc.page, '办理中');
      await drawerStep(sc.page, 'reply', async (d) => {
        await d.locator('textarea[data-test=act-measures]').fill('约谈物业公司负责人，责令三日内完成楼道清洁和电梯维修，并现场复查');
        await d.locator('textarea[data-test=act-result]').fill('楼道已清扫，电梯已修复并经检验合格，物业公司书面承诺改进服务');
      });
      await drawerState(sc.page, '已答复');
      await drawerShot(sc.page, 'hotline-replied');
    });
  } finally {
    await sc.context.close();
  }

  // ---- the centre reviews and calls back ----
  const r = await newPage(WIDE);
  try {
    await step(r, 'the agent accepts the reply under 答复待审核', async () => {
      await login(r.page, AGENT, PASSWORD);
      await openMenu(r.page, 'hotline-supervise');
      await r.page.locator('[data-test=tile-review]').click();
      await r.page.locator(`[data-test=review-${orderNo}]`).click();
      await drawerState(r.page, '已答复');
      await drawerStep(r.page, 'review-accept');
      await confirmBox(r.page, '审核通过');
      await drawerState(r.page, '待回访');
      await closeDrawer(r.page);
    });

    await step(r, 'and calls the citizen back: solved and satisfied, recorded separately', async () => {
      await r.page.locator('[data-test=tile-callback]').click();
      await r.page.locator(`[data-test=callback-${orderNo}]`).click();
      await drawerStep(r.page, 'callback', async (d) => {
        await d.locator('[data-test=act-solved-yes]').click();
        await d.locator('[data-test=act-satisfied-yes]').click();
        await d.locator('textarea[data-test=act-note]').fill('市民表示电梯已修好，满意');
      });
      await drawerState(r.page, '已办结');
      await r.page.locator('[data-test=order-drawer] [data-test=od-satisfied]', { hasText: '满意' }).waitFor();
      await drawerShot(r.page, 'hotline-closed');
    });
  } finally {
    await r.context.close();
  }

  const o = await orderByNo(agent, orderNo);
  assert.equal(o.state, 'closed');
  assert.equal(o.solved, true);
  assert.equal(o.satisfied, true);
  assert.equal(o.lead_department_name, SCJG);
  assert.deepEqual(o.events.map((e) => e.action),
    ['create', 'dispatch', 'return', 'arbitrate', 'sign', 'reply', 'review', 'callback']);
  const dispatch = o.events.find((e) => e.action === 'dispatch');
  assert.deepEqual(dispatch.detail.assist_department_ids, [], 'the assisting department the agent removed is not given the order');
  assert.match(dispatch.reason || '', /住建局牵头/, 'the note on the adjusted dispatch is on the trail');
  const zjAs = o.assignments.find((x) => x.department_name === ZJ);
  assert.equal(zjAs.state, 'returned');
  assert.equal(zjAs.arbitration, 'redispatched');
  assert.match(zjAs.return_reason, /市场监管/);
});

// ---- the citizen's side ----

async function otpFor(admin, phone) {
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

test('citizen (phone): submits a request on the mobile page and finds it in 我的工单', async (t) => {
  const ctx = await newPage({ width: 390, height: 844 });
  const { page } = ctx;
  const admin = await session(ADMIN_USER, ADMIN_PASSWORD);
  const phone = freshPhone();
  try {
    await step(ctx, 'a citizen signs in with a one-time code and opens 12345 诉求', async () => {
      await page.goto(`${BASE}/m/hotline`);
      await page.locator('[data-test=m-login]').waitFor();
      await input(page, 'm-phone').fill(phone);
      await page.locator('[data-test=m-request-code]').click();
      await page.locator('[data-test=m-code-step]').waitFor();
      await input(page, 'm-code').fill(await otpFor(admin, phone));
      await page.locator('[data-test=m-verify]').click();
      await page.waitForURL('**/m/hotline');
      await page.locator('[data-test=m-hl-form], [data-test=m-hl-unavailable]').first().waitFor();
    });

    if (await page.locator('[data-test=m-hl-unavailable]').count()) {
      await shot(page, 'hotline-mobile-unavailable');
      t.skip('the server has no citizen hotline routes yet (POST/GET /api/v1/hotline/mine): the page says so');
      return;
    }

    let orderNo = '';
    await step(ctx, 'the citizen writes what happened, picks a category and submits', async () => {
      await page.locator('[data-test=m-hl-type-complaint]').click();
      await page.locator('[data-test=m-hl-category]').click();
      const cascader = page.locator('.van-cascader:visible');
      await cascader.waitFor();
      for (const name of ['城市管理', '市容环卫', '垃圾清运']) {
        await cascader.locator('.van-cascader__option', { hasText: name }).first().click();
      }
      await page.locator('.van-popup--bottom:visible').waitFor({ state: 'hidden' });
      await input(page, 'm-hl-address').fill(`源城区新江社区新江路${stamp()}号`);
      await page.locator('textarea[data-test=m-hl-description], [data-test=m-hl-description] textarea').first()
        .fill('小区垃圾站已经三天没人清运，臭味很大，蚊蝇很多，请尽快处理');
      await shot(page, 'hotline-mobile-form');
      await page.locator('[data-test=m-hl-submit]').click();
      await page.locator('[data-test=m-hl-done]').waitFor();
      orderNo = (await page.locator('[data-test=m-hl-order-no]').innerText()).trim();
      assert.match(orderNo, /^12345-\d{8}-\d{5}$/);
    });

    await step(ctx, '我的工单 lists it with its state', async () => {
      await page.locator('[data-test=m-hl-goto-mine]').click();
      await page.waitForURL('**/m/hotline/mine');
      const card = page.locator(`[data-test=m-hl-order-${orderNo}]`);
      await card.waitFor();
      assert.match(await card.locator('[data-test=m-hl-state]').innerText(), /已受理/);
      await shot(page, 'hotline-mobile-mine');
      await card.click();
      await page.locator('[data-test=m-hl-detail]', { hasText: orderNo }).waitFor();
    });

    const agent = await session(AGENT, PASSWORD);
    const o = await orderByNo(agent, orderNo);
    assert.equal(o.channel, 'web');
    assert.equal(o.caller_phone, phone);
  } finally {
    await ctx.context.close();
  }
});
