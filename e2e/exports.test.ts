import { addDays, localDate } from '@gongjian/common';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';
import { exportFrom } from './workbook.ts';

/** Every log of this file carries this word, so the keyword filter finds exactly them. */
const TAG = '导出核对';
const APPOINTEE = '导出测试楼栋长';
const CONTACTS = [`${TAG}：电话联系一`, `${TAG}：电话联系二`, `${TAG}：电话联系三`];
const VISITS = [`${TAG}：入户走访一`, `${TAG}：入户走访二`];

interface Created {
  id: number;
}

/** Pick an option of a select in the search card. */
async function filterBy(page: Page, label: string, option: string) {
  const search = page.locator('.gj-search');
  await formItem(search, label).locator('.ant-select').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

describe('导出: a filtered list downloads as exactly its rows', () => {
  const desk = useDesk();
  const today = localDate(new Date());

  beforeAll(async () => {
    // Logs are recorded through the API by the receiving community; the export is done in the desk.
    const base = inject('baseUrl');
    const district = new ApiClient(base);
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    const community = new ApiClient(base);
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const orgs = await district.call<{ data: (Created & { name: string })[] }>(
      'GET',
      `/orgs?q=${encodeURIComponent('潘园社区党总支')}`,
    );
    const branch = orgs.data.find((o) => o.name === '潘园社区党总支');
    const kinds = await district.call<{ data: (Created & { code: string })[] }>(
      'GET',
      '/appointment-kinds?pageSize=100',
    );
    const kind = kinds.data.find((k) => k.code === 'building_head');
    if (!branch || !kind) throw new Error('fixture is missing the branch or the kind');
    const member = await district.call<Created>('POST', '/members', {
      areaId: inject('fixture').panyuanId,
      name: APPOINTEE,
      gender: 'female',
      idNumber: idNumber('19680921'),
      category: 'community',
    });
    const appointment = await community.call<Created>('POST', '/appointments', {
      kindId: kind.id,
      memberId: member.id,
      receivingOrgId: branch.id,
      termStart: addDays(today, -30),
    });
    for (const [i, content] of CONTACTS.entries())
      await community.call('POST', '/work-logs', {
        appointmentId: appointment.id,
        kind: 'contact',
        occurredAt: `${addDays(today, -i - 1)}T09:00:00+08:00`,
        content,
      });
    for (const [i, content] of VISITS.entries())
      await community.call('POST', '/work-logs', {
        appointmentId: appointment.id,
        kind: 'visit',
        occurredAt: `${addDays(today, -i - 1)}T15:00:00+08:00`,
        targetType: 'household',
        householdAddress: `潘园一村 ${i + 1} 号`,
        content,
      });
  });

  it('filters the work logs by keyword and kind, then 导出 holds those rows and no others', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/work-logs');
    await tableSettled(page);
    await page.locator('.gj-search .ant-input-search input').fill(TAG);
    await filterBy(page, '类型', '联系村居');
    await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(3);
    for (const content of CONTACTS) await row(page, content).waitFor();
    await shot(page, 'export-worklogs-filtered');

    const { filename, sheets } = await exportFrom(page, page);
    // A ledger: named after the street and the day (no period was picked), titled, with the filter.
    expect(filename).toBe(`长兴镇-工作纪实台账-${today}.xlsx`);
    const [sheet] = sheets;
    if (!sheet) throw new Error('no sheet');
    expect(sheet.title).toBe('长兴镇 工作纪实台账');
    expect(sheet.filter).toBe(`筛选条件：关键词：“${TAG}”；类型：联系村居`);
    expect(sheet.footer).toMatch(new RegExp(`^制表人：.+　　审核人：________　　制表日期：${today}$`));
    expect(sheet.name).toBe('工作纪实');
    expect(sheet.headers.slice(0, 4)).toEqual(['时间', '任职人', '类型', '走访对象']);
    expect(sheet.rows).toHaveLength(3);
    // Latest first, as the table lists them.
    expect(sheet.column('内容')).toEqual(CONTACTS);
    expect(new Set(sheet.column('类型'))).toEqual(new Set(['联系村居']));
    expect(new Set(sheet.column('任职人'))).toEqual(new Set([APPOINTEE]));
    expect(sheet.column('时间')[0]).toBe(`${addDays(today, -1)} 09:00`);
    expect(new Set(sheet.column('状态'))).toEqual(new Set(['待确认']));
  });

  it('lets the platform admin filter appointments by a kind named with its district', async () => {
    const page = await desk.page();
    await signIn(page, 'platform_admin');
    await page.goto('/appointments');
    await tableSettled(page);
    await page.locator('.gj-search .ant-input-search input').fill(APPOINTEE);
    await filterBy(page, '任职类型', '崇明区 · 楼栋长');
    await shot(page, 'export-platform-kind-filter');
    await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
    await tableSettled(page);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    expect(await row(page, APPOINTEE).innerText()).toContain('楼栋长');
  });

  it('shows the nodes above a street admin’s own as plain text, not as links', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/areas');
    const crumbs = page.locator('.ant-breadcrumb');
    await crumbs.getByRole('link', { name: '长兴镇' }).waitFor();
    await expect.poll(() => crumbs.getByTestId('crumb-outside').innerText()).toBe('崇明区');
    expect(await crumbs.getByRole('link', { name: '崇明区' }).count()).toBe(0);
    await shot(page, 'export-areas-breadcrumb');
  });
});
