import { describe, expect, it } from 'vitest';
import { formItem, modal, pickAreaNode, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { idNumber } from './fixture.ts';

describe('党员: party members', () => {
  const desk = useDesk();

  it('registers, edits, searches, reveals and deletes a member, with client and server field errors', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await page.goto('/members');
    await tableSettled(page);
    await row(page, '刘建华').waitFor();
    // Phone and ID numbers arrive masked.
    expect(await row(page, '刘建华').innerText()).toMatch(/139\*{4}\d{4}/);
    await shot(page, 'members');

    await page.getByRole('button', { name: '新建' }).click();
    const dialog = modal(page);
    await formItem(dialog, '姓名').locator('input').fill('陆文静');
    await formItem(dialog, '性别').locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '女' }).click();
    await pickAreaNode(page, formItem(dialog, '居住地'), ['潘园社区']);
    await formItem(dialog, '手机号').locator('input').fill('13712345678');
    // Client-side: the ID number's check character is verified by the shared schema.
    await formItem(dialog, '身份证号').locator('input').fill('310230198503121234');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '身份证号').locator('.ant-form-item-explain-error').innerText())
      .toContain('身份证号码不正确');
    // Server-side: an ID number already registered is refused on the field.
    const taken = await page.evaluate(async () => {
      const r = await fetch('/api/members?q=刘建华');
      const list = (await r.json()) as { data: { id: number }[] };
      const m = await fetch(`/api/members/${list.data[0]?.id}?reveal=true`);
      return ((await m.json()) as { idNumber: string }).idNumber;
    });
    await formItem(dialog, '身份证号').locator('input').fill(taken);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => formItem(dialog, '身份证号').locator('.ant-form-item-explain-error').innerText())
      .toContain('该值已被使用');
    await shot(page, 'members-create-server-error');
    const own = idNumber('19900708');
    await formItem(dialog, '身份证号').locator('input').fill(own);
    // A rule across fields (common member-rules.ts): the join date follows the ID number's birth
    // date. It shows on its field before anything is sent, and goes once the field is fixed.
    const join = formItem(dialog, '入党日期');
    await join.locator('input').fill('1980-07-01');
    await join.locator('input').press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => join.locator('.ant-form-item-explain-error').innerText())
      .toContain('入党日期须在出生日期之后');
    await shot(page, 'members-create-rule-error');
    await join.locator('input').fill('2012-07-01');
    await join.locator('input').press('Enter');
    await formItem(dialog, '姓名').locator('input').click();
    await expect.poll(() => join.locator('.ant-form-item-explain-error').count()).toBe(0);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row(page, '陆文静').waitFor();

    // Edit: the masked numbers stay untouched when left empty.
    await row(page, '陆文静').getByRole('button', { name: '编辑' }).click();
    const edit = modal(page);
    await formItem(edit, '姓名').locator('input').fill('陆文婧');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.waitFor({ state: 'hidden' });
    await row(page, '陆文婧').waitFor();

    // Search, then reveal the ID number (the server audits it).
    await page.getByPlaceholder('输入关键字搜索').fill('陆文婧');
    await page.getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await row(page, '陆文婧').getByRole('button', { name: '显示' }).first().click();
    await expect.poll(() => row(page, '陆文婧').innerText()).toContain(own);

    // The detail drawer.
    await row(page, '陆文婧').getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.locator('.ant-descriptions', { hasText: '潘园社区' }).waitFor();
    await shot(page, 'members-detail');
    await drawer.locator('.ant-drawer-close').click();

    await row(page, '陆文婧').getByRole('button', { name: '删除' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => row(page, '陆文婧').count()).toBe(0);
  });

  it('lets a unit admin see only its own unit’s members, without the show action', async () => {
    const page = await desk.page();
    await signIn(page, 'unit_admin');
    await page.goto('/members');
    await tableSettled(page);
    await row(page, '刘建华').waitFor();
    // The fixture's four ZPMC staff (other test files may add more), and nobody of another unit.
    const names = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    for (const mine of ['刘建华', '孙丽', '黄志强', '吴秀英'])
      expect(names.some((r) => r.includes(mine))).toBe(true);
    for (const other of ['郑国平', '何晓燕', '高伟', '林芳'])
      expect(names.some((r) => r.includes(other))).toBe(false);
    expect(await page.getByRole('button', { name: '显示' }).count()).toBe(0);
  });

  it('steps to the next page by cursor, and jumps by page number', async () => {
    const page = await desk.page();
    await signIn(page, 'district_admin');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/members?')) asked.push(decodeURIComponent(r.url()));
    });
    await page.goto('/members');
    await tableSettled(page);
    // Ten a page, so the fixture's members fill at least two pages.
    await page.locator('.ant-pagination-options .ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '10 条/页' }).click();
    await tableSettled(page);
    const firstRows = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    const total = await page.locator('.ant-pagination-total-text').innerText();
    await page.locator('.ant-pagination-item-2').click();
    await tableSettled(page);
    // Page 2 was asked as "the page after page 1's last row": page=1 with after=…
    await expect.poll(() => asked.at(-1)).toMatch(/[?&]after=\d+/);
    expect(asked.at(-1)).toMatch(/[?&]page=1(&|$)/);
    const secondRows = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    expect(secondRows.some((r) => firstRows.includes(r))).toBe(false);
    // The total is the filter's, whatever the cursor.
    expect(await page.locator('.ant-pagination-total-text').innerText()).toBe(total);
    // Back to page 1 goes by number.
    await page.locator('.ant-pagination-item-1').click();
    await tableSettled(page);
    expect(asked.at(-1)).not.toMatch(/after=/);
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts()).toEqual(firstRows);
  });
});
