import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { countGroups, listTotal, offsetOf, textContains, withNext } from '#server/db/lists.ts';
import {
  appointmentKinds,
  appointments,
  areas,
  members,
  residents,
  units,
  workLogFiles,
  workLogs,
} from '#server/db/schema/index.ts';
import { fieldError } from '#server/errors.ts';
import { areaUnder } from '#server/policies/scope.ts';

const subject = alias(members, 'subject');
const subjectResident = alias(residents, 'subject_resident');
const targetUnit = alias(units, 'target_unit');
const targetArea = alias(areas, 'target_area');

/** `occurred_at` in whole microseconds since 1970: the exact instant, for a cursor. */
const occurredMicros = sql<string>`(extract(epoch from ${workLogs.occurredAt}) * 1000000)::bigint::text`;

const columns = {
  ...getTableColumns(workLogs),
  /** Where the list's keyset cursor stands after this log. */
  cursorAt: occurredMicros,
  appointmentKindCode: appointmentKinds.code,
  appointmentStatus: appointments.status,
  memberId: appointments.memberId,
  memberName: members.name,
  sendingUnitId: appointments.sendingUnitId,
  areaName: areas.name,
  areaPath: areas.path,
  targetUnitName: targetUnit.name,
  /** Where the visited unit sits: a visit to a unit in an admin's subtree is that admin's to read. */
  targetUnitPath: targetArea.path,
  subjectMemberName: subject.name,
  subjectResidentName: subjectResident.name,
};

function selectLogs(db: Executor) {
  return db
    .select(columns)
    .from(workLogs)
    .innerJoin(appointments, eq(appointments.id, workLogs.appointmentId))
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, appointments.kindId))
    .innerJoin(members, eq(members.id, appointments.memberId))
    .innerJoin(areas, eq(areas.id, workLogs.areaId))
    .leftJoin(targetUnit, eq(targetUnit.id, workLogs.targetUnitId))
    .leftJoin(targetArea, eq(targetArea.id, targetUnit.areaId))
    .leftJoin(subject, eq(subject.id, workLogs.subjectMemberId))
    .leftJoin(subjectResident, eq(subjectResident.id, workLogs.subjectResidentId));
}

/** A log with its appointment's people (scope) and the names it refers to. */
export async function findWorkLog(db: Executor, id: number) {
  const [row] = await selectLogs(db).where(eq(workLogs.id, id));
  return row;
}
/** A log as `findWorkLog` returns it. */
export type WorkLogRow = NonNullable<Awaited<ReturnType<typeof findWorkLog>>>;

/** Lock a log before it is confirmed, rejected or gets evidence. */
export async function lockWorkLog(db: Executor, id: number) {
  const [row] = await selectLogs(db).where(eq(workLogs.id, id)).for('update', { of: workLogs });
  return row;
}

/** List filters, resolved by the service. */
export interface WorkLogFilter {
  /** The caller's data scope (`workLogListScope`: over columns of `work_logs` only). */
  scope: SQL | undefined;
  /** The same scope for the planner's estimate of the total (`workLogEstimateScope`, over the log's `areas` row). */
  estimateScope?: SQL | undefined;
  /** The same scope as disjoint parts, each counted from its own index (`workLogCountScopes`). */
  countScopes?: SQL[] | undefined;
  appointmentId?: number | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  /** First and last day of `occurredAt`, both included, as calendar days in `timeZone`. */
  fromDay?: string | undefined;
  toDay?: string | undefined;
  timeZone: string;
  /** A period's instants `[start, end)` (end null: a term without an end). */
  period?: { start: Date; end: Date | null } | undefined;
  withinPath?: string | undefined;
  targetType?: string | undefined;
  targetUnitId?: number | undefined;
  /** Visits to a unit located under this path. */
  targetWithinPath?: string | undefined;
  demandCategory?: string | undefined;
  withDemands?: boolean | undefined;
  /** Leave out rejected logs, as every figure does. */
  counted?: boolean | undefined;
  activityType?: string | undefined;
  q?: string | undefined;
}

/** Visits whose target unit is located under a path (a subquery: the count query joins no unit). */
export const visitsToUnitsUnder = (path: string) =>
  sql`(${workLogs.kind} = 'visit' and ${workLogs.targetUnitId} in (select tu.id from ${units} tu join ${areas} ta on ta.id = tu.area_id where ta.path like ${`${path}%`}))`;

/** The appointments whose appointee's name contains `q` (a log search matches them too). */
async function appointmentsNamed(db: Executor, q: string): Promise<number[]> {
  const rows = await db
    .select({ id: appointments.id })
    .from(appointments)
    .innerJoin(members, eq(members.id, appointments.memberId))
    .where(textContains(members.name, q));
  return rows.map((r) => r.id);
}

/**
 * The list's conditions, over columns of `work_logs` only (places and appointments as sets of
 * ids), so the list's walk reads no other table for the logs it skips. The text search
 * matches the content, or the appointee's name through the ids of the appointments named
 * (`named`, looked up first), so both halves of the OR are answered from an index.
 */
function where(f: WorkLogFilter, named: number[]): SQL | undefined {
  return and(
    f.scope,
    f.appointmentId ? eq(workLogs.appointmentId, f.appointmentId) : undefined,
    f.kind ? eq(workLogs.kind, f.kind as WorkLogRow['kind']) : undefined,
    f.status ? eq(workLogs.status, f.status as WorkLogRow['status']) : undefined,
    // Day bounds are midnights in the district's zone, computed by PostgreSQL so any zone works.
    f.fromDay
      ? sql`${workLogs.occurredAt} >= (${f.fromDay}::date::timestamp at time zone ${f.timeZone})`
      : undefined,
    f.toDay
      ? sql`${workLogs.occurredAt} < ((${f.toDay}::date + 1)::timestamp at time zone ${f.timeZone})`
      : undefined,
    f.period ? sql`${workLogs.occurredAt} >= ${f.period.start.toISOString()}` : undefined,
    f.period?.end ? sql`${workLogs.occurredAt} < ${f.period.end.toISOString()}` : undefined,
    f.withinPath ? areaUnder(workLogs.areaId, f.withinPath) : undefined,
    f.targetType ? eq(workLogs.targetType, f.targetType as WorkLogRow['targetType'] & string) : undefined,
    f.targetUnitId ? eq(workLogs.targetUnitId, f.targetUnitId) : undefined,
    f.targetWithinPath ? visitsToUnitsUnder(f.targetWithinPath) : undefined,
    f.demandCategory ? arrayContains(workLogs.demandCategories, [f.demandCategory]) : undefined,
    f.withDemands === undefined
      ? undefined
      : sql`cardinality(${workLogs.demandCategories}) ${f.withDemands ? sql`>` : sql`=`} 0`,
    f.counted ? ne(workLogs.status, 'rejected') : undefined,
    f.activityType
      ? eq(workLogs.activityType, f.activityType as WorkLogRow['activityType'] & string)
      : undefined,
    f.q
      ? or(
          textContains(workLogs.content, f.q),
          named.length ? sql`${workLogs.appointmentId} = any(${sql.param(named)}::int[])` : undefined,
        )
      : undefined,
  );
}

/**
 * One page of logs, latest first, with the total (exact up to `EXACT_TOTAL_LIMIT`, estimated
 * past it). The page's ids come first, walking the (occurred_at, id) index, which also holds the
 * columns the scope tests (migration 0016), so the rows skipped are never read; the joins to the
 * names a log shows are then driven by those ids: as a derived table the planner keeps it first,
 * where `id in (…)` let it join all nine tables for every log (past `from_collapse_limit` it
 * cannot move the semi-join to the front) and keep 21 of them.
 */
export async function listWorkLogs(
  db: Executor,
  f: WorkLogFilter,
  page: number,
  pageSize: number,
  after?: string,
) {
  const named = f.q ? await appointmentsNamed(db, f.q) : [];
  const w = where(f, named);
  const matching = (...more: (SQL | undefined)[]) =>
    db
      .select({ id: workLogs.id })
      .from(workLogs)
      .where(and(w, ...more));
  // The capped count: part after part when the scope comes in parts (disjoint, so nothing is
  // counted twice), each from its own index; else of the walk's own conditions.
  const counted = f.countScopes
    ? f.countScopes.map((part) =>
        db
          .select({ id: workLogs.id })
          .from(workLogs)
          .where(where({ ...f, scope: part }, named)),
      )
    : matching();
  const latestFirst = [desc(workLogs.occurredAt), desc(workLogs.id)];
  const ids = matching(afterLog(after))
    .orderBy(...latestFirst)
    .limit(pageSize + 1)
    .offset(offsetOf(page, pageSize))
    .as('page_ids');
  const [rows, total] = await Promise.all([
    db
      .select(columns)
      .from(ids)
      .innerJoin(workLogs, eq(workLogs.id, ids.id))
      // selectLogs' joins, after the ids.
      .innerJoin(appointments, eq(appointments.id, workLogs.appointmentId))
      .innerJoin(appointmentKinds, eq(appointmentKinds.id, appointments.kindId))
      .innerJoin(members, eq(members.id, appointments.memberId))
      .innerJoin(areas, eq(areas.id, workLogs.areaId))
      .leftJoin(targetUnit, eq(targetUnit.id, workLogs.targetUnitId))
      .leftJoin(targetArea, eq(targetArea.id, targetUnit.areaId))
      .leftJoin(subject, eq(subject.id, workLogs.subjectMemberId))
      .leftJoin(subjectResident, eq(subjectResident.id, workLogs.subjectResidentId))
      .orderBy(...latestFirst),
    listTotal(db, counted, {
      estimate:
        f.estimateScope &&
        db
          .select({ id: workLogs.id })
          .from(workLogs)
          .innerJoin(areas, eq(areas.id, workLogs.areaId))
          .where(where({ ...f, scope: f.estimateScope }, named)),
    }),
  ]);
  return { ...withNext(rows, pageSize, (r) => `${r.cursorAt}_${r.id}`), ...total };
}

/**
 * Logs matching the list's filter, per value of a column or all together: one GROUP BY over the
 * list's own `where` (the scope as one OR; its parts are only the capped count's shortcut).
 */
export async function countWorkLogsBy(db: Executor, f: WorkLogFilter, by?: AnyPgColumn) {
  const named = f.q ? await appointmentsNamed(db, f.q) : [];
  return countGroups(db, workLogs, where(f, named), by);
}

/**
 * The keyset condition of an `after` cursor (`<microseconds>_<id>` of the last log shown) over
 * the list's order, latest first; 400 if it is not one.
 */
function afterLog(after: string | undefined): SQL | undefined {
  if (after === undefined) return undefined;
  const m = /^(\d{1,17})_(\d{1,10})$/.exec(after);
  const id = Number(m?.[2]);
  if (!m || !(id <= 2_147_483_647)) throw fieldError('after', 'v.cursor');
  return sql`(${workLogs.occurredAt}, ${workLogs.id}) < (timestamptz 'epoch' + ${m[1]}::bigint * interval '1 microsecond', ${id})`;
}

const fileMeta = {
  id: workLogFiles.id,
  workLogId: workLogFiles.workLogId,
  fileName: workLogFiles.fileName,
  contentType: workLogFiles.contentType,
  size: workLogFiles.size,
  sha256: workLogFiles.sha256,
  createdAt: workLogFiles.createdAt,
};
/** Evidence metadata as `filesOf` returns it. */
export type WorkLogFileMeta = Awaited<ReturnType<typeof filesOf>>[number];

/** Evidence metadata (never the bytes) of some logs, oldest first. */
export async function filesOf(db: Executor, logIds: number[]) {
  if (!logIds.length) return [];
  return db
    .select(fileMeta)
    .from(workLogFiles)
    .where(inArray(workLogFiles.workLogId, logIds))
    .orderBy(asc(workLogFiles.id));
}

/** One evidence file of a log, bytes included. */
export async function findFile(db: Executor, logId: number, fileId: number) {
  const [row] = await db
    .select()
    .from(workLogFiles)
    .where(and(eq(workLogFiles.workLogId, logId), eq(workLogFiles.id, fileId)));
  return row;
}

/** How many evidence files a log has. */
export async function fileCount(db: Executor, logId: number) {
  const [row] = await db.select({ n: count() }).from(workLogFiles).where(eq(workLogFiles.workLogId, logId));
  return row?.n ?? 0;
}
