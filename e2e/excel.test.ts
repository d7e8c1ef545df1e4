import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { row, shot, signIn, tableSettled, useDesk } from './browser.ts';

const HEADERS = ['单位名称*', '单位类型*', '所在区域编码*', '联系人'];

/** A units workbook as a person would fill the template: a header row, then the rows. */
async function workbook(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Open the import dialog and upload a workbook; resolves once the preview is shown. */
async function upload(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('excel-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await dialog.getByTestId('import-counts').waitFor();
  return dialog;
}

/** The number in the table card's "共 n 条". */
async function listTotal(page: Page): Promise<number> {
  await tableSettled(page);
  const text = await page.locator('.ant-pagination-total-text').innerText();
  return Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
}

describe('Excel in and out on the units list', () => {
  const desk = useDesk();

  it('imports 3 good and 2 bad rows: exactly the 2 reasons, all-or-nothing refused, valid rows imported', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/units');
    const before = await listTotal(page);

    // The template downloads as a workbook.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载模板' }).click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);

    const file = await workbook([
      ['导入测试单位甲', '国有企业', 'cm-cx-py', '陈一'],
      // People write the names they know: the area column takes a name path as well as a code.
      ['导入测试单位乙', '学校', '长兴镇/潘园社区', '陈二'],
      ['导入测试单位丙', '外星机构', 'cm-cx-py', '陈三'],
      ['导入测试单位丁', '医院', 'cm-cx-fh', '陈四'],
      ['导入测试单位戊', '国有企业', 'cm-nowhere', '陈五'],
    ]);
    const dialog = await upload(page, '单位导入.xlsx', file);
    const errors = dialog.locator('.gj-import-errors .ant-table-tbody tr.ant-table-row');
    await expect.poll(() => errors.count()).toBe(2);
    const first = await errors.nth(0).innerText();
    const second = await errors.nth(1).innerText();
    expect(first).toContain('4');
    expect(first).toContain('单位类型*');
    expect(first).toContain('“外星机构”不是有效的选项');
    expect(second).toContain('6');
    expect(second).toContain('所在区域编码*');
    expect(await dialog.getByTestId('import-counts').innerText()).toMatch(/将新增\s*3/);
    await shot(page, 'import-preview');

    // "全部导入" imports nothing while any row is bad, and says so in the server's words.
    await page.getByRole('button', { name: '全部导入' }).click();
    await expect
      .poll(() => dialog.getByTestId('import-error').innerText())
      .toContain('文件中有错误行，未导入任何数据');
    expect(await listTotal(page)).toBe(before);

    await page.getByRole('button', { name: '仅导入正确的行' }).click();
    await dialog.getByText('导入完成').waitFor();
    expect(await dialog.innerText()).toContain('新增 3 条，更新 0 条，无变化 0 条，跳过错误行 2 条');
    // The rejected rows come back as a workbook.
    const [rejected] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: '下载错误行' }).click(),
    ]);
    expect(rejected.suggestedFilename()).toMatch(/\.xlsx$/);
    await shot(page, 'import-result');
    await page.getByRole('button', { name: '完成' }).click();
    await expect.poll(() => listTotal(page)).toBe(before + 3);
    await row(page, '导入测试单位丁').waitFor();
  });

  it('exports the filtered list and re-imports it with nothing changed', async () => {
    const page = await desk.page();
    await signIn(page, 'street_admin');
    await page.goto('/units');
    await tableSettled(page);
    await page.getByPlaceholder('输入关键字搜索').fill('导入测试单位');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => listTotal(page)).toBe(3);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出' }).click(),
    ]);
    const exported = await readFile(await download.path());
    // Exactly what the list shows: the current filter went along.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported as unknown as ExcelJS.Buffer);
    // A ledger: title, filter line and header on rows 1–3, the rows, a blank row, the sign-off.
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(String(ws.getCell(1, 1).value)).toBe('长兴镇 单位台账');
    expect(String(ws.getCell(2, 1).value)).toBe('筛选条件：关键词：“导入测试单位”');
    expect(String(ws.getRow(3).getCell(4).value)).toBe('所在区域（编码或名称路径）*');
    const names: string[] = [];
    for (let n = 4; ws.getRow(n).getCell(1).value; n++) names.push(String(ws.getRow(n).getCell(1).value));
    expect(String(ws.getCell(names.length + 5, 1).value)).toMatch(/^制表人：/);
    expect(names.sort()).toEqual(['导入测试单位丁', '导入测试单位乙', '导入测试单位甲']);

    const dialog = await upload(page, download.suggestedFilename(), exported);
    const counts = await dialog.getByTestId('import-counts').innerText();
    expect(counts).toMatch(/将新增\s*0/);
    expect(counts).toMatch(/将更新\s*0/);
    expect(counts).toMatch(/无变化\s*3/);
    await shot(page, 'reimport-preview');
    await page.getByRole('button', { name: '全部导入' }).click();
    await dialog.getByText('导入完成').waitFor();
    expect(await dialog.innerText()).toContain('新增 0 条，更新 0 条，无变化 3 条');
    await page.getByRole('button', { name: '完成' }).click();
    expect(await listTotal(page)).toBe(3);
  });
});
