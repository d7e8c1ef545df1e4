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
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.text, width: h.width }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
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

/**
 * Produce a workbook in the background once the response has started: `produce` writes the rows;
 * a failure half-way destroys the stream, so the client sees a broken download rather than a
 * truncated file that looks whole.
 */
export function streamInBackground(sheet: SheetStream, produce: () => Promise<void>): PassThrough {
  produce()
    .then(() => sheet.finish())
    .catch((err: unknown) => sheet.stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return sheet.stream;
}
