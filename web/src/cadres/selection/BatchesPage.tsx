import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import {
  BATCH_EVENT_LABELS,
  BATCH_STATUS_LABELS,
  type Batch,
  type BatchDetail,
  type BatchEvent,
  batchAppoint,
  batchCancel,
  batchCreate,
  batchNotice,
  batchUpdate,
  type Candidate,
  candidateCreate,
  candidateReview,
} from '@gongjian/common';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Popconfirm,
  Result,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAccess } from '#web/AccessContext.tsx';
import { api, explain } from '#web/api/client.ts';
import { ActionModal } from '#web/components/ActionModal.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { HistoryTimeline } from '#web/components/HistoryTimeline.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { openingFilters } from '#web/components/openingFilters.ts';
import type { ObjectSchema } from '#web/components/zodForm.ts';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';
import type { StringKey } from '#web/i18n/strings.ts';
import { appointmentRefs } from './AppointmentsPage';
import { BatchStatusTag, CandidateStatusTag, labelOptions } from './labels';

/** 选派批次: "成熟一批、任命一批" — each batch walks its candidates through the procedure. */
export default function BatchesPage() {
  // The home page's 待办 opens the batches under review.
  const [params] = useSearchParams();
  const opening = openingFilters(params, ['status', 'programmeId', 'kindId']);
  const { t, label } = useLocale();
  const access = useAccess();
  const [working, setWorking] = useState<{ id: number; reload: () => void } | null>(null);
  const fields: Field<Batch>[] = [
    { key: 'title', title: t('sel.title'), input: { kind: 'text' }, wide: true, column: { ellipsis: true } },
    {
      key: 'programmeTitle',
      name: 'programmeId',
      filterName: 'programmeId',
      title: t('sel.programme'),
      input: {
        kind: 'ref',
        endpoint: '/work-programmes',
        labelOf: (r) => `${String(r.year)} · ${String(r.title)}`,
      },
      filter: { kind: 'ref', endpoint: '/work-programmes', labelOf: (r) => String(r.title) },
      on: 'create',
      column: { ellipsis: true },
    },
    { key: 'areaName', title: t('sel.runBy') },
    {
      key: 'batchDate',
      title: t('sel.batchDate'),
      input: { kind: 'date' },
      help: t('sel.batchDateHelp'),
      column: { width: 110 },
    },
    {
      key: 'status',
      title: t('f.status'),
      render: (r) => <BatchStatusTag status={r.status} />,
      filter: { kind: 'select', options: labelOptions(BATCH_STATUS_LABELS, label) },
      column: { width: 100 },
    },
    { key: 'candidateCount', title: t('sel.candidateCount'), column: { width: 80 } },
    {
      key: 'notice',
      title: t('sel.notice'),
      render: (r) => (r.noticeStart ? `${r.noticeStart} ~ ${r.noticeEnd}` : null),
    },
    { key: 'note', title: t('sel.note'), input: { kind: 'textarea' }, column: false },
  ];
  return (
    <>
      <ListPage<Batch>
        id="batches"
        title={t('menu.batches')}
        thing={t('sel.batchThing')}
        endpoint="/batches"
        fields={fields}
        initialFilters={opening}
        nameOf={(r) => r.title}
        createSchema={batchCreate}
        canCreate={access.selection}
        updateSchema={batchUpdate}
        toolbar={(list) => <ExportButton list="batches" filters={list.filters} />}
        rowActions={(r, reload) => (
          <Button type="link" size="small" onClick={() => setWorking({ id: r.id, reload })}>
            {t('sel.work')}
          </Button>
        )}
      />
      {working ? (
        <BatchWorkbench
          id={working.id}
          onClose={() => {
            working.reload();
            setWorking(null);
          }}
        />
      ) : null}
    </>
  );
}

const STEP_OF: Record<Batch['status'], number> = {
  nominating: 0,
  checked: 1,
  review: 2,
  notice: 3,
  appointed: 4,
  cancelled: 0,
};

type Dialog =
  | { kind: 'nominate' | 'notice' | 'appoint' | 'cancel' }
  | { kind: 'reject'; candidate: Candidate };

interface DialogSpec {
  title: string;
  endpoint: string;
  schema: ObjectSchema;
  fields: Field<unknown>[];
  initialValues?: Record<string, unknown>;
  fixed?: Record<string, unknown>;
  intro?: string;
  danger?: boolean;
}

function dialogSpec(t: Translate, locale: string, batch: BatchDetail, d: Dialog): DialogSpec {
  const refs = appointmentRefs(locale);
  const base = `/batches/${batch.id}`;
  const today = dayjs().format('YYYY-MM-DD');
  switch (d.kind) {
    case 'nominate':
      return {
        title: t('sel.doNominate'),
        endpoint: `${base}/candidates`,
        schema: candidateCreate,
        fields: [
          { key: 'memberId', title: t('sel.appointee'), input: refs.member },
          { key: 'sendingUnitId', title: t('sel.sendingUnit'), input: refs.unit },
          { key: 'receivingOrgId', title: t('sel.receivingOrg'), input: refs.org, wide: true },
          { key: 'note', title: t('sel.note'), input: { kind: 'textarea' } },
        ],
      };
    case 'notice':
      return {
        title: t('sel.doNotice'),
        endpoint: `${base}/notice`,
        schema: batchNotice,
        fields: [
          { key: 'noticeStart', title: t('sel.noticeStart'), input: { kind: 'date' } },
          { key: 'noticeEnd', title: t('sel.noticeEnd'), input: { kind: 'date' } },
        ],
        initialValues: {
          noticeStart: today,
          noticeEnd: dayjs().add(6, 'day').format('YYYY-MM-DD'),
        },
      };
    case 'appoint':
      return {
        title: t('sel.doAppoint'),
        endpoint: `${base}/appoint`,
        schema: batchAppoint,
        fields: [{ key: 'termStart', title: t('sel.termStart'), input: { kind: 'date' } }],
        initialValues: { termStart: today },
        intro: t('sel.appointIntro'),
      };
    case 'cancel':
      return {
        title: t('sel.doCancel'),
        endpoint: `${base}/cancel`,
        schema: batchCancel,
        fields: [{ key: 'reason', title: t('sel.reason'), input: { kind: 'textarea' } }],
        danger: true,
      };
    case 'reject':
      return {
        title: t('sel.rejectTitle', { name: d.candidate.memberName }),
        endpoint: `${base}/candidates/${d.candidate.id}/review`,
        schema: candidateReview,
        fields: [{ key: 'comment', title: t('sel.reviewComment'), input: { kind: 'textarea' } }],
        fixed: { decision: 'reject' },
        danger: true,
      };
  }
}

/**
 * One batch, step by step: nominate → qualification check (each condition's result and reason)
 * → review → public notice → appoint. Buttons come from the batch's own `actions`; a refused
 * move (409) shows the server's message.
 */
/**
 * What the results column says when there is no condition to list. Only a candidate still
 * nominated is 尚未审查: past the check, the status says how it went even where no per-condition
 * result was stored (a programme without structured conditions, or rows older than the results).
 */
function checkSummary(c: Candidate): StringKey {
  if (c.checkResults) return 'sel.noConditions';
  if (c.status === 'nominated') return 'sel.notChecked';
  return c.status === 'disqualified' ? 'sel.failedUnrecorded' : 'sel.passedUnrecorded';
}

function BatchWorkbench({ id, onClose }: { id: number; onClose(): void }) {
  const { t, locale } = useLocale();
  const { modal, message } = App.useApp();
  const [batch, setBatch] = useState<BatchDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const load = useCallback(() => {
    api
      .get<BatchDetail>(`/batches/${id}`)
      .then((b) => {
        setBatch(b);
        setLoadError(null);
      })
      .catch((e: unknown) => setLoadError(explain(e)));
  }, [id]);
  useEffect(load, [load]);

  const run = async (key: string, path: string, body: unknown = {}) => {
    setBusy(key);
    try {
      setBatch(await api.post<BatchDetail>(path, body));
      message.success(t('list.saved'));
    } catch (e) {
      modal.error({ title: t('sel.refused'), content: explain(e) });
      load();
    } finally {
      setBusy(null);
    }
  };

  const can = (e: BatchEvent) => batch?.actions.includes(e) ?? false;
  const base = `/batches/${id}`;

  const columns = [
    {
      key: 'name',
      title: t('sel.appointee'),
      render: (_: unknown, c: Candidate) => <strong>{c.memberName}</strong>,
    },
    {
      key: 'from',
      title: t('sel.sendingUnit'),
      render: (_: unknown, c: Candidate) => c.sendingUnitName ?? '—',
    },
    {
      key: 'to',
      title: t('sel.receivingOrg'),
      render: (_: unknown, c: Candidate) => (
        <div>
          <div>{c.receivingOrgName}</div>
          <Typography.Text type="secondary">{c.areaName}</Typography.Text>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('f.status'),
      render: (_: unknown, c: Candidate) => <CandidateStatusTag status={c.status} />,
    },
    {
      key: 'check',
      title: t('sel.checkResults'),
      render: (_: unknown, c: Candidate) =>
        c.checkResults?.length ? (
          <div className="gj-check-results">
            {c.checkResults.map((r) => (
              <div key={r.type} className={r.passed ? 'gj-check-pass' : 'gj-check-fail'}>
                {r.passed ? (
                  <CheckCircleFilled style={{ color: '#389e0d' }} />
                ) : (
                  <CloseCircleFilled style={{ color: '#cf1322' }} />
                )}{' '}
                {locale === 'en' ? r.reasonEn : r.reasonZh}
              </div>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">{t(checkSummary(c))}</Typography.Text>
        ),
    },
    {
      key: 'review',
      title: t('sel.reviewComment'),
      render: (_: unknown, c: Candidate) => c.reviewComment ?? '—',
    },
    {
      key: 'actions',
      title: t('list.actions'),
      render: (_: unknown, c: Candidate) => (
        <Space size={0}>
          {c.actions.includes('review') && c.status !== 'approved' ? (
            <Button
              type="link"
              size="small"
              loading={busy === `approve-${c.id}`}
              onClick={() =>
                void run(`approve-${c.id}`, `${base}/candidates/${c.id}/review`, { decision: 'approve' })
              }
            >
              {t('sel.doApprove')}
            </Button>
          ) : null}
          {c.actions.includes('review') && c.status !== 'rejected' ? (
            <Button
              type="link"
              size="small"
              danger
              onClick={() => setDialog({ kind: 'reject', candidate: c })}
            >
              {t('sel.doReject')}
            </Button>
          ) : null}
          {c.actions.includes('delete') ? (
            <Popconfirm
              title={t('sel.withdrawConfirm', { name: c.memberName })}
              okText={t('sel.withdraw')}
              cancelText={t('list.cancel')}
              onConfirm={async () => {
                try {
                  setBatch(await api.del<BatchDetail>(`${base}/candidates/${c.id}`));
                } catch (e) {
                  modal.error({ title: t('sel.refused'), content: explain(e) });
                }
              }}
            >
              <Button type="link" size="small" danger>
                {t('sel.withdraw')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  const spec = batch && dialog ? dialogSpec(t, locale, batch, dialog) : null;
  return (
    <Drawer
      open
      onClose={onClose}
      title={batch ? batch.title : t('sel.batchThing')}
      size={1080}
      destroyOnHidden
      extra={batch ? <BatchStatusTag status={batch.status} /> : null}
      className="gj-batch-drawer"
    >
      {loadError ? <Alert type="error" showIcon title={loadError} /> : null}
      {!batch ? (
        loadError ? null : (
          <Spin />
        )
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="batch-workbench">
          <Steps
            current={STEP_OF[batch.status]}
            status={
              batch.status === 'cancelled' ? 'error' : batch.status === 'appointed' ? 'finish' : 'process'
            }
            items={[
              { title: t('sel.stepNominate') },
              { title: t('sel.stepCheck') },
              { title: t('sel.stepReview') },
              {
                title: t('sel.stepNotice'),
                content: batch.noticeStart ? `${batch.noticeStart} ~ ${batch.noticeEnd}` : undefined,
              },
              { title: t('sel.stepAppoint'), content: batch.termStart ?? undefined },
            ]}
          />
          {batch.status === 'cancelled' ? (
            <Result status="warning" title={t('sel.cancelled')} subTitle={batch.cancelReason} />
          ) : null}
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('sel.programme')}>{batch.programmeTitle}</Descriptions.Item>
            <Descriptions.Item label={t('sel.runBy')}>{batch.areaName}</Descriptions.Item>
            <Descriptions.Item label={t('sel.batchDate')}>{batch.batchDate}</Descriptions.Item>
            <Descriptions.Item label={t('sel.notice')}>
              {batch.noticeStart ? `${batch.noticeStart} ~ ${batch.noticeEnd}` : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap data-testid="batch-actions">
            {can('nominate') ? (
              <Button type="primary" onClick={() => setDialog({ kind: 'nominate' })}>
                {t('sel.doNominate')}
              </Button>
            ) : null}
            {can('check') ? (
              <Button
                type="primary"
                loading={busy === 'check'}
                onClick={() => void run('check', `${base}/check`)}
              >
                {t('sel.doCheck')}
              </Button>
            ) : null}
            {can('reopen') ? (
              <Button loading={busy === 'reopen'} onClick={() => void run('reopen', `${base}/reopen`)}>
                {t('sel.doReopen')}
              </Button>
            ) : null}
            {can('startReview') ? (
              <Button
                type="primary"
                loading={busy === 'review'}
                onClick={() => void run('review', `${base}/review`)}
              >
                {t('sel.doStartReview')}
              </Button>
            ) : null}
            {/* Shown while under review even when not yet allowed: the server says what is missing. */}
            {can('publishNotice') || batch.status === 'review' ? (
              <Button type="primary" onClick={() => setDialog({ kind: 'notice' })}>
                {t('sel.doNotice')}
              </Button>
            ) : null}
            {can('appoint') || batch.status === 'notice' ? (
              <Button type="primary" onClick={() => setDialog({ kind: 'appoint' })}>
                {t('sel.doAppoint')}
              </Button>
            ) : null}
            {can('cancel') ? (
              <Button danger onClick={() => setDialog({ kind: 'cancel' })}>
                {t('sel.doCancel')}
              </Button>
            ) : null}
          </Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('sel.candidates')}
          </Typography.Title>
          <Table<Candidate>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={batch.candidates}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sel.noCandidates')} />,
            }}
          />
          <HistoryTimeline
            path={`/batches/${batch.id}/history`}
            labels={BATCH_EVENT_LABELS}
            version={`${batch.updatedAt}-${batch.candidates.map((c) => c.status).join()}`}
          />
        </div>
      )}
      {spec ? (
        <ActionModal<BatchDetail>
          {...spec}
          onClose={() => setDialog(null)}
          onDone={(b) => {
            setBatch(b);
            setDialog(null);
          }}
        />
      ) : null}
    </Drawer>
  );
}
