import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

/**
 * An uploaded workbook between preview and commit. Staged in the database rather than in process
 * memory so any instance can answer the preview, the commit or the rejected-rows download.
 * Only the account that uploaded it may read or commit it; it expires unless committed.
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** `units`, `members` or `residents`. */
    entity: text('entity').notNull(),
    /** `staged` until committed once, then `committed`. */
    status: text('status').notNull().default('staged'),
    fileName: text('file_name'),
    /** The file's header row and the text of each recognised column, so errors and rejected rows name columns as the user wrote them. */
    headers: jsonb('headers').$type<{ row: string[]; byField: Record<string, string> }>().notNull(),
    total: integer('total').notNull().default(0),
    valid: integer('valid').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    creates: integer('creates').notNull().default(0),
    updates: integer('updates').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** What the commit did: `{mode, created, updated, unchanged, skipped}`. */
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [
    index('imports_account_idx').on(t.accountId),
    index('imports_expires_idx').on(t.expiresAt),
    check('imports_status_check', sql`${t.status} in ('staged','committed')`),
    check('imports_entity_check', sql`${t.entity} in ('units','members','residents')`),
  ],
);

/**
 * One data row of a staged import. Valid rows carry the normalised values to write (`data`) and
 * the record they match (`targetId`); invalid rows carry the original cells and their errors.
 */
export const importRows = pgTable(
  'import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    /** The row number as Excel shows it. */
    rowNo: integer('row_no').notNull(),
    /** `create`, `update`, `unchanged` or `invalid`. */
    status: text('status').notNull(),
    targetId: integer('target_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    cells: jsonb('cells').$type<string[]>(),
    errors: jsonb('errors').$type<Record<string, unknown>[]>(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNo] }),
    check('import_rows_status_check', sql`${t.status} in ('create','update','unchanged','invalid')`),
  ],
);
