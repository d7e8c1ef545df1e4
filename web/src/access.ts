import { AREA_ADMIN_ROLES, type Me, ROLES, type Role } from '@gongjian/common';

/**
 * What the signed-in role may open: menu entries, routes and create buttons. Buttons on a record
 * come from the record's own `actions` (computed by the server), never from here.
 */
export interface Access {
  /** Platform, district, street and community admins: they administer a subtree of the tree. */
  areaAdmin: boolean;
  platform: boolean;
  home: boolean;
  areas: boolean;
  /** May add a top-level node (a district). */
  createRootArea: boolean;
  orgs: boolean;
  units: boolean;
  /** The unit admin's own unit page. */
  myUnit: boolean;
  members: boolean;
  residents: boolean;
  dictionaries: boolean;
  /** May add items to a district's extensible dictionaries. */
  editDictionaries: boolean;
  accounts: boolean;
  audit: boolean;
  /** The light "我的" page for members and residents. */
  portal: boolean;
  /** 任职类型: read by area admins, edited by district and platform admins. */
  appointmentKinds: boolean;
  editAppointmentKinds: boolean;
  /** 任职管理: area admins; a unit admin reads its own employees' appointments. */
  appointments: boolean;
  /** 工作方案 and 选派批次: the organisation department's work (area admins). */
  selection: boolean;
  /** 工作纪实: area admins confirm; a unit admin reads its employees' logs. */
  workLogs: boolean;
  /** 包保责任: coverage assignments, status and visit coverage, for area admins. */
  coverage: boolean;
  /** The appointee's phone pages: 我的任职 and 记一笔. */
  myDuty: boolean;
  /** 履职规则: area admins read the district's rules (the server says who may edit them). */
  dutyRules: boolean;
  /** 请假免责: area admins decide requests; a unit admin reads its employees' requests. */
  exemptions: boolean;
  /** 消息: every signed-in account has an inbox. */
  inbox: boolean;
  /** 履职看板: area admins over their subtree; a unit admin over the appointees its unit sent. */
  compliance: boolean;
  /**
   * Roles offered in the account form: strictly below one's own. Only narrows the drop-down;
   * the server refuses anything else with a field error.
   */
  grantableRoles: Role[];
}

const RANK: Record<Role, number> = {
  platform_admin: 0,
  district_admin: 1,
  street_admin: 2,
  community_admin: 3,
  unit_admin: 4,
  member: 5,
  resident: 5,
};

/** Computed once from the role; the server enforces the same rules on every request. */
export function computeAccess(me: Pick<Me, 'role'>): Access {
  const role: Role = me.role;
  const platform = role === 'platform_admin';
  const areaAdmin = platform || AREA_ADMIN_ROLES.includes(role);
  const unitAdmin = role === 'unit_admin';
  const portal = role === 'member' || role === 'resident';
  return {
    areaAdmin,
    platform,
    home: !portal,
    areas: areaAdmin,
    createRootArea: platform,
    orgs: areaAdmin || unitAdmin,
    units: areaAdmin,
    myUnit: unitAdmin,
    members: areaAdmin || unitAdmin,
    residents: areaAdmin,
    dictionaries: areaAdmin,
    editDictionaries: platform || role === 'district_admin',
    accounts: areaAdmin,
    audit: areaAdmin,
    portal,
    appointmentKinds: areaAdmin,
    editAppointmentKinds: platform || role === 'district_admin',
    appointments: areaAdmin || unitAdmin,
    selection: areaAdmin,
    workLogs: areaAdmin || unitAdmin,
    coverage: areaAdmin,
    myDuty: role === 'member',
    dutyRules: areaAdmin,
    exemptions: areaAdmin || unitAdmin,
    inbox: true,
    compliance: areaAdmin || unitAdmin,
    grantableRoles: areaAdmin ? ROLES.filter((r) => RANK[r] > RANK[role]) : [],
  };
}
