import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';

type Created = { id: number };
type Named = Created & { name: string };

const today = localDate(new Date());
const APPOINTEE = '邵嘉怡';

describe('待办 on the home page', () => {
  const desk = useDesk();
  let community: ApiClient;
  let panyuan: number;

  beforeAll(async () => {
    const base = inject('baseUrl');
    panyuan = inject('fixture').panyuanId;
    const district = new ApiClient(base);
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    community = new ApiClient(base);
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const find = async (path: string, name: string) => {
      const r = await district.call<{ data: Named[] }>('GET', `${path}?q=${encodeURIComponent(name)}`);
      const hit = r.data.find((x) => x.name === name);
      if (!hit) throw new Error(`fixture has no ${name}`);
      return hit.id;
    };
    const agency = await find('/units', '长兴镇人民政府');
    const branch = await find('/orgs', '潘园社区党总支');
    const kinds = await district.call<{ data: (Created & { code: string })[] }>(
      'GET',
      '/appointment-kinds?pageSize=100',
    );
    const member = await district.call<Created>('POST', '/members', {
      areaId: panyuan,
      name: APPOINTEE,
      gender: 'female',
      idNumber: idNumber('19800716'),
      category: 'in_service',
      unitId: agency,
    });
    const appointment = await community.call<Created>('POST', '/appointments', {
      kindId: kinds.data.find((k) => k.code === 'second_secretary')?.id,
      memberId: member.id,
      sendingUnitId: agency,
      receivingOrgId: branch,
      termStart: addDays(today, -30),
    });
    // Two logs the community has not confirmed yet: whatever other files left, the to-do grows by two.
    for (const days of [-2, -1])
      await community.call('POST', '/work-logs', {
        appointmentId: appointment.id,
        kind: 'contact',
        occurredAt: `${addDays(today, days)}T09:30:00+08:00`,
        withWhom: '社区书记',
        content: `${APPOINTEE}：电话沟通本周工作`,
      });
  });

  it('shows the community what waits for it, and one click opens exactly those records', async () => {
    const pending = await community.call<{ total: number }>(
      'GET',
      `/work-logs?status=pending&within=${panyuan}&pageSize=1`,
    );
    expect(pending.total).toBeGreaterThanOrEqual(2);
    const page = await desk.page();
    await signIn(page, 'community_admin');
    const item = page.getByTestId('todo-worklogs.toConfirm');
    await item.waitFor();
    expect(await item.innerText()).toContain('待确认的工作纪实');
    expect(await item.locator('.ant-badge').innerText()).toBe(String(pending.total));
    // First on the page, above the counts.
    const cards = await page
      .locator('.gj-page > .ant-card, .gj-page > .ant-row')
      .evaluateAll((els) => els.map((e) => (e.classList.contains('gj-todos') ? 'todos' : 'other')));
    expect(cards.indexOf('todos')).toBe(1);
    await shot(page, 'home-todos-community');

    await item.getByRole('button', { name: '去确认' }).click();
    await page.waitForURL(/\/work-logs\?/);
    expect(page.url()).toContain(`status=pending&within=${panyuan}`);
    await tableSettled(page);
    await expect
      .poll(() => page.locator('.ant-pagination-total-text').innerText())
      .toBe(`共 ${pending.total} 条`);
    await shot(page, 'home-todos-worklogs');

    // 批量确认: tick the page, confirm once; the list (and so the to-do) is then empty.
    const ticked = Math.min(pending.total, 20);
    await page.locator('.ant-table-thead .ant-checkbox-input').check();
    const bar = page.getByTestId('bulk-bar');
    await expect.poll(() => bar.innerText()).toContain(`已选 ${ticked} 条`);
    await shot(page, 'worklogs-bulk-selected');
    await bar.getByRole('button', { name: '批量确认' }).click();
    const ask = page.locator('.ant-modal-confirm');
    await ask
      .locator('.ant-modal-confirm-title', { hasText: `确认选中的 ${ticked} 条工作纪实属实？` })
      .waitFor();
    await ask.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText(`已处理 ${ticked} 条`).waitFor();
    if (pending.total <= 20) {
      await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(0);
      // Other files may leave other kinds waiting (an exemption, a batch): this kind is gone.
      await page.goto('/');
      await page.locator('.gj-todos').waitFor();
      await expect.poll(() => page.locator('.gj-todos .ant-skeleton').count()).toBe(0);
      expect(await page.getByTestId('todo-worklogs.toConfirm').count()).toBe(0);
    }
  });

  it('tells a unit admin, who confirms nothing, that nothing waits', async () => {
    const page = await desk.page();
    await signIn(page, 'unit_admin');
    await page.locator('.gj-todos').getByText('暂无待办').waitFor();
    await shot(page, 'home-todos-empty');
  });
});
