import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';

interface EventLike {
  actorId: number | null;
  areaPath: string | null;
}

/** The trail is for administrators: units, members and residents have no view of it. */
export const canReadAudit = (a: Actor) => isAreaAdmin(a);

/** An admin sees what happened in its subtree, and everything it did itself. */
export const canReadAuditEvent = (a: Actor, e: EventLike) =>
  canReadAudit(a) &&
  (a.scopePath === null || e.actorId === a.accountId || (e.areaPath !== null && pathInScope(a, e.areaPath)));
