import { accountListQuery } from '@gongjian/common';
import { type FigureList, figure, totalRow } from '#server/catalogue/figure.ts';
import { canListAccounts } from './policy.ts';
import { countAccounts } from './queries.ts';
import { accountFilterOf } from './service.ts';

const ACCOUNTS: FigureList = { path: '/accounts', api: '/api/accounts' };

export const accountFigures = [
  figure({
    code: 'accounts.count',
    title: { 'zh-CN': '账号', en: 'Accounts' },
    query: accountListQuery.pick({ role: true, areaId: true, disabled: true }),
    list: ACCOUNTS,
    readableBy: canListAccounts,
    async compute(ctx, q) {
      const [row] = await countAccounts(ctx.db, await accountFilterOf(ctx, q));
      return totalRow(ACCOUNTS, q, row?.n ?? 0);
    },
  }),
];
