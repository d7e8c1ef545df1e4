import { type AnyPgColumn, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

/**
 * The history table of a stateful record (convention C3): one row per event fired on it, written
 * in the transaction of the move and its audit event, and a `create` row (from null) when the
 * record is made. Replay, clocks, figures and the drawer's timeline read it. Rows go with their
 * record (a mistaken appointment deleted while it has no history keeps none).
 *
 * `record` names the foreign-key column (`batch_id`) and the record table it points at.
 */
export function transitionsTable<S extends string>(
  name: string,
  record: { column: string; references: () => AnyPgColumn },
) {
  return pgTable(
    name,
    {
      id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
      recordId: integer(record.column).notNull().references(record.references, { onDelete: 'cascade' }),
      event: text('event').notNull(),
      /** Null on the creation row only. */
      fromStatus: text('from_status').$type<S>(),
      toStatus: text('to_status').$type<S>().notNull(),
      at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
      /** Null for jobs, the system and rows reconstructed without a known actor. */
      actorId: integer('actor_id').references(() => accounts.id, { onDelete: 'set null' }),
      note: text('note'),
    },
    (t) => [index(`${name}_record_at_idx`).on(t.recordId, t.at)],
  );
}

export type TransitionsTable = ReturnType<typeof transitionsTable>;
