import { and, arrayContains, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { afterId, countGroups, listTotal, offsetOf, textContains, withNext } from '#server/db/lists.ts';
import { accounts, areas, members, partyOrgSeats, partyOrgs, units } from '#server/db/schema/index.ts';
import { areaUnder, likeContains } from '#server/policies/scope.ts';

/** A bare `members` row. */
export type MemberRecord = typeof members.$inferSelect;

/**
 * The short residence label of the joined `areas` row: names of the community, compound and
 * building on its path (district, street and zone are left out to keep it short).
 */
export const areaLabel = sql<string>`coalesce((
  select string_agg(a.name, ' / ' order by a.depth) from ${areas} a
   where a.id = any(string_to_array(trim(both '/' from ${areas.path}), '/')::int[])
     and a.level in ('community', 'compound', 'building')), ${areas.name})`;

const columns = {
  id: members.id,
  areaId: members.areaId,
  areaName: areas.name,
  areaPath: areas.path,
  areaLabel,
  name: members.name,
  gender: members.gender,
  birthDate: members.birthDate,
  phone: members.phone,
  idNumber: members.idNumber,
  joinDate: members.joinDate,
  unitId: members.unitId,
  unitName: units.name,
  orgId: members.orgId,
  orgName: partyOrgs.name,
  category: members.category,
  skills: members.skills,
  roles: members.roles,
  note: members.note,
  createdAt: members.createdAt,
  updatedAt: members.updatedAt,
};

const joined = (db: Executor) =>
  db
    .select(columns)
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .leftJoin(units, eq(units.id, members.unitId))
    .leftJoin(partyOrgs, eq(partyOrgs.id, members.orgId));

/** One member with the names the presenter shows. */
export async function findMember(db: Executor, id: number) {
  const [row] = await joined(db).where(eq(members.id, id));
  return row;
}
export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

/** Lock a member row before changing it; returns the bare row plus its area path for scope. */
export async function lockMember(db: Executor, id: number) {
  const [row] = await db
    .select({ member: members, areaPath: areas.path })
    .from(members)
    .innerJoin(areas, eq(areas.id, members.areaId))
    .where(eq(members.id, id))
    .for('update', { of: members });
  return row ? { ...row.member, areaPath: row.areaPath } : undefined;
}

/** List filters, already resolved to ids and paths by the service. */
export interface MemberFilter {
  /** The caller's data scope, from the policy. */
  scope: SQL | undefined;
  withinPath?: string | undefined;
  areaId?: number | undefined;
  unitId?: number | undefined;
  orgId?: number | undefined;
  category?: string | undefined;
  skill?: string | undefined;
  role?: string | undefined;
  gender?: string | undefined;
  q?: string | undefined;
}

/**
 * The member list's conditions, shared with the Excel export. They name columns of `members`
 * only (places as sets of area ids), so the list's walk reads no other table for the rows it skips.
 */
export function memberWhere(f: MemberFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [f.scope];
  if (f.withinPath) conds.push(areaUnder(members.areaId, f.withinPath));
  if (f.areaId) conds.push(eq(members.areaId, f.areaId));
  if (f.unitId) conds.push(eq(members.unitId, f.unitId));
  if (f.orgId) conds.push(eq(members.orgId, f.orgId));
  if (f.category) conds.push(eq(members.category, f.category));
  if (f.skill) conds.push(arrayContains(members.skills, [f.skill]));
  if (f.role) conds.push(arrayContains(members.roles, [f.role]));
  if (f.gender) conds.push(eq(members.gender, f.gender as MemberRecord['gender']));
  // Names match by substring; phone and ID numbers only whole, so a list cannot be mined digit by digit.
  if (f.q)
    conds.push(
      or(textContains(members.name, f.q), eq(members.phone, f.q), eq(members.idNumber, f.q.toUpperCase())),
    );
  return and(...conds);
}

/**
 * One page of members matching the filter, newest first, with the total (exact up to
 * `EXACT_TOTAL_LIMIT`, estimated past it). The page's ids are found first — a walk down the
 * primary key, newest first, that reads no names, labels or joins for the rows it skips — and
 * only those rows are then joined and labelled, driven by the ids (a derived table the planner
 * cannot flatten), so page 500 costs a few thousand index entries, not 10,000 labels.
 */
export async function listMembers(
  db: Executor,
  f: MemberFilter,
  page: number,
  pageSize: number,
  after?: string,
) {
  const w = memberWhere(f);
  const matching = (...more: (SQL | undefined)[]) =>
    db
      .select({ id: members.id })
      .from(members)
      .where(and(w, ...more));
  const ids = matching(afterId(members.id, after))
    .orderBy(desc(members.id))
    .limit(pageSize + 1)
    .offset(offsetOf(page, pageSize))
    .as('page_ids');
  const [rows, total] = await Promise.all([
    db
      .select(columns)
      .from(ids)
      .innerJoin(members, eq(members.id, ids.id))
      .innerJoin(areas, eq(areas.id, members.areaId))
      .leftJoin(units, eq(units.id, members.unitId))
      .leftJoin(partyOrgs, eq(partyOrgs.id, members.orgId))
      .orderBy(desc(members.id)),
    listTotal(db, matching()),
  ]);
  return { ...withNext(rows, pageSize, (r) => String(r.id)), ...total };
}

/** A unit referenced by a member, with where it sits (for the visibility check). */
export async function findUnitRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: units.id, areaPath: areas.path })
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .where(eq(units.id, id));
  return row;
}

/**
 * One page of the work-unit picker: units of a district (all districts for `districtPath`
 * null) or one unit, by name substring or whole credit code, reference columns only.
 */
export async function listWorkUnitRefs(
  db: Executor,
  f: {
    districtPath: string | null;
    unitId?: number | undefined;
    type?: string | undefined;
    q?: string | undefined;
  },
  page: number,
  pageSize: number,
) {
  const w = and(
    f.districtPath ? sql`${areas.path} like ${`${f.districtPath}%`}` : undefined,
    f.unitId ? eq(units.id, f.unitId) : undefined,
    f.type ? eq(units.type, f.type) : undefined,
    f.q ? or(ilike(units.name, likeContains(f.q)), eq(units.creditCode, f.q.toUpperCase())) : undefined,
  );
  const [data, [total]] = await Promise.all([
    db
      .select({ id: units.id, name: units.name, type: units.type, creditCode: units.creditCode })
      .from(units)
      .innerJoin(areas, eq(areas.id, units.areaId))
      .where(w)
      .orderBy(units.name, units.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(units).innerJoin(areas, eq(areas.id, units.areaId)).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** A party organisation referenced by a member, with where it sits and the unit it belongs to. */
export async function findOrgRef(db: Executor, id: number) {
  const [row] = await db
    .select({ id: partyOrgs.id, areaPath: areas.path, unitId: partyOrgs.unitId })
    .from(partyOrgs)
    .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
    .where(eq(partyOrgs.id, id));
  return row;
}

/** What still refers to a member, by table, for the 409 that refuses deletion. */
export async function memberReferences(db: Executor, id: number): Promise<Record<string, number>> {
  const result = await db.execute(sql`
    select (select count(*)::int from ${accounts} where ${accounts.memberId} = ${id}) as accounts,
           (select count(*)::int from ${partyOrgSeats} where ${partyOrgSeats.memberId} = ${id}) as party_org_seats`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

/** Keep a member's sign-in account bound to the member's current residence node. */
export async function rebindMemberAccounts(db: Executor, memberId: number, areaId: number) {
  await db.update(accounts).set({ areaId, updatedAt: sql`now()` }).where(eq(accounts.memberId, memberId));
}

/** Members matching the list's filter, per value of a column or all together: one GROUP BY over `memberWhere`. */
export function countMembersBy(db: Executor, f: MemberFilter, by?: AnyPgColumn) {
  return countGroups(db, members, memberWhere(f), by);
}
