import {
  DICT_TYPE_LABELS,
  DICT_TYPES,
  type DictItem,
  dictItemCreate,
  dictItemUpdate,
  dictionaryApi,
  SYSTEM_DICTIONARIES,
} from '@gongjian/common';
import { useAccess } from '#web/AccessContext.tsx';
import { invalidateDictionaries } from '#web/api/dictionaries.ts';
import { DistrictListPage } from '#web/components/DistrictListPage.tsx';
import type { Field } from '#web/components/fields.tsx';
import { useLocale } from '#web/i18n/locale.tsx';

/**
 * 字典: the district's category lists (unit types, skills, demand categories…). Built-in items
 * can be relabelled and disabled but not deleted; only extensible types take new items.
 */
export default function DictionariesPage() {
  const { t, label } = useLocale();
  const access = useAccess();

  const typeOptions = (extensibleOnly: boolean) =>
    DICT_TYPES.filter((d) => !extensibleOnly || SYSTEM_DICTIONARIES[d].extensible).map((d) => ({
      value: d,
      label: label(DICT_TYPE_LABELS[d]),
    }));

  const fields: Field<DictItem>[] = [
    {
      key: 'type',
      title: t('dict.type'),
      render: (r) => label(DICT_TYPE_LABELS[r.type]),
      input: { kind: 'select', options: typeOptions(true) },
      filter: { kind: 'select', options: typeOptions(false) },
      on: 'create',
    },
    { key: 'code', title: t('f.code'), input: { kind: 'text' } },
    { key: 'labelZh', title: t('dict.labelZh'), input: { kind: 'text' } },
    { key: 'labelEn', title: t('dict.labelEn'), input: { kind: 'text' } },
  ];

  return (
    <DistrictListPage<DictItem>
      id="dictionaries"
      title={t('menu.dictionaries')}
      thing={t('dict.thing')}
      api={dictionaryApi}
      districtLabel={t('dict.district')}
      fields={fields}
      origin={{
        key: 'system',
        title: t('dict.system'),
        preset: t('dict.builtIn'),
        own: t('dict.custom'),
        width: 100,
      }}
      nameOf={(r) => `${label({ 'zh-CN': r.labelZh, en: r.labelEn })}（${r.code}）`}
      createSchema={dictItemCreate}
      canCreate={access.editDictionaries}
      createDefaults={{ type: 'skill', sort: 0, enabled: true }}
      updateSchema={dictItemUpdate}
      onChanged={invalidateDictionaries}
    />
  );
}
