import { addDays, civilPeriodOf, localDate, periodText } from '@gongjian/common';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, openMenu, row, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';

/** The first secretary this file appoints; nobody else in the run has the name. */
const APPOINTEE = '钟立新';
const APPOINTEE_LOGIN = 'e2e-fs-zhong';
const RULE = 'fs_governance';
const RULE_ZH = '四大职责：服务社区治理';
const RULE_EN = 'Four duties: serve community governance';
const MISSING_ACTION = '组织楼道堆物清理，消除消防隐患';

interface Created {
  id: number;
}

/**
 * "See the board turn green": a first secretary two years into the term, a month before it ends,
 * has 11 of the 12 confirmed governance actions the term requires — amber on 履职看板 whatever day
 * the test runs. The appointee records the twelfth on a phone; it stays amber while it waits, and
 * turns green once the community confirms it on 工作纪实.
 */
describe('履职看板: see the board turn green', () => {
  const desk = useDesk();
  const today = localDate(new Date());
  const termStart = addDays(today, -690);
  const termEnd = addDays(today, 30);
  let appointmentId = 0;
  const cellId = () => `cell-${appointmentId}-${RULE}`;

  beforeAll(async () => {
    const base = inject('baseUrl');
    const district = new ApiClient(base);
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    const community = new ApiClient(base);
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);

    const units = await district.call<{ data: (Created & { name: string })[] }>(
      'GET',
      `/units?q=${encodeURIComponent('长兴镇人民政府')}`,
    );
    const agency = units.data.find((u) => u.name === '长兴镇人民政府');
    const orgs = await district.call<{ data: (Created & { name: string })[] }>(
      'GET',
      `/orgs?q=${encodeURIComponent('潘园社区党总支')}`,
    );
    const branch = orgs.data.find((o) => o.name === '潘园社区党总支');
    const kinds = await district.call<{ data: (Created & { code: string })[] }>(
      'GET',
      '/appointment-kinds?pageSize=100',
    );
    const kind = kinds.data.find((k) => k.code === 'first_secretary');
    if (!agency || !branch || !kind) throw new Error('fixture is missing the agency, the branch or the kind');

    const member = await district.call<Created>('POST', '/members', {
      areaId: inject('fixture').panyuanId,
      name: APPOINTEE,
      gender: 'male',
      idNumber: idNumber('19750408'),
      category: 'in_service',
      unitId: agency.id,
    });
    await district.call('POST', '/accounts', {
      username: APPOINTEE_LOGIN,
      displayName: APPOINTEE,
      role: 'member',
      password: E2E_PASSWORD,
      memberId: member.id,
    });
    const appointment = await community.call<Created>('POST', '/appointments', {
      kindId: kind.id,
      memberId: member.id,
      sendingUnitId: agency.id,
      receivingOrgId: branch.id,
      termStart,
      termEnd,
    });
    appointmentId = appointment.id;

    // Eleven confirmed governance actions over the term: one short of the twelve required.
    const appointee = new ApiClient(base);
    await appointee.login(APPOINTEE_LOGIN, E2E_PASSWORD);
    for (let i = 1; i <= 11; i++) {
      const log = await appointee.call<Created>('POST', '/work-logs', {
        appointmentId,
        kind: 'action',
        actionCategory: i % 2 ? 'warm_care' : 'home_building',
        occurredAt: `${addDays(today, -55 * i)}T09:30:00+08:00`,
        content: `第 ${i} 次服务治理行动：走访困难家庭并协调解决实际问题`,
      });
      await community.call('POST', `/work-logs/${log.id}/confirm`, {});
    }
  });

  /** The board cell of the appointee's governance duty, once the board has loaded. */
  async function governanceCell(page: Page) {
    await tableSettled(page);
    const cell = page.getByTestId(cellId());
    await cell.waitFor();
    return cell;
  }

  it('shows the community admin the duty amber, with its explanation and records in the drawer', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await openMenu(page, '履职看板');
    await page.waitForURL(/\/compliance/);
    const cell = await governanceCell(page);
    expect(await cell.getAttribute('data-status')).toBe('at_risk');
    // The status is written out, not only coloured.
    expect(await cell.innerText()).toContain('有风险');
    expect(await cell.innerText()).toContain('11/12');
    expect(await page.locator('.ant-table-thead').first().innerText()).toContain(RULE_ZH);
    // The per-duty counts: the chart and its table.
    await page.getByRole('img', { name: '各职责完成情况' }).waitFor();
    expect(await row(page.getByTestId('rule-summary'), RULE_ZH).innerText()).toMatch(/\d/);
    await shot(page, 'compliance-board');

    await cell.click();
    const drawer = page.getByTestId('cell-drawer');
    await expect.poll(() => drawer.getByTestId('cell-explanation').innerText()).toContain('尚差 1 次');
    expect(await drawer.getByTestId('cell-explanation').innerText()).toContain('有风险');
    expect(await drawer.getByTestId('cell-missing').innerText()).toContain('还差 1');
    expect(await drawer.locator('[data-testid=cell-records] .ant-table-row').count()).toBe(11);
    expect(await drawer.getByTestId('cell-records').innerText()).toContain('已确认');
    expect(await drawer.getByRole('link', { name: '在工作纪实中查看' }).getAttribute('href')).toContain(
      `appointmentId=${appointmentId}`,
    );
    // The open cell is in the address, as a reminder's link writes it.
    expect(page.url()).toContain(`appointmentId=${appointmentId}&rule=${RULE}`);
    await shot(page, 'compliance-drawer');

    // 提醒: the appointee (or, without an account, those responsible) is told; once a day.
    await drawer.getByRole('button', { name: '提醒' }).click();
    const notice = page.locator('.ant-message-notice');
    await expect.poll(() => notice.last().innerText()).toMatch(/已提醒/);
    await shot(page, 'compliance-drawer-reminded');
    await drawer.getByRole('button', { name: '提醒' }).click();
    await expect.poll(() => notice.last().innerText()).toContain('今天已就该职责本期提醒过此人');
  });

  it('lets the appointee record the twelfth action on a phone', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await page.goto('/login');
    await page.locator('#username').fill(APPOINTEE_LOGIN);
    await page.locator('#password').fill(E2E_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('phone-tabbar').waitFor();
    // A reminder's link opens 我的任职 on that duty: amber, one action short.
    await page.goto(
      `/my-duty?appointmentId=${appointmentId}&rule=${RULE}&period=${encodeURIComponent(`${termStart}/${termEnd}`)}`,
    );
    const duty = page.locator(`[data-duty="${appointmentId}:${RULE}"]`);
    await duty.waitFor();
    expect(await duty.locator('[data-status]').getAttribute('data-status')).toBe('at_risk');
    expect(await duty.innerText()).toContain('11/12');
    await expect
      .poll(() => page.getByTestId('my-duty-explanation').first().innerText())
      .toContain('尚差 1 次');
    // The summary on top of the page lists it among what needs doing: at risk, one short.
    const urgent = page.getByTestId('urgent-duty').filter({ hasText: '11/12' });
    await urgent.waitFor();
    expect(await urgent.getAttribute('data-status')).toBe('at_risk');
    await shot(page, 'compliance-phone-my-duties');
    await page.goto('/record');
    await page.locator('.gj-kind-grid').first().waitFor();
    await page.locator('.ant-radio-button-wrapper', { hasText: '先锋行动' }).click();
    await page.locator('.ant-radio-button-wrapper', { hasText: '家园共建' }).click();
    await formItem(page, '内容').locator('textarea').fill(MISSING_ACTION);
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.locator('.gj-log-item', { hasText: MISSING_ACTION });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('待确认');
    await shot(page, 'compliance-phone-recorded');
  });

  it('keeps it amber while the log waits, and turns it green once the community confirms it', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    // A reminder's link opens the board with that cell's drawer.
    await page.goto(
      `/compliance?appointmentId=${appointmentId}&rule=${RULE}&period=${encodeURIComponent(`${termStart}/${termEnd}`)}`,
    );
    const drawer = page.getByTestId('cell-drawer');
    await expect.poll(() => drawer.getByTestId('cell-explanation').innerText()).toContain('尚差 1 次');
    // A pending log does not count for a duty that needs the community's confirmation.
    expect(await drawer.locator('[data-testid=cell-records] .ant-table-row').count()).toBe(11);
    await page.locator('.ant-drawer-close').click();
    expect(await (await governanceCell(page)).getAttribute('data-status')).toBe('at_risk');

    // The drawer's link opens 工作纪实 on this appointee and this term: all twelve logs, pending one included.
    await (await governanceCell(page)).click();
    await drawer.getByRole('link', { name: '在工作纪实中查看' }).click();
    await page.waitForURL(/\/work-logs\?/);
    await page.locator('.ant-alert', { hasText: '仅显示' }).waitFor();
    await tableSettled(page);
    await expect
      .poll(() => page.locator('.gj-table-card .ant-pagination-total-text').innerText())
      .toBe('共 12 条');
    await shot(page, 'compliance-worklogs-linked');
    const log = row(page, MISSING_ACTION);
    await expect.poll(() => log.innerText()).toContain('待确认');
    await log.getByRole('button', { name: '确认' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认' }).click();
    await expect.poll(() => log.innerText()).toContain('已确认');

    await openMenu(page, '履职看板');
    const cell = await governanceCell(page);
    await expect.poll(() => cell.getAttribute('data-status')).toBe('met');
    expect(await cell.innerText()).toContain('已完成');
    expect(await cell.innerText()).toContain('12/12');
    await shot(page, 'compliance-board-green');
    await cell.click();
    await expect.poll(() => drawer.getByTestId('cell-explanation').innerText()).toContain('已记录 12 次');
    expect(await drawer.getByTestId('cell-missing').innerText()).toContain('无');
    expect(await drawer.getByTestId('cell-records').innerText()).toContain(MISSING_ACTION);
    await shot(page, 'compliance-drawer-green');
  });

  it('looks back at last week as it closed, and replays it as recorded then', async () => {
    const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const lastSunday = addDays(today, -weekday);
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await page.goto(`/compliance?type=week&at=${lastSunday}`);
    const cell = await governanceCell(page);
    await expect.poll(() => page.getByTestId('board-range').innerText()).toContain(`截至 ${lastSunday} 日终`);
    // The twelfth action happened this week: by the end of last week there were eleven.
    expect(await cell.innerText()).toContain('11/12');
    // The picked week reads as its dates (11月23日–11月29日), as cadres read weeks, never 2026-W48.
    const week = periodText(civilPeriodOf('week', lastSunday).key)['zh-CN'];
    expect(await page.locator('.gj-search input[placeholder="本期"]').inputValue()).toBe(week);
    // Replayed as recorded then: the appointment (and every log of this test) was entered today,
    // so last week's board had no row for this appointee at all.
    // The address changes in a transition: click, then wait for the board to say it replays.
    await page.getByRole('checkbox', { name: '按当时记录回放' }).click();
    await expect.poll(() => page.getByTestId('board-range').innerText()).toContain('回放当时状态');
    await tableSettled(page);
    await expect.poll(() => page.getByTestId(cellId()).count()).toBe(0);
    // …and the board says why: what was entered only later is left out of the replay.
    await expect
      .poll(() => page.getByTestId('replay-left-out').innerText())
      .toContain('回放不含当时之后才录入的');
    await shot(page, 'compliance-replay');
    await page.getByRole('button', { name: '本期' }).click();
    await expect.poll(() => page.getByTestId('board-range').innerText()).toContain('截至目前');
    await expect.poll(() => page.getByTestId(cellId()).innerText()).toContain('12/12');
  });

  it('shows a sending unit only the appointees it sent', async () => {
    const page = await desk.page();
    await signIn(page, 'unit_admin');
    await openMenu(page, '履职看板');
    await page.getByTestId('stat-appointees').locator('.ant-statistic-content').waitFor();
    await tableSettled(page);
    // 钟立新 was sent by the town government, not by this unit; no area or unit filter to pick.
    expect(await page.getByTestId(cellId()).count()).toBe(0);
    expect(await page.locator('.gj-search').innerText()).not.toContain('派出单位');
    await shot(page, 'compliance-unit');
  });

  it('renders the board in English', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await page.getByTestId('lang-switch').click();
    await page.locator('.ant-layout-sider .ant-menu-item', { hasText: 'Duty board' }).click();
    const cell = await governanceCell(page);
    await expect.poll(() => cell.innerText()).toContain('Met');
    expect(await page.locator('.ant-table-thead').first().innerText()).toContain(RULE_EN);
    await page.getByRole('img', { name: 'Duties by status' }).waitFor();
    await shot(page, 'compliance-en-board');
    await cell.click();
    await expect
      .poll(() => page.getByTestId('cell-explanation').innerText())
      .toContain('12 confirmed governance-service actions recorded');
    await shot(page, 'compliance-en');
  });
});
