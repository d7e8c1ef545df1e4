import { ReloadOutlined } from '@ant-design/icons';
import {
  AREA_LEVEL_LABELS,
  COVERED_LEVELS,
  type CommunityCoverage,
  type CoverageAssignment,
  type CoverageNode,
  type CoveredLevel,
  coverageApi,
  coverageCreate,
  coverageUpdate,
  localDate,
} from '@gongjian/common';
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
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { call } from '#web/api/call.ts';
import { AreaPicker } from '#web/components/AreaPicker.tsx';
import { Chart } from '#web/components/Chart.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';
import { levelOption } from './charts';
import { useDefaultArea } from './defaults';

type Label = (p: { 'zh-CN': string; en: string }) => string;
type Building = CommunityCoverage['buildings'][number];

const LEVEL_KEYS = { zone: 'zones', compound: 'compounds', building: 'buildings' } as const;

/** 包保情况: one community's coverage on a day, its gaps and clashes, and the assignments behind it. */
export function StatusTab() {
  const { t, label, locale } = useLocale();
  const fallback = useDefaultArea('community');
  const [picked, setPicked] = useState<number | null | undefined>(undefined);
  const communityId = picked === undefined ? fallback : picked;
  const [on, setOn] = useState<Dayjs>(() => dayjs());
  const [status, setStatus] = useState<CommunityCoverage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const day = on.format('YYYY-MM-DD');

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick (after an assignment changed) and locale (the summary line) refetch on purpose
  useEffect(() => {
    if (!communityId) return;
    let live = true;
    setError(null);
    call(coverageApi.status, { query: { areaId: communityId, on: day } })
      .then((s) => {
        if (!live) return;
        setStatus(s.communities[0] ?? null);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [communityId, day, tick, locale]);

  const shown = status && status.community.id === communityId ? status : null;
  let body: ReactNode;
  if (communityId === null || (communityId === undefined && fallback === null))
    body = <Empty description={t('cov.pickCommunity')} />;
  else if (error) body = <Alert type="error" showIcon title={t('list.loadFailed')} description={error} />;
  else if (!shown) body = <Skeleton active paragraph={{ rows: 8 }} />;
  else body = <Report c={shown} day={day} t={t} label={label} />;

  return (
    <div className="gj-page">
      <Card size="small">
        <Space wrap size={16}>
          <Space>
            <Typography.Text>{t('cov.community')}</Typography.Text>
            <AreaPicker
              value={communityId ?? null}
              onChange={(v) => setPicked(v)}
              levels={['community']}
              allowClear={false}
              style={{ width: 260 }}
            />
          </Space>
          <Space>
            <Typography.Text>{t('cov.on')}</Typography.Text>
            <DatePicker value={on} onChange={(d) => setOn(d ?? dayjs())} allowClear={false} />
          </Space>
          <Tooltip title={t('list.refresh')}>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('list.refresh')}
              onClick={() => setTick((n) => n + 1)}
            />
          </Tooltip>
          {communityId ? (
            <ExportButton list="coverage-status" filters={{ areaId: communityId, on: day }} />
          ) : null}
        </Space>
      </Card>
      {body}
      {communityId ? <Assignments communityId={communityId} onChanged={() => setTick((n) => n + 1)} /> : null}
    </div>
  );
}

/** Counts per level, the chart, the gaps and clashes, buildings with their heads, and the organisations. */
function Report({ c, day, t, label }: { c: CommunityCoverage; day: string; t: Translate; label: Label }) {
  const perLevel = useMemo(
    () =>
      COVERED_LEVELS.map((level) => {
        const { total, covered } = c.counts[LEVEL_KEYS[level]];
        const double = c.doublyCovered.filter((n) => n.level === level).length;
        return { level, total, covered, uncovered: total - covered, double };
      }),
    [c],
  );
  const option = useMemo(
    () =>
      levelOption(
        perLevel.map((p) => ({
          name: label(AREA_LEVEL_LABELS[p.level]),
          single: p.covered - p.double,
          double: p.double,
          uncovered: p.uncovered,
        })),
        { single: t('cov.single'), double: t('cov.double'), uncovered: t('cov.uncovered') },
      ),
    [perLevel, label, t],
  );
  const empty = perLevel.every((p) => p.total === 0);

  return (
    <>
      <Alert
        // Nothing under the community is nothing to cover, not a gap: neutral, never a warning.
        type={c.complete ? 'success' : c.nothingToCover ? 'info' : 'warning'}
        showIcon
        // The theme's derived success background is a heavy grey-green; a light tint reads better.
        style={c.complete ? { background: '#f1f8f2', borderColor: '#b9dcc0' } : undefined}
        title={<span data-testid="coverage-summary">{c.summary}</span>}
        description={`${c.community.name} · ${t('cov.on')} ${day}`}
      />
      <Row gutter={[12, 12]}>
        {perLevel.map((p) => (
          <Col key={p.level} xs={24} md={8}>
            <Card size="small" data-testid={`level-${p.level}`}>
              <Statistic
                title={`${label(AREA_LEVEL_LABELS[p.level])} · ${t('cov.covered')}`}
                value={p.covered}
                suffix={`/ ${p.total}`}
                styles={{ content: { color: '#1f1f1f', fontWeight: 600 } }}
              />
              <Space size={4} style={{ marginTop: 6 }}>
                <Tag color={p.uncovered ? 'red' : 'default'}>
                  {t('cov.uncovered')} {p.uncovered}
                </Tag>
                <Tag color={p.double ? 'orange' : 'default'}>
                  {t('cov.double')} {p.double}
                </Tag>
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cov.chart')} styles={{ body: { minHeight: 260 } }}>
            {empty ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />
            ) : (
              <Chart option={option} height={240} label={t('cov.chart')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('cov.uncoveredList')} data-testid="uncovered-list">
            <NodeList
              nodes={c.uncovered}
              none={t('cov.noneUncovered')}
              label={label}
              color="red"
              render={() => null}
            />
          </Card>
          <Card size="small" title={t('cov.doubleList')} data-testid="double-list" style={{ marginTop: 12 }}>
            <NodeList
              nodes={c.doublyCovered}
              none={t('cov.noneDouble')}
              label={label}
              color="orange"
              render={(n) =>
                c.doublyCovered
                  .find((d) => d.id === n.id)
                  ?.orgs.map((o) => o.orgName)
                  .join('、')
              }
            />
          </Card>
        </Col>
      </Row>
      <Buildings c={c} t={t} label={label} />
      <Card size="small" title={t('cov.orgsTitle')}>
        <Table
          rowKey="orgId"
          size="small"
          pagination={false}
          dataSource={c.orgs}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
          columns={[
            { key: 'org', title: t('cov.org'), dataIndex: 'orgName' },
            { key: 'unit', title: t('cov.unit'), render: (_: unknown, o) => o.unitName ?? '—' },
            {
              key: 'direct',
              title: t('cov.direct'),
              render: (_: unknown, o) =>
                t('cov.directText', { zones: o.zones, compounds: o.compounds, buildings: o.buildings }),
            },
            { key: 'coveredBuildings', title: t('cov.coveredBuildings'), dataIndex: 'coveredBuildings' },
          ]}
        />
      </Card>
    </>
  );
}

/** Uncovered or doubly covered nodes, one line each with its level and what else is known. */
function NodeList({
  nodes,
  none,
  label,
  color,
  render,
}: {
  nodes: CoverageNode[];
  none: string;
  label: Label;
  color: string;
  render: (n: CoverageNode) => ReactNode;
}) {
  if (!nodes.length) return <Typography.Text type="secondary">{none}</Typography.Text>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 6, maxHeight: 220, overflow: 'auto' }}>
      {nodes.map((n) => (
        <div key={n.id} className="gj-coverage-node">
          <Tag color={color}>{label(AREA_LEVEL_LABELS[n.level])}</Tag>
          <span>{n.label}</span>
          {render(n) ? (
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {render(n)}
            </Typography.Text>
          ) : null}
        </div>
      ))}
    </div>
  );
}

/** Every building: who covers it (and through which level) and its building heads (楼栋长). */
function Buildings({ c, t, label }: { c: CommunityCoverage; t: Translate; label: Label }) {
  const [onlyGaps, setOnlyGaps] = useState(false);
  const rows = onlyGaps ? c.buildings.filter((b) => !b.coveredBy.length || !b.heads.length) : c.buildings;
  const via = (level: CoveredLevel) => t('cov.via', { level: label(AREA_LEVEL_LABELS[level]) });
  return (
    <Card
      size="small"
      title={t('cov.buildingsTitle')}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('cov.onlyProblems')}</Typography.Text>
          <Switch size="small" checked={onlyGaps} onChange={setOnlyGaps} />
        </Space>
      }
    >
      <Table<Building>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
        columns={[
          { key: 'label', title: t('cov.building'), dataIndex: 'label' },
          {
            key: 'coveredBy',
            title: t('cov.coveredBy'),
            render: (_: unknown, b) =>
              b.coveredBy.length ? (
                <Space size={[4, 4]} wrap>
                  {b.coveredBy.map((o) => (
                    <Tag key={`${o.orgId}-${o.viaAreaId}`} color="green">
                      {o.orgName}
                      {o.viaLevel === 'building' ? '' : `（${via(o.viaLevel)}）`}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Tag color="red">{t('cov.uncovered')}</Tag>
              ),
          },
          {
            key: 'heads',
            title: t('cov.heads'),
            render: (_: unknown, b) =>
              b.heads.length ? (
                b.heads.map((h) => h.name).join('、')
              ) : (
                <Tag color="orange">{t('cov.noHead')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}

/** The assignments of the community (包保分工): create, change the period, delete a mistaken one. */
function Assignments({ communityId, onChanged }: { communityId: number; onChanged: () => void }) {
  const { t, label } = useLocale();
  const fields: Field<CoverageAssignment>[] = [
    {
      key: 'orgName',
      name: 'orgId',
      title: t('cov.org'),
      input: {
        kind: 'ref',
        endpoint: coverageApi.orgs,
        query: { areaId: communityId },
        labelOf: (r) => (r.unitName ? `${String(r.name)}（${String(r.unitName)}）` : String(r.name)),
      },
      on: 'create',
      help: t('cov.orgHelp'),
      wide: true,
      column: { ellipsis: true },
    },
    { key: 'unitName', title: t('cov.unit'), column: { ellipsis: true } },
    {
      key: 'areaName',
      name: 'areaId',
      title: t('cov.target'),
      input: { kind: 'area', levels: COVERED_LEVELS },
      on: 'create',
      help: t('cov.targetHelp'),
      wide: true,
      render: (r) => (
        <Space size={4}>
          <Tag>{label(AREA_LEVEL_LABELS[r.areaLevel])}</Tag>
          {r.areaLabel}
        </Space>
      ),
    },
    { key: 'startOn', title: t('cov.startOn'), input: { kind: 'date' }, column: { width: 110 } },
    { key: 'endOn', title: t('cov.endOn'), input: { kind: 'date' }, column: { width: 110 } },
    {
      key: 'active',
      title: t('cov.state'),
      render: (r) =>
        r.active ? <Tag color="green">{t('cov.running')}</Tag> : <Tag>{t('cov.notRunning')}</Tag>,
      column: { width: 90 },
    },
    {
      key: 'note',
      title: t('cov.note'),
      input: { kind: 'textarea' },
      column: { hidden: true, ellipsis: true },
    },
  ];
  return (
    <ListPage<CoverageAssignment>
      id="coverage-assignments"
      title={t('cov.assignments')}
      thing={t('cov.assignmentThing')}
      api={coverageApi}
      baseQuery={{ within: communityId }}
      fields={fields}
      nameOf={(r) => `${r.orgName} → ${r.areaName}`}
      createSchema={coverageCreate}
      updateSchema={coverageUpdate}
      createDefaults={{ startOn: localDate(new Date()) }}
      onChanged={onChanged}
      toolbar={({ filters }) => <ExportButton list="coverage-assignments" filters={filters} />}
    />
  );
}
