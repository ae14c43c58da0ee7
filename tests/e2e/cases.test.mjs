// Browser tests of case handling (办件, docs/cases.md), the issue's "done
// when" path through the pages, against a running `yiwang serve` with the
// demo data (see console.test.mjs):
//
//   a walk-in served at the window desk becomes a case in the intake wizard
//   with one material missing (一次性告知, notice PDF), is supplied and
//   accepted; the two departments of 失业保障“一件事” work in parallel, one
//   returns it for 补正, the clerk takes the material, both approve, it is
//   decided on time; the result is picked up at ANOTHER hall's issuing window
//   with the code and an identity check; the applicant follows it on the
//   public progress page (the notices' QR code) and under 我的办件.
//
// The demo server is shared with other tests: the desk works at window 13
// (社保医保专窗, queue A) and calls its own ticket by number; inboxes and
// lists are searched for this test's case number. Each run has its own
// applicant (a fresh ID number and phone).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, choose, login, input, apiJson } from './lib.mjs';

const HALL = 1;
const PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const DESK_WINDOW = { number: 13, name: '社保医保专窗' };
const ITEM_CODE = '11441602707104225N-0018'; // 失业保障“一件事”: 人社 + 医保 in parallel
const OTHER_HALL = { id: 2, clerk: 'clerk03' }; // 上城街道便民服务中心, issuing window 3

// ---- helpers ----

const tokens = {};
async function tokenOf(user) {
  if (!tokens[user]) {
    const password = user === ADMIN_USER ? ADMIN_PASSWORD : PASSWORD;
    tokens[user] = (await apiJson('POST', '/auth/login', { username: user, password })).token;
  }
  return tokens[user];
}
const asAdmin = async (method, path, body) => apiJson(method, path, body, await tokenOf(ADMIN_USER));

/** A valid resident ID number (GB 11643) born 1988, different each run. */
function idNumber() {
  const body = `44160219880${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 900) + 100)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

const applicant = {
  name: '测试申请人',
  id: idNumber(),
  phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
};
const state = {}; // what the steps hand on: case id and number, ticket, pickup code

/** Picks an option of the Element Plus select `sel` in its own dropdown (by the
 * select's aria-controls), so a closing dropdown next to it is never hit. */
async function pick(page, scope, sel, text) {
  const select = scope.locator(sel);
  await select.click();
  const id = await select.locator('input').first().getAttribute('aria-controls');
  await page.locator(`[id="${id}"] .el-select-dropdown__item`, { hasText: text }).first().click();
  await page.locator(`[id="${id}"]`).waitFor({ state: 'hidden' });
}

/** Clicks a desk button and waits for its request and the desk's reload. */
async function deskAct(page, name, path = name) {
  const done = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/windows/') && r.url().endsWith(`/${path}`));
  const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith('/desk'));
  await page.locator(`[data-test=desk-${name}]`).click();
  const res = await done;
  await reloaded;
  return res;
}

/** The clerk's desk at window 13, open and with no current ticket. */
async function openDesk(page) {
  await page.goto(`${BASE}/console/desk`);
  const select = page.locator('[data-test=desk-window]');
  await select.waitFor();
  await choose(page, select, { search: '社保医保', text: DESK_WINDOW.name });
  await page.locator('[data-test=desk-state]').waitFor();
  if ((await page.locator('[data-test=desk-open]').count()) > 0) await deskAct(page, 'open');
  const cur = page.locator('[data-test=desk-current-status]');
  if (await cur.count()) {
    await deskAct(page, (await cur.innerText()).trim() === '办理中' ? 'finish' : 'no-show');
    await page.locator('[data-test=desk-current]').waitFor({ state: 'detached' });
  }
}

/** The case in an approver's workbench, opened in the drawer. */
async function workbenchCase(page) {
  await page.goto(`${BASE}/console/cases/inbox`);
  await page.locator('[data-test=table] .el-table__body-wrapper').waitFor();
  await input(page, 'wb-filter').fill(state.caseNo);
  await page.locator(`[data-test=wb-open-${state.caseNo}]`).click();
  const drawer = page.locator('[data-test=wb-drawer]');
  await drawer.locator('[data-test=case-detail]').waitFor();
  return drawer;
}

/** An open step card of the case for a department (name fragment). */
const openStep = (scope, dept) => scope.locator(`[data-test^=step-][data-dept*="${dept}"][data-state=active], [data-test^=step-][data-dept*="${dept}"][data-state=claimed]`).first();

async function caseNow() {
  return asAdmin('GET', `/cases/${state.caseId}`);
}

// A ticket this file took and did not finish is cancelled, so the shared
// hall's counts go back to what the other tests expect.
after(async () => {
  if (state.ticketToken && !state.ticketDone) {
    await fetch(`${BASE}/api/v1/tickets/${state.ticketToken}/cancel`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).catch(() => {});
  }
});

// ---- the done-when path ----

test('a walk-in served at the desk becomes a case: one material missing gives 一次性告知 and its notice', async () => {
  const items = await apiJson('GET', `/items?q=${encodeURIComponent(ITEM_CODE)}`);
  const item = items.items.find((i) => i.code === ITEM_CODE);
  assert.ok(item, `demo item ${ITEM_CODE}`);
  const ticket = await apiJson('POST', `/halls/${HALL}/tickets`, { item_id: item.id });
  state.ticketToken = ticket.token;
  state.ticketId = ticket.id;

  const ctx = await newPage({ width: 1440, height: 960 });
  const { page, context } = ctx;
  try {
    await step(ctx, 'desk: call the walk-in and start', async () => {
      await login(page, 'clerk01', PASSWORD);
      await openDesk(page);
      await input(page, 'desk-code').fill(ticket.code);
      const res = await deskAct(page, 'call-code', 'call');
      assert.equal(res.status(), 200, `calling ${ticket.code}: ${await res.text()}`);
      await page.locator('[data-test=desk-current-code]', { hasText: ticket.code }).waitFor();
      await deskAct(page, 'start');
      await shot(page, 'cases-01-desk');
    });

    await step(ctx, 'the desk opens the intake wizard with the ticket and its item', async () => {
      await page.locator('[data-test=desk-intake]').click();
      await page.waitForURL('**/console/cases/intake?**');
      await page.locator('[data-test=intake-ticket]', { hasText: ticket.code }).waitFor();
      await page.locator('[data-test=intake-item-card]', { hasText: '失业保障“一件事”' }).waitFor();
      const flow = await page.locator('[data-test=intake-item-card]').innerText();
      assert.match(flow, /并联/, 'the parallel departments are shown');
      assert.match(await page.locator('[data-test=intake-window]').innerText(), new RegExp(`${DESK_WINDOW.number}号`), 'at the desk\'s window');
      await shot(page, 'cases-02-item');
      await page.locator('[data-test=intake-next-step]').click();
    });

    await step(ctx, 'applicant: a bad ID number is caught on the page, then a valid one', async () => {
      await input(page, 'applicant-name').fill(applicant.name);
      await input(page, 'applicant-id').fill(`${applicant.id.slice(0, 17)}${applicant.id[17] === '1' ? '2' : '1'}`);
      await input(page, 'applicant-phone').fill(applicant.phone);
      await page.locator('[data-test=intake-next-step]').click();
      await page.locator('.el-form-item__error', { hasText: '校验位' }).waitFor();
      await input(page, 'applicant-id').fill(applicant.id);
      await page.locator('[data-test=intake-next-step]').click();
      await page.locator('[data-test=intake-step-materials] [data-test=checklist]').waitFor();
    });

    await step(ctx, 'checklist: two originals, the termination certificate missing', async () => {
      await page.locator('[data-test=intake-all-originals]').click();
      await pick(page, page, '[data-test=mat-1-form]', '未收取');
      await page.locator('[data-test=mat-1-judge]', { hasText: '缺少' }).waitFor();
      assert.match(await page.locator('[data-test=mat-0-judge]').innerText(), /齐全/);
      assert.match(await page.locator('[data-test=intake-prediction]').innerText(), /一次性告知/);
      await shot(page, 'cases-03-checklist');
      await page.locator('[data-test=intake-next-step]').click();
      assert.match(await page.locator('[data-test=intake-confirm-prediction]').innerText(), /一次性告知/);
    });

    await step(ctx, 'the server decides 一次性告知: case number, what is missing, the notice opens', async () => {
      const popup = context.waitForEvent('page', { timeout: 8000 }).catch(() => null);
      const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/cases'));
      await page.locator('[data-test=intake-submit]').click();
      const res = await created;
      assert.equal(res.status(), 201, await res.text());
      const c = await res.json();
      state.caseId = c.id;
      state.caseNo = c.case_no;
      await page.locator('[data-test=intake-result]').waitFor();
      assert.equal((await page.locator('[data-test=intake-outcome]').innerText()).trim(), '一次性告知');
      assert.equal((await page.locator('[data-test=intake-state]').innerText()).trim(), '待补正');
      assert.equal((await page.locator('[data-test=intake-case-no]').innerText()).trim(), c.case_no);
      assert.match(c.case_no, /^441602\d{8}\d{6}$/, 'region code + date + sequence');
      assert.match(await page.locator('[data-test=intake-owed]').innerText(), /终止或解除劳动关系证明/);
      assert.equal(c.ticket_id, state.ticketId, 'the case keeps the ticket it came from');
      assert.equal(c.clock.accepted_on, null, 'no clock before acceptance');
      // The 一次性告知书 opens for printing (or, if the browser blocked it, its button does).
      let notice = await popup;
      if (!notice) {
        [notice] = await Promise.all([context.waitForEvent('page'), page.locator('[data-test=notice-supplement]').click()]);
      }
      assert.match(notice.url(), new RegExp(`/api/v1/cases/${c.id}/notices/supplement\\.pdf$`));
      await notice.close();
      const pdf = await page.evaluate(async (u) => {
        const r = await fetch(u);
        const b = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5)) };
      }, `/api/v1/cases/${c.id}/notices/supplement.pdf`);
      assert.deepEqual(pdf, { status: 200, type: 'application/pdf', head: '%PDF-' });
      await shot(page, 'cases-04-supplement-notice');
    });

    await step(ctx, 'back at the desk the ticket is finished', async () => {
      await page.locator('[data-test=intake-result] button', { hasText: '返回窗口工作台' }).click();
      await page.waitForURL('**/console/desk');
      await page.locator('[data-test=desk-current-code]', { hasText: ticket.code }).waitFor();
      await deskAct(page, 'finish');
      state.ticketDone = true;
    });
  } finally {
    await context.close();
  }
});

test('supplied at the window: accepted, the clock starts, both departments open side by side', async () => {
  assert.ok(state.caseId, 'the case of the first test');
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page, context } = ctx;
  try {
    await step(ctx, 'the clerk finds the waiting case and takes the missing material', async () => {
      await login(page, 'clerk01', PASSWORD);
      await page.goto(`${BASE}/console/cases?state=supplement`);
      await input(page, 'cases-case-no').fill(state.caseNo);
      await input(page, 'cases-case-no').press('Enter');
      await page.locator('[data-test=case-link]', { hasText: state.caseNo }).click();
      await page.locator('[data-test=case-detail][data-state=supplement]').waitFor();
      await page.locator('[data-test=case-supplement]').click();
      const dlg = page.locator('[data-test=supplement-dialog]');
      await dlg.locator('[data-test=mat-1-form]').waitFor();
      await pick(page, dlg, '[data-test=mat-1-form]', '纸质原件');
      assert.match(await dlg.locator('[data-test=supplement-prediction]').innerText(), /齐全/);
      await shot(page, 'cases-05-supplement');
      await dlg.locator('[data-test=supplement-ok]').click();
      await page.locator('[data-test=case-detail][data-state=in_progress]').waitFor();
    });

    await step(ctx, 'accepted: the two departments work in parallel, the accept notice is there', async () => {
      const steps = page.locator('[data-test=case-steps]');
      await openStep(steps, '人力资源').waitFor();
      await openStep(steps, '医疗保障').waitFor();
      const c = await caseNow();
      assert.equal(c.state, 'in_progress');
      assert.ok(c.clock.accepted_on && c.clock.due_promised, 'the clock runs');
      const open = c.steps.filter((s) => s.state === 'active');
      assert.equal(open.length, 2);
      assert.equal(open[0].stage, open[1].stage, 'one stage: 并联审批');
      await page.locator('[data-test=notice-accept]').waitFor();
      await shot(page, 'cases-06-accepted');
    });
  } finally {
    await context.close();
  }
});

test('医保 returns it for 补正, the clerk takes the material, both departments approve: decided on time', async () => {
  assert.ok(state.caseId, 'the case of the first test');
  {
    const ctx = await newPage({ width: 1440, height: 960 });
    try {
      await step(ctx, '医保 returns it with the bank account material', async () => {
        await login(ctx.page, 'approver_yb', PASSWORD);
        const drawer = await workbenchCase(ctx.page);
        await openStep(drawer, '医疗保障').locator('[data-test=act-return]').click();
        const dlg = ctx.page.locator('[data-test=step-dialog]');
        await dlg.locator('[data-test=dlg-ok]').waitFor();
        assert.equal(await dlg.locator('[data-test=dlg-ok]').isDisabled(), true, 'no return without a reason');
        await dlg.locator('textarea[data-test=dlg-reason]').fill('银行账户信息不完整');
        await dlg.locator('[data-test=dlg-mat-2-on]').click();
        await input(dlg, 'dlg-mat-2-reason').fill('请提供本人名下银行卡复印件');
        await shot(ctx.page, 'cases-07-return');
        await dlg.locator('[data-test=dlg-ok]').click();
        await drawer.locator('[data-test=case-detail][data-state=returned]').waitFor();
        const c = await caseNow();
        assert.equal(c.clock.paused, true, 'the clock stops');
        assert.equal(c.materials[2].status, 'defective');
      });
    } finally {
      await ctx.context.close();
    }
  }
  {
    const ctx = await newPage({ width: 1440, height: 960 });
    try {
      await step(ctx, 'another clerk of the hall takes the material as an upload', async () => {
        await login(ctx.page, 'clerk02', PASSWORD);
        await ctx.page.goto(`${BASE}/console/cases/${state.caseId}`);
        await ctx.page.locator('[data-test=case-detail][data-state=returned]').waitFor();
        await ctx.page.locator('[data-test=case-supplement]').click();
        const dlg = ctx.page.locator('[data-test=supplement-dialog]');
        await dlg.locator('[data-test=mat-2-form]').waitFor();
        await pick(ctx.page, dlg, '[data-test=mat-2-form]', '上传文件');
        await input(dlg, 'mat-2-file').fill('F-E2E-0001');
        await dlg.locator('[data-test=supplement-ok]').click();
        await ctx.page.locator('[data-test=case-detail][data-state=in_progress]').waitFor();
        const c = await caseNow();
        assert.equal(c.clock.paused, false, 'the clock runs again');
        assert.equal(c.pauses.length, 1);
      });
    } finally {
      await ctx.context.close();
    }
  }
  for (const [user, dept, last] of [['approver_rs', '人力资源', false], ['approver_yb', '医疗保障', true]]) {
    const ctx = await newPage({ width: 1440, height: 960 });
    try {
      // eslint-disable-next-line no-await-in-loop
      await step(ctx, `${user} approves`, async () => {
        await login(ctx.page, user, PASSWORD);
        const drawer = await workbenchCase(ctx.page);
        await openStep(drawer, dept).locator('[data-test=act-approve]').click();
        const dlg = ctx.page.locator('[data-test=step-dialog]');
        await dlg.locator('textarea[data-test=dlg-opinion]').fill('材料齐全，同意。');
        await dlg.locator('[data-test=dlg-ok]').click();
        await dlg.waitFor({ state: 'hidden' });
        await drawer.locator(`[data-test=case-detail][data-state=${last ? 'decided' : 'in_progress'}]`).waitFor();
        if (last) await shot(ctx.page, 'cases-08-decided');
      });
    } finally {
      await ctx.context.close();
    }
  }
  const c = await caseNow();
  assert.deepEqual([c.state, c.outcome], ['decided', 'approved']);
  assert.ok(c.clock.decided_on <= c.clock.due_promised, `decided ${c.clock.decided_on}, promised ${c.clock.due_promised}`);
  assert.equal(c.steps.filter((s) => s.kind === 'review' && s.state === 'done').length, 2);
});

test('picked up at another hall: the code is shown once, the identity is checked', async () => {
  assert.ok(state.caseId, 'the case of the first test');
  {
    const ctx = await newPage({ width: 1440, height: 960 });
    try {
      await step(ctx, 'the issuing clerk of the hall chooses pickup: the code', async () => {
        await login(ctx.page, 'clerk01', PASSWORD);
        await ctx.page.goto(`${BASE}/console/cases/issue?case=${state.caseId}`);
        const row = ctx.page.locator(`[data-test=pending-${state.caseId}]`);
        await row.waitFor();
        await input(ctx.page, 'pending-filter').fill(state.caseNo);
        await row.locator('[data-test=choose-pickup]').click();
        await ctx.page.locator('[data-test=code-value]').waitFor();
        state.code = (await ctx.page.locator('[data-test=code-value]').innerText()).replace(/\s+/g, '');
        assert.match(state.code, /^\d{8}$/);
        await shot(ctx.page, 'cases-09-pickup-code');
      });
    } finally {
      await ctx.context.close();
    }
  }
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page, context } = ctx;
  try {
    await step(ctx, `the street hall's issuing window finds it by the code`, async () => {
      await login(page, OTHER_HALL.clerk, PASSWORD);
      await page.goto(`${BASE}/console/cases/issue`);
      await page.locator('[data-test=issue-window]').waitFor();
      await input(page, 'pickup-code').fill(state.code);
      await page.locator('[data-test=pickup-find]').click();
      await page.locator('[data-test=pickup-case]', { hasText: state.caseNo }).waitFor();
    });

    await step(ctx, 'someone else cannot collect it', async () => {
      await input(page, 'collector-name').fill('冒领人');
      let other = idNumber();
      while (other === applicant.id) other = idNumber();
      await input(page, 'collector-id').fill(other);
      await page.locator('[data-test=pickup-hand]').click();
      await page.locator('[data-test=pickup-error]', { hasText: '身份核验未通过' }).waitFor();
      assert.equal((await caseNow()).state, 'decided', 'nothing changed');
    });

    await step(ctx, 'the applicant collects it: delivered', async () => {
      await input(page, 'collector-name').fill(applicant.name);
      await input(page, 'collector-id').fill(applicant.id);
      await page.locator('[data-test=pickup-hand]').click();
      await page.locator('[data-test=pickup-done]').waitFor();
      await page.locator('[data-test=pickup-done] [data-test=notice-service]').waitFor();
      await shot(page, 'cases-10-picked-up');
      const c = await caseNow();
      assert.equal(c.state, 'delivered');
      const d = c.deliveries[c.deliveries.length - 1];
      assert.deepEqual([d.method, d.state, d.hall_id], ['pickup', 'done', OTHER_HALL.id], 'handed over at the other hall');
      assert.ok(!d.collector_id.includes(applicant.id.slice(6, 14)), 'the collector ID is kept masked');
    });
  } finally {
    await context.close();
  }
});

test('the applicant follows it all on the progress page and under 我的办件', async () => {
  assert.ok(state.caseNo, 'the case of the first test');
  const ctx = await newPage({ width: 390, height: 844 });
  const { page, context } = ctx;
  try {
    await step(ctx, 'the notice QR code opens the page with the number; wrong digits find nothing', async () => {
      await page.goto(`${BASE}/progress?case=${state.caseNo}`);
      assert.equal(await input(page, 'progress-case-no-input').inputValue(), state.caseNo);
      await input(page, 'progress-key').fill(applicant.phone.slice(-4) === '0000' ? '1111' : '0000');
      await page.locator('[data-test=progress-submit]').click();
      await page.locator('[data-test=progress-error]', { hasText: '没有找到' }).waitFor();
    });

    await step(ctx, 'the last four digits of the phone show the timeline, with no personal data', async () => {
      await input(page, 'progress-key').fill(applicant.phone.slice(-4));
      await page.locator('[data-test=progress-submit]').click();
      await page.locator('[data-test=progress][data-state=delivered]').waitFor();
      const text = await page.locator('[data-test=progress]').innerText();
      for (const label of ['收件', '一次性告知补正材料', '受理', '退回补正', '审查通过', '办结', '已送达']) {
        assert.ok(text.includes(label), `the timeline shows ${label}`);
      }
      assert.equal(await page.locator('[data-test=progress-event-step_approved]').count(), 2, 'both departments');
      for (const secret of [applicant.name, applicant.id, applicant.phone, applicant.id.slice(6, 14), '张敏', '曾小梅', '林晓东', '银行卡']) {
        assert.ok(!text.includes(secret), `no ${secret} on the public page`);
      }
      await shot(page, 'cases-11-progress');
    });

    await step(ctx, '我的办件: the applicant signs in with the phone and sees the case and its notices', async () => {
      await page.locator('[data-test=progress-mine]').click();
      await page.locator('[data-test=m-login]').waitFor();
      await input(page, 'm-phone').fill(applicant.phone);
      await page.locator('[data-test=m-request-code]').click();
      await page.locator('[data-test=m-code-step]').waitFor();
      const masked = `${applicant.phone.slice(0, 3)}****${applicant.phone.slice(-4)}`;
      let code = null;
      for (let i = 0; i < 20 && !code; i++) {
        // eslint-disable-next-line no-await-in-loop
        const out = await asAdmin('GET', '/outbox?page_size=50');
        const sms = (out.items || []).find((m) => m.recipient === masked && /验证码/.test(m.body));
        code = sms && /(\d{6})/.exec(sms.body)?.[1];
        // eslint-disable-next-line no-await-in-loop
        if (!code) await new Promise((r) => setTimeout(r, 250));
      }
      assert.ok(code, 'the one-time code is in the outbox');
      await input(page, 'm-code').fill(code);
      await page.locator('[data-test=m-verify]').click();
      await page.waitForURL('**/m/cases');
      await page.locator(`[data-test=m-case-${state.caseNo}]`).click();
      await page.locator('[data-test=progress][data-state=delivered]').waitFor();
      await page.locator('[data-test=m-notice-finish]').waitFor();
      const href = await page.locator('[data-test=m-notice-finish]').getAttribute('href');
      const status = await page.evaluate(async (u) => (await fetch(u)).status, href);
      assert.equal(status, 200, 'the citizen may open their own notice');
      await shot(page, 'cases-12-mine');
    });
  } finally {
    await context.close();
  }
});
