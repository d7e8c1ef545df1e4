import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formItem, shot, useDesk } from './browser.ts';
import { ACCOUNTS, ApiClient, E2E_PASSWORD } from './fixture.ts';

/**
 * 我的 on a phone (390×844): changing one's own password follows the one password rule of
 * common (`passwordIssue`), with the messages the desk's account form shows, one per failure.
 * A resident account of its own, so the fixture's sign-ins keep their password.
 */
const USERNAME = `e2e-phone-${Math.floor(Math.random() * 90_000) + 10_000}`;
const NEW_PASSWORD = 'Qingshui2027';

async function signInAs(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('scope-label').waitFor();
}

describe('我的: one’s own password on a phone', () => {
  const desk = useDesk();

  beforeAll(async () => {
    const platform = new ApiClient(inject('baseUrl'));
    await platform.login(ACCOUNTS.platform_admin.username, E2E_PASSWORD);
    const residents = await platform.call<{ data: { id: number }[] }>('GET', '/residents?pageSize=1');
    const residentId = residents.data[0]?.id;
    if (!residentId) throw new Error('the fixture has no resident');
    await platform.call('POST', '/accounts', {
      username: USERNAME,
      displayName: '手机改密',
      password: E2E_PASSWORD,
      role: 'resident',
      residentId,
    });
  });

  it('refuses a weak new password with the shared rule’s message, then changes it', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    await signInAs(page, USERNAME, E2E_PASSWORD);
    await page.goto('/me');
    const form = page.locator('.ant-card', { hasText: '修改密码' });
    await form.waitFor();
    const current = formItem(form, '当前密码');
    const fresh = formItem(form, '新密码');
    const errors = fresh.locator('.ant-form-item-explain-error');
    await current.locator('input').fill(E2E_PASSWORD);
    const refused = async (password: string, message: string) => {
      await fresh.locator('input').fill(password);
      await form.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => errors.allInnerTexts()).toEqual([message]);
    };
    // Each reason of common's rule, worded as in the catalogue, said once (not once per rule).
    await refused('short1', '密码至少 10 位');
    await refused('aaaaabbbbb1', '密码中不同的字符太少（不计空格，至少 5 种）');
    await refused('abcdefghijk', '密码须同时包含字母和数字');
    await refused('password12', '这是常用密码，很容易被猜中，请换一个');
    // The username is known here, so the rule that needs it applies before anything is sent.
    await refused(`${USERNAME}x9`, '密码不能包含用户名（含倒写），也不能是用户名的一部分');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-me-password-refused');

    await fresh.locator('input').fill(NEW_PASSWORD);
    await expect.poll(() => errors.count()).toBe(0);
    await form.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-message', { hasText: '密码已修改' }).waitFor();
    await shot(page, 'phone-me-password-changed');
    // The new password is the one that signs in now.
    const check = new ApiClient(inject('baseUrl'));
    await check.login(USERNAME, NEW_PASSWORD);
    await expect(new ApiClient(inject('baseUrl')).login(USERNAME, E2E_PASSWORD)).rejects.toThrow(/401/);
  });
});
