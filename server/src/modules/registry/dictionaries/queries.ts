import type { DictType } from '@gongjian/common';
import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '#server/db/client.ts';
import { areas, dictItems, members, units, workLogs } from '#server/db/schema/index.ts';
import { likeContains } from '#server/policies/scope.ts';

/** One row of `dict_items`. */
export type DictItemRow = typeof dictItems.$inferSelect;

/** One item by id, whatever its district (the service checks visibility). */
export async function findDictItem(db: Executor, id: number): Promise<DictItemRow | undefined> {
  const [row] = await db.select().from(dictItems).where(eq(dictItems.id, id));
  return row;
}

/** Lock an item before changing or deleting it, so a concurrent edit cannot slip between check and write. */
export async function lockDictItem(db: Executor, id: number): Promise<DictItemRow | undefined> {
  const [row] = await db.select().from(dictItems).where(eq(dictItems.id, id)).for('update');
  return row;
}

/** A district root by id (undefined when missing or not a district). */
export async function findDistrict(db: Executor, id: number) {
  const [row] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.id, id), eq(areas.level, 'district')));
  return row;
}

/** What a list asks for; `districtId` is always resolved by the service first. */
export interface DictFilter {
  districtId: number;
  type?: DictType | undefined;
  includeDisabled: boolean;
  q?: string | undefined;
}

/** One page of a district's items, by type then sort order. */
export async function listDictItems(db: Executor, f: DictFilter, page: number, pageSize: number) {
  const w = and(
    eq(dictItems.areaId, f.districtId),
    f.type ? eq(dictItems.type, f.type) : undefined,
    f.includeDisabled ? undefined : eq(dictItems.enabled, true),
    f.q
      ? or(
          ilike(dictItems.code, likeContains(f.q)),
          ilike(dictItems.labelZh, likeContains(f.q)),
          ilike(dictItems.labelEn, likeContains(f.q)),
        )
      : undefined,
  );
  const [data, [total]] = await Promise.all([
    db
      .select()
      .from(dictItems)
      .where(w)
      .orderBy(asc(dictItems.type), asc(dictItems.sort), asc(dictItems.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(dictItems).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

interface Usage {
  /** The key the 409 reports the count under. */
  name: string;
  table: typeof units | typeof members | typeof workLogs;
  areaColumn: AnyPgColumn;
  /** Matches rows that carry `code`. */
  uses: (code: string) => SQL;
}

/**
 * Where each dictionary type's codes are stored. A `Record` over every type, so a new type or a
 * new column that stores codes cannot be forgotten here silently. Resource categories are not
 * stored by any table yet.
 */
const USAGES: Record<DictType, readonly Usage[]> = {
  unit_type: [{ name: 'units', table: units, areaColumn: units.areaId, uses: (c) => eq(units.type, c) }],
  member_category: [
    { name: 'members', table: members, areaColumn: members.areaId, uses: (c) => eq(members.category, c) },
  ],
  skill: [
    {
      name: 'members',
      table: members,
      areaColumn: members.areaId,
      uses: (c) => sql`${c} = any(${members.skills})`,
    },
  ],
  member_role: [
    {
      name: 'members',
      table: members,
      areaColumn: members.areaId,
      uses: (c) => sql`${c} = any(${members.roles})`,
    },
  ],
  demand_category: [
    {
      name: 'workLogs',
      table: workLogs,
      areaColumn: workLogs.areaId,
      uses: (c) => sql`${c} = any(${workLogs.demandCategories})`,
    },
  ],
  resource_category: [],
};

/** How many records of the district still carry a code, by table (tables with none left out). */
export async function dictUsage(
  db: Executor,
  districtId: number,
  type: DictType,
  code: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const u of USAGES[type]) {
    const [row] = await db
      .select({ n: count() })
      .from(u.table)
      .where(
        and(
          u.uses(code),
          sql`${u.areaColumn} in (select ${areas.id} from ${areas} where ${areas.path} like ${`/${districtId}/%`})`,
        ),
      );
    if (row && row.n > 0) counts[u.name] = (counts[u.name] ?? 0) + row.n;
  }
  return counts;
}

/**
 * The labels of a dictionary's codes as a district names them, in the district's order (sort,
 * then id): for figures that group by a code. Without a district (the platform admin, over all
 * of them) the first district to name a code gives its label; a code no district names keeps none.
 */
export async function dictLabels(
  db: Executor,
  districtId: number | null,
  type: DictType,
  codes: readonly string[],
): Promise<Map<string, { 'zh-CN': string; en: string }>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: dictItems.code, zh: dictItems.labelZh, en: dictItems.labelEn })
    .from(dictItems)
    .where(
      and(
        eq(dictItems.type, type),
        sql`${dictItems.code} = any(${sql.param([...codes])}::text[])`,
        districtId === null ? undefined : eq(dictItems.areaId, districtId),
      ),
    )
    .orderBy(asc(dictItems.sort), asc(dictItems.id));
  const out = new Map<string, { 'zh-CN': string; en: string }>();
  for (const r of rows) if (!out.has(r.code)) out.set(r.code, { 'zh-CN': r.zh, en: r.en });
  return out;
}
