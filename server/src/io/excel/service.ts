import {
  type AreaLevel,
  type ExcelEntity,
  IMPORT_MAX_ROWS,
  IMPORT_PREVIEW_ERRORS,
  type ImportCommitBody,
  MEMBER_AREA_LEVELS,
  type MemberExportQuery,
  RESIDENT_AREA_LEVELS,
  type ResidentExportQuery,
  SYSTEM_DICTIONARIES,
  t,
  type UnitExportQuery,
} from '@gongjian/common';
import { audit } from '#server/audit/audit.ts';
import { members, residents, units } from '#server/db/schema/index.ts';
import { AppError, conflict, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { residenceScopeOf } from '#server/modules/registry/members/policy.ts';
import { type MemberFilter, memberWhere } from '#server/modules/registry/members/queries.ts';
import { memberFilterOf } from '#server/modules/registry/members/service.ts';
import { residentWhere } from '#server/modules/registry/residents/queries.ts';
import { residentFilterOf } from '#server/modules/registry/residents/service.ts';
import { unitWhere } from '#server/modules/registry/units/queries.ts';
import { unitFilterOf } from '#server/modules/registry/units/service.ts';
import { type Actor, canRevealPii, isPlatformAdmin } from '#server/policies/actor.ts';
import { districtOf } from '#server/policies/refs.ts';
import { issue, normaliseCell, type RowIssue } from './cells.ts';
import { COLUMNS, type Column, columnForHeader, EXAMPLE_MARKS, headerText, SHEET_NAMES } from './columns.ts';
import { memberSpec } from './entities/members.ts';
import { residentSpec } from './entities/residents.ts';
import { unitSpec } from './entities/units.ts';
import { words } from './exports/format.ts';
import { ledgerOf } from './exports/ledger.ts';
import { PAGE_OF } from './exports/run.ts';
import {
  type Cells,
  type Labels,
  memberCells,
  presentImport,
  reasonText,
  residentCells,
  unitCells,
} from './presenter.ts';
import {
  areaNames,
  countForExport,
  deleteImport,
  errorCount,
  exportMembersPage,
  exportResidentsPage,
  exportUnitsPage,
  findImport,
  finishImport,
  type ImportRecord,
  insertImport,
  insertImportRows,
  invalidRows,
  lockImport,
  markCommitted,
  type StagedHeaders,
  stagedRows,
  templateAreas,
} from './queries.ts';
import { assertXlsx, displayCell, type RawCell, readDataSheet } from './reader.ts';
import { type DictIndex, loadDictionaries, RefCache } from './refs.ts';
import type { ImportSpec, ParsedRow } from './spec.ts';
import { buildTemplate, type TemplateArea } from './template.ts';
import { ledgerStream, sheetStream, streamInBackground } from './writer.ts';

/** Rows validated, staged and written per round trip: bounded memory whatever the file size. */
const CHUNK = 1000;
/** How long a staged import can be previewed, committed and its rejected rows downloaded. */
const IMPORT_TTL_HOURS = 24;

const SPECS: Record<ExcelEntity, ImportSpec> = {
  units: unitSpec,
  members: memberSpec,
  residents: residentSpec,
};

/** The registry's import rules, if the caller may use its Excel functions at all (else 403). */
function specFor(actor: Actor, entity: ExcelEntity): ImportSpec {
  const spec = SPECS[entity];
  if (!spec.canUse(actor)) throw forbidden('e.noImportRights');
  return spec;
}

/** Refuse (403) a caller who may not use this registry's Excel functions, before any upload is read. */
export function checkExcelAccess(ctx: Ctx, entity: ExcelEntity) {
  specFor(ctx.actor, entity);
}

/* ---------- Template ---------- */

/** The tree levels each registry's area column accepts (null: any). */
const AREA_LEVELS: Record<ExcelEntity, readonly AreaLevel[] | null> = {
  units: null,
  members: MEMBER_AREA_LEVELS,
  residents: RESIDENT_AREA_LEVELS,
};

/**
 * The import template for the caller: drop-downs from its district's dictionaries (the platform
 * admin names a district, else gets the built-in items) and the areas it may name.
 */
export async function importTemplate(ctx: Ctx, entity: ExcelEntity, districtId?: number): Promise<Buffer> {
  const spec = specFor(ctx.actor, entity);
  const a = ctx.actor;
  const district = a.districtId ?? (isPlatformAdmin(a) ? (districtId ?? null) : null);
  const dicts = district ? (await loadDictionaries(ctx.db, [district])).get(district) : undefined;
  const options: Record<string, string[]> = {};
  for (const c of spec.columns) {
    if (!c.dict) continue;
    const index = dicts?.get(c.dict);
    options[c.field] = index
      ? index.items.filter((i) => i.enabled).map((i) => (ctx.locale === 'en' ? i.labelEn : i.labelZh))
      : SYSTEM_DICTIONARIES[c.dict].items.map(([, zh, en]) => (ctx.locale === 'en' ? en : zh));
  }
  const scope = entity === 'members' ? residenceScopeOf(a) : a;
  const scopePath = scope.scopePath ?? (district ? `/${district}/` : null);
  const rows = await templateAreas(ctx.db, scopePath, AREA_LEVELS[entity]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const missing = new Set<number>();
  for (const r of rows) for (const id of pathIds(r.path)) if (!names.has(id)) missing.add(id);
  for (const [id, name] of await areaNames(ctx.db, [...missing])) names.set(id, name);
  const areas: TemplateArea[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as TemplateArea['level'],
    // The district is left out: every row shares it.
    place: pathIds(r.path)
      .slice(1)
      .map((id) => names.get(id) ?? '')
      .join(' / '),
  }));
  return buildTemplate({ entity, columns: spec.columns, locale: ctx.locale, options, areas });
}

const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/* ---------- Staging ---------- */

interface Layout {
  /** Column index in the file of each recognised field. */
  index: Map<string, number>;
  headers: StagedHeaders;
}

/** A header row names at least half of the required columns (title and note rows do not). */
function isHeaderRow(columns: readonly Column[], cells: RawCell[]) {
  const required = new Set(columns.filter((c) => c.required).map((c) => c.field));
  let hits = 0;
  for (const cell of cells) {
    const c = typeof cell === 'string' ? columnForHeader(columns, cell) : undefined;
    if (c && required.has(c.field)) hits++;
  }
  return hits > 0 && hits * 2 >= required.size;
}

function layoutOf(ctx: Ctx, columns: readonly Column[], cells: RawCell[]): Layout {
  const index = new Map<string, number>();
  const byField: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const text = displayCell(cell).trim();
    const c = columnForHeader(columns, text);
    if (c && !index.has(c.field)) {
      index.set(c.field, i);
      byField[c.field] = text;
    }
  });
  const missing = columns.filter((c) => c.required && !index.has(c.field));
  if (missing.length)
    throw new AppError(
      400,
      'VALIDATION_FAILED',
      'e.validation',
      missing.map((c) => ({
        path: c.field,
        code: 'missing_column',
        message: t('x.columnMissing', ctx.locale).replace('{column}', headerText(c, ctx.locale)),
      })),
    );
  return { index, headers: { row: cells.map(displayCell), byField } };
}

/** Cells to values by field; the form of each cell and required cells are checked here. */
function parseRow(
  columns: readonly Column[],
  layout: Layout,
  rowNo: number,
  cells: RawCell[],
): ParsedRow | null {
  const values: ParsedRow['values'] = {};
  const issues: RowIssue[] = [];
  for (const c of columns) {
    const i = layout.index.get(c.field);
    if (i === undefined) continue;
    const { value, issue: bad } = normaliseCell(c, cells[i] ?? null);
    values[c.field] = value;
    if (bad) issues.push(bad);
    else if (c.required && value === null) issues.push(issue(c.field, 'v.required'));
  }
  const first = values.name;
  if (first && EXAMPLE_MARKS.some((m) => first.startsWith(m))) return null;
  const width = Math.max(layout.headers.row.length, cells.length);
  const display: string[] = [];
  for (let i = 0; i < width; i++) display.push(displayCell(cells[i] ?? null));
  return { rowNo, values, cells: display, issues };
}

type Counts = Pick<ImportRecord, 'total' | 'valid' | 'invalid' | 'creates' | 'updates' | 'unchanged'>;

/**
 * Read a workbook on disk row by row, validate every row against the registry's rules in chunks,
 * and stage the outcome (nothing is written to the registry yet). Returns the preview.
 */
export async function stageImport(ctx: Ctx, entity: ExcelEntity, path: string, fileName: string | null) {
  const spec = specFor(ctx.actor, entity);
  await assertXlsx(path);
  const record = await insertImport(ctx.db, {
    accountId: ctx.actor.accountId,
    entity,
    fileName,
    ttlHours: IMPORT_TTL_HOURS,
  });
  try {
    const { counts, headers } = await stageRows(ctx, spec, record.id, path);
    await finishImport(ctx.db, record.id, { ...counts, headers });
  } catch (e) {
    // A refused file leaves nothing staged behind.
    await deleteImport(ctx.db, record.id);
    throw e;
  }
  return importPreview(ctx, record.id);
}

async function stageRows(ctx: Ctx, spec: ImportSpec, importId: string, path: string) {
  const columns = spec.columns;
  const refs = new RefCache(ctx.db);
  const counts: Counts = { total: 0, valid: 0, invalid: 0, creates: 0, updates: 0, unchanged: 0 };
  // The same record twice in one file is refused on the later rows, by natural key and by target.
  const seenKeys = new Map<string, number>();
  const seenTargets = new Map<number, number>();
  let layout: Layout | null = null;
  let chunk: ParsedRow[] = [];
  let pending: Promise<void> = Promise.resolve();

  const flush = async (rows: ParsedRow[], headers: StagedHeaders) => {
    const outcomes = await spec.validate(ctx, refs, rows);
    const staged: Parameters<typeof insertImportRows>[1] = [];
    rows.forEach((row, i) => {
      let o = outcomes[i];
      if (!o) throw new Error('validation returned fewer outcomes than rows');
      if (o.status !== 'invalid') {
        const dup = seenKeys.get(o.key) ?? (o.targetId !== null ? seenTargets.get(o.targetId) : undefined);
        if (dup !== undefined)
          o = { status: 'invalid', issues: [issue(o.keyField, 'x.duplicateInFile', { row: dup })] };
        else {
          seenKeys.set(o.key, row.rowNo);
          if (o.targetId !== null) seenTargets.set(o.targetId, row.rowNo);
        }
      }
      if (o.status === 'invalid') {
        counts.invalid++;
        staged.push({
          importId,
          rowNo: row.rowNo,
          status: 'invalid',
          cells: row.cells,
          errors: o.issues.map((e) => ({
            field: e.field,
            column: headers.byField[e.field] ?? null,
            message: e.message,
          })),
        });
        return;
      }
      counts.valid++;
      if (o.status === 'unchanged') {
        counts.unchanged++;
        return;
      }
      if (o.status === 'create') counts.creates++;
      else counts.updates++;
      staged.push({ importId, rowNo: row.rowNo, status: o.status, targetId: o.targetId, data: o.data });
    });
    await insertImportRows(ctx.db, staged);
  };

  for await (const item of readDataSheet(path, (cells) => isHeaderRow(columns, cells))) {
    if (item.kind === 'header') {
      layout = layoutOf(ctx, columns, item.cells);
      continue;
    }
    if (!layout) continue;
    const row = parseRow(columns, layout, item.rowNo, item.cells);
    if (!row) continue;
    counts.total++;
    if (counts.total > IMPORT_MAX_ROWS) throw new AppError(400, 'TOO_MANY_ROWS', 'x.tooManyRows');
    chunk.push(row);
    if (chunk.length >= CHUNK) {
      // One chunk is checked against the database while the next is parsed: parsing is CPU in
      // this process, the lookups and staging wait on PostgreSQL. Chunks still run in order.
      await pending;
      pending = flush(chunk, layout.headers);
      // Its failure surfaces at the next await; until then it must not count as unhandled.
      pending.catch(() => {});
      chunk = [];
    }
  }
  await pending;
  if (!layout) throw new AppError(400, 'NO_HEADER', 'x.noHeader');
  if (chunk.length) await flush(chunk, layout.headers);
  if (!counts.total) throw new AppError(400, 'NO_ROWS', 'x.noRows');
  return { counts, headers: layout.headers };
}

/** A staged import of the caller's, or 404 (another account's imports are invisible). */
async function ownImport(ctx: Ctx, id: string) {
  const row = await findImport(ctx.db, id);
  if (!row || row.accountId !== ctx.actor.accountId) throw notFound();
  return row;
}

/** The preview of a staged import: counts and the first errors in row order. */
export async function importPreview(ctx: Ctx, id: string) {
  const row = await ownImport(ctx, id);
  const [invalid, count] = await Promise.all([
    invalidRows(ctx.db, id, 0, IMPORT_PREVIEW_ERRORS),
    errorCount(ctx.db, id),
  ]);
  return presentImport(row, invalid, count, ctx.locale);
}

/* ---------- Commit ---------- */

/**
 * Write a staged import in one transaction: `all` refuses (409, nothing written) while any row
 * is invalid; `valid_only` writes the valid rows. Creates and changed records each get an audit
 * event, plus one `import` event for the batch; a second commit is refused.
 */
export async function commitImport(ctx: Ctx, id: string, body: ImportCommitBody) {
  await ctx.db.transaction(async (tx) => {
    const imp = await lockImport(tx, id);
    if (!imp || imp.accountId !== ctx.actor.accountId) throw notFound();
    if (imp.status === 'committed') throw conflict('IMPORT_COMMITTED', 'e.importCommitted');
    if (imp.expiresAt.getTime() < ctx.now.getTime()) throw conflict('IMPORT_EXPIRED', 'e.importExpired');
    const spec = specFor(ctx.actor, imp.entity as ExcelEntity);
    if (body.mode === 'all' && imp.invalid > 0)
      throw conflict('IMPORT_HAS_ERRORS', 'e.importHasErrors', {
        total: imp.total,
        valid: imp.valid,
        invalid: imp.invalid,
      });
    const done = { created: 0, updated: 0, unchanged: imp.unchanged };
    for (let after = 0; ; ) {
      const rows = await stagedRows(tx, id, after, CHUNK);
      if (!rows.length) break;
      const c = await spec.commit(tx, ctx, id, rows);
      done.created += c.created;
      done.updated += c.updated;
      done.unchanged += c.unchanged;
      after = rows[rows.length - 1]?.rowNo ?? after;
    }
    const result = { mode: body.mode, ...done, skipped: imp.invalid };
    await markCommitted(tx, id, result);
    await audit(tx, ctx, {
      action: 'import',
      entityType: spec.auditType,
      entityId: id,
      areaId: ctx.actor.areaId,
      summary: imp.fileName ?? undefined,
      after: { entity: imp.entity, total: imp.total, ...result },
    });
  });
  return importPreview(ctx, id);
}

/* ---------- Rejected rows ---------- */

/** The invalid rows of an import as a workbook: the file's own header and cells plus the reasons. */
export async function rejectedWorkbook(ctx: Ctx, id: string) {
  const imp = await ownImport(ctx, id);
  const headers: StagedHeaders = imp.headers;
  const columns = COLUMNS[imp.entity as ExcelEntity];
  const widthOf = (text: string) => columns.find((c) => headerText(c, 'zh-CN') === text)?.width ?? 16;
  // The first chunk is read before answering, as for the exports: a refusal is an error answer.
  let rows = await invalidRows(ctx.db, id, 0, CHUNK);
  const sheet = sheetStream(SHEET_NAMES[imp.entity as ExcelEntity][ctx.locale], [
    ...headers.row.map((text) => ({ text, width: widthOf(text) })),
    { text: t('x.reason', ctx.locale), width: 60 },
  ]);
  const stream = streamInBackground(sheet, async () => {
    while (rows.length) {
      for (const r of rows) {
        const cells = headers.row.map((_, i) => r.cells[i] ?? '');
        sheet.addRow([...cells, reasonText(r.errors, ctx.locale)]);
      }
      rows = await invalidRows(ctx.db, id, rows[rows.length - 1]?.rowNo ?? 0, CHUNK);
    }
  });
  return { stream, entity: imp.entity as ExcelEntity };
}

/* ---------- Export ---------- */

/** The ledger each registry's export is, by name. */
const LEDGERS: Record<ExcelEntity, ReturnType<typeof words>> = {
  units: words('单位台账', 'Unit ledger'),
  members: words('党员台账', 'Party member ledger'),
  residents: words('居民台账', 'Resident ledger'),
};

/** What an export needs per registry: its filter, count, pages and cells. */
interface Exporter<Row> {
  count(): Promise<number>;
  page(afterId: number | null): Promise<Row[]>;
  cells(row: Row, labels: Labels): Cells;
  idOf(row: Row): number;
  districtOf(row: Row): number;
  revealFields: string[];
}

/**
 * Every row the caller's list would show with these filters, streamed as a ledger (title, filter
 * line, sign-off: exports/ledger.ts) with the template's headers under them, so it re-imports.
 * `query` is the list's query, for the ledger's filter line and title. `reveal` (PII-revealing roles only) writes phone and ID numbers in clear
 * and leaves one `reveal` audit event with the count before the first byte goes out.
 */
async function streamExport<Row>(
  ctx: Ctx,
  entity: ExcelEntity,
  reveal: boolean,
  filters: Record<string, unknown>,
  query: object,
  x: Exporter<Row>,
) {
  const spec = SPECS[entity];
  if (reveal) {
    if (!canRevealPii(ctx.actor)) throw forbidden();
    const count = await x.count();
    await ctx.db.transaction((tx) =>
      audit(tx, ctx, {
        action: 'reveal',
        entityType: spec.auditType,
        entityId: null,
        areaId: ctx.actor.areaId,
        summary: 'export',
        after: { fields: x.revealFields, count, filters },
      }),
    );
  }
  const dicts = new Map<number, Map<string, DictIndex>>();
  const read = async (after: number | null) => {
    const rows = await x.page(after);
    const missing = [...new Set(rows.map((r) => x.districtOf(r)))].filter((d) => !dicts.has(d));
    if (missing.length) {
      const loaded = await loadDictionaries(ctx.db, missing);
      for (const d of missing) dicts.set(d, loaded.get(d) ?? new Map());
    }
    return rows;
  };
  // The first page is read before answering: a filter PostgreSQL refuses (a NUL, an id past
  // int4) answers with its status instead of xlsx headers followed by a dropped connection.
  let rows = await read(null);
  const ledger = await ledgerOf(ctx, { ledger: LEDGERS[entity], ascii: entity }, query);
  const sheet = ledgerStream(
    SHEET_NAMES[entity][ctx.locale],
    spec.columns.map((c) => ({ text: headerText(c, ctx.locale), width: c.width })),
    ledger,
    { caption: ledger.title, pageOf: PAGE_OF[ctx.locale] },
  );
  const stream = streamInBackground(sheet, async () => {
    while (rows.length) {
      for (const r of rows) {
        const labels = dicts.get(x.districtOf(r)) ?? new Map<string, DictIndex>();
        const cells = x.cells(r, labels);
        sheet.addRow(spec.columns.map((c) => cells[c.field] ?? null));
      }
      rows = await read(x.idOf(rows[rows.length - 1] as Row));
    }
  });
  return { stream, ledger };
}

const filtersOf = (q: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'reveal' && v !== undefined));

/** Stream the members list (same filters as `GET /api/members`) as a workbook. */
export async function exportMembers(ctx: Ctx, q: MemberExportQuery) {
  specFor(ctx.actor, 'members');
  const filter: MemberFilter = await memberFilterOf(ctx, q);
  const where = memberWhere(filter);
  return streamExport(ctx, 'members', q.reveal, filtersOf(q), q, {
    count: () => countForExport(ctx.db, members, where),
    page: (after) => exportMembersPage(ctx.db, where, after, CHUNK),
    cells: (r, labels) => memberCells(r, labels, ctx.locale, q.reveal),
    idOf: (r) => r.id,
    districtOf: (r) => districtOf(r.areaPath),
    revealFields: ['phone', 'idNumber'],
  });
}

/** Stream the units list (same filters as `GET /api/units`) as a workbook. */
export async function exportUnits(ctx: Ctx, q: UnitExportQuery) {
  specFor(ctx.actor, 'units');
  const where = unitWhere(await unitFilterOf(ctx, q));
  return streamExport(ctx, 'units', q.reveal, filtersOf(q), q, {
    count: () => countForExport(ctx.db, units, where),
    page: (after) => exportUnitsPage(ctx.db, where, after, CHUNK),
    cells: (r, labels) => unitCells(r, labels, ctx.locale, q.reveal),
    idOf: (r) => r.id,
    districtOf: (r) => districtOf(r.areaPath),
    revealFields: ['contactPhone'],
  });
}

/** Stream the residents list (same filters as `GET /api/residents`) as a workbook. */
export async function exportResidents(ctx: Ctx, q: ResidentExportQuery) {
  specFor(ctx.actor, 'residents');
  const where = residentWhere(await residentFilterOf(ctx, q));
  return streamExport(ctx, 'residents', q.reveal, filtersOf(q), q, {
    count: () => countForExport(ctx.db, residents, where),
    page: (after) => exportResidentsPage(ctx.db, where, after, CHUNK),
    cells: (r) => residentCells(r, ctx.locale, q.reveal),
    idOf: (r) => r.id,
    districtOf: (r) => districtOf(r.areaPath),
    revealFields: ['phone', 'idNumber'],
  });
}
