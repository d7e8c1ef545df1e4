import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { areas } from '#server/db/schema/index.ts';
import type { Actor } from './actor.ts';

/**
 * `column` (an area id) is a node of the subtree at `path`, tested on the id itself: a list
 * filtered so needs no join to `areas` of its own. The planner answers it as a semi-join walking
 * the list's index in order (one memoized primary-key probe of `areas` per row read), or — under
 * an OR, where it cannot become a join — as a hash of the subtree's ids built once per query.
 */
export const areaUnder = (column: SQLWrapper, path: string): SQL =>
  sql`${column} in (select ${areas.id} from ${areas} where ${areas.path} like ${`${path}%`})`;

/**
 * Set-based data scope for lists: `column` (an area id) must lie in the actor's subtree.
 * Returns undefined for the platform admin (no restriction).
 */
export function areaScope(actor: Actor, column: AnyPgColumn): SQL | undefined {
  if (actor.scopePath === null) return undefined;
  return areaUnder(column, actor.scopePath);
}

/** Escape LIKE wildcards in user search text. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
