import { DEFAULT_TIME_ZONE, type Locale, localDate } from '@gongjian/common';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/policies/actor.ts';

/** What a service needs from the request: who, in which language, and for the audit trail. */
export interface Ctx {
  db: Db;
  actor: Actor;
  locale: Locale;
  ip: string | null;
  requestId: string;
  /**
   * The request's clock, read once when the request arrived: every "now" and "today" of one
   * request is the same instant, and tests fix it through `buildApp(db, config, { now })`.
   * Services read this (or `today(ctx)`), never `new Date()`.
   */
  now: Date;
}

/** The instant a service judges "now" at: the request's clock. */
export const nowOf = (ctx: Pick<Ctx, 'now'>): Date => ctx.now;

/** The civil day of the request's clock in the districts' time zone (YYYY-MM-DD). */
export const today = (ctx: Pick<Ctx, 'now'>): string => localDate(ctx.now, DEFAULT_TIME_ZONE);
