import { lazy, Suspense, useMemo } from 'react';
import { BrowserRouter, Navigate, useLocation } from 'react-router';
import { AccessContext } from './AccessContext';
import { isPortal } from './access';
import { SessionProvider, useSession } from './api/session';
import { LocaleProvider, useLocale } from './i18n/locale';
import { computeAccess, ROUTES } from './routes';

// Three frames, each its own chunk: a member's phone never downloads the desk (antd, its menu,
// ECharts) and an admin's browser never downloads the phone shell. bench/portal-js.ts keeps the
// phone's first load within its budget.
const DeskApp = lazy(() => import('./layout/DeskApp'));
const PhoneShell = lazy(() => import('./portal/PhoneShell'));
const SignInScreen = lazy(() => import('./layout/SignInScreen'));
const PhoneLogin = lazy(() => import('./portal/PhoneLogin'));

/** A phone-wide screen signs in on the light page; it is a member's or resident's first load. */
const phoneWide = () => typeof window !== 'undefined' && window.matchMedia('(max-width: 600px)').matches;

/** Plain markup rather than antd's Spin: the entry chunk carries no UI library. */
function Loading() {
  const { t } = useLocale();
  return (
    <div className="gj-boot" role="status">
      <span className="gj-boot-dot" />
      {t('common.loading')}
    </div>
  );
}

function Routed() {
  const { status, me } = useSession();
  const location = useLocation();
  const access = useMemo(() => (me ? computeAccess(me) : null), [me]);
  if (status === 'loading') return <Loading />;
  if (!me || !access) {
    if (location.pathname === '/login')
      return <Suspense fallback={<Loading />}>{phoneWide() ? <PhoneLogin /> : <SignInScreen />}</Suspense>;
    const next = location.pathname + location.search;
    return <Navigate to={`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <AccessContext.Provider value={access}>
      <Suspense fallback={<Loading />}>
        {/* Members and residents (appointees are members) live on their phones: the portal's own shell. */}
        {isPortal(me.role) ? (
          <PhoneShell />
        ) : (
          <DeskApp landing={ROUTES.find((r) => r.allowed(me.role))?.path ?? '/'} />
        )}
      </Suspense>
    </AccessContext.Provider>
  );
}

/** Providers (language, session) around the frame the role works in. */
export function App() {
  return (
    <LocaleProvider>
      <SessionProvider>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </SessionProvider>
    </LocaleProvider>
  );
}
