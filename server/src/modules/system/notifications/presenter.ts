import type { Notification } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { notificationActions } from './policy.ts';
import type { NotificationRow } from './queries.ts';

/** A stored notification as the inbox returns it. */
export function presentNotification(r: NotificationRow, actor: Actor): Notification {
  return {
    id: r.id,
    kind: r.kind,
    areaId: r.areaId,
    title: { 'zh-CN': r.titleZh, en: r.titleEn },
    body: { 'zh-CN': r.bodyZh, en: r.bodyEn },
    link: r.link,
    readAt: r.readAt ? r.readAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    actions: [...notificationActions(actor, r)],
  };
}
