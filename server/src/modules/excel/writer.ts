import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** A cell value as the exports write it. */
export type OutCell = string | number | null;

/** A workbook being written: rows go out to `stream` as they are added, zipped on the fly. */
export interface SheetStream {
  stream: PassThrough;
  addRow(values: OutCell[]): void;
  finish(): Promise<void>;
}

/**
 * Start a one-sheet workbook written straight to a stream (exceljs' streaming writer), so an
 * export of any size holds one page of rows in memory rather than the whole sheet.
 */
export function sheetStream(sheetName: string, headers: { text: string; width: number }[]): SheetStream {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = addSheet(wb, sheetName, headers);
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

/** A sheet with its bold, tinted header row frozen at the top; with `wrap`, long texts wrap. */
function addSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  headers: { text: string; width: number }[],
  options: Partial<ExcelJS.AddWorksheetOptions> = {},
  wrap = false,
) {
  const ws = wb.addWorksheet(name, { ...options, views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.text, width: h.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  if (wrap) head.alignment = WRAP;
  head.commit();
  return ws;
}

/** Long texts wrap inside their column, so a printed page shows them whole. */
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

/** Excel's header/footer codes start with `&`; a literal one is doubled. */
const headerText = (s: string) => s.replaceAll('&', '&&');

/** A workbook of several sheets, written one sheet after another to `stream`. */
export interface BookStream {
  stream: PassThrough;
  /**
   * Start the next sheet (the one before must be done). `caption` is printed at the top of every
   * page, with the header row repeated, landscape and one page wide: a report is made to be printed.
   */
  addSheet(
    name: string,
    headers: { text: string; width: number }[],
    print: {
      caption: string;
      /** The footer, given Excel's codes for the page number and count. */
      pageOf: (page: string, pages: string) => string;
    },
  ): { addRow(values: OutCell[]): void; done(): void };
  finish(): Promise<void>;
}

/** Start a workbook of several sheets written straight to a stream. */
export function bookStream(): BookStream {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  return {
    stream,
    addSheet(name, headers, print) {
      const ws = addSheet(
        wb,
        name,
        headers,
        {
          pageSetup: {
            orientation: 'landscape',
            paperSize: 9,
            fitToPage: true,
            fitToWidth: 1,
            fitToHeight: 0,
            printTitlesRow: '1:1',
          },
          headerFooter: {
            oddHeader: `&C${headerText(print.caption)}`,
            oddFooter: `&C${print.pageOf('&P', '&N')}`,
          },
        },
        true,
      );
      return {
        addRow(values) {
          const row = ws.addRow(values);
          row.alignment = WRAP;
          row.commit();
        },
        done() {
          ws.commit();
        },
      };
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
