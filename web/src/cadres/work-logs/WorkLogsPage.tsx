import {
  type Appointment,
  type BatchResult,
  WORK_LOG_EVENT_LABELS,
  WORK_LOG_KIND_LABELS,
  WORK_LOG_STATUSES,
  type WorkLog,
  workLogReject,
} from '@gongjian/common';
import { Alert, App, Button, Popconfirm } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, explain } from '#web/api/client.ts';
import { WorkLogStatusTag, workLogKindOptions } from '#web/cadres/selection/labels.tsx';
import { ActionModal } from '#web/components/ActionModal.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import { DictTags, type Field } from '#web/components/fields.tsx';
import { HistoryTimeline } from '#web/components/HistoryTimeline.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { openingFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { Evidence } from './Evidence';
import { logDetailText } from './logText';

/** The work-log list filters a visit-coverage figure's drill-down sets (see coverageVisitsSchema). */
const DRILL_KEYS = [
  'targetType',
  'targetUnitId',
  'targetWithin',
  'demandCategory',
  'withDemands',
  'counted',
] as const;

/**
 * 工作纪实: the logs appointees and communities recorded, with their evidence; the receiving
 * community confirms them or sends them back with a reason.
 */
export default function WorkLogsPage() {
  const { t, label } = useLocale();
  const { message, modal } = App.useApp();
  const [rejecting, setRejecting] = useState<{ log: WorkLog; reload: () => void } | null>(null);
  // Links from the compliance board open the logs of one appointment over one period.
  const [params, setParams] = useSearchParams();
  const pinned = Number(params.get('appointmentId')) || null;
  const [pinnedName, setPinnedName] = useState<string | null>(null);
  useEffect(() => {
    setPinnedName(null);
    if (!pinned) return;
    let live = true;
    api
      .get<Appointment>(`/appointments/${pinned}`)
      .then((a) => live && setPinnedName(`${a.memberName} · ${a.areaName}`))
      .catch(() => live && setPinnedName(`#${pinned}`));
    return () => {
      live = false;
    };
  }, [pinned]);
  const opening = openingFilters(params, ['from', 'to', 'kind', 'status', 'within', 'period']);
  // Links from the visit coverage open exactly the logs one figure counts: fixed filters.
  const drill: Record<string, string> = {};
  for (const k of DRILL_KEYS) {
    const v = params.get(k);
    if (v) drill[k] = v;
  }
  const drilled = Object.keys(drill).length > 0;

  const fields: Field<WorkLog>[] = [
    {
      key: 'occurredAt',
      title: t('log.occurredAt'),
      render: (r) => dayjs(r.occurredAt).format('YYYY-MM-DD HH:mm'),
      column: { width: 150 },
    },
    { key: 'memberName', title: t('sel.appointee'), column: { width: 100 } },
    {
      key: 'kind',
      title: t('log.kind'),
      render: (r) => label(WORK_LOG_KIND_LABELS[r.kind]),
      filter: { kind: 'select', options: workLogKindOptions(label) },
    },
    {
      key: 'detailText',
      title: t('log.target'),
      render: (r) => logDetailText(t, label, r) || null,
      column: { ellipsis: true },
    },
    { key: 'content', title: t('log.content'), column: { ellipsis: true } },
    { key: 'place', title: t('log.place'), column: { hidden: true } },
    { key: 'withWhom', title: t('log.withWhom'), column: { hidden: true } },
    { key: 'asked', title: t('log.asked'), column: false },
    { key: 'noted', title: t('log.noted'), column: false },
    {
      key: 'demandCategories',
      title: t('log.demandCategories'),
      render: (r) =>
        r.demandCategories.length ? <DictTags type="demand_category" codes={r.demandCategories} /> : null,
      column: { hidden: true },
    },
    { key: 'hours', title: t('log.hours'), column: { hidden: true } },
    {
      key: 'areaName',
      filterName: 'within',
      title: t('sel.receivingArea'),
      filter: { kind: 'area' },
    },
    {
      key: 'status',
      title: t('log.status'),
      render: (r) => <WorkLogStatusTag status={r.status} />,
      filter: {
        kind: 'select',
        options: WORK_LOG_STATUSES.map((s) => ({ value: s, label: t(`log.${s}`) })),
      },
      column: { width: 90 },
    },
    { key: 'from', title: t('log.from'), filter: { kind: 'date' }, column: false, detail: false },
    { key: 'to', title: t('log.to'), filter: { kind: 'date' }, column: false, detail: false },
    { key: 'files', title: t('log.evidence'), render: (r) => <Evidence log={r} /> },
    { key: 'recordedByName', title: t('log.recordedBy'), column: { hidden: true } },
    { key: 'reviewedByName', title: t('log.reviewedBy'), column: { hidden: true } },
    { key: 'reviewComment', title: t('log.reviewComment'), column: { hidden: true, ellipsis: true } },
  ];

  const confirm = async (r: WorkLog, reload: () => void) => {
    try {
      await api.post(`/work-logs/${r.id}/confirm`, {});
      message.success(t('log.confirmed'));
      reload();
    } catch (e) {
      modal.error({ title: t('sel.refused'), content: explain(e) });
    }
  };

  return (
    <>
      {pinned ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('log.pinned', { name: pinnedName ?? '…' })}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('log.showAll')}
            </Button>
          }
        />
      ) : null}
      {drilled ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('log.drilled')}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('log.showAll')}
            </Button>
          }
        />
      ) : null}
      <ListPage<WorkLog>
        key={params.toString()}
        id="work-logs"
        title={t('menu.workLogs')}
        thing={t('log.thing')}
        endpoint="/work-logs"
        baseQuery={pinned || drilled ? { ...drill, ...(pinned ? { appointmentId: pinned } : {}) } : undefined}
        initialFilters={opening}
        fields={fields}
        nameOf={(r) => `${r.memberName} · ${label(WORK_LOG_KIND_LABELS[r.kind])}`}
        toolbar={(list) => <ExportButton list="work-logs" filters={list.filters} />}
        bulkActions={[
          {
            key: 'confirm',
            label: t('log.batchConfirm'),
            applies: (r) => r.actions.includes('confirm'),
            confirm: (n) => t('log.batchConfirmAsk', { n }),
            run: (ids) => api.post<BatchResult>('/work-logs/batch-confirm', { ids }),
          },
        ]}
        rowActions={(r, reload) => (
          <>
            {r.actions.includes('confirm') ? (
              <Popconfirm
                title={t('log.confirmAsk')}
                okText={t('log.confirm')}
                cancelText={t('list.cancel')}
                onConfirm={() => confirm(r, reload)}
              >
                <Button type="link" size="small">
                  {t('log.confirm')}
                </Button>
              </Popconfirm>
            ) : null}
            {r.actions.includes('reject') ? (
              <Button type="link" size="small" danger onClick={() => setRejecting({ log: r, reload })}>
                {t('log.reject')}
              </Button>
            ) : null}
          </>
        )}
        detailExtra={(r) => (
          <div style={{ marginTop: 16 }}>
            <Evidence log={r} size={96} />
            <HistoryTimeline
              path={`/work-logs/${r.id}/history`}
              labels={WORK_LOG_EVENT_LABELS}
              version={`${r.updatedAt}-${r.files.length}`}
            />
          </div>
        )}
      />
      {rejecting ? (
        <ActionModal<WorkLog>
          title={t('log.rejectTitle')}
          endpoint={`/work-logs/${rejecting.log.id}/reject`}
          schema={workLogReject}
          fields={[{ key: 'comment', title: t('log.reviewComment'), input: { kind: 'textarea' } }]}
          danger
          onClose={() => setRejecting(null)}
          onDone={() => {
            rejecting.reload();
            setRejecting(null);
          }}
        />
      ) : null}
    </>
  );
}
