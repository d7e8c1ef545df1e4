import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RoutesPlugin } from '#server/http/types.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  database: z.object({
    status: z.enum(['ok', 'down']),
    latencyMs: z.number().nullable(),
    version: z.string().nullable(),
  }),
});

export const healthRoutes: RoutesPlugin = (app, { db }) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'App and database status',
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (_req, reply) => {
      const started = performance.now();
      let database: z.infer<typeof healthSchema>['database'];
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
      const body = {
        status: database.status === 'ok' ? ('ok' as const) : ('degraded' as const),
        version: process.env.npm_package_version ?? '0.1.0',
        uptimeSeconds: Math.round(process.uptime()),
        database,
      };
      return reply.status(database.status === 'ok' ? 200 : 503).send(body);
    },
  );
};
