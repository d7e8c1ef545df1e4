import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { row, searchList, signIn, tableSettled, useDesk } from './browser.ts';

/**
 * Everything the browser refused under the page's Content-Security-Policy: the DOM event (set up
 * before any script of the page runs) and chromium's own console report, so an inline style antd
 * writes or a script loaded from elsewhere cannot pass unnoticed.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|CSP violation/i.test(text)) seen.push(text);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return seen;
}

describe('the desk under its Content-Security-Policy', () => {
  const desk = useDesk();

  it('signs in, renders the home page, a list, a drawer and a form with nothing refused', async () => {
    const page = await desk.page();
    const violations = await watchViolations(page);
    const first = await page.goto('/login');
    const csp = first?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(first?.headers()['x-frame-options']).toBe('DENY');

    await signIn(page, 'street_admin');
    // The home page: counts and charts.
    await page.locator('.ant-statistic').first().waitFor();
    await page.goto('/members');
    await tableSettled(page);
    // Other files add members before this one runs: find the demo member by name, not by page.
    await searchList(page, '刘建华');
    await row(page, '刘建华').getByRole('button', { name: '查看' }).click();
    await page.locator('.ant-drawer').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '新建' }).click();
    await page.locator('.ant-modal:visible').waitFor();
    await page.goto('/audit');
    await tableSettled(page);
    await row(page, '登录').first().waitFor();
    expect(violations).toEqual([]);
  });

  it('runs the phone shell (antd-mobile, then antd pages inside it) with nothing refused', async () => {
    const page = await desk.page({ width: 390, height: 844 });
    const violations = await watchViolations(page);
    await signIn(page, 'resident');
    await page.getByTestId('portal-home').waitFor();
    // 我的 holds a form built from the shared schemas: zod must not try `new Function` here either.
    await page.getByTestId('tab-me').click();
    await page.locator('.ant-card', { hasText: '我的档案' }).waitFor();
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await page.getByTestId('tab-inbox').click();
    await page.waitForURL(/\/inbox$/);
    expect(violations).toEqual([]);
  });

  it('keeps the API docs (Swagger UI) working under their own policy', async () => {
    const page = await desk.page();
    const violations = await watchViolations(page);
    const res = await page.goto('/api/docs/');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(50);
    expect(violations).toEqual([]);
  });
});
