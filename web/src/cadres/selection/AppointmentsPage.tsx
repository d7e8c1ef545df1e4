import {
  APPOINTMENT_EVENT_LABELS,
  APPOINTMENT_STATUS_LABELS,
  type Appointment,
  type AppointmentDetail,
  type AppointmentKind,
  appointmentCreate,
  appointmentEnd,
  appointmentRecall,
  appointmentReplace,
  appointmentUpdate,
  areaApi,
  memberApi,
  orgApi,
  unitApi,
} from '@gongjian/common';
import { Button, Select, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAccess } from '#web/AccessContext.tsx';
import { call } from '#web/api/call.ts';
import { api } from '#web/api/client.ts';
import type { ListResult } from '#web/api/types.ts';
import { ActionModal } from '#web/components/ActionModal.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { CustomControlProps, Field, InputSpec } from '#web/components/fields.tsx';
import { HistoryTimeline } from '#web/components/HistoryTimeline.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';
import { AppointmentStatusTag, kindName, labelOptions, termText } from './labels';

type Move = 'end' | 'recall' | 'replace';

/**
 * Every district's kinds, each named with its district (长兴镇 · 第二书记): kinds belong to a
 * district, and the platform admin, who belongs to none, works across all of them.
 */
function AllDistrictKinds({ value, onChange, id }: CustomControlProps) {
  const { t, locale } = useLocale();
  const [options, setOptions] = useState<{ value: number; label: string }[] | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const districts = (await call(areaApi.tree, { query: { depth: 1 } })).data;
      const lists = await Promise.all(
        districts.map((d) =>
          api.get<ListResult<AppointmentKind>>('/appointment-kinds', { districtId: d.id, pageSize: 200 }),
        ),
      );
      if (!live) return;
      setOptions(
        districts.flatMap((d, i) =>
          (lists[i]?.data ?? []).map((k) => ({ value: k.id, label: `${d.name} · ${kindName(locale, k)}` })),
        ),
      );
    })().catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [locale]);
  return (
    <Select<number>
      id={id}
      value={(value as number | null | undefined) ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options ?? []}
      loading={options === null}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      placeholder={t('list.selectPlaceholder')}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}

/**
 * The reference pickers an appointment is made with; the kind's name follows the language. With
 * `allDistricts` (the platform admin) the kind picker offers every district's kinds.
 */
export function appointmentRefs(locale: string, opts: { allDistricts?: boolean } = {}) {
  const kind: InputSpec = opts.allDistricts
    ? { kind: 'custom', render: (p) => <AllDistrictKinds {...p} /> }
    : {
        kind: 'ref',
        endpoint: '/appointment-kinds',
        labelOf: (r: Record<string, unknown>) => kindName(locale, r),
      };
  return {
    kind,
    member: { kind: 'ref' as const, endpoint: memberApi.list },
    unit: { kind: 'ref' as const, endpoint: unitApi.list },
    org: { kind: 'ref' as const, endpoint: orgApi.list },
  };
}

/** The fields of each move's dialog. */
function moveFields(t: Translate, move: Move, refs: ReturnType<typeof appointmentRefs>): Field<unknown>[] {
  const endedOn: Field<unknown> = { key: 'endedOn', title: t('sel.endedOn'), input: { kind: 'date' } };
  const reason: Field<unknown> = { key: 'reason', title: t('sel.reason'), input: { kind: 'textarea' } };
  if (move !== 'replace') return [endedOn, reason];
  return [
    endedOn,
    { key: 'memberId', title: t('sel.successor'), input: refs.member },
    { key: 'sendingUnitId', title: t('sel.sendingUnit'), input: refs.unit },
    { key: 'post', title: t('sel.post'), input: { kind: 'text' } },
    { key: 'termStart', title: t('sel.termStart'), input: { kind: 'date' } },
    { key: 'termEnd', title: t('sel.termEnd'), input: { kind: 'date' } },
    reason,
  ];
}

/**
 * 任职管理: every appointment in scope with its status; ends, early recalls and replacements are
 * recorded with a reason and never deleted, and the drawer shows the chain of successors.
 */
export default function AppointmentsPage() {
  const { t, locale, label } = useLocale();
  const access = useAccess();
  const [moving, setMoving] = useState<{ move: Move; record: Appointment; reload: () => void } | null>(null);
  const refs = appointmentRefs(locale, { allDistricts: access.platform });

  const fields: Field<Appointment>[] = [
    {
      key: 'memberName',
      name: 'memberId',
      title: t('sel.appointee'),
      input: refs.member,
      on: 'create',
    },
    {
      key: 'kindNameZh',
      name: 'kindId',
      filterName: 'kindId',
      title: t('sel.kind'),
      render: (r) => kindName(locale, r, 'kind'),
      input: refs.kind,
      filter: refs.kind,
      on: 'create',
    },
    {
      key: 'sendingUnitName',
      name: 'sendingUnitId',
      filterName: 'sendingUnitId',
      title: t('sel.sendingUnit'),
      input: refs.unit,
      filter: refs.unit,
      on: 'create',
      column: { ellipsis: true },
    },
    {
      key: 'receivingOrgName',
      name: 'receivingOrgId',
      title: t('sel.receivingOrg'),
      input: refs.org,
      on: 'create',
      column: { ellipsis: true },
    },
    {
      key: 'areaName',
      filterName: 'within',
      title: t('sel.receivingArea'),
      filter: { kind: 'area' },
    },
    { key: 'post', title: t('sel.post'), input: { kind: 'text' }, column: { hidden: true } },
    {
      key: 'term',
      title: t('log.term'),
      render: (r) => termText(t, r.termStart, r.termEnd),
      detail: false,
    },
    { key: 'termStart', title: t('sel.termStart'), input: { kind: 'date' }, column: false },
    { key: 'termEnd', title: t('sel.termEnd'), input: { kind: 'date' }, column: false },
    {
      key: 'status',
      title: t('f.status'),
      render: (r) => <AppointmentStatusTag status={r.status} />,
      filter: { kind: 'select', options: labelOptions(APPOINTMENT_STATUS_LABELS, label) },
      column: { width: 110 },
    },
    { key: 'endedOn', title: t('sel.endedOn'), column: { hidden: true } },
    { key: 'endReason', title: t('sel.endReason'), column: { hidden: true, ellipsis: true } },
    { key: 'note', title: t('sel.note'), input: { kind: 'textarea' }, column: false },
  ];

  const moveButton = (r: Appointment, reload: () => void, move: Move, danger = false) =>
    r.actions.includes(move) ? (
      <Button
        key={move}
        type="link"
        size="small"
        danger={danger}
        onClick={() => setMoving({ move, record: r, reload })}
      >
        {t(`sel.${move}`)}
      </Button>
    ) : null;

  const schemas = { end: appointmentEnd, recall: appointmentRecall, replace: appointmentReplace };
  return (
    <>
      <ListPage<Appointment>
        id="appointments"
        title={t('menu.appointments')}
        thing={t('sel.appointmentThing')}
        endpoint="/appointments"
        fields={fields}
        nameOf={(r) => `${r.memberName} · ${kindName(locale, r, 'kind')}`}
        createSchema={appointmentCreate}
        canCreate={access.selection}
        updateSchema={appointmentUpdate}
        toolbar={(list) => <ExportButton list="appointments" filters={list.filters} />}
        rowActions={(r, reload) => [
          moveButton(r, reload, 'end'),
          moveButton(r, reload, 'recall', true),
          moveButton(r, reload, 'replace'),
        ]}
        detailExtra={(r) => (
          <>
            <History detail={r as AppointmentDetail} />
            <HistoryTimeline
              path={`/appointments/${r.id}/history`}
              labels={APPOINTMENT_EVENT_LABELS}
              version={r.updatedAt}
            />
          </>
        )}
      />
      {moving ? (
        <ActionModal<Appointment>
          title={t(`sel.${moving.move}Title`, { name: moving.record.memberName })}
          endpoint={`/appointments/${moving.record.id}/${moving.move}`}
          schema={schemas[moving.move]}
          fields={moveFields(t, moving.move, refs)}
          intro={moving.move === 'replace' ? t('sel.replaceIntro') : undefined}
          initialValues={
            moving.move === 'end' && moving.record.termEnd ? { endedOn: moving.record.termEnd } : {}
          }
          danger={moving.move === 'recall'}
          onClose={() => setMoving(null)}
          onDone={() => {
            moving.reload();
            setMoving(null);
          }}
        />
      ) : null}
    </>
  );
}

/** The replacement chain, oldest first, the open appointment marked. */
function History({ detail }: { detail: AppointmentDetail }) {
  const { t } = useLocale();
  if (!detail.history) return null;
  return (
    <div style={{ marginTop: 20 }} data-testid="appointment-history">
      <Typography.Title level={5}>{t('sel.history')}</Typography.Title>
      {detail.history.length <= 1 ? (
        <Typography.Text type="secondary">{t('sel.noHistory')}</Typography.Text>
      ) : (
        <Timeline
          items={detail.history.map((h) => ({
            color: h.id === detail.id ? 'red' : h.status === 'active' ? 'green' : 'gray',
            content: (
              <div>
                <strong>{h.memberName}</strong> <AppointmentStatusTag status={h.status} />
                <div>{termText(t, h.termStart, h.endedOn ?? h.termEnd)}</div>
                {h.endReason ? <Typography.Text type="secondary">{h.endReason}</Typography.Text> : null}
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
}
