import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expandTreeNode, formItem, modal, row, shot, signIn, tableSettled, useDesk } from './browser.ts';

/** Drag a tree node and drop it on another one (its new parent). */
async function dragOnto(page: Page, source: Locator, target: Locator) {
  // Expanding a node animates its children into place; a drag that starts mid-animation misses.
  await page.waitForFunction(
    () => !document.querySelector('.ant-tree-treenode-motion, .ant-motion-collapse'),
  );
  await source.locator('.ant-tree-node-content-wrapper').hover();
  await page.mouse.down();
  const aim = target.locator('.ant-tree-node-content-wrapper');
  await aim.hover();
  // A second move over the target fires the dragover that settles the drop target.
  await aim.hover({ position: { x: 12, y: 10 } });
  await page.mouse.up();
}

describe('行政区划: the administrative tree', () => {
  const desk = useDesk();

  it('creates, edits, searches and deletes a node, with server field errors and refusals shown', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/areas');
    // The street admin's own node is the root, selected, with its communities listed.
    await page.locator('.ant-tree-treenode-selected', { hasText: '长兴镇' }).waitFor();
    await tableSettled(page);
    await row(page, '潘园社区').waitFor();
    await shot(page, 'areas');

    // Create a community under 长兴镇.
    await page.getByRole('button', { name: '新建' }).click();
    let dialog = modal(page);
    await formItem(dialog, '名称').locator('input').fill('石沙社区');
    // Client-side: the shared zod schema refuses a code with spaces before anything is sent.
    await formItem(dialog, '编码').locator('input').fill('bad code');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '编码').locator('.ant-form-item-explain-error').innerText())
      .toContain('编码只能包含字母、数字、下划线和短横线');
    // Server-side: a code already used elsewhere comes back as a field error on 编码.
    await formItem(dialog, '编码').locator('input').fill('cm-cx-py');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '编码').locator('.ant-form-item-explain-error').innerText())
      .toContain('该值已被使用');
    await shot(page, 'areas-create-server-error');
    await formItem(dialog, '编码').locator('input').fill('cm-cx-ss');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, '石沙社区').waitFor();
    // The tree beside the list follows.
    await page.locator('.ant-tree-treenode', { hasText: '石沙社区' }).waitFor();

    // Edit its name.
    await row(page, '石沙社区').getByRole('button', { name: '编辑' }).click();
    dialog = modal(page);
    await formItem(dialog, '名称').locator('input').fill('石沙新村社区');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, '石沙新村社区').waitFor();

    // Search by keyword.
    await page.getByPlaceholder('输入关键字搜索').last().fill('石沙');
    await page.getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);

    // Delete it.
    await row(page, '石沙新村社区').getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await page.getByText('已删除').waitFor();
    await expect.poll(() => row(page, '石沙新村社区').count()).toBe(0);

    // A node with children cannot go: the server's reason is shown.
    await page.getByRole('button', { name: '重置' }).click();
    await tableSettled(page);
    await row(page, '潘园社区').getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    const refusal = page.locator('.ant-modal-confirm');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('该节点下还有下级节点，不能删除');
    await shot(page, 'areas-delete-refused');
    await refusal.getByRole('button').click();
  });

  it('moves a node by dragging it in the tree, and shows the refusal for an impossible move', async () => {
    const page = await desk.page();
    await signIn(page, 'district_admin');
    await page.goto('/areas');
    await page.locator('.ant-tree-treenode-selected', { hasText: '崇明区' }).waitFor();
    // Open 长兴镇 to reach its communities.
    const changxing = page.locator('.ant-tree-treenode', { hasText: '长兴镇' });
    await expandTreeNode(changxing);
    const fenghuang = page.locator('.ant-tree-treenode', { hasText: '凤凰社区' });
    await fenghuang.waitFor();

    // A community dropped onto another community: the level rule refuses it.
    await dragOnto(page, fenghuang, page.locator('.ant-tree-treenode', { hasText: '潘园社区' }));
    await page
      .locator('.ant-modal-confirm', { hasText: '移动到' })
      .getByRole('button', { name: '确定' })
      .click();
    const refusal = page.locator('.ant-modal-confirm', { hasText: '无法移动' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('该层级不能建在所选上级之下');
    await refusal.getByRole('button').click();

    // The same community dropped onto 横沙乡 (a town): allowed, and the tree follows.
    await dragOnto(page, fenghuang, page.locator('.ant-tree-treenode', { hasText: '横沙乡' }));
    await page
      .locator('.ant-modal-confirm', { hasText: '移动到' })
      .getByRole('button', { name: '确定' })
      .click();
    await page.getByText('已移动').waitFor();
    await page
      .locator('.ant-tree-treenode', { hasText: '横沙乡' })
      .locator('.ant-tree-node-content-wrapper')
      .click();
    await row(page, '凤凰社区').waitFor();

    // Put it back under 长兴镇 (through the API: this is cleanup, not the behaviour under test), so
    // the other files find the fixture as built.
    const status = await page.evaluate(async (parentId) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const found = (await (await fetch('/api/areas?q=凤凰社区')).json()) as { data: { id: number }[] };
      const res = await fetch(`/api/areas/${found.data[0]?.id}/move`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ parentId }),
      });
      return res.status;
    }, inject('fixture').changxingId);
    expect(status).toBe(200);
  });
});
