import type { RecordAction } from '@gongjian/common';
import { eq, type SQL, sql } from 'drizzle-orm';
import { areas, partyOrgs } from '#server/db/schema/index.ts';
import { isOwnUnit } from '#server/modules/registry/units/policy.ts';
import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';

/** What the rules need to know about an assignment. */
export interface AssignmentLike {
  /** The covered node's path. */
  areaPath: string;
  /** The unit of the covering organisation. */
  unitId: number | null;
}

/** Area admins and unit admins use coverage assignments; members and residents never do. */
export const canUseCoverage = (a: Actor) => isAreaAdmin(a) || (a.role === 'unit_admin' && a.unitId !== null);

/**
 * Area admins over the covered node's subtree; a unit admin reads the assignments its own unit's
 * organisations have taken on, wherever they are.
 */
export const canReadAssignment = (a: Actor, x: AssignmentLike) =>
  (isAreaAdmin(a) && pathInScope(a, x.areaPath)) || isOwnUnit(a, x.unitId);

/** Only area admins whose subtree holds the covered node assign, change or remove coverage. */
export const canManageAssignment = (a: Actor, x: Pick<AssignmentLike, 'areaPath'>) =>
  isAreaAdmin(a) && pathInScope(a, x.areaPath);

/** Area admins create assignments (the node must lie in their subtree: checked on the input). */
export const canCreateAssignment = (a: Actor) => isAreaAdmin(a);

/** The status and visit-coverage reports are area reports: area admins over their subtree. */
export const canReadCoverageReports = (a: Actor) => isAreaAdmin(a);

/** Set-based scope for the assignment list (joined with the covered node), matching `canReadAssignment`. */
export function assignmentListScope(a: Actor): SQL | undefined {
  if (isAreaAdmin(a)) return a.scopePath === null ? undefined : sql`${areas.path} like ${`${a.scopePath}%`}`;
  if (a.role === 'unit_admin' && a.unitId !== null) return eq(partyOrgs.unitId, a.unitId);
  return sql`false`;
}

export function assignmentActions(a: Actor, x: AssignmentLike): RecordAction[] {
  return canManageAssignment(a, x) ? ['update', 'delete'] : [];
}
