import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { Client } from './helpers.ts';

/** GET a download; the body as bytes. */
export async function download(c: Client, path: string) {
  const headers: Record<string, string> = { 'accept-language': c.lang };
  if (c.cookie) headers.cookie = c.cookie;
  const res = await fetch(`${c.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

const cellText = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * One exported ledger sheet (server/src/io/excel/exports/ledger.ts): the title (row 1),
 * the filter line (row 2), the header texts (row 3), the rows of display values down to the
 * first blank row, each as wide as the header row (exceljs leaves trailing empty cells out), the
 * sign-off under them, and `column(header)` to read one column.
 */
function sheetOf(ws: ExcelJS.Worksheet) {
  const rowAt = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map(cellText);
  const headers = rowAt(3);
  const data: string[][] = [];
  let n = 4;
  for (; n <= ws.rowCount; n++) {
    const r = rowAt(n);
    if (r.every((c) => c === '')) break;
    data.push(headers.map((_, i) => r[i] ?? ''));
  }
  const column = (header: string) => {
    const i = headers.indexOf(header);
    if (i < 0) throw new Error(`no column ${header} in ${headers.join(',')}`);
    return data.map((r) => r[i] ?? '');
  };
  return {
    name: ws.name,
    title: cellText(ws.getCell(1, 1).value),
    filter: cellText(ws.getCell(2, 1).value),
    footer: cellText(ws.getCell(n + 1, 1).value),
    headers,
    rows: data,
    column,
    ws,
  };
}

/** A workbook that is not a ledger (a template): its header on row 1, every row under it. */
export async function readPlain(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('workbook without a sheet');
  const rows: string[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map(cellText));
  });
  return { wb, ws, headers: rows[0] ?? [], rows: rows.slice(1) };
}

/** The file name a download is offered under (the UTF-8 `filename*` of Content-Disposition). */
export function downloadName(headers: Headers) {
  const m = /filename\*=UTF-8''([^;]+)/.exec(headers.get('content-disposition') ?? '');
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** Every sheet of a workbook, in order. */
export async function readBook(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets.map(sheetOf);
}

/** The first sheet of a workbook. */
export async function readSheet(buf: Buffer) {
  const [sheet] = await readBook(buf);
  if (!sheet) throw new Error('workbook without a sheet');
  return sheet;
}

/** Every row of a list endpoint, read two at a time so a comparison spans many pages. */
export async function listAll(c: Client, path: string, query: string) {
  const rows: any[] = [];
  for (let page = 1; ; page++) {
    const res = await c.get(`/api/${path}?${query}&page=${page}&pageSize=2`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...res.body.data);
    if (rows.length >= res.body.total || res.body.data.length === 0) {
      expect(rows.length).toBe(res.body.total);
      return rows;
    }
  }
}

/** Build an .xlsx in memory: one sheet, a header row, then the rows (objects keyed by header). */
export async function xlsxOf(headers: string[], rows: Record<string, string | number | null | undefined>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Upload a workbook to an import as the web does: multipart, session cookie, CSRF header. */
export async function uploadImport(c: Client, entity: string, body: Buffer, fileName = 'import.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([body]), fileName);
  const headers: Record<string, string> = { 'accept-language': c.lang };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.csrfToken) headers['x-csrf-token'] = c.csrfToken;
  const res = await fetch(`${c.baseUrl}/api/excel/${entity}/imports`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
