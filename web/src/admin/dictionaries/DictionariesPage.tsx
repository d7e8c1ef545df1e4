import {
  type AreaTreeNode,
  DICT_TYPE_LABELS,
  DICT_TYPES,
  type DictItem,
  dictItemCreate,
  dictItemUpdate,
  SYSTEM_DICTIONARIES,
} from '@gongjian/common';
import { Card, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useAccess } from '../../AccessContext';
import { api } from '../../api/client';
import { invalidateDictionaries } from '../../api/dictionaries';
import { ExportButton } from '../../components/ExcelButtons';
import type { Field } from '../../components/fields';
import { ListPage } from '../../components/ListPage';
import { useLocale } from '../../i18n/locale';

/**
 * 字典: the district's category lists (unit types, skills, demand categories…). Built-in items
 * can be relabelled and disabled but not deleted; only extensible types take new items.
 */
export default function DictionariesPage() {
  const { t, label } = useLocale();
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
    { key: 'sort', title: t('f.sort'), input: { kind: 'number', min: 0 }, column: { width: 80 } },
    {
      key: 'enabled',
      title: t('f.status'),
      render: (r) => (r.enabled ? <Tag color="green">{t('f.enabled')}</Tag> : <Tag>{t('f.disabled')}</Tag>),
      input: { kind: 'switch' },
      column: { width: 90 },
    },
    {
      key: 'system',
      title: t('dict.system'),
      render: (r) => (r.system ? <Tag color="blue">{t('dict.builtIn')}</Tag> : <Tag>{t('dict.custom')}</Tag>),
      column: { width: 100 },
    },
  ];

  if (access.platform && districtId === undefined) return <Card loading />;
  return (
    <ListPage<DictItem>
      key={districtId ?? 'own'}
      id="dictionaries"
      title={t('menu.dictionaries')}
      thing={t('dict.thing')}
      endpoint="/dictionaries"
      baseQuery={{ districtId, includeDisabled: 'true', pageSize: 50 }}
      fields={fields}
      nameOf={(r) => `${label({ 'zh-CN': r.labelZh, en: r.labelEn })}（${r.code}）`}
      createSchema={dictItemCreate}
      canCreate={access.editDictionaries}
      createDefaults={{ type: 'skill', sort: 0, enabled: true }}
      createFixed={districtId ? { districtId } : {}}
      updateSchema={dictItemUpdate}
      onChanged={invalidateDictionaries}
      toolbar={(list) => (
        <>
          {access.platform ? (
            <Select
              value={districtId}
              onChange={setDistrictId}
              options={districts.map((d) => ({ value: d.id, label: d.name }))}
              style={{ minWidth: 160 }}
              aria-label={t('dict.district')}
            />
          ) : null}
          <ExportButton list="dictionaries" filters={list.filters} />
        </>
      )}
    />
  );
}
