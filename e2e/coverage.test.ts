import { addDays, localDate } from '@gongjian/common';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, modal, pickAreaNode, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';

/** Unique per run: the server is shared by every test file. */
const tag = String(Date.now()).slice(-6);
const COMMUNITY = `向阳社区${tag}`;
const BUREAU = `区教育局${tag}`;
const BRANCH = (n: number) => `${BUREAU}第${n}党支部`;

interface Created {
  id: number;
}

describe('包保责任: coverage of a community and visits to its two-new organisations', () => {
  const desk = useDesk();
  const today = localDate(new Date());

  beforeAll(async () => {
    // The community and its assignments are built through the API as the street admin:
    //   东片区 ─ 丽景苑 (1栋, 2栋) held by branch 1; 2栋 also by branches 2 and 3 (a clash)
    //          └ 和平里 (3栋) held by nobody (the gap)
    const api = new ApiClient(inject('baseUrl'));
    await api.login(ACCOUNTS.street_admin.username, E2E_PASSWORD);
    let serial = 0;
    const area = (parentId: number, level: string, name: string) =>
      api.call<Created>('POST', '/areas', { parentId, level, code: `cov-${tag}-${++serial}`, name });
    const community = await area(inject('fixture').changxingId, 'community', COMMUNITY);
    const zone = await area(community.id, 'zone', '东片区');
    const lijing = await area(zone.id, 'compound', '丽景苑');
    const heping = await area(zone.id, 'compound', '和平里');
    await area(lijing.id, 'building', '1栋');
    const b2 = await area(lijing.id, 'building', '2栋');
    await area(heping.id, 'building', '3栋');

    const bureau = await api.call<Created>('POST', '/units', {
      areaId: inject('fixture').changxingId,
      name: BUREAU,
      type: 'agency',
    });
    const branches: number[] = [];
    for (const n of [1, 2, 3]) {
      const org = await api.call<Created>('POST', '/orgs', {
        areaId: inject('fixture').changxingId,
        unitId: bureau.id,
        type: 'branch',
        name: BRANCH(n),
      });
      branches.push(org.id);
    }
    const startOn = addDays(today, -10);
    const assign = (orgId: number | undefined, areaId: number) =>
      api.call('POST', '/coverage/assignments', { orgId, areaId, startOn });
    await assign(branches[0], lijing.id);
    await assign(branches[1], b2.id);
    await assign(branches[2], b2.id);

    // A cross-appointed secretary visits two of the community's three two-new organisations.
    const committee = await api.call<Created>('POST', '/orgs', {
      areaId: community.id,
      type: 'committee',
      name: `${COMMUNITY}党委`,
    });
    const secretary = await api.call<Created>('POST', '/members', {
      areaId: community.id,
      name: '陈交叉',
      gender: 'female',
      idNumber: idNumber('19720818'),
      category: 'community',
    });
    const kinds = await api.call<{ data: { id: number; code: string }[] }>(
      'GET',
      '/appointment-kinds?pageSize=100',
    );
    const appointment = await api.call<Created>('POST', '/appointments', {
      kindId: kinds.data.find((k) => k.code === 'cross_appointment')?.id,
      memberId: secretary.id,
      receivingOrgId: committee.id,
      termStart: addDays(today, -30),
    });
    const orgs: number[] = [];
    for (const name of ['星辰科技', '益邻社工', '蓝海物流'])
      orgs.push(
        (
          await api.call<Created>('POST', '/units', {
            areaId: community.id,
            name: `${name}${tag}`,
            type: name === '益邻社工' ? 'two_new_social' : 'two_new_firm',
          })
        ).id,
      );
    const visit = (targetUnitId: number | undefined, demandCategories: string[]) =>
      api.call('POST', '/work-logs', {
        appointmentId: appointment.id,
        kind: 'visit',
        occurredAt: new Date(Date.now() - 120_000).toISOString(),
        content: '走访两新组织，了解需求',
        targetType: 'two_new_org',
        targetUnitId,
        demandCategories,
      });
    await visit(orgs[0], ['venue', 'training']);
    await visit(orgs[1], ['venue']);
  });

  it('shows the gap and the clash, then complete coverage once the gap is assigned in the desk', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '包保责任' }).click();
    await page.waitForURL(/\/coverage$/);

    const controls = page.locator('.ant-card', { hasText: '判定日期' }).first();
    await pickAreaNode(page, controls, ['长兴镇', COMMUNITY]);
    const summary = page.getByTestId('coverage-summary');
    await expect.poll(() => summary.innerText()).toBe('包保未全覆盖：片区 0/1，小区 1/2，楼栋 2/3');
    expect(await page.getByTestId('level-building').innerText()).toMatch(
      /2\s*\/ 3[\s\S]*未包保 1[\s\S]*重复包保 1/,
    );
    const gaps = page.getByTestId('uncovered-list');
    expect(await gaps.innerText()).toContain('东片区 / 和平里 / 3栋');
    const clashes = page.getByTestId('double-list');
    expect(await clashes.innerText()).toContain('东片区 / 丽景苑 / 2栋');
    expect(await clashes.innerText()).toContain(BRANCH(2));
    expect(await clashes.innerText()).toContain(BRANCH(3));
    // Each building with who covers it; 1栋 through its compound.
    const buildings = page.locator('.ant-card', { hasText: '楼栋包保与楼栋长' });
    expect(await row(buildings, '丽景苑 / 1栋').innerText()).toContain(`${BRANCH(1)}（经小区）`);
    expect(await row(buildings, '和平里 / 3栋').innerText()).toContain('未包保');
    const list = page.locator('.ant-card', { hasText: '包保分工' }).last();
    await tableSettled(page, list);
    await expect.poll(() => list.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(3);
    await shot(page, 'coverage-gap');

    // Assigning branch 2 to 2栋 again overlaps what it already holds: refused with the reason.
    const add = async (building: string[]) => {
      await list.getByRole('button', { name: '新建' }).click();
      const dialog = modal(page);
      await formItem(dialog, '包保组织').locator('.ant-select').click();
      await page.keyboard.type(`第2党支部`);
      // The options are searched on the server: wait until only matches are listed, so the click
      // does not land on a list about to be replaced.
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect
        .poll(async () => {
          const texts = await options.allInnerTexts();
          return texts.length > 0 && texts.every((x) => x.includes('第2党支部'));
        })
        .toBe(true);
      await options
        .filter({ hasText: BRANCH(2) })
        .first()
        .click();
      await expect.poll(() => formItem(dialog, '包保组织').innerText()).toContain(BRANCH(2));
      await pickAreaNode(page, formItem(dialog, '包保对象'), ['长兴镇', COMMUNITY, '东片区', ...building]);
      // Both pickers hold their choice (and their pop-ups are closed) before saving.
      await expect.poll(() => formItem(dialog, '包保组织').innerText()).toContain(BRANCH(2));
      await expect
        .poll(() => formItem(dialog, '包保对象').innerText())
        .toContain(`${building.at(-1)}（楼栋）`);
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
      await dialog.getByRole('button', { name: '保存' }).click();
      return dialog;
    };
    let dialog = await add(['丽景苑', '2栋']);
    await page.locator('.ant-message-notice', { hasText: '该党组织在此期间已包保该对象' }).waitFor();
    await shot(page, 'coverage-overlap-refused');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The gap: branch 2 takes 3栋 on, and the community is fully covered.
    dialog = await add(['和平里', '3栋']);
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => summary.innerText()).toBe('1个片区、2个小区、3个楼栋全部包保覆盖');
    expect(await gaps.innerText()).toContain('全部已包保');
    await row(list, '东片区 / 和平里 / 3栋').waitFor();
    expect(await row(buildings, '和平里 / 3栋').innerText()).toContain(BRANCH(2));
    await summary.scrollIntoViewIfNeeded();
    await shot(page, 'coverage-complete');
    await list.scrollIntoViewIfNeeded();
    await shot(page, 'coverage-assignments');
  });

  it('shows the share of two-new organisations visited and the demands the visits took', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/coverage');
    await page.getByRole('tab', { name: '走访覆盖' }).click();
    const controls = page.locator('.ant-card', { hasText: '期间' }).first();
    await pickAreaNode(page, controls, ['长兴镇', COMMUNITY]);

    const share = page.getByTestId('visit-share');
    // Two of three visited: the share is written in the ring (its label says it too).
    await share.locator('[role=img][aria-label="两新组织走访覆盖率 66.7%"]').waitFor();
    expect(await share.innerText()).toMatch(/两新组织\s*3[\s\S]*已走访\s*2[\s\S]*走访家次\s*2/);
    await expect.poll(() => page.getByTestId('demand-total').innerText()).toBe('3');
    await page.getByTestId('demand-chart').locator('canvas').first().waitFor();
    await expect
      .poll(() => page.locator('.ant-tabs-tab', { hasText: '未走访的两新组织（1）' }).count())
      .toBe(1);
    const lists = page.locator('.ant-card', { hasText: '未走访的两新组织' }).last();
    await row(lists, `蓝海物流${tag}`).waitFor();
    await shot(page, 'coverage-visits');

    await lists.getByRole('tab', { name: '需求类别' }).click();
    expect(await row(lists, '场地租赁').innerText()).toMatch(/场地租赁\s*2/);
    expect(await row(lists, '培训').innerText()).toMatch(/培训\s*1/);
    expect(await row(lists, '医疗').innerText()).toMatch(/医疗\s*0/);
  });

  it('shows the demands a visit took in the work log’s drawer', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/work-logs');
    await tableSettled(page);
    const log = row(page, `星辰科技${tag}`);
    await log.getByRole('button', { name: '查看' }).click();
    const drawer = page.locator('.ant-drawer');
    await expect.poll(() => drawer.innerText()).toMatch(/收集的需求\s*场地租赁、培训/);
    await shot(page, 'work-log-demands');
  });
});
