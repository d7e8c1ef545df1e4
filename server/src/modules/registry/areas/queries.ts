import type { AreaLevel } from '@gongjian/common';
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { countGroups } from '#server/db/lists.ts';
import { areas } from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

export type AreaRow = typeof areas.$inferSelect;
export type AreaRowWithCount = AreaRow & { childCount: number };

// Spelled out: inside a select list drizzle renders ${areas.id} as a bare "id", which the
// subquery would resolve to its own alias and count nothing.
const childCount = sql<number>`(select count(*)::int from areas c where c.parent_id = "areas"."id")`;

export async function findArea(db: Executor, id: number): Promise<AreaRow | undefined> {
  const [row] = await db.select().from(areas).where(eq(areas.id, id));
  return row;
}

export async function findAreaWithCount(db: Executor, id: number): Promise<AreaRowWithCount | undefined> {
  const [row] = await db
    .select({ ...getColumns(), childCount })
    .from(areas)
    .where(eq(areas.id, id));
  return row;
}

/** Lock a node before moving or deleting it. */
export async function lockArea(db: Executor, id: number): Promise<AreaRow | undefined> {
  const [row] = await db.select().from(areas).where(eq(areas.id, id)).for('update');
  return row;
}

function getColumns() {
  const { id, parentId, level, code, name, path, depth, sort, note, createdAt, updatedAt } = areas;
  return { id, parentId, level, code, name, path, depth, sort, note, createdAt, updatedAt };
}

export interface AreaFilter {
  scopePath: string | null;
  parentId?: number | undefined;
  level?: AreaLevel | undefined;
  withinPath?: string | undefined;
  q?: string | undefined;
}

function where(f: AreaFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.scopePath) conds.push(sql`${areas.path} like ${`${f.scopePath}%`}`);
  if (f.withinPath) conds.push(sql`${areas.path} like ${`${f.withinPath}%`}`);
  if (f.parentId) conds.push(eq(areas.parentId, f.parentId));
  if (f.level) conds.push(eq(areas.level, f.level));
  if (f.q) conds.push(or(ilike(areas.name, likeContains(f.q)), ilike(areas.code, likeContains(f.q))));
  return and(...conds);
}

export async function listAreas(db: Executor, f: AreaFilter, page: number, pageSize: number) {
  const w = where(f);
  const [data, [total]] = await Promise.all([
    db
      .select({ ...getColumns(), childCount })
      .from(areas)
      .where(w)
      .orderBy(asc(areas.depth), asc(areas.sort), asc(areas.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(areas).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/** All nodes of a subtree down to a relative depth, for the tree view. */
export async function subtree(db: Executor, root: AreaRow, depth: number) {
  return db
    .select({
      id: areas.id,
      parentId: areas.parentId,
      level: areas.level,
      code: areas.code,
      name: areas.name,
      childCount,
    })
    .from(areas)
    .where(and(sql`${areas.path} like ${`${root.path}%`}`, sql`${areas.depth} <= ${root.depth + depth}`))
    .orderBy(asc(areas.depth), asc(areas.sort), asc(areas.id));
}

export async function ancestorsOf(db: Executor, row: AreaRow) {
  const ids = row.path.split('/').filter(Boolean).map(Number).slice(0, -1);
  if (!ids.length) return [];
  const rows = await db
    .select({ id: areas.id, name: areas.name, level: areas.level, depth: areas.depth })
    .from(areas)
    .where(inArray(areas.id, ids))
    .orderBy(asc(areas.depth));
  return rows.map(({ id, name, level }) => ({ id, name, level }));
}

/**
 * What still refers to a node, by table, for the 409 that refuses deletion. The registries
 * that carry an area id are listed here so a new one cannot be forgotten silently.
 */
export async function referencesTo(db: Executor, id: number): Promise<Record<string, number>> {
  const tables = ['party_orgs', 'units', 'members', 'residents', 'accounts', 'dict_items', 'party_org_seats'];
  const parts = tables.map(
    (t) =>
      sql`(select count(*)::int from ${sql.identifier(t)} where area_id = ${id}) as ${sql.identifier(t)}`,
  );
  const result = await db.execute(sql`select ${sql.join(parts, sql`, `)}`);
  const row = (result.rows[0] ?? {}) as Record<string, number>;
  return Object.fromEntries(Object.entries(row).filter(([, n]) => n > 0));
}

/** Nodes matching the list's filter, per value of a column or all together: one GROUP BY over the list's `where`. */
export function countAreasBy(db: Executor, f: AreaFilter, by?: AnyPgColumn) {
  return countGroups(db, areas, where(f), by);
}
