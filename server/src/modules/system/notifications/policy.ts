import type { Actor } from '#server/policies/actor.ts';

/**
 * Every signed-in account has an inbox and sees only its own notifications: a notification is
 * addressed to one account, so scope is the recipient, not the area tree.
 */
export const ownsNotification = (a: Actor, n: { recipientAccountId: number }) =>
  n.recipientAccountId === a.accountId;

/** What the recipient may do with a notification now. */
export const notificationActions = (a: Actor, n: { recipientAccountId: number; readAt: Date | null }) =>
  ownsNotification(a, n) && n.readAt === null ? (['read'] as const) : [];
