import { describe, expect, it } from 'vitest';
import { menuLabels, shot, signIn, useDesk } from './browser.ts';
import { ACCOUNTS, type E2eRole } from './fixture.ts';

const ADMIN_MENU = [
  '首页',
  '行政区划',
  '党组织',
  '驻区单位',
  '党员',
  '居民',
  '任职管理',
  '选派批次',
  '工作方案',
  '工作纪实',
  '履职看板',
  '包保责任',
  '履职规则',
  '请假免责',
  '任职类型',
  '字典',
  '账号',
  '审计日志',
];

const EXPECTED: Record<E2eRole, string[]> = {
  platform_admin: ADMIN_MENU,
  district_admin: ADMIN_MENU,
  street_admin: ADMIN_MENU,
  community_admin: ADMIN_MENU,
  unit_admin: ['首页', '党组织', '本单位', '党员', '任职管理', '工作纪实', '履职看板', '请假免责'],
  member: ['我的', '我的任职', '记一笔'],
  resident: ['我的'],
};

describe('signing in as each role', () => {
  const desk = useDesk();

  it('shows the login page in Chinese and refuses a wrong password with the server message', async () => {
    const page = await desk.page();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await shot(page, 'login');
    await page.locator('#username').fill(ACCOUNTS.street_admin.username);
    await page.locator('#password').fill('wrong-password-1');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.ant-alert').innerText()).toContain('用户名或密码错误');
  });

  for (const role of Object.keys(EXPECTED) as E2eRole[]) {
    it(`${role} sees only its own menu and its scope label`, async () => {
      const page = await desk.page();
      await signIn(page, role);
      expect(await menuLabels(page)).toEqual(EXPECTED[role]);
      expect((await page.getByTestId('scope-label').innerText()).trim()).toBe(ACCOUNTS[role].scope);
      // Landing page: the home dashboard, or "我的" for members and residents.
      if (role === 'member' || role === 'resident') {
        await page.waitForURL(/\/me$/);
        await page.getByText('我的档案').waitFor();
      } else {
        await page.locator('.ant-statistic').first().waitFor();
        await page.waitForFunction(
          () => !document.querySelector('.ant-skeleton, .ant-statistic-content .ant-skeleton'),
        );
      }
      await shot(page, `home-${role}`);
    });
  }

  it('keeps a role out of pages it may not open, even by typing the address', async () => {
    const page = await desk.page();
    await signIn(page, 'unit_admin');
    await page.goto('/accounts');
    await page.getByText('页面不存在').waitFor();
    expect(await menuLabels(page)).not.toContain('账号');
  });
});
