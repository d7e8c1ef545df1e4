import { type AuditListQuery, auditRange } from '@gongjian/common';
import { forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { canReadAudit, canReadAuditEvent } from './policy.ts';
import { type AuditFilter, findAuditEvent, listAuditEvents, listAuditEventsAfter } from './queries.ts';

/** The list's filters as the queries take them. */
function filterOf(q: AuditListQuery): AuditFilter {
  const { from, before } = auditRange(q.from, q.to);
  return {
    actorId: q.actorId,
    entityType: q.entityType,
    entityId: q.entityId,
    action: q.action,
    from,
    before,
    q: q.q,
  };
}

/** One page of the trail the caller may see, newest first. */
export async function searchAudit(ctx: Ctx, q: AuditListQuery) {
  if (!canReadAudit(ctx.actor)) throw forbidden();
  return listAuditEvents(ctx.db, ctx.actor, filterOf(q), q.page, q.pageSize);
}

/** The events after event `afterId` in `searchAudit`'s order, same filters and scope (an export's walk). */
export async function searchAuditAfter(ctx: Ctx, q: AuditListQuery, afterId: number, limit: number) {
  if (!canReadAudit(ctx.actor)) throw forbidden();
  return listAuditEventsAfter(ctx.db, ctx.actor, filterOf(q), afterId, limit);
}

/** One event, or 404 when it lies outside what the caller may see. */
export async function getVisibleAuditEvent(ctx: Ctx, id: number) {
  if (!canReadAudit(ctx.actor)) throw forbidden();
  const row = await findAuditEvent(ctx.db, id);
  if (!row || !canReadAuditEvent(ctx.actor, row)) throw notFound();
  return row;
}
