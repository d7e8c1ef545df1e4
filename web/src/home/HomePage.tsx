import { type AuditEvent, auditApi } from '@gongjian/common';
import { Card, Col, Empty, List, Row, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useAccess } from '#web/AccessContext.tsx';
import type { Access } from '#web/access.ts';
import { call } from '#web/api/call.ts';
import { useMe } from '#web/api/session.tsx';
import { Figure } from '#web/components/Figure.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { actionLabel, entityLabel } from '#web/system/audit/labels.ts';
import { TodoList } from './TodoList';

/**
 * The home page's figures, from the catalogue (`GET /api/figures`): each count and chart is a
 * figure the server computes through its list's own filter, and opens that list filtered. Shown
 * to the roles whose desk has the list's page (the server refuses the others anyway).
 */
const NUMBERS: { code: string; show: (a: Access) => boolean }[] = [
  { code: 'areas.count', show: (a) => a.areas },
  { code: 'orgs.count', show: (a) => a.orgs },
  { code: 'units.count', show: (a) => a.units },
  { code: 'members.count', show: (a) => a.members },
  { code: 'residents.count', show: (a) => a.residents },
  { code: 'accounts.count', show: (a) => a.accounts },
];

const CHARTS: { code: string; view: 'bar' | 'pie'; show: (a: Access) => boolean }[] = [
  { code: 'members.byCategory', view: 'pie', show: (a) => a.members },
  { code: 'units.byType', view: 'bar', show: (a) => a.units },
  { code: 'areas.byLevel', view: 'bar', show: (a) => a.areas },
];

function RecentActivity() {
  const { t, locale } = useLocale();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read in the new language
  useEffect(() => {
    let live = true;
    call(auditApi.list, { query: { pageSize: 8 } })
      .then((r) => live && setEvents(r.data))
      .catch(() => live && setEvents([]));
    return () => {
      live = false;
    };
  }, [locale]);
  return (
    <Card size="small" title={t('home.recent')}>
      {events === null ? (
        <Skeleton active />
      ) : (
        <List
          size="small"
          dataSource={events}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noRecent')} />,
          }}
          renderItem={(e) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <span>
                    {e.actorName ?? e.summary ?? '—'} · {actionLabel(e.action, locale)}
                    {locale === 'en' ? ' ' : ''}
                    {entityLabel(e.entityType, locale)}
                  </span>
                }
                description={e.summary ?? e.areaName ?? ''}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {dayjs(e.at).format('MM-DD HH:mm')}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 首页: the caller's to-dos first, then live counts in their scope, a chart or two, and what happened lately. */
export default function HomePage() {
  const me = useMe();
  const access = useAccess();
  const { t, locale } = useLocale();
  const numbers = NUMBERS.filter((s) => s.show(access));
  const charts = CHARTS.filter((c) => c.show(access));
  return (
    <div className="gj-page">
      <Card size="small">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.scopeLabel} ·{' '}
          {t('home.today', {
            date: dayjs().format(locale === 'en' ? 'YYYY-MM-DD dddd' : 'YYYY年M月D日 dddd'),
          })}
        </Typography.Text>
      </Card>
      <TodoList />
      {numbers.length ? (
        <Row gutter={[12, 12]}>
          {numbers.map((s) => (
            <Col key={s.code} xs={12} md={8} xl={4}>
              <Figure code={s.code} view="number" />
            </Col>
          ))}
        </Row>
      ) : null}
      <Row gutter={[12, 12]}>
        {charts.map((c) => (
          <Col key={c.code} xs={24} lg={12} xl={charts.length === 1 ? 12 : 8}>
            <Figure code={c.code} view={c.view} />
          </Col>
        ))}
        {access.audit ? (
          <Col xs={24}>
            <RecentActivity />
          </Col>
        ) : null}
      </Row>
    </div>
  );
}
