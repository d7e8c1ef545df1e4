import {
  ORG_TYPE_LABELS,
  type Unit,
  type UnitDetail,
  unitApi,
  unitCreate,
  unitListQuery,
  unitUpdate,
} from '@gongjian/common';
import { Descriptions, Empty, List, Tag, Typography } from 'antd';
import { useAccess } from '#web/AccessContext.tsx';
import { useDict } from '#web/api/dictionaries.ts';
import { ExcelButtons } from '#web/components/ExcelButtons.tsx';
import { DictLabel, type Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { type Translate, useLocale } from '#web/i18n/locale.tsx';

/** The unit registry's fields. */
export function unitFields(t: Translate): Field<Unit>[] {
  return [
    { key: 'name', title: t('f.name'), input: { kind: 'text' }, column: { ellipsis: true } },
    {
      key: 'type',
      title: t('f.unitType'),
      render: (r) => <DictLabel type="unit_type" code={r.type} />,
      input: { kind: 'dict', type: 'unit_type' },
      filter: { kind: 'dict', type: 'unit_type' },
    },
    { key: 'creditCode', title: t('f.creditCode'), input: { kind: 'text' }, column: { hidden: true } },
    {
      key: 'areaName',
      name: 'areaId',
      filterName: 'within',
      title: t('f.area'),
      input: { kind: 'area' },
      filter: { kind: 'area' },
    },
    {
      key: 'address',
      title: t('f.address'),
      input: { kind: 'text' },
      column: { ellipsis: true, hidden: true },
    },
    { key: 'contactName', title: t('f.contactName'), input: { kind: 'text' } },
    { key: 'contactPhone', title: t('f.contactPhone'), input: { kind: 'text' }, sensitive: true },
    {
      key: 'memberCount',
      title: t('f.declaredMembers'),
      input: { kind: 'number', min: 0 },
      column: { width: 100 },
    },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' }, column: false },
  ];
}

/** The unit's organisations and its registered members by category (from GET /units/:id). */
export function UnitExtra({ unit }: { unit: Unit | UnitDetail }) {
  const { t, label } = useLocale();
  const category = useDict('member_category');
  if (!('orgs' in unit)) return null;
  const counts = Object.entries(unit.registeredMembers.byCategory);
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{t('units.orgs')}</Typography.Title>
      <List
        size="small"
        bordered
        dataSource={unit.orgs}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} /> }}
        renderItem={(o) => (
          <List.Item>
            {o.name} <Tag>{label(ORG_TYPE_LABELS[o.type])}</Tag>
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('units.registered')}：{unit.registeredMembers.total}
      </Typography.Title>
      {counts.length ? (
        <Descriptions column={2} size="small" bordered>
          {counts.map(([code, n]) => (
            <Descriptions.Item key={code} label={category.label(code)}>
              {n}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
    </div>
  );
}

/** 驻区单位: agencies, SOEs, firms and social organisations sitting in scope. */
export default function UnitsPage() {
  // A figure's drill (the home page's counts and charts) opens the list filtered.
  const opening = useOpeningFilters(unitListQuery);
  const { t } = useLocale();
  const access = useAccess();
  return (
    <ListPage<Unit>
      id="units"
      title={t('menu.units')}
      thing={t('units.thing')}
      api={unitApi}
      initialFilters={opening}
      fields={unitFields(t)}
      nameOf={(r) => r.name}
      createSchema={unitCreate}
      canCreate={access.units}
      updateSchema={unitUpdate}
      toolbar={(list) => <ExcelButtons entity="units" {...list} />}
      detailExtra={(r) => <UnitExtra unit={r} />}
    />
  );
}
