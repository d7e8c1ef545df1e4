import { type AccountExportQuery, ROLE_LABELS } from '@gongjian/common';
import type { AccountRow } from '#server/modules/registry/accounts/queries.ts';
import { searchAccounts } from '#server/modules/registry/accounts/service.ts';
import { enabledText, labelOf, timeText, words } from './format.ts';
import { ACCOUNT_ROLE_WORD } from './ledger.ts';
import type { ListExport } from './run.ts';

/** 账号: the accounts `GET /api/accounts` lists (never a password hash: the list has none). */
export const accountExport: ListExport<AccountExportQuery, AccountRow> = {
  title: words('账号', 'Accounts'),
  ledger: words('账号台账', 'Account ledger'),
  filterWords: { role: ACCOUNT_ROLE_WORD },
  columns: [
    { header: words('用户名', 'Username'), width: 24, value: (r) => r.username },
    { header: words('姓名', 'Display name'), width: 18, value: (r) => r.displayName },
    { header: words('角色', 'Role'), width: 14, value: (r, c) => labelOf(ROLE_LABELS, r.role, c.locale) },
    { header: words('所属区域', 'Area'), width: 18, value: (r) => r.areaName },
    { header: words('状态', 'Status'), width: 8, value: (r, c) => enabledText(!r.disabled, c.locale) },
    { header: words('最近登录', 'Last sign-in'), width: 18, value: (r) => timeText(r.lastLoginAt) },
    { header: words('创建时间', 'Created'), width: 18, value: (r) => timeText(r.createdAt) },
  ],
  pages: (ctx, q) => async (page, pageSize) => {
    const { data, total } = await searchAccounts(ctx, { ...q, page, pageSize });
    return { rows: data, total };
  },
};
