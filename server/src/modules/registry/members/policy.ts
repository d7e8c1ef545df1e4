import type { RecordAction } from '@gongjian/common';
import { eq, type SQL, sql } from 'drizzle-orm';
import { members } from '#server/db/schema/index.ts';
import { type Actor, canRevealPii, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';
import { districtOf } from '#server/policies/refs.ts';
import { areaScope } from '#server/policies/scope.ts';

interface MemberLike {
  id: number;
  areaPath: string;
  unitId: number | null;
}

const isUnitAdmin = (a: Actor) => a.role === 'unit_admin' && a.unitId !== null;

/** Area admins list members living in their subtree; unit admins list their own unit's members. */
export const canListMembers = (a: Actor) => isAreaAdmin(a) || isUnitAdmin(a);

/** Register and edit members: area admins, and unit admins for their own unit. */
export const canWriteMembers = canListMembers;

/** Removing a member from the registry is left to area admins. */
export const canDeleteMembers = isAreaAdmin;

/** Anyone but a resident may ask for a member record; the member role only gets its own. */
export const canReadAnyMember = (a: Actor) => canListMembers(a) || a.role === 'member';

/** The member's own sign-in account: sees its own record, unmasked. */
export const isOwnMember = (a: Actor, m: { id: number }) => a.role === 'member' && a.memberId === m.id;

/** Area admins over their subtree, unit admins over their unit, a member over itself. */
export const canReadMember = (a: Actor, m: MemberLike) =>
  (isAreaAdmin(a) && pathInScope(a, m.areaPath)) ||
  (isUnitAdmin(a) && m.unitId === a.unitId) ||
  isOwnMember(a, m);

/** Editing: the readers above except the member itself (its record is kept by admins). */
export const canUpdateMember = (a: Actor, m: MemberLike) =>
  canWriteMembers(a) && canReadMember(a, m) && !isOwnMember(a, m);

/** Deleting: area admins over their subtree. */
export const canDeleteMember = (a: Actor, m: MemberLike) => canDeleteMembers(a) && pathInScope(a, m.areaPath);

/** Unmasked phone and ID number: area admins over their subtree (unit admins may not). */
export const canRevealMember = (a: Actor, m: MemberLike) => canRevealPii(a) && pathInScope(a, m.areaPath);

/**
 * Where the caller may place a member's residence: area admins within their subtree; unit admins
 * anywhere in their district, since a unit's members live all over it rather than around the unit.
 */
export function residenceScopeOf(a: Actor): Actor {
  return a.role === 'unit_admin' && a.districtId !== null ? { ...a, scopePath: `/${a.districtId}/` } : a;
}

/**
 * A work unit a member or resident may be said to work for. Employment is a reference, not a
 * scope: an area admin may name any unit of the district, wherever it sits (the town's SOE
 * employs people living in its villages), while the person's record stays in the admin's subtree.
 * A unit admin names its own unit only. `districtId` is the district of the person's residence,
 * which decides for the platform admin (bound to no district).
 */
export const canReferUnit = (a: Actor, unit: { id: number; areaPath: string }, districtId: number | null) =>
  a.role === 'unit_admin'
    ? unit.id === a.unitId
    : isAreaAdmin(a) && districtOf(unit.areaPath) === (a.districtId ?? districtId);

/** Who may use the work-unit picker: whoever registers members or residents. */
export const canPickWorkUnits = (a: Actor) => isAreaAdmin(a) || isUnitAdmin(a);

/** A branch a member may be put in: the unit admin's unit's own, or one inside the admin's subtree. */
export const canReferOrg = (a: Actor, org: { unitId: number | null; areaPath: string }) =>
  a.role === 'unit_admin'
    ? org.unitId !== null && org.unitId === a.unitId
    : isAreaAdmin(a) && pathInScope(a, org.areaPath);

/**
 * Set-based scope for the member list. Callers have passed `canListMembers`; anyone else gets a
 * condition that matches nothing rather than everything.
 */
export function memberListScope(a: Actor): SQL | undefined {
  if (isAreaAdmin(a)) return areaScope(a, members.areaId);
  if (isUnitAdmin(a) && a.unitId !== null) return eq(members.unitId, a.unitId);
  return sql`false`;
}

/** What the caller may do with one member record, sent along with it. */
export function memberActions(a: Actor, m: MemberLike): RecordAction[] {
  const actions: RecordAction[] = [];
  if (canUpdateMember(a, m)) actions.push('update');
  if (canDeleteMember(a, m)) actions.push('delete');
  if (canRevealMember(a, m)) actions.push('reveal');
  return actions;
}
