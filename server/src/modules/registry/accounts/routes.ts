import { accountApi } from '@gongjian/common';
import { SESSION_COOKIE, sha256 } from '#server/http/auth.ts';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { presentAccount } from './presenter.ts';
import {
  changeOwnPassword,
  createAccount,
  deleteAccount,
  getVisibleAccount,
  searchAccounts,
  updateAccount,
} from './service.ts';

/** `/api/accounts` and `/api/auth/password` (contracts in common/src/registry/accounts.ts). */
export const accountRoutes: RoutesPlugin = (app, { config }) => {
  route(app, accountApi.list, async (req) => {
    const ctx = req.ctx();
    const { data, total } = await searchAccounts(ctx, req.query);
    return { data: data.map((r) => presentAccount(r, ctx.actor)), total };
  });
  route(app, accountApi.get, async (req) => {
    const ctx = req.ctx();
    return presentAccount(await getVisibleAccount(ctx, req.params.id), ctx.actor);
  });
  route(app, accountApi.create, async (req) => {
    const ctx = req.ctx();
    return presentAccount(await createAccount(ctx, req.body), ctx.actor);
  });
  route(app, accountApi.update, async (req) => {
    const ctx = req.ctx();
    return presentAccount(await updateAccount(ctx, req.params.id, req.body), ctx.actor);
  });
  route(app, accountApi.remove, async (req) => {
    await deleteAccount(req.ctx(), req.params.id);
    return { ok: true as const };
  });
  route(app, accountApi.changePassword, async (req) => {
    const cookie = req.cookies[SESSION_COOKIE];
    await changeOwnPassword(
      req.ctx(),
      config,
      req.body.currentPassword,
      req.body.newPassword,
      cookie ? sha256(cookie) : null,
    );
    return { ok: true as const };
  });
};
