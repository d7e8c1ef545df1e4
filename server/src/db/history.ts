import type { Transition } from '@gongjian/common';
import { asc, eq } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { accounts } from './schema/accounts.ts';
import type { TransitionsTable } from './schema/helpers.ts';

/** One history row as an event function writes it. */
export interface TransitionRow {
  recordId: number;
  event: string;
  /** Null only on the creation row. */
  from: string | null;
  to: string;
  note?: string | null;
}

/**
 * Write one row of a record's history (convention C3), inside the transaction of the move and
 * its audit event, so a refused or rolled-back move leaves none. `at` is the request's clock and
 * the actor its account; a job without one passes null.
 */
export async function recordTransition(
  tx: Executor,
  by: { now: Date; actor: { accountId: number } | null },
  table: TransitionsTable,
  row: TransitionRow,
): Promise<void> {
  await tx.insert(table).values({
    recordId: row.recordId,
    event: row.event,
    fromStatus: row.from,
    toStatus: row.to,
    at: by.now,
    actorId: by.actor?.accountId ?? null,
    note: row.note ?? null,
  });
}

/** The first row of a record's history, written where the record is inserted. */
export function recordCreation(
  tx: Executor,
  by: { now: Date; actor: { accountId: number } | null },
  table: TransitionsTable,
  record: { id: number; status: string },
  note: string | null = null,
) {
  return recordTransition(tx, by, table, {
    recordId: record.id,
    event: 'create',
    from: null,
    to: record.status,
    note,
  });
}

/**
 * A record's history, oldest first (rows of one transaction share a time: insertion order then),
 * with each actor's current display name. The caller has already checked the record is visible.
 */
export async function historyOf(
  db: Executor,
  table: TransitionsTable,
  recordId: number,
): Promise<Transition[]> {
  const rows = await db
    .select({
      event: table.event,
      from: table.fromStatus,
      to: table.toStatus,
      at: table.at,
      actorId: table.actorId,
      actorName: accounts.displayName,
      note: table.note,
    })
    .from(table)
    .leftJoin(accounts, eq(accounts.id, table.actorId))
    .where(eq(table.recordId, recordId))
    .orderBy(asc(table.at), asc(table.id));
  return rows.map((r) => ({
    event: r.event,
    from: r.from,
    to: r.to,
    at: r.at.toISOString(),
    actor: r.actorId === null ? null : { id: r.actorId, name: r.actorName ?? '' },
    note: r.note,
  }));
}
