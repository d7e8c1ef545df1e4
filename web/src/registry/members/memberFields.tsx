import { GENDERS, type Gender, MEMBER_AREA_LEVELS, type Member, memberRuleInputs } from '@gongjian/common';
import { DictLabel, DictTags, type Field } from '#web/components/fields.tsx';
import type { Translate } from '#web/i18n/locale.tsx';

/** Gender options and labels, shared by members and residents. */
export const genderOptions = (t: Translate) =>
  GENDERS.map((g) => ({ value: g, label: g === 'male' ? t('f.male') : t('f.female') }));
export const genderLabel = (t: Translate, g: Gender | null) =>
  g ? (g === 'male' ? t('f.male') : t('f.female')) : '—';

/**
 * The work-unit (employer) picker of members and residents: any unit of the caller's district —
 * employment is a reference, not a scope, so the SOE in the town is there for a village's admin.
 */
export const workUnitInput = {
  input: { kind: 'ref', endpoint: '/work-units' },
  filter: { kind: 'ref', endpoint: '/work-units' },
  refLabel: (r: { unitId: number | null; unitName: string | null }) =>
    r.unitId ? { value: r.unitId, label: r.unitName ?? String(r.unitId) } : null,
} as const;

/** The member registry's fields: one list for table, filters, form and drawer. */
export function memberFields(t: Translate): Field<Member>[] {
  return [
    { key: 'name', title: t('f.displayName'), input: { kind: 'text' }, column: { width: 100 } },
    {
      key: 'gender',
      title: t('f.gender'),
      render: (r) => genderLabel(t, r.gender),
      input: { kind: 'select', options: genderOptions(t) },
      filter: { kind: 'select', options: genderOptions(t) },
      column: { width: 70 },
    },
    {
      key: 'category',
      title: t('f.category'),
      render: (r) => <DictLabel type="member_category" code={r.category} />,
      input: { kind: 'dict', type: 'member_category' },
      filter: { kind: 'dict', type: 'member_category' },
    },
    { key: 'idNumber', title: t('f.idNumber'), input: { kind: 'text' }, sensitive: true },
    { key: 'phone', title: t('f.phone'), input: { kind: 'text' }, sensitive: true },
    {
      key: 'areaLabel',
      name: 'areaId',
      filterName: 'within',
      title: t('f.residence'),
      input: { kind: 'area', levels: MEMBER_AREA_LEVELS },
      filter: { kind: 'area' },
      column: { ellipsis: true },
    },
    {
      key: 'unitName',
      name: 'unitId',
      title: t('f.workUnit'),
      ...workUnitInput,
      column: { ellipsis: true },
    },
    {
      key: 'orgName',
      name: 'orgId',
      title: t('f.branch'),
      input: { kind: 'ref', endpoint: '/orgs' },
      refLabel: (r) => (r.orgId ? { value: r.orgId, label: r.orgName ?? String(r.orgId) } : null),
      column: { hidden: true },
    },
    {
      key: 'skills',
      title: t('f.skills'),
      render: (r) => <DictTags type="skill" codes={r.skills} />,
      input: { kind: 'dict', type: 'skill', multiple: true },
      filter: { kind: 'dict', type: 'skill' },
      filterName: 'skill',
      column: { hidden: true },
    },
    {
      key: 'roles',
      title: t('f.memberRoles'),
      render: (r) => <DictTags type="member_role" codes={r.roles} />,
      input: { kind: 'dict', type: 'member_role', multiple: true },
      column: { hidden: true },
    },
    {
      key: 'birthDate',
      title: t('f.birthDate'),
      input: { kind: 'date' },
      dependsOn: memberRuleInputs('birthDate'),
      column: { hidden: true },
    },
    {
      key: 'joinDate',
      title: t('f.joinDate'),
      input: { kind: 'date' },
      dependsOn: memberRuleInputs('joinDate'),
      column: { hidden: true },
    },
    { key: 'note', title: t('f.note'), input: { kind: 'textarea' }, column: false },
  ];
}
