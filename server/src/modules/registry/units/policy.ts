import type { RecordAction } from '@gongjian/common';
import { type Actor, canRevealPii, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';

interface UnitLike {
  id: number;
  areaPath: string;
  contactPhone?: string | null;
}

/** Area admins and unit admins use the units registry; members and residents never do. */
export const canUseUnits = (a: Actor) => isAreaAdmin(a) || a.role === 'unit_admin';

/** A unit admin's own unit: the only one it sees, whatever its area binding says. */
export const isOwnUnit = (a: Actor, unitId: number | null) =>
  a.role === 'unit_admin' && a.unitId !== null && a.unitId === unitId;

export const canReadUnit = (a: Actor, u: UnitLike) =>
  (isAreaAdmin(a) && pathInScope(a, u.areaPath)) || isOwnUnit(a, u.id);

/** Area admins register units in their subtree; a unit admin cannot add units. */
export const canCreateUnit = (a: Actor) => isAreaAdmin(a);

/** Area admins edit units in their subtree; a unit admin edits its own unit. */
export const canUpdateUnit = (a: Actor, u: UnitLike) => canReadUnit(a, u);

/**
 * Where a unit sits and its legal identity (credit code) are set by the area admin who
 * registered it: a unit admin moving its unit would move itself out of that admin's sight.
 */
export const canChangeUnitIdentity = (a: Actor, u: UnitLike) => isAreaAdmin(a) && pathInScope(a, u.areaPath);

export const canDeleteUnit = (a: Actor, u: UnitLike) => isAreaAdmin(a) && pathInScope(a, u.areaPath);

/** The contact phone is personal data: only roles that may reveal PII see it unmasked. */
export const canRevealUnitContact = (a: Actor, u: UnitLike) => canRevealPii(a) && canReadUnit(a, u);

export function unitActions(a: Actor, u: UnitLike): RecordAction[] {
  const actions: RecordAction[] = [];
  if (canUpdateUnit(a, u)) actions.push('update');
  if (canDeleteUnit(a, u)) actions.push('delete');
  if (u.contactPhone && canRevealUnitContact(a, u)) actions.push('reveal');
  return actions;
}
