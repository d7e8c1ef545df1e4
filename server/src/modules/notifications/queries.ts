import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';

/** One page of an account's inbox, unread first, then newest first; with the unread count. */
export async function listInbox(
  db: Executor,
  accountId: number,
  unreadOnly: boolean,
  page: number,
  pageSize: number,
) {
  const where = and(
    eq(notifications.recipientAccountId, accountId),
    unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const [data, [counts]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(
        sql`${notifications.readAt} is not null`,
        desc(notifications.createdAt),
        desc(notifications.id),
      )
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({
        total: sql<number>`count(*)::int`,
        unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int`,
      })
      .from(notifications)
      .where(eq(notifications.recipientAccountId, accountId)),
  ]);
  const total = unreadOnly ? (counts?.unread ?? 0) : (counts?.total ?? 0);
  return { data, total, unread: counts?.unread ?? 0 };
}

/** One notification by id, whoever it is addressed to (the service checks ownership). */
export async function findNotification(db: Executor, id: number) {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

/** A notification row as stored. */
export type NotificationRow = typeof notifications.$inferSelect;
