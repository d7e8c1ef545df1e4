import { addDays, localDate } from '@gongjian/common';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, shot, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, idNumber } from './fixture.ts';

/** This file's own appointee, so it does not depend on what other files did to 刘建华. */
const APPOINTEE = { username: 'e2e-record-member', name: '许文博' };
const CONTACTED = '马晓东';
const TO_CONTACT = '曹雪';
const TWO_NEW = '长兴智造科技有限公司';
const SCHOOL = '长兴镇中心小学';

interface Page1<T> {
  data: T[];
}
type Named = { id: number; name: string };

/** Sign in as this file's appointee and wait for the header. */
async function signInAppointee(page: Page) {
  await page.goto('/login');
  await page.locator('#username').fill(APPOINTEE.username);
  await page.locator('#password').fill(E2E_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('phone-tabbar').waitFor();
}

/** Open 记一笔 and choose a kind of log. */
async function recordKind(page: Page, kind: string) {
  await page.goto('/record');
  await page.locator('.gj-kind-grid').first().waitFor();
  await page.locator('.ant-radio-button-wrapper', { hasText: kind }).click();
}

/** The open picker sheet. */
const sheet = (page: Page) => page.locator('.ant-drawer-content-wrapper:visible');

describe('记一笔 on a phone: picking the employee and the unit from the appointment’s lists', () => {
  const desk = useDesk();

  beforeAll(async () => {
    const { panyuanId } = inject('fixture');
    const district = new ApiClient(inject('baseUrl'));
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    const find = async (path: string) => {
      const r = await district.call<Page1<Named>>('GET', path);
      if (!r.data[0]) throw new Error(`nothing at ${path}`);
      return r.data[0].id;
    };
    const zpmc = await find(`/units?q=${encodeURIComponent('振华重工')}`);
    const branch = await find(`/orgs?q=${encodeURIComponent('潘园社区党总支')}`);
    const compound = await find(`/areas?level=compound&q=${encodeURIComponent('潘园一村')}`);
    const building = await find(`/areas?level=building&within=${compound}`);
    const kinds = await district.call<Page1<{ id: number; code: string }>>('GET', '/appointment-kinds');
    const second = kinds.data.find((k) => k.code === 'second_secretary');

    const member = (name: string, areaId: number, birth: string, phone: string) =>
      district.call<Named>('POST', '/members', {
        areaId,
        name,
        gender: 'male',
        idNumber: idNumber(birth),
        phone,
        category: 'in_service',
        unitId: zpmc,
      });
    const appointee = await member(APPOINTEE.name, compound, '19830419', '13761230001');
    const contacted = await member(CONTACTED, building, '19900211', '13761230002');
    await member(TO_CONTACT, panyuanId, '19870925', '13761235678');
    await district.call('POST', '/units', { areaId: panyuanId, name: TWO_NEW, type: 'two_new_firm' });

    const community = new ApiClient(inject('baseUrl'));
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const appointment = await community.call<Named>('POST', '/appointments', {
      kindId: second?.id,
      memberId: appointee.id,
      sendingUnitId: zpmc,
      receivingOrgId: branch,
      termStart: addDays(localDate(new Date()), -30),
    });

    const platform = new ApiClient(inject('baseUrl'));
    await platform.login(ACCOUNTS.platform_admin.username, E2E_PASSWORD);
    await platform.call('POST', '/accounts', {
      username: APPOINTEE.username,
      displayName: APPOINTEE.name,
      role: 'member',
      memberId: appointee.id,
      password: E2E_PASSWORD,
    });
    // One employee was already contacted this quarter: the picker marks them and lists them last.
    const me = new ApiClient(inject('baseUrl'));
    await me.login(APPOINTEE.username, E2E_PASSWORD);
    await me.call('POST', '/work-logs', {
      appointmentId: appointment.id,
      kind: 'employee_contact',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      subjectMemberId: contacted.id,
      content: '电话了解职工近况',
    });
  });

  it('records an employee contact picked from the sending unit’s employees', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signInAppointee(page);
    await recordKind(page, '联系职工');
    await page.getByTestId('pick-employee').click();
    const list = page.getByTestId('pick-employee-list');
    await list.waitFor();
    const rows = list.locator('.gj-pick-item');
    // Not yet contacted first; the one already contacted is marked and last; phones masked.
    await expect.poll(() => rows.last().innerText()).toContain(CONTACTED);
    expect(await rows.last().innerText()).toContain('本季度已联系');
    expect(await rows.first().innerText()).toContain('本季度未联系');
    expect(await list.innerText()).not.toContain(APPOINTEE.name);
    const all = await list.innerText();
    expect(all).toContain('137****5678');
    expect(all).not.toContain('13761235678');
    await shot(page, 'record-employee-picker');

    await page.getByTestId('pick-employee-search').fill('曹');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await sheet(page).waitFor({ state: 'hidden' });
    expect(await page.getByTestId('pick-employee').innerText()).toContain(TO_CONTACT);
    await formItem(page, '内容').locator('textarea').fill('上门了解职工家庭困难，协调社区帮扶');
    await shot(page, 'record-employee-picked');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.locator('.gj-log-item', { hasText: TO_CONTACT });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('联系职工');
    expect(await mine.innerText()).toContain('待确认');

    // Back in the picker, the employee just contacted is marked too.
    await recordKind(page, '联系职工');
    await page.getByTestId('pick-employee').click();
    const marked = page.getByTestId('pick-employee-list').locator('.gj-pick-item', { hasText: TO_CONTACT });
    await expect.poll(() => marked.innerText()).toContain('本季度已联系');
    await shot(page, 'record-employee-contacted');
  });

  it('records a unit visit picked from the community’s units, with the demands taken', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signInAppointee(page);
    await recordKind(page, '走访');

    // Two-new organisations first: only they are offered.
    await page.locator('.ant-radio-button-wrapper', { hasText: '两新组织' }).click();
    await page.getByTestId('pick-target').click();
    const list = page.getByTestId('pick-target-list');
    await expect.poll(() => list.innerText()).toContain(TWO_NEW);
    expect(await list.innerText()).toContain('绿洲志愿者协会');
    expect(await list.innerText()).not.toContain(SCHOOL);
    await shot(page, 'record-two-new-picker');
    await list.locator('.gj-pick-item', { hasText: TWO_NEW }).click();
    await sheet(page).waitFor({ state: 'hidden' });
    expect(await page.getByTestId('pick-target').innerText()).toContain(TWO_NEW);

    // Switching to a unit visit clears the pick and offers the other units.
    await page.locator('.ant-radio-button-wrapper', { hasText: '驻区单位' }).click();
    await expect.poll(() => page.getByTestId('pick-target').innerText()).toContain('选择走访的单位');
    await page.getByTestId('pick-target').click();
    await expect.poll(() => list.innerText()).toContain(SCHOOL);
    expect(await list.innerText()).not.toContain(TWO_NEW);
    await list.locator('.gj-pick-item', { hasText: SCHOOL }).click();
    await sheet(page).waitFor({ state: 'hidden' });

    await formItem(page, '收集的需求').locator('.ant-select').click();
    for (const demand of ['咨询', '培训'])
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: demand }).click();
    await page.keyboard.press('Escape');
    await formItem(page, '问了什么（五必问）').locator('textarea').fill('学生课后托管有困难');
    await formItem(page, '内容').locator('textarea').fill('走访中心小学，商议课后托管志愿服务');
    await page.getByTestId('pick-target').scrollIntoViewIfNeeded();
    await shot(page, 'record-unit-visit');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.locator('.gj-log-item', { hasText: SCHOOL });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('走访');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'record-my-duty');
    // The log names the unit as a unit visit and carries the demands picked.
    const me = new ApiClient(inject('baseUrl'));
    await me.login(APPOINTEE.username, E2E_PASSWORD);
    const logs = await me.call<Page1<Record<string, unknown>>>('GET', '/work-logs?kind=visit');
    expect(logs.data.find((l) => l.targetUnitName === SCHOOL)).toMatchObject({
      targetType: 'unit',
      demandCategories: ['consulting', 'training'],
    });
  });
});
