import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  EditOutlined,
  FileDoneOutlined,
  FlagOutlined,
  FormOutlined,
  HomeOutlined,
  IdcardOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Me, Role } from '@gongjian/common';
import { type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { type Access, capabilitiesOf, isAreaAdmin, isDeskAdmin, isPortal, isUnitAdmin } from './access';
import type { StringKey } from './i18n/strings';

/**
 * The menu groups, in the order the menu shows them (the RuoYi / Ant Design Pro layout officials
 * know): the dispatched-secretary loop they work in every day, the registries it stands on, and
 * the settings a district configures once. A page without a group is a top-level entry (首页, and
 * the phone pages of members and residents, who have too few to group).
 */
export const MENU_GROUPS = [
  { key: 'work', label: 'menu.work', icon: <FormOutlined /> },
  { key: 'registry', label: 'menu.registry', icon: <DatabaseOutlined /> },
  { key: 'system', label: 'menu.system', icon: <SettingOutlined /> },
] as const satisfies readonly { key: string; label: StringKey; icon: ReactNode }[];
export type MenuGroup = (typeof MENU_GROUPS)[number]['key'];

/** One page of the desk: where it lives, what it is called, where the menu puts it, who may open it. */
export interface RouteDef {
  /** Its flag in `Access` (`access.members`). */
  id: string;
  path: string;
  page: LazyExoticComponent<() => ReactNode>;
  /** Menu entry, page header and browser tab. */
  label: StringKey;
  icon: ReactNode;
  group?: MenuGroup;
  /** Who may open it. Everyone else gets 无权访问 (403), not 页面不存在 (404). */
  allowed: (role: Role) => boolean;
  /** Routed, but reached from elsewhere rather than the menu (the header's bell). */
  hidden?: boolean;
}

const everyone = () => true;

/**
 * Every page, once, in menu order within its group. A page is listed only when its API exists;
 * the server enforces the same rule on every request, so this decides only what the desk offers.
 */
// biome-ignore format: one page to a line pair reads as the table it is
export const ROUTES = [
  { id: 'home', path: '/', label: 'menu.home', icon: <HomeOutlined />, allowed: (r) => !isPortal(r),
    page: lazy(() => import('./home/HomePage')) },
  { id: 'me', path: '/me', label: 'menu.me', icon: <UserOutlined />, allowed: isPortal,
    page: lazy(() => import('./portal/MePage')) },
  // Only members are appointed; the page says so when this one holds no post.
  { id: 'myDuty', path: '/my-duty', label: 'menu.myDuty', icon: <FlagOutlined />, allowed: (r) => r === 'member',
    page: lazy(() => import('./portal/MyDutyPage')) },
  { id: 'record', path: '/record', label: 'menu.record', icon: <EditOutlined />, allowed: (r) => r === 'member',
    page: lazy(() => import('./portal/RecordPage')) },

  // 日常工作: appointing, then the appointees' work and how it is judged. A unit admin reads its
  // own employees' appointments, logs, duties and exemption requests; area admins decide.
  { id: 'appointments', path: '/appointments', label: 'menu.appointments', icon: <SolutionOutlined />,
    group: 'work', allowed: isDeskAdmin, page: lazy(() => import('./cadres/selection/AppointmentsPage')) },
  { id: 'batches', path: '/batches', label: 'menu.batches', icon: <FileDoneOutlined />,
    group: 'work', allowed: isAreaAdmin, page: lazy(() => import('./cadres/selection/BatchesPage')) },
  { id: 'programmes', path: '/programmes', label: 'menu.programmes', icon: <ProfileOutlined />,
    group: 'work', allowed: isAreaAdmin, page: lazy(() => import('./cadres/selection/ProgrammesPage')) },
  { id: 'workLogs', path: '/work-logs', label: 'menu.workLogs', icon: <EditOutlined />,
    group: 'work', allowed: isDeskAdmin, page: lazy(() => import('./cadres/work-logs/WorkLogsPage')) },
  { id: 'compliance', path: '/compliance', label: 'menu.compliance', icon: <DashboardOutlined />,
    group: 'work', allowed: isDeskAdmin, page: lazy(() => import('./cadres/compliance/BoardPage')) },
  { id: 'exemptions', path: '/exemptions', label: 'menu.exemptions', icon: <CalendarOutlined />,
    group: 'work', allowed: isDeskAdmin, page: lazy(() => import('./cadres/duties/ExemptionsPage')) },
  { id: 'coverage', path: '/coverage', label: 'menu.coverage', icon: <SafetyCertificateOutlined />,
    group: 'work', allowed: isAreaAdmin, page: lazy(() => import('./cadres/coverage/CoveragePage')) },

  // 基础台账: the tree and who is on it. A unit admin sees its own unit, organisations and people.
  { id: 'areas', path: '/areas', label: 'menu.areas', icon: <ApartmentOutlined />,
    group: 'registry', allowed: isAreaAdmin, page: lazy(() => import('./registry/areas/AreasPage')) },
  { id: 'myUnit', path: '/my-unit', label: 'menu.myUnit', icon: <BankOutlined />,
    group: 'registry', allowed: isUnitAdmin, page: lazy(() => import('./registry/units/MyUnitPage')) },
  { id: 'orgs', path: '/orgs', label: 'menu.orgs', icon: <ClusterOutlined />,
    group: 'registry', allowed: isDeskAdmin, page: lazy(() => import('./registry/orgs/OrgsPage')) },
  { id: 'units', path: '/units', label: 'menu.units', icon: <BankOutlined />,
    group: 'registry', allowed: isAreaAdmin, page: lazy(() => import('./registry/units/UnitsPage')) },
  { id: 'members', path: '/members', label: 'menu.members', icon: <TeamOutlined />,
    group: 'registry', allowed: isDeskAdmin, page: lazy(() => import('./registry/members/MembersPage')) },
  { id: 'residents', path: '/residents', label: 'menu.residents', icon: <UsergroupAddOutlined />,
    group: 'registry', allowed: isAreaAdmin, page: lazy(() => import('./registry/residents/ResidentsPage')) },

  // 系统管理: what a district configures, and who did what. Area admins read the kinds and duty
  // rules; the server says who may edit them.
  { id: 'appointmentKinds', path: '/appointment-kinds', label: 'menu.appointmentKinds', icon: <TagsOutlined />,
    group: 'system', allowed: isAreaAdmin, page: lazy(() => import('./cadres/selection/KindsPage')) },
  { id: 'dutyRules', path: '/duty-rules', label: 'menu.dutyRules', icon: <ReadOutlined />,
    group: 'system', allowed: isAreaAdmin, page: lazy(() => import('./cadres/duties/RulesPage')) },
  { id: 'dictionaries', path: '/dictionaries', label: 'menu.dictionaries', icon: <BookOutlined />,
    group: 'system', allowed: isAreaAdmin, page: lazy(() => import('./registry/dictionaries/DictionariesPage')) },
  { id: 'accounts', path: '/accounts', label: 'menu.accounts', icon: <IdcardOutlined />,
    group: 'system', allowed: isAreaAdmin, page: lazy(() => import('./registry/accounts/AccountsPage')) },
  { id: 'audit', path: '/audit', label: 'menu.audit', icon: <AuditOutlined />,
    group: 'system', allowed: isAreaAdmin, page: lazy(() => import('./system/audit/AuditPage')) },

  // Every account's inbox, opened from the header's bell rather than the menu.
  { id: 'inbox', path: '/inbox', label: 'menu.inbox', icon: <BellOutlined />, allowed: everyone, hidden: true,
    page: lazy(() => import('./system/notifications/InboxPage')) },
] as const satisfies readonly RouteDef[];

export type PageId = (typeof ROUTES)[number]['id'];

/** The route at exactly this path (pages have no sub-paths; a record opens in a drawer). */
export function routeAt(pathname: string): RouteDef | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return (ROUTES as readonly RouteDef[]).find((r) => r.path === path);
}

/** The role's capabilities and, per page, whether it may open it. */
export function computeAccess(me: Pick<Me, 'role'>): Access {
  const pages = Object.fromEntries(ROUTES.map((r) => [r.id, r.allowed(me.role)])) as Record<PageId, boolean>;
  return { ...capabilitiesOf(me), ...pages };
}
