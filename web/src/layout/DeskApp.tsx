import { Spin } from 'antd';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useMe } from '#web/api/session.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { ROUTES } from '#web/routes.tsx';
import AntdProviders from './AntdProviders';
import { AppLayout } from './AppLayout';
import { Forbidden, NotFound } from './StatusPages';

function Loading() {
  const { t } = useLocale();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

/** The desk: the grouped menu and header around every page of the route table (admins). */
export default function DeskApp({ landing }: { landing: string }) {
  const me = useMe();
  return (
    <AntdProviders>
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
              <Navigate to={landing} replace />
            ) : (
              <Forbidden route={r} />
            );
            return <Route key={r.path} path={r.path} element={element} />;
          })}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AntdProviders>
  );
}
