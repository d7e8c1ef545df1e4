import { type Notification, notificationApi } from '@gongjian/common';
import { useEffect } from 'react';
import type { NavigateFunction } from 'react-router';
import { call } from '#web/api/call.ts';

/** How often the inbox's views (the bell, the phone's 消息 tab) ask for news while open. */
const POLL_MS = 60_000;

/** Fired whenever the inbox changes here, so the bell and the inbox page stay in step. */
const CHANGED = 'gj:inbox-changed';

/** Tell every inbox view (the header bell, the inbox page) to read the inbox again. */
export function inboxChanged() {
  window.dispatchEvent(new Event(CHANGED));
}

/** Listen for inbox changes; returns the unsubscribe. */
export function onInboxChanged(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

/**
 * Read the inbox now, every minute, when the window regains focus and when the inbox changes
 * elsewhere on the page; `key` (the language) reads it again when it changes.
 */
export function useInboxRefresh(load: () => void, key?: unknown) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is there to re-read, not to be used
  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    const off = onInboxChanged(load);
    window.addEventListener('focus', load);
    return () => {
      clearInterval(timer);
      off();
      window.removeEventListener('focus', load);
    };
  }, [load, key]);
}

/** Mark one notification read (when it still is unread). */
export async function markRead(n: Notification) {
  if (!n.actions.includes('read')) return;
  await call(notificationApi.read, { params: { id: n.id } });
  inboxChanged();
}

/** Mark everything read. */
export async function markAllRead() {
  await call(notificationApi.readAll);
  inboxChanged();
}

/**
 * Open a notification: it counts as read, and a link inside the desk (one starting with `/`) is
 * followed; anything else stays on the page.
 */
export function openNotification(n: Notification, navigate: NavigateFunction) {
  void markRead(n).catch(() => {});
  if (n.link?.startsWith('/')) navigate(n.link);
}

/** The colour of a notification kind's tag: red for what went wrong, gold for what waits. */
export const KIND_COLORS: Record<string, string> = {
  duty_at_risk: 'gold',
  duty_missed: 'red',
  exemption_requested: 'blue',
  exemption_approved: 'green',
  exemption_rejected: 'volcano',
};
