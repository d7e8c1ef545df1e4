import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { areas } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';

/**
 * Set-based data scope for lists: `column` (an area id) must lie in the actor's subtree.
 * Returns undefined for the platform admin (no restriction).
 */
export function areaScope(actor: Actor, column: AnyPgColumn): SQL | undefined {
  if (actor.scopePath === null) return undefined;
  return sql`${column} in (select ${areas.id} from ${areas} where ${areas.path} like ${`${actor.scopePath}%`})`;
}

/** Escape LIKE wildcards in user search text. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
