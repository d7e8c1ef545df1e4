import { ORG_TYPE_LABELS, type OrgExportQuery } from '@gongjian/common';
import type { OrgRow } from '#server/modules/registry/orgs/queries.ts';
import { searchOrgs } from '#server/modules/registry/orgs/service.ts';
import { labelOf, words } from './format.ts';
import { ORG_TYPE_WORD } from './ledger.ts';
import type { ListExport } from './run.ts';

/** 党组织: the organisations `GET /api/orgs` lists. */
export const orgExport: ListExport<OrgExportQuery, OrgRow> = {
  title: words('党组织', 'Party organisations'),
  ledger: words('党组织台账', 'Party organisation ledger'),
  filterWords: { type: ORG_TYPE_WORD },
  columns: [
    { header: words('组织名称', 'Name'), width: 28, value: (r) => r.name },
    {
      header: words('组织类型', 'Type'),
      width: 16,
      value: (r, c) => labelOf(ORG_TYPE_LABELS, r.type, c.locale),
    },
    { header: words('编码', 'Code'), width: 16, value: (r) => r.code },
    { header: words('所属区域', 'Area'), width: 18, value: (r) => r.areaName },
    { header: words('上级组织', 'Parent organisation'), width: 24, value: (r) => r.parentName },
    { header: words('所属单位', 'Unit'), width: 24, value: (r) => r.unitName },
    { header: words('书记', 'Secretary'), width: 12, value: (r) => r.secretaryName },
    { header: words('党员数', 'Members'), width: 8, value: (r) => r.memberCount },
    { header: words('下级组织数', 'Sub-organisations'), width: 10, value: (r) => r.childCount },
    { header: words('涉及单位数', 'Employers'), width: 10, value: (r) => r.employerCount },
    { header: words('成立日期', 'Founded'), width: 12, value: (r) => r.foundedOn },
    { header: words('备注', 'Note'), width: 24, value: (r) => r.note },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchOrgs(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
