import {
  CONDITION_LABELS,
  CONDITION_TYPES,
  type ConditionType,
  type Programme,
  type ProgrammeCondition,
  programmeCreate,
  programmeUpdate,
} from '@gongjian/common';
import { Checkbox, InputNumber, Select, Space, Tag } from 'antd';
import { useAccess } from '#web/AccessContext.tsx';
import { useDict } from '#web/api/dictionaries.ts';
import { ExportButton } from '#web/components/ExcelButtons.tsx';
import type { CustomControlProps, Field } from '#web/components/fields.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useLocale } from '#web/i18n/locale.tsx';
import { appointmentRefs } from './AppointmentsPage';

/** A condition's words, with its parameter (≤ 45 周岁, 在职党员/社区党员). */
export function ConditionText({ c }: { c: ProgrammeCondition }) {
  const { t, label } = useLocale();
  const categories = useDict('member_category');
  const base = label(CONDITION_LABELS[c.type]);
  if (c.type === 'max_age') return <>{`${base} ≤ ${c.years} ${t('sel.years')}`}</>;
  if (c.type === 'category_in')
    return <>{`${base}：${c.categories.map((x) => categories.label(x)).join('、')}`}</>;
  return <>{base}</>;
}

const DEFAULT_AGE = 55;

/**
 * The structured conditions as a checklist: tick a condition to have the qualification check
 * evaluate it; the age limit and the categories take their parameter beside the box.
 */
function ConditionsChecklist({ value, onChange, id }: CustomControlProps) {
  const { t, label } = useLocale();
  const categories = useDict('member_category');
  const list = Array.isArray(value) ? (value as ProgrammeCondition[]) : [];
  const find = (type: ConditionType) => list.find((c) => c.type === type);
  const set = (type: ConditionType, next: ProgrammeCondition | null) => {
    // Keep the checklist's order so the stored list reads the same way every time.
    const others = list.filter((c) => c.type !== type);
    const merged = next ? [...others, next] : others;
    onChange?.(CONDITION_TYPES.flatMap((ty) => merged.filter((c) => c.type === ty)));
  };
  return (
    <div id={id} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="conditions">
      {CONDITION_TYPES.map((type) => {
        const current = find(type);
        return (
          <Space key={type} wrap>
            <Checkbox
              checked={current !== undefined}
              onChange={(e) => {
                if (!e.target.checked) return set(type, null);
                if (type === 'max_age') return set(type, { type, years: DEFAULT_AGE });
                if (type === 'category_in') return set(type, { type, categories: ['in_service'] });
                return set(type, { type });
              }}
            >
              {label(CONDITION_LABELS[type])}
            </Checkbox>
            {type === 'max_age' && current?.type === 'max_age' ? (
              <InputNumber
                size="small"
                min={18}
                max={100}
                value={current.years}
                onChange={(v) => set(type, { type, years: Number(v ?? DEFAULT_AGE) })}
                suffix={t('sel.years')}
                style={{ width: 110 }}
              />
            ) : null}
            {type === 'category_in' && current?.type === 'category_in' ? (
              <Select
                size="small"
                mode="multiple"
                value={current.categories}
                options={categories.options}
                onChange={(v: string[]) => set(type, { type, categories: v })}
                placeholder={t('sel.categories')}
                style={{ minWidth: 240 }}
              />
            ) : null}
          </Space>
        );
      })}
    </div>
  );
}

/** 工作方案: per kind and year, the texts of the programme and its structured candidate conditions. */
export default function ProgrammesPage() {
  const { t, locale } = useLocale();
  const access = useAccess();
  const refs = appointmentRefs(locale, { allDistricts: access.platform });
  const text = (key: keyof Programme & string, title: string): Field<Programme> => ({
    key,
    title,
    input: { kind: 'textarea' },
    column: false,
    wide: true,
  });
  const fields: Field<Programme>[] = [
    { key: 'title', title: t('sel.title'), input: { kind: 'text' }, wide: true, column: { ellipsis: true } },
    {
      key: 'kindNameZh',
      name: 'kindId',
      filterName: 'kindId',
      title: t('sel.kind'),
      render: (r) => (locale === 'en' ? r.kindNameEn : r.kindNameZh),
      input: refs.kind,
      filter: refs.kind,
      on: 'create',
    },
    {
      key: 'areaName',
      name: 'areaId',
      filterName: 'within',
      title: t('sel.runBy'),
      input: { kind: 'area', levels: ['district', 'street'] },
      filter: { kind: 'area' },
      on: 'create',
    },
    {
      key: 'year',
      title: t('sel.year'),
      input: { kind: 'number', min: 2000, max: 2100 },
      filter: { kind: 'number', min: 2000, max: 2100 },
      column: { width: 80 },
    },
    {
      key: 'conditions',
      title: t('sel.conditions'),
      render: (r) =>
        r.conditions.length ? (
          <Space size={[0, 4]} wrap>
            {r.conditions.map((c) => (
              <Tag key={c.type}>
                <ConditionText c={c} />
              </Tag>
            ))}
          </Space>
        ) : null,
      input: { kind: 'custom', render: (p) => <ConditionsChecklist {...p} /> },
      wide: true,
    },
    text('scopeText', t('sel.scopeText')),
    text('conditionsText', t('sel.conditionsText')),
    text('procedureText', t('sel.procedureText')),
    text('dutiesText', t('sel.dutiesText')),
    text('assessmentText', t('sel.assessmentText')),
    { key: 'batchCount', title: t('sel.batchCount'), column: { width: 80 } },
  ];
  return (
    <ListPage<Programme>
      id="programmes"
      title={t('menu.programmes')}
      thing={t('sel.programmeThing')}
      endpoint="/work-programmes"
      fields={fields}
      nameOf={(r) => r.title}
      createSchema={programmeCreate}
      canCreate={access.selection}
      createDefaults={{
        year: new Date().getFullYear(),
        conditions: [{ type: 'lives_in_receiving_community' }, { type: 'is_party_member' }],
      }}
      updateSchema={programmeUpdate}
      toolbar={(list) => <ExportButton list="work-programmes" filters={list.filters} />}
    />
  );
}
