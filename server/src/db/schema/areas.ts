import type { AreaLevel } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The administrative tree. `path` is the materialised chain of ids (`/1/7/42/`), so a subtree is
 * one indexed prefix match and data scope never needs a recursive query.
 */
export const areas = pgTable(
  'areas',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => areas.id),
    level: text('level').$type<AreaLevel>().notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    sort: integer('sort').notNull().default(0),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('areas_code_key').on(t.code),
    index('areas_parent_idx').on(t.parentId),
    index('areas_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    check(
      'areas_level_check',
      sql`${t.level} in ('district','street','community','zone','compound','building','grid')`,
    ),
  ],
);
