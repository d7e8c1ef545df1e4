import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Download, Locator, Page } from 'playwright-core';

/**
 * Every sheet of a downloaded ledger (server/src/io/excel/exports/ledger.ts): its name, the
 * title (row 1), the filter line (row 2), the header row (row 3), the data rows down to the
 * first blank row as text, and the sign-off under them.
 */
export async function readWorkbook(download: Download) {
  const file = await download.path();
  if (!file) throw new Error('download failed');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return wb.worksheets.map((ws) => {
    const rowAt = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map(text);
    const headers = rowAt(3);
    const data: string[][] = [];
    let n = 4;
    for (; n <= ws.rowCount; n++) {
      const r = rowAt(n);
      if (r.every((c) => c === '')) break;
      // Empty cells are holes in exceljs' row arrays: every row is read as wide as the header row.
      data.push(Array.from({ length: Math.max(headers.length, r.length) }, (_, i) => r[i] ?? ''));
    }
    const column = (h: string) => data.map((r) => r[headers.indexOf(h)] ?? '');
    return {
      name: ws.name,
      title: text(ws.getCell(1, 1).value),
      filter: text(ws.getCell(2, 1).value),
      footer: text(ws.getCell(n + 1, 1).value),
      headers,
      rows: data,
      column,
    };
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
