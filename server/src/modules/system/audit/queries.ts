import { and, count, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { areas, auditEvents } from '#server/db/schema/index.ts';
import type { Actor } from '#server/policies/actor.ts';
import { areaScope, likeContains } from '#server/policies/scope.ts';

const columns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorId: auditEvents.actorId,
  actorName: auditEvents.actorName,
  actorRole: auditEvents.actorRole,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  areaId: auditEvents.areaId,
  areaName: areas.name,
  areaPath: areas.path,
  summary: auditEvents.summary,
  before: auditEvents.before,
  after: auditEvents.after,
  ip: auditEvents.ip,
};

/** One event with its node, whatever the scope (the service checks visibility). */
export async function findAuditEvent(db: Executor, id: number) {
  const [row] = await db
    .select(columns)
    .from(auditEvents)
    .leftJoin(areas, eq(areas.id, auditEvents.areaId))
    .where(eq(auditEvents.id, id));
  return row;
}
/** An event with the name and path of its node (null once the node is deleted). */
export type AuditEventRow = NonNullable<Awaited<ReturnType<typeof findAuditEvent>>>;

/** Filters of the list; `before` is exclusive (see `auditRange`). */
export interface AuditFilter {
  actorId?: number | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  before?: Date | undefined;
  q?: string | undefined;
}

/** Set-based scope: events in the actor's subtree or made by the actor (nothing for the platform). */
function scope(actor: Actor): SQL | undefined {
  const inSubtree = areaScope(actor, auditEvents.areaId);
  return inSubtree ? or(inSubtree, eq(auditEvents.actorId, actor.accountId)) : undefined;
}

/** One page of the events the actor may see, newest first. */
export async function listAuditEvents(
  db: Executor,
  actor: Actor,
  f: AuditFilter,
  page: number,
  pageSize: number,
) {
  const w = auditWhere(actor, f);
  const [data, [total]] = await Promise.all([
    selectEvents(db, w, pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(auditEvents).where(w),
  ]);
  return { data, total: total?.n ?? 0 };
}

/**
 * The next `limit` events after event `afterId` in the list's order (keyset paging): a walk over
 * the whole trail (an export) costs the same per page however deep it goes, where an offset would
 * re-read every page before it. The cursor's timestamp is read in SQL, at full precision.
 */
export async function listAuditEventsAfter(
  db: Executor,
  actor: Actor,
  f: AuditFilter,
  afterId: number,
  limit: number,
) {
  const after = sql`(${auditEvents.at}, ${auditEvents.id}) < (select e.at, e.id from audit_events e where e.id = ${afterId})`;
  return selectEvents(db, and(auditWhere(actor, f), after), limit);
}

function selectEvents(db: Executor, w: SQL | undefined, limit: number) {
  return (
    db
      .select(columns)
      .from(auditEvents)
      .leftJoin(areas, eq(areas.id, auditEvents.areaId))
      .where(w)
      // Events of one transaction share `at`; the id keeps their order.
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
  );
}

function auditWhere(actor: Actor, f: AuditFilter): SQL | undefined {
  return and(
    scope(actor),
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.before ? lt(auditEvents.at, f.before) : undefined,
    f.q
      ? or(
          ilike(auditEvents.summary, likeContains(f.q)),
          ilike(auditEvents.actorName, likeContains(f.q)),
          ilike(auditEvents.entityId, likeContains(f.q)),
        )
      : undefined,
  );
}
