import { describe, expect, it } from 'vitest';
import { formItem, modal, pickAreaNode, row, shot, signIn, tableSettled, useDesk } from './browser.ts';

describe('账号: accounts', () => {
  const desk = useDesk();

  it('creates, edits, searches, disables and deletes an account, with client and server field errors', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/accounts');
    await tableSettled(page);
    await row(page, 'e2e-community').waitFor();
    await shot(page, 'accounts');

    await page.getByRole('button', { name: '新建' }).click();
    const dialog = modal(page);
    // The first role a street admin may grant, an area-bound one, is preselected.
    await expect.poll(() => formItem(dialog, '角色').innerText()).toContain('社区书记');
    await formItem(dialog, '姓名').locator('input').fill('凤凰社区书记');
    // Bind to 凤凰社区 through the tree picker (search, then pick).
    const area = formItem(dialog, '所属区域');
    await pickAreaNode(page, area, ['凤凰社区'], async () => {
      await area.locator('.ant-select').click();
      await area.locator('input').fill('凤凰');
    });
    // Client-side: the password rule of the shared schema.
    await formItem(dialog, '密码').locator('input').fill('short');
    await formItem(dialog, '用户名').locator('input').fill('e2e-community');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '密码').locator('.ant-form-item-explain-error').innerText())
      .toContain('密码至少 10 位');
    // Server-side: the username is taken; the 409's field detail lands on 用户名.
    await formItem(dialog, '密码').locator('input').fill('Fenghuang2026');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '用户名').locator('.ant-form-item-explain-error').innerText())
      .toContain('该值已被使用');
    await shot(page, 'accounts-create-server-error');
    await formItem(dialog, '用户名').locator('input').fill('e2e-fenghuang');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, 'e2e-fenghuang').waitFor();
    expect(await row(page, 'e2e-fenghuang').innerText()).toContain('凤凰社区');

    // Edit the display name.
    await row(page, 'e2e-fenghuang').getByRole('button', { name: '编辑' }).click();
    const edit = modal(page);
    await formItem(edit, '姓名').locator('input').fill('凤凰社区刘书记');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row(page, '凤凰社区刘书记').waitFor();

    // Search.
    await page.getByPlaceholder('输入关键字搜索').fill('fenghuang');
    await page.getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);

    // Disable, then delete.
    await row(page, 'e2e-fenghuang').getByRole('button', { name: '停用' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await expect.poll(() => row(page, 'e2e-fenghuang').innerText()).toContain('停用');
    await row(page, 'e2e-fenghuang').getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => row(page, 'e2e-fenghuang').count()).toBe(0);
  });
});
