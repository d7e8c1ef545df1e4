import {
  idParams,
  loginBody,
  meSchema,
  okBody,
  pickLocale,
  tokenCreate,
  tokenCreated,
  tokenSchema,
} from '@gongjian/common';
import { z } from 'zod';
import { SESSION_COOKIE } from '#server/http/auth.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { createToken, describeMe, listTokens, login, logout, revokeToken } from './service.ts';

const tags = ['auth'];

export const authRoutes: RoutesPlugin = (app, { db, config }) => {
  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: { tags, summary: 'Sign in', body: loginBody, response: { 200: meSchema } },
    },
    async (req, reply) => {
      const { token, csrfToken, actor } = await login(db, config, {
        ...req.body,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: String(req.id),
        previousToken: req.cookies[SESSION_COOKIE],
      });
      const secure =
        config.COOKIE_SECURE === 'auto' ? req.protocol === 'https' : config.COOKIE_SECURE === 'true';
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: config.SESSION_TTL_HOURS * 3600,
      });
      return describeMe(db, actor, csrfToken, pickLocale(req.headers['accept-language']));
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'Sign out', response: { 200: okBody } } },
    async (req, reply) => {
      await logout(req.ctx(), req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags, summary: 'The signed-in account', response: { 200: meSchema } } },
    async (req) => {
      const ctx = req.ctx();
      return describeMe(db, ctx.actor, req.csrfToken, ctx.locale);
    },
  );

  app.get(
    '/auth/tokens',
    {
      schema: { tags, summary: 'My API tokens', response: { 200: z.object({ data: z.array(tokenSchema) }) } },
    },
    async (req) => ({ data: await listTokens(req.ctx()) }),
  );
  app.post(
    '/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Issue an API token (shown once)',
        description:
          'Only from a signed-in session (cookie): a bearer token cannot issue tokens (403), so revoking a token ends everything it can do.',
        body: tokenCreate,
        response: { 201: tokenCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(req.ctx(), req.body)),
  );
  app.delete(
    '/auth/tokens/:id',
    { schema: { tags, summary: 'Revoke an API token', params: idParams, response: { 200: okBody } } },
    async (req) => {
      await revokeToken(req.ctx(), req.params.id);
      return { ok: true as const };
    },
  );
};
