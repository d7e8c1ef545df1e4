import { type AuditListQuery, auditRange } from '@gongjian/common';
import { forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../http/context.ts';
import { canReadAudit, canReadAuditEvent } from './policy.ts';
import { findAuditEvent, listAuditEvents } from './queries.ts';

/** One page of the trail the caller may see, newest first. */
export async function searchAudit(ctx: Ctx, q: AuditListQuery) {
  if (!canReadAudit(ctx.actor)) throw forbidden();
  const { from, before } = auditRange(q.from, q.to);
  return listAuditEvents(
    ctx.db,
    ctx.actor,
    {
      actorId: q.actorId,
      entityType: q.entityType,
      entityId: q.entityId,
      action: q.action,
      from,
      before,
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}

/** One event, or 404 when it lies outside what the caller may see. */
export async function getVisibleAuditEvent(ctx: Ctx, id: number) {
  if (!canReadAudit(ctx.actor)) throw forbidden();
  const row = await findAuditEvent(ctx.db, id);
  if (!row || !canReadAuditEvent(ctx.actor, row)) throw notFound();
  return row;
}
