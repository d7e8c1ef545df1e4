import { describe, expect, it } from 'vitest';
import { row, searchList, shot, signIn, tableSettled, useDesk } from './browser.ts';

describe('every registry page renders its records', () => {
  const desk = useDesk();

  it('shows units, organisations with the 大工委 seats, residents, dictionaries and the audit log', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');

    await page.goto('/units');
    await tableSettled(page);
    await row(page, '上海振华重工长兴基地').waitFor();
    // Dictionary codes are shown as words.
    expect(await row(page, '上海振华重工长兴基地').innerText()).toContain('国有企业');
    await shot(page, 'units');
    await row(page, '上海振华重工长兴基地').getByRole('button', { name: '查看' }).click();
    await page.locator('.ant-drawer').getByText('振华重工长兴基地第一党支部').waitFor();
    await shot(page, 'units-detail');

    await page.goto('/orgs');
    await tableSettled(page);
    await row(page, '长兴镇区域化党建大工委').getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('成员单位与兼职委员').waitFor();
    await row(drawer, '上海振华重工长兴基地').waitFor();
    await shot(page, 'orgs-joint-seats');

    await page.goto('/residents');
    await tableSettled(page);
    await row(page, '钱美玲').waitFor();
    await shot(page, 'residents');

    await page.goto('/dictionaries');
    await tableSettled(page);
    await row(page, '在职党员').waitFor();
    await shot(page, 'dictionaries');

    await page.goto('/audit');
    await tableSettled(page);
    await row(page, '新建').first().waitFor();
    await shot(page, 'audit');

    // An empty search says so instead of showing a blank table.
    await page.getByPlaceholder('输入关键字搜索').fill('没有这样的记录');
    await page.getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await page.getByText('没有符合条件的记录').waitFor();
    await shot(page, 'audit-empty');
  });

  it('shows the unit admin its own unit', async () => {
    const page = await desk.page();
    await signIn(page, 'unit_admin');
    await page.goto('/my-unit');
    await page.getByText('振华重工长兴基地第一党支部').waitFor();
    await shot(page, 'my-unit');
  });

  it('fits a tablet: the menu folds to icons and pages still work', async () => {
    const page = await desk.page({ width: 820, height: 1180 });
    await signIn(page, 'community_admin');
    await page.locator('.ant-layout-sider-collapsed').waitFor();
    await page.locator('.ant-statistic').first().waitFor();
    await shot(page, 'tablet-home');
    // The rail shows the groups as icons; hovering one pops its entries out.
    await page.locator('.ant-layout-sider [data-menu-id$="-registry"]').hover();
    const popup = page.locator('.ant-menu-submenu-popup:visible');
    await popup.locator('.ant-menu-item', { hasText: '居民' }).waitFor();
    await shot(page, 'tablet-menu-popup');
    await popup.locator('.ant-menu-item', { hasText: '党员' }).click();
    await page.waitForURL(/\/members$/);
    // The title stays in the header on a tablet, where the menu shows no words.
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('党员');
    await tableSettled(page);
    await searchList(page, '刘建华');
    await row(page, '刘建华').waitFor();
    await shot(page, 'tablet-members');
    await page.goto('/areas');
    await page.locator('.ant-tree-treenode-selected').waitFor();
    await tableSettled(page);
    await shot(page, 'tablet-areas');
  });
});
