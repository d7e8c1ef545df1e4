import { PlusOutlined } from '@ant-design/icons';
import {
  type BatchResult,
  type DutyExemption,
  dutyExemptionApprove,
  dutyExemptionReject,
  EXEMPTION_EVENT_LABELS,
  EXEMPTION_REASON_KIND_LABELS,
  EXEMPTION_REASON_KINDS,
  EXEMPTION_STATUSES,
  type ExemptionReasonKind,
  type ExemptionStatus,
  exemptionReasonText,
} from '@gongjian/common';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Form,
  Modal,
  Row,
  Space,
  Statistic,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAccess } from '#web/AccessContext.tsx';
import { api, explain } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { kindName } from '#web/cadres/selection/labels.tsx';
import { ActionModal } from '#web/components/ActionModal.tsx';
import { Chart, ringOption } from '#web/components/Chart.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { HistoryTimeline } from '#web/components/HistoryTimeline.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { openingFilters } from '#web/components/openingFilters.ts';
import { RemoteSelect } from '#web/components/RemoteSelect.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { ExemptionForm } from '#web/portal/ExemptionRequest.tsx';
import { colon, ExemptionStatusTag, exemptionRuleName } from './labels';

type Decision = 'approve' | 'reject';

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : null);

interface Counts {
  status: Record<ExemptionStatus, number>;
  /** Approved requests by why: how much leave against illness a community grants. */
  approvedBy: Record<ExemptionReasonKind, number>;
}

/** How many requests are in each status and approved of each kind (in the caller's scope). */
function useCounts(tick: number) {
  const [counts, setCounts] = useState<Counts | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-counts after a change
  useEffect(() => {
    let live = true;
    const total = (q: Record<string, string>) =>
      api.get<ListResult<DutyExemption>>('/duty-exemptions', { ...q, pageSize: 1 }).then((r) => r.total);
    Promise.all([
      Promise.all(EXEMPTION_STATUSES.map((status) => total({ status }))),
      Promise.all(EXEMPTION_REASON_KINDS.map((reasonKind) => total({ status: 'approved', reasonKind }))),
    ])
      .then(([byStatus, byKind]) => {
        if (!live) return;
        setCounts({
          status: Object.fromEntries(EXEMPTION_STATUSES.map((s, i) => [s, byStatus[i] ?? 0])) as never,
          approvedBy: Object.fromEntries(EXEMPTION_REASON_KINDS.map((k, i) => [k, byKind[i] ?? 0])) as never,
        });
      })
      .catch(() => live && setCounts(null));
    return () => {
      live = false;
    };
  }, [tick]);
  return counts;
}

/**
 * 请假免责: exemption requests in scope, filtered by status, area and appointee; the receiving
 * community approves or rejects (with a reason) and may file a request on an appointee's behalf.
 * A notification's link (`?id=`) opens the request straight away.
 */
export default function ExemptionsPage() {
  const { t, locale, label } = useLocale();
  const access = useAccess();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [deciding, setDeciding] = useState<{
    decision: Decision;
    record: DutyExemption;
    after: () => void;
  } | null>(null);
  const [creating, setCreating] = useState(false);
  const [linked, setLinked] = useState<DutyExemption | null>(null);
  const [tick, setTick] = useState(0);
  const reloadList = useRef<() => void>(() => {});
  const counts = useCounts(tick);
  const changed = useCallback(() => {
    reloadList.current();
    setTick((n) => n + 1);
  }, []);

  // The home page's 待办 opens the requests waiting for a decision.
  const opening = openingFilters(params, ['status', 'reasonKind', 'within', 'appointmentId']);
  const linkedId = Number(params.get('id'));
  useEffect(() => {
    if (!linkedId) {
      setLinked(null);
      return;
    }
    let live = true;
    api
      .get<DutyExemption>(`/duty-exemptions/${linkedId}`)
      .then((e) => live && setLinked(e))
      .catch((e: unknown) => {
        // A link to a request gone out of scope says why instead of opening nothing.
        if (live) message.warning(explain(e));
      });
    return () => {
      live = false;
    };
  }, [linkedId, message]);
  const closeLinked = () => {
    const next = new URLSearchParams(params);
    next.delete('id');
    setParams(next, { replace: true });
  };

  const fields: Field<DutyExemption>[] = [
    {
      key: 'memberName',
      title: t('sel.appointee'),
      filterName: 'appointmentId',
      filter: {
        kind: 'ref',
        endpoint: '/appointments',
        labelOf: (r) => `${String(r.memberName ?? '')} · ${kindName(locale, r, 'kind')}`,
      },
      column: { width: 100 },
      detail: false,
    },
    {
      key: 'ruleName',
      title: t('exm.rule'),
      render: (r) => exemptionRuleName(r, label),
      column: { ellipsis: true },
      detail: false,
    },
    { key: 'periodLabel', title: t('exm.period'), render: (r) => label(r.periodLabel), detail: false },
    {
      key: 'reasonKind',
      title: t('exm.reasonKind'),
      render: (r) => label(EXEMPTION_REASON_KIND_LABELS[r.reasonKind]),
      filter: {
        kind: 'select',
        options: EXEMPTION_REASON_KINDS.map((k) => ({
          value: k,
          label: label(EXEMPTION_REASON_KIND_LABELS[k]),
        })),
      },
      column: { width: 80 },
      detail: false,
    },
    { key: 'reason', title: t('exm.note'), column: { ellipsis: true }, detail: false },
    {
      key: 'areaName',
      filterName: 'within',
      title: t('sel.receivingArea'),
      filter: { kind: 'area' },
      detail: false,
    },
    {
      key: 'status',
      title: t('f.status'),
      render: (r) => <ExemptionStatusTag status={r.status} />,
      filter: {
        kind: 'select',
        options: EXEMPTION_STATUSES.map((s) => ({ value: s, label: t(`exm.${s}`) })),
      },
      column: { width: 90 },
      detail: false,
    },
    { key: 'requestedByName', title: t('exm.requestedBy'), column: { hidden: true }, detail: false },
    { key: 'createdAt', title: t('exm.requestedAt'), render: (r) => when(r.createdAt), detail: false },
    { key: 'reviewedByName', title: t('exm.reviewedBy'), column: { hidden: true }, detail: false },
    {
      key: 'reviewComment',
      title: t('exm.reviewComment'),
      column: { hidden: true, ellipsis: true },
      detail: false,
    },
  ];

  const decideButtons = (
    r: DutyExemption,
    after: () => void,
    size: 'small' | 'middle' = 'small',
  ): ReactNode => (
    <>
      {r.actions.includes('approve') ? (
        <Button
          type={size === 'small' ? 'link' : 'primary'}
          size={size}
          onClick={() => setDeciding({ decision: 'approve', record: r, after })}
        >
          {t('exm.approve')}
        </Button>
      ) : null}
      {r.actions.includes('reject') ? (
        <Button
          type={size === 'small' ? 'link' : 'default'}
          danger
          size={size}
          onClick={() => setDeciding({ decision: 'reject', record: r, after })}
        >
          {t('exm.reject')}
        </Button>
      ) : null}
    </>
  );

  const rings = useMemo(
    () =>
      counts
        ? {
            status: {
              ...ringOption(
                EXEMPTION_STATUSES.map((s) => ({ name: t(`exm.${s}`), value: counts.status[s] })),
              ),
              // Waiting ochre, approved green, rejected red: the status tags' colours.
              color: ['#c98a1b', '#3f8f4f', '#b3262d'],
            },
            kind: ringOption(
              EXEMPTION_REASON_KINDS.map((k) => ({
                name: label(EXEMPTION_REASON_KIND_LABELS[k]),
                value: counts.approvedBy[k],
              })),
            ),
          }
        : null,
    [counts, t, label],
  );

  return (
    <div className="gj-page">
      <Card size="small">
        <Row gutter={16} align="middle">
          {EXEMPTION_STATUSES.map((s) => (
            <Col key={s} xs={8} md={4}>
              <Statistic
                className="gj-stat"
                title={t(`exm.${s}`)}
                value={counts?.status[s] ?? '—'}
                loading={counts === null}
                styles={{
                  content: s === 'pending' && (counts?.status.pending ?? 0) > 0 ? { color: '#b3262d' } : {},
                }}
              />
            </Col>
          ))}
          {rings
            ? (
                [
                  ['status', 'exm.chart'],
                  ['kind', 'exm.kindChart'],
                ] as const
              ).map(([key, title]) => (
                <Col key={key} xs={24} md={6} data-testid={`exemption-ring-${key}`}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(title)}
                  </Typography.Text>
                  <Chart option={rings[key]} height={150} label={t(title)} />
                </Col>
              ))
            : null}
        </Row>
      </Card>
      <ListPage<DutyExemption>
        id="duty-exemptions"
        title={t('menu.exemptions')}
        thing={t('exm.thing')}
        endpoint="/duty-exemptions"
        fields={fields}
        initialFilters={opening}
        searchHint={t('exm.searchHint')}
        nameOf={(r) => `${r.memberName} · ${exemptionRuleName(r, label)}`}
        bulkActions={[
          {
            key: 'approve',
            label: t('exm.batchApprove'),
            applies: (r) => r.actions.includes('approve'),
            confirm: (n) => t('exm.batchApproveAsk', { n }),
            run: async (ids) => {
              const result = await api.post<BatchResult>('/duty-exemptions/batch-approve', { ids });
              setTick((n) => n + 1);
              return result;
            },
          },
        ]}
        rowActions={(r, reload) =>
          decideButtons(r, () => {
            reload();
            setTick((n) => n + 1);
          })
        }
        detailExtra={(r, refresh) => (
          <ExemptionDetail
            record={r}
            actions={decideButtons(
              r,
              () => {
                refresh();
                changed();
              },
              'middle',
            )}
          />
        )}
        toolbar={({ reload, filters }) => {
          reloadList.current = reload;
          return (
            <>
              {access.areaAdmin ? (
                <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('exm.askFor')}
                </Button>
              ) : null}
              <ExportButton list="duty-exemptions" filters={filters} />
            </>
          );
        }}
      />
      <Drawer
        open={linked !== null}
        onClose={closeLinked}
        title={linked ? `${linked.memberName} · ${exemptionRuleName(linked, label)}` : ''}
        size={560}
        destroyOnHidden
      >
        {linked ? (
          <ExemptionDetail
            record={linked}
            actions={decideButtons(
              linked,
              () => {
                api
                  .get<DutyExemption>(`/duty-exemptions/${linked.id}`)
                  .then(setLinked)
                  .catch(() => {});
                changed();
              },
              'middle',
            )}
          />
        ) : null}
      </Drawer>
      {deciding ? (
        <ActionModal<DutyExemption>
          title={t(deciding.decision === 'approve' ? 'exm.approveTitle' : 'exm.rejectTitle', {
            name: deciding.record.memberName,
          })}
          endpoint={`/duty-exemptions/${deciding.record.id}/${deciding.decision}`}
          schema={deciding.decision === 'approve' ? dutyExemptionApprove : dutyExemptionReject}
          fields={[
            {
              key: 'comment',
              title: deciding.decision === 'approve' ? t('exm.approveComment') : t('exm.rejectReason'),
              input: { kind: 'textarea' },
            },
          ]}
          intro={`${exemptionRuleName(deciding.record, label)} · ${label(deciding.record.periodLabel)}${colon(locale)}${label(exemptionReasonText(deciding.record.reasonKind, deciding.record.reason))}`}
          danger={deciding.decision === 'reject'}
          okText={deciding.decision === 'approve' ? t('exm.approve') : t('exm.reject')}
          onClose={() => setDeciding(null)}
          onDone={() => {
            deciding.after();
            setDeciding(null);
          }}
        />
      ) : null}
      {creating ? (
        <CreateOnBehalf
          onClose={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            changed();
          }}
        />
      ) : null}
    </div>
  );
}

/** Everything about one request, with the decision buttons the caller may use. */
function ExemptionDetail({ record: r, actions }: { record: DutyExemption; actions: ReactNode }) {
  const { t, label } = useLocale();
  return (
    <div data-testid="exemption-detail">
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 110 } }}>
        <Descriptions.Item label={t('sel.appointee')}>{r.memberName}</Descriptions.Item>
        <Descriptions.Item label={t('sel.receivingArea')}>{r.areaName}</Descriptions.Item>
        <Descriptions.Item label={t('exm.rule')}>
          {exemptionRuleName(r, label)}
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {r.ruleCode}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('exm.period')}>{label(r.periodLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('exm.reason')}>
          {label(exemptionReasonText(r.reasonKind, r.reason))}
        </Descriptions.Item>
        <Descriptions.Item label={t('f.status')}>
          <ExemptionStatusTag status={r.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('exm.requestedBy')}>
          {r.requestedByName} · {when(r.createdAt)}
        </Descriptions.Item>
        {r.reviewedByName ? (
          <Descriptions.Item label={t('exm.reviewedBy')}>
            {r.reviewedByName} · {when(r.reviewedAt)}
          </Descriptions.Item>
        ) : null}
        {r.reviewComment ? (
          <Descriptions.Item label={t('exm.reviewComment')}>{r.reviewComment}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space style={{ marginTop: 16 }}>{actions}</Space>
      <HistoryTimeline
        path={`/duty-exemptions/${r.id}/history`}
        labels={EXEMPTION_EVENT_LABELS}
        version={r.status}
      />
    </div>
  );
}

/** A community admin files a request for an appointee (who may be away, or ill). */
function CreateOnBehalf({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t, locale } = useLocale();
  const [appointmentId, setAppointmentId] = useState<number | null>(null);
  return (
    <Modal
      open
      title={t('exm.askFor')}
      onCancel={onClose}
      footer={null}
      width={560}
      destroyOnHidden
      maskClosable={false}
    >
      <Form layout="vertical">
        <Form.Item label={t('sel.appointee')} required>
          <RemoteSelect
            endpoint="/appointments"
            query={{ status: 'active' }}
            labelOf={(r) =>
              `${String(r.memberName ?? '')} · ${kindName(locale, r, 'kind')} · ${String(r.receivingOrgName ?? '')}`
            }
            value={appointmentId}
            onChange={setAppointmentId}
          />
        </Form.Item>
      </Form>
      {appointmentId ? (
        <ExemptionForm key={appointmentId} appointmentId={appointmentId} onDone={onDone} />
      ) : null}
    </Modal>
  );
}
