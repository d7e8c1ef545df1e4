import type { OrgType } from '@gongjian/common';
import { and, asc, count, eq, getTableColumns, ilike, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { areas, members, partyOrgSeats, partyOrgs, units } from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

const parent = alias(partyOrgs, 'parent');

const childCount = sql<number>`(select count(*)::int from ${partyOrgs} c where c.parent_id = ${partyOrgs.id})`;
const memberCount = sql<number>`(select count(*)::int from ${members} m where m.org_id = ${partyOrgs.id})`;
// Only a building joint branch gathers members of many employers; elsewhere the figure means nothing.
const employerCount = sql<number | null>`case when ${partyOrgs.type} = 'building_joint_branch'
  then (select count(distinct m.unit_id)::int from ${members} m where m.org_id = ${partyOrgs.id}) end`;

const columns = {
  ...getTableColumns(partyOrgs),
  areaName: areas.name,
  areaPath: areas.path,
  parentName: parent.name,
  unitName: units.name,
  childCount,
  memberCount,
  employerCount,
};

export type OrgRecord = typeof partyOrgs.$inferSelect;
/** An organisation with its area (whose path decides scope), the names it refers to, and counts. */
export type OrgRow = OrgRecord & {
  areaName: string;
  areaPath: string;
  parentName: string | null;
  unitName: string | null;
  childCount: number;
  memberCount: number;
  employerCount: number | null;
};

function selectOrgs(db: Executor) {
  return db
    .select(columns)
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .leftJoin(parent, eq(parent.id, partyOrgs.parentId))
    .leftJoin(units, eq(units.id, partyOrgs.unitId));
}

export async function findOrg(db: Executor, id: number): Promise<OrgRow | undefined> {
  const [row] = await selectOrgs(db).where(eq(partyOrgs.id, id));
  return row;
}

/** Lock an organisation before changing it or its seats. */
export async function lockOrg(db: Executor, id: number): Promise<OrgRow | undefined> {
  const [row] = await selectOrgs(db).where(eq(partyOrgs.id, id)).for('update', { of: partyOrgs });
  return row;
}

export interface OrgFilter {
  scopePath: string | null;
  /** Unit admins see their own unit's organisations only. */
  onlyUnitId?: number | undefined;
  withinPath?: string | undefined;
  areaId?: number | undefined;
  type?: OrgType | undefined;
  unitId?: number | undefined;
  parentId?: number | undefined;
  q?: string | undefined;
}

function where(f: OrgFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.scopePath) conds.push(sql`${areas.path} like ${`${f.scopePath}%`}`);
  if (f.onlyUnitId !== undefined) conds.push(eq(partyOrgs.unitId, f.onlyUnitId));
  if (f.withinPath) conds.push(sql`${areas.path} like ${`${f.withinPath}%`}`);
  if (f.areaId) conds.push(eq(partyOrgs.areaId, f.areaId));
  if (f.type) conds.push(eq(partyOrgs.type, f.type));
  if (f.unitId) conds.push(eq(partyOrgs.unitId, f.unitId));
  if (f.parentId) conds.push(eq(partyOrgs.parentId, f.parentId));
  if (f.q) {
    const like = likeContains(f.q);
    conds.push(or(ilike(partyOrgs.name, like), ilike(partyOrgs.code, like)));
  }
  return and(...conds);
}

export async function listOrgs(db: Executor, f: OrgFilter, page: number, pageSize: number) {
  const w = where(f);
  const [data, [total]] = await Promise.all([
    selectOrgs(db)
      .where(w)
      .orderBy(asc(areas.depth), asc(partyOrgs.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    countOrgs(db, f),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** How many organisations match the list's filter: the list's total, and its figure. */
export function countOrgs(db: Executor, f: OrgFilter) {
  return db
    .select({ n: count() })
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .where(where(f));
}

/**
 * Organisations for the tree view: every one matching the filter, or with `rootId` that
 * organisation and its descendants (walked with a recursive query, so depth is unbounded).
 */
export async function orgTreeRows(db: Executor, f: OrgFilter, rootId?: number) {
  const conds: (SQL | undefined)[] = [where(f)];
  if (rootId)
    conds.push(sql`${partyOrgs.id} in (
      with recursive sub(id) as (
        select id from party_orgs where id = ${rootId}
        union
        select c.id from party_orgs c join sub on c.parent_id = sub.id
      ) select id from sub)`);
  return db
    .select({
      id: partyOrgs.id,
      parentId: partyOrgs.parentId,
      type: partyOrgs.type,
      name: partyOrgs.name,
      areaId: partyOrgs.areaId,
      unitId: partyOrgs.unitId,
      memberCount,
    })
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .where(and(...conds))
    .orderBy(asc(areas.depth), asc(partyOrgs.id));
}

/** Is `candidateParentId` the organisation itself or one of its descendants? */
export async function wouldCycle(db: Executor, orgId: number, candidateParentId: number): Promise<boolean> {
  if (orgId === candidateParentId) return true;
  const result = await db.execute(sql`
    with recursive up(id, parent_id) as (
      select id, parent_id from party_orgs where id = ${candidateParentId}
      union
      select p.id, p.parent_id from party_orgs p join up on p.id = up.parent_id
    ) select 1 as hit from up where id = ${orgId} limit 1`);
  return result.rows.length > 0;
}

export async function childrenOf(db: Executor, id: number) {
  return db
    .select({ id: partyOrgs.id, name: partyOrgs.name, type: partyOrgs.type })
    .from(partyOrgs)
    .where(eq(partyOrgs.parentId, id))
    .orderBy(asc(partyOrgs.id));
}

/** What still refers to an organisation, for the 409 that refuses deletion. */
export async function referencesToOrg(db: Executor, id: number): Promise<Record<string, number>> {
  const result = await db.execute(sql`select
    (select count(*)::int from party_orgs where parent_id = ${id}) as children,
    (select count(*)::int from members where org_id = ${id}) as members,
    (select count(*)::int from party_org_seats where org_id = ${id}) as seats`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

/** A party member named in a request body, with the path that decides whether the caller sees it. */
export async function findMemberRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: members.id, name: members.name, areaPath: areas.path })
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .where(eq(members.id, id));
  return row;
}

// ---- seats ----

const seatColumns = {
  ...getTableColumns(partyOrgSeats),
  unitName: units.name,
  memberName: members.name,
};
export type SeatRecord = typeof partyOrgSeats.$inferSelect;
export type SeatRow = SeatRecord & { unitName: string | null; memberName: string | null };

function selectSeats(db: Executor) {
  return db
    .select(seatColumns)
    .from(partyOrgSeats)
    .leftJoin(units, eq(units.id, partyOrgSeats.unitId))
    .leftJoin(members, eq(members.id, partyOrgSeats.memberId));
}

export async function seatsOf(db: Executor, orgId: number): Promise<SeatRow[]> {
  return selectSeats(db)
    .where(eq(partyOrgSeats.orgId, orgId))
    .orderBy(asc(partyOrgSeats.kind), asc(partyOrgSeats.id));
}

export async function findSeat(db: Executor, orgId: number, seatId: number): Promise<SeatRow | undefined> {
  const [row] = await selectSeats(db).where(
    and(eq(partyOrgSeats.orgId, orgId), eq(partyOrgSeats.id, seatId)),
  );
  return row;
}

export async function countSeats(db: Executor, orgId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(partyOrgSeats).where(eq(partyOrgSeats.orgId, orgId));
  return row?.n ?? 0;
}
