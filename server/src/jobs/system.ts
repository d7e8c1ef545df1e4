import type { Ctx } from '#server/http/context.ts';
import { systemActor } from '#server/policies/actor.ts';
import type { JobContext } from './types.ts';

/**
 * A job run as a service context: the system actor (`role: 'system'`, `via: 'job'`, named after
 * the job), the run's clock, and a request id naming the job, so the audit events a job writes
 * say which job wrote them. Services that check a policy refuse this actor; the jobs use it for
 * what reads only the database (the duty engine) and for their own audit events.
 */
export function systemCtx(ctx: Pick<JobContext, 'db' | 'now'>, job: string): Ctx {
  return {
    db: ctx.db,
    actor: systemActor(job),
    locale: 'zh-CN',
    ip: null,
    requestId: `job:${job}`,
    now: ctx.now,
  };
}
