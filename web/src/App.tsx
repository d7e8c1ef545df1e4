import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AccessContext } from './AccessContext';
import { computeAccess } from './access';
import { SessionProvider, useSession } from './api/session';
import { LocaleProvider, useLocale } from './i18n/locale';
import { LoginPage } from './LoginPage';
import { AppLayout } from './layout/AppLayout';
import { NAV } from './layout/nav';
import { NotFound } from './NotFound';
import { theme } from './theme';

const pages: Record<string, React.LazyExoticComponent<() => ReactNode>> = {
  '/': lazy(() => import('./home/HomePage')),
  '/me': lazy(() => import('./portal/MePage')),
  '/areas': lazy(() => import('./admin/areas/AreasPage')),
  '/orgs': lazy(() => import('./admin/orgs/OrgsPage')),
  '/units': lazy(() => import('./admin/units/UnitsPage')),
  '/my-unit': lazy(() => import('./admin/units/MyUnitPage')),
  '/members': lazy(() => import('./admin/members/MembersPage')),
  '/residents': lazy(() => import('./admin/residents/ResidentsPage')),
  '/dictionaries': lazy(() => import('./admin/dictionaries/DictionariesPage')),
  '/accounts': lazy(() => import('./admin/accounts/AccountsPage')),
  '/audit': lazy(() => import('./admin/audit/AuditPage')),
  '/my-duty': lazy(() => import('./portal/MyDutyPage')),
  '/record': lazy(() => import('./portal/RecordPage')),
  '/appointments': lazy(() => import('./admin/selection/AppointmentsPage')),
  '/batches': lazy(() => import('./admin/selection/BatchesPage')),
  '/programmes': lazy(() => import('./admin/selection/ProgrammesPage')),
  '/work-logs': lazy(() => import('./admin/worklogs/WorkLogsPage')),
  '/compliance': lazy(() => import('./admin/compliance/BoardPage')),
  '/coverage': lazy(() => import('./admin/coverage/CoveragePage')),
  '/appointment-kinds': lazy(() => import('./admin/selection/KindsPage')),
  '/duty-rules': lazy(() => import('./admin/duties/RulesPage')),
  '/exemptions': lazy(() => import('./admin/duties/ExemptionsPage')),
  '/inbox': lazy(() => import('./notifications/InboxPage')),
};

function Loading() {
  const { t } = useLocale();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

function Routed() {
  const { status, me } = useSession();
  const location = useLocation();
  const access = useMemo(() => (me ? computeAccess(me) : null), [me]);
  if (status === 'loading') return <Loading />;
  if (!me || !access) {
    if (location.pathname === '/login') return <LoginPage />;
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  const allowed = NAV.filter((n) => n.allowed(access));
  const landing = allowed[0]?.path ?? '/';
  return (
    <AccessContext.Provider value={access}>
      <Routes>
        <Route path="/login" element={<Navigate to={landing} replace />} />
        <Route element={<AppLayout access={access} />}>
          {!access.home ? <Route index element={<Navigate to={landing} replace />} /> : null}
          {allowed.map((n) => {
            const Page = pages[n.path];
            return Page ? (
              <Route
                key={n.path}
                path={n.path}
                element={
                  <Suspense fallback={<Loading />}>
                    <Page />
                  </Suspense>
                }
              />
            ) : null;
          })}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AccessContext.Provider>
  );
}

function Themed() {
  const { locale } = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Providers (language, theme, session) around the routes the role may open. */
export function App() {
  return (
    <LocaleProvider>
      <Themed />
    </LocaleProvider>
  );
}
