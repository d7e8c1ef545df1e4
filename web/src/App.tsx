import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AccessContext } from './AccessContext';
import { SessionProvider, useSession } from './api/session';
import { LocaleProvider, useLocale } from './i18n/locale';
import { LoginPage } from './LoginPage';
import { AppLayout } from './layout/AppLayout';
import { Forbidden, NotFound } from './layout/StatusPages';
import { useDocumentTitle } from './layout/title';
import { computeAccess, ROUTES } from './routes';
import { theme } from './theme';

function Loading() {
  const { t } = useLocale();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

function SignIn() {
  const { t } = useLocale();
  useDocumentTitle(t('login.title'));
  return <LoginPage />;
}

function Routed() {
  const { status, me } = useSession();
  const location = useLocation();
  const access = useMemo(() => (me ? computeAccess(me) : null), [me]);
  if (status === 'loading') return <Loading />;
  if (!me || !access) {
    if (location.pathname === '/login') return <SignIn />;
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  const landing = ROUTES.find((r) => r.allowed(me.role))?.path ?? '/';
  return (
    <AccessContext.Provider value={access}>
      <Routes>
        <Route path="/login" element={<Navigate to={landing} replace />} />
        <Route element={<AppLayout />}>
          {/* Every known page is routed: one the role may not use answers 无权访问, not 页面不存在. */}
          {ROUTES.map((r) => {
            const Page = r.page;
            const element = r.allowed(me.role) ? (
              <Suspense fallback={<Loading />}>
                <Page />
              </Suspense>
            ) : r.path === '/' ? (
              // Members and residents have no desk home: the address of the site is their 我的.
              <Navigate to={landing} replace />
            ) : (
              <Forbidden route={r} />
            );
            return <Route key={r.path} path={r.path} element={element} />;
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
