import type { RecordAction, Role } from '@gongjian/common';
import { type Actor, isAreaAdmin, pathBelowScope, pathInScope } from '#server/policies/actor.ts';

/** Lower number = more authority. Members and residents are peers at the bottom. */
const RANK: Record<Role, number> = {
  platform_admin: 0,
  district_admin: 1,
  street_admin: 2,
  community_admin: 3,
  unit_admin: 4,
  member: 5,
  resident: 5,
};

/** Admins manage accounts of strictly lower roles inside their subtree. */
export const canGrantRole = (a: Actor, role: Role) =>
  a.role !== 'system' && isAreaAdmin(a) && RANK[role] > RANK[a.role];

/** Who may list accounts: area admins, who grant at least the resident role. */
export const canListAccounts = (a: Actor) => canGrantRole(a, 'resident');

interface AccountLike {
  id: number;
  role: string;
  areaPath: string | null;
}

export const canReadAccount = (a: Actor, acc: AccountLike) =>
  acc.id === a.accountId ||
  (isAreaAdmin(a) && (a.scopePath === null || (acc.areaPath !== null && pathInScope(a, acc.areaPath))));

export const canManageAccount = (a: Actor, acc: AccountLike) =>
  acc.id !== a.accountId &&
  canGrantRole(a, acc.role as Role) &&
  (a.scopePath === null ||
    (acc.areaPath !== null && (pathBelowScope(a, acc.areaPath) || acc.areaPath === a.scopePath)));

export function accountActions(a: Actor, acc: AccountLike): RecordAction[] {
  return canManageAccount(a, acc) ? ['update', 'delete'] : [];
}
