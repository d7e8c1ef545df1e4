import { DICT_TYPE_LABELS, type DictExportQuery } from '@gongjian/common';
import type { DictItemRow } from '#server/modules/registry/dictionaries/queries.ts';
import { searchDictItems } from '#server/modules/registry/dictionaries/service.ts';
import { enabledText, labelOf, words } from './format.ts';
import type { ListExport } from './run.ts';

/** 字典: the items `GET /api/dictionaries` lists for the caller's (or the named) district. */
export const dictExport: ListExport<DictExportQuery, DictItemRow> = {
  title: words('字典', 'Dictionaries'),
  ledger: words('字典台账', 'Dictionary ledger'),
  filterWords: { type: { label: words('字典类型', 'Type'), value: (v) => v } },
  columns: [
    {
      header: words('字典类型', 'Type'),
      width: 14,
      value: (r, c) => labelOf(DICT_TYPE_LABELS, r.type, c.locale),
    },
    { header: words('编码', 'Code'), width: 20, value: (r) => r.code },
    { header: words('中文名称', 'Chinese label'), width: 20, value: (r) => r.labelZh },
    { header: words('英文名称', 'English label'), width: 24, value: (r) => r.labelEn },
    { header: words('排序', 'Order'), width: 8, value: (r) => r.sort },
    { header: words('状态', 'Status'), width: 8, value: (r, c) => enabledText(r.enabled, c.locale) },
    {
      header: words('来源', 'Source'),
      width: 10,
      value: (r, c) =>
        c.locale === 'en' ? (r.system ? 'Built-in' : 'Custom') : r.system ? '系统内置' : '自定义',
    },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchDictItems(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
