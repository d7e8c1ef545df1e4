import { DEFAULT_TIME_ZONE } from '@gongjian/common';
import { purgeExpiredImports } from '#server/io/excel/queries.ts';
import type { Job } from './types.ts';

/**
 * The hourly purge of Excel imports past their expiry (a day after upload), with their staged
 * rows. pg-boss fires each tick on one instance only, and the delete is idempotent, so any
 * number of instances may run it. Uploads no longer purge on the way in: this job bounds how long
 * an expired import lingers (its commit is refused from the expiry on regardless).
 */
export const purgeExpiredImportsJob: Job = {
  name: 'excel.purge-expired-imports',
  schedule: { cron: '35 * * * *', tz: DEFAULT_TIME_ZONE },
  run: async (ctx) => ({ purged: await purgeExpiredImports(ctx.db, ctx.now) }),
};
