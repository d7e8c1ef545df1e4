import {
  accountCreate,
  accountListQuery,
  accountSchema,
  accountUpdate,
  idParams,
  listResponse,
  okBody,
  passwordChange,
} from '@gongjian/common';
import { SESSION_COOKIE, sha256 } from '#server/http/auth.ts';
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

const tags = ['accounts'];

export const accountRoutes: RoutesPlugin = (app, { config }) => {
  app.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts in scope',
        querystring: accountListQuery,
        response: { 200: listResponse(accountSchema) },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      const { data, total } = await searchAccounts(ctx, req.query);
      return { data: data.map((r) => presentAccount(r, ctx.actor)), total };
    },
  );
  app.get(
    '/accounts/:id',
    { schema: { tags, summary: 'One account', params: idParams, response: { 200: accountSchema } } },
    async (req) => {
      const ctx = req.ctx();
      return presentAccount(await getVisibleAccount(ctx, req.params.id), ctx.actor);
    },
  );
  app.post(
    '/accounts',
    { schema: { tags, summary: 'Create an account', body: accountCreate, response: { 201: accountSchema } } },
    async (req, reply) => {
      const ctx = req.ctx();
      return reply.status(201).send(presentAccount(await createAccount(ctx, req.body), ctx.actor));
    },
  );
  app.patch(
    '/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reset password, enable or disable',
        params: idParams,
        body: accountUpdate,
        response: { 200: accountSchema },
      },
    },
    async (req) => {
      const ctx = req.ctx();
      return presentAccount(await updateAccount(ctx, req.params.id, req.body), ctx.actor);
    },
  );
  app.delete(
    '/accounts/:id',
    { schema: { tags, summary: 'Delete an account', params: idParams, response: { 200: okBody } } },
    async (req) => {
      await deleteAccount(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change my password',
        body: passwordChange,
        response: { 200: okBody },
      },
    },
    async (req) => {
      const cookie = req.cookies[SESSION_COOKIE];
      await changeOwnPassword(
        req.ctx(),
        config,
        req.body.currentPassword,
        req.body.newPassword,
        cookie ? sha256(cookie) : null,
      );
      return { ok: true as const };
    },
  );
};
