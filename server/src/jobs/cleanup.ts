import { DEFAULT_TIME_ZONE } from '@gongjian/common';
import { audit } from '#server/audit/audit.ts';
import { purgeExpiredImports } from '#server/io/excel/queries.ts';
import { systemCtx } from './system.ts';
import type { Job } from './types.ts';

const NAME = 'excel.purge-expired-imports';

/**
 * The hourly purge of Excel imports past their expiry (a day after upload), with their staged
 * rows. pg-boss fires each tick on one instance only, and the delete is idempotent, so any
 * number of instances may run it. Uploads no longer purge on the way in: this job bounds how long
 * an expired import lingers (its commit is refused from the expiry on regardless). A run that
 * purged anything writes one audit event in the same transaction, by the system actor, naming the
 * imports it dropped.
 */
export const purgeExpiredImportsJob: Job = {
  name: NAME,
  schedule: { cron: '35 * * * *', tz: DEFAULT_TIME_ZONE },
  run: (ctx) =>
    ctx.db.transaction(async (tx) => {
      const gone = await purgeExpiredImports(tx, ctx.now);
      if (gone.length)
        await audit(tx, systemCtx(ctx, NAME), {
          action: 'purge',
          entityType: 'staged_import',
          entityId: null,
          areaId: null,
          summary: `${gone.length} expired import(s)`,
          after: { purged: gone.length, imports: gone },
        });
      return { purged: gone.length };
    }),
};
