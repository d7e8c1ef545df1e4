import {
  isJointOrgType,
  JOINT_MEMBER_KINDS,
  memberApi,
  ORG_TYPE_LABELS,
  ORG_TYPES,
  type Org,
  type OrgDetail,
  orgApi,
  orgCreate,
  orgListQuery,
  orgUpdate,
  type Seat,
  seatCreate,
  seatUpdate,
  unitApi,
} from '@gongjian/common';
import { Tag, Typography } from 'antd';
import { useAccess } from '#web/AccessContext.tsx';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';

const isMemberUnit = (v: Record<string, unknown>) => v.kind === 'member_unit';
const isConcurrent = (v: Record<string, unknown>) => v.kind === 'concurrent_member';

/** 大工委/大党委 seats: member units and concurrent members, managed where `manageSeats` is allowed. */
function Seats({ org }: { org: Org | OrgDetail }) {
  const { t } = useLocale();
  const kindLabel = (k: string) => (k === 'member_unit' ? t('orgs.memberUnit') : t('orgs.concurrent'));
  const fields: Field<Seat>[] = [
    {
      key: 'kind',
      title: t('orgs.kind'),
      render: (r) => <Tag color={r.kind === 'member_unit' ? 'blue' : 'gold'}>{kindLabel(r.kind)}</Tag>,
      input: { kind: 'select', options: JOINT_MEMBER_KINDS.map((k) => ({ value: k, label: kindLabel(k) })) },
      on: 'create',
    },
    {
      key: 'unitName',
      name: 'unitId',
      title: t('f.unit'),
      input: { kind: 'ref', endpoint: unitApi.list },
      refLabel: (r) => (r.unitId ? { value: r.unitId, label: r.unitName ?? '' } : null),
      visibleWhen: isMemberUnit,
    },
    {
      key: 'memberName',
      name: 'memberId',
      title: t('f.member'),
      render: (r) => r.memberName ?? r.personName ?? '—',
      input: { kind: 'ref', endpoint: memberApi.list },
      refLabel: (r) => (r.memberId ? { value: r.memberId, label: r.memberName ?? '' } : null),
      visibleWhen: isConcurrent,
    },
    {
      key: 'personName',
      title: t('orgs.personName'),
      input: { kind: 'text' },
      column: false,
      visibleWhen: isConcurrent,
    },
    { key: 'post', title: t('orgs.post'), input: { kind: 'text' } },
    { key: 'startOn', title: t('orgs.startOn'), input: { kind: 'date' } },
    { key: 'endOn', title: t('orgs.endOn'), input: { kind: 'date' } },
  ];
  return (
    <div style={{ marginTop: 16 }}>
      <ListPage<Seat>
        id="org-seats"
        title={t('orgs.seats')}
        thing={t('orgs.seatThing')}
        api={{
          list: orgApi.seats,
          create: orgApi.createSeat,
          update: orgApi.updateSeat,
          remove: orgApi.removeSeat,
          // The list and a new seat name the body as `id`, one seat names it `orgId`.
          params: { id: org.id, orgId: org.id },
          idParam: 'seatId',
        }}
        fields={fields}
        nameOf={(r) => r.unitName ?? r.memberName ?? r.personName ?? String(r.id)}
        createSchema={seatCreate}
        canCreate={org.actions.includes('manageSeats')}
        createDefaults={{ kind: 'member_unit' }}
        updateSchema={seatUpdate}
        noSearch
        paged={false}
      />
    </div>
  );
}

/** 党组织: committees, branches and the joint bodies with their seats. */
export default function OrgsPage() {
  // A figure's drill (the home page's counts and charts) opens the list filtered.
  const opening = useOpeningFilters(orgListQuery);
  const { t, label } = useLocale();
  const access = useAccess();
  const typeOptions = ORG_TYPES.map((o) => ({ value: o, label: label(ORG_TYPE_LABELS[o]) }));
  const fields: Field<Org>[] = [
    { key: 'name', title: t('f.name'), input: { kind: 'text' }, column: { ellipsis: true } },
    {
      key: 'type',
      title: t('f.orgType'),
      render: (r) => (
        <Tag color={isJointOrgType(r.type) ? 'red' : undefined}>{label(ORG_TYPE_LABELS[r.type])}</Tag>
      ),
      input: { kind: 'select', options: typeOptions },
      filter: { kind: 'select', options: typeOptions },
    },
    { key: 'code', title: t('f.code'), input: { kind: 'text' }, column: { hidden: true } },
    {
      key: 'areaName',
      name: 'areaId',
      filterName: 'within',
      title: t('f.area'),
      input: { kind: 'area' },
      filter: { kind: 'area' },
    },
    {
      key: 'parentName',
      name: 'parentId',
      title: t('f.parentOrg'),
      input: { kind: 'ref', endpoint: orgApi.list },
      refLabel: (r) => (r.parentId ? { value: r.parentId, label: r.parentName ?? '' } : null),
      column: { ellipsis: true },
    },
    {
      key: 'unitName',
      name: 'unitId',
      title: t('f.unit'),
      input: { kind: 'ref', endpoint: unitApi.list },
      filter: { kind: 'ref', endpoint: unitApi.list },
      refLabel: (r) => (r.unitId ? { value: r.unitId, label: r.unitName ?? '' } : null),
      column: { ellipsis: true, hidden: true },
    },
    { key: 'secretaryName', title: t('f.secretary'), input: { kind: 'text' } },
    { key: 'memberCount', title: t('f.memberCount'), column: { width: 80 } },
    { key: 'childCount', title: t('orgs.children'), column: { width: 90, hidden: true } },
    { key: 'employerCount', title: t('f.employerCount'), column: { hidden: true } },
    { key: 'foundedOn', title: t('f.foundedOn'), input: { kind: 'date' }, column: { hidden: true } },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' }, column: false },
  ];
  return (
    <ListPage<Org>
      id="orgs"
      title={t('menu.orgs')}
      thing={t('orgs.thing')}
      api={orgApi}
      initialFilters={opening}
      fields={fields}
      nameOf={(r) => r.name}
      createSchema={orgCreate}
      canCreate={access.orgs}
      createDefaults={{ type: 'branch' }}
      updateSchema={orgUpdate}
      toolbar={(list) => <ExportButton list="orgs" filters={list.filters} />}
      detailExtra={(r) => {
        // The drawer holds GET /orgs/:id once it has loaded, which adds the children.
        const children = (r as Partial<OrgDetail>).children ?? [];
        return (
          <>
            {children.length ? (
              <Typography.Paragraph style={{ marginTop: 16 }}>
                {t('orgs.children')}：{children.map((c) => c.name).join('、')}
              </Typography.Paragraph>
            ) : null}
            {isJointOrgType(r.type) ? <Seats org={r} /> : null}
          </>
        );
      }}
    />
  );
}
