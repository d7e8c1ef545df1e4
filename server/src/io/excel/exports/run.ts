import type { PassThrough } from 'node:stream';
import type { Locale } from '@gongjian/common';
import { audit } from '#server/audit/audit.ts';
import type { Db, Tx } from '#server/db/client.ts';
import { forbidden } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { bookStream, ledgerStream, type OutCell, streamInBackground } from '#server/io/excel/writer.ts';
import { canRevealPii } from '#server/policies/actor.ts';
import { type FilterWords, type Ledger, type LedgerPeriod, ledgerOf } from './ledger.ts';

/** A header, sheet or file name in both languages. */
export type Bilingual = Record<Locale, string>;

/** What a cell may depend on besides its row. */
export interface CellContext {
  locale: Locale;
  /** The export was revealed: phone and ID numbers go out in clear. */
  reveal: boolean;
}

/** One column of a list export: its header, its width and how a row fills it. */
export interface ExportColumn<Row> {
  header: Bilingual;
  width: number;
  value(row: Row, c: CellContext): OutCell;
}

/** One page of a list as its endpoint answers it: the rows and the count of all that match. */
export interface ExportPage<Row> {
  rows: Row[];
  total: number;
}

/**
 * A list's export: its columns, and its pages taken from the list's own service, so scope,
 * filters, refusals (403/400) and order are exactly the list's.
 */
export interface ListExport<Q, Row> {
  /** The sheet's name. */
  title: Bilingual;
  /** The ledger's name, in its title row and file name: 党员台账. */
  ledger: Bilingual;
  /** The period the filters select, for the title and the file name (none: the list as it stands). */
  period?(q: Q): LedgerPeriod | null;
  /** How this list's own filters read in the filter line, where they differ from the common ones. */
  filterWords?: FilterWords;
  columns: ExportColumn<Row>[];
  /**
   * The pages of one export run. A factory, so caches (labels, names) live for one run only;
   * `ctx` reads from the run's snapshot.
   */
  pages(ctx: Ctx, q: Q): (page: number, pageSize: number) => Promise<ExportPage<Row>>;
  /** Set when rows can carry phone or ID numbers: what a revealed export names in its audit event. */
  pii?: { auditType: string; fields: string[] };
}

/** Rows fetched per round trip: bounded memory whatever the list's size. */
const CHUNK = 1000;

interface Snapshot {
  ctx: Ctx;
  close(): Promise<void>;
  abort(err: unknown): Promise<void>;
}

/**
 * A repeatable-read transaction held open across the export's pages: the list services page by
 * offset, and without one snapshot a row written meanwhile (a new audit event, say) would shift
 * the pages and come out twice or push another one out.
 */
async function openSnapshot(ctx: Ctx): Promise<Snapshot> {
  let started!: (tx: Tx) => void;
  let failed!: (err: unknown) => void;
  const handle = new Promise<Tx>((resolve, reject) => {
    started = resolve;
    failed = reject;
  });
  let release!: (err?: unknown) => void;
  const released = new Promise<void>((resolve, reject) => {
    release = (err) => (err === undefined ? resolve() : reject(err));
  });
  const done = ctx.db.transaction(
    async (tx) => {
      started(tx);
      // Rejected on abort, which rolls the transaction back.
      await released;
    },
    { isolationLevel: 'repeatable read' },
  );
  done.catch(failed);
  const tx = await handle;
  return {
    // The list services take a Ctx; a transaction answers every query they make, it only lacks
    // the pool handle (`$client`) that no service touches.
    ctx: { ...ctx, db: tx as unknown as Db },
    async close() {
      release();
      await done;
    },
    async abort(err) {
      release(err);
      await done.catch(() => {});
    },
  };
}

/** The filters an export ran with, for its audit event (unset ones and `reveal` left out). */
const filtersOf = (q: object) =>
  Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'reveal' && v !== undefined));

/**
 * Every row the caller's list would show with these filters, across all its pages, streamed as a
 * workbook with headers in the caller's language. The first page is read before answering, so a
 * refused list or a bad filter answers with its status, not a broken file. `reveal` (roles that
 * may reveal, lists with PII) writes phone and ID numbers in clear and leaves one `reveal` audit
 * event with the count before the first byte goes out.
 */
export async function streamListExport<Q extends object, Row>(
  ctx: Ctx,
  x: ListExport<Q, Row>,
  q: Q,
  ascii: string,
): Promise<{ stream: PassThrough; ledger: Ledger }> {
  // Only the lists whose rows can carry PII take `reveal` in their query schema.
  const reveal = x.pii !== undefined && 'reveal' in q && q.reveal === true;
  if (reveal && !canRevealPii(ctx.actor)) throw forbidden();
  const snapshot = await openSnapshot(ctx);
  const next = x.pages(snapshot.ctx, q);
  let first: ExportPage<Row>;
  let ledger: Ledger;
  try {
    first = await next(1, CHUNK);
    // Names in the filter line are read once the list has accepted the filters.
    ledger = await ledgerOf(snapshot.ctx, { ...x, ascii }, q, { period: x.period?.(q) ?? null });
    if (reveal && x.pii) {
      const { auditType, fields } = x.pii;
      await ctx.db.transaction((tx) =>
        audit(tx, ctx, {
          action: 'reveal',
          entityType: auditType,
          entityId: null,
          areaId: ctx.actor.areaId,
          summary: 'export',
          after: { fields, count: first.total, filters: filtersOf(q) },
        }),
      );
    }
  } catch (err) {
    await snapshot.abort(err);
    throw err;
  }
  const c: CellContext = { locale: ctx.locale, reveal };
  const sheet = ledgerStream(
    x.title[ctx.locale],
    x.columns.map((col) => ({ text: col.header[ctx.locale], width: col.width })),
    ledger,
    { caption: ledger.title, pageOf: PAGE_OF[ctx.locale] },
  );
  const stream = streamInBackground(sheet, async () => {
    try {
      let page = first;
      for (let n = 1; ; n++) {
        for (const row of page.rows) sheet.addRow(x.columns.map((col) => col.value(row, c)));
        if (page.rows.length < CHUNK) break;
        page = await next(n + 1, CHUNK);
      }
      await snapshot.close();
    } catch (err) {
      await snapshot.abort(err);
      throw err;
    }
  });
  return { stream, ledger };
}

/** One sheet of a report's workbook: its name, what its printed pages are headed with, its rows. */
export interface ReportSheet {
  title: Bilingual;
  /** The line at the top of every printed page (the report's range, say); the title when unset. */
  caption?: Bilingual;
  columns: readonly { header: Bilingual; width: number }[];
  rows(c: CellContext): OutCell[][];
}

/** A report sheet from its columns and the rows they are filled from. */
export function reportSheet<Row>(
  title: Bilingual,
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
  caption?: Bilingual,
): ReportSheet {
  return {
    title,
    ...(caption ? { caption } : {}),
    columns,
    rows: (c) => rows.map((row) => columns.map((col) => col.value(row, c))),
  };
}

/**
 * A report's export (a board or a status screen rather than a paged list): the report is built
 * once by the screen's own service, so scope, filters and refusals are the screen's, and written
 * as several sheets, one per table the screen shows.
 */
export interface ReportExport<Q> {
  /** The screen's name. */
  title: Bilingual;
  /** The ledger's name, in its title row and file name: 履职台账. */
  ledger: Bilingual;
  /** How this screen's own filters read in the filter line, where they differ from the common ones. */
  filterWords?: FilterWords;
  /**
   * The sheets, in order, and what the report knows better than its query: the area it covers
   * (by name) and the period it was judged over. `ctx` reads from the export's snapshot.
   */
  sheets(ctx: Ctx, q: Q): Promise<{ sheets: ReportSheet[]; area?: string; period?: LedgerPeriod | null }>;
}

export const PAGE_OF: Record<Locale, (page: string, pages: string) => string> = {
  'zh-CN': (page, pages) => `第 ${page} 页，共 ${pages} 页`,
  en: (page, pages) => `Page ${page} of ${pages}`,
};

/**
 * A report as a workbook of several sheets in the caller's language, laid out for printing. The
 * report is read whole inside one repeatable-read snapshot (a board takes several queries) before
 * answering, so a refusal or a bad filter answers with its status, not a broken file.
 */
export async function streamReportExport<Q extends object>(
  ctx: Ctx,
  x: ReportExport<Q>,
  q: Q,
  ascii: string,
): Promise<{ stream: PassThrough; ledger: Ledger }> {
  const snapshot = await openSnapshot(ctx);
  let sheets: ReportSheet[];
  let ledger: Ledger;
  try {
    const report = await x.sheets(snapshot.ctx, q);
    sheets = report.sheets;
    ledger = await ledgerOf(snapshot.ctx, { ...x, ascii }, q, {
      ...(report.area !== undefined ? { area: report.area } : {}),
      period: report.period ?? null,
    });
  } catch (err) {
    await snapshot.abort(err);
    throw err;
  }
  await snapshot.close();
  const c: CellContext = { locale: ctx.locale, reveal: false };
  const book = bookStream();
  const stream = streamInBackground(book, async () => {
    for (const s of sheets) {
      const sheet = book.addSheet(
        s.title[c.locale],
        s.columns.map((col) => ({ text: col.header[c.locale], width: col.width })),
        // Every sheet is a ledger of its own: printed apart, each says what it is and who made it.
        {
          ...ledger,
          title:
            s.title[c.locale] === x.ledger[c.locale]
              ? ledger.title
              : `${ledger.title}${c.locale === 'en' ? ' — ' : '　'}${s.title[c.locale]}`,
        },
        { caption: (s.caption ?? s.title)[c.locale], pageOf: PAGE_OF[c.locale] },
      );
      for (const row of s.rows(c)) sheet.addRow(row);
      sheet.done();
    }
  });
  return { stream, ledger };
}
