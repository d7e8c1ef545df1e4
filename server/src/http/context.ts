import type { Locale } from '@gongjian/common';
import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/actor.ts';

/** What a service needs from the request: who, in which language, and for the audit trail. */
export interface Ctx {
  db: Db;
  actor: Actor;
  locale: Locale;
  ip: string | null;
  requestId: string;
  /**
   * The request's clock, fixed once per request. Set only when the app was built with a clock
   * (`buildApp(db, config, { now })`, for tests that fix the date); absent, services read the
   * system clock through `nowOf`.
   */
  now?: Date;
}

/** The instant a service judges "now" at: the request's fixed clock, else the system clock. */
export const nowOf = (ctx: Pick<Ctx, 'now'>): Date => ctx.now ?? new Date();
