import type { z } from 'zod';

/**
 * Endpoint contracts: each endpoint's method, path, schemas and status written once, here in
 * common, and read by both sides — the server registers its route from it
 * (`route(app, memberApi.create, handler)`, server/src/http/route.ts) and the web calls it
 * (`call(memberApi.create, { body })`, web/src/api/call.ts) — so a path, a status or a body
 * shape cannot drift between the two, and the web's types are the server's schemas.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A success status an endpoint answers with. */
export type SuccessStatus = 200 | 201 | 204;

export interface EndpointSpec {
  /** Path parameters (`:id`); coerced from text, so `z.coerce.number()`. */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success body. */
  response: z.ZodType;
  /** The success status; 200 unless said. */
  status?: SuccessStatus;
  /**
   * Other statuses that answer a body of their own rather than the error shape (the health
   * check's 503: its report with the database down). Error statuses are not listed: every
   * operation documents them from what it is (server/src/http/openapi.ts).
   */
  otherResponses?: Readonly<Record<number, z.ZodType>>;
  /** OpenAPI summary (one line) and description. */
  summary?: string;
  description?: string;
  /** OpenAPI tags: the module the endpoint belongs to. */
  tags?: readonly string[];
  /** Open without signing in (sign-in, health); every other endpoint needs a session or token. */
  public?: boolean;
}

export type Endpoint<
  M extends Method = Method,
  P extends string = string,
  S extends EndpointSpec = EndpointSpec,
> = {
  readonly method: M;
  readonly path: P;
} & Readonly<S>;

/** Any contract, whatever its schemas. */
export type AnyEndpoint = Endpoint<Method, string, EndpointSpec>;

/** One endpoint's contract: `endpoint('GET', '/members/:id', { params: idParams, response: memberSchema })`. */
export function endpoint<const M extends Method, const P extends string, const S extends EndpointSpec>(
  method: M,
  path: P,
  spec: S,
): Endpoint<M, P, S> {
  return { method, path, ...spec } as Endpoint<M, P, S>;
}

type Part<C, K extends 'params' | 'query' | 'body'> = C extends { [k in K]: infer T extends z.ZodType }
  ? T
  : undefined;

/** What a caller sends (schema input: before defaults and coercion). */
export type ParamsOf<C> = Part<C, 'params'> extends z.ZodType ? z.input<Part<C, 'params'>> : undefined;
export type QueryOf<C> = Part<C, 'query'> extends z.ZodType ? z.input<Part<C, 'query'>> : undefined;
export type BodyOf<C> = Part<C, 'body'> extends z.ZodType ? z.input<Part<C, 'body'>> : undefined;
/** What a caller reads back on success (schema output: what the server serialised). */
export type ResponseOf<C> = C extends { response: infer R extends z.ZodType } ? z.output<R> : never;

/** What the handler sees, parsed (schema output), and what it returns (schema input). */
export type ParsedParamsOf<C> = Part<C, 'params'> extends z.ZodType ? z.output<Part<C, 'params'>> : unknown;
export type ParsedQueryOf<C> = Part<C, 'query'> extends z.ZodType ? z.output<Part<C, 'query'>> : unknown;
export type ParsedBodyOf<C> = Part<C, 'body'> extends z.ZodType ? z.output<Part<C, 'body'>> : unknown;
export type ReplyOf<C> = C extends { response: infer R extends z.ZodType } ? z.input<R> : never;

type Has<C, K extends string> = C extends { [k in K]: z.ZodType } ? true : false;

/**
 * What a call sends: `params` when the path has some, `body` when the endpoint takes one, `query`
 * always optional (cleared filters are left out).
 */
export type CallInput<C> = (Has<C, 'params'> extends true
  ? { params: ParamsOf<C> }
  : { params?: undefined }) &
  (Has<C, 'query'> extends true ? { query?: QueryOf<C> } : { query?: undefined }) &
  (Has<C, 'body'> extends true ? { body: BodyOf<C> } : { body?: undefined });

/** A caller's arguments after the contract: the input, which may be left out when nothing is required. */
export type CallArgs<C> =
  Has<C, 'params'> extends true
    ? [input: CallInput<C>]
    : Has<C, 'body'> extends true
      ? [input: CallInput<C>]
      : [input?: CallInput<C>];

/**
 * A path with its parameters filled in: `/orgs/:orgId/seats/:seatId` and `{ orgId: 3, seatId: 9 }`
 * give `/orgs/3/seats/9`. A parameter left out is an error, not a literal `:seatId` sent.
 */
export function fillPath(path: string, params: Readonly<Record<string, unknown>> | undefined): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(String(value));
  });
}
