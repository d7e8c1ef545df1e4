import { type AreaLevel, maskIdNumber } from '@gongjian/common';
import { and, asc, count, desc, eq, getTableColumns, gt, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type AuditInput, maskPii } from '#server/audit/audit.ts';
import type { Executor, Tx } from '#server/db/client.ts';
import {
  appointmentKinds,
  areas,
  auditEvents,
  importRows,
  imports,
  members,
  partyOrgs,
  residents,
  units,
} from '#server/db/schema/index.ts';
import type { Ctx } from '#server/http/context.ts';
import type { Message } from './cells.ts';
import type { StagedRow } from './spec.ts';

/**
 * `column = any($1)` with the whole list as one array parameter: a chunk's thousand keys cost
 * one parameter instead of a thousand for the query builder and the driver.
 */
export const anyOf = (column: AnyPgColumn, values: readonly (string | number)[], type: 'text' | 'int') =>
  sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;

/** A staged import as stored. */
export type ImportRecord = typeof imports.$inferSelect;
/** The header row of an uploaded sheet: all cells, and the text of each recognised column by field. */
export interface StagedHeaders {
  row: string[];
  byField: Record<string, string>;
}
/** One error of a stored invalid row. */
export interface StagedError {
  field: string;
  column: string | null;
  message: Message;
}

/**
 * Drop imports (staged or committed) past their expiry at `now`, with their rows (the foreign
 * key cascades). Idempotent: two runs at once delete each import once between them. Returns how
 * many imports went.
 */
export async function purgeExpiredImports(db: Executor, now: Date) {
  return db
    .delete(imports)
    .where(lt(imports.expiresAt, now))
    .returning({ id: imports.id, entity: imports.entity, status: imports.status, total: imports.total });
}

/** Open a staged import (empty until `finishImport`), expiring after `ttlHours`. */
export async function insertImport(
  db: Executor,
  values: { accountId: number; entity: string; fileName: string | null; ttlHours: number },
) {
  const [row] = await db
    .insert(imports)
    .values({
      accountId: values.accountId,
      entity: values.entity,
      fileName: values.fileName,
      headers: { row: [], byField: {} },
      expiresAt: sql`now() + make_interval(hours => ${values.ttlHours})`,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/** Drop a staged import with its rows. */
export async function deleteImport(db: Executor, id: string) {
  await db.delete(imports).where(eq(imports.id, id));
}

/** Record the counts and headers once every row is staged. */
export async function finishImport(
  db: Executor,
  id: string,
  values: Pick<ImportRecord, 'total' | 'valid' | 'invalid' | 'creates' | 'updates' | 'unchanged'> & {
    headers: StagedHeaders;
  },
) {
  const [row] = await db.update(imports).set(values).where(eq(imports.id, id)).returning();
  if (!row) throw new Error('update returned nothing');
  return row;
}

/** One staged import by id. */
export async function findImport(db: Executor, id: string) {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  return row;
}

/** Lock an import for its commit, so a second commit waits and then sees it committed. */
export async function lockImport(tx: Tx, id: string) {
  const [row] = await tx.select().from(imports).where(eq(imports.id, id)).for('update');
  return row;
}

/** Mark an import committed, with what the commit did. */
export async function markCommitted(tx: Tx, id: string, result: Record<string, unknown>) {
  await tx
    .update(imports)
    .set({ status: 'committed', result, committedAt: sql`now()` })
    .where(eq(imports.id, id));
}

const IMPORT_ROW_TYPES = {
  importId: 'uuid',
  rowNo: 'int',
  status: 'text',
  targetId: 'int',
  data: 'jsonb',
  cells: 'jsonb',
  errors: 'jsonb',
};

/** Stage a chunk of rows in one statement. */
export async function insertImportRows(db: Executor, rows: (typeof importRows.$inferInsert)[]) {
  await bulkInsert(db, importRows, IMPORT_ROW_TYPES, rows);
}

/** The next chunk of valid rows to write, in file order. */
export async function stagedRows(db: Executor, importId: string, afterRow: number, limit: number) {
  const rows = await db
    .select({
      rowNo: importRows.rowNo,
      status: importRows.status,
      targetId: importRows.targetId,
      data: importRows.data,
    })
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, importId),
        gt(importRows.rowNo, afterRow),
        inArray(importRows.status, ['create', 'update']),
      ),
    )
    .orderBy(asc(importRows.rowNo))
    .limit(limit);
  return rows as StagedRow[];
}

/** The next chunk of invalid rows, in file order, with their cells and errors. */
export async function invalidRows(db: Executor, importId: string, afterRow: number, limit: number) {
  const rows = await db
    .select({ rowNo: importRows.rowNo, cells: importRows.cells, errors: importRows.errors })
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, importId),
        gt(importRows.rowNo, afterRow),
        eq(importRows.status, 'invalid'),
      ),
    )
    .orderBy(asc(importRows.rowNo))
    .limit(limit);
  return rows.map((r) => ({
    rowNo: r.rowNo,
    cells: r.cells ?? [],
    errors: (r.errors ?? []) as unknown as StagedError[],
  }));
}

/** How many errors the invalid rows carry in all. */
export async function errorCount(db: Executor, importId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(jsonb_array_length(${importRows.errors})), 0)::int` })
    .from(importRows)
    .where(and(eq(importRows.importId, importId), eq(importRows.status, 'invalid')));
  return row?.n ?? 0;
}

const AUDIT_TYPES = {
  actorId: 'int',
  actorName: 'text',
  actorRole: 'text',
  action: 'text',
  entityType: 'text',
  entityId: 'text',
  areaId: 'int',
  summary: 'text',
  before: 'jsonb',
  after: 'jsonb',
  ip: 'text',
  requestId: 'text',
};

/**
 * Write many audit events in one statement, inside the caller's transaction: the same columns
 * `audit()` writes, for the created and updated rows of an import chunk.
 */
export async function auditMany(tx: Tx, ctx: Pick<Ctx, 'actor' | 'ip' | 'requestId'>, events: AuditInput[]) {
  await bulkInsert(
    tx,
    auditEvents,
    AUDIT_TYPES,
    events.map((e) => ({
      actorId: ctx.actor.accountId,
      actorName: ctx.actor.displayName,
      actorRole: ctx.actor.role,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId === null ? null : String(e.entityId),
      areaId: e.areaId,
      summary: e.summary ?? null,
      before: maskPii(e.before),
      after: maskPii(e.after),
      ip: ctx.ip,
      requestId: ctx.requestId,
    })),
  );
}

/** Column names and a `jsonb_to_recordset` column list for some fields of a table. */
function recordset(table: PgTable, sqlTypes: Record<string, string>) {
  const cols = getTableColumns(table);
  const fields = Object.keys(sqlTypes);
  const names = fields.map((f) => {
    const c = cols[f];
    if (!c) throw new Error(`no column ${f}`);
    return c.name;
  });
  const toJson = (r: Record<string, unknown>) => {
    const o: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      o[names[i] as string] = r[f] ?? null;
    });
    return o;
  };
  const defs = fields.map((f, i) => `"${names[i]}" ${sqlTypes[f]}`);
  const propOf = new Map(Object.entries(cols).map(([prop, c]) => [c.name, prop]));
  return { names, defs, toJson, propOf };
}

/**
 * Insert many rows in one statement: the rows travel as one JSON document unpacked by
 * `jsonb_to_recordset` with each column's SQL type. Building a multi-row VALUES list costs far
 * more per row than the database does, which matters at a hundred thousand rows. Returns the
 * inserted rows with the table's property names when `returning` is set.
 */
export async function bulkInsert(
  tx: Executor,
  table: PgTable,
  sqlTypes: Record<string, string>,
  rows: Record<string, unknown>[],
  returning = false,
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const { names, defs, toJson, propOf } = recordset(table, sqlTypes);
  const list = names.map((n) => `"${n}"`).join(', ');
  // Identifiers and types come from the schema and constants, never from input.
  const res = await tx.execute(
    sql`insert into ${table} (${sql.raw(list)})
        select ${sql.raw(list)} from jsonb_to_recordset(${JSON.stringify(rows.map(toJson))}::jsonb)
          as v(${sql.raw(defs.join(', '))})
        ${returning ? sql`returning *` : sql``}`,
  );
  if (!returning) return [];
  return (res.rows as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [propOf.get(k) ?? k, v])),
  );
}

/** Update many rows by id in one statement, the same way `bulkInsert` inserts them. */
export async function bulkUpdate(
  tx: Tx,
  table: PgTable,
  sqlTypes: Record<string, string>,
  rows: ({ id: number } & Record<string, unknown>)[],
) {
  if (!rows.length) return;
  const { names, defs, toJson } = recordset(table, sqlTypes);
  const sets = names.map((n) => `"${n}" = v."${n}"`).join(', ');
  const json = rows.map((r) => ({ ...toJson(r), __id: r.id }));
  await tx.execute(
    sql`update ${table} as t set ${sql.raw(sets)}, "updated_at" = now()
          from jsonb_to_recordset(${JSON.stringify(json)}::jsonb) as v(${sql.raw(['"__id" int', ...defs].join(', '))})
         where t.id = v.__id`,
  );
}

/* Existing records by natural key, for a chunk of rows (one query each). */

/** A registry an import writes. */
export type ImportTable = typeof members | typeof residents | typeof units;
/** One of its records, with its area's path for the scope checks. */
export type RecordWithPath<T extends ImportTable> = T['$inferSelect'] & { areaPath: string };

/** Records of `table` matching `where` wherever they are, with their area paths; locked for update when `lock`. */
async function recordsWithPath<T extends ImportTable>(
  db: Executor,
  table: T,
  where: SQL,
  lock = false,
): Promise<RecordWithPath<T>[]> {
  // One query for the three registries: drizzle cannot type a select over a generic table, so the
  // rows are typed by the caller's table, whose columns they are.
  const t = table as ImportTable;
  const query = db
    .select({ row: t, areaPath: areas.path })
    .from(t)
    .innerJoin(areas, eq(areas.id, t.areaId))
    .where(where);
  const rows = lock ? await query.for('update', { of: t }) : await query;
  return rows.map((r) => ({ ...(r.row as T['$inferSelect']), areaPath: r.areaPath }));
}

/** Records whose key column (ID number, credit code) holds one of these values. */
export async function recordsByKey<T extends ImportTable>(
  db: Executor,
  table: T,
  column: AnyPgColumn,
  values: string[],
) {
  if (!values.length) return [];
  return recordsWithPath(db, table, anyOf(column, values, 'text'));
}

/** `name|masked ID`: how a row with a masked ID number finds the record it was exported from. */
export const maskKey = (name: string, masked: string | null) => `${name}|${masked}`;

/**
 * Members or residents that a masked ID number and a name may stand for, keyed by `name|mask`:
 * the export's masked cells round-trip to the records they came from.
 */
export async function recordsByMaskedId<T extends typeof members | typeof residents>(
  db: Executor,
  table: T,
  pairs: { name: string; mask: string }[],
) {
  const out = new Map<string, RecordWithPath<T>[]>();
  if (!pairs.length) return out;
  const t = table as typeof members | typeof residents;
  const rows = await recordsWithPath(
    db,
    table,
    and(
      inArray(t.name, [...new Set(pairs.map((p) => p.name))]),
      inArray(sql`left(${t.idNumber}, 6) || '|' || right(${t.idNumber}, 4)`, [
        ...new Set(pairs.map((p) => `${p.mask.slice(0, 6)}|${p.mask.slice(-4)}`)),
      ]),
    ) as SQL,
  );
  for (const r of rows) {
    const key = maskKey(r.name, maskIdNumber(r.idNumber));
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

/** Records on these nodes with these names (rows without a key match this way). */
export async function recordsByAreaName<T extends ImportTable>(
  db: Executor,
  table: T,
  pairs: { areaId: number; name: string }[],
) {
  if (!pairs.length) return [];
  const t = table as ImportTable;
  return recordsWithPath(
    db,
    table,
    and(
      anyOf(t.areaId, [...new Set(pairs.map((p) => p.areaId))], 'int'),
      anyOf(t.name, [...new Set(pairs.map((p) => p.name))], 'text'),
    ) as SQL,
  );
}

/** Lock the records a chunk updates, with their area paths for the scope re-check. */
export async function lockRecords<T extends ImportTable>(tx: Tx, table: T, ids: number[]) {
  if (!ids.length) return [];
  return recordsWithPath(tx, table, anyOf((table as ImportTable).id, ids, 'int'), true);
}

/* Export pages: every matching row in id order (newest first), by keyset rather than offset. */

const before = (column: typeof members.id | typeof units.id | typeof residents.id, afterId: number | null) =>
  afterId === null ? undefined : lt(column, afterId);

/** One page of members for the export, with the codes the sheet names references by. */
export async function exportMembersPage(
  db: Executor,
  where: SQL | undefined,
  afterId: number | null,
  limit: number,
) {
  return db
    .select({
      id: members.id,
      name: members.name,
      gender: members.gender,
      idNumber: members.idNumber,
      phone: members.phone,
      areaCode: areas.code,
      areaPath: areas.path,
      category: members.category,
      joinDate: members.joinDate,
      unitCreditCode: units.creditCode,
      unitName: units.name,
      orgCode: partyOrgs.code,
      orgName: partyOrgs.name,
      skills: members.skills,
      roles: members.roles,
      note: members.note,
    })
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .leftJoin(units, eq(units.id, members.unitId))
    .leftJoin(partyOrgs, eq(partyOrgs.id, members.orgId))
    .where(and(where, before(members.id, afterId)))
    .orderBy(desc(members.id))
    .limit(limit);
}
/** A member row of the export. */
export type MemberExportRow = Awaited<ReturnType<typeof exportMembersPage>>[number];

/**
 * How many rows an export will hold: the registry's filter (`where`) joined to the areas it may
 * refer to, as the export pages are.
 */
export async function countForExport(
  db: Executor,
  table: typeof members | typeof units | typeof residents,
  where: SQL | undefined,
) {
  const [row] = await db
    .select({ n: count() })
    .from(table)
    .innerJoin(areas, eq(areas.id, table.areaId))
    .where(where);
  return row?.n ?? 0;
}

/** One page of units for the export. */
export async function exportUnitsPage(
  db: Executor,
  where: SQL | undefined,
  afterId: number | null,
  limit: number,
) {
  return db
    .select({ ...getTableColumns(units), areaCode: areas.code, areaPath: areas.path })
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .where(and(where, before(units.id, afterId)))
    .orderBy(desc(units.id))
    .limit(limit);
}
/** A unit row of the export. */
export type UnitExportRow = Awaited<ReturnType<typeof exportUnitsPage>>[number];

/** One page of residents for the export. */
export async function exportResidentsPage(
  db: Executor,
  where: SQL | undefined,
  afterId: number | null,
  limit: number,
) {
  return db
    .select({
      ...getTableColumns(residents),
      areaCode: areas.code,
      areaPath: areas.path,
      unitCreditCode: units.creditCode,
      unitName: units.name,
    })
    .from(residents)
    .innerJoin(areas, eq(areas.id, residents.areaId))
    .leftJoin(units, eq(units.id, residents.unitId))
    .where(and(where, before(residents.id, afterId)))
    .orderBy(desc(residents.id))
    .limit(limit);
}
/** A resident row of the export. */
export type ResidentExportRow = Awaited<ReturnType<typeof exportResidentsPage>>[number];

/** The areas a template lists: inside `scopePath` (all when null), of the given levels, tree order. */
export async function templateAreas(
  db: Executor,
  scopePath: string | null,
  levels: readonly AreaLevel[] | null,
) {
  return db
    .select({ id: areas.id, code: areas.code, name: areas.name, level: areas.level, path: areas.path })
    .from(areas)
    .where(
      and(
        scopePath ? sql`${areas.path} like ${`${scopePath}%`}` : undefined,
        levels ? inArray(areas.level, levels as AreaLevel[]) : undefined,
      ),
    )
    .orderBy(asc(areas.path))
    .limit(50_000);
}

/** Names of areas by id (the template's location column, the exports' place columns). */
export async function areaNames(db: Executor, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.select({ id: areas.id, name: areas.name }).from(areas).where(inArray(areas.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Names of appointment kinds by id, in both languages. */
export async function kindNames(db: Executor, ids: number[]) {
  if (!ids.length) return new Map<number, { nameZh: string; nameEn: string }>();
  const rows = await db
    .select({ id: appointmentKinds.id, nameZh: appointmentKinds.nameZh, nameEn: appointmentKinds.nameEn })
    .from(appointmentKinds)
    .where(inArray(appointmentKinds.id, ids));
  return new Map(rows.map((r) => [r.id, { nameZh: r.nameZh, nameEn: r.nameEn }]));
}
