// Browser test of the 好差评 settings page (评价设置, docs/ratings.md): the
// administrator adds a reason tag, which citizens are then offered, and
// retires it again; a supervisor sees the settings read-only. Against the
// shared demo server: the tag's code is new each run and is retired at the
// end, so the other tests' options are as they were.
//
//   YW_BASE_URL=http://127.0.0.1:8080 node --test tests/e2e/rating_settings.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, login, input, apiJson } from './lib.mjs';

const PASSWORD = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';
const tagLabels = async () => (await apiJson('GET', '/rating-options')).tags.map((t) => t.label);

test('the administrator adds a reason tag that citizens are offered, then retires it; a supervisor only reads', async () => {
  const ctx = await newPage({ width: 1440, height: 960 });
  const { page } = ctx;
  const code = `e2e_${Date.now()}`;
  const label = `测试原因${String(Date.now()).slice(-5)}`;
  try {
    await step(ctx, 'admin opens 评价设置', async () => {
      await login(page, ADMIN_USER, ADMIN_PASSWORD);
      await page.goto(`${BASE}/console/ratings/settings`);
      await page.locator('[data-test=levels] .el-table__body tr').nth(4).waitFor();
      const levels = await page.locator('[data-test=levels] .el-table__body tr').allInnerTexts();
      assert.equal(levels.length, 5);
      const cfg = (await apiJson('GET', '/rating-options')).levels;
      // The scores shown are the server's.
      for (let i = 0; i < 5; i++)
        assert.equal(await input(page, `level-score-${i + 1}`).inputValue(), String(cfg[i].score));
      await shot(page, 'rating-settings-01-admin');
    });
    await step(ctx, 'add a reason tag: citizens are offered it', async () => {
      await input(page, 'tag-code').fill(code);
      await input(page, 'tag-label').fill(label);
      await page.locator('[data-test=tag-add]').click();
      await page.locator('[data-test=tags-table]').getByText(code).waitFor();
      assert.ok((await tagLabels()).includes(label), 'the new tag is among the rating options');
    });
    await step(ctx, 'retire it: no longer offered, still listed', async () => {
      const row = page.locator('[data-test=tags-table] .el-table__row').filter({ hasText: code });
      await row.locator('.el-switch').click();
      await row.getByRole('button', { name: '保存' }).click();
      await page.locator('.el-message--success').last().waitFor();
      await page.waitForFunction(async (l) => {
        const r = await fetch('/api/v1/rating-options');
        return !(await r.json()).tags.some((t) => t.label === l);
      }, label);
      assert.ok(!(await tagLabels()).includes(label));
      await row.waitFor(); // kept on record
    });
    await step(ctx, 'a supervisor sees the settings read-only', async () => {
      await page.context().clearCookies();
      await login(page, 'supervisor', PASSWORD);
      await page.goto(`${BASE}/console/ratings/settings`);
      await page.locator('[data-test=levels] .el-table__body tr').nth(4).waitFor();
      assert.equal(await page.locator('[data-test=tag-add]').count(), 0, 'no add form');
      assert.equal(await page.locator('[data-test=levels-save-1], [data-test=level-save-1]').count(), 0, 'no save buttons');
      assert.ok(await input(page, 'level-score-1').isDisabled());
      await shot(page, 'rating-settings-02-supervisor');
    });
  } finally {
    await ctx.context.close();
  }
});
