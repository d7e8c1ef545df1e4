import { AREA_ADMIN_ROLES, type Role } from '@gongjian/common';

/**
 * Who is calling, resolved once per request by the auth layer. `scopePath` is the materialised
 * path of the bound tree node: every record whose area path starts with it is in scope.
 */
export interface Actor {
  /** The account signed in; 0 for the system actor, which has none. */
  accountId: number;
  username: string;
  displayName: string;
  /** An account's role, or `system` for the scheduled jobs (never an account's, never a request's). */
  role: Role | 'system';
  areaId: number | null;
  /** `null` only for the platform admin, who sees every district. */
  scopePath: string | null;
  /** The district (tree root) the account belongs to; owns the dictionaries it uses. */
  districtId: number | null;
  unitId: number | null;
  memberId: number | null;
  residentId: number | null;
  /** How the actor came: a request (session cookie or bearer token), or a scheduled job. */
  via: 'session' | 'token' | 'job';
}

/**
 * The scheduled jobs as an actor: role `system`, `via: 'job'`, bound to no node and to no account.
 * Only `systemActor` makes one and only the job runner's contexts carry it — the auth layer builds
 * actors from account rows, whose role the database holds to the seven account roles, so no
 * request can be this actor. Every policy refuses it: it is not an admin of anything and, with
 * no node, nothing is in its scope (`pathInScope` says no explicitly, where a `null` scope would
 * mean "everything" for the platform admin). What the jobs do (judge duties, record reminders,
 * purge expired imports) they do through queries, not through a policy; their audit events name
 * this actor (`system`, the job's name), not an account.
 */
export function systemActor(job: string): Actor {
  return {
    accountId: 0,
    username: 'system',
    displayName: `job:${job}`,
    role: 'system',
    areaId: null,
    scopePath: null,
    districtId: null,
    unitId: null,
    memberId: null,
    residentId: null,
    via: 'job',
  };
}

/** The scheduled jobs' actor (see `systemActor`). */
export const isSystem = (a: Actor) => a.role === 'system';

export const isPlatformAdmin = (a: Actor) => a.role === 'platform_admin';
/** District, street and community admins, and the platform admin: they administer a subtree. */
export const isAreaAdmin = (a: Actor) =>
  isPlatformAdmin(a) || (a.role !== 'system' && AREA_ADMIN_ROLES.includes(a.role));

/** Is a record whose area has this path inside the actor's subtree? */
export function pathInScope(actor: Actor, path: string): boolean {
  if (isSystem(actor)) return false;
  return actor.scopePath === null || path.startsWith(actor.scopePath);
}

/** Strictly below the actor's own node: the node itself is managed from the level above. */
export function pathBelowScope(actor: Actor, path: string): boolean {
  if (isSystem(actor)) return false;
  return actor.scopePath === null || (path.startsWith(actor.scopePath) && path !== actor.scopePath);
}

/** Roles allowed to see unmasked phone and ID numbers (the read itself is audited). */
export const canRevealPii = (a: Actor) => isAreaAdmin(a);
