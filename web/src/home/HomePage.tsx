import {
  AREA_LEVEL_LABELS,
  AREA_LEVELS,
  type AuditEvent,
  accountApi,
  areaApi,
  auditApi,
  type Me,
  memberApi,
  orgApi,
  residentApi,
  SYSTEM_DICTIONARIES,
  unitApi,
} from '@gongjian/common';
import { Card, Col, Empty, List, Row, Skeleton, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAccess } from '#web/AccessContext.tsx';
import type { Access } from '#web/access.ts';
import { call, type ListContract, send } from '#web/api/call.ts';
import type { QueryValue } from '#web/api/client.ts';
import { loadDict } from '#web/api/dictionaries.ts';
import { useMe } from '#web/api/session.tsx';
import type { ListResult } from '#web/api/types.ts';
import { barOption, Chart, ringOption } from '#web/components/Chart.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import type { StringKey } from '#web/i18n/strings.ts';
import { actionLabel, entityLabel } from '#web/system/audit/labels.ts';
import { TodoList } from './TodoList';

/** How many records a list endpoint holds in the caller's scope, read from its `total`. */
async function countOf(list: ListContract, query: Record<string, QueryValue> = {}): Promise<number> {
  const r = (await send(list, { query: { ...query, page: 1, pageSize: 1 } })) as ListResult<unknown>;
  return r.total;
}

interface Stat {
  title: StringKey;
  list: ListContract;
  path: string;
  show: (a: Access) => boolean;
}

const STATS: Stat[] = [
  { title: 'home.areas', list: areaApi.list, path: '/areas', show: (a) => a.areas },
  { title: 'home.orgs', list: orgApi.list, path: '/orgs', show: (a) => a.orgs },
  { title: 'home.units', list: unitApi.list, path: '/units', show: (a) => a.units },
  { title: 'home.members', list: memberApi.list, path: '/members', show: (a) => a.members },
  { title: 'home.residents', list: residentApi.list, path: '/residents', show: (a) => a.residents },
  { title: 'home.accounts', list: accountApi.list, path: '/accounts', show: (a) => a.accounts },
];

type Rows = { name: string; value: number }[];
type Label = (p: { 'zh-CN': string; en: string }) => string;

interface ChartSpec {
  title: StringKey;
  kind: 'bar' | 'ring';
  show: (a: Access) => boolean;
  rows: (me: Me, label: Label) => Promise<Rows>;
}

const nonZero = (rows: Rows) => rows.filter((r) => r.value > 0);

const CHARTS: ChartSpec[] = [
  {
    title: 'home.byCategory',
    kind: 'ring',
    show: (a) => a.members,
    // The seven categories are a closed list (not extensible), so the built-in items are all of them.
    rows: async (_me, label) =>
      nonZero(
        await Promise.all(
          SYSTEM_DICTIONARIES.member_category.items.map(async ([code, zh, en]) => ({
            name: label({ 'zh-CN': zh, en }),
            value: await countOf(memberApi.list, { category: code }),
          })),
        ),
      ),
  },
  {
    title: 'home.byUnitType',
    kind: 'bar',
    show: (a) => a.units,
    rows: async (me, label) => {
      const types = await loadDict(me, 'unit_type');
      return nonZero(
        await Promise.all(
          types.map(async (d) => ({
            name: label({ 'zh-CN': d.labelZh, en: d.labelEn }),
            value: await countOf(unitApi.list, { type: d.code }),
          })),
        ),
      );
    },
  },
  {
    title: 'home.byLevel',
    kind: 'bar',
    show: (a) => a.areas,
    rows: async (_me, label) =>
      nonZero(
        await Promise.all(
          AREA_LEVELS.map(async (l) => ({
            name: label(AREA_LEVEL_LABELS[l]),
            value: await countOf(areaApi.list, { level: l }),
          })),
        ),
      ),
  },
];

function StatCard({ stat }: { stat: Stat }) {
  const { t, locale } = useLocale();
  const navigate = useNavigate();
  const [value, setValue] = useState<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: locale re-reads so errors come back in the new language
  useEffect(() => {
    let live = true;
    countOf(stat.list)
      .then((n) => live && setValue(n))
      .catch(() => live && setValue(-1));
    return () => {
      live = false;
    };
  }, [stat.list, locale]);
  return (
    <Card hoverable size="small" className="gj-stat" onClick={() => navigate(stat.path)}>
      <Statistic
        title={t(stat.title)}
        value={value === null || value < 0 ? '—' : value}
        loading={value === null}
        styles={{ content: { color: '#1f1f1f', fontWeight: 600 } }}
      />
    </Card>
  );
}

function ChartCard({ spec }: { spec: ChartSpec }) {
  const { t, label, locale } = useLocale();
  const me = useMe();
  const [rows, setRows] = useState<Rows | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels follow the language
  useEffect(() => {
    let live = true;
    setRows(null);
    spec
      .rows(me, label)
      .then((r) => live && setRows(r))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [spec, locale]);
  const option = useMemo(
    () => (rows ? (spec.kind === 'bar' ? barOption(rows) : ringOption(rows)) : null),
    [rows, spec],
  );
  let body: ReactNode;
  if (!rows || !option) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (rows.length === 0)
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />;
  else body = <Chart option={option} label={t(spec.title)} />;
  return (
    <Card size="small" title={t(spec.title)} styles={{ body: { minHeight: 296 } }}>
      {body}
    </Card>
  );
}

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
  const stats = STATS.filter((s) => s.show(access));
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
      {stats.length ? (
        <Row gutter={[12, 12]}>
          {stats.map((s) => (
            <Col key={s.title} xs={12} md={8} xl={4}>
              <StatCard stat={s} />
            </Col>
          ))}
        </Row>
      ) : null}
      <Row gutter={[12, 12]}>
        {charts.map((c) => (
          <Col key={c.title} xs={24} lg={12} xl={charts.length === 1 ? 12 : 8}>
            <ChartCard spec={c} />
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
