import { unitListQuery } from '@gongjian/common';
import { drillTo, type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { units } from '#server/db/schema/index.ts';
import { dictLabels } from '#server/modules/registry/dictionaries/queries.ts';
import { canUseUnits } from './policy.ts';
import { countUnitsBy } from './queries.ts';
import { unitFilterOf } from './service.ts';

const UNITS: FigureList = { path: '/units', api: '/api/units' };

/** The unit list's place filters. */
const unitFigureQuery = unitListQuery.pick({ within: true, areaId: true });

export const unitFigures = [
  figure({
    code: 'units.count',
    title: { 'zh-CN': '驻区单位', en: 'Resident units' },
    query: unitFigureQuery,
    list: UNITS,
    readableBy: canUseUnits,
    async compute(ctx, q) {
      const [row] = await countUnitsBy(ctx.db, await unitFilterOf(ctx, q));
      return totalRow(UNITS, q, row?.n ?? 0);
    },
  }),
  figure({
    code: 'units.byType',
    title: { 'zh-CN': '驻区单位类型', en: 'Units by type' },
    query: unitFigureQuery,
    list: UNITS,
    readableBy: canUseUnits,
    async compute(ctx, q) {
      const rows = await countUnitsBy(ctx.db, await unitFilterOf(ctx, q), units.type);
      // Unit types are a district's extensible dictionary: its labels, in its order.
      const labels = await dictLabels(
        ctx.db,
        ctx.actor.districtId,
        'unit_type',
        rows.map((r) => r.key),
      );
      const order = [...labels.keys()];
      const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
      return rows
        .sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key))
        .map((r) => ({
          key: r.key,
          // A code the district does not name (another district's, for the platform admin) shows as itself.
          label: labels.get(r.key) ?? { 'zh-CN': r.key, en: r.key },
          value: r.n,
          drill: drillTo(UNITS, { ...q, type: r.key }),
        }));
    },
  }),
];
