import { addDays, localDate } from '@gongjian/common';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, shot, signIn, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD, firstId, idNumber } from './fixture.ts';

/*
 * The portal's phone shell at 390×844 (an iPhone 12–15): members, residents and appointees get a
 * title bar and a bottom tab bar instead of the desk's menu, land on what matters to them, and
 * work with thumb-sized targets. This file makes its own plain member and appointee, so it does not
 * depend on what other files did to the fixture's 刘建华.
 */

const PLAIN = { username: 'e2e-phone-member', name: '顾晓岚' };
const APPOINTEE = { username: 'e2e-phone-appointee', name: '沈卫东' };
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR42mPYrKZLFcQwatCoQaMGjRo0atCoQQNvEADclk2fEGxUOQAAAABJRU5ErkJggg==',
  'base64',
);
const PHONE = { width: 390, height: 844 };

async function signInAs(page: Page, username: string) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(E2E_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('phone-tabbar').waitFor();
}

/** The tab bar's labels, left to right, and the one lit. */
async function tabs(page: Page) {
  const bar = page.getByTestId('phone-tabbar');
  await bar.locator('.adm-tab-bar-item').first().waitFor();
  return {
    labels: (await bar.locator('.adm-tab-bar-item-title').allInnerTexts()).map((s) => s.trim()),
    active: (await bar.locator('.adm-tab-bar-item-active .adm-tab-bar-item-title').innerText()).trim(),
  };
}

/** Nothing spills sideways, and no column is squeezed to a few characters. */
async function fitsThePhone(page: Page, column = '.gj-shell-body') {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const body = await page.locator(column).boundingBox();
  expect(body?.width ?? 0).toBeGreaterThanOrEqual(360);
}

describe('the phone shell of members, residents and appointees', () => {
  const desk = useDesk();

  beforeAll(async () => {
    const { panyuanId } = inject('fixture');
    const district = new ApiClient(inject('baseUrl'));
    await district.login(ACCOUNTS.district_admin.username, E2E_PASSWORD);
    const zpmc = await firstId(district, `/units?q=${encodeURIComponent('振华重工')}`);
    const branch = await firstId(district, `/orgs?q=${encodeURIComponent('潘园社区党总支')}`);
    const kinds = await district.call<{ data: { id: number; code: string }[] }>('GET', '/appointment-kinds');
    const second = kinds.data.find((k) => k.code === 'second_secretary');
    const member = (name: string, birth: string, phone: string) =>
      district.call<{ id: number }>('POST', '/members', {
        areaId: panyuanId,
        name,
        gender: 'female',
        idNumber: idNumber(birth),
        phone,
        category: 'in_service',
        unitId: zpmc,
      });
    const plain = await member(PLAIN.name, '19910517', '13761239001');
    const appointee = await member(APPOINTEE.name, '19790826', '13761239002');
    const community = new ApiClient(inject('baseUrl'));
    await community.login(ACCOUNTS.community_admin.username, E2E_PASSWORD);
    await community.call('POST', '/appointments', {
      kindId: second?.id,
      memberId: appointee.id,
      sendingUnitId: zpmc,
      receivingOrgId: branch,
      termStart: addDays(localDate(new Date()), -40),
    });
    const platform = new ApiClient(inject('baseUrl'));
    await platform.login(ACCOUNTS.platform_admin.username, E2E_PASSWORD);
    for (const [who, id] of [
      [PLAIN, plain.id],
      [APPOINTEE, appointee.id],
    ] as const)
      await platform.call('POST', '/accounts', {
        username: who.username,
        displayName: who.name,
        role: 'member',
        memberId: id,
        password: E2E_PASSWORD,
      });
  });

  it('signs in on the light phone login: a required field’s error goes once filled, the server refuses a wrong password', async () => {
    const page = await desk.page(PHONE);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    expect(await page.locator('.ant-card').count()).toBe(0);
    await page.locator('button[type=submit]').click();
    const username = page.locator('.gj-login-field', { has: page.locator('#username') });
    await expect.poll(() => username.innerText()).toContain('必填');
    await shot(page, 'phone-login-required');
    await page.locator('#username').fill(ACCOUNTS.resident.username);
    await expect.poll(() => username.innerText()).not.toContain('必填');
    await page.locator('#password').fill('wrong-password-1');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('用户名或密码错误');
    const submit = await page.locator('button[type=submit]').boundingBox();
    expect(submit?.height ?? 0).toBeGreaterThanOrEqual(44);
    await fitsThePhone(page, '.gj-phone-login');
    await shot(page, 'phone-login-refused');
  });

  it('lands a resident on 首页 with 首页 · 消息 · 我的, and the tabs switch pages', async () => {
    const page = await desk.page(PHONE);
    await signIn(page, 'resident');
    await page.getByTestId('portal-home').waitFor();
    expect(page.url()).toMatch(/\/$/);
    expect(await tabs(page)).toEqual({ labels: ['首页', '消息', '我的'], active: '首页' });
    expect((await page.getByTestId('page-title').innerText()).trim()).toBe('首页');
    expect((await page.getByTestId('scope-label').innerText()).trim()).toBe(ACCOUNTS.resident.scope);
    // 待办 from the same catalogue as the desk's home: nothing waits for a resident yet.
    await expect.poll(() => page.getByTestId('phone-todos').innerText()).toContain('暂无待办');
    // No desk frame: no sider, no ☰.
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    expect(await page.getByTestId('phone-menu').count()).toBe(0);
    await fitsThePhone(page);
    await shot(page, 'phone-resident-home');

    await page.getByTestId('tab-me').click();
    await page.waitForURL(/\/me$/);
    // The home page stays up while 我的 loads (a transition), so wait for 我的 itself.
    await page.locator('.ant-card', { hasText: '我的档案' }).waitFor();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('我的');
    expect((await tabs(page)).active).toBe('我的');
    // Sign-out is on 我的, big enough for a thumb.
    const out = await page.getByTestId('sign-out').boundingBox();
    expect(out?.height ?? 0).toBeGreaterThanOrEqual(44);
    await fitsThePhone(page);
    await shot(page, 'phone-resident-me');

    await page.getByTestId('tab-inbox').click();
    await page.waitForURL(/\/inbox$/);
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('消息');
    await page.getByTestId('inbox-item').or(page.getByText('暂无消息')).first().waitFor();
    await fitsThePhone(page);
    await shot(page, 'phone-resident-inbox');

    await page.getByTestId('tab-me').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
  });

  it('lands a plain member on 首页, and a desk page is still 无权访问', async () => {
    const page = await desk.page(PHONE);
    await signInAs(page, PLAIN.username);
    await page.getByTestId('portal-home').waitFor();
    expect(await tabs(page)).toEqual({ labels: ['首页', '消息', '我的'], active: '首页' });
    // Every tab is a large target.
    for (const box of await page
      .locator('.adm-tab-bar-item')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(box).toBeGreaterThanOrEqual(44);
    await shot(page, 'phone-member-home');
    await page.goto('/members');
    await page.getByTestId('page-forbidden').waitFor();
    expect((await page.getByTestId('page-title').innerText()).trim()).toBe('无权访问');
    expect(await page.getByTestId('page-forbidden').innerText()).toContain('无权打开「党员」页面');
    await fitsThePhone(page);
    await shot(page, 'phone-member-forbidden');
  });

  it('lands an appointee on 我的任职 with what needs doing first, and records with a photo', async () => {
    const page = await desk.page(PHONE);
    await signInAs(page, APPOINTEE.username);
    await page.waitForURL(/\/my-duty$/);
    expect(await tabs(page)).toEqual({ labels: ['我的任职', '记一笔', '消息', '我的'], active: '我的任职' });
    // The summary of missed and at-risk duties comes before the posts and the full list.
    const urgent = page.getByTestId('urgent-duties');
    await urgent.waitFor();
    await page.getByTestId('my-duties').waitFor();
    const order = await page.evaluate(() => {
      const u = document.querySelector('[data-testid=urgent-duties]');
      const d = document.querySelector('[data-testid=my-duties]');
      return u && d ? u.compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    const statuses = await urgent
      .getByTestId('urgent-duty')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    // Worst first: every missed one before any at-risk one.
    expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === 'missed' ? -1 : 1)));
    await fitsThePhone(page);
    await shot(page, 'phone-appointee-duties');

    await page.getByTestId('tab-record').click();
    await page.waitForURL(/\/record$/);
    await page.locator('.gj-kind-grid').first().waitFor();
    expect((await tabs(page)).active).toBe('记一笔');
    // Thumb-sized controls: every button, input and choice of the form is at least 44 px tall.
    const heights = await page
      .locator('.gj-shell-body')
      .locator(
        'button:visible, input:not([type=file]):visible, .ant-select:visible, .ant-radio-button-wrapper:visible',
      )
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
    expect(heights.length).toBeGreaterThan(5);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
    // Submitting without the content says so on the field; filling it clears the error.
    await page.getByRole('button', { name: '提交' }).click();
    const content = formItem(page, '内容');
    await expect.poll(() => content.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await shot(page, 'phone-record-error');
    await content.locator('textarea').fill('入户走访独居老人，了解冬季取暖情况');
    await expect.poll(() => content.locator('.ant-form-item-explain-error').count()).toBe(0);
    // The photo card opens the camera (capture) rather than the file browser.
    const camera = page.locator('input[type=file][capture=environment]');
    expect(await camera.getAttribute('accept')).toBe('image/*');
    await camera.setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list-item').first().waitFor();
    await fitsThePhone(page);
    await shot(page, 'phone-record-photo');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/my-duty$/);
    const mine = page.locator('.gj-log-item', { hasText: '入户走访独居老人' });
    await mine.waitFor();
    await mine.locator('.ant-image img').waitFor();
    await shot(page, 'phone-appointee-recorded');
  });

  it('switches to English and back from the title bar', async () => {
    const page = await desk.page(PHONE);
    await signInAs(page, APPOINTEE.username);
    await page.waitForURL(/\/my-duty$/);
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await tabs(page)).labels).toEqual(['My posts', 'Record', 'Inbox', 'Me']);
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('My posts');
    await expect.poll(() => page.title()).toBe('My posts - Gongjian');
    await page.getByTestId('urgent-duties').getByText('Needs attention').waitFor();
    await page.getByTestId('tab-me').click();
    await page.getByText('Sign out').waitFor();
    await fitsThePhone(page);
    await shot(page, 'phone-en-me');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('我的');
  });
});
