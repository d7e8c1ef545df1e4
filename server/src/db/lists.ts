import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { fieldError } from '#server/errors.ts';
import { likeContains } from '#server/policies/scope.ts';
import type { Executor } from './client.ts';

/**
 * Totals up to this many rows are counted exactly; past it the list says `totalExact: false`
 * and gives the planner's estimate. Counting stops at the first row past the limit, so a page
 * of a 2,000,000-member district costs a 10,001-row index scan, not a 2,000,000-row one.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

/** How many rows match a list's filter: exact, or (past the limit) an estimate that says so. */
export interface ListTotal {
  total: number;
  totalExact: boolean;
}

/**
 * The total of `rows` (the list's FROM and WHERE, selecting anything, with no order or limit),
 * or of disjoint parts of them counted one after the other (each from its own index, when one
 * condition over all of them is no index's), each only while the limit is not yet reached.
 * Exact up to `limit`; past it, the row count the query planner expects from the tables'
 * statistics — never less than `limit + 1`, which the capped count has just seen. An estimate is
 * never passed off as exact: it is what `totalExact: false` means. `estimate` is the same rows
 * written for the planner's estimate, when the form that is quick to walk is one it misjudges
 * (the work-log scope: see `workLogEstimateScope`). The estimate costs a plan, not a scan: under
 * a millisecond, after the capped count, and only when that count reached the limit.
 */
export async function listTotal(
  db: Executor,
  rows: SQLWrapper | SQLWrapper[],
  { limit = EXACT_TOTAL_LIMIT, estimate }: { limit?: number; estimate?: SQLWrapper } = {},
): Promise<ListTotal> {
  const parts = Array.isArray(rows) ? rows : [rows];
  let n = 0;
  for (const part of parts) {
    if (n > limit) break;
    const counted = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from (${part} limit ${limit + 1 - n}) capped`,
    );
    n += Number(counted.rows[0]?.n ?? 0);
  }
  if (n <= limit) return { total: n, totalExact: true };
  let planned = 0;
  for (const part of estimate ? [estimate] : parts) {
    const plan = await db.execute<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }>(
      sql`explain (format json) ${part}`,
    );
    planned += Math.round(Number(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0));
  }
  return { total: Math.max(limit + 1, planned), totalExact: false };
}

/** Rows to skip before a page. */
export const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize;

/**
 * A necessary condition for `indexed` to contain `text`, answered from a GIN index on
 * `gj_chars(indexed)` (migration 0013): the value's characters, lower-cased. Every character of
 * the search must be among them — for Chinese as for Latin script. (pg_trgm needs three
 * characters, and under the C locale of the embedded cluster it takes CJK characters for
 * separators, so it indexes nothing of a Chinese name; pairs of characters made the index ten
 * times slower to build for hardly fewer candidates on names.) The caller adds the exact test
 * (ILIKE) that drops the false positives. `indexed` must be written as the index expression is,
 * or the planner cannot use the index.
 */
export const charsMatch = (indexed: SQLWrapper, text: string) =>
  sql`gj_chars(${indexed}) @> gj_chars(${text})`;

/** `column` contains `text`, case-insensitively as ILIKE, found through its `gj_chars` index. */
export const textContains = (column: SQLWrapper, text: string) =>
  sql`(${charsMatch(column, text)} and ${column} ilike ${likeContains(text)})`;

/** The keyset condition of an `after` cursor over a list in `id desc` order; 400 if it is not one. */
export function afterId(column: SQLWrapper, after: string | undefined): SQL | undefined {
  if (after === undefined) return undefined;
  const id = /^\d{1,10}$/.test(after) ? Number(after) : Number.NaN;
  if (!(id <= 2_147_483_647)) throw fieldError('after', 'v.cursor');
  return sql`${column} < ${id}`;
}

/**
 * A page fetched with one row more than it shows: that row, when it comes, says a next page
 * exists, and `next` is the cursor of the last row shown.
 */
export function withNext<R>(rows: R[], pageSize: number, cursorOf: (row: R) => string) {
  const data = rows.slice(0, pageSize);
  const last = data[data.length - 1];
  return { data, next: rows.length > pageSize && last ? cursorOf(last) : null };
}

/**
 * The rows of a list's filter counted per value of `by`, or all together without it: one
 * GROUP BY over the list's own table and WHERE, so a figure counts exactly the rows its drill
 * lists. Exact at any size (a figure is read once per home page, not once per page of a list).
 * For a list over one table; a list whose filter needs joins counts in its own queries.ts.
 */
export async function countGroups(
  db: Executor,
  table: PgTable,
  where: SQL | undefined,
  by?: AnyPgColumn,
): Promise<{ key: string; n: number }[]> {
  const n = sql<number>`count(*)::int`;
  if (!by) {
    const rows = await db.select({ n }).from(table).where(where);
    return [{ key: 'total', n: rows[0]?.n ?? 0 }];
  }
  const rows = await db
    .select({ key: sql<string | null>`${by}`, n })
    .from(table)
    .where(where)
    .groupBy(by);
  // A null group (a unit without a type) is not a filter value the list could be asked for.
  return rows.flatMap((r) => (r.key === null ? [] : [{ key: String(r.key), n: r.n }]));
}
