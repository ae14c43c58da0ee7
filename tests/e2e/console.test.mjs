// Browser tests of the main web flows, against a running `yiwang serve`.
//
//   cd web && npm ci && npm run build
//   ./build/yiwang serve --listen 127.0.0.1:8080 --store sqlite:./data/yiwang.db --web web/dist
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/
//
// playwright-core comes from web/node_modules and drives Debian's chromium
// (YW_CHROMIUM overrides the path); nothing is downloaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, choose, saveDialog, input, menu } from './lib.mjs';

test('admin logs in, creates a hall and a window in it, sees both, logs out', async () => {
  const ctx = await newPage({ width: 1366, height: 900 });
  const { page } = ctx;
  const stamp = `${Date.now()}`;
  const hallName = `E2E测试大厅${stamp}`;
  const windowName = `E2E窗口${stamp.slice(-6)}`;
  const windowNumber = 1 + (Number(stamp.slice(-5)) % 999);

  try {
    await step(ctx, 'login', async () => {
      await page.goto(`${BASE}/login`);
      await page.locator('input[name=username]').fill(ADMIN_USER);
      await page.locator('input[name=password]').fill(ADMIN_PASSWORD);
      await shot(page, '01-login');
      await page.locator('[data-test=login-submit]').click();
      await page.locator('[data-test=welcome]').waitFor();
      await page.waitForURL('**/console');
      const who = await page.locator('[data-test=current-user]').innerText();
      assert.match(who, /系统管理员/, 'the header names the role');
      await shot(page, '02-dashboard');
    });

    await step(ctx, 'create hall', async () => {
      await menu(page, 'halls');
      await page.locator('[data-test=create]').click();
      const dialog = page.getByRole('dialog', { name: '新增大厅' });
      await dialog.waitFor();
      await input(dialog, 'f-name').fill(hallName);
      // A district-level hall belongs to a district (区县) region.
      await choose(page, dialog.locator('[data-test=f-region]'), { text: '（区县）' });
      await input(dialog, 'f-address').fill('E2E 测试路 1 号');
      await input(dialog, 'f-phone').fill('0756-5512345');
      // Weekend service on Saturday morning.
      await input(dialog, 'hours-5').fill('09:00-12:00');
      await shot(page, '03-hall-dialog');
      await saveDialog(page, dialog);
    });

    await step(ctx, 'hall in list', async () => {
      await input(page, 'search').fill(hallName);
      await input(page, 'search').press('Enter');
      const row = page.locator('[data-test=table] .el-table__row', { hasText: hallName });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /周六 09:00-12:00/);
      await shot(page, '04-halls');
    });

    await step(ctx, 'create window', async () => {
      await menu(page, 'windows');
      await page.locator('[data-test=create]').click();
      const dialog = page.getByRole('dialog', { name: '新增窗口' });
      await dialog.waitFor();
      await choose(page, dialog.locator('[data-test=f-hall]'), { search: stamp, text: hallName });
      await input(dialog, 'f-number').fill(String(windowNumber));
      await input(dialog, 'f-name').fill(windowName);
      await choose(page, dialog.locator('[data-test=f-type]'), { text: '综合受理' });
      const queues = input(dialog, 'f-queues');
      await queues.fill('A');
      await queues.press('Enter');
      await dialog.locator('.el-input-tag .el-tag', { hasText: 'A' }).first().waitFor();
      await shot(page, '05-window-dialog');
      await saveDialog(page, dialog);
    });

    await step(ctx, 'window in list', async () => {
      await choose(page, page.locator('[data-test=hall-filter]'), { search: stamp, text: hallName });
      // The row shows the window and, once resolved, the name of its hall.
      const row = page.locator('[data-test=table] .el-table__row', { hasText: windowName }).filter({ hasText: hallName });
      await row.first().waitFor();
      const text = await row.first().innerText();
      assert.match(text, new RegExp(`\\b${windowNumber}\\b`));
      assert.match(text, /综合受理/);
      await shot(page, '06-windows');
    });

    await step(ctx, 'logout', async () => {
      await page.locator('[data-test=logout]').click();
      await page.waitForURL('**/login');
      await page.locator('input[name=username]').waitFor();
      await shot(page, '07-logged-out');
      // The session is really gone: the console sends us back to log in.
      await page.goto(`${BASE}/console/halls`);
      await page.waitForURL('**/login**');
      await page.locator('[data-test=login-submit]').waitFor();
    });
  } finally {
    await ctx.context.close();
  }
});

test('citizen mobile login page asks for a code after a phone number', async () => {
  const ctx = await newPage({ width: 390, height: 844 });
  const { page } = ctx;
  // A fresh number each run so the per-phone rate limit never interferes.
  const phone = `139${String(Date.now()).slice(-8)}`;
  try {
    await step(ctx, 'mobile home', async () => {
      await page.goto(`${BASE}/m/`);
      await page.locator('[data-test=m-login]').waitFor();
      const tiles = await page.locator('[data-test=m-tiles]').innerText();
      for (const name of ['办事指南', '预约', '取号', '进度查询', '好差评', '12345']) {
        assert.ok(tiles.includes(name), `tile ${name}`);
      }
      assert.ok(!tiles.includes('建设中'), 'every service is built: no tile is marked 建设中');
      await shot(page, '11-mobile-login');
    });

    await step(ctx, 'request code', async () => {
      await input(page, 'm-phone').fill(phone);
      await page.locator('[data-test=m-request-code]').click();
      const stepEl = page.locator('[data-test=m-code-step]');
      const problem = page.locator('[data-test=m-error], .van-field__error-message').first();
      const outcome = await Promise.race([
        stepEl.waitFor().then(() => 'code'),
        problem.waitFor().then(() => 'error'),
      ]);
      if (outcome === 'error') throw new Error(`requesting a code failed: ${await problem.innerText()}`);
      assert.match(await stepEl.innerText(), new RegExp(`${phone.slice(0, 3)}\\*{4}${phone.slice(-4)}`));
      await input(page, 'm-code').waitFor();
      await shot(page, '12-mobile-code');
    });
  } finally {
    await ctx.context.close();
  }
});
