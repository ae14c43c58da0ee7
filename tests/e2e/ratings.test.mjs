// Browser tests of 好差评 (docs/ratings.md), the "done when" path
// through the pages, against a running `yiwang serve` with the demo data
// (see console.test.mjs):
//
//   a clerk serves a ticket (through the API) → on the window's evaluator
//   (a tablet signed in as that clerk) the citizen taps 不满意 with a reason
//   and agrees to a callback → the department (approver_scjg: the item is
//   one of 市场监管局's) verifies, plans 限期整改 and reports it done on its
//   workbench, and cannot close it before the callback → the supervisor
//   reads the phone on an explicit click (audited), records the callback
//   and closes the order → another bad review is appealed by the department
//   with evidence and the supervisor upholds the appeal → the public page
//   (no login) shows the figures the API gives, without the upheld review.
//
// The demo server is shared with the other browser tests: the numbers on
// the pages are checked against the API's at the time, never hard-coded.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, login, input, confirmBox, apiJson } from './lib.mjs';

const HALL = 1;
const PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const CLERK = 'clerk01';
const DEPT_USER = 'approver_scjg'; // 市场监督管理局: the competent department of the item rated
const SUPERVISOR = 'supervisor';
const WINDOW_NUMBER = 1; // 综合受理窗口1, serves queue A, where clerk01 sits in the API tests too

// ---- helpers ----

const sessions = {};
async function sessionOf(user) {
  if (!sessions[user]) {
    const password = user === ADMIN_USER ? ADMIN_PASSWORD : PASSWORD;
    sessions[user] = await apiJson('POST', '/auth/login', { username: user, password });
  }
  return sessions[user];
}
const as = async (user, method, path, body) => apiJson(method, path, body, (await sessionOf(user)).token);

/** A civil date in Beijing, n days from today. */
function shanghaiDay(n = 0) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.now() + n * 86400000)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
const TODAY = shanghaiDay();
const YEAR_START = `${TODAY.slice(0, 4)}-01-01`;

const state = {
  phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  comment: `等候时间太长，测试评价 ${Math.floor(Math.random() * 1e6)}`,
};

/** The window is open and nobody is at it. */
async function freeDesk() {
  const desk = await as(CLERK, 'GET', `/windows/${state.window.id}/desk`);
  if (!desk.window.is_open) {
    await as(CLERK, 'POST', `/windows/${state.window.id}/open`, {});
    state.openedWindow = true;
  }
  if (desk.current) await as(CLERK, 'POST', `/windows/${state.window.id}/${desk.current.status === 'serving' ? 'finish' : 'no-show'}`, {});
}

/** A walk-in for the department's item, called, served and finished by the clerk at the window. */
async function serveTicket() {
  await freeDesk();
  const t = await apiJson('POST', `/halls/${HALL}/tickets`, { item_id: state.item.id });
  for (const [action, body] of [['call', { code: t.code }], ['start', {}], ['finish', {}]]) {
    await as(CLERK, 'POST', `/windows/${state.window.id}/${action}`, body);
  }
  return t;
}

const publicFigures = (by) => apiJson('GET', `/public/rating-figures?by=${by}&from=${YEAR_START}&to=${TODAY}`);
const group = (fig, key) => fig.groups.find((g) => g.key === key);
const fmtPct = (v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(2)}%`);

/** The drawer of an order on a console list, opened by its button. */
async function openOrder(page, id) {
  await page.locator(`[data-test=rect-open-${id}]`).click();
  const drawer = page.locator('[data-test=rect-detail]');
  await drawer.locator('[data-test=rect-state]').waitFor();
  return drawer;
}

/** Clicks a step's button and waits for its request; returns the reply. */
async function act(page, button, path, method = 'POST') {
  const done = page.waitForResponse((r) => r.request().method() === method && r.url().includes(path));
  await page.locator(`[data-test=${button}]`).click();
  return done;
}

after(async () => {
  // Leave window 1 as it was found for whoever runs next on the shared server.
  if (state.openedWindow && state.window) {
    await as(CLERK, 'POST', `/windows/${state.window.id}/close`, {}).catch(() => {});
  }
});

// ---- the done-when path ----

test('setup: an item of the department in queue A, and window 1 of the hall', async () => {
  const dept = await sessionOf(DEPT_USER);
  state.deptId = dept.user.department_id;
  assert.ok(state.deptId, `${DEPT_USER} is bound to a department`);
  const kiosk = await apiJson('GET', `/halls/${HALL}/kiosk`);
  const queueA = kiosk.queues.find((q) => q.code === 'A').item_ids;
  const items = await apiJson('GET', `/items?department_id=${state.deptId}&hall_id=${HALL}&page_size=100`);
  state.item = items.items.find((i) => queueA.includes(i.id));
  assert.ok(state.item, 'queue A takes an item of the department');
  const windows = await as(CLERK, 'GET', `/windows?hall_id=${HALL}&page_size=100`);
  state.window = windows.items.find((w) => w.number === WINDOW_NUMBER);
  assert.ok(state.window, `window ${WINDOW_NUMBER}`);
});

test('the citizen rates the service just finished on the window evaluator: 不满意, a reason, a callback', async () => {
  assert.ok(state.window, 'setup ran');
  const ticket = await serveTicket();
  state.ticket = ticket;
  const ctx = await newPage({ width: 1280, height: 800 });
  const { page } = ctx;
  try {
    await step(ctx, 'the clerk signs the tablet in; it shows the ticket just finished', async () => {
      await login(page, CLERK, PASSWORD);
      await page.goto(`${BASE}/window/${state.window.id}/evaluator`);
      await page.getByText(ticket.code, { exact: false }).first().waitFor();
      await page.locator('[data-level=unsatisfied]').waitFor();
      assert.equal(await page.locator('[data-level]').count(), 5, 'one button per level');
      await shot(page, 'ratings-01-evaluator');
    });

    await step(ctx, '不满意 asks for the reason; the rater agrees to be called back', async () => {
      await page.locator('[data-level=unsatisfied]').click();
      await page.locator('[data-tag=long_wait]').click();
      await page.locator('textarea[data-test=comment], [data-test=comment] textarea').first().fill(state.comment);
      await page.locator('[data-test=callback]').first().click();
      await input(page, 'phone').fill(state.phone);
      await shot(page, 'ratings-02-evaluator-bad');
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/windows/${state.window.id}/rating`));
      await page.locator('[data-test=submit]').click();
      const res = await posted;
      assert.equal(res.status(), 201, await res.text());
      await page.locator('[data-test=thanks]').waitFor();
      await shot(page, 'ratings-03-evaluator-thanks');
    });

    await step(ctx, 'the server has the rating and its order, without the rater', async () => {
      const v = await apiJson('GET', `/tickets/${ticket.token}/rating`);
      assert.equal(v.rated, true);
      const r = v.rating;
      assert.deepEqual([r.level, r.tags, r.comment, r.callback_consent], ['unsatisfied', ['long_wait'], state.comment, true]);
      assert.equal(r.department.id, state.deptId, 'the item\'s department answers for it');
      assert.equal(r.rectification.state, 'verifying');
      state.ratingId = r.id;
      state.orderId = r.rectification.id;
    });
  } finally {
    await ctx.context.close();
  }
});

test('the department verifies, plans 限期整改 and reports it done; it cannot close before the callback', async () => {
  assert.ok(state.orderId, 'the rating was given');
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  const due = shanghaiDay(7);
  try {
    await step(ctx, 'the workbench lists the order to verify, with its deadline', async () => {
      await login(page, DEPT_USER, PASSWORD);
      await page.locator('[data-test=menu-rating-rectify]').click();
      await page.waitForURL('**/console/ratings/rectifications');
      await page.locator(`[data-test=rect-row-${state.orderId}]`).waitFor();
      const order = await as(DEPT_USER, 'GET', `/rectifications/${state.orderId}`);
      assert.equal((await page.locator(`[data-test=rect-deadline-${state.orderId}]`).innerText()).trim(), order.verify_due);
      await shot(page, 'ratings-04-workbench');
    });

    const drawer = await openOrder(page, state.orderId);
    await step(ctx, 'the order shows the rating, never the rater', async () => {
      assert.match(await drawer.locator('[data-test=rating-comment]').innerText(), new RegExp(state.comment));
      assert.match(await drawer.locator('[data-test=rating-tags]').innerText(), /等候时间长/);
      assert.ok(!(await drawer.innerText()).includes(state.phone), 'no phone for the department');
      assert.equal((await drawer.locator('[data-test=rect-state]').innerText()).trim(), '待核实');
    });

    await step(ctx, 'verify', async () => {
      await drawer.locator('[data-test=rect-finding]').fill('经调取窗口录像核实，当日高峰时段等候超过一小时，情况属实。');
      const res = await act(page, 'rect-verify', `/rectifications/${state.orderId}/verify`);
      assert.equal(res.status(), 200, await res.text());
      await drawer.locator('[data-test=rect-state]', { hasText: '整改中' }).waitFor();
    });

    await step(ctx, 'plan 限期整改 with a due date', async () => {
      await drawer.locator('[data-test=rect-mode-deadline]').click();
      const due7 = input(drawer, 'rect-due');
      await due7.fill(due);
      await due7.press('Enter');
      await drawer.locator('[data-test=rect-measures]').fill('高峰时段增开综合受理窗口。');
      const res = await act(page, 'rect-plan', `/rectifications/${state.orderId}/plan`);
      assert.equal(res.status(), 200, await res.text());
      await drawer.locator('[data-test=step-complete]').waitFor();
      assert.equal((await drawer.locator('[data-test=rect-mode]').innerText()).trim(), '限期整改');
      assert.match(await drawer.locator('[data-test=rect-deadline]').innerText(), new RegExp(`整改期限 ${due}`));
      assert.match(await drawer.locator('[data-test=rect-timeline]').innerText(), new RegExp(`限期整改，期限 ${due}`));
      await shot(page, 'ratings-05-planned');
    });

    await step(ctx, 'report it done', async () => {
      await drawer.locator('[data-test=rect-result]').fill('已在高峰时段增开 2 个综合受理窗口，平均等候降至 15 分钟以内。');
      const res = await act(page, 'rect-complete', `/rectifications/${state.orderId}/complete`);
      assert.equal(res.status(), 200, await res.text());
      await drawer.locator('[data-test=rect-state]', { hasText: '待回访' }).waitFor();
    });

    await step(ctx, 'closing before the callback: the server refuses and the page says why', async () => {
      const res = await act(page, 'rect-close', `/rectifications/${state.orderId}/close`);
      assert.equal(res.status(), 409);
      assert.equal((await res.json()).error, 'RECTIFY_CALLBACK_FIRST');
      assert.match(await drawer.locator('[data-test=rect-error]').innerText(), /须先回访评价人/);
      const order = await as(DEPT_USER, 'GET', `/rectifications/${state.orderId}`);
      assert.deepEqual([order.state, order.closed_at], ['awaiting_callback', null], 'nothing changed');
      await shot(page, 'ratings-06-close-refused');
    });
  } finally {
    await ctx.context.close();
  }
});

test('the supervisor reads the phone on request, records the callback and closes the order', async () => {
  assert.ok(state.orderId, 'the rating was given');
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  try {
    await step(ctx, 'the order waits for its callback', async () => {
      await login(page, SUPERVISOR, PASSWORD);
      await page.locator('[data-test=menu-rating-callbacks]').click();
      await page.waitForURL('**/console/ratings/callbacks');
      await page.locator(`[data-test=rect-row-${state.orderId}]`).waitFor();
    });

    const drawer = await openOrder(page, state.orderId);
    await step(ctx, 'the phone only on an explicit click, and the read is audited', async () => {
      assert.match(await drawer.locator('[data-test=cb-rectified]').innerText(), /限期整改.*15 分钟以内/);
      assert.ok(!(await drawer.innerText()).includes(state.phone), 'not shown before the click');
      const audit = `/audit?entity=rating_rectification&entity_id=${state.orderId}&action=read_contact`;
      const before = (await as(ADMIN_USER, 'GET', audit)).total;
      const res = await act(page, 'rect-contact', `/rectifications/${state.orderId}/contact`, 'GET');
      assert.equal(res.status(), 200);
      assert.equal((await drawer.locator('[data-test=rect-phone]').innerText()).trim(), state.phone);
      assert.equal((await as(ADMIN_USER, 'GET', audit)).total, before + 1, 'the read is in the audit log');
      await shot(page, 'ratings-07-callback');
    });

    await step(ctx, 'record the callback: reached, fixed, satisfied', async () => {
      await drawer.locator('[data-test=cb-reached-yes]').click();
      await drawer.locator('[data-test=cb-fixed-yes]').click();
      await drawer.locator('[data-test=cb-satisfied-yes]').click();
      await drawer.locator('[data-test=cb-note]').fill('电话回访，群众表示等候时间明显缩短，对整改满意。');
      const res = await act(page, 'rect-callback', `/rectifications/${state.orderId}/callback`);
      assert.equal(res.status(), 200, await res.text());
      await drawer.locator('[data-test=step-close]', { hasText: '已回访' }).waitFor();
    });

    await step(ctx, 'close it', async () => {
      const res = await act(page, 'rect-close', `/rectifications/${state.orderId}/close`);
      assert.equal(res.status(), 200, await res.text());
      await drawer.locator('[data-test=rect-state]', { hasText: '已办结' }).waitFor();
      const steps = await drawer.locator('[data-test=rect-timeline] [data-step]').evaluateAll((els) => els.map((e) => e.dataset.step));
      assert.deepEqual(steps, ['opened', 'verify', 'plan', 'complete', 'callback', 'close']);
      const order = await as(SUPERVISOR, 'GET', `/rectifications/${state.orderId}`);
      assert.deepEqual([order.state, order.outcome, order.callback.fixed, order.callback.satisfied], ['closed', 'rectified', true, true]);
      await shot(page, 'ratings-08-closed');
    });
  } finally {
    await ctx.context.close();
  }
});

test('another bad review is appealed by the department with evidence; the supervisor upholds it', async () => {
  assert.ok(state.window, 'setup ran');
  const t = await serveTicket();
  const r = await as(CLERK, 'POST', `/windows/${state.window.id}/rating`, {
    ticket_id: t.id, level: 'very_unsatisfied', tags: ['attitude'], comment: '材料都带齐了还说不行。',
  });
  state.appealedRating = r.id;
  state.appealedOrder = r.rectification.id;
  state.badBefore = group(await publicFigures('department'), state.deptId).bad;

  const dept = await newPage({ width: 1440, height: 960 });
  try {
    await step(dept, 'the department appeals from its workbench; evidence is required', async () => {
      const { page } = dept;
      await login(page, DEPT_USER, PASSWORD);
      await page.goto(`${BASE}/console/ratings/rectifications`);
      await page.locator(`[data-test=rect-row-${state.appealedOrder}]`).waitFor();
      const drawer = await openOrder(page, state.appealedOrder);
      await drawer.locator('[data-test=rect-appeal-open]').click();
      const dialog = page.locator('[data-test=appeal-dialog]');
      await dialog.locator('[data-test=appeal-reason]').fill('评价与事实不符：群众所缺材料为办事指南明确要求的原件。');
      await dialog.locator('[data-test=appeal-submit]').click();
      await dialog.locator('.el-form-item__error', { hasText: '申诉须提供证据' }).waitFor();
      await dialog.locator('[data-test=appeal-evidence]').fill('窗口录像 10:32–10:41 显示工作人员逐项告知所缺材料，并出具一次性告知书。');
      await input(dialog, 'appeal-attachment').fill('evidence/e2e-appeal.pdf');
      await shot(page, 'ratings-09-appeal');
      const res = await act(page, 'appeal-submit', `/rectifications/${state.appealedOrder}/appeal`);
      assert.equal(res.status(), 201, await res.text());
      state.appealId = (await res.json()).id;
      await drawer.locator('[data-test=rect-appeal-state]', { hasText: '待复核' }).waitFor();
      await drawer.locator('[data-test=rect-appeal]').waitFor();
    });
  } finally {
    await dept.context.close();
  }

  const sup = await newPage({ width: 1440, height: 960 });
  try {
    await step(sup, 'the supervisor reads the evidence beside the review and upholds the appeal', async () => {
      const { page } = sup;
      await login(page, SUPERVISOR, PASSWORD);
      await page.locator('[data-test=menu-rating-appeals]').click();
      await page.waitForURL('**/console/ratings/appeals');
      await page.locator(`[data-test=ap-open-${state.appealId}]`).click();
      const drawer = page.locator('[data-test=ap-detail]');
      await drawer.locator('[data-test=rating-card]').waitFor();
      assert.match(await drawer.locator('[data-test=ap-evidence]').innerText(), /窗口录像/);
      assert.equal((await drawer.locator('[data-test=ap-attachment]').innerText()).trim(), 'evidence/e2e-appeal.pdf');
      assert.match(await drawer.locator('[data-test=rating-comment]').innerText(), /材料都带齐了/);
      await drawer.locator('[data-test=ap-uphold]').click();
      await drawer.locator('[data-test=ap-decision-reason]').fill('录像证实工作人员已一次性告知，差评与事实不符，申诉成立。');
      await shot(page, 'ratings-10-appeal-decide');
      const decided = page.waitForResponse((r) => r.url().endsWith(`/rating-appeals/${state.appealId}/decide`));
      await drawer.locator('[data-test=ap-submit]').click();
      await confirmBox(page, '确定');
      assert.equal((await decided).status(), 200);
      await drawer.locator('[data-test=ap-state]', { hasText: '申诉成立' }).waitFor();
      await drawer.locator('[data-test=rating-excluded]').waitFor();
    });

    await step(sup, 'the review stays on record, excluded; its order is closed as appealed', async () => {
      const g = await as(SUPERVISOR, 'GET', `/ratings/${state.appealedRating}`);
      assert.equal(g.excluded, true);
      const order = await as(SUPERVISOR, 'GET', `/rectifications/${state.appealedOrder}`);
      assert.deepEqual([order.state, order.outcome, order.appeal.state], ['closed', 'appeal_upheld', 'upheld']);
      assert.equal(group(await publicFigures('department'), state.deptId).bad, state.badBefore - 1, 'one bad review fewer in the figures');
    });

    await step(sup, 'the figures page shows the API\'s numbers', async () => {
      const { page } = sup;
      await page.goto(`${BASE}/console/ratings/figures`);
      await page.locator(`[data-test=fig-row-${state.deptId}]`).waitFor();
      const fig = await as(SUPERVISOR, 'GET', `/rating-figures?by=department&from=${shanghaiDay(-29)}&to=${TODAY}`);
      const mine = group(fig, state.deptId);
      assert.equal((await page.locator(`[data-test=fig-bad-${state.deptId}]`).innerText()).trim(), String(mine.bad));
      assert.equal((await page.locator(`[data-test=fig-rated-${state.deptId}]`).innerText()).trim(), String(mine.rated));
      assert.equal((await page.locator(`[data-test=fig-good_pct-${state.deptId}]`).innerText()).trim(), fmtPct(mine.good_pct));
      assert.equal((await page.locator('[data-test=fig-bad] [data-test=v]').innerText()).trim(), String(fig.total.bad));
      await shot(page, 'ratings-11-figures');
    });

    await step(sup, 'the figures download as CSV and Excel', async () => {
      const { page } = sup;
      const csv = await page.request.get(new URL(await page.locator('[data-test=fig-csv]').getAttribute('href'), BASE).href);
      assert.equal(csv.status(), 200);
      assert.match(csv.headers()['content-type'], /text\/csv/);
      const text = await csv.text();
      assert.match(text, /差评数/);
      assert.ok(text.includes('市场监督管理局'), 'the department is a row');
      const xlsx = await page.request.get(new URL(await page.locator('[data-test=fig-xlsx]').getAttribute('href'), BASE).href);
      assert.equal(xlsx.status(), 200);
      assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
      assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'a zip (xlsx) file');
    });
  } finally {
    await sup.context.close();
  }
});

test('the hall manager\'s figures are its hall\'s: by hall, window and staff only', async () => {
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  try {
    await step(ctx, 'the page offers what the server allows and shows its numbers', async () => {
      await login(page, 'hallmgr', PASSWORD);
      await page.goto(`${BASE}/console/ratings/figures`);
      await page.locator(`[data-test=fig-row-${HALL}]`).waitFor();
      const offered = await page.locator('[data-test^=fig-by-]').evaluateAll((els) => els.map((e) => e.dataset.test));
      assert.deepEqual(offered, ['fig-by-hall', 'fig-by-window', 'fig-by-staff']);
      const fig = await as('hallmgr', 'GET', `/rating-figures?by=hall&from=${shanghaiDay(-29)}&to=${TODAY}`);
      assert.deepEqual(fig.groups.map((g) => g.key), [HALL], 'one hall in scope');
      assert.equal((await page.locator(`[data-test=fig-bad-${HALL}]`).innerText()).trim(), String(fig.groups[0].bad));
      assert.equal(await page.locator('[data-test=fig-error]').count(), 0);
    });
  } finally {
    await ctx.context.close();
  }
});

test('the public page (no login) shows the figures and the bad reviews the API publishes', async () => {
  assert.ok(state.appealedRating && state.ratingId, 'the reviews were given');
  const ctx = await newPage({ width: 390, height: 844 });
  const { page } = ctx;
  try {
    await step(ctx, 'from the citizen home to the disclosure', async () => {
      await page.goto(`${BASE}/m/`);
      await page.locator('[data-test=m-public-ratings]').click();
      await page.waitForURL('**/public/ratings');
      await page.locator(`[data-test=pub-group-${state.deptId}]`).waitFor();
    });

    await step(ctx, 'the department\'s figures are the API\'s', async () => {
      const fig = await publicFigures('department');
      const mine = group(fig, state.deptId);
      const row = page.locator(`[data-test=pub-group-${state.deptId}]`);
      assert.equal((await row.locator('[data-test=bad]').innerText()).trim(), String(mine.bad));
      assert.equal((await row.locator('[data-test=rated]').innerText()).trim(), mine.rated.toLocaleString('zh-CN'));
      assert.equal((await row.locator('[data-test=good]').innerText()).trim(), fmtPct(mine.good_pct));
      assert.equal(mine.bad, state.badBefore - 1, 'the upheld review is not counted');
      assert.equal((await page.locator('[data-test=pub-total-bad]').innerText()).trim(), String(fig.total.bad));
      assert.equal((await page.locator('[data-test=pub-period]').innerText()).trim(), `${YEAR_START} 至 ${TODAY}`);
    });

    await step(ctx, 'the bad reviews: the rectified one with its outcome, the upheld one gone', async () => {
      const all = [];
      for (let p = 1; ; p++) {
        const r = await apiJson('GET', `/public/bad-reviews?from=${YEAR_START}&to=${TODAY}&page=${p}&page_size=200`);
        all.push(...r.items);
        if (all.length >= r.total || !r.items.length) break;
      }
      assert.ok(!all.some((x) => x.id === state.appealedRating), 'the API leaves the upheld review out');
      assert.equal((await page.locator('[data-test=pub-bad-total]').innerText()).trim(), String(all.length));
      const review = page.locator(`[data-test=pub-review][data-id="${state.ratingId}"]`);
      await review.waitFor();
      assert.equal((await review.locator('[data-test=pub-review-state]').innerText()).trim(), '已整改办结');
      assert.match(await review.locator('[data-test=pub-review-satisfied]').innerText(), /满意/);
      assert.match(await review.innerText(), /限期整改/);
      assert.ok(!(await page.locator('[data-test=pub-bad]').innerText()).includes(state.comment), 'no comments in public');
      assert.equal(await page.locator(`[data-test=pub-review][data-id="${state.appealedRating}"]`).count(), 0, 'the upheld review is not shown');
      await shot(page, 'ratings-12-public-mobile');
    });

    await step(ctx, 'by hall', async () => {
      await page.locator('[data-test=pub-by-hall]').click();
      await page.locator(`[data-test=pub-groups][data-by=hall] [data-test=pub-group-${HALL}]`).waitFor();
      const hall = group(await publicFigures('hall'), HALL);
      assert.equal((await page.locator(`[data-test=pub-group-${HALL}] [data-test=bad]`).innerText()).trim(), String(hall.bad));
    });

    await step(ctx, 'readable on a desk too', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.locator('[data-test=pub-by-department]').click();
      await page.locator(`[data-test=pub-groups][data-by=department] [data-test=pub-group-${state.deptId}]`).waitFor();
      await shot(page, 'ratings-13-public-desktop');
    });
  } finally {
    await ctx.context.close();
  }
});
