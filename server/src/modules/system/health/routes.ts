import { type Health, healthApi } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';

/** `/api/health` (contract in common/src/system/health.ts). */
export const healthRoutes: RoutesPlugin = (app, { db }) => {
  route(app, healthApi.get, async (_req, reply) => {
    const started = performance.now();
    let database: Health['database'];
    try {
      const result = await db.execute(sql`select current_setting('server_version') as v`);
      database = {
        status: 'ok',
        latencyMs: Math.round(performance.now() - started),
        version: String(result.rows[0]?.v ?? ''),
      };
    } catch {
      database = { status: 'down', latencyMs: null, version: null };
    }
    if (database.status !== 'ok') reply.status(503);
    return {
      status: database.status === 'ok' ? ('ok' as const) : ('degraded' as const),
      version: process.env.npm_package_version ?? '0.1.0',
      uptimeSeconds: Math.round(process.uptime()),
      database,
    };
  });
};
