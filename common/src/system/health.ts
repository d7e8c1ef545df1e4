import { z } from 'zod';
import { endpoint } from '../contract.ts';

/**
 * What `/api/health` reports, up (200) or degraded (503). Not exported as a schema, so the OpenAPI
 * document keeps it inline as before rather than naming a component.
 */
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
export type Health = z.infer<typeof healthSchema>;

/** `/api/health`: open to load balancers and monitors, no sign-in. */
export const healthApi = {
  get: endpoint('GET', '/health', {
    tags: ['system'],
    summary: 'App and database status',
    response: healthSchema,
    otherResponses: { 503: healthSchema },
    public: true,
  }),
};
