import { orgListQuery } from '@gongjian/common';
import { type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { canUseOrgs } from './policy.ts';
import { countOrgs } from './queries.ts';
import { orgFilterOf } from './service.ts';

const ORGS: FigureList = { path: '/orgs', api: '/api/orgs' };

export const orgFigures = [
  figure({
    code: 'orgs.count',
    title: { 'zh-CN': '党组织', en: 'Party organisations' },
    query: orgListQuery.pick({ within: true, areaId: true, type: true, unitId: true }),
    list: ORGS,
    readableBy: canUseOrgs,
    async compute(ctx, q) {
      const [row] = await countOrgs(ctx.db, await orgFilterOf(ctx, q));
      return totalRow(ORGS, q, row?.n ?? 0);
    },
  }),
];
