import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { pickLocale, t } from '@gongjian/common';
import Fastify, { type FastifyReply } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { openapiTransform, openapiTransformObject } from './http/openapi.ts';
import { registerSecurityHeaders, requestIdOf } from './http/security.ts';
import { registerStatic } from './http/static.ts';
import type { App } from './http/types.ts';
import { registerUploads } from './http/uploads.ts';
import { parseQueryString, registerStrictRequests, zodValidatorCompiler } from './http/validation.ts';
import { moduleRoutes } from './modules/index.ts';

/** Build the HTTP app on an open database. No listening, no process wiring: tests use it too. */
/** `now`: a fixed clock for every request's `ctx.now` (tests of period edges); absent, the system clock. */
export async function buildApp(db: Db, config: Config, options: { now?: () => Date } = {}): Promise<App> {
  const app = Fastify({
    logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 20 * 1024 * 1024,
    // Request ids go into audit events; a client's or proxy's X-Request-Id is kept when it is safe.
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { querystringParser: parseQueryString },
    // A URL the router cannot read (bad percent-encoding, a 100-digit id) is a 400 in the one error shape.
    frameworkErrors: (_err, req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      (reply as FastifyReply)
        .status(400)
        .send({ error: { code: 'BAD_REQUEST', message: t('e.badUrl', locale) } });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  registerStrictRequests(app);
  registerUploads(app, config);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Gongjian 共建 API', version: '0.1.0', description: '党建引领基层治理平台接口' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gj_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: openapiTransform,
    transformObject: openapiTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  registerAuth(app, db, config, options.now);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      for (const routes of moduleRoutes) await routes(typed, { db, config });
    },
    { prefix: '/api' },
  );
  registerStatic(app);
  return app;
}
