import type { CandidateStatus } from '@gongjian/common';
import { and, asc, count, desc, eq, getTableColumns, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import {
  appointmentKinds,
  areas,
  batchCandidates,
  dictItems,
  members,
  partyOrgs,
  selectionBatches,
  units,
  workProgrammes,
} from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

// ── Programmes ─────────────────────────────────────────────────────────────────────────────

const batchCount = sql<number>`(select count(*)::int from ${selectionBatches} where ${selectionBatches.programmeId} = ${workProgrammes.id})`;

const programmeColumns = {
  ...getTableColumns(workProgrammes),
  areaName: areas.name,
  areaPath: areas.path,
  kindCode: appointmentKinds.code,
  kindNameZh: appointmentKinds.nameZh,
  kindNameEn: appointmentKinds.nameEn,
  kindNeedsSendingUnit: appointmentKinds.needsSendingUnit,
  kindTermMonths: appointmentKinds.termMonths,
  batchCount,
};

function selectProgrammes(db: Executor) {
  return db
    .select(programmeColumns)
    .from(workProgrammes)
    .innerJoin(areas, eq(areas.id, workProgrammes.areaId))
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, workProgrammes.kindId));
}

/** A programme with its area (scope), kind and batch count. */
export async function findProgramme(db: Executor, id: number) {
  const [row] = await selectProgrammes(db).where(eq(workProgrammes.id, id));
  return row;
}
/** A programme as `findProgramme` returns it. */
export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof findProgramme>>>;

/** Lock a programme before changing or deleting it. */
export async function lockProgramme(db: Executor, id: number) {
  const [row] = await selectProgrammes(db)
    .where(eq(workProgrammes.id, id))
    .for('update', { of: workProgrammes });
  return row;
}

/** Programme list filters, resolved by the service. */
export interface ProgrammeFilter {
  scopePath: string | null;
  withinPath?: string | undefined;
  kindId?: number | undefined;
  year?: number | undefined;
  q?: string | undefined;
}

function programmeWhere(f: ProgrammeFilter): SQL | undefined {
  return and(
    f.scopePath ? sql`${areas.path} like ${`${f.scopePath}%`}` : undefined,
    f.withinPath ? sql`${areas.path} like ${`${f.withinPath}%`}` : undefined,
    f.kindId ? eq(workProgrammes.kindId, f.kindId) : undefined,
    f.year ? eq(workProgrammes.year, f.year) : undefined,
    f.q ? ilike(workProgrammes.title, likeContains(f.q)) : undefined,
  );
}

/** One page of programmes, latest year first, with the total. */
export async function listProgrammes(db: Executor, f: ProgrammeFilter, page: number, pageSize: number) {
  const w = programmeWhere(f);
  const [data, [total]] = await Promise.all([
    selectProgrammes(db)
      .where(w)
      .orderBy(desc(workProgrammes.year), desc(workProgrammes.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(workProgrammes)
      .innerJoin(areas, eq(areas.id, workProgrammes.areaId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** Labels of a district's member categories, by code (for the reasons of the check). */
export async function categoryLabels(db: Executor, districtId: number) {
  const rows = await db
    .select({ code: dictItems.code, zh: dictItems.labelZh, en: dictItems.labelEn })
    .from(dictItems)
    .where(and(eq(dictItems.areaId, districtId), eq(dictItems.type, 'member_category')));
  return Object.fromEntries(rows.map((r) => [r.code, { zh: r.zh, en: r.en }]));
}

// ── Batches ────────────────────────────────────────────────────────────────────────────────

const candidateStatuses = sql<
  CandidateStatus[]
>`coalesce((select array_agg(c.status order by c.id) from ${batchCandidates} c where c.batch_id = ${selectionBatches.id}), '{}'::text[])`;

const batchColumns = {
  ...getTableColumns(selectionBatches),
  programmeTitle: workProgrammes.title,
  conditions: workProgrammes.conditions,
  kindId: workProgrammes.kindId,
  kindCode: appointmentKinds.code,
  kindTermMonths: appointmentKinds.termMonths,
  kindNeedsSendingUnit: appointmentKinds.needsSendingUnit,
  kindEnabled: appointmentKinds.enabled,
  areaName: areas.name,
  areaPath: areas.path,
  candidateStatuses,
};

function selectBatches(db: Executor) {
  return db
    .select(batchColumns)
    .from(selectionBatches)
    .innerJoin(workProgrammes, eq(workProgrammes.id, selectionBatches.programmeId))
    .innerJoin(appointmentKinds, eq(appointmentKinds.id, workProgrammes.kindId))
    .innerJoin(areas, eq(areas.id, selectionBatches.areaId));
}

/** A batch with its programme, kind, area and the statuses of its candidates. */
export async function findBatch(db: Executor, id: number) {
  const [row] = await selectBatches(db).where(eq(selectionBatches.id, id));
  return row;
}
/** A batch as `findBatch` returns it. */
export type BatchRow = NonNullable<Awaited<ReturnType<typeof findBatch>>>;

/** Lock a batch before it or its candidates move: every batch mutation goes through this lock. */
export async function lockBatch(db: Executor, id: number) {
  const [row] = await selectBatches(db)
    .where(eq(selectionBatches.id, id))
    .for('update', { of: selectionBatches });
  return row;
}

/** Batch list filters, resolved by the service. */
export interface BatchFilter {
  scopePath: string | null;
  /** The running area inside this subtree. */
  withinPath?: string | undefined;
  programmeId?: number | undefined;
  kindId?: number | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

function batchWhere(f: BatchFilter): SQL | undefined {
  return and(
    f.scopePath ? sql`${areas.path} like ${`${f.scopePath}%`}` : undefined,
    f.withinPath ? sql`${areas.path} like ${`${f.withinPath}%`}` : undefined,
    f.programmeId ? eq(selectionBatches.programmeId, f.programmeId) : undefined,
    f.kindId ? eq(workProgrammes.kindId, f.kindId) : undefined,
    f.status ? eq(selectionBatches.status, f.status as BatchRow['status']) : undefined,
    f.q ? ilike(selectionBatches.title, likeContains(f.q)) : undefined,
  );
}

/** One page of batches, latest first, with the total. */
export async function listBatches(db: Executor, f: BatchFilter, page: number, pageSize: number) {
  const w = batchWhere(f);
  const [data, [total]] = await Promise.all([
    selectBatches(db)
      .where(w)
      .orderBy(desc(selectionBatches.batchDate), desc(selectionBatches.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(selectionBatches)
      .innerJoin(workProgrammes, eq(workProgrammes.id, selectionBatches.programmeId))
      .innerJoin(areas, eq(areas.id, selectionBatches.areaId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

// ── Candidates ─────────────────────────────────────────────────────────────────────────────

const candidateColumns = {
  ...getTableColumns(batchCandidates),
  memberName: members.name,
  sendingUnitName: units.name,
  receivingOrgName: partyOrgs.name,
  areaId: partyOrgs.areaId,
  areaName: areas.name,
  areaPath: areas.path,
};

function selectCandidates(db: Executor) {
  return db
    .select(candidateColumns)
    .from(batchCandidates)
    .innerJoin(members, eq(members.id, batchCandidates.memberId))
    .leftJoin(units, eq(units.id, batchCandidates.sendingUnitId))
    .innerJoin(partyOrgs, eq(partyOrgs.id, batchCandidates.receivingOrgId))
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId));
}

/** A batch's candidates in nomination order. */
export async function candidatesOf(db: Executor, batchId: number) {
  return selectCandidates(db).where(eq(batchCandidates.batchId, batchId)).orderBy(asc(batchCandidates.id));
}
/** A candidate with the names it refers to and the receiving area. */
export type CandidateRow = Awaited<ReturnType<typeof candidatesOf>>[number];

/** One candidate of a batch (undefined when it belongs to another batch). */
export async function findCandidate(db: Executor, batchId: number, id: number) {
  const [row] = await selectCandidates(db).where(
    and(eq(batchCandidates.batchId, batchId), eq(batchCandidates.id, id)),
  );
  return row;
}

/** Candidates in some statuses (e.g. the approved ones at appointment). */
export async function candidatesIn(db: Executor, batchId: number, statuses: CandidateStatus[]) {
  return selectCandidates(db)
    .where(and(eq(batchCandidates.batchId, batchId), inArray(batchCandidates.status, statuses)))
    .orderBy(asc(batchCandidates.id));
}
