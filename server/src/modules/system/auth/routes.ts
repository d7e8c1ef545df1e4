import { authApi, pickLocale } from '@gongjian/common';
import { SESSION_COOKIE } from '#server/http/auth.ts';
import { route } from '#server/http/route.ts';
import type { RoutesPlugin } from '#server/http/types.ts';
import { createToken, describeMe, listTokens, login, logout, revokeToken } from './service.ts';

/** `/api/auth` (contracts in common/src/system/auth.ts). */
export const authRoutes: RoutesPlugin = (app, { db, config }) => {
  route(app, authApi.login, async (req, reply) => {
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
  });

  route(app, authApi.logout, async (req, reply) => {
    await logout(req.ctx(), req.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  route(app, authApi.me, async (req) => {
    const ctx = req.ctx();
    return describeMe(db, ctx.actor, req.csrfToken, ctx.locale);
  });

  route(app, authApi.tokens, async (req) => ({ data: await listTokens(req.ctx()) }));
  route(app, authApi.createToken, async (req) => createToken(req.ctx(), req.body));
  route(app, authApi.revokeToken, async (req) => {
    await revokeToken(req.ctx(), req.params.id);
    return { ok: true as const };
  });
};
