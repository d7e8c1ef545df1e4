import { residentListQuery } from '@gongjian/common';
import { type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { canManageResidents } from './policy.ts';
import { countResidents } from './queries.ts';
import { residentFilterOf } from './service.ts';

const RESIDENTS: FigureList = { path: '/residents', api: '/api/residents' };

export const residentFigures = [
  figure({
    code: 'residents.count',
    title: { 'zh-CN': '居民', en: 'Residents' },
    query: residentListQuery.pick({ within: true, areaId: true, unitId: true }),
    list: RESIDENTS,
    readableBy: canManageResidents,
    async compute(ctx, q) {
      const [row] = await countResidents(ctx.db, await residentFilterOf(ctx, q));
      return totalRow(RESIDENTS, q, row?.n ?? 0);
    },
  }),
];
