import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Download, Locator, Page } from 'playwright-core';

/** Every sheet of a downloaded workbook: its name, header row and data rows as text. */
export async function readWorkbook(download: Download) {
  const file = await download.path();
  if (!file) throw new Error('download failed');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    // Empty cells are holes in exceljs' row arrays: every row is read as wide as the header row.
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const width = rows[0]?.length ?? 0;
    const table = rows.map((r) => Array.from({ length: Math.max(width, r.length) }, (_, i) => text(r[i])));
    const headers = table[0] ?? [];
    const data = table.slice(1);
    const column = (h: string) => data.map((r) => r[headers.indexOf(h)] ?? '');
    return { name: ws.name, headers, rows: data, column };
  });
}

/** Click an 导出 button and read what it downloads. */
export async function exportFrom(page: Page, scope: Page | Locator) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    scope.getByTestId('excel-export').click(),
  ]);
  return { filename: download.suggestedFilename(), sheets: await readWorkbook(download) };
}
