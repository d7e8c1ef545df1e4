import { AREA_ADMIN_ROLES, type Me, ROLES, type Role } from '@gongjian/common';
import type { PageId } from './routes';

/*
 * Who the signed-in role is, in the few words the desk asks: the role predicates the route table
 * (`routes.tsx`) declares each page with, and the capabilities beyond opening a page (create
 * buttons, the roles an account form offers). Buttons on a record come from the record's own
 * `actions` (computed by the server), never from here. The server enforces the same rules on
 * every request; these only decide what the desk offers.
 */

/** Platform, district, street and community admins: they administer a subtree of the tree. */
export const isAreaAdmin = (r: Role) => r === 'platform_admin' || AREA_ADMIN_ROLES.includes(r);
export const isUnitAdmin = (r: Role) => r === 'unit_admin';
/** Members and residents: the light phone pages. */
export const isPortal = (r: Role) => r === 'member' || r === 'resident';
/** Area admins and unit admins: the desk over a subtree or over one unit's people. */
export const isDeskAdmin = (r: Role) => isAreaAdmin(r) || isUnitAdmin(r);
/** District and platform admins edit what a district shares (dictionaries, appointment kinds). */
const editsDistrict = (r: Role) => r === 'platform_admin' || r === 'district_admin';

/** What a role may do beyond opening pages. */
export interface Capabilities {
  areaAdmin: boolean;
  platform: boolean;
  /** May add a top-level node (a district). */
  createRootArea: boolean;
  /** May add items to a district's extensible dictionaries. */
  editDictionaries: boolean;
  /** 任职类型: read by area admins, edited by district and platform admins. */
  editAppointmentKinds: boolean;
  /**
   * Runs selections: creates programmes, batches and appointments (the organisation
   * department's work). A unit admin opens 任职管理 to read, but creates nothing there.
   */
  selection: boolean;
  /**
   * Roles offered in the account form: strictly below one's own. Only narrows the drop-down;
   * the server refuses anything else with a field error.
   */
  grantableRoles: Role[];
}

/** Capabilities plus one flag per page of the route table (`access.members`: may open 党员). */
export type Access = Capabilities & Record<PageId, boolean>;

const RANK: Record<Role, number> = {
  platform_admin: 0,
  district_admin: 1,
  street_admin: 2,
  community_admin: 3,
  unit_admin: 4,
  member: 5,
  resident: 5,
};

/** Computed once from the role; the page flags are added from the route table. */
export function capabilitiesOf(me: Pick<Me, 'role'>): Capabilities {
  const role = me.role;
  const areaAdmin = isAreaAdmin(role);
  return {
    areaAdmin,
    platform: role === 'platform_admin',
    createRootArea: role === 'platform_admin',
    editDictionaries: editsDistrict(role),
    editAppointmentKinds: editsDistrict(role),
    selection: areaAdmin,
    grantableRoles: areaAdmin ? ROLES.filter((r) => RANK[r] > RANK[role]) : [],
  };
}
