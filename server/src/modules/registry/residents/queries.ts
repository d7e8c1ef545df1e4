import { and, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { afterId, countGroups, listTotal, offsetOf, textContains, withNext } from '#server/db/lists.ts';
import { accounts, areas, residents, units, workLogs } from '#server/db/schema/index.ts';
import { areaLabel } from '#server/modules/registry/members/queries.ts';
import { areaUnder } from '#server/policies/scope.ts';

/** A bare `residents` row. */
export type ResidentRecord = typeof residents.$inferSelect;

const columns = {
  id: residents.id,
  areaId: residents.areaId,
  areaName: areas.name,
  areaPath: areas.path,
  areaLabel,
  name: residents.name,
  gender: residents.gender,
  phone: residents.phone,
  idNumber: residents.idNumber,
  address: residents.address,
  unitId: residents.unitId,
  // A scalar subquery rather than a join, so every query over `columns` keeps its FROM clause.
  unitName: sql<string | null>`(select ${units.name} from ${units} where ${units.id} = ${residents.unitId})`,
  note: residents.note,
  createdAt: residents.createdAt,
  updatedAt: residents.updatedAt,
};

/** One resident with the names the presenter shows. */
export async function findResident(db: Executor, id: number) {
  const [row] = await db
    .select(columns)
    .from(residents)
    .innerJoin(areas, eq(areas.id, residents.areaId))
    .where(eq(residents.id, id));
  return row;
}
export type ResidentRow = NonNullable<Awaited<ReturnType<typeof findResident>>>;

/** Lock a resident row before changing it; returns the bare row plus its area path for scope. */
export async function lockResident(db: Executor, id: number) {
  const [row] = await db
    .select({ resident: residents, areaPath: areas.path })
    .from(residents)
    .innerJoin(areas, eq(areas.id, residents.areaId))
    .where(eq(residents.id, id))
    .for('update', { of: residents });
  return row ? { ...row.resident, areaPath: row.areaPath } : undefined;
}

/** List filters, already resolved to ids and paths by the service. */
export interface ResidentFilter {
  /** The caller's data scope, from the policy. */
  scope: SQL | undefined;
  withinPath?: string | undefined;
  areaId?: number | undefined;
  unitId?: number | undefined;
  q?: string | undefined;
}

/**
 * The resident list's conditions, shared with the Excel export: over columns of `residents` only
 * (places as sets of area ids), as for members.
 */
export function residentWhere(f: ResidentFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [f.scope];
  if (f.withinPath) conds.push(areaUnder(residents.areaId, f.withinPath));
  if (f.areaId) conds.push(eq(residents.areaId, f.areaId));
  if (f.unitId) conds.push(eq(residents.unitId, f.unitId));
  // Names match by substring, phone numbers only whole, so a list cannot be mined digit by digit.
  if (f.q) conds.push(or(textContains(residents.name, f.q), eq(residents.phone, f.q)));
  return and(...conds);
}

/**
 * One page of residents matching the filter, newest first, with the total (exact up to
 * `EXACT_TOTAL_LIMIT`, estimated past it); the page's ids first, then only its rows labelled,
 * as for members.
 */
export async function listResidents(
  db: Executor,
  f: ResidentFilter,
  page: number,
  pageSize: number,
  after?: string,
) {
  const w = residentWhere(f);
  const matching = (...more: (SQL | undefined)[]) =>
    db
      .select({ id: residents.id })
      .from(residents)
      .where(and(w, ...more));
  const ids = matching(afterId(residents.id, after))
    .orderBy(desc(residents.id))
    .limit(pageSize + 1)
    .offset(offsetOf(page, pageSize))
    .as('page_ids');
  const [rows, total] = await Promise.all([
    db
      .select(columns)
      .from(ids)
      .innerJoin(residents, eq(residents.id, ids.id))
      .innerJoin(areas, eq(areas.id, residents.areaId))
      .orderBy(desc(residents.id)),
    listTotal(db, matching()),
  ]);
  return { ...withNext(rows, pageSize, (r) => String(r.id)), ...total };
}

/** What still refers to a resident, by table, for the 409 that refuses deletion. */
export async function residentReferences(db: Executor, id: number): Promise<Record<string, number>> {
  const result = await db.execute(sql`
    select (select count(*)::int from ${accounts} where ${accounts.residentId} = ${id}) as accounts,
           (select count(*)::int from ${workLogs} where ${workLogs.subjectResidentId} = ${id}) as work_logs`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

/** Keep a resident's sign-in account bound to the resident's current node. */
export async function rebindResidentAccounts(db: Executor, residentId: number, areaId: number) {
  await db.update(accounts).set({ areaId, updatedAt: sql`now()` }).where(eq(accounts.residentId, residentId));
}

/** How many residents match the list's filter: the count over `residentWhere`. */
export function countResidents(db: Executor, f: ResidentFilter) {
  return countGroups(db, residents, residentWhere(f));
}
