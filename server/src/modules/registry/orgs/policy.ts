import { isJointOrgType, type RecordAction } from '@gongjian/common';
import { isOwnUnit } from '#server/modules/registry/units/policy.ts';
import { type Actor, isAreaAdmin, pathInScope } from '#server/policies/actor.ts';

interface OrgLike {
  areaPath: string;
  unitId: number | null;
  type: string;
}

/** Area admins and unit admins use the organisations registry; members and residents never do. */
export const canUseOrgs = (a: Actor) => isAreaAdmin(a) || a.role === 'unit_admin';

/** Area admins see organisations in their subtree; a unit admin sees its own unit's. */
export const canReadOrg = (a: Actor, o: OrgLike) =>
  (isAreaAdmin(a) && pathInScope(a, o.areaPath)) || isOwnUnit(a, o.unitId);

/** A unit admin keeps its own unit's organisations up to date. */
export const canUpdateOrg = (a: Actor, o: OrgLike) => canReadOrg(a, o);

/** Both may found organisations; a unit admin only for its own unit (checked on the input). */
export const canCreateOrg = (a: Actor) => canUseOrgs(a);

/** Dissolving an organisation, and the seats of joint bodies, belong to the area admins. */
export const canManageOrg = (a: Actor, o: OrgLike) => isAreaAdmin(a) && pathInScope(a, o.areaPath);

export const canManageSeats = (a: Actor, o: OrgLike) => canManageOrg(a, o) && isJointOrgType(o.type);

export function orgActions(a: Actor, o: OrgLike): RecordAction[] {
  const actions: RecordAction[] = [];
  if (canUpdateOrg(a, o)) actions.push('update', 'addChild');
  if (canManageOrg(a, o)) actions.push('delete');
  if (canManageSeats(a, o)) actions.push('manageSeats');
  return actions;
}

export function seatActions(a: Actor, org: OrgLike): RecordAction[] {
  return canManageSeats(a, org) ? ['update', 'delete'] : [];
}
