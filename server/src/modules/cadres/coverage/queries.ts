import type { CoveredLevel } from '@gongjian/common';
import { JOINT_ORG_TYPES, TWO_NEW_UNIT_TYPES } from '@gongjian/common';
import {
  and,
  asc,
  count,
  eq,
  getTableColumns,
  ilike,
  inArray,
  ne,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import {
  areas,
  coverageAssignments,
  dictItems,
  members,
  partyOrgs,
  units,
  workLogs,
} from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

const community = alias(areas, 'community');

// The community sits at depth 2 (district/street/community), so its id is the path's third id.
const communityOfPath = (path: SQL | typeof areas.path) => sql`nullif(split_part(${path}, '/', 4), '')::int`;

const columns = {
  ...getTableColumns(coverageAssignments),
  orgName: partyOrgs.name,
  orgType: partyOrgs.type,
  unitId: partyOrgs.unitId,
  unitName: units.name,
  areaName: areas.name,
  areaLevel: areas.level,
  areaPath: areas.path,
  communityId: community.id,
  communityName: community.name,
  // The node's ancestors below the community, by primary key from the ids in its path.
  areaLabel: sql<string>`(select string_agg(up.name, ' / ' order by up.depth) from areas up
    where up.id = any(string_to_array(trim(both '/' from ${areas.path}), '/')::int[]) and up.depth > 2)`,
};

function selectAssignments(db: Executor) {
  return db
    .select(columns)
    .from(coverageAssignments)
    .innerJoin(partyOrgs, eq(partyOrgs.id, coverageAssignments.orgId))
    .innerJoin(areas, eq(areas.id, coverageAssignments.areaId))
    .leftJoin(units, eq(units.id, partyOrgs.unitId))
    .leftJoin(community, sql`${community.id} = ${communityOfPath(areas.path)}`);
}

/** An assignment with its organisation, unit, covered node and community. */
export async function findAssignment(db: Executor, id: number) {
  const [row] = await selectAssignments(db).where(eq(coverageAssignments.id, id));
  return row;
}
export type AssignmentRow = NonNullable<Awaited<ReturnType<typeof findAssignment>>>;

/** Lock an assignment before changing or deleting it. */
export async function lockAssignment(db: Executor, id: number) {
  const [row] = await selectAssignments(db)
    .where(eq(coverageAssignments.id, id))
    .for('update', { of: coverageAssignments });
  return row;
}

export interface AssignmentFilter {
  scope: SQL | undefined;
  withinPath?: string | undefined;
  orgId?: number | undefined;
  unitId?: number | undefined;
  activeOn?: string | undefined;
  q?: string | undefined;
}

function where(f: AssignmentFilter): SQL | undefined {
  return and(
    f.scope,
    f.withinPath ? sql`${areas.path} like ${`${f.withinPath}%`}` : undefined,
    f.orgId ? eq(coverageAssignments.orgId, f.orgId) : undefined,
    f.unitId ? eq(partyOrgs.unitId, f.unitId) : undefined,
    f.activeOn ? activeOn(f.activeOn) : undefined,
    f.q ? or(ilike(partyOrgs.name, likeContains(f.q)), ilike(areas.name, likeContains(f.q))) : undefined,
  );
}

/** Running on `day`: started on or before it and not ended before it. */
function activeOn(day: string): SQL {
  return sql`${coverageAssignments.startOn} <= ${day}::date and (${coverageAssignments.endOn} is null or ${coverageAssignments.endOn} >= ${day}::date)`;
}

/** One page of assignments grouped by covered node (subtrees together), with the total. */
export async function listAssignments(db: Executor, f: AssignmentFilter, page: number, pageSize: number) {
  const w = where(f);
  const [data, [total]] = await Promise.all([
    selectAssignments(db)
      .where(w)
      .orderBy(asc(areas.path), asc(coverageAssignments.startOn), asc(coverageAssignments.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(coverageAssignments)
      .innerJoin(partyOrgs, eq(partyOrgs.id, coverageAssignments.orgId))
      .innerJoin(areas, eq(areas.id, coverageAssignments.areaId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** A party organisation named in a body, locked so its assignments are checked and written in turn. */
export async function lockOrgRef(db: Executor, id: number) {
  const [row] = await db
    .select({
      id: partyOrgs.id,
      name: partyOrgs.name,
      type: partyOrgs.type,
      unitId: partyOrgs.unitId,
      areaPath: areas.path,
    })
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .where(eq(partyOrgs.id, id))
    .for('update', { of: partyOrgs });
  return row;
}

/** Does the organisation already cover the node in a period overlapping [startOn, endOn]? */
export async function overlaps(
  db: Executor,
  a: { orgId: number; areaId: number; startOn: string; endOn: string | null; exceptId?: number },
): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(coverageAssignments)
    .where(
      and(
        eq(coverageAssignments.orgId, a.orgId),
        eq(coverageAssignments.areaId, a.areaId),
        a.exceptId ? ne(coverageAssignments.id, a.exceptId) : undefined,
        sql`(${coverageAssignments.endOn} is null or ${coverageAssignments.endOn} >= ${a.startOn}::date)`,
        a.endOn ? sql`${coverageAssignments.startOn} <= ${a.endOn}::date` : undefined,
      ),
    );
  return (row?.n ?? 0) > 0;
}

/**
 * One page of the organisations that may take coverage on: registered under `districtPath` (all
 * districts when undefined), joint bodies left out; by unit, then name.
 */
export async function listCoverableOrgs(
  db: Executor,
  f: { districtPath: string | undefined; q: string | undefined },
  page: number,
  pageSize: number,
) {
  const w = and(
    f.districtPath ? sql`${areas.path} like ${`${f.districtPath}%`}` : undefined,
    notInArray(partyOrgs.type, [...JOINT_ORG_TYPES]),
    f.q ? or(ilike(partyOrgs.name, likeContains(f.q)), ilike(units.name, likeContains(f.q))) : undefined,
  );
  const [data, [total]] = await Promise.all([
    db
      .select({
        id: partyOrgs.id,
        name: partyOrgs.name,
        type: sql<string>`${partyOrgs.type}`,
        unitId: partyOrgs.unitId,
        unitName: units.name,
        areaId: partyOrgs.areaId,
        areaName: areas.name,
      })
      .from(partyOrgs)
      .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
      .leftJoin(units, eq(units.id, partyOrgs.unitId))
      .where(w)
      .orderBy(asc(units.name), asc(partyOrgs.name), asc(partyOrgs.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: count() })
      .from(partyOrgs)
      .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
      .leftJoin(units, eq(units.id, partyOrgs.unitId))
      .where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

// ── Status ─────────────────────────────────────────────────────────────────────────────────

/** The communities a status covers: the node itself, or a street's communities in order. */
export async function communitiesUnder(db: Executor, area: { id: number; level: string }) {
  return db
    .select({ id: areas.id, name: areas.name, path: areas.path })
    .from(areas)
    .where(
      area.level === 'community'
        ? eq(areas.id, area.id)
        : and(eq(areas.parentId, area.id), eq(areas.level, 'community')),
    )
    .orderBy(asc(areas.sort), asc(areas.id));
}

/** Every zone, compound and building under a path, with the community it belongs to. */
export async function coveredNodesUnder(db: Executor, path: string) {
  return db
    .select({
      id: areas.id,
      parentId: areas.parentId,
      level: sql<CoveredLevel>`${areas.level}`,
      name: areas.name,
      sort: areas.sort,
      communityId: sql<number>`${communityOfPath(areas.path)}`,
    })
    .from(areas)
    .where(and(sql`${areas.path} like ${`${path}%`}`, inArray(areas.level, ['zone', 'compound', 'building'])))
    .orderBy(asc(areas.depth), asc(areas.sort), asc(areas.id));
}

/** Assignments running on `day` whose node lies under a path. */
export async function activeAssignmentsUnder(db: Executor, path: string, day: string) {
  return db
    .select({
      areaId: coverageAssignments.areaId,
      orgId: coverageAssignments.orgId,
      orgName: partyOrgs.name,
      unitId: partyOrgs.unitId,
      unitName: units.name,
    })
    .from(coverageAssignments)
    .innerJoin(partyOrgs, eq(partyOrgs.id, coverageAssignments.orgId))
    .innerJoin(areas, eq(areas.id, coverageAssignments.areaId))
    .leftJoin(units, eq(units.id, partyOrgs.unitId))
    .where(and(sql`${areas.path} like ${`${path}%`}`, activeOn(day)))
    .orderBy(asc(partyOrgs.id));
}

/** Members with the `building_head` role (楼栋长) living in a building under a path. */
export async function buildingHeadsUnder(db: Executor, path: string) {
  return db
    .select({ memberId: members.id, name: members.name, areaId: members.areaId })
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .where(
      and(
        sql`${areas.path} like ${`${path}%`}`,
        eq(areas.level, 'building'),
        sql`'building_head' = any(${members.roles})`,
      ),
    )
    .orderBy(asc(members.id));
}

// ── Visits ─────────────────────────────────────────────────────────────────────────────────

const twoNewType = inArray(units.type, [...TWO_NEW_UNIT_TYPES]);

/** Period bounds: midnights of the first and the day after the last day, in the district's zone. */
const inPeriod = (from: string, to: string, timeZone: string) =>
  sql`${workLogs.occurredAt} >= (${from}::date::timestamp at time zone ${timeZone}) and ${workLogs.occurredAt} < ((${to}::date + 1)::timestamp at time zone ${timeZone})`;

/** A visit that counts: any visit log that was not rejected by the receiving community. */
const countingVisit = and(eq(workLogs.kind, 'visit'), ne(workLogs.status, 'rejected'));

/** The two-new organisations located under a path, each with its visits in the period. */
export async function twoNewVisitsUnder(
  db: Executor,
  path: string,
  period: { from: string; to: string; timeZone: string },
) {
  const visits = db
    .select({ unitId: sql<number>`${workLogs.targetUnitId}`.as('unit_id'), n: count().as('n') })
    .from(workLogs)
    .where(
      and(
        countingVisit,
        inPeriod(period.from, period.to, period.timeZone),
        sql`${workLogs.targetUnitId} in (select u.id from units u join areas a on a.id = u.area_id where a.path like ${`${path}%`})`,
      ),
    )
    .groupBy(workLogs.targetUnitId)
    .as('visits');
  return db
    .select({
      id: units.id,
      name: units.name,
      type: units.type,
      areaId: units.areaId,
      areaName: areas.name,
      visits: sql<number>`coalesce(${visits.n}, 0)::int`,
    })
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .leftJoin(visits, eq(visits.unitId, units.id))
    .where(and(sql`${areas.path} like ${`${path}%`}`, twoNewType))
    .orderBy(asc(areas.path), asc(units.id));
}

/**
 * Visits filed as to a two-new organisation located under a path, whoever made them: the
 * condition the work-log list's drill-down (`targetWithin` + `targetType=two_new_org`) applies.
 */
export async function visitsToTwoNewUnder(
  db: Executor,
  path: string,
  period: { from: string; to: string; timeZone: string },
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(workLogs)
    .where(
      and(
        countingVisit,
        inPeriod(period.from, period.to, period.timeZone),
        eq(workLogs.targetType, 'two_new_org'),
        sql`${workLogs.targetUnitId} in (select u.id from units u join areas a on a.id = u.area_id where a.path like ${`${path}%`})`,
      ),
    );
  return row?.n ?? 0;
}

/** Visits recorded for appointments received under a path, by target type, and how many took demands. */
export async function visitsByTargetType(
  db: Executor,
  path: string,
  period: { from: string; to: string; timeZone: string },
) {
  return db
    .select({
      targetType: sql<string>`${workLogs.targetType}`,
      visits: sql<number>`count(*)::int`,
      withDemands: sql<number>`(count(*) filter (where cardinality(${workLogs.demandCategories}) > 0))::int`,
    })
    .from(workLogs)
    .innerJoin(areas, eq(areas.id, workLogs.areaId))
    .where(
      and(
        sql`${areas.path} like ${`${path}%`}`,
        countingVisit,
        inPeriod(period.from, period.to, period.timeZone),
      ),
    )
    .groupBy(workLogs.targetType)
    .orderBy(asc(workLogs.targetType));
}

/**
 * Visits recorded for appointments received under a path in the period, counted per demand
 * category they name (a visit naming two categories counts once for each).
 */
export async function visitDemandsUnder(
  db: Executor,
  path: string,
  period: { from: string; to: string; timeZone: string },
) {
  const named = db
    .select({ code: sql<string>`unnest(${workLogs.demandCategories})`.as('code') })
    .from(workLogs)
    .innerJoin(areas, eq(areas.id, workLogs.areaId))
    .where(
      and(
        sql`${areas.path} like ${`${path}%`}`,
        countingVisit,
        inPeriod(period.from, period.to, period.timeZone),
      ),
    )
    .as('named');
  return db
    .select({ code: named.code, visits: sql<number>`count(*)::int` })
    .from(named)
    .groupBy(named.code)
    .orderBy(asc(named.code));
}

/** The district's demand categories (disabled ones too, for codes recorded before they were). */
export async function demandCategoriesOf(db: Executor, districtId: number) {
  return db
    .select({
      code: dictItems.code,
      labelZh: dictItems.labelZh,
      labelEn: dictItems.labelEn,
      enabled: dictItems.enabled,
    })
    .from(dictItems)
    .where(and(eq(dictItems.areaId, districtId), eq(dictItems.type, 'demand_category')))
    .orderBy(asc(dictItems.sort), asc(dictItems.id));
}
