// Browser tests of the knowledge base and the API keys, against a running,
// seeded `yiwang serve` (scripts/test.sh): a department's handler proposes
// an article, the centre's supervisor approves it, an agent finds it with
// the words marked; the administrator issues an API key (shown once, with a
// copy button) and revokes it after confirming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ADMIN_USER, ADMIN_PASSWORD, newPage, shot, step, login, confirmBox } from './lib.mjs';

const DEMO = process.env.YW_DEMO_PASSWORD || 'Demo@2026yw';

async function openKnowledge(page) {
  await page.locator('[data-test=menu-knowledge]').click();
  await page.waitForURL('**/console/knowledge');
  await page.locator('[data-test=kb-tabs]').waitFor();
}

test('a handler proposes, the centre approves, an agent finds the article', async () => {
  const stamp = String(Date.now()).slice(-6);
  const word = `夜市${stamp}`; // a word no other article has
  const title = `${word}摊点占道经营答复口径`;
  let ctx = await newPage({ width: 1366, height: 900 });
  let { page } = ctx;
  try {
    await step(ctx, 'handler proposes', async () => {
      await login(page, 'handler_cg', DEMO);
      await openKnowledge(page);
      await page.locator('[data-test=kb-create]').click();
      const dialog = page.locator('[data-test=kb-editor]');
      await dialog.waitFor();
      await dialog.locator('[data-test=kb-f-title] input, input[data-test=kb-f-title]').first().fill(title);
      await dialog.locator('[data-test=kb-f-category] input, input[data-test=kb-f-category]').first().fill('CJ0302');
      await dialog.locator('textarea[data-test=kb-f-body], [data-test=kb-f-body] textarea').first()
        .fill(`${word}夜市摊点占用人行道经营的，派城管执法局片区中队处理。\n夜市开放时间为18时至23时，超时经营的依法劝离。`);
      // The handler's own region is filled in; the department is the handler's own.
      assert.match(await dialog.locator('[data-test=kb-f-region]').innerText(), /源城区/);
      await shot(page, 'kb-01-propose');
      await dialog.locator('[data-test=save]').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('.el-message--success', { hasText: '已提交审核' }).waitFor();
      // Its row in the list, waiting for review.
      await page.locator('.el-tabs__item', { hasText: '文章管理' }).click();
      const row = page.locator('[data-test=table] .el-table__row', { hasText: title });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /待审核/);
      await shot(page, 'kb-02-proposed');
    });
  } finally {
    await ctx.context.close();
  }

  ctx = await newPage({ width: 1366, height: 900 });
  ({ page } = ctx);
  try {
    await step(ctx, 'supervisor approves', async () => {
      await login(page, 'supervisor', DEMO);
      await openKnowledge(page);
      // Reviewers land on the proposals.
      const row = page.locator('[data-test=table] .el-table__row', { hasText: title });
      await row.first().waitFor();
      await shot(page, 'kb-03-review-list');
      await row.first().locator('[data-test=kb-row-title]').click();
      const drawer = page.locator('[data-test=kb-detail]');
      await drawer.locator('[data-test=kb-detail-body]').waitFor();
      assert.match(await drawer.locator('[data-test=kb-detail-body]').innerText(), /18时至23时/);
      assert.match(await drawer.innerText(), /河源市源城区城市管理和综合执法局/);
      await shot(page, 'kb-04-review-drawer');
      await drawer.locator('[data-test=kb-approve]').click();
      await page.locator('.el-message--success', { hasText: '审核通过' }).waitFor();
      assert.match(await drawer.locator('[data-test=kb-detail-state]').innerText(), /已发布/);
      await shot(page, 'kb-05-approved');
    });
  } finally {
    await ctx.context.close();
  }

  ctx = await newPage({ width: 1366, height: 900 });
  ({ page } = ctx);
  try {
    await step(ctx, 'agent finds it', async () => {
      await login(page, 'agent01', DEMO);
      await openKnowledge(page);
      const q = page.locator('[data-test=kb-q] input, input[data-test=kb-q]').first();
      await q.fill(`${word} 占道`);
      await q.press('Enter');
      const hit = page.locator('[data-test=kb-results] .hit', { hasText: title });
      await hit.first().waitFor();
      const marked = await hit.first().locator('mark').allInnerTexts();
      assert.ok(marked.includes(word) && marked.includes('占道'), `marks: ${marked}`);
      assert.match(await page.locator('[data-test=kb-summary]').innerText(), /找到 1 篇/);
      await shot(page, 'kb-06-agent-search');
      // A two-character word finds the seeded articles too.
      await q.fill('社保');
      await q.press('Enter');
      await page.locator('[data-test=kb-results] .hit mark', { hasText: '社保' }).first().waitFor();
      await shot(page, 'kb-07-agent-search-2chars');
      await page.locator('[data-test=kb-results] .hit .hit-title').first().click();
      await page.locator('[data-test=kb-detail] [data-test=kb-detail-body]').waitFor();
      await shot(page, 'kb-08-agent-article');
    });
  } finally {
    await ctx.context.close();
  }
});

test('the administrator issues an API key once and revokes it', async () => {
  const ctx = await newPage({ width: 1366, height: 900 });
  const { page } = ctx;
  const name = `E2E 对接系统 ${String(Date.now()).slice(-6)}`;
  try {
    await step(ctx, 'issue', async () => {
      await login(page, ADMIN_USER, ADMIN_PASSWORD);
      await page.locator('[data-test=menu-api-keys]').click();
      await page.waitForURL('**/console/api-keys');
      await page.locator('[data-test=table]').waitFor();
      await page.locator('[data-test=create]').click();
      const dialog = page.locator('[data-test=key-dialog]');
      await dialog.waitFor();
      await dialog.locator('[data-test=key-name] input, input[data-test=key-name]').first().fill(name);
      await dialog.locator('[data-test=save]').click();
      const key = dialog.locator('[data-test=new-key]');
      await key.waitFor();
      assert.match((await key.innerText()).trim(), /^ywk_[0-9a-f]{8}_[0-9a-f]{64}$/);
      await dialog.locator('[data-test=copy-key]').waitFor();
      await shot(page, 'kb-09-key-issued');
      await dialog.locator('[data-test=done]').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.locator('[data-test=table] .el-table__row', { hasText: name });
      await row.first().waitFor();
      assert.match(await row.first().innerText(), /有效/);
      assert.doesNotMatch(await page.locator('[data-test=table]').innerText(), /ywk_[0-9a-f]{8}_[0-9a-f]{64}/, 'the list shows prefixes only');
      await shot(page, 'kb-10-key-list');
    });

    await step(ctx, 'revoke', async () => {
      const row = page.locator('[data-test=table] .el-table__row', { hasText: name }).first();
      await row.locator('[data-test=revoke]').click();
      await confirmBox(page, '吊销');
      await row.locator('[data-test=key-status]', { hasText: '已吊销' }).waitFor();
      await shot(page, 'kb-11-key-revoked');
    });
  } finally {
    await ctx.context.close();
  }
});
