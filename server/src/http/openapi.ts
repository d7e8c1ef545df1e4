import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import * as common from '@gongjian/common';
import { EVIDENCE_CONTENT_TYPES, XLSX_MIME } from '@gongjian/common';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The OpenAPI document's named components: every object (or tree) schema `@gongjian/common` exports, named
 * after its export (`memberSchema` → `Member`, `memberCreate` → `MemberCreateInput` where it is
 * read as input), so a client generator gets one type per record instead of 143 anonymous ones.
 * Query and path schemas stay inline: OpenAPI describes them as parameters, one by one.
 */
export const openapiRegistry = z.registry<{ id: string }>();

const componentName = (exportName: string) => {
  const base = exportName.replace(/Schema$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
};
for (const [name, value] of Object.entries(common)) {
  // Recursive schemas (the area and org trees) too: a component is how a tree refers to itself.
  const named = value instanceof z.ZodObject || value instanceof z.ZodLazy;
  if (!named || /(Query|Params)$/.test(name)) continue;
  if (openapiRegistry.has(value)) continue; // one schema exported under two names keeps the first
  openapiRegistry.add(value, { id: name === 'errorBody' ? 'Error' : componentName(name) });
}

type Responses = Record<string, Record<string, unknown>>;
type SwaggerTransform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type SwaggerTransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/** What each error status means here; the body is always the one error shape. */
const ERRORS: Record<string, string> = {
  400: 'Bad input: `details` names each field (`path`, `code`, `message`, `in`: body, querystring or params), unknown fields included',
  401: 'Not signed in (no valid session cookie or bearer token), or wrong credentials',
  403: 'Signed in but not allowed (role, scope of writes, or the CSRF header missing on a cookie write)',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state or other records (`code` says which: ILLEGAL_TRANSITION, DUPLICATE, …)',
  413: 'Body or file too large',
  415: 'Body of a type this operation does not take',
  429: 'Too many attempts; `Retry-After` says when to try again',
  500: 'Internal error',
};

const SUCCESS: Record<string, string> = {
  200: 'OK',
  201: 'Created',
  503: 'Degraded: the database is unreachable',
};

/** Operations that answer 429: where sign-in attempts are throttled. */
const THROTTLED = new Set(['/api/auth/login', '/api/auth/password']);

/**
 * A response schema with its description. @fastify/swagger reads it from `description` beside a
 * `$ref` (whose other siblings it drops) and from `x-response-description` on an inline schema,
 * where a plain `description` would also land inside the schema.
 */
const described = (r: Record<string, unknown>, text: string) =>
  '$ref' in r ? { description: text, ...r } : { 'x-response-description': text, ...r };

const binary = (types: readonly string[]) => ({
  'x-response-description': 'The file',
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});

const UPLOAD_FORM = {
  type: 'object',
  properties: { file: { type: 'string', format: 'binary', description: 'The file (repeat for several)' } },
  required: ['file'],
};

/** The error statuses an operation can answer, by what it is: public or not, read or write, with a body. */
function errorStatuses(url: string, methods: string[], isPublic: boolean, multipart: boolean) {
  const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  const statuses = ['400'];
  if (!isPublic || url === '/api/auth/login') statuses.push('401');
  if (!isPublic) statuses.push('403', '404');
  if (writes && !isPublic) statuses.push('409');
  if (writes || multipart) statuses.push('413', '415');
  if (THROTTLED.has(url)) statuses.push('429');
  statuses.push('500');
  return statuses;
}

const zodTransform = createJsonSchemaTransform({ schemaRegistry: openapiRegistry });

/**
 * Route schemas to OpenAPI: zod to JSON Schema (fastify-type-provider-zod), then what zod cannot
 * say — every error status the operation can answer with the error shape, a description per
 * response (Fastify's default reads "Default Response"), and the files that downloads send.
 */
export const openapiTransform: SwaggerTransform = (input) => {
  const out = zodTransform(input as Parameters<typeof zodTransform>[0]) as {
    schema: Record<string, unknown> & { response?: Responses; hide?: boolean; consumes?: string[] };
    url: string;
  };
  const { schema, url } = out;
  if (!schema || schema.hide) return out;
  const route = (input as { route?: { method: string | string[]; config?: { public?: boolean } } }).route;
  const methods = [route?.method ?? 'GET'].flat();
  const response: Responses = { ...(schema.response ?? {}) };
  for (const [status, r] of Object.entries(response))
    response[status] = described(r, SUCCESS[status] ?? 'OK');
  if (!Object.keys(response).some((s) => s.startsWith('2'))) {
    // The downloads: workbooks from /excel, evidence files as stored (sniffed on upload).
    response['200'] = url.startsWith('/api/excel/')
      ? binary([XLSX_MIME])
      : binary([...EVIDENCE_CONTENT_TYPES, 'application/octet-stream']);
  }
  const multipart = !!schema.consumes?.includes('multipart/form-data');
  // Uploads read their parts themselves, so no zod schema says what the form holds.
  const body = multipart && !schema.body ? { body: UPLOAD_FORM } : {};
  for (const status of errorStatuses(url, methods, !!route?.config?.public, multipart))
    response[status] ??= described(ERROR_REF, ERRORS[status] as string);
  // Public operations (sign-in, health) need neither the session cookie nor a bearer token.
  const security = route?.config?.public ? { security: [] } : {};
  return { ...out, schema: { ...schema, ...body, ...security, response } };
};

// The components in the document's own dialect (OpenAPI 3.0: `nullable`, not `type: [.., 'null']`),
// as the operations' inline schemas already are.
const zodTransformObject = createJsonSchemaTransformObject({
  schemaRegistry: openapiRegistry,
  zodToJsonConfig: { target: 'openapi-3.0' },
});

/** Every `$ref` target under a value. */
function refsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.add(v.replace('#/components/schemas/', ''));
      else refsIn(v, found);
    }
  return found;
}

/**
 * The named components, both the input and output reading of each registered schema, kept only
 * where an operation (or a kept component) refers to them.
 */
export const openapiTransformObject: SwaggerTransformObject = (input) => {
  const doc = zodTransformObject(input as Parameters<typeof zodTransformObject>[0]) as {
    paths: unknown;
    components: { schemas: Record<string, unknown> } & Record<string, unknown>;
  };
  const all = doc.components.schemas;
  const keep = new Set<string>();
  const queue = [...refsIn(doc.paths)];
  while (queue.length) {
    const name = queue.pop() as string;
    if (keep.has(name) || !(name in all)) continue;
    keep.add(name);
    queue.push(...refsIn(all[name]));
  }
  const schemas = Object.fromEntries(
    Object.entries(all)
      .filter(([name]) => keep.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { ...doc, components: { ...doc.components, schemas } } as ReturnType<SwaggerTransformObject>;
};
