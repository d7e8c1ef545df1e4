import { ROLE_LABELS, ROLES } from '@gongjian/common';
import { Button, Result, type ResultProps, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '#web/api/session.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import type { RouteDef } from '#web/routes.tsx';

/** A page the desk cannot show: what happened, what to do about it, and the way home. */
function StatusPage(props: {
  status: ResultProps['status'];
  title: string;
  why: string;
  what: string;
  testId: string;
}) {
  const { t } = useLocale();
  const navigate = useNavigate();
  return (
    <Result
      status={props.status}
      title={props.title}
      data-testid={props.testId}
      subTitle={
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {props.why}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{props.what}</Typography.Paragraph>
        </>
      }
      extra={
        <Button type="primary" onClick={() => navigate('/')} data-testid="back-home">
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

/**
 * 无权访问 (403): a page the desk has, which this role may not use. Says which roles it is for,
 * so the user knows whom to ask, instead of pretending the page does not exist.
 */
export function Forbidden({ route, phone }: { route: RouteDef; phone?: boolean }) {
  const { t, label } = useLocale();
  const me = useMe();
  const roles = ROLES.filter((r) => route.allowed(r))
    .map((r) => label(ROLE_LABELS[r]))
    .join(t('page.listSeparator'));
  return (
    <StatusPage
      status="403"
      title={t('page.forbidden')}
      why={t('page.forbiddenWhy', { role: label(ROLE_LABELS[me.role]), page: t(route.label), roles })}
      // The phone shell has tabs at the bottom, not a menu on the left.
      what={t(phone ? 'page.forbiddenWhatPhone' : 'page.forbiddenWhat')}
      testId="page-forbidden"
    />
  );
}

/** 页面不存在 (404): no page at this address, for any role. */
export function NotFound() {
  const { t } = useLocale();
  const { pathname } = useLocation();
  return (
    <StatusPage
      status="404"
      title={t('common.notFound')}
      why={t('page.notFoundWhy', { path: pathname })}
      what={t('page.notFoundWhat')}
      testId="page-not-found"
    />
  );
}
