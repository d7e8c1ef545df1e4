import { addDays, idNumberWithCheck, localDate } from '@gongjian/common';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, modal, row, shot, signIn, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD } from './fixture.ts';

/**
 * This file's own appointee, so nothing depends on what other files do to the fixture's member;
 * it is sent by 振华重工 but not on its staff, so the unit's member counts stay as other files expect.
 */
const TAG = Date.now().toString(36).slice(-5);
const APPOINTEE = `免责测试${TAG}`;
const USERNAME = `e2e-duty-${TAG}`;
const MONTHLY = '五个一：每月到村居工作一天';

/** Sign in with any account (the fixture's helper knows only the per-role ones). */
async function signInAs(page: Page, username: string) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(E2E_PASSWORD);
  await page.locator('button[type=submit]').click();
  // The desk's header, or the phone shell of members.
  await page.locator('[data-testid=scope-label], [data-testid=phone-tabbar]').first().waitFor();
}

/**
 * Pick an option of a select inside a form item by its visible text, and make sure it took: on a
 * busy runner a click can land while the drop-down is still sliding in.
 */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  const item = formItem(scope, label);
  for (let attempt = 0; attempt < 3; attempt++) {
    await item.locator('.ant-select').click();
    const dropdown = page.locator('.ant-select-dropdown:visible').last();
    await dropdown.waitFor();
    await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
    // The drop-down lives outside the form item, so the option's text there is the chosen value.
    if ((await item.innerText()).includes(option)) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`could not choose ${option} in ${label}`);
}

/** Type a date into an antd DatePicker inside a form item. */
async function typeDate(scope: Locator, label: string, day: string) {
  const input = formItem(scope, label).locator('input');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

/** The number on the header bell's badge (0 when there is none). */
/** The unread count on the phone shell's 消息 tab. */
async function tabCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('tab-inbox').getAttribute('data-unread')) ?? '0');
}

async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByTestId('bell').getAttribute('aria-label')) ?? '';
  return Number(/(\d+)/.exec(label)?.[1] ?? '0');
}

describe('履职规则, 请假免责 and the inbox', () => {
  const desk = useDesk();
  const today = localDate(new Date());

  beforeAll(async () => {
    // A member living in 潘园, with an account and a second-secretary post there, sent by 振华重工.
    const platform = new ApiClient(inject('baseUrl'));
    await platform.login(ACCOUNTS.platform_admin.username, E2E_PASSWORD);
    const { panyuanId } = inject('fixture');
    const units = await platform.call<{ data: { id: number }[] }>(
      'GET',
      `/units?q=${encodeURIComponent('上海振华重工长兴基地')}`,
    );
    const orgs = await platform.call<{ data: { id: number; name: string }[] }>(
      'GET',
      `/orgs?q=${encodeURIComponent('潘园社区党总支')}`,
    );
    const unitId = units.data[0]?.id;
    const orgId = orgs.data.find((o) => o.name === '潘园社区党总支')?.id;
    const serial = String(Math.floor(Math.random() * 900) + 100);
    const member = await platform.call<{ id: number }>('POST', '/members', {
      areaId: panyuanId,
      name: APPOINTEE,
      gender: 'male',
      idNumber: idNumberWithCheck(`31023019781111${serial}`),
      category: 'in_service',
    });
    await platform.call('POST', '/accounts', {
      username: USERNAME,
      displayName: APPOINTEE,
      role: 'member',
      password: E2E_PASSWORD,
      memberId: member.id,
    });
    const community = new ApiClient(inject('baseUrl'));
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const kinds = await community.call<{ data: { id: number; code: string }[] }>('GET', '/appointment-kinds');
    await community.call('POST', '/appointments', {
      kindId: kinds.data.find((k) => k.code === 'second_secretary')?.id,
      memberId: member.id,
      sendingUnitId: unitId,
      receivingOrgId: orgId,
      termStart: addDays(today, -30),
    });
  });

  it('lets the district admin publish a new version from a date and shows it in the history', async () => {
    const page = await desk.page();
    await signIn(page, 'district_admin');
    await page.goto('/duty-rules');
    const five = page.getByTestId('policy-second_secretary_five_ones');
    await five.waitFor();
    // Rules read as plain words, under the appointment kind whose policy they are.
    expect(await five.innerText()).toContain('第二书记');
    expect(await page.getByTestId('rule-text-ss_weekly_contact').innerText()).toContain(
      '每周 ≥1 次 联系社区',
    );
    expect(await page.getByTestId('rule-text-ss_monthly_onsite_day').innerText()).toContain('（已确认）');
    await shot(page, 'duty-rules');

    // A unit rule no appointee is judged by, so other files' boards are untouched.
    const units = page.getByTestId('policy-dual_reporting_unit');
    await row(units, 'dr_unit_yearly_projects').getByRole('button', { name: '新版本' }).click();
    const form = modal(page);
    await form.getByTestId('rule-preview').waitFor();
    expect(await form.getByTestId('rule-preview').innerText()).toContain('每年 ≥2 次 认领项目');
    // A date before the version in force is refused on the field, before anything is sent.
    await typeDate(form, '生效日期', '2019-06-01');
    await form.getByRole('button', { name: '发布' }).click();
    await expect
      .poll(() => formItem(form, '生效日期').innerText())
      .toContain('新版本的生效日期须晚于已有各版本的生效日期');
    await typeDate(form, '生效日期', '2027-01-01');
    await formItem(form, '至少次数').locator('input').fill('3');
    await expect.poll(() => form.getByTestId('rule-preview').innerText()).toContain('每年 ≥3 次 认领项目');
    await shot(page, 'duty-rule-version');
    await form.getByRole('button', { name: '发布' }).click();
    await form.waitFor({ state: 'hidden' });

    const history = page.getByTestId('rule-history');
    await history.waitFor();
    const text = await history.innerText();
    expect(text).toContain('v2');
    expect(text).toContain('2027-01-01 起');
    expect(text).toContain('每年 ≥3 次 认领项目');
    expect(text).toContain('2020-01-01 ~ 2026-12-31');
    expect(text).toContain('崇明区委组织部');
    await shot(page, 'duty-rule-history');
    await page.locator('.ant-drawer-close').click();
    expect(await row(units, 'dr_unit_yearly_projects').innerText()).toContain('v2 将于 2027-01-01 生效');
  });

  it('lets the district admin add a rule, with the server’s refusal shown on its field', async () => {
    const page = await desk.page();
    await signIn(page, 'district_admin');
    await page.goto('/duty-rules');
    await page.getByTestId('policy-dual_reporting_unit').waitFor();
    await page.getByRole('button', { name: '新增规则' }).click();
    const form = modal(page);
    await choose(page, form, '规则集', '双报到（单位）');
    // A code the district already uses: only the server knows, and says so on the field.
    await formItem(form, '规则编码').locator('input').fill('dr_unit_yearly_projects');
    await formItem(form, '规则名称（中文）').locator('input').fill('双报到：每半年一次座谈');
    await formItem(form, '规则名称（英文）')
      .locator('input')
      .fill('Dual reporting: a meeting every half year');
    await typeDate(form, '生效日期', '2027-01-01');
    await choose(page, form, '考核周期', '年');
    await choose(page, form, '计入的记录类型', '党建联建活动');
    await page.keyboard.press('Escape');
    await formItem(form, '至少次数').locator('input').fill('2');
    await formItem(form, '称谓（中文）').locator('input').fill('共建座谈');
    await formItem(form, '称谓（英文）').locator('input').fill('co-building meeting');
    await expect.poll(() => form.getByTestId('rule-preview').innerText()).toContain('每年 ≥2 次 共建座谈');
    await form.getByRole('button', { name: '新增规则' }).click();
    await expect.poll(() => formItem(form, '规则编码').innerText()).toContain('该值已被使用');
    await shot(page, 'duty-rule-create-refused');
    await formItem(form, '规则编码').locator('input').fill(`dr_unit_meeting_${TAG}`);
    await form.getByRole('button', { name: '新增规则' }).click();
    await form.waitFor({ state: 'hidden' });
    const history = page.getByTestId('rule-history');
    await expect.poll(() => history.innerText()).toContain('2027-01-01 起');
    await page.locator('.ant-drawer-close').click();
    const added = row(page.getByTestId('policy-dual_reporting_unit'), `dr_unit_meeting_${TAG}`);
    expect(await added.innerText()).toContain('每年 ≥2 次 共建座谈');
    expect(await added.innerText()).toContain('待生效');
  });

  it('shows the rules read-only to a street admin', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/duty-rules');
    await page.getByTestId('policy-second_secretary_five_ones').waitFor();
    await page.getByText('此处只读').waitFor();
    expect(await page.getByRole('button', { name: '新版本' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新增规则' }).count()).toBe(0);
    // The same rules read in English.
    await page.getByTestId('lang-switch').click();
    await expect
      .poll(() => page.getByTestId('rule-text-ss_weekly_contact').innerText())
      .toContain('Every week: at least 1 contact');
    await shot(page, 'duty-rules-en');
    await page.getByTestId('lang-switch').click();
  });

  it('lets the appointee ask for an exemption on a phone', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signInAs(page, USERNAME);
    // An appointee's phone opens on 我的任职.
    await page.waitForURL(/\/my-duty$/);
    const card = page.getByTestId('my-exemptions');
    await card.getByText('还没有免责申请').waitFor();
    await card.getByRole('button', { name: '申请免责' }).click();
    const drawer = page.locator('.ant-drawer', { hasText: '提交申请' });
    const form = drawer.getByTestId('exemption-form');
    await form.waitFor();
    await choose(page, form, '免除的职责', MONTHLY);
    // The current month is offered and picked.
    await expect.poll(() => formItem(form, '考核期').innerText()).toContain('本期');
    // "Other" must say what it is: refused on the note's field before anything is sent.
    await form.locator('.ant-radio-button-wrapper', { hasText: '其他' }).click();
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => formItem(form, '说明').innerText()).toContain('选择“其他”时请说明原因');
    await form.locator('.ant-radio-button-wrapper', { hasText: '病假' }).click();
    // Illness needs no note: the refusal goes with the choice that caused it.
    await expect.poll(() => formItem(form, '说明').innerText()).not.toContain('请说明原因');
    await formItem(form, '说明').locator('textarea').fill('住院治疗一周');
    await shot(page, 'phone-exemption-form');
    await form.getByRole('button', { name: '提交申请' }).click();
    await drawer.waitFor({ state: 'hidden' });
    const item = card.locator('.gj-exemption-item', { hasText: MONTHLY });
    await item.waitFor();
    expect(await item.innerText()).toContain('待审批');
    expect(await item.innerText()).toContain('病假：住院治疗一周');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-exemption-pending');
  });

  it('tells the community through the bell, and the community admin approves it on 请假免责', async () => {
    const page = await desk.page();
    await signIn(page, 'community_admin');
    await expect.poll(() => bellCount(page)).toBeGreaterThan(0);
    await page.getByTestId('bell').click();
    const panel = page.getByTestId('bell-panel');
    const notice = panel.getByTestId('bell-item').filter({ hasText: `免责申请待审批：${APPOINTEE}` });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('病假：住院治疗一周');
    await shot(page, 'bell-community');
    const before = await bellCount(page);
    await notice.click();
    // The notice opens the request itself on 请假免责, and counts as read.
    await page.waitForURL(/\/exemptions\?id=\d+$/);
    const detail = page.locator('.ant-drawer').getByTestId('exemption-detail');
    await detail.waitFor();
    expect(await detail.innerText()).toContain(APPOINTEE);
    expect(await detail.innerText()).toContain(MONTHLY);
    await expect.poll(() => bellCount(page)).toBe(before - 1);
    await shot(page, 'exemption-detail');
    await detail.getByRole('button', { name: '批准', exact: true }).click();
    const dialog = modal(page);
    await formItem(dialog, '审批意见（可选）').locator('textarea').fill('已核实住院证明');
    await dialog.getByRole('button', { name: '批准', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => detail.innerText()).toContain('已批准');
    expect(await detail.innerText()).toContain('已核实住院证明');
    await page.locator('.ant-drawer-close').click();
    await expect.poll(() => row(page, APPOINTEE).innerText()).toContain('已批准');
    expect(await row(page, APPOINTEE).innerText()).toContain('病假');
    // Counted by why: the list filtered to illness holds it, filtered to leave does not.
    await choose(page, page.locator('.gj-search'), '原因', '病假');
    await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
    await row(page, APPOINTEE).waitFor();
    await choose(page, page.locator('.gj-search'), '原因', '请假');
    await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
    await expect.poll(() => row(page, APPOINTEE).count()).toBe(0);
    await page.getByTestId('exemption-ring-kind').locator('canvas').waitFor();
    await shot(page, 'exemptions');

    // Opening it marked it read (other files' notices may fill the inbox's first page, so ask the API).
    const api = new ApiClient(inject('baseUrl'));
    await api.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    const inbox = await api.call<{ data: { title: { 'zh-CN': string }; readAt: string | null }[] }>(
      'GET',
      '/notifications?pageSize=200',
    );
    const opened = inbox.data.find((n) => n.title['zh-CN'] === `免责申请待审批：${APPOINTEE}`);
    expect(opened?.readAt).toEqual(expect.any(String));
    await page.getByTestId('bell').click();
    await page.getByTestId('bell-all').click();
    await page.waitForURL(/\/inbox$/);
    await page.getByTestId('inbox-item').first().waitFor();
    await shot(page, 'inbox-community');
  });

  it('tells the appointee the decision on the phone, and marks it read', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signInAs(page, USERNAME);
    // The phone has no bell: the 消息 tab carries the unread count.
    await expect.poll(() => tabCount(page)).toBeGreaterThan(0);
    await shot(page, 'phone-bell');
    await page.getByTestId('tab-inbox').click();
    await page.waitForURL(/\/inbox$/);
    const item = page.getByTestId('inbox-item').filter({ hasText: '免责申请已批准' });
    await page.getByTestId('inbox-item').first().waitFor();
    await shot(page, 'phone-inbox');
    expect(await item.getAttribute('data-unread')).toBe('true');
    expect(await item.innerText()).toContain('张海燕批准了');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('read-all').click();
    await expect.poll(() => item.getAttribute('data-unread')).toBe('false');
    await expect.poll(() => tabCount(page)).toBe(0);
    await shot(page, 'phone-inbox-read');

    // The request itself now reads approved on 我的任职.
    await item.getByText(`免责申请已批准：${MONTHLY}`).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.getByTestId('my-exemptions').locator('.gj-exemption-item', { hasText: MONTHLY });
    await expect.poll(() => mine.innerText()).toContain('已批准');
  });
});
