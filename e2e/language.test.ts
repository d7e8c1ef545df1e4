import { describe, expect, it } from 'vitest';
import { menuLabels, shot, signIn, useDesk } from './browser.ts';

describe('language', () => {
  const desk = useDesk();

  it('switches to English, keeps it across a reload, and switches back', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    expect(await menuLabels(page)).toContain('行政区划');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => menuLabels(page)).toContain('Administrative tree');
    // The scope label is re-read from the server in the new language.
    await expect.poll(() => page.getByTestId('scope-label').innerText()).toBe('长兴镇 · Street admin');
    await page.locator('.ant-statistic').first().waitFor();
    await shot(page, 'home-en');

    await page.reload();
    await expect.poll(() => menuLabels(page)).toContain('Administrative tree');
    // Server messages follow too: a refused save answers in English.
    await page.goto('/areas');
    await page.getByRole('button', { name: 'New' }).click();
    await page.locator('.ant-modal:visible input#name').fill('Dup');
    await page.locator('.ant-modal:visible input#code').fill('cm-cx-py');
    await page.locator('.ant-modal:visible').getByRole('button', { name: 'Save' }).click();
    await page.getByText('This value is already in use').waitFor();
    await shot(page, 'areas-en-error');
    await page.locator('.ant-modal:visible').getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => menuLabels(page)).toContain('行政区划');
    await expect.poll(() => page.getByTestId('scope-label').innerText()).toBe('长兴镇 · 街道管理员');
    await page.reload();
    await expect.poll(() => menuLabels(page)).toContain('行政区划');
  });
});
