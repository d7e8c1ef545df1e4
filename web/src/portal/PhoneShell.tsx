import { notificationApi } from '@gongjian/common';
import { ConfigProvider, DotLoading, NavBar, TabBar } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import {
  AppOutline,
  EditSOutline,
  MessageOutline,
  UnorderedListOutline,
  UserOutline,
} from 'antd-mobile-icons';
import { type ComponentType, lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { call } from '#web/api/call.ts';
import { api } from '#web/api/client.ts';
import { useMe, useSession } from '#web/api/session.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import type { StringKey } from '#web/i18n/strings.ts';
import { useDocumentTitle } from '#web/layout/title.ts';
import { ROUTES, type RouteDef, routeAt } from '#web/routes.tsx';
import { useInboxRefresh } from '#web/system/notifications/inbox.ts';
import './phone.css';

// antd stays out of the shell: the pages that still use it (forms, the inbox) bring it with them,
// inside its providers, when their tab is opened. The budget is in bench/portal-js.ts.
const AntdProviders = lazy(() => import('#web/layout/AntdProviders.tsx'));
const Forbidden = lazy(() => import('#web/layout/StatusPages.tsx').then((m) => ({ default: m.Forbidden })));
const NotFound = lazy(() => import('#web/layout/StatusPages.tsx').then((m) => ({ default: m.NotFound })));
const PortalHome = lazy(() => import('./PortalHome'));

/** Pages built for the shell without antd (the landing pages); every other page gets antd around it. */
const LIGHT: ReadonlySet<string> = new Set(['myDuty']);

interface Tab {
  path: string;
  label: StringKey;
  icon: ReactNode;
}

/**
 * The tabs by who is holding the phone: an appointee's work first (duties, then recording it), a
 * plain member's or resident's home; messages and 我的 for everyone.
 */
function tabsOf(appointee: boolean): Tab[] {
  const common: Tab[] = [
    { path: '/inbox', label: 'menu.inbox', icon: <MessageOutline /> },
    { path: '/me', label: 'menu.me', icon: <UserOutline /> },
  ];
  return appointee
    ? [
        { path: '/my-duty', label: 'menu.myDuty', icon: <UnorderedListOutline /> },
        { path: '/record', label: 'menu.record', icon: <EditSOutline /> },
        ...common,
      ]
    : [{ path: '/', label: 'menu.home', icon: <AppOutline /> }, ...common];
}

/**
 * Whether this member holds an active post (appointees are members with one). Residents and
 * members without one get the home tab. Null while asking.
 */
function useAppointee(): boolean | null {
  const me = useMe();
  const [holds, setHolds] = useState<boolean | null>(me.role === 'member' ? null : false);
  useEffect(() => {
    if (me.role !== 'member') return;
    let live = true;
    api
      .get<{ total: number }>('/appointments', { status: 'active', pageSize: 1 })
      .then((r) => live && setHolds(r.total > 0))
      // Unknown: the plain tabs, which every member may use.
      .catch(() => live && setHolds(false));
    return () => {
      live = false;
    };
  }, [me.role]);
  return holds;
}

/** Unread messages for the tab's badge, read again every minute and when the inbox changes. */
function useUnread(): number {
  const [unread, setUnread] = useState(0);
  const load = useCallback(() => {
    call(notificationApi.list, { query: { pageSize: 1 } })

      .then((r) => setUnread(r.unread))
      .catch(() => {});
  }, []);
  useInboxRefresh(load);
  return unread;
}

function Waiting() {
  return (
    <div className="gj-shell-wait">
      <DotLoading color="primary" />
    </div>
  );
}

/** A page of the route table inside the shell, with antd around it unless it was built without. */
function ShellPage({ route }: { route: RouteDef }) {
  const Page = route.page as ComponentType;
  if (LIGHT.has(route.id)) return <Page />;
  return (
    <AntdProviders phone>
      <Page />
    </AntdProviders>
  );
}

/** Sign-out and the language, on 我的 under the account (the desk has them in its header). */
function AccountActions() {
  const { t, locale, setLocale } = useLocale();
  const { logout } = useSession();
  const navigate = useNavigate();
  return (
    <div className="gj-shell-actions">
      <button
        type="button"
        className="gj-shell-row"
        onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
      >
        <span>{t('phone.language')}</span>
        <span className="gj-shell-row-value">{locale === 'en' ? 'English' : '中文'}</span>
      </button>
      <button
        type="button"
        className="gj-shell-signout"
        data-testid="sign-out"
        onClick={() => void logout().then(() => navigate('/login'))}
      >
        {t('header.logout')}
      </button>
    </div>
  );
}

/**
 * The portal's own frame for members, residents and appointees, in the manner of the WeChat H5
 * pages they know: a title bar (with the language switch) over one page, and a tab bar at the
 * bottom. No desk menu, no sider. The same addresses as before (/me, /my-duty, /record, /inbox); a
 * desk page still answers 无权访问.
 */
export default function PhoneShell() {
  const me = useMe();
  const { t, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const appointee = useAppointee();
  const unread = useUnread();

  const route = routeAt(pathname);
  const home = pathname === '/' || pathname === '';
  const current = route?.allowed(me.role) ? route : null;
  const title = home
    ? t('menu.home')
    : current
      ? t(current.label)
      : route
        ? t('page.forbidden')
        : t('common.notFound');
  useDocumentTitle(title);
  if (appointee === null) return <Waiting />;

  const tabs = tabsOf(appointee);
  const landing = tabs[0]?.path ?? '/me';
  const activeTab = tabs.find((tab) => tab.path === (home ? '/' : current?.path))?.path;
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN}>
      <div className="gj-shell" data-testid="phone-shell">
        <header className="gj-shell-top">
          <NavBar
            // A page outside the tabs (a link from a message, a refused address) leads back to them.
            back={activeTab ? null : ''}
            onBack={() => navigate(landing)}
            right={
              <button
                type="button"
                className="gj-shell-lang"
                onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
                data-testid="lang-switch"
              >
                {t('header.language')}
              </button>
            }
          >
            <h1 className="gj-shell-title" data-testid="page-title">
              {title}
            </h1>
          </NavBar>
        </header>
        <main className="gj-shell-body">
          <Suspense fallback={<Waiting />}>
            <Routes>
              <Route path="/login" element={<Navigate to={landing} replace />} />
              <Route
                path="/"
                element={landing === '/' ? <PortalHome /> : <Navigate to={landing} replace />}
              />
              {(ROUTES as readonly RouteDef[])
                .filter((r) => r.path !== '/')
                .map((r) => (
                  <Route
                    key={r.path}
                    path={r.path}
                    element={
                      r.allowed(me.role) ? (
                        <ShellPage route={r} />
                      ) : (
                        <AntdProviders phone>
                          <Forbidden route={r} phone />
                        </AntdProviders>
                      )
                    }
                  />
                ))}
              <Route
                path="*"
                element={
                  <AntdProviders phone>
                    <NotFound />
                  </AntdProviders>
                }
              />
            </Routes>
            {current?.path === '/me' ? <AccountActions /> : null}
          </Suspense>
        </main>
        <nav className="gj-shell-tabs" data-testid="phone-tabbar" aria-label={t('header.menu')}>
          <TabBar activeKey={activeTab ?? null} onChange={(key) => navigate(key)} safeArea>
            {tabs.map((tab) => (
              <TabBar.Item
                key={tab.path}
                title={
                  <span
                    data-testid={`tab-${tab.path.slice(1) || 'home'}`}
                    data-unread={tab.path === '/inbox' ? unread : undefined}
                  >
                    {t(tab.label)}
                  </span>
                }
                icon={tab.icon}
                badge={tab.path === '/inbox' && unread > 0 ? (unread > 99 ? '99+' : unread) : undefined}
              />
            ))}
          </TabBar>
        </nav>
      </div>
    </ConfigProvider>
  );
}
