import { PassThrough } from 'node:stream';
import type { Locale } from '@gongjian/common';
import ExcelJS from 'exceljs';

/** A cell value as the exports write it. */
export type OutCell = string | number | null;

/** The texts around a ledger's table: a title row, the filter line, the sign-off under it. */
export interface LedgerText {
  title: string;
  filter: string;
  footer: string;
}

/** The marks a ledger's sign-off starts with, in each language: the reader stops at them on re-import. */
export const FOOTER_MARKS: Record<Locale, string> = { 'zh-CN': '制表人：', en: 'Prepared by: ' };

/** Row 1 is the title, row 2 the filter, row 3 the header: the rows frozen and printed on every page. */
export const LEDGER_HEADER_ROW = 3;

/** A workbook being written: rows go out to `stream` as they are added, zipped on the fly. */
export interface SheetStream {
  stream: PassThrough;
  addRow(values: OutCell[]): void;
  finish(): Promise<void>;
}

/**
 * A plain one-sheet workbook, its header on row 1 (the rejected rows of an import, which are
 * fixed and uploaded again as they are), written straight to a stream (exceljs' streaming
 * writer), so a workbook of any size holds one page of rows in memory rather than the whole sheet.
 */
export function sheetStream(sheetName: string, headers: { text: string; width: number }[]): SheetStream {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.text, width: h.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = HEADER_FILL;
  head.commit();
  return {
    stream,
    addRow(values) {
      ws.addRow(values).commit();
    },
    async finish() {
      ws.commit();
      await wb.commit();
    },
  };
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** Long texts wrap inside their column, so a printed page shows them whole. */
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

/** Excel's header/footer codes start with `&`; a literal one is doubled. */
const headerText = (s: string) => s.replaceAll('&', '&&');

/** How a ledger sheet prints: what every page is headed with and its page footer. */
export interface PrintText {
  caption: string;
  /** The footer, given Excel's codes for the page number and count. */
  pageOf: (page: string, pages: string) => string;
}

/**
 * A ledger sheet: the title (merged across the table, large), the filter line, the header row
 * (bold, tinted, frozen with the rows above it and repeated on every printed page), then the
 * rows; `end` writes a blank row and the sign-off. Printed on A4, landscape, one page wide,
 * `caption` at the top of every page and the page number at the bottom. With `wrap`, long
 * texts wrap.
 */
function ledgerSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  headers: { text: string; width: number }[],
  ledger: LedgerText,
  print: PrintText,
  wrap: boolean,
) {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: LEDGER_HEADER_ROW }],
    pageSetup: {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${LEDGER_HEADER_ROW}:${LEDGER_HEADER_ROW}`,
    },
    headerFooter: {
      oddHeader: `&C${headerText(print.caption)}`,
      oddFooter: `&C${print.pageOf('&P', '&N')}`,
    },
  });
  // Widths only: the header row is written by hand below the title and the filter.
  ws.columns = headers.map((h) => ({ width: h.width }));
  const span = Math.max(headers.length, 1);
  const title = ws.getRow(1);
  title.getCell(1).value = ledger.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 26;
  const filter = ws.getRow(2);
  filter.getCell(1).value = ledger.filter;
  filter.alignment = { wrapText: true, vertical: 'middle' };
  if (span > 1) {
    ws.mergeCells(1, 1, 1, span);
    ws.mergeCells(2, 1, 2, span);
  }
  title.commit();
  filter.commit();
  const head = ws.getRow(LEDGER_HEADER_ROW);
  headers.forEach((h, i) => {
    head.getCell(i + 1).value = h.text;
  });
  head.font = { bold: true };
  head.fill = HEADER_FILL;
  if (wrap) head.alignment = WRAP;
  head.commit();
  return {
    addRow(values: OutCell[]) {
      const row = ws.addRow(values);
      if (wrap) row.alignment = WRAP;
      row.commit();
    },
    end() {
      // A blank row, then the sign-off: the reader stops at it (reader.ts), so a ledger re-imports.
      ws.addRow([]).commit();
      ws.addRow([ledger.footer]).commit();
      ws.commit();
    },
  };
}

/** A one-sheet ledger written straight to a stream. */
export function ledgerStream(
  sheetName: string,
  headers: { text: string; width: number }[],
  ledger: LedgerText,
  print: PrintText,
): SheetStream {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = ledgerSheet(wb, sheetName, headers, ledger, print, false);
  return {
    stream,
    addRow: ws.addRow,
    async finish() {
      ws.end();
      await wb.commit();
    },
  };
}

/** A workbook of several ledger sheets, written one sheet after another to `stream`. */
export interface BookStream {
  stream: PassThrough;
  /** Start the next sheet (the one before must be done); long texts wrap: a report is made to be printed. */
  addSheet(
    name: string,
    headers: { text: string; width: number }[],
    ledger: LedgerText,
    print: PrintText,
  ): { addRow(values: OutCell[]): void; done(): void };
  finish(): Promise<void>;
}

/** Start a workbook of several sheets written straight to a stream. */
export function bookStream(): BookStream {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  return {
    stream,
    addSheet(name, headers, ledger, print) {
      const ws = ledgerSheet(wb, name, headers, ledger, print, true);
      return { addRow: ws.addRow, done: ws.end };
    },
    finish: () => wb.commit(),
  };
}

/**
 * Produce a workbook in the background once the response has started: `produce` writes the rows;
 * a failure half-way destroys the stream, so the client sees a broken download rather than a
 * truncated file that looks whole.
 */
export function streamInBackground(
  sheet: Pick<SheetStream, 'stream' | 'finish'>,
  produce: () => Promise<void>,
): PassThrough {
  produce()
    .then(() => sheet.finish())
    .catch((err: unknown) => sheet.stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return sheet.stream;
}
