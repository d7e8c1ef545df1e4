import { QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  type AppointmentKind,
  type BoardRow,
  type ComplianceBoard,
  type DutyStatus,
  dutyFigure,
  periodText,
  unitApi,
} from '@gongjian/common';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Form,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAccess } from '#web/AccessContext.tsx';
import { api, explain } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { kindName } from '#web/cadres/selection/labels.tsx';
import { AreaPicker } from '#web/components/AreaPicker.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import { RemoteSelect } from '#web/components/RemoteSelect.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { CellDrawer, type CellRef } from './CellDrawer';
import {
  atForPeriod,
  BOARD_PERIODS,
  type BoardPeriod,
  isBoardPeriod,
  parsePeriodKey,
  periodOf,
  todayLocal,
} from './periods';
import { RuleSummary } from './RuleSummary';
import { DutyStatusTag, SEVERITY } from './status';

type Duty = BoardRow['duties'][number];

const PERIOD_COUNTS = [1, 2, 3, 4, 6, 12];
const DEFAULT_PAGE_SIZE = 20;
/** The address parameters that make another board (its rows on another page 1). */
const VIEW_KEYS = new Set(['type', 'at', 'by', 'periods', 'replay', 'within', 'kind', 'unit', 'size']);
const positive = (v: string | null) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** The board's settings, read from the address so a reminder's link (or a shared one) opens the same view. */
function useBoardQuery() {
  const [params, setParams] = useSearchParams();
  const cellPeriod = params.get('period');
  const span = cellPeriod ? parsePeriodKey(cellPeriod) : null;
  const typeParam = params.get('type');
  // A reminder link names only the cell: the board opens on that cell's period.
  const cellType = span && isBoardPeriod(span.period) ? span.period : null;
  const fromCell = !typeParam && span && cellType ? span : null;
  const type: BoardPeriod = isBoardPeriod(typeParam) ? typeParam : (cellType ?? 'quarter');
  const atParam = params.get('at');
  const at =
    atParam && /^\d{4}-\d{2}-\d{2}$/.test(atParam) ? atParam : fromCell ? atForPeriod(fromCell) : undefined;
  const appointmentId = positive(params.get('appointmentId'));
  const rule = params.get('rule');
  const cell: CellRef | null =
    appointmentId && rule && cellPeriod ? { appointmentId, ruleCode: rule, periodKey: cellPeriod } : null;
  const query = {
    type,
    at,
    byDate: params.get('by') === 'date',
    periods: Math.min(24, positive(params.get('periods')) ?? 1),
    replay: params.get('replay') === 'true',
    within: positive(params.get('within')),
    kind: params.get('kind') ?? undefined,
    unit: positive(params.get('unit')),
    // Rows are paged by the server (a district has tens of thousands of appointees); the figures
    // above the table count them all, whatever the page.
    page: positive(params.get('page')) ?? 1,
    size: Math.min(500, positive(params.get('size')) ?? DEFAULT_PAGE_SIZE),
  };
  const update = useCallback(
    (patch: Record<string, string | number | undefined>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          // Another view starts on its first page; opening or closing a cell keeps the page.
          if (Object.keys(patch).some((k) => VIEW_KEYS.has(k)) && !('page' in patch)) next.delete('page');
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: false },
      ),
    [setParams],
  );
  return { query, cell, update };
}

/**
 * The day whose period a picked value stands for. The English week picker's rows run Sunday to
 * Saturday while the board's weeks are ISO (Monday first): a Sunday there stands for its row,
 * whose other six days are in the ISO week starting the next day.
 */
function isoDay(d: Dayjs, type: BoardPeriod, sundayFirst: boolean): string {
  return (type === 'week' && sundayFirst && d.day() === 0 ? d.add(1, 'day') : d).format('YYYY-MM-DD');
}

/** Which of a duty's periods the drawer opens on: the worst, and the latest of those. */
function defaultPeriod(duty: Duty): string {
  for (const s of SEVERITY) {
    const found = duty.evaluations.filter((e) => e.status === s);
    const last = found[found.length - 1];
    if (last) return last.periodKey;
  }
  return duty.evaluations[0]?.periodKey ?? '';
}

/**
 * 履职看板: every appointee in scope × every duty of their kind, for this period or a past one,
 * each cell red (missed), amber (at risk), green (met) or grey (not yet due, exempt, not assessed)
 * with its status in words; per-duty counts as a chart and a table; a cell opens the records
 * behind it and what is missing.
 */
export default function BoardPage() {
  const { t, label, locale } = useLocale();
  const access = useAccess();
  const { query, cell, update } = useBoardQuery();
  const [board, setBoard] = useState<ComplianceBoard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [kinds, setKinds] = useState<AppointmentKind[]>([]);
  const today = todayLocal();

  useEffect(() => {
    let live = true;
    api
      .get<ListResult<AppointmentKind>>('/appointment-kinds', { pageSize: 100 })
      .then((r) => live && setKinds(r.data.filter((k) => k.dutyPolicyCode !== null)))
      // The platform admin has no district of its own to list kinds for: no kind filter then.
      .catch(() => live && setKinds([]));
    return () => {
      live = false;
    };
  }, []);

  // The view, without the page: a new page is the same board, so the figures stay as they are.
  const queryKey = JSON.stringify(query);
  // The board's query as the server takes it; the export takes the same.
  const boardQuery = {
    period: query.type,
    at: query.at,
    periods: query.periods,
    replay: query.replay && query.at ? 'true' : undefined,
    within: query.within,
    kind: query.kind,
    sendingUnitId: query.unit,
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: queryKey stands for the query; tick and locale refetch on purpose
  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .get<ComplianceBoard>('/compliance/board', { ...boardQuery, page: query.page, pageSize: query.size })
      .then((b) => {
        if (!live) return;
        setBoard(b);
        setError(null);
      })
      .catch((e: unknown) => live && setError(explain(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [queryKey, tick, locale]);

  // The view is written out with the cell, so opening or closing a drawer never moves the board
  // (a reminder's link names only the cell, and the board's period is read from it).
  const pinned = { type: query.type, at: query.at };
  const openCell = useCallback(
    (row: BoardRow, duty: Duty) =>
      update({
        type: query.type,
        at: query.at,
        appointmentId: row.appointmentId,
        rule: duty.ruleCode,
        period: defaultPeriod(duty),
      }),
    [update, query.type, query.at],
  );
  const closeCell = () => update({ ...pinned, appointmentId: undefined, rule: undefined, period: undefined });

  const cellEvaluations = useMemo(() => {
    if (!cell || !board) return [];
    const row = board.rows.find((r) => r.appointmentId === cell.appointmentId);
    return row?.duties.find((d) => d.ruleCode === cell.ruleCode)?.evaluations ?? [];
  }, [board, cell]);

  const columns = useMemo<ColumnsType<BoardRow>>(() => {
    const ruleColumns: ColumnsType<BoardRow> = (board?.rules ?? []).map((rule) => ({
      key: rule.ruleCode,
      title: (
        <div style={{ minWidth: 120, whiteSpace: 'normal' }}>
          {label(rule.name)}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {t(`cmp.every.${rule.period}`)}
            </Typography.Text>
          </div>
        </div>
      ),
      width: 150,
      render: (_: unknown, row: BoardRow) => {
        const duty = row.duties.find((d) => d.ruleCode === rule.ruleCode);
        if (!duty)
          return (
            <Typography.Text type="secondary" aria-label={t('cmp.noDuty')} title={t('cmp.noDuty')}>
              —
            </Typography.Text>
          );
        const worst = duty.evaluations.find((e) => e.periodKey === defaultPeriod(duty));
        return (
          <Tooltip title={worst ? label(worst.explanation) : undefined}>
            <Button
              type="text"
              size="small"
              data-testid={`cell-${row.appointmentId}-${rule.ruleCode}`}
              data-status={duty.status}
              onClick={() => openCell(row, duty)}
              style={{ padding: '0 2px', height: 'auto' }}
            >
              <DutyStatusTag status={duty.status} suffix={label(dutyFigure(duty.evaluations))} />
            </Button>
          </Tooltip>
        );
      },
    }));
    return [
      {
        key: 'appointee',
        title: t('sel.appointee'),
        fixed: 'left',
        width: 200,
        render: (_: unknown, r: BoardRow) => (
          <div data-testid={`row-${r.appointmentId}`}>
            <strong>{r.memberName}</strong>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' · '}
              {kindName(locale, r, 'kind')}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[r.areaName, r.sendingUnitName].filter(Boolean).join(' · ')}
              </Typography.Text>
            </div>
          </div>
        ),
      },
      {
        key: 'status',
        title: t('cmp.overall'),
        width: 90,
        render: (_: unknown, r: BoardRow) => <DutyStatusTag status={r.status} />,
      },
      ...ruleColumns,
    ];
  }, [board, label, locale, t, openCell]);

  // A period shows as its first day, which every locale's picker places inside that period.
  const pickerValue = query.at ? dayjs(query.byDate ? query.at : periodOf(query.type, query.at).first) : null;
  const onPick = (d: Dayjs | null) => {
    if (!d) return update({ at: undefined, replay: undefined });
    const day = d.format('YYYY-MM-DD');
    if (query.byDate) return update({ at: day === today ? undefined : day });
    update({ at: atForPeriod(periodOf(query.type, isoDay(d, query.type, locale === 'en')), today) });
  };
  /** The picked period as the board labels it (2026年第三季度, Q3 2026, 10月26日–11月1日). */
  const pickedText = (d: Dayjs) =>
    label(periodText(periodOf(query.type, isoDay(d, query.type, locale === 'en')).key));
  const past = query.at !== undefined && query.at < today;
  const unitInitial = useMemo(() => {
    const r = board?.rows.find((x) => x.sendingUnitId === query.unit);
    return r?.sendingUnitId && r.sendingUnitName
      ? { value: r.sendingUnitId, label: r.sendingUnitName }
      : null;
  }, [board, query.unit]);

  const byStatus = board?.summary.byStatus;
  const stat = (title: string, value: number | undefined, colour?: string, status?: DutyStatus) => (
    <Col xs={12} sm={8} lg={4} key={title}>
      <Card size="small" className="gj-stat" data-testid={status ? `stat-${status}` : 'stat-appointees'}>
        <Statistic
          title={title}
          value={value ?? '—'}
          loading={board === null}
          styles={{ content: { color: colour ?? '#1f1f1f', fontWeight: 600 } }}
        />
      </Card>
    </Col>
  );

  return (
    <div className="gj-page">
      <Card className="gj-search" size="small">
        <Form layout="inline" className="gj-search-form">
          {access.areas ? (
            <Form.Item label={t('sel.receivingArea')} className="gj-filter">
              <AreaPicker
                value={query.within ?? null}
                onChange={(v) => update({ within: v ?? undefined })}
                style={{ width: 220 }}
              />
            </Form.Item>
          ) : null}
          {kinds.length ? (
            <Form.Item label={t('sel.kind')} className="gj-filter">
              <Select
                allowClear
                value={query.kind}
                onChange={(v?: string) => update({ kind: v })}
                placeholder={t('list.selectPlaceholder')}
                options={kinds.map((k) => ({ value: k.code, label: kindName(locale, k) }))}
                style={{ width: 170 }}
              />
            </Form.Item>
          ) : null}
          {access.areaAdmin ? (
            <Form.Item label={t('sel.sendingUnit')} className="gj-filter">
              <div style={{ width: 220 }}>
                <RemoteSelect
                  endpoint={unitApi.list}
                  value={query.unit ?? null}
                  initial={unitInitial}
                  onChange={(v) => update({ unit: v ?? undefined })}
                />
              </div>
            </Form.Item>
          ) : null}
          <Form.Item label={t('cmp.periodType')}>
            <Segmented<BoardPeriod>
              value={query.type}
              onChange={(v) => update({ type: v, at: undefined, replay: undefined })}
              options={BOARD_PERIODS.map((p) => ({ value: p, label: t(`cmp.period.${p}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('cmp.when')}>
            <Segmented<'period' | 'date'>
              value={query.byDate ? 'date' : 'period'}
              onChange={(v) =>
                update({ by: v === 'date' ? 'date' : undefined, at: undefined, replay: undefined })
              }
              options={[
                { value: 'period', label: t('cmp.byPeriod') },
                { value: 'date', label: t('cmp.byDate') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              {query.byDate ? (
                <DatePicker
                  value={pickerValue}
                  onChange={onPick}
                  placeholder={t('cmp.current')}
                  style={{ width: 150 }}
                />
              ) : (
                <DatePicker
                  picker={query.type}
                  value={pickerValue}
                  onChange={onPick}
                  format={pickedText}
                  placeholder={t('cmp.current')}
                  style={{ width: 170 }}
                />
              )}
              {query.at ? (
                <Button onClick={() => update({ at: undefined, replay: undefined })}>
                  {t('cmp.current')}
                </Button>
              ) : null}
            </Space>
          </Form.Item>
          <Form.Item label={t('cmp.periods')}>
            <Select
              value={query.periods}
              onChange={(v: number) => update({ periods: v === 1 ? undefined : v })}
              options={PERIOD_COUNTS.map((n) => ({ value: n, label: t('cmp.periodsN', { n }) }))}
              style={{ width: 110 }}
            />
          </Form.Item>
          {past ? (
            <Form.Item>
              <Checkbox
                checked={query.replay}
                onChange={(e) => update({ replay: e.target.checked ? 'true' : undefined })}
              >
                {t('cmp.replay')}
              </Checkbox>
              <Tooltip title={t('cmp.replayHelp')}>
                <QuestionCircleOutlined style={{ color: '#8c8c8c' }} />
              </Tooltip>
            </Form.Item>
          ) : null}
        </Form>
      </Card>

      {error ? (
        <Alert
          type="error"
          showIcon
          title={t('list.loadFailed')}
          description={error}
          action={
            <Button size="small" onClick={() => setTick((n) => n + 1)}>
              {t('list.retry')}
            </Button>
          }
        />
      ) : null}

      <Row gutter={[12, 12]}>
        {stat(t('cmp.appointees'), board?.summary.appointees)}
        {stat(t('cmp.overallIs', { status: t('cmp.status.missed') }), byStatus?.missed, '#cf1322', 'missed')}
        {stat(
          t('cmp.overallIs', { status: t('cmp.status.at_risk') }),
          byStatus?.at_risk,
          '#d48806',
          'at_risk',
        )}
        {stat(
          t('cmp.overallIs', { status: t('cmp.status.not_yet_due') }),
          byStatus?.not_yet_due,
          undefined,
          'not_yet_due',
        )}
        {stat(t('cmp.overallIs', { status: t('cmp.status.met') }), byStatus?.met, '#389e0d', 'met')}
        {stat(t('cmp.overallIs', { status: t('cmp.status.exempt') }), byStatus?.exempt, undefined, 'exempt')}
      </Row>

      <Card
        className="gj-table-card"
        size="small"
        title={
          <Space size={12} wrap>
            <span>{t('cmp.matrix')}</span>
            {board ? (
              <Typography.Text
                type="secondary"
                style={{ fontWeight: 400, fontSize: 13 }}
                data-testid="board-range"
              >
                {t('cmp.range', { from: board.from, to: board.to })} ·{' '}
                {query.at ? t('cmp.asOfDay', { at: board.at }) : t('cmp.asOfNow')}
                {query.replay && past ? ` · ${t('cmp.replaying')}` : ''}
              </Typography.Text>
            ) : null}
            {board?.replay?.asOf &&
            (board.replay.appointmentsRecordedLater > 0 || board.replay.logsRecordedLater > 0) ? (
              // A replay of a period entered afterwards shows few or nobody: say what it left out.
              <Typography.Text
                type="warning"
                style={{ fontWeight: 400, fontSize: 13 }}
                data-testid="replay-left-out"
              >
                {t('cmp.replayLeftOut', {
                  appointments: board.replay.appointmentsRecordedLater,
                  logs: board.replay.logsRecordedLater,
                })}
              </Typography.Text>
            ) : null}
          </Space>
        }
        extra={
          <Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cmp.cellHint')}
            </Typography.Text>
            <ExportButton list="compliance-board" filters={boardQuery} />
            <Tooltip title={t('list.refresh')}>
              <Button
                icon={<ReloadOutlined />}
                aria-label={t('list.refresh')}
                onClick={() => setTick((n) => n + 1)}
              />
            </Tooltip>
          </Space>
        }
      >
        {board === null && !error ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <Table<BoardRow>
            rowKey="appointmentId"
            size="small"
            columns={columns}
            dataSource={board?.rows ?? []}
            loading={loading}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: board?.page ?? query.page,
              pageSize: board?.pageSize ?? query.size,
              total: board?.total ?? 0,
              showSizeChanger: true,
              hideOnSinglePage: true,
              showTotal: (n) => t('list.total', { n }),
              onChange: (page, size) =>
                size !== query.size
                  ? update({ size: size === DEFAULT_PAGE_SIZE ? undefined : size })
                  : update({ page: page === 1 ? undefined : page }),
            }}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cmp.empty')} />,
            }}
          />
        )}
      </Card>

      {board ? <RuleSummary rules={board.rules} /> : null}

      <CellDrawer
        cell={cell}
        evaluations={cellEvaluations}
        at={query.at}
        replay={query.replay && past}
        onPeriod={(period) => update({ period })}
        onClose={closeCell}
      />
    </div>
  );
}
