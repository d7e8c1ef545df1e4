import { z } from 'zod';
import { localizedSchema } from '../cadres/duties.ts';
import { endpoint } from '../contract.ts';
import { idParams, listQuery } from '../list.ts';

/**
 * What a notification is about: a duty still open but at risk, or one that was missed; an
 * exemption request waiting for the community, or its decision for the appointee.
 */
export const NOTIFICATION_KINDS = [
  'duty_at_risk',
  'duty_missed',
  'exemption_requested',
  'exemption_approved',
  'exemption_rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One inbox entry of the signed-in account. */
export const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  areaId: z.number(),
  title: localizedSchema,
  body: localizedSchema,
  /**
   * The desk page that explains the event (a board cell, 我的任职 on that duty, an exemption),
   * as a path inside the web app; null when there is none.
   */
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
  /** `read` while unread: the caller may mark it read. */
  actions: z.array(z.enum(['read'])),
});
export type Notification = z.infer<typeof notificationSchema>;

/** The inbox: unread first, then newest first; `unread=true` keeps only the unread ones. */
export const notificationListQuery = listQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

/** The inbox page plus the caller's unread count (for the bell badge). */
export const notificationListResponse = z.object({
  data: z.array(notificationSchema),
  total: z.number(),
  unread: z.number(),
});

/** `POST /notifications/read-all`: how many were marked read. */
export const readAllResponse = z.object({ updated: z.number() });

const tags = ['notifications'];

/** `/api/notifications`: the signed-in account's in-app inbox. */
export const notificationApi = {
  list: endpoint('GET', '/notifications', {
    tags,
    summary: 'My notifications, unread first',
    query: notificationListQuery,
    response: notificationListResponse,
  }),
  readAll: endpoint('POST', '/notifications/read-all', {
    tags,
    summary: 'Mark all my notifications read',
    response: readAllResponse,
  }),
  read: endpoint('POST', '/notifications/:id/read', {
    tags,
    summary: 'Mark one of my notifications read',
    params: idParams,
    response: notificationSchema,
  }),
};
