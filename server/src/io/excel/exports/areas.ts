import { AREA_LEVEL_LABELS, type AreaExportQuery } from '@gongjian/common';
import type { AreaRowWithCount } from '#server/modules/registry/areas/queries.ts';
import { searchAreas } from '#server/modules/registry/areas/service.ts';
import { AreaNames, labelOf, timeText, words } from './format.ts';
import type { ListExport } from './run.ts';

type Row = AreaRowWithCount & { place: string };

/** 行政区划: the nodes `GET /api/areas` lists, each with the names of the nodes above it. */
export const areaExport: ListExport<AreaExportQuery, Row> = {
  title: words('行政区划', 'Areas'),
  ledger: words('行政区划台账', 'Area ledger'),
  columns: [
    { header: words('名称', 'Name'), width: 24, value: (r) => r.name },
    { header: words('编码', 'Code'), width: 22, value: (r) => r.code },
    {
      header: words('层级', 'Level'),
      width: 10,
      value: (r, c) => labelOf(AREA_LEVEL_LABELS, r.level, c.locale),
    },
    { header: words('上级区划', 'Located in'), width: 36, value: (r) => r.place || null },
    { header: words('下级节点数', 'Children'), width: 10, value: (r) => r.childCount },
    { header: words('排序', 'Order'), width: 8, value: (r) => r.sort },
    { header: words('备注', 'Note'), width: 24, value: (r) => r.note },
    { header: words('更新时间', 'Updated'), width: 18, value: (r) => timeText(r.updatedAt) },
  ],
  pages(ctx, q) {
    const names = new AreaNames(ctx.db);
    return async (page, pageSize) => {
      const { data, total } = await searchAreas(ctx, { ...q, page, pageSize });
      await names.load(data.map((r) => r.path));
      return { rows: data.map((r) => ({ ...r, place: names.ancestry(r.path) })), total };
    };
  },
};
