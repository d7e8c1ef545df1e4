import type { AnyEndpoint, ParsedBodyOf, ParsedParamsOf, ParsedQueryOf, ReplyOf } from '@gongjian/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.ts';

/** The request a contract's handler gets: params, query and body as its schemas parsed them. */
export type ContractRequest<C extends AnyEndpoint> = FastifyRequest<{
  Params: ParsedParamsOf<C>;
  Querystring: ParsedQueryOf<C>;
  Body: ParsedBodyOf<C>;
}>;

/**
 * A contract's handler: returns the success body (checked against the contract's response schema
 * by the type, and by the serializer at run time). The reply is there for what is not the body —
 * a cookie, or a status of `otherResponses` (the health check's 503).
 */
export type ContractHandler<C extends AnyEndpoint> = (
  req: ContractRequest<C>,
  reply: FastifyReply,
) => Promise<ReplyOf<C>>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract the route was registered from (`route`): the contracts test reads it. */
    contract?: AnyEndpoint;
  }
}

/**
 * Register a contract's route: its method and path, the zod schemas of its params, query, body and
 * responses, its success status, and its OpenAPI summary, description and tags. The error responses
 * are documented for every operation alike by `openapiTransform` (http/openapi.ts), from the method
 * and whether the contract is public.
 */
export function route<C extends AnyEndpoint>(app: App, contract: C, handler: ContractHandler<C>): void {
  const status = contract.status ?? 200;
  const schema: Record<string, unknown> = {
    response: { [status]: contract.response, ...contract.otherResponses },
  };
  if (contract.tags) schema.tags = [...contract.tags];
  if (contract.summary) schema.summary = contract.summary;
  if (contract.description) schema.description = contract.description;
  if (contract.params) schema.params = contract.params;
  if (contract.query) schema.querystring = contract.query;
  if (contract.body) schema.body = contract.body;
  app.route({
    method: contract.method,
    url: contract.path,
    schema,
    config: contract.public ? { contract, public: true } : { contract },
    // The contract's status first: the handler may still set another it declares (503), and an
    // error thrown is answered by the error handler with its own.
    handler: async (req, reply) => {
      reply.status(status);
      return handler(req as unknown as ContractRequest<C>, reply);
    },
  });
}
