import {
  type AppointmentKind,
  type AreaTreeNode,
  appointmentKindCreate,
  appointmentKindUpdate,
} from '@gongjian/common';
import { Card, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useAccess } from '../../AccessContext';
import { api } from '../../api/client';
import { ExportButton } from '../../components/ExcelButtons';
import type { Field } from '../../components/fields';
import { ListPage } from '../../components/ListPage';
import { useLocale } from '../../i18n/locale';
import { kindName } from './labels';

/**
 * 任职类型: the district's kinds of appointment (第二书记, 第一书记, 交叉任职… and its own). Built-in
 * kinds are renamed or disabled, never deleted; the district admin adds new ones.
 */
export default function KindsPage() {
  const { t, locale } = useLocale();
  const access = useAccess();
  // The platform admin belongs to no district and picks the one it works on.
  const [districts, setDistricts] = useState<AreaTreeNode[]>([]);
  const [districtId, setDistrictId] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!access.platform) return;
    api
      .get<{ data: AreaTreeNode[] }>('/areas/tree', { depth: 1 })
      .then((r) => {
        setDistricts(r.data);
        setDistrictId((d) => d ?? r.data[0]?.id);
      })
      .catch(() => setDistricts([]));
  }, [access.platform]);

  const fields: Field<AppointmentKind>[] = [
    { key: 'code', title: t('f.code'), input: { kind: 'text' }, on: 'create', column: { width: 160 } },
    { key: 'nameZh', title: t('sel.nameZh'), input: { kind: 'text' } },
    { key: 'nameEn', title: t('sel.nameEn'), input: { kind: 'text' }, column: { hidden: true } },
    {
      key: 'termMonths',
      title: t('sel.termMonths'),
      input: { kind: 'number', min: 1, max: 120 },
      help: t('sel.termMonthsHelp'),
      column: { width: 110 },
    },
    {
      key: 'needsSendingUnit',
      title: t('sel.needsSendingUnit'),
      input: { kind: 'switch' },
      column: { width: 120 },
    },
    { key: 'dutyPolicyCode', title: t('sel.dutyPolicy'), input: { kind: 'text' }, column: { hidden: true } },
    {
      key: 'description',
      title: t('f.description'),
      input: { kind: 'textarea' },
      column: { ellipsis: true },
    },
    { key: 'sort', title: t('f.sort'), input: { kind: 'number', min: 0 }, column: { width: 80 } },
    {
      key: 'enabled',
      title: t('f.status'),
      render: (r) => (r.enabled ? <Tag color="green">{t('f.enabled')}</Tag> : <Tag>{t('f.disabled')}</Tag>),
      input: { kind: 'switch' },
      column: { width: 90 },
    },
    {
      key: 'builtin',
      title: t('sel.builtin'),
      render: (r) => (r.builtin ? <Tag color="blue">{t('sel.builtin')}</Tag> : <Tag>{t('sel.custom')}</Tag>),
      column: { width: 90 },
    },
  ];

  if (access.platform && districtId === undefined) return <Card loading />;
  return (
    <ListPage<AppointmentKind>
      key={districtId ?? 'own'}
      id="appointment-kinds"
      title={t('menu.appointmentKinds')}
      thing={t('sel.kindThing')}
      endpoint="/appointment-kinds"
      baseQuery={{ districtId, includeDisabled: 'true', pageSize: 50 }}
      fields={fields}
      nameOf={(r) => kindName(locale, r)}
      createSchema={appointmentKindCreate}
      canCreate={access.editAppointmentKinds}
      createDefaults={{ needsSendingUnit: false, enabled: true, sort: 100 }}
      createFixed={districtId ? { districtId } : {}}
      updateSchema={appointmentKindUpdate}
      toolbar={(list) => (
        <>
          {access.platform ? (
            <Select
              value={districtId}
              onChange={setDistrictId}
              options={districts.map((d) => ({ value: d.id, label: d.name }))}
              style={{ minWidth: 160 }}
              aria-label={t('sel.district')}
            />
          ) : null}
          <ExportButton list="appointment-kinds" filters={list.filters} />
        </>
      )}
    />
  );
}
