import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { menuLabels, menuTree, openMenu, pageTitle, shot, signIn, tableSettled, useDesk } from './browser.ts';
import { ACCOUNTS, type E2eRole } from './fixture.ts';

type Menu = { group: string | null; items: string[] }[];

/** What each role's menu held before it was grouped, entry for entry: the groups must not lose one. */
const ADMIN_MENU: Menu = [
  { group: null, items: ['首页'] },
  {
    group: '日常工作',
    items: ['任职管理', '选派批次', '工作方案', '工作纪实', '履职看板', '请假免责', '包保责任'],
  },
  { group: '基础台账', items: ['行政区划', '党组织', '驻区单位', '党员', '居民'] },
  { group: '系统管理', items: ['任职类型', '履职规则', '字典', '账号', '审计日志'] },
];

const EXPECTED: Record<E2eRole, Menu> = {
  platform_admin: ADMIN_MENU,
  district_admin: ADMIN_MENU,
  street_admin: ADMIN_MENU,
  community_admin: ADMIN_MENU,
  unit_admin: [
    { group: null, items: ['首页'] },
    { group: '日常工作', items: ['任职管理', '工作纪实', '履职看板', '请假免责'] },
    { group: '基础台账', items: ['本单位', '党组织', '党员'] },
  ],
  // Members and residents have no desk menu: the phone shell's tabs (PHONE_TABS).
  member: [],
  resident: [],
};

/** The home page's figures (counts, then charts), by role: what the desk home showed before. */
const ADMIN_FIGURES = [
  'figure-areas.count',
  'figure-orgs.count',
  'figure-units.count',
  'figure-members.count',
  'figure-residents.count',
  'figure-accounts.count',
  'figure-members.byCategory',
  'figure-units.byType',
  'figure-areas.byLevel',
];
const HOME_FIGURES: Record<E2eRole, string[]> = {
  platform_admin: ADMIN_FIGURES,
  district_admin: ADMIN_FIGURES,
  street_admin: ADMIN_FIGURES,
  community_admin: ADMIN_FIGURES,
  unit_admin: ['figure-orgs.count', 'figure-members.count', 'figure-members.byCategory'],
  member: [],
  resident: [],
};

/** The number in the (first) table card's "共 n 条". */
async function listTotal(page: Page): Promise<number> {
  await tableSettled(page);
  const text = await page.locator('.ant-pagination-total-text').first().innerText();
  return Number(/[\d,]+/.exec(text)?.[0]?.replace(/,/g, '') ?? Number.NaN);
}

/**
 * The phone shell's tabs: a plain member's or resident's, or an appointee's (刘建华 is appointed
 * by selection.test.ts, which may have run first). e2e/phone.test.ts tests the shell at 390×844.
 */
const PLAIN_TABS = ['首页', '消息', '我的'];
const APPOINTEE_TABS = ['我的任职', '记一笔', '消息', '我的'];
const portal = (role: E2eRole) => role === 'member' || role === 'resident';

async function tabLabels(page: Page): Promise<string[]> {
  const bar = page.getByTestId('phone-tabbar');
  await bar.locator('.adm-tab-bar-item-title').first().waitFor();
  return (await bar.locator('.adm-tab-bar-item-title').allInnerTexts()).map((s) => s.trim());
}

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
      if (portal(role)) {
        // The phone shell at any width: tabs at the bottom, no desk sider.
        const tabs = await tabLabels(page);
        expect(role === 'resident' ? [PLAIN_TABS] : [PLAIN_TABS, APPOINTEE_TABS]).toContainEqual(tabs);
        expect(await page.locator('.ant-layout-sider').count()).toBe(0);
        const landing = tabs[0] ?? '';
        expect(await pageTitle(page)).toEqual({ header: landing, tab: `${landing} - 共建` });
        await shot(page, `menu-${role}`);
        await page.getByTestId('tab-me').click();
        await page.waitForURL(/\/me$/);
        await page.locator('.ant-card', { hasText: '我的档案' }).waitFor();
        expect(await page.locator('.ant-card', { hasText: '我的账号' }).innerText()).toContain(
          ACCOUNTS[role].scope,
        );
        await shot(page, `home-${role}`);
        return;
      }
      // The landing page's title is in the header and the browser tab.
      expect(await pageTitle(page)).toEqual({ header: '首页', tab: '首页 - 共建' });
      await shot(page, `menu-${role}`);
      expect(await menuTree(page)).toEqual(EXPECTED[role]);
      expect((await page.getByTestId('scope-label').innerText()).trim()).toBe(ACCOUNTS[role].scope);
      // Landing page: the home dashboard, its counts and charts read from the figure catalogue.
      await page.locator('.ant-statistic').first().waitFor();
      await page.waitForFunction(
        () => !document.querySelector('.ant-skeleton, .ant-statistic-content .ant-skeleton'),
      );
      const figures = await page
        .locator('[data-testid^="figure-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
      expect(figures.filter((f) => !/^figure-[^-]+-/.test(f ?? ''))).toEqual(HOME_FIGURES[role]);
      await shot(page, `home-${role}`);
    });
  }

  it('street_admin: each home figure opens its list, filtered, with the same total', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    const home = async () => {
      await page.goto('/');
      await page.waitForFunction(() => !document.querySelector('.ant-skeleton'));
    };
    await home();

    // A number: the whole list.
    const count = page.getByTestId('figure-members.count');
    await count.locator('.ant-statistic-content-value').waitFor();
    const members = Number(
      (await count.locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''),
    );
    expect(members).toBeGreaterThan(0);
    await count.click();
    await page.waitForURL(/\/members$/);
    expect(await listTotal(page)).toBe(members);

    // A chart's rows: each opens the list under the row's own filter, shown in the search form.
    for (const { code, url, list } of [
      { code: 'members.byCategory', url: /\/members\?category=/, list: '党员' },
      { code: 'units.byType', url: /\/units\?type=/, list: '驻区单位' },
      { code: 'areas.byLevel', url: /\/areas\?level=/, list: '符合条件的区划节点' },
    ]) {
      await home();
      const rows = page.locator(`[data-testid^="figure-${code}-"]`);
      await rows.first().waitFor();
      expect(await rows.count(), code).toBeGreaterThan(1);
      const link = rows.nth(1);
      const value = Number((await link.innerText()).replace(/\D/g, ''));
      const name = (await link.locator('xpath=ancestor::tr/td[1]').innerText()).trim();
      await link.click();
      await page.waitForURL(url);
      expect(await listTotal(page), `${code} ${name}`).toBe(value);
      expect(await page.locator('.gj-search').first().innerText(), code).toContain(name);
      expect(await page.locator('.ant-card-head-title', { hasText: list }).count()).toBeGreaterThan(0);
      await shot(page, `home-drill-${code}`);
    }
  });

  it('member: every tab opens its page under its own title', async () => {
    const page = await desk.page();
    await signIn(page, 'member');
    for (const label of await tabLabels(page)) {
      await page
        .getByTestId('phone-tabbar')
        .locator('.adm-tab-bar-item', { hasText: new RegExp(`^\\s*${label}\\s*$`) })
        .click();
      await expect.poll(() => page.title()).toBe(`${label} - 共建`);
      await expect.poll(() => page.getByTestId('page-title').innerText()).toBe(label);
      expect(await page.locator('.adm-tab-bar-item-active').innerText()).toContain(label);
      // A page that failed to load would show the error boundary or a blank content area.
      await page.locator('.gj-shell-body > *').first().waitFor();
    }
  });

  // Every entry of the menu opens its page, titled after the entry (header and tab). Street admins
  // share the admin menu with the district and platform; the unit admin and member have their own.
  for (const role of ['street_admin', 'unit_admin'] as const) {
    it(`${role}: every menu entry opens its page under its own title`, async () => {
      const page = await desk.page();
      await signIn(page, role);
      for (const label of EXPECTED[role].flatMap((g) => g.items)) {
        await openMenu(page, label);
        await expect.poll(() => page.title()).toBe(`${label} - 共建`);
        expect((await page.getByTestId('page-title').innerText()).trim()).toBe(label);
        expect(await page.locator('.ant-layout-sider .ant-menu-item-selected').innerText()).toBe(label);
        // A page that failed to load would show the error boundary or a blank content area.
        await page.locator('.gj-content > *').first().waitFor();
      }
      if (role === 'street_admin') {
        await openMenu(page, '选派批次');
        await page.getByTestId('page-title').waitFor();
        await shot(page, 'title-batches');
      }
    });
  }

  // A known page the role may not use says 无权访问 and for whom it is; an unknown address says
  // 页面不存在. Both are titled, and both lead home.
  for (const { role, forbidden, forbiddenLabel, roles, home } of [
    {
      role: 'unit_admin',
      forbidden: '/accounts',
      forbiddenLabel: '账号',
      roles: '平台管理员、区管理员、街道管理员、社区书记',
      home: '首页',
    },
    {
      role: 'member',
      forbidden: '/members',
      forbiddenLabel: '党员',
      roles: '平台管理员、区管理员、街道管理员、社区书记、单位管理员',
      home: null,
    },
  ] as const) {
    it(`${role}: a page it may not use is 无权访问 (403), an unknown one 页面不存在 (404)`, async () => {
      const page = await desk.page();
      await signIn(page, role);
      await page.goto(forbidden);
      const refusal = page.getByTestId('page-forbidden');
      await refusal.waitFor();
      expect(await pageTitle(page)).toEqual({ header: '无权访问', tab: '无权访问 - 共建' });
      const text = await refusal.innerText();
      expect(await page.locator('.ant-result-403').count()).toBe(1);
      expect(text).toContain(`无权打开「${forbiddenLabel}」页面`);
      expect(text).toContain(`该页面供${roles}使用`);
      expect(text).not.toContain('页面不存在');
      if (home) expect(await menuLabels(page)).not.toContain(forbiddenLabel);
      else expect(await tabLabels(page)).not.toContain(forbiddenLabel);
      await shot(page, `forbidden-${role}`);
      await page.getByTestId('back-home').click();
      // A member's home is the first tab: 首页, or 我的任职 once appointed.
      const landing = home ?? (await tabLabels(page))[0];
      await expect.poll(() => page.title()).toBe(`${landing} - 共建`);

      await page.goto('/no-such-page');
      const missing = page.getByTestId('page-not-found');
      await missing.waitFor();
      expect(await pageTitle(page)).toEqual({ header: '页面不存在', tab: '页面不存在 - 共建' });
      expect(await page.locator('.ant-result-404').count()).toBe(1);
      expect(await missing.innerText()).toContain('/no-such-page');
      expect(await missing.innerText()).not.toContain('无权访问');
      await shot(page, `not-found-${role}`);

      // Both follow the language switch, the tab too.
      await page.getByTestId('lang-switch').click();
      expect(await pageTitle(page, ' - Gongjian')).toEqual({
        header: 'Page not found',
        tab: 'Page not found - Gongjian',
      });
      await page.goto(forbidden);
      await refusal.waitFor();
      expect(await pageTitle(page, ' - Gongjian')).toEqual({
        header: 'No access',
        tab: 'No access - Gongjian',
      });
      expect(await refusal.innerText()).toContain(
        `cannot open the “${role === 'member' ? 'Party members' : 'Accounts'}”`,
      );
      await shot(page, `forbidden-${role}-en`);
    });
  }
});
