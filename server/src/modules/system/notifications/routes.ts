import { notificationApi } from '@gongjian/common';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentNotification } from './presenter.ts';
import { markAllRead, markRead, myNotifications } from './service.ts';

/** The signed-in account's in-app inbox (contracts in common/src/system/notifications.ts). */
export const notificationRoutes: RoutesPlugin = (app) => {
  route(app, notificationApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total, unread } = await myNotifications(ctx, req.query);
    return { data: data.map((r) => presentNotification(r, ctx.actor)), total, unread };
  });
  route(app, notificationApi.readAll, async (req) => markAllRead(req.ctx()));
  route(app, notificationApi.read, async (req) => {
    const ctx = req.ctx();
    return presentNotification(await markRead(ctx, req.params.id), ctx.actor);
  });
};
