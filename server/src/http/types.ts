import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '#server/config.ts';
import type { Db } from '#server/db/client.ts';

/** The Fastify instance with zod typing: route handlers see parsed, typed input. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface Deps {
  db: Db;
  config: Config;
}

/** A module's routes: registered under `/api` by `app.ts`. */
export type RoutesPlugin = (app: App, deps: Deps) => Promise<void> | void;
