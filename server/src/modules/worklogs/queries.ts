import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import {
  appointmentKinds,
  appointments,
  areas,
  members,
  units,
  workLogFiles,
  workLogs,
} from '../../db/schema/index.ts';
import { likeContains } from '../../policies/scope.ts';

const subject = alias(members, 'subject');
const targetUnit = alias(units, 'target_unit');

const columns = {
  ...getTableColumns(workLogs),
  appointmentKindCode: appointmentKinds.code,
  appointmentStatus: appointments.status,
  memberId: appointments.memberId,
  memberName: members.name,
  sendingUnitId: appointments.sendingUnitId,
  areaName: areas.name,
  areaPath: areas.path,
  targetUnitName: targetUnit.name,
  subjectMemberName: subject.name,
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
    .leftJoin(subject, eq(subject.id, workLogs.subjectMemberId));
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
  /** The caller's data scope (the appointment list scope applies unchanged). */
  scope: SQL | undefined;
  appointmentId?: number | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  /** First and last day of `occurredAt`, both included, as calendar days in `timeZone`. */
  fromDay?: string | undefined;
  toDay?: string | undefined;
  timeZone: string;
  withinPath?: string | undefined;
  q?: string | undefined;
}

function where(f: WorkLogFilter): SQL | undefined {
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
    f.withinPath ? sql`${areas.path} like ${`${f.withinPath}%`}` : undefined,
    f.q ? or(ilike(workLogs.content, likeContains(f.q)), ilike(members.name, likeContains(f.q))) : undefined,
  );
}

/** One page of logs, latest first, with the total. */
export async function listWorkLogs(db: Executor, f: WorkLogFilter, page: number, pageSize: number) {
  const w = where(f);
  const [data, [total]] = await Promise.all([
    selectLogs(db)
      .where(w)
      .orderBy(desc(workLogs.occurredAt), desc(workLogs.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(workLogs)
      .innerJoin(appointments, eq(appointments.id, workLogs.appointmentId))
      .innerJoin(members, eq(members.id, appointments.memberId))
      .innerJoin(areas, eq(areas.id, workLogs.areaId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
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
