import { type AppointmentKind, appointmentKindCreate, appointmentKindUpdate } from '@gongjian/common';
import { useAccess } from '#web/AccessContext.tsx';
import { DistrictListPage } from '#web/components/DistrictListPage.tsx';
import type { Field } from '#web/components/fields.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { kindName } from './labels';

/**
 * 任职类型: the district's kinds of appointment (第二书记, 第一书记, 交叉任职… and its own). Built-in
 * kinds are renamed or disabled, never deleted; the district admin adds new ones.
 */
export default function KindsPage() {
  const { t, locale } = useLocale();
  const access = useAccess();

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
  ];

  return (
    <DistrictListPage<AppointmentKind>
      id="appointment-kinds"
      title={t('menu.appointmentKinds')}
      thing={t('sel.kindThing')}
      endpoint="/appointment-kinds"
      districtLabel={t('sel.district')}
      fields={fields}
      origin={{
        key: 'builtin',
        title: t('sel.builtin'),
        preset: t('sel.builtin'),
        own: t('sel.custom'),
        width: 90,
      }}
      nameOf={(r) => kindName(locale, r)}
      createSchema={appointmentKindCreate}
      canCreate={access.editAppointmentKinds}
      createDefaults={{ needsSendingUnit: false, enabled: true, sort: 100 }}
      updateSchema={appointmentKindUpdate}
    />
  );
}
