import type { RecordAction } from '@gongjian/common';
import type { SQL } from 'drizzle-orm';
import { residents } from '#server/db/schema/index.ts';
import { type Actor, canRevealPii, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';
import { areaScope } from '#server/policies/scope.ts';

interface ResidentLike {
  id: number;
  areaPath: string;
}

/** The residents registry is kept by area admins; unit admins and members have no part in it. */
export const canManageResidents = isAreaAdmin;

/** Area admins, and a resident asking for its own record. */
export const canReadAnyResident = (a: Actor) => isAreaAdmin(a) || a.role === 'resident';

/** The resident's own sign-in account: sees its own record, unmasked. */
export const isOwnResident = (a: Actor, r: { id: number }) => a.role === 'resident' && a.residentId === r.id;

/** Area admins over their subtree, a resident over itself. */
export const canReadResident = (a: Actor, r: ResidentLike) =>
  (isAreaAdmin(a) && pathInScope(a, r.areaPath)) || isOwnResident(a, r);

/** Editing and deleting: area admins over their subtree. */
export const canChangeResident = (a: Actor, r: ResidentLike) => isAreaAdmin(a) && pathInScope(a, r.areaPath);

/** Unmasked phone and ID number: area admins over their subtree. */
export const canRevealResident = (a: Actor, r: ResidentLike) => canRevealPii(a) && pathInScope(a, r.areaPath);

/** Set-based scope for the resident list (callers have passed `canManageResidents`). */
export const residentListScope = (a: Actor): SQL | undefined => areaScope(a, residents.areaId);

/** What the caller may do with one resident record, sent along with it. */
export function residentActions(a: Actor, r: ResidentLike): RecordAction[] {
  const actions: RecordAction[] = [];
  if (canChangeResident(a, r)) actions.push('update', 'delete');
  if (canRevealResident(a, r)) actions.push('reveal');
  return actions;
}
