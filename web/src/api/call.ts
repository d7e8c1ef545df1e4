import { type AnyEndpoint, type CallArgs, fillPath, type ResponseOf } from '@gongjian/common';
import type { z } from 'zod';
import { type QueryValue, queryString, request } from './client.ts';

/**
 * Call an endpoint by its contract (common/src/contract.ts): the path parameters filled in, the
 * query serialised as every list call does, the body sent as JSON, and the answer typed by the
 * contract's response schema. CSRF, language and errors are the one client's (`client.ts`).
 */
export function call<C extends AnyEndpoint>(contract: C, ...[input]: CallArgs<C>): Promise<ResponseOf<C>> {
  return send(contract, (input ?? {}) as SendInput) as Promise<ResponseOf<C>>;
}

/** What `send` takes: the parts of a call, untyped. */
export interface SendInput {
  params?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
}

/**
 * `call` for components that work with any contract of a kind (ListPage, RemoteSelect): the same
 * request, typed by the caller. Pages call `call`.
 */
export function send(contract: AnyEndpoint, { params, query, body }: SendInput): Promise<unknown> {
  const path = `${fillPath(contract.path, params)}${query ? queryString(query) : ''}`;
  // Writes always carry a JSON body (an empty one when the endpoint takes none), as `api.post` did;
  // reads and deletes none.
  const sendsBody = contract.method !== 'GET' && contract.method !== 'DELETE';
  return request<unknown>(contract.method, path, sendsBody ? (body ?? {}) : undefined);
}

/** A list endpoint's contract: a GET that answers `{ data, total }`. */
export type ListContract<T = unknown> = AnyEndpoint & {
  method: 'GET';
  response: z.ZodType<{ data: T[]; total: number }>;
};
