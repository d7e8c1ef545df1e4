import type { NotificationListQuery } from '@gongjian/common';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema/index.ts';
import { notFound } from '../../errors.ts';
import type { Ctx } from '../../http/context.ts';
import { ownsNotification } from './policy.ts';
import { findNotification, listInbox } from './queries.ts';

/*
 * Marking read is the recipient's own state, like a session: it changes nothing another user
 * sees and is not a mutation of shared records, so it writes no audit event. Creating a
 * notification is a system event (the reminder job), recorded by `reminders_sent` itself.
 */

/** The caller's inbox page. */
export async function myNotifications(ctx: Ctx, q: NotificationListQuery) {
  return listInbox(ctx.db, ctx.actor.accountId, q.unread, q.page, q.pageSize);
}

/** Mark one of the caller's notifications read (idempotent); someone else's is 404. */
export async function markRead(ctx: Ctx, id: number) {
  const row = await findNotification(ctx.db, id);
  if (!row || !ownsNotification(ctx.actor, row)) throw notFound();
  if (row.readAt) return row;
  const [updated] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(eq(notifications.id, id))
    .returning();
  return updated ?? row;
}

/** Mark every unread notification of the caller read; returns how many changed. */
export async function markAllRead(ctx: Ctx) {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.recipientAccountId, ctx.actor.accountId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
