import { and, asc, count, desc, eq, getTableColumns, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { afterId, charsMatch, countGroups, listTotal, offsetOf, withNext } from '#server/db/lists.ts';
import { accounts, areas, members, partyOrgs, units } from '#server/db/schema/index.ts';
import { areaUnder, likeContains } from '#server/policies/scope.ts';

const columns = { ...getTableColumns(units), areaName: areas.name, areaPath: areas.path };

export type UnitRecord = typeof units.$inferSelect;
/** A unit with the name and path of the node it sits on (the path decides data scope). */
export type UnitRow = UnitRecord & { areaName: string; areaPath: string };

export async function findUnit(db: Executor, id: number): Promise<UnitRow | undefined> {
  const [row] = await db
    .select(columns)
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .where(eq(units.id, id));
  return row;
}

/** Lock a unit row before changing or deleting it, so references cannot appear meanwhile. */
export async function lockUnit(db: Executor, id: number): Promise<UnitRow | undefined> {
  const [row] = await db
    .select(columns)
    .from(units)
    .innerJoin(areas, eq(areas.id, units.areaId))
    .where(eq(units.id, id))
    .for('update', { of: units });
  return row;
}

export interface UnitFilter {
  /** The caller's subtree (`null`: no restriction). */
  scopePath: string | null;
  /** Unit admins see exactly one unit. */
  onlyUnitId?: number | undefined;
  withinPath?: string | undefined;
  areaId?: number | undefined;
  type?: string | undefined;
  q?: string | undefined;
}

/**
 * What the unit search looks in, as one text for its `gj_chars` index (written exactly as the
 * index expression of `units_search_chars_idx`): name, credit code and contact name.
 */
export const unitSearchText = sql`(${units.name} || ' ' || coalesce(${units.creditCode}, '') || ' ' || coalesce(${units.contactName}, ''))`;

/**
 * The unit list's conditions, shared with the Excel export: over columns of `units` only (places
 * as sets of area ids), so the list's walk reads no other table for the rows it skips.
 */
export function unitWhere(f: UnitFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.scopePath) conds.push(areaUnder(units.areaId, f.scopePath));
  if (f.onlyUnitId !== undefined) conds.push(eq(units.id, f.onlyUnitId));
  if (f.withinPath) conds.push(areaUnder(units.areaId, f.withinPath));
  if (f.areaId) conds.push(eq(units.areaId, f.areaId));
  if (f.type) conds.push(eq(units.type, f.type));
  if (f.q) {
    const like = likeContains(f.q);
    conds.push(
      charsMatch(unitSearchText, f.q),
      or(ilike(units.name, like), ilike(units.creditCode, like), ilike(units.contactName, like)),
    );
  }
  return and(...conds);
}

/**
 * One page of units, newest first, with the total (exact up to `EXACT_TOTAL_LIMIT`, estimated
 * past it); the page's ids first, then only its rows joined, as for members.
 */
export async function listUnits(db: Executor, f: UnitFilter, page: number, pageSize: number, after?: string) {
  const w = unitWhere(f);
  const matching = (...more: (SQL | undefined)[]) =>
    db
      .select({ id: units.id })
      .from(units)
      .where(and(w, ...more));
  const ids = matching(afterId(units.id, after))
    .orderBy(desc(units.id))
    .limit(pageSize + 1)
    .offset(offsetOf(page, pageSize))
    .as('page_ids');
  const [rows, total] = await Promise.all([
    db
      .select(columns)
      .from(ids)
      .innerJoin(units, eq(units.id, ids.id))
      .innerJoin(areas, eq(areas.id, units.areaId))
      .orderBy(desc(units.id)),
    listTotal(db, matching()),
  ]);
  return { ...withNext(rows, pageSize, (r) => String(r.id)), ...total };
}

/** The party organisations that belong to a unit. */
export async function orgsOfUnit(db: Executor, unitId: number) {
  return db
    .select({ id: partyOrgs.id, name: partyOrgs.name, type: partyOrgs.type })
    .from(partyOrgs)
    .where(eq(partyOrgs.unitId, unitId))
    .orderBy(asc(partyOrgs.id));
}

/** Registered party members working for a unit, by management category. */
export async function memberCountsOfUnit(db: Executor, unitId: number) {
  const rows = await db
    .select({ category: members.category, n: count() })
    .from(members)
    .where(eq(members.unitId, unitId))
    .groupBy(members.category);
  const byCategory = Object.fromEntries(rows.map((r) => [r.category, r.n]));
  return { total: rows.reduce((sum, r) => sum + r.n, 0), byCategory };
}

/**
 * What still refers to a unit, by table, for the 409 that refuses deletion. Tables added later
 * with a foreign key to units are still caught by the constraint (409 REFERENCED).
 */
export async function referencesToUnit(db: Executor, id: number): Promise<Record<string, number>> {
  const tables = ['members', 'party_orgs', 'party_org_seats', 'accounts'];
  const parts = tables.map(
    (t) =>
      sql`(select count(*)::int from ${sql.identifier(t)} where unit_id = ${id}) as ${sql.identifier(t)}`,
  );
  const result = await db.execute(sql`select ${sql.join(parts, sql`, `)}`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

/** Unit admins are bound to their unit's node; keep that binding when the unit moves. */
export async function rebindUnitAdmins(db: Executor, unitId: number, areaId: number) {
  await db
    .update(accounts)
    .set({ areaId, updatedAt: sql`now()` })
    .where(and(eq(accounts.unitId, unitId), eq(accounts.role, 'unit_admin')));
}

/** Units matching the list's filter, per value of a column or all together: one GROUP BY over `unitWhere`. */
export function countUnitsBy(db: Executor, f: UnitFilter, by?: AnyPgColumn) {
  return countGroups(db, units, unitWhere(f), by);
}
