import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { accounts, notifications } from '#server/db/schema/index.ts';

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

/** A new inbox entry, as the events that notify write it. */
export type NewNotification = typeof notifications.$inferInsert;

/** Write inbox entries (inside the caller's transaction). */
export async function insertNotifications(db: Executor, rows: readonly NewNotification[]) {
  if (rows.length) await db.insert(notifications).values([...rows]);
}

/**
 * Enabled accounts to notify about an appointment: the appointee's own member accounts, the
 * community admins of the community holding the appointment's area (the community decides),
 * and/or the admins of the unit that sent the appointee — any combination asked for.
 */
export async function appointmentRecipients(
  db: Executor,
  who: { memberId?: number; communityOf?: string; unitAdminsOf?: number | null },
): Promise<{ id: number; role: string }[]> {
  const parts = [];
  if (who.unitAdminsOf)
    parts.push(sql`select a.id, a.role from accounts a
       where not a.disabled and a.role = 'unit_admin' and a.unit_id = ${who.unitAdminsOf}`);
  if (who.memberId !== undefined)
    parts.push(sql`select a.id, a.role from accounts a
       where not a.disabled and a.role = 'member' and a.member_id = ${who.memberId}`);
  if (who.communityOf !== undefined)
    parts.push(sql`select a.id, a.role from accounts a join areas c on c.id = a.area_id
       where not a.disabled and a.role = 'community_admin' and c.level = 'community'
         and ${who.communityOf} like c.path || '%'`);
  if (!parts.length) return [];
  const result = await db.execute<{ id: number; role: string }>(sql.join(parts, sql` union `));
  return result.rows;
}

/**
 * The admins nearest above an area when nobody closer can act: the enabled `street_admin`
 * accounts of the street holding it, or, if that street has none, the `district_admin` accounts
 * of its district. A reminder the appointee, the receiving community and the sending unit cannot
 * take must still land with someone who answers for the appointment (the street appointed or
 * approved it; the district runs the programme), never with nobody while an admin exists.
 */
export async function areaAdminsAbove(
  db: Executor,
  areaPath: string,
): Promise<{ id: number; role: string }[]> {
  const result = await db.execute<{ id: number; role: string; level: string }>(sql`
    select a.id, a.role, c.level from accounts a join areas c on c.id = a.area_id
     where not a.disabled
       and ((a.role = 'street_admin' and c.level = 'street') or (a.role = 'district_admin' and c.level = 'district'))
       and ${areaPath} like c.path || '%'`);
  const street = result.rows.filter((r) => r.level === 'street');
  return (street.length ? street : result.rows).map(({ id, role }) => ({ id, role }));
}

/** Enabled accounts by id (the requester of an exemption, say), with their roles. */
export async function accountsByIds(db: Executor, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .select({ id: accounts.id, role: accounts.role })
    .from(accounts)
    .where(and(inArray(accounts.id, [...ids]), eq(accounts.disabled, false)));
}
