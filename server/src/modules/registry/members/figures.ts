import { memberListQuery, SYSTEM_DICTIONARIES } from '@gongjian/common';
import { drillTo, type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { members } from '#server/db/schema/index.ts';
import { canListMembers } from './policy.ts';
import { countMembersBy } from './queries.ts';
import { memberFilterOf } from './service.ts';

const MEMBERS: FigureList = { path: '/members', api: '/api/members' };

/** The member list's place and employer filters: what a home page or a screen narrows a count by. */
const memberFigureQuery = memberListQuery.pick({ within: true, areaId: true, unitId: true, orgId: true });

/** The seven management categories are a closed list, so their built-in order and labels are all of them. */
const CATEGORY_ORDER = SYSTEM_DICTIONARIES.member_category.items.map(([code]) => code);
const CATEGORY_LABELS = new Map(
  SYSTEM_DICTIONARIES.member_category.items.map(([code, zh, en]) => [code, { 'zh-CN': zh, en }]),
);

export const memberFigures = [
  figure({
    code: 'members.count',
    title: { 'zh-CN': '党员', en: 'Party members' },
    query: memberFigureQuery,
    list: MEMBERS,
    readableBy: canListMembers,
    async compute(ctx, q) {
      const [row] = await countMembersBy(ctx.db, await memberFilterOf(ctx, q));
      return totalRow(MEMBERS, q, row?.n ?? 0);
    },
  }),
  figure({
    code: 'members.byCategory',
    title: { 'zh-CN': '党员七类分布', en: 'Members by category' },
    query: memberFigureQuery,
    list: MEMBERS,
    readableBy: canListMembers,
    async compute(ctx, q) {
      const rows = await countMembersBy(ctx.db, await memberFilterOf(ctx, q), members.category);
      return rows
        .sort((a, b) => CATEGORY_ORDER.indexOf(a.key) - CATEGORY_ORDER.indexOf(b.key))
        .map((r) => ({
          key: r.key,
          label: CATEGORY_LABELS.get(r.key) ?? { 'zh-CN': r.key, en: r.key },
          value: r.n,
          drill: drillTo(MEMBERS, { ...q, category: r.key }),
        }));
    },
  }),
];
