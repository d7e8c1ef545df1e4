import {
  RESIDENT_AREA_LEVELS,
  type Resident,
  residentApi,
  residentCreate,
  residentListQuery,
  residentUpdate,
} from '@gongjian/common';
import { useAccess } from '#web/AccessContext.tsx';
import { ExcelButtons } from '#web/components/ExcelButtons.tsx';
import type { Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { genderLabel, genderOptions, workUnitInput } from '#web/registry/members/memberFields.tsx';

/** 居民: residents registered in scope; they raise demands and rate service. */
export default function ResidentsPage() {
  // A figure's drill (the home page's counts and charts) opens the list filtered.
  const opening = useOpeningFilters(residentListQuery);
  const { t } = useLocale();
  const access = useAccess();
  const fields: Field<Resident>[] = [
    { key: 'name', title: t('f.displayName'), input: { kind: 'text' }, column: { width: 100 } },
    {
      key: 'gender',
      title: t('f.gender'),
      render: (r) => genderLabel(t, r.gender),
      input: { kind: 'select', options: genderOptions(t) },
      column: { width: 70 },
    },
    { key: 'phone', title: t('f.phone'), input: { kind: 'text' }, sensitive: true },
    { key: 'idNumber', title: t('f.idNumber'), input: { kind: 'text' }, sensitive: true },
    {
      key: 'areaLabel',
      name: 'areaId',
      filterName: 'within',
      title: t('f.area'),
      input: { kind: 'area', levels: RESIDENT_AREA_LEVELS },
      filter: { kind: 'area' },
      column: { ellipsis: true },
    },
    { key: 'address', title: t('f.address'), input: { kind: 'text' }, column: { ellipsis: true } },
    {
      key: 'unitName',
      name: 'unitId',
      title: t('f.workUnit'),
      ...workUnitInput,
      column: { ellipsis: true },
    },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' }, column: false },
  ];
  return (
    <ListPage<Resident>
      id="residents"
      title={t('menu.residents')}
      thing={t('residents.thing')}
      api={residentApi}
      initialFilters={opening}
      fields={fields}
      nameOf={(r) => r.name}
      createSchema={residentCreate}
      canCreate={access.residents}
      updateSchema={residentUpdate}
      toolbar={(list) => <ExcelButtons entity="residents" {...list} />}
    />
  );
}
