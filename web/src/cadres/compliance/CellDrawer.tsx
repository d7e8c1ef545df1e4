import {
  AREA_ADMIN_ROLES,
  type ComplianceCell,
  type ComplianceReminder,
  type DutyEvaluation,
  progressPercent,
  WORK_LOG_KIND_LABELS,
  type WorkLogKind,
  type WorkLogStatus,
} from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Progress,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, explain } from '#web/api/client.ts';
import { useSession } from '#web/api/session.tsx';
import { kindName, termText, WorkLogStatusTag } from '#web/cadres/selection/labels.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { lastDayOf, localDay } from './periods';
import { DutyStatusTag, STATUS_BOX } from './status';

/** Which cell the drawer shows. */
export interface CellRef {
  appointmentId: number;
  ruleCode: string;
  periodKey: string;
}

interface Props {
  cell: CellRef | null;
  /** The cell's periods on the board, to switch between; empty when the board does not hold it. */
  evaluations: readonly DutyEvaluation[];
  /** The board's clock (`at`) and replay flag, so the drawer reads the cell as the board does. */
  at: string | undefined;
  replay: boolean;
  onPeriod: (periodKey: string) => void;
  onClose: () => void;
}

const ALERT_TYPE = {
  missed: 'error',
  at_risk: 'warning',
  met: 'success',
  not_yet_due: 'info',
  exempt: 'info',
  not_applicable: 'info',
} as const;

type Record_ = ComplianceCell['records'][number];

/** "term 2025-…" → "Term 2025-…" where it heads a line (Chinese is unchanged). */
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The explanation without its leading period label ("2026-W07：…" / "2026-W07: …"), which the
 * box's title already shows.
 */
function withoutPeriod(explanation: string, period: string): string {
  for (const sep of ['：', ': '])
    if (explanation.startsWith(period + sep)) return explanation.slice(period.length + sep.length);
  return explanation;
}

/**
 * The drill-down of one board cell: the verdict and its explanation, the work logs that counted
 * (with their confirmation status and a way to the work-log page), and what is still missing.
 */
export function CellDrawer({ cell, evaluations, at, replay, onPeriod, onClose }: Props) {
  const { t, label, locale } = useLocale();
  const [data, setData] = useState<ComplianceCell | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = cell ? `${cell.appointmentId}/${cell.ruleCode}/${cell.periodKey}` : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the cell; locale re-reads errors
  useEffect(() => {
    if (!cell) return;
    let live = true;
    setData(null);
    setError(null);
    api
      .get<ComplianceCell>(
        `/compliance/board/${cell.appointmentId}/${encodeURIComponent(cell.ruleCode)}/${encodeURIComponent(cell.periodKey)}`,
        { at, replay: replay ? 'true' : undefined },
      )
      .then((r) => live && setData(r))
      // A link to a cell the caller may not see, or a period the duty does not have, is a 404.
      .catch(
        (e: unknown) =>
          live && setError(e instanceof ApiError && e.status === 404 ? t('cmp.notFound') : explain(e)),
      );
    return () => {
      live = false;
    };
  }, [key, at, replay, locale]);

  const { me } = useSession();
  const { message } = App.useApp();
  const [reminding, setReminding] = useState(false);
  const ev = data?.evaluation;
  // District, street and community admins chase a duty at risk or missed, as it stands now.
  const mayRemind =
    !!me &&
    AREA_ADMIN_ROLES.includes(me.role) &&
    !replay &&
    (ev?.status === 'at_risk' || ev?.status === 'missed');
  const remind = async () => {
    if (!data || !ev) return;
    setReminding(true);
    try {
      const r = await api.post<ComplianceReminder>('/compliance/remind', {
        appointmentId: data.row.appointmentId,
        ruleCode: ev.ruleCode,
        periodKey: ev.periodKey,
      });
      const name = data.row.memberName;
      if (r.delivery === 'appointee') message.success(t('cmp.reminded', { name }));
      else if (r.delivery === 'responsible')
        message.success(t('cmp.remindedResponsible', { name, n: r.recipients }));
      else message.warning(t('cmp.remindedNobody', { name }));
    } catch (e) {
      message.error(explain(e));
    } finally {
      setReminding(false);
    }
  };
  const title = data ? `${data.row.memberName} · ${label(data.evaluation.ruleName)}` : t('list.detail');
  const short = ev ? Math.max(0, ev.progress.required - ev.progress.actual) : 0;
  const logsHref = data
    ? `/work-logs?${new URLSearchParams({
        appointmentId: String(data.row.appointmentId),
        from: localDay(data.evaluation.windowStart),
        ...(data.evaluation.windowEnd ? { to: lastDayOf(data.evaluation.windowEnd) } : {}),
      })}`
    : '/work-logs';

  const columns = [
    {
      key: 'occurredAt',
      title: t('log.occurredAt'),
      width: 140,
      render: (_: unknown, r: Record_) => dayjs(r.occurredAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      key: 'kind',
      title: t('log.kind'),
      width: 120,
      render: (_: unknown, r: Record_) =>
        r.kind in WORK_LOG_KIND_LABELS ? label(WORK_LOG_KIND_LABELS[r.kind as WorkLogKind]) : r.kind,
    },
    {
      key: 'content',
      title: t('log.content'),
      render: (_: unknown, r: Record_) => (
        <>
          {r.subjectMemberName ? <Tag>{r.subjectMemberName}</Tag> : null}
          <Typography.Text>{r.content}</Typography.Text>
        </>
      ),
    },
    {
      key: 'status',
      title: t('log.status'),
      width: 90,
      render: (_: unknown, r: Record_) => <WorkLogStatusTag status={r.status as WorkLogStatus} />,
    },
  ];

  return (
    <Drawer open={cell !== null} onClose={onClose} title={title} size={640} destroyOnHidden>
      <div data-testid="cell-drawer" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        {evaluations.length > 1 && cell ? (
          <Space>
            <Typography.Text type="secondary">{t('cmp.drawerPeriod')}</Typography.Text>
            <Select
              value={cell.periodKey}
              onChange={onPeriod}
              style={{ minWidth: 240 }}
              options={evaluations.map((e) => ({
                value: e.periodKey,
                label: `${label(e.periodLabel)} · ${t(`cmp.status.${e.status}`)}`,
              }))}
            />
          </Space>
        ) : null}
        {error ? <Alert type="error" showIcon title={t('list.loadFailed')} description={error} /> : null}
        {!data || !ev ? (
          error ? null : (
            <Skeleton active paragraph={{ rows: 8 }} />
          )
        ) : (
          <>
            <div data-testid="cell-explanation">
              <Alert
                type={ALERT_TYPE[ev.status]}
                showIcon
                style={{ background: STATUS_BOX[ev.status].bg, borderColor: STATUS_BOX[ev.status].border }}
                title={
                  <Space size={8} wrap>
                    <DutyStatusTag status={ev.status} />
                    <strong>{capitalise(label(ev.periodLabel))}</strong>
                  </Space>
                }
                description={withoutPeriod(label(ev.explanation), label(ev.periodLabel))}
                action={
                  mayRemind ? (
                    <Button size="small" type="primary" loading={reminding} onClick={() => void remind()}>
                      {t('cmp.remind')}
                    </Button>
                  ) : undefined
                }
              />
            </div>
            <Descriptions column={1} bordered size="small" styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('sel.appointee')}>
                {data.row.memberName}
                <Typography.Text type="secondary">
                  {' · '}
                  {kindName(locale, data.row, 'kind')}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('sel.receivingOrg')}>
                {data.row.receivingOrgName}
                <Typography.Text type="secondary">
                  {' · '}
                  {data.row.areaName}
                </Typography.Text>
              </Descriptions.Item>
              {data.row.sendingUnitName ? (
                <Descriptions.Item label={t('sel.sendingUnit')}>{data.row.sendingUnitName}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('log.term')}>
                {termText(t, data.row.termStart, data.row.termEnd)}
              </Descriptions.Item>
              <Descriptions.Item label={t('cmp.window')}>
                {localDay(ev.windowStart)} ~ {ev.windowEnd ? lastDayOf(ev.windowEnd) : t('log.openTerm')}
              </Descriptions.Item>
              {ev.dueDate ? <Descriptions.Item label={t('cmp.due')}>{ev.dueDate}</Descriptions.Item> : null}
              <Descriptions.Item label={t('cmp.progress')}>
                <Progress
                  percent={progressPercent(ev.progress, ev.status)}
                  size="small"
                  strokeColor={STATUS_BOX[ev.status].bar}
                  format={() => t('cmp.progressText', ev.progress)}
                />
              </Descriptions.Item>
              {ev.exemptionReason ? (
                <Descriptions.Item label={t('cmp.exemption')}>{label(ev.exemptionReason)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('cmp.missing')}>
                <div data-testid="cell-missing">
                  {data.missing.length ? (
                    <>
                      <Typography.Text>{t('cmp.missingNames', { n: data.missing.length })}</Typography.Text>
                      <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                        {data.missing.map((m) => (
                          <Tag key={String(m.id)} color="red">
                            {m.name}
                          </Tag>
                        ))}
                      </div>
                    </>
                  ) : ev.status === 'met' || ev.status === 'exempt' || short === 0 ? (
                    t('cmp.nothingMissing')
                  ) : (
                    t('cmp.missingCount', { n: short })
                  )}
                </div>
              </Descriptions.Item>
            </Descriptions>
            <div>
              <div
                style={{
                  display: 'flex',
                  justifyContent: 'space-between',
                  alignItems: 'center',
                  marginBottom: 8,
                }}
              >
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('cmp.recordsN', { n: data.records.length })}
                </Typography.Title>
                <Link to={logsHref}>{t('cmp.openLogs')}</Link>
              </div>
              <div data-testid="cell-records">
                <Table<Record_>
                  rowKey="id"
                  size="small"
                  columns={columns}
                  dataSource={data.records}
                  pagination={data.records.length > 20 ? { pageSize: 20, size: 'small' } : false}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cmp.noRecords')} />
                    ),
                  }}
                />
              </div>
            </div>
          </>
        )}
      </div>
    </Drawer>
  );
}
