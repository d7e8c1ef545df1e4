import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { ACCOUNTS, E2E_PASSWORD, type E2eRole } from './fixture.ts';

/** Screenshots land here (gitignored), to be looked at after a run. */
export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/e2e');

/** Flags Debian's chromium needs when run as root in a container, with nothing phoning home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Desk {
  readonly baseUrl: string;
  /** A fresh browser context (own cookies and localStorage) with one page. */
  page(opts?: { width?: number; height?: number }): Promise<Page>;
}

/** One chromium per test file; contexts are closed with it. */
export function useDesk(): Desk {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    // playwright gives every launch a fresh temporary profile (--user-data-dir) and adds --headless.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  // A failed test leaves a picture of its pages (the newest context's), to see what the browser saw.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    const name = task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
    let n = 0;
    for (const c of contexts.slice(-1))
      for (const p of c.pages())
        await p.screenshot({ path: path.join(SHOTS, `FAILED-${name}-${++n}.png`) }).catch(() => {});
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
  });
  return {
    get baseUrl() {
      return inject('baseUrl');
    },
    async page(opts = {}) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        baseURL: inject('baseUrl'),
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
  };
}

/** Sign in through the login form and wait for the desk's header. */
export async function signIn(page: Page, role: E2eRole, password = E2E_PASSWORD) {
  await page.goto('/login');
  await page.locator('#username').fill(ACCOUNTS[role].username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  // The desk's header, or the phone shell of members and residents.
  await page.locator('[data-testid=scope-label], [data-testid=phone-tabbar]').first().waitFor();
}

/** Open every closed group of the left menu, so that each entry can be read or clicked. */
export async function openMenuGroups(page: Page) {
  const sider = page.locator('.ant-layout-sider');
  await sider.locator('.ant-menu-item').first().waitFor();
  const closed = sider.locator(
    '.ant-menu-submenu-inline:not(.ant-menu-submenu-open) > .ant-menu-submenu-title',
  );
  while (await closed.count()) {
    await closed.first().click();
    // The group's entries are rendered on first opening; wait until it reports itself open.
    await page.waitForTimeout(50);
  }
}

/** The labels of the left menu's entries, in order, with every group opened. */
export async function menuLabels(page: Page): Promise<string[]> {
  await openMenuGroups(page);
  const items = page.locator('.ant-layout-sider .ant-menu-item');
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** The left menu as it is grouped: each top-level entry or group, with the entries inside it. */
export async function menuTree(page: Page): Promise<{ group: string | null; items: string[] }[]> {
  await openMenuGroups(page);
  return page.locator('.ant-layout-sider .ant-menu-root').evaluate((root) =>
    Array.from(root.children).flatMap((li): { group: string | null; items: string[] }[] => {
      if (li.classList.contains('ant-menu-item')) return [{ group: null, items: [li.textContent.trim()] }];
      if (!li.classList.contains('ant-menu-submenu')) return [];
      const title = li.querySelector('.ant-menu-submenu-title')?.textContent.trim() ?? '';
      const items = Array.from(li.querySelectorAll('.ant-menu-item')).map((i) => i.textContent.trim());
      return [{ group: title, items }];
    }),
  );
}

/** Open a page from the left menu (opening its group first when it is closed). */
export async function openMenu(page: Page, label: string) {
  // The whole label: 我的 must not also find 我的任职.
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const item = page.locator('.ant-layout-sider .ant-menu-item', { hasText: exact });
  if (!(await item.isVisible())) await openMenuGroups(page);
  await item.click();
}

/** The page's title in the header and in the browser tab, once the tab says `suffix`. */
export async function pageTitle(page: Page, suffix = ' - 共建') {
  await page.waitForFunction((s) => document.title.endsWith(s), suffix);
  return { header: (await page.getByTestId('page-title').innerText()).trim(), tab: await page.title() };
}

/** Wait until the table has finished loading (antd shows a spinner over it meanwhile). */
export async function tableSettled(page: Page, scope: Page | Locator = page) {
  await scope.locator('.ant-table-wrapper').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-table-wrapper .ant-spin-spinning'));
}

/**
 * Type `text` in the list's keyword box and search: for a record of the fixture that other files'
 * additions may have pushed off the first page.
 */
export async function searchList(page: Page, text: string) {
  await page.locator('.gj-search .ant-input-search input').fill(text);
  await page.locator('.gj-search').getByRole('button', { name: '查询' }).click();
  await tableSettled(page);
}

/** The table row whose text contains `text`. */
export function row(scope: Page | Locator, text: string): Locator {
  return scope.locator('.ant-table-tbody tr.ant-table-row', { hasText: text });
}

/** The form item (label + control + messages) labelled `label` inside an open modal. */
export function formItem(scope: Page | Locator, label: string): Locator {
  // `has` is matched inside each form item, so the inner locator must start from the page root.
  const page: Page = 'goto' in scope ? scope : scope.page();
  // antd puts the label text in the label's title attribute.
  return scope
    .locator('.ant-form-item')
    .filter({ has: page.locator(`label[title="${label}"]`) })
    .first();
}

/** The open modal dialog. */
export function modal(page: Page): Locator {
  return page.locator('.ant-modal:visible').last();
}

/** Save a screenshot for a person to look at (test-results/e2e/<name>.png). */
export async function shot(page: Page, name: string) {
  // Let charts finish their entry animation and fonts settle before capturing.
  await page.waitForTimeout(600);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/**
 * Open a tree node by its switcher. rc-tree ignores a switcher click while its list is still
 * animating (`listChanging`), so click until the node reports itself open.
 */
export async function expandTreeNode(node: Locator) {
  const switcher = node.locator('[class*="tree-switcher"]').first();
  const deadline = Date.now() + 10_000;
  while ((await switcher.evaluate((el) => el.className)).includes('switcher_close')) {
    if (Date.now() > deadline) throw new Error('tree node does not open');
    await switcher.click();
    await node.page().waitForTimeout(300);
  }
}

/**
 * A node of the open tree picker. The list is virtual (only the rows in view exist) and children
 * arrive after a request, so scan it from the top, scrolling, until the node shows up.
 */
async function treeNode(page: Page, name: string): Promise<Locator> {
  const popup = page.locator('.ant-select-dropdown:visible');
  const holder = popup.locator('.ant-select-tree-list-holder');
  const node = popup
    .locator('.ant-select-tree-treenode', {
      has: page.locator(`.ant-select-tree-node-content-wrapper[title^="${name}（"]`),
    })
    .first();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await holder.count()) await holder.evaluate((el) => el.scrollTo(0, 0));
    for (let i = 0; i < 40; i++) {
      if (await node.count()) return node;
      if (!(await holder.count())) break;
      const moved = await holder.evaluate((el) => {
        const before = el.scrollTop;
        el.scrollTop += 96;
        return el.scrollTop !== before;
      });
      if (!moved) break;
      await page.waitForTimeout(30);
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`tree node ${name} not found`);
}

/**
 * Pick a node of an AreaPicker, opening the tree from its root along `path` (`open` opens the
 * picker: a click by default; a search may be typed there). A click that lands while the tree
 * re-renders (its data arriving) is lost, so pick again until the picker holds the node.
 */
export async function pickAreaNode(
  page: Page,
  picker: Locator,
  path: string[],
  open: () => Promise<void> = () => picker.locator('.ant-select').first().click(),
) {
  const leaf = path[path.length - 1] ?? '';
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible .ant-select-tree').count())) await open();
    for (const name of path.slice(0, -1)) await expandTreeNode(await treeNode(page, name));
    await (await treeNode(page, leaf)).locator('.ant-select-tree-node-content-wrapper').click();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline) {
      if ((await picker.innerText()).includes(`${leaf}（`)) return;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`could not pick ${leaf}`);
}
