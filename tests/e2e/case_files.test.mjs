// Browser tests of paper-file tracking (物料全流程跟踪) and case statistics
// (办件统计), docs/cases.md "Paper files" and "Statistics", against a running
// `yiwang serve` with the demo data (see console.test.mjs):
//
//   a case taken in at the district hall gets its paper file labelled on the
//   case page (the label page opens with the QR label); the 公安 approver
//   scans it in at the department, a repeated scan logs nothing; the clerk's
//   scan at the issuing window is refused with the reason while the case is
//   under review, and taken once it is decided; the supervisor's tracker
//   finds it by label and by case number, says where it is and shows the
//   whole trail; a clerk of another hall finds the case by number (通办通取)
//   and the list says it waits for a delivery method; a department head finds
//   an extension request waiting in the workbench; the statistics page shows
//   the headline sentence and rows that agree with the API.
//
// The demo server is shared with the other browser tests: this file makes
// its own case (its own applicant) and looks only at it, and compares the
// statistics page with the API at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, login, input, apiJson, choose } from './lib.mjs';

const PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const ITEM_CODE = '11441602707101489Y-0010'; // 变更姓名登记: one review step at 公安, hall 1
const HALL1 = '源城区政务服务中心';

const tokens = {};
async function as(user) {
  if (!tokens[user]) {
    const password = user === ADMIN_USER ? ADMIN_PASSWORD : PASSWORD;
    tokens[user] = (await apiJson('POST', '/auth/login', { username: user, password })).token;
  }
  const token = tokens[user];
  return { get: (p) => apiJson('GET', p, null, token), post: (p, b) => apiJson('POST', p, b || {}, token) };
}

/** A valid resident ID number (GB 11643) born 1990, different each run. */
function idNumber() {
  const body = `44160219900${1 + Math.floor(Math.random() * 9)}2${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 900) + 100)}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

const state = {}; // the case, its file's label code, the issuing window

/** Scans a code on the hand-over page (a scanner types it and Enter) and
 * waits for the page to say what happened. */
async function scanCode(page, code) {
  const done = page.waitForResponse((r) => r.url().endsWith('/api/v1/case-files/scan'));
  await input(page, 'scan-code').fill(code);
  await input(page, 'scan-code').press('Enter');
  await done;
  await page.locator(`[data-test=scan-history] .el-table__row`).first().waitFor();
  return page.locator('[data-test=scan-result]');
}

test('a case’s paper file is labelled on the case page and the label opens for printing', async () => {
  const clerk = await as('clerk01');
  const found = await apiJson('GET', `/items?q=${encodeURIComponent(ITEM_CODE)}`);
  const hit = found.items.find((i) => i.code === ITEM_CODE);
  assert.ok(hit, `demo item ${ITEM_CODE}`);
  const item = await apiJson('GET', `/items/${hit.id}`);
  const content = item.content ?? item;
  const materials = content.materials.map((m, seq) => ({ m, seq })).filter(({ m }) => m.required)
    .map(({ m, seq }) => ({ seq, form: 'paper_original', count: m.count ?? 1 }));
  const c = await clerk.post('/cases', {
    item_id: hit.id, window_id: 1, materials,
    applicant: { kind: 'person', name: '物料测试人', id_number: idNumber(), phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
  });
  assert.equal(c.state, 'in_progress', 'accepted at once');
  Object.assign(state, { caseId: c.id, caseNo: c.case_no, departmentId: c.department_id, code: `${c.case_no}-01` });

  const ctx = await newPage({ width: 1440, height: 960 });
  const { page, context } = ctx;
  try {
    await step(ctx, 'the clerk labels the paper file on the case page', async () => {
      await login(page, 'clerk01', PASSWORD);
      await page.goto(`${BASE}/console/cases/${state.caseId}`);
      await page.locator('[data-test=case-detail][data-state=in_progress]').waitFor();
      const files = page.locator('[data-test=paper-files]');
      await files.locator('.el-table__empty-text', { hasText: '还没有纸质材料标签' }).waitFor();
      await files.locator('[data-test=files-new]').click();
      const dlg = page.locator('[data-test=file-new-dialog]');
      await input(dlg, 'file-title').fill('变更姓名申请材料');
      await dlg.locator('[data-test=file-pages] input').fill('6');
      await input(dlg, 'file-place').fill('1号窗口收件筐');
      await shot(page, 'casefiles-01-label-dialog');
      const [labels] = await Promise.all([context.waitForEvent('page'), dlg.locator('[data-test=file-create]').click()]);
      // The label page: one 60 × 40 mm label with the server's SVG (QR code of the code).
      await labels.locator('body[data-ready="1"]').waitFor();
      const img = await labels.evaluate(() => [...document.images].map((i) => ({ w: i.naturalWidth, src: i.getAttribute('src'), code: i.closest('figure').dataset.code })));
      assert.equal(img.length, 1);
      assert.equal(img[0].code, state.code);
      assert.ok(img[0].w > 0, 'the label SVG loaded');
      assert.match(img[0].src, /\/api\/v1\/case-files\/\d+\/label\.svg$/);
      assert.match(await labels.locator('.bar').innerText(), /60 × 40 mm/);
      await shot(labels, 'casefiles-02-label-page');
      await labels.close();
      await files.locator('[data-test=file-code-1]', { hasText: state.code }).waitFor();
      assert.match(await files.locator('[data-test=file-where-1]').innerText(), new RegExp(`${HALL1} 1号窗口（1号窗口收件筐）`));
      await shot(page, 'casefiles-03-case-files');
    });
  } finally {
    await context.close();
  }
});

test('scanned front desk → department → issuing window; a scan out of order is refused with the reason', async () => {
  assert.ok(state.code, 'the file of the first test');
  {
    const ctx = await newPage({ width: 1440, height: 960 });
    const { page } = ctx;
    try {
      await step(ctx, 'the 公安 approver scans the file in at the department', async () => {
        await login(page, 'approver_ga', PASSWORD);
        await page.goto(`${BASE}/console/cases/files/scan`);
        await page.locator('[data-test=scan-stage-department].is-active').waitFor();
        await page.locator('[data-test=scan-department-name]', { hasText: '公安' }).waitFor();
        await input(page, 'scan-place').fill('户政科 2 号柜');
        const r = await scanCode(page, state.code);
        await r.locator('[data-test=scan-ok]', { hasText: '已接收' }).waitFor();
        assert.equal((await r.locator('[data-test=scan-case-no]').innerText()).trim(), state.caseNo);
        assert.match(await r.locator('[data-test=scan-where]').innerText(), /公安局源城分局（户政科 2 号柜）/);
        assert.match(await r.locator('[data-test=scan-move]').innerText(), new RegExp(`原在[\\s\\S]*${HALL1} 1号窗口`), 'where it was');
        await shot(page, 'casefiles-04-scan-department');
      });

      await step(ctx, 'scanned again: already here, nothing logged', async () => {
        const r = await scanCode(page, state.code.toLowerCase());
        await r.locator('[data-test=scan-ok]', { hasText: '未重复登记' }).waitFor();
        const f = await (await as('admin')).get(`/case-files/by-code/${state.code}`);
        assert.equal(f.moves, 2, 'one hand-over logged');
      });
    } finally {
      await ctx.context.close();
    }
  }
  {
    const ctx = await newPage({ width: 1440, height: 960 });
    const { page } = ctx;
    try {
      await step(ctx, 'the issuing window cannot take it while the case is under review', async () => {
        await login(page, 'clerk01', PASSWORD);
        await page.goto(`${BASE}/console/cases/files/scan`);
        await page.locator('[data-test=scan-stage-issuing].is-active').waitFor();
        await page.locator('[data-test=scan-window]').locator('.el-select__selected-item', { hasText: '出件' }).first().waitFor();
        const r = await scanCode(page, state.code);
        await r.locator('[data-test=scan-error]').waitFor();
        const text = await r.innerText();
        assert.match(text, /办理中/);
        assert.match(await r.locator('[data-test=scan-error]').innerText(), /办件当前为“办理中”，办结后材料才转出件窗口/, 'the reason first');
        assert.match(text, /前台 → 审批部门 → 出件窗口 → 档案室/);
        assert.match(text, /该材料现在在[\s\S]*公安局源城分局/, 'says where it is');
        await shot(page, 'casefiles-05-scan-refused');
        const f = await (await as('admin')).get(`/case-files/by-code/${state.code}`);
        assert.deepEqual([f.stage, f.moves], ['department', 2], 'nothing changed');
      });

      await step(ctx, 'decided: the issuing window takes it', async () => {
        // 公安 approves its review steps (调查核实, 审批) one after the other.
        const ga = await as('approver_ga');
        let c = await ga.get(`/cases/${state.caseId}`);
        for (let i = 0; i < 5 && c.state === 'in_progress'; i++) {
          const s = c.steps.find((x) => x.kind === 'review' && ['active', 'claimed'].includes(x.state));
          // eslint-disable-next-line no-await-in-loop
          c = await ga.post(`/case-steps/${s.id}/approve`, { version: s.version, opinion: '同意变更' });
        }
        assert.equal(c.state, 'decided');
        const r = await scanCode(page, state.code);
        await r.locator('[data-test=scan-ok]', { hasText: '已接收' }).waitFor();
        const where = (await r.locator('[data-test=scan-where]').innerText()).trim();
        assert.match(where, new RegExp(`^${HALL1} \\d+号窗口`));
        state.issuingWhere = where;
        await shot(page, 'casefiles-06-scan-issuing');
      });
    } finally {
      await ctx.context.close();
    }
  }
});

test('the supervisor’s tracker finds the file by label and by case number, with where it is and its trail', async () => {
  assert.ok(state.issuingWhere, 'the hand-overs of the second test');
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  try {
    await step(ctx, 'by the label code: at the issuing window, three entries in the trail', async () => {
      await login(page, 'supervisor', PASSWORD);
      await page.goto(`${BASE}/console/cases/files`);
      await page.locator('[data-test=table] .el-table__body-wrapper').waitFor();
      await input(page, 'tracker-q').fill(state.code);
      await input(page, 'tracker-q').press('Enter');
      const one = page.locator(`[data-test="tracker-file-${state.code}"]`);
      await one.waitFor();
      assert.equal((await one.locator('[data-test=file-now-where]').innerText()).trim(), state.issuingWhere);
      assert.equal((await one.locator('[data-test=file-now-stage]').innerText()).trim(), '出件窗口');
      const trail = one.locator('[data-test=file-trail] li');
      assert.equal(await trail.count(), 3);
      assert.deepEqual(await trail.evaluateAll((li) => li.map((x) => x.dataset.stage)), ['front_desk', 'department', 'issuing']);
      const text = await one.locator('[data-test=file-trail]').innerText();
      for (const s of ['贴标签', '张敏', '罗振华', '户政科 2 号柜', '当前位置']) assert.ok(text.includes(s), `the trail shows ${s}`);
      await shot(page, 'casefiles-07-tracker-code');
    });

    await step(ctx, 'by the case number: the same file', async () => {
      await input(page, 'tracker-q').fill(state.caseNo);
      await page.locator('[data-test=tracker-find]').click();
      await page.locator(`[data-test="tracker-file-${state.code}"] [data-test=file-now-where]`, { hasText: state.issuingWhere }).waitFor();
    });

    await step(ctx, 'the list: at the issuing window now, not among the files lying still', async () => {
      const listed = page.waitForResponse((r) => r.url().includes('/api/v1/case-files?') && r.url().includes('stage=issuing'));
      await page.locator('[data-test=tracker-count-issuing]').click();
      await listed;
      await page.locator(`[data-test="tracker-row-${state.code}"]`).waitFor();
      const idle = page.waitForResponse((r) => r.url().includes('/api/v1/case-files?') && r.url().includes('idle_days=3'));
      await page.locator('[data-test=tracker-count-idle]').click();
      await idle;
      await page.locator('[data-test=table] .el-table__body-wrapper').waitFor();
      assert.equal(await page.locator(`[data-test="tracker-row-${state.code}"]`).count(), 0, 'moved today: not idle');
      await page.locator('[data-test=tracker-count-issuing]').click();
      await page.locator(`[data-test="tracker-row-${state.code}"]`).click();
      await page.locator('[data-test=tracker-drawer] [data-test=file-trail] li').nth(2).waitFor();
      await page.waitForTimeout(400); // the drawer slides in
      await shot(page, 'casefiles-08-tracker-list');
    });
  } finally {
    await ctx.context.close();
  }
});

test('another hall’s clerk finds the case by its number; the list shows it waits for a delivery method', async () => {
  assert.ok(state.caseNo, 'the case of the first test');
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  try {
    await step(ctx, 'clerk03 (上城街道) searches the number', async () => {
      await login(page, 'clerk03', PASSWORD);
      await page.goto(`${BASE}/console/cases`);
      await page.locator('[data-test=table] .el-table__body-wrapper').waitFor();
      await input(page, 'cases-case-no').fill(state.caseNo);
      await input(page, 'cases-case-no').press('Enter');
      await page.locator('[data-test=case-link]', { hasText: state.caseNo }).waitFor();
      assert.equal(await page.locator('[data-test=case-link]').count(), 1);
      assert.equal((await page.locator(`[data-test="row-delivery-${state.caseNo}"]`).innerText()).trim(), '待选择送达方式');
      await shot(page, 'casefiles-09-cases-by-number');
    });

    await step(ctx, 'the 送达 filter: among those waiting for a delivery method, not among the delivered', async () => {
      const listed = (d) => page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.url().includes(`delivery=${d}`));
      let answer = listed('unchosen');
      await choose(page, page.locator('[data-test=cases-delivery]'), { text: '待选择送达方式' });
      assert.equal((await answer).status(), 200);
      await page.locator('[data-test=case-link]', { hasText: state.caseNo }).waitFor();
      assert.match(page.url(), /delivery=unchosen/);
      answer = listed('done');
      await choose(page, page.locator('[data-test=cases-delivery]'), { text: '已送达' });
      assert.equal((await answer).status(), 200);
      await page.locator('[data-test=table] .el-table__empty-text').waitFor();
      assert.equal(await page.locator('[data-test=case-link]').count(), 0);
    });
  } finally {
    await ctx.context.close();
  }
});

/** A valid unified social credit code (GB 32100), different each run. */
function creditCode() {
  const CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `91441602MA5${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const sum = [...body].reduce((t, ch, i) => t + CS.indexOf(ch) * W[i], 0);
  return body + CS[(31 - (sum % 31)) % 31];
}

test('a department head finds the extension request waiting in the workbench and approves it', async () => {
  const FOOD = '114416027071028524-0009'; // 食品经营许可（新办）: 市场监管
  const found = await apiJson('GET', `/items?q=${encodeURIComponent(FOOD)}`);
  const hit = found.items.find((i) => i.code === FOOD);
  const item = await apiJson('GET', `/items/${hit.id}`);
  const content = item.content ?? item;
  const materials = content.materials.map((m, seq) => ({ m, seq })).filter(({ m }) => m.required)
    .map(({ m, seq }) => ({ seq, form: 'paper_original', count: m.count ?? 1 }));
  let c = await (await as('clerk01')).post('/cases', {
    item_id: hit.id, window_id: 1, materials,
    applicant: { kind: 'enterprise', name: '河源市物料测试餐饮有限公司', credit_code: creditCode(), legal_rep: '测试法人', phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
  });
  assert.equal(c.state, 'in_progress');
  const s = c.steps.find((x) => x.kind === 'review' && x.state === 'active');
  c = await (await as('approver_scjg')).post(`/case-steps/${s.id}/extend`, { version: s.version, days: 3, reason: '需现场核查经营场所' });
  assert.equal(c.extension.state, 'requested');

  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  try {
    await step(ctx, 'head_scjg sees the request under 延期审批 and approves it', async () => {
      await login(page, 'head_scjg', PASSWORD);
      await page.goto(`${BASE}/console/cases/inbox`);
      await page.locator('.el-tabs__item', { hasText: '延期审批' }).click();
      const row = page.locator('[data-test=ext-table] .el-table__row', { hasText: c.case_no });
      await row.waitFor();
      assert.match(await row.innerText(), /3 个工作日[\s\S]*需现场核查经营场所/);
      await shot(page, 'casefiles-12-extension-waiting');
      await row.locator('button', { hasText: '审批' }).click();
      const drawer = page.locator('[data-test=wb-drawer]');
      await drawer.locator('[data-test=ext-approve]').click();
      await drawer.locator('[data-test=case-extension]').waitFor({ state: 'detached' });
      await row.waitFor({ state: 'detached' });
      const now = await (await as('admin')).get(`/cases/${c.id}`);
      assert.equal(now.extension.state, 'approved');
    });
  } finally {
    await ctx.context.close();
  }
});

test('statistics: the headline sentence and the rows agree with the API', async () => {
  const ctx = await newPage({ width: 1440, height: 1000 });
  const { page } = ctx;
  try {
    await step(ctx, 'the supervisor opens 办件统计: this year, by department', async () => {
      await login(page, 'supervisor', PASSWORD);
      const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/case-stats?') && r.url().includes('by=department'));
      await page.goto(`${BASE}/console/cases/stats`);
      const res = await loaded;
      const q = new URL(res.url()).searchParams;
      await page.locator('[data-test=stats-table] .el-table__body-wrapper .el-table__row').first().waitFor();
      const sup = await as('supervisor');
      const api = await sup.get(`/case-stats?from=${q.get('from')}&to=${q.get('to')}&by=department`);
      assert.equal(q.get('from'), `${api.to.slice(0, 4)}-01-01`, 'the year so far, as the API defaults');
      // The headline, computed on the page from the figures, is the API's sentence.
      assert.equal((await page.locator('[data-test=stats-summary]').innerText()).trim(), api.summary);
      assert.match(api.summary, /^受理\d+宗，办结\d+宗，办结率[\d.]+%$/);
      assert.equal((await page.locator('[data-test=stats-accepted]').innerText()).trim(), api.total.accepted.toLocaleString('zh-CN'));
      assert.equal((await page.locator('[data-test=stats-finish-rate]').innerText()).trim(), api.total.finish_rate_text);
      // The 公安 row (this file's case is among its accepted and finished).
      const g = api.groups.find((x) => x.key === state.departmentId);
      assert.ok(g && g.finished >= 1, 'the department of this file’s case');
      const row = page.locator('[data-test=stats-table] .el-table__body-wrapper .el-table__row', { has: page.locator(`[data-test=stats-row-${g.key}]`) });
      const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
      assert.equal(cells[0], g.label);
      assert.deepEqual(cells.slice(1, 7), [g.received, g.accepted, g.finished, g.in_progress].map(String).concat([g.finish_rate_text, g.on_time_rate_text]));
      // The 合计 row is the API's total.
      const sums = (await page.locator('[data-test=stats-table] .el-table__footer-wrapper td').allInnerTexts()).map((s) => s.trim());
      assert.deepEqual(sums.slice(0, 6), ['合计', api.total.received, api.total.accepted, api.total.finished, api.total.in_progress]
        .map((v) => (typeof v === 'number' ? v.toLocaleString('zh-CN') : v)).concat([api.total.finish_rate_text]));
      await page.locator('[data-test=stats-trend] svg rect').first().waitFor();
      await shot(page, 'casefiles-10-stats');
      await page.locator('[data-test=stats-table]').scrollIntoViewIfNeeded();
      await shot(page, 'casefiles-11-stats-table');
    });

    await step(ctx, 'by window, and the CSV of the same table', async () => {
      const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/case-stats?') && r.url().includes('by=window'));
      await page.locator('[data-test=stats-by-window]').click();
      await loaded;
      await page.locator('[data-test=stats-table] .el-table__row', { hasText: '号窗口' }).first().waitFor();
      const href = await page.locator('[data-test=stats-csv]').getAttribute('href');
      assert.match(href, /format=csv/);
      assert.match(href, /by=window/);
      const csv = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type'), text: (await r.text()).slice(0, 200) };
      }, href);
      assert.equal(csv.status, 200);
      assert.match(csv.type, /text\/csv/);
      assert.ok(csv.text.includes('分组,编码,收件,不予受理,受理'), csv.text);
    });
  } finally {
    await ctx.context.close();
  }
});
