import { type AreaTreeNode, areaApi, type ExcelEntity, type ListExportName } from '@gongjian/common';
import { Card, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useAccess } from '#web/AccessContext.tsx';
import { call } from '#web/api/call.ts';
import { explain } from '#web/api/client.ts';
import type { ListRecord } from '#web/api/types.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { ExportButton } from './ExcelButtons';
import type { Field } from './fields';
import { ListPage, type ListPageProps } from './ListPage';

/**
 * The district a page works on. The platform admin belongs to no district and picks one (the
 * first until it does); for everyone else `districtId` stays undefined and the server uses theirs.
 */
export function useDistrictChoice() {
  const access = useAccess();
  const [districts, setDistricts] = useState<AreaTreeNode[]>([]);
  const [districtId, setDistrictId] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!access.platform) return;
    call(areaApi.tree, { query: { depth: 1 } })
      .then((r) => {
        setDistricts(r.data);
        setDistrictId((d) => d ?? r.data[0]?.id);
      })
      .catch((e: unknown) => {
        setDistricts([]);
        setError(explain(e));
      });
  }, [access.platform]);
  return { districts, districtId, setDistrictId, error };
}

/** A record a district keeps a list of: presets plus its own, switched off rather than removed. */
export interface DistrictOwned extends ListRecord {
  enabled: boolean;
}

/** Keys of T whose values are booleans. */
type FlagKey<T> = { [K in keyof T]: T[K] extends boolean ? K : never }[keyof T] & string;

export interface DistrictListPageProps<T extends DistrictOwned>
  extends Omit<ListPageProps<T>, 'id' | 'baseQuery' | 'createFixed' | 'toolbar'> {
  /** Column settings are remembered under it, and the export is this list's. */
  id: ExcelEntity | ListExportName;
  /** Accessible name of the platform admin's district picker. */
  districtLabel: string;
  /** The flag telling the presets from the district's own records, shown as the last column. */
  origin: { key: FlagKey<T>; title: string; preset: string; own: string; width: number };
}

/**
 * A district's own list (dictionary items, appointment kinds…): the page's fields followed by
 * sort order, 启用/停用 and where the record comes from; disabled records listed too, the
 * platform admin's district picker and 导出 beside 新建, and new records created in that district.
 */
export function DistrictListPage<T extends DistrictOwned>({
  id,
  districtLabel,
  origin,
  fields,
  ...rest
}: DistrictListPageProps<T>) {
  const { t } = useLocale();
  const access = useAccess();
  const { districts, districtId, setDistrictId } = useDistrictChoice();

  const all: Field<T>[] = [
    ...fields,
    { key: 'sort', title: t('f.sort'), input: { kind: 'number', min: 0 }, column: { width: 80 } },
    {
      key: 'enabled',
      title: t('f.status'),
      render: (r) => (r.enabled ? <Tag color="green">{t('f.enabled')}</Tag> : <Tag>{t('f.disabled')}</Tag>),
      input: { kind: 'switch' },
      column: { width: 90 },
    },
    {
      key: origin.key,
      title: origin.title,
      render: (r) => (r[origin.key] ? <Tag color="blue">{origin.preset}</Tag> : <Tag>{origin.own}</Tag>),
      column: { width: origin.width },
    },
  ];

  if (access.platform && districtId === undefined) return <Card loading />;
  return (
    <ListPage<T>
      {...rest}
      // A new district is a new list: paging, filters and the open record start afresh.
      key={districtId ?? 'own'}
      id={id}
      fields={all}
      baseQuery={{ districtId, includeDisabled: 'true', pageSize: 50 }}
      createFixed={districtId ? { districtId } : {}}
      toolbar={(list) => (
        <>
          {access.platform ? (
            <Select
              value={districtId}
              onChange={setDistrictId}
              options={districts.map((d) => ({ value: d.id, label: d.name }))}
              style={{ minWidth: 160 }}
              aria-label={districtLabel}
            />
          ) : null}
          <ExportButton list={id} filters={list.filters} />
        </>
      )}
    />
  );
}
