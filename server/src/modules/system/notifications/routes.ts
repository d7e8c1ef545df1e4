import {
  idParams,
  notificationListQuery,
  notificationListResponse,
  notificationSchema,
  readAllResponse,
} from '@gongjian/common';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentNotification } from './presenter.ts';
import { markAllRead, markRead, myNotifications } from './service.ts';

const tags = ['notifications'];

/** The signed-in account's in-app inbox. */
export const notificationRoutes: RoutesPlugin = (app) => {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, unread first',
        querystring: notificationListQuery,
        response: { 200: notificationListResponse },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total, unread } = await myNotifications(ctx, req.query);
      return { data: data.map((r) => presentNotification(r, ctx.actor)), total, unread };
    },
  );
  app.post(
    '/notifications/read-all',
    { schema: { tags, summary: 'Mark all my notifications read', response: { 200: readAllResponse } } },
    async (req) => markAllRead(req.ctx()),
  );
  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: idParams,
        response: { 200: notificationSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentNotification(await markRead(ctx, req.params.id), ctx.actor);
    },
  );
};
