import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  EditOutlined,
  FileDoneOutlined,
  FlagOutlined,
  HomeOutlined,
  IdcardOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Access } from '../access';
import type { StringKey } from '../i18n/strings';

export interface NavItem {
  path: string;
  label: StringKey;
  icon: ReactNode;
  /** The access flag that shows the entry and opens the route. */
  allowed: (a: Access) => boolean;
  /** A route without a menu entry (reached from elsewhere, e.g. the header's bell). */
  hidden?: boolean;
}

/** The menu, in order. A page appears only when its API exists and the role may use it. */
export const NAV: NavItem[] = [
  { path: '/', label: 'menu.home', icon: <HomeOutlined />, allowed: (a) => a.home },
  { path: '/me', label: 'menu.me', icon: <UserOutlined />, allowed: (a) => a.portal },
  { path: '/my-duty', label: 'menu.myDuty', icon: <FlagOutlined />, allowed: (a) => a.myDuty },
  { path: '/record', label: 'menu.record', icon: <EditOutlined />, allowed: (a) => a.myDuty },
  { path: '/areas', label: 'menu.areas', icon: <ApartmentOutlined />, allowed: (a) => a.areas },
  { path: '/orgs', label: 'menu.orgs', icon: <ClusterOutlined />, allowed: (a) => a.orgs },
  { path: '/units', label: 'menu.units', icon: <BankOutlined />, allowed: (a) => a.units },
  { path: '/my-unit', label: 'menu.myUnit', icon: <BankOutlined />, allowed: (a) => a.myUnit },
  { path: '/members', label: 'menu.members', icon: <TeamOutlined />, allowed: (a) => a.members },
  {
    path: '/residents',
    label: 'menu.residents',
    icon: <UsergroupAddOutlined />,
    allowed: (a) => a.residents,
  },
  {
    path: '/appointments',
    label: 'menu.appointments',
    icon: <SolutionOutlined />,
    allowed: (a) => a.appointments,
  },
  { path: '/batches', label: 'menu.batches', icon: <FileDoneOutlined />, allowed: (a) => a.selection },
  { path: '/programmes', label: 'menu.programmes', icon: <ProfileOutlined />, allowed: (a) => a.selection },
  { path: '/work-logs', label: 'menu.workLogs', icon: <EditOutlined />, allowed: (a) => a.workLogs },
  {
    path: '/compliance',
    label: 'menu.compliance',
    icon: <DashboardOutlined />,
    allowed: (a) => a.compliance,
  },
  {
    path: '/coverage',
    label: 'menu.coverage',
    icon: <SafetyCertificateOutlined />,
    allowed: (a) => a.coverage,
  },
  { path: '/duty-rules', label: 'menu.dutyRules', icon: <ReadOutlined />, allowed: (a) => a.dutyRules },
  {
    path: '/exemptions',
    label: 'menu.exemptions',
    icon: <CalendarOutlined />,
    allowed: (a) => a.exemptions,
  },
  {
    path: '/appointment-kinds',
    label: 'menu.appointmentKinds',
    icon: <TagsOutlined />,
    allowed: (a) => a.appointmentKinds,
  },
  {
    path: '/dictionaries',
    label: 'menu.dictionaries',
    icon: <BookOutlined />,
    allowed: (a) => a.dictionaries,
  },
  { path: '/accounts', label: 'menu.accounts', icon: <IdcardOutlined />, allowed: (a) => a.accounts },
  { path: '/audit', label: 'menu.audit', icon: <AuditOutlined />, allowed: (a) => a.audit },
  // Every role's inbox, opened from the header's bell rather than the menu.
  { path: '/inbox', label: 'menu.inbox', icon: <BellOutlined />, allowed: (a) => a.inbox, hidden: true },
];
