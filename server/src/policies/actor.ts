import { AREA_ADMIN_ROLES, type Role } from '@gongjian/common';

/**
 * Who is calling, resolved once per request by the auth layer. `scopePath` is the materialised
 * path of the bound tree node: every record whose area path starts with it is in scope.
 */
export interface Actor {
  accountId: number;
  username: string;
  displayName: string;
  role: Role;
  areaId: number | null;
  /** `null` only for the platform admin, who sees every district. */
  scopePath: string | null;
  /** The district (tree root) the account belongs to; owns the dictionaries it uses. */
  districtId: number | null;
  unitId: number | null;
  memberId: number | null;
  residentId: number | null;
  via: 'session' | 'token';
}

export const isPlatformAdmin = (a: Actor) => a.role === 'platform_admin';
/** District, street and community admins, and the platform admin: they administer a subtree. */
export const isAreaAdmin = (a: Actor) => isPlatformAdmin(a) || AREA_ADMIN_ROLES.includes(a.role);

/** Is a record whose area has this path inside the actor's subtree? */
export function pathInScope(actor: Actor, path: string): boolean {
  return actor.scopePath === null || path.startsWith(actor.scopePath);
}

/** Strictly below the actor's own node: the node itself is managed from the level above. */
export function pathBelowScope(actor: Actor, path: string): boolean {
  return actor.scopePath === null || (path.startsWith(actor.scopePath) && path !== actor.scopePath);
}

/** Roles allowed to see unmasked phone and ID numbers (the read itself is audited). */
export const canRevealPii = (a: Actor) => isAreaAdmin(a);
