import { ReloadOutlined } from '@ant-design/icons';
import { type CoverageVisits, coverageApi, type WorkLogDrill } from '@gongjian/common';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { call } from '#web/api/call.ts';
import { AreaPicker } from '#web/components/AreaPicker.tsx';
import { barOption, Chart } from '#web/components/Chart.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import { DictLabel } from '#web/components/fields.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import type { StringKey } from '#web/i18n/strings.ts';
import { shareOption } from './charts';
import { useDefaultArea } from './defaults';

type UnitRow = CoverageVisits['unvisited'][number] & { visits?: number; drill?: WorkLogDrill };

/** A figure that opens the work logs it counts (its drill-down), the list's total being the figure. */
function Drill({ drill, children }: { drill: WorkLogDrill | undefined; children: React.ReactNode }) {
  const { t } = useLocale();
  if (!drill) return <>{children}</>;
  return (
    <Link to={`/work-logs?${new URLSearchParams(drill)}`} title={t('cov.openLogs')}>
      {children}
    </Link>
  );
}

const TARGET_LABELS: Record<string, StringKey> = {
  household: 'log.household',
  unit: 'log.unit',
  two_new_org: 'log.twoNew',
};

/**
 * 走访覆盖: for an area and a period, the share of its two-new organisations visited, which were
 * and which were not, and the demands the visits took by category.
 */
export function VisitsTab() {
  const { t, locale } = useLocale();
  const fallback = useDefaultArea();
  const [picked, setPicked] = useState<number | null | undefined>(undefined);
  const areaId = picked === undefined ? fallback : picked;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('year'), dayjs()]);
  const [report, setReport] = useState<CoverageVisits | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick and locale refetch on purpose
  useEffect(() => {
    if (!areaId) return;
    let live = true;
    setError(null);
    setReport(null);
    call(coverageApi.visits, { query: { areaId, from, to } })

      .then((r) => live && setReport(r))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [areaId, from, to, tick, locale]);

  let body: React.ReactNode;
  if (areaId === null) body = <Empty description={t('list.empty')} />;
  else if (error) body = <Alert type="error" showIcon title={t('list.loadFailed')} description={error} />;
  else if (!report) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else body = <Report r={report} />;

  return (
    <div className="gj-page">
      <Card size="small">
        <Space wrap size={16}>
          <Space>
            <Typography.Text>{t('cov.area')}</Typography.Text>
            <AreaPicker
              value={areaId ?? null}
              onChange={(v) => setPicked(v)}
              allowClear={false}
              style={{ width: 260 }}
            />
          </Space>
          <Space>
            <Typography.Text>{t('cov.period')}</Typography.Text>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0], v[1]]);
              }}
            />
          </Space>
          <Tooltip title={t('list.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('list.refresh')}
              onClick={() => setTick((n) => n + 1)}
            />
          </Tooltip>
          {areaId ? <ExportButton list="coverage-visits" filters={{ areaId, from, to }} /> : null}
        </Space>
      </Card>
      {body}
    </div>
  );
}

function Report({ r }: { r: CoverageVisits }) {
  const { t, locale } = useLocale();
  const share = r.sharePercent === null ? '—' : `${r.sharePercent}%`;
  const ring = useMemo(
    () =>
      shareOption(r.visited, r.twoNewTotal - r.visited, share, {
        visited: t('cov.visited'),
        unvisited: t('cov.unvisited'),
      }),
    [r, share, t],
  );
  const demandRows = useMemo(
    () =>
      r.demandsByCategory.map((d) => ({ name: locale === 'en' ? d.labelEn : d.labelZh, value: d.visits })),
    [r, locale],
  );
  const bars = useMemo(() => barOption(demandRows), [demandRows]);
  const units = (rows: UnitRow[], withVisits: boolean) => (
    <Table<UnitRow>
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
      columns={[
        { key: 'name', title: t('cov.unitName'), dataIndex: 'name' },
        {
          key: 'type',
          title: t('cov.unitType'),
          render: (_: unknown, u) => <DictLabel type="unit_type" code={u.type} />,
        },
        { key: 'area', title: t('cov.location'), dataIndex: 'areaName' },
        ...(withVisits
          ? [
              {
                key: 'visits',
                title: t('cov.visits'),
                render: (_: unknown, u: UnitRow) => <Drill drill={u.drill}>{u.visits}</Drill>,
              },
            ]
          : []),
      ]}
    />
  );

  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          <Card
            size="small"
            title={t('cov.share')}
            extra={<Typography.Text type="secondary">{r.populations.toAreaOrgs.name}</Typography.Text>}
            styles={{ body: { minHeight: 330 } }}
            data-testid="visit-share"
          >
            {r.twoNewTotal === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cov.noTwoNew')} />
            ) : (
              <>
                <Chart option={ring} height={220} label={`${t('cov.share')} ${share}`} />
                <Row gutter={8} style={{ marginTop: 8 }}>
                  <Col span={8}>
                    <Statistic title={t('cov.twoNewTotal')} value={r.twoNewTotal} />
                  </Col>
                  <Col span={8}>
                    <Statistic title={t('cov.visited')} value={r.visited} />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title={t('cov.visits')}
                      valueRender={() => (
                        <Drill drill={r.drills.visits}>
                          <span data-testid="visits-to-orgs">{r.visits}</span>
                        </Drill>
                      )}
                    />
                  </Col>
                </Row>
              </>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
              {t('cov.shareHelp')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title={
              <span>
                {t('cov.demandChart')}{' '}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {r.populations.byAreaAppointees.name}
                </Typography.Text>
              </span>
            }
            styles={{ body: { minHeight: 330 } }}
            extra={
              <Space size={16}>
                <span>
                  {t('cov.appointeeVisits')}{' '}
                  <Drill drill={r.drills.appointeeVisits}>
                    <strong data-testid="visits-by-appointees">{r.appointeeVisits}</strong>
                  </Drill>
                </span>
                <span>
                  {t('cov.demands')} <strong data-testid="demand-total">{r.demands}</strong>
                </span>
                <span>
                  {t('cov.visitsWithDemands')}{' '}
                  <Drill drill={r.drills.visitsWithDemands}>
                    <strong>{r.visitsWithDemands}</strong>
                  </Drill>
                </span>
              </Space>
            }
            data-testid="demand-chart"
          >
            {r.demands === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cov.noDemands')} />
            ) : (
              <Chart
                option={bars}
                height={Math.max(240, demandRows.length * 30)}
                label={t('cov.demandChart')}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'unvisited',
              label: `${t('cov.unvisitedList')}（${r.unvisited.length}）`,
              children: units(r.unvisited, false),
            },
            {
              key: 'visited',
              label: `${t('cov.visitedList')}（${r.visitedUnits.length}）`,
              children: units(r.visitedUnits, true),
            },
            {
              key: 'demands',
              label: t('cov.category'),
              children: (
                <Table
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={r.demandsByCategory}
                  columns={[
                    {
                      key: 'label',
                      title: t('cov.category'),
                      render: (_: unknown, d) => (locale === 'en' ? d.labelEn : d.labelZh),
                    },
                    {
                      key: 'visits',
                      title: t('cov.count'),
                      render: (_: unknown, d) => <Drill drill={d.drill}>{d.visits}</Drill>,
                    },
                  ]}
                />
              ),
            },
            {
              key: 'targets',
              label: `${t('cov.byTarget')} · ${r.populations.byAreaAppointees.name}`,
              children: (
                <Table
                  rowKey="targetType"
                  size="small"
                  pagination={false}
                  dataSource={r.byTargetType}
                  locale={{
                    emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />,
                  }}
                  columns={[
                    {
                      key: 'target',
                      title: t('cov.byTarget'),
                      render: (_: unknown, x) => {
                        const key = TARGET_LABELS[x.targetType];
                        return key ? t(key) : x.targetType;
                      },
                    },
                    {
                      key: 'visits',
                      title: t('cov.count'),
                      render: (_: unknown, x) => <Drill drill={x.drill}>{x.visits}</Drill>,
                    },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
