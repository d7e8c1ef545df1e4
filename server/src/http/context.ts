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
}
