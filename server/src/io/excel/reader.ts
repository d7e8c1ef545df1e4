import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { badRequest } from '#server/errors.ts';
import { FOOTER_MARKS } from './writer.ts';

/** A cell as read: what Excel stored, with formulas reduced to their cached result. */
export type RawCell = string | number | boolean | Date | null;

/** One worksheet row: its number as Excel shows it and its cells by column (0-based). */
export interface SheetRow {
  rowNo: number;
  cells: RawCell[];
}

/** The first 4 bytes of a zip archive, which every .xlsx is. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Rows searched for the header before a sheet is taken to be something else (title rows, notes). */
const HEADER_SEARCH_ROWS = 10;

/** Refuse files that are not zip archives (old .xls, CSV, images…) before any parsing. */
export async function assertXlsx(path: string) {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    if (bytesRead < 4 || !head.equals(ZIP_MAGIC)) throw badRequest([], 'x.notXlsx');
  } finally {
    await fh.close();
  }
}

function rawOf(v: ExcelJS.CellValue | undefined): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return rawOf((v as { result?: ExcelJS.CellValue }).result);
  if ('text' in v) return String(v.text);
  if ('error' in v) return String(v.error);
  return null;
}

/** `YYYY-MM-DD` of a date cell (exceljs builds them in UTC). */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A cell as text, the way the rejected-rows workbook and error messages show it. */
export function displayCell(v: RawCell): string {
  if (v === null) return '';
  if (v instanceof Date) return isoDay(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

const isBlankRow = (cells: RawCell[]) => cells.every((c) => c === null || String(c).trim() === '');

const FOOTERS = Object.values(FOOTER_MARKS).map((m) => m.trim());

/**
 * The sign-off under an exported ledger ("制表人：…　审核人：…", exports/ledger.ts): one cell
 * starting with the mark and nothing else on the row. The data ends there, so an export
 * re-imports as it is.
 */
function isLedgerFooter(cells: RawCell[]) {
  const filled = cells.filter((c) => c !== null && String(c).trim() !== '');
  const [only] = filled;
  return filled.length === 1 && typeof only === 'string' && FOOTERS.some((m) => only.trim().startsWith(m));
}

/** How many leading bytes of `buf` form whole UTF-8 characters (a split character's start is held back). */
function wholeCharsLength(buf: Buffer): number {
  for (let back = 1; back <= Math.min(4, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead byte
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return size > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** Re-cut a byte stream so every chunk ends on a UTF-8 character boundary. */
async function* wholeChars(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  for await (const chunk of source) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (carry) buf = Buffer.concat([carry, buf]);
    const cut = wholeCharsLength(buf);
    carry = cut < buf.length ? buf.subarray(cut) : null;
    if (cut > 0) yield buf.subarray(0, cut);
  }
  if (carry) yield carry;
}

/** The reader's internals that receive each XML part as a byte stream. */
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
}
type ReaderClass = new (
  input: string,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk to text on its own, so a Chinese
 * character split across two chunks turns into replacement characters (exceljs issues #2063,
 * #2084) — about one cell in a few thousand. This reader hands it chunks that end on character
 * boundaries for the worksheets and the shared strings, the parts that hold cell text.
 */
class WholeCharReader extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as ReaderClass) {
  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(wholeChars(iterator), sheetNo);
  }

  override async *_parseSharedStrings(entry: NodeJS.ReadableStream) {
    yield* super._parseSharedStrings(
      Readable.from(wholeChars(entry as unknown as AsyncIterable<Buffer>), { objectMode: false }),
    );
  }
}

/**
 * Stream the data rows of a workbook on disk without loading it: worksheets are read in file
 * order, and the first one with a row (among its first few) that `isHeader` accepts is the data
 * sheet. Yields that header row first, then every non-blank row under it up to a ledger's
 * sign-off, if any; other sheets are drained unread. Throws a 400 when the file cannot be parsed as a workbook.
 */
export async function* readDataSheet(
  path: string,
  isHeader: (cells: RawCell[]) => boolean,
): AsyncGenerator<{ kind: 'header' | 'row' } & SheetRow> {
  // Styles are read so date-formatted cells arrive as dates rather than serial numbers.
  const reader = new WholeCharReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const progress: Progress = { found: false, lastRowNo: 0 };
  try {
    yield* dataRows(reader, isHeader, progress);
  } catch (e) {
    if (!(e instanceof Error) || 'status' in e) throw e;
    // The streaming unzip reads local headers in file order and fails on archives it cannot walk
    // that way (entries stored with data descriptors, as some tools write them, and — once in a
    // few hundred full test runs, a valid workbook of ours: "invalid signature: 0x0"). Read such a file
    // once more through its central directory, whole, resuming after the rows already given.
    const whole = await readWhole(path);
    if (!whole) {
      // The client reads "not a valid workbook"; the server log keeps what the unzip said (the
      // error handler logs a refusal's cause).
      const refusal = badRequest([], 'x.notXlsx');
      refusal.cause = e;
      throw refusal;
    }
    yield* dataRows(whole, isHeader, progress);
  }
}

/** How far a reading got: whether the header was given, and the last data row given. */
interface Progress {
  found: boolean;
  lastRowNo: number;
}

interface RowLike {
  number: number;
  values: unknown;
}

/**
 * The header and data rows of the first sheet with a header, from sheets of rows in order.
 * `progress` says what an earlier, failed reading already gave, so a second reading resumes.
 */
async function* dataRows(
  sheets: AsyncIterable<AsyncIterable<RowLike>> | Iterable<Iterable<RowLike>>,
  isHeader: (cells: RawCell[]) => boolean,
  progress: Progress,
): AsyncGenerator<{ kind: 'header' | 'row' } & SheetRow> {
  let done = false;
  for await (const sheet of sheets) {
    let state: 'search' | 'data' | 'skip' = done ? 'skip' : 'search';
    for await (const row of sheet) {
      if (state === 'skip') continue;
      const values = row.values as ExcelJS.CellValue[];
      const cells: RawCell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(rawOf(values[i]));
      if (state === 'search') {
        if (isHeader(cells)) {
          state = 'data';
          done = true;
          if (!progress.found) {
            progress.found = true;
            yield { kind: 'header', rowNo: row.number, cells };
          }
        } else if (row.number >= HEADER_SEARCH_ROWS) state = 'skip';
        continue;
      }
      if (isLedgerFooter(cells)) state = 'skip';
      else if (row.number > progress.lastRowNo && !isBlankRow(cells)) {
        progress.lastRowNo = row.number;
        yield { kind: 'row', rowNo: row.number, cells };
      }
    }
  }
}

/** The sheets of a workbook read whole through its central directory, or null if it is no workbook. */
async function readWhole(path: string): Promise<Iterable<RowLike[]> | null> {
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    return wb.worksheets.map((ws) => {
      const rows: RowLike[] = [];
      ws.eachRow({ includeEmpty: false }, (row, number) => rows.push({ number, values: row.values }));
      return rows;
    });
  } catch {
    return null;
  }
}
