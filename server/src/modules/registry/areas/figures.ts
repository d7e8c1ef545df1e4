import { AREA_LEVEL_LABELS, AREA_LEVELS, areaListQuery } from '@gongjian/common';
import { drillTo, type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { areas } from '#server/db/schema/index.ts';
import { isAreaAdmin } from '#server/policies/actor.ts';
import { countAreasBy } from './queries.ts';
import { areaFilterOf } from './service.ts';

const AREAS: FigureList = { path: '/areas', api: '/api/areas' };

/** Nodes of a subtree; the tree's other filters (parent, level) are what the figures group by. */
const areaFigureQuery = areaListQuery.pick({ within: true });

/**
 * The administrative tree is read by the area admins, who administer a subtree of it (the
 * desk's 行政区划 page is theirs; unit admins have no page over it).
 */
export const areaFigures = [
  figure({
    code: 'areas.count',
    title: { 'zh-CN': '下辖区划节点', en: 'Tree nodes in scope' },
    query: areaFigureQuery,
    list: AREAS,
    readableBy: isAreaAdmin,
    async compute(ctx, q) {
      const [row] = await countAreasBy(ctx.db, await areaFilterOf(ctx, q));
      return totalRow(AREAS, q, row?.n ?? 0);
    },
  }),
  figure({
    code: 'areas.byLevel',
    title: { 'zh-CN': '区划节点分布', en: 'Tree nodes by level' },
    query: areaFigureQuery,
    list: AREAS,
    readableBy: isAreaAdmin,
    async compute(ctx, q) {
      const rows = await countAreasBy(ctx.db, await areaFilterOf(ctx, q), areas.level);
      const level = (k: string) => AREA_LEVELS.indexOf(k as (typeof AREA_LEVELS)[number]);
      return rows
        .sort((a, b) => level(a.key) - level(b.key))
        .map((r) => ({
          key: r.key,
          label: AREA_LEVEL_LABELS[r.key as (typeof AREA_LEVELS)[number]],
          value: r.n,
          drill: drillTo(AREAS, { ...q, level: r.key }),
        }));
    },
  }),
];
