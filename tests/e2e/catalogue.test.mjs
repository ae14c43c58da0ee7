// Browser tests of the service catalogue: a citizen reading a guide on a
// phone, a catalogue administrator taking an item through its versions, and
// an import with a bad row. Against a running server seeded with
// `yiwang seed demo` (which publishes the demo catalogue).
//
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, SHOTS, newPage, shot, step, choose, input, login, confirmBox } from './lib.mjs';

const CATALOGUE_USER = process.env.YW_CATALOGUE_USER || 'catalogue';
const CATALOGUE_PASSWORD = process.env.YW_CATALOGUE_PASSWORD || 'Demo@2026yw';
const PHONE = { width: 375, height: 812 };
const DESK = { width: 1366, height: 900 };

test('citizen on a phone searches 居住证, opens the guide, sees the checklist and the QR code', async () => {
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  try {
    await step(ctx, 'home search', async () => {
      await page.goto(`${BASE}/m/`);
      const guideTile = page.locator('[data-test=m-tile-guide]');
      await guideTile.waitFor();
      assert.doesNotMatch(await guideTile.innerText(), /建设中/, 'the guide tile is enabled');
      await shot(page, '21-m-home');
      const box = input(page, 'm-home-search');
      await box.fill('居住证');
      await box.press('Enter');
      await page.waitForURL('**/m/items?q=*');
    });

    let firstName = '';
    await step(ctx, 'results', async () => {
      const results = page.locator('[data-test=m-result]');
      await results.first().waitFor();
      const names = await results.locator('.item-name').allInnerTexts();
      assert.ok(names.some((n) => n.includes('居住证')), `a result names 居住证: ${names.join(', ')}`);
      assert.match(await page.locator('[data-test=m-count]').innerText(), /共找到 \d+ 个事项/);
      await shot(page, '22-m-search');
      const hit = results.filter({ hasText: '居住证' }).first();
      firstName = (await hit.locator('.item-name').innerText()).trim();
      await hit.click();
      await page.waitForURL('**/m/items/*');
    });

    await step(ctx, 'guide', async () => {
      await page.locator('[data-test=guide-title]').waitFor();
      assert.equal((await page.locator('[data-test=guide-title]').innerText()).trim(), firstName);
      const materials = page.locator('[data-test=guide-material]');
      assert.ok(await materials.count() >= 1, 'the checklist lists materials');
      const first = await materials.first().innerText();
      assert.match(first, /必要|非必要/, 'each material says whether it is required');
      assert.match(first, /原件|复印件/, 'and original or copy with a count');
      assert.match(await page.locator('[data-test=guide-visits]').innerText(), /跑|网办/);
      for (const s of ['guide-steps', 'guide-limits', 'guide-fee', 'guide-where', 'guide-phones']) {
        await page.locator(`[data-test=${s}]`).waitFor();
      }
      // The QR code of the guide link is a real image from the server.
      const qr = page.locator('[data-test=guide-qr-img]');
      await qr.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await qr.elementHandle());
      assert.match(await qr.getAttribute('src'), /\/api\/v1\/items\/\d+\/qr\.svg$/);
      await shot(page, '23-m-guide');
    });

    await step(ctx, 'print and large type', async () => {
      // The checklist prints alone: everything else is hidden on paper.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('[data-test=guide-steps]').isVisible(), false, 'steps are not printed');
      assert.ok(await page.locator('[data-test=guide-materials]').isVisible(), 'the checklist is printed');
      await page.setViewportSize({ width: 794, height: 1123 });
      await shot(page, '24-m-guide-print');
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize(PHONE);
      await page.locator('[data-test=large-type]').click();
      await page.locator('.m-root.large-type').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, '25-m-guide-large');
      await page.locator('[data-test=large-type]').click();
    });
  } finally {
    await ctx.context.close();
  }
});

test('catalogue admin drafts an item, fixes a consistency error, publishes, edits, diffs, publishes again', async () => {
  const ctx = await newPage(DESK);
  const { page } = ctx;
  const stamp = `${Date.now()}`;
  const name = `E2E测试事项${stamp.slice(-6)}`;
  const code = `E2E-${stamp}`;
  const saveButton = page.locator('[data-test=save-draft]');

  try {
    await step(ctx, 'login', async () => {
      await login(page, CATALOGUE_USER, CATALOGUE_PASSWORD);
      await page.locator('[data-test=menu-items]').click();
      await page.waitForURL('**/console/items');
      await page.locator('[data-test=table] .el-table__row').first().waitFor();
      await shot(page, '31-items');
    });

    await step(ctx, 'new draft with promised > statutory', async () => {
      await page.locator('[data-test=create]').click();
      await page.waitForURL('**/console/items/new');
      await input(page, 'f-name').fill(name);
      await input(page, 'f-code').fill(code);
      await choose(page, page.locator('[data-test=f-department]'), { search: '政务服务', text: '政务服务数据管理局' });
      await input(page, 'm-name-0').fill('居民身份证');
      await input(page, 'f-consult').fill('0762-3300101');
      await input(page, 'f-complaint').fill('12345');
      await input(page, 'f-statutory').fill('20');
      await input(page, 'f-statutory').press('Tab');
      await input(page, 'f-promised').fill('30');
      await input(page, 'f-promised').press('Tab');
      await saveButton.click();
      // The server's consistency error lands on the promised-limit field.
      const err = page.locator('[data-field=promised_limit_days] .el-form-item__error');
      await err.waitFor();
      assert.match(await err.innerText(), /承诺办结时限不能超过法定办结时限/);
      assert.match(await page.locator('[data-test=form-error]').innerText(), /承诺办结时限/);
      assert.ok(page.url().endsWith('/console/items/new'), 'nothing was created');
      await err.scrollIntoViewIfNeeded();
      await shot(page, '32-item-error');
    });

    await step(ctx, 'fix and save', async () => {
      await input(page, 'f-promised').fill('5');
      await input(page, 'f-promised').press('Tab');
      await saveButton.click();
      await page.waitForURL(/\/console\/items\/\d+$/);
      await page.locator('[data-test=item-status]', { hasText: '草稿' }).waitFor();
      assert.equal(await page.locator('[data-field=promised_limit_days] .el-form-item__error').count(), 0);
    });

    await step(ctx, 'publish', async () => {
      await page.locator('[data-test=publish]').click();
      await confirmBox(page, '发布');
      await page.locator('[data-test=item-status]', { hasText: '已发布' }).waitFor();
      await page.evaluate(() => document.querySelector('.main')?.scrollTo(0, 0));
      await shot(page, '33-item-published');
    });

    await step(ctx, 'edit: a new draft version', async () => {
      await input(page, 'f-statutory').fill('15');
      await input(page, 'f-statutory').press('Tab');
      await page.locator('[data-test=add-material]').click();
      await input(page, 'm-name-1').fill('申请表');
      await saveButton.click();
      await page.locator('[data-test=item-draft]', { hasText: '草稿第 2 版' }).waitFor();
      // The published version stays in force until the draft is published.
      assert.match(await page.locator('[data-test=item-status]').innerText(), /已发布/);
    });

    await step(ctx, 'diff', async () => {
      await page.locator('[data-test=history]').click();
      await page.waitForURL(/\/history$/);
      await page.locator('[data-test=versions-table] .el-table__row').nth(1).waitFor();
      const diff = page.locator('[data-test=diff-table]');
      await diff.waitFor();
      const text = await diff.innerText();
      assert.match(text, /法定办结时限/);
      assert.match(text, /20 个工作日/);
      assert.match(text, /15 个工作日/);
      assert.match(text, /申请表/, 'the added material shows');
      assert.match(await page.locator('[data-test=diff-summary]').innerText(), /第 1 版 → 第 2 版/);
      await shot(page, '34-item-diff');
    });

    await step(ctx, 'publish again', async () => {
      await page.getByRole('button', { name: '返回事项' }).click();
      await page.waitForURL(/\/console\/items\/\d+$/);
      await page.locator('[data-test=item-draft]').waitFor();
      await page.locator('[data-test=publish]').click();
      await confirmBox(page, '发布');
      await page.locator('[data-test=item-status]', { hasText: '已发布' }).waitFor();
      await page.locator('[data-test=item-draft]').waitFor({ state: 'detached' });
      assert.match(await page.locator('.meta').innerText(), /现行第 2 版/);
    });

    await step(ctx, 'export', async () => {
      await page.locator('[data-test=menu-items]').click();
      await page.waitForURL('**/console/items');
      await page.locator('[data-test=export]').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test=export-xlsx]').click(),
      ]);
      assert.equal(download.suggestedFilename(), 'items.xlsx');
      assert.equal(await download.failure(), null);
    });
  } finally {
    await ctx.context.close();
  }
});

test('admin imports a CSV with one bad row: sees the row report, nothing is imported', async () => {
  const ctx = await newPage(DESK);
  const { page } = ctx;
  const stamp = `${Date.now()}`;
  const good = `E2E-CSV-${stamp}-1`;
  const bad = `E2E-CSV-${stamp}-2`;
  const dept = '河源市源城区政务服务数据管理局';
  const q = (v) => `"${String(v).replace(/"/g, '""')}"`;
  const materials = q(JSON.stringify([{ name: '居民身份证', required: true, role: 'main', form: 'original', count: 1, medium: 'paper', trust_level: 'B' }]));
  const header = 'code,region,name,type,department,service_objects,materials,steps,statutory_limit_days,promised_limit_days,handling_type,review_type,fee,online_depth,visits,handling_forms,result_type,delivery,cross_region,consult_phone,complaint_phone,tolerance,themes';
  const row = (c, n, steps, statutory, promised, ht, rt) => [c, '441602', n, 'public_service', dept, 'person', materials,
    q(JSON.stringify(steps)), statutory, promised, ht, rt, q('{"charged":false}'), 3, 1, 'window|online', 'other', 'pickup',
    q('{"scope":"none","partners":[]}'), '0762-3300101', '12345', 'false', '测试'].join(',');
  const csv = [
    header,
    row(good, `导入测试甲${stamp.slice(-4)}`, [{ name: '受理', role: 'clerk', limit_days: 0 }], 1, 0, 'immediate', 'instant'),
    // Line 3: promised 10 > statutory 5.
    row(bad, `导入测试乙${stamp.slice(-4)}`, [{ name: '受理', role: 'clerk', limit_days: 2 }], 5, 10, 'promised', 'pre_review'),
  ].join('\r\n');

  try {
    await step(ctx, 'login', async () => {
      await login(page, ADMIN_USER, ADMIN_PASSWORD);
      await page.goto(`${BASE}/console/items/import`);
      await page.locator('[data-test=import-file]').waitFor({ state: 'attached' });
    });

    await step(ctx, 'dry run shows the bad row', async () => {
      await page.locator('[data-test=import-file]').setInputFiles({ name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.locator('[data-test=import-bad]').waitFor();
      const rows = page.locator('[data-test=import-report] .el-table__row');
      assert.equal(await rows.count(), 1, 'one bad row');
      const text = await rows.first().innerText();
      assert.match(text, /\b3\b/, 'line 3');
      assert.match(text, /承诺办结时限/, 'the column');
      assert.match(text, new RegExp(bad));
      assert.match(text, /不能超过法定办结时限/, 'the reason');
      assert.equal(await page.locator('[data-test=import-confirm]').count(), 0, 'no way to import a bad file');
      await shot(page, '41-import-report');
    });

    await step(ctx, 'nothing imported', async () => {
      await page.goto(`${BASE}/console/items`);
      await input(page, 'search').fill(`E2E-CSV-${stamp}`);
      await input(page, 'search').press('Enter');
      await page.locator('[data-test=table] .el-table__empty-text').waitFor();
      const r = await page.evaluate(async (c) => (await fetch(`/api/v1/items?q=${encodeURIComponent(c)}`)).json(), good);
      assert.equal(r.total, 0, 'the good row was not imported either');
    });
  } finally {
    await ctx.context.close();
  }
});

// ---- UI review fixes ----

/** A staff API client (bearer token) for setting up what a browser step then looks at. */
async function staffApi(username, password) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(r.status, 200, await r.clone().text());
  const { token } = await r.json();
  const call = async (method, path, body) => {
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, text };
  };
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b), put: (p, b) => call('PUT', p, b) };
}

test('citizen guide shows each hall\'s address, phone and the week\'s hours with today highlighted', async () => {
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  try {
    // An item handled at the district hall, read as the public reads it.
    const list = await (await fetch(`${BASE}/api/v1/items?q=${encodeURIComponent('居住证')}`)).json();
    let guide = null;
    for (const it of list.items) {
      const g = await (await fetch(`${BASE}/api/v1/items/${it.id}`)).json();
      if (g.hall_details?.length) { guide = g; break; }
    }
    assert.ok(guide, 'a 居住证 item lists a hall');
    const hall = guide.hall_details[0];
    await step(ctx, 'where to go', async () => {
      const hallsCalls = [];
      page.on('request', (r) => { if (/\/api\/v1\/halls\//.test(r.url())) hallsCalls.push(r.url()); });
      await page.goto(`${BASE}/m/items/${guide.id}`);
      const where = page.locator('[data-test=guide-where]');
      await where.locator('[data-test=guide-hall]').first().waitFor();
      const first = where.locator('[data-test=guide-hall]').filter({ hasText: hall.name }).first();
      assert.match(await first.locator('[data-test=guide-hall-address]').innerText(), new RegExp(hall.address.slice(-8)));
      assert.equal(await first.locator('[data-test=guide-hall-phone]').getAttribute('href'), `tel:${hall.phone}`);
      const days = first.locator('[data-test=guide-hall-hours] li');
      assert.equal(await days.count(), 7, 'Monday to Sunday');
      const todayIdx = await page.evaluate(() => (new Date().getDay() + 6) % 7);
      const today = first.locator('[data-test=guide-hours-today]');
      assert.equal(await today.count(), 1, 'one day is today');
      assert.match(await days.nth(todayIdx).getAttribute('class'), /today/);
      const expected = hall.hours[todayIdx] ? hall.hours[todayIdx].replace(/,/g, '，') : '休息';
      assert.match(await today.innerText(), new RegExp(expected.split('，')[0]));
      assert.match(await first.locator('[data-test=guide-hall-today]').innerText(), /今天/);
      assert.deepEqual(hallsCalls, [], 'the guide does not need the staff-only hall route');
      await where.scrollIntoViewIfNeeded();
      await where.screenshot({ path: `${SHOTS}/26-m-guide-where.png` });
    });
  } finally {
    await ctx.context.close();
  }
});

test('citizen browses by department from the public department list', async () => {
  const ctx = await newPage(PHONE);
  const { page } = ctx;
  try {
    const depts = (await (await fetch(`${BASE}/api/v1/catalogue/departments`)).json()).items;
    await step(ctx, 'department tab', async () => {
      const calls = [];
      page.on('request', (r) => { if (r.url().includes('/api/v1/')) calls.push(r.url().replace(BASE, '')); });
      await page.goto(`${BASE}/m/items`);
      await page.locator('[data-test=m-browse-tabs]').getByRole('tab', { name: '按部门' }).click();
      const cells = page.locator('[data-test=m-departments] .van-cell');
      await cells.first().waitFor();
      assert.equal(await cells.count(), depts.length);
      const firstText = await cells.first().innerText();
      assert.match(firstText, new RegExp(`${depts[0].items} 项`));
      assert.ok(firstText.includes(depts[0].short_name || depts[0].department), firstText);
      await page.waitForTimeout(400); // the tabs swipe in
      assert.ok(calls.some((u) => u.startsWith('/api/v1/catalogue/departments')), calls.join(' '));
      assert.ok(!calls.some((u) => /\/api\/v1\/items\?.*page_size=100/.test(u)), 'no paging through /items');
      await shot(page, '27-m-departments');
      await cells.first().click();
      await page.waitForURL('**/m/items?*department_id=*');
      await page.locator('[data-test=m-result]').first().waitFor();
      assert.match(await page.locator('[data-test=m-count]').innerText(), new RegExp(`共找到 ${depts[0].items} 个事项`));
    });
  } finally {
    await ctx.context.close();
  }
});

test('staff list shows item state, export follows the filters, retire asks for a reason', async () => {
  const ctx = await newPage(DESK);
  const { page } = ctx;
  const cat = await staffApi(CATALOGUE_USER, CATALOGUE_PASSWORD);
  const stamp = `${Date.now()}`.slice(-8);
  // A published item with an open draft v2, set up through the API.
  const base = (await cat.get('/items?page_size=1&status=published')).json.items[0];
  const full = (await cat.get(`/items/${base.id}`)).json;
  const body = { ...full, code: `UIR-${stamp}`, name: `界面复核事项${stamp}` };
  for (const k of ['id', 'status', 'revision', 'version', 'hall_details']) delete body[k];
  const c = await cat.post('/items', body);
  assert.equal(c.status, 201, c.text);
  const p = await cat.post(`/items/${c.json.id}/publish`, { revision: c.json.revision });
  assert.equal(p.status, 200, p.text);
  const e = await cat.put(`/items/${c.json.id}`, { ...body, name: `界面复核事项${stamp}（修订）`, revision: p.json.revision });
  assert.equal(e.status, 200, e.text);
  try {
    await step(ctx, 'list state', async () => {
      await login(page, CATALOGUE_USER, CATALOGUE_PASSWORD);
      await page.goto(`${BASE}/console/items`);
      await page.locator('[data-test=table] .el-table__row').first().waitFor();
      await input(page, 'search').fill(`UIR-${stamp}`);
      await input(page, 'search').press('Enter');
      const row = page.locator('[data-test=table] .el-table__row').filter({ hasText: `UIR-${stamp}` });
      await row.waitFor();
      const state = await row.locator('[data-test=item-state]').innerText();
      assert.match(state, /已发布\s*v1/);
      assert.match(state, /有草稿 v2/);
      assert.match(await row.innerText(), /更新于 \d{4}-\d{2}-\d{2}/);
      await shot(page, '35-items-state');
    });

    await step(ctx, 'export with the filters', async () => {
      await page.locator('[data-test=export]').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-test=export-json]').click(),
      ]);
      assert.match(download.url(), new RegExp(`q=UIR-${stamp}`));
      assert.match(download.url(), /format=json/);
      assert.equal((await fetch(download.url())).status, 401, 'the export is for staff (no session here)');
      const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
      assert.deepEqual(doc.items.map((i) => i.code), [`UIR-${stamp}`], 'only what the list shows');
    });

    await step(ctx, 'retire with a reason', async () => {
      await page.goto(`${BASE}/console/items/${c.json.id}`);
      await page.locator('[data-test=retire]').waitFor();
      await page.locator('[data-test=retire]').click();
      const box = page.locator('.el-message-box:visible');
      await box.waitFor();
      assert.match(await box.innerText(), /取消原因/);
      await box.locator('textarea').fill('长'.repeat(201));
      await box.locator('.el-button--danger').click();
      await box.locator('.el-message-box__errormsg', { hasText: '200' }).waitFor();
      await box.locator('textarea').fill('已由市级统一实施');
      await shot(page, '36-item-retire-reason');
      await box.locator('.el-button--danger').click();
      await box.waitFor({ state: 'hidden' });
      await page.locator('[data-test=item-status]', { hasText: '已取消' }).waitFor();
      const admin = await staffApi(ADMIN_USER, ADMIN_PASSWORD);
      const audit = (await admin.get(`/audit?entity=item&entity_id=${c.json.id}&action=retire`)).json.items[0];
      assert.deepEqual(JSON.parse(audit.summary), { version: 1, reason: '已由市级统一实施' });
    });
  } finally {
    await ctx.context.close();
  }
});
