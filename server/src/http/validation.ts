import { INT4_MAX, type Locale, type MessageKey, t } from '@gongjian/common';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { AppError, type FieldIssue } from '#server/errors.ts';

/** Bounds of a PostgreSQL `integer`: every id and integer column but the audit trail's. */
const INT4_MIN = -2_147_483_648;

/** A problem found before the schema ran (characters no column can hold): a key, not prose. */
interface PreIssue {
  path: string;
  code: string;
  key: MessageKey;
}

/**
 * A request part that failed its zod schema. The schema and input are kept so the error handler
 * can re-run the parse with the caller's locale (zod builds messages at parse time); problems found
 * before parsing travel as `pre`.
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly schema: z.ZodType,
    readonly input: unknown,
    readonly part: string,
    readonly pre: readonly PreIssue[] = [],
  ) {
    super('request validation failed');
  }
}

type AnyDef = Record<string, unknown> & { type: string };
const defOf = (s: z.ZodType) => s._zod.def as unknown as AnyDef;
const rebuild = (s: z.ZodType, patch: Record<string, unknown>) =>
  s.clone(z.core.util.mergeDefs(s._zod.def, patch) as typeof s._zod.def) as z.ZodType;

const strictCache = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema as requests are held to it: every object refuses keys it does not name (zod strips
 * them by default, so `isAdmin` vanished without a word), however deep, and every integer stays
 * within PostgreSQL's `integer` (2147483648 was a database error, not a 400). Objects that
 * already say what extra keys may hold (`.catchall`, `.loose`, records) keep saying so.
 * Only the runtime schema changes: routes keep their inferred types from the schema they declare.
 */
export function strictSchema<T extends z.ZodType>(schema: T): T {
  return strictify(schema) as T;
}

function strictify(schema: z.ZodType): z.ZodType {
  const cached = strictCache.get(schema);
  if (cached) return cached;
  const def = defOf(schema);
  const kid = (k: string) => strictify(def[k] as z.ZodType);
  let out: z.ZodType;
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries((schema as z.ZodObject).shape).map(([k, v]) => [k, strictify(v as z.ZodType)]),
      );
      out = rebuild(schema, {
        shape,
        catchall: def.catchall === undefined ? z.never() : strictify(def.catchall as z.ZodType),
      });
      break;
    }
    case 'number': {
      const checks = (
        (def.checks ?? []) as { _zod: { def: { check: string; format?: string; value?: number } } }[]
      ).map((c) => c._zod.def);
      out = schema;
      if (checks.some((c) => c.check === 'number_format' && c.format?.includes('int'))) {
        const bound = (kind: string) => checks.filter((c) => c.check === kind).map((c) => c.value as number);
        let n = schema as z.ZodNumber;
        // A bound the schema states itself is kept, even a wider one (the audit trail's bigint ids).
        if (!bound('less_than').length) n = n.lte(INT4_MAX);
        if (!bound('greater_than').some((v) => v >= INT4_MIN)) n = n.gte(INT4_MIN);
        out = n;
      }
      break;
    }
    case 'array':
      out = rebuild(schema, { element: kid('element') });
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      out = rebuild(schema, { innerType: kid('innerType') });
      break;
    case 'pipe':
      out = rebuild(schema, { in: kid('in'), out: kid('out') });
      break;
    case 'union':
      out = rebuild(schema, { options: (def.options as z.ZodType[]).map(strictify) });
      break;
    case 'record':
      out = rebuild(schema, { valueType: kid('valueType') });
      break;
    case 'tuple':
      out = rebuild(schema, {
        items: (def.items as z.ZodType[]).map(strictify),
        rest: def.rest ? kid('rest') : def.rest,
      });
      break;
    case 'lazy': {
      const getter = def.getter as () => z.ZodType;
      out = rebuild(schema, { getter: () => strictify(getter()) });
      break;
    }
    // An intersection of strict objects would refuse each side's keys on the other; none is used
    // in a request, so it is left as written rather than half-checked.
    default:
      out = schema;
  }
  strictCache.set(schema, out);
  return out;
}

/**
 * A query value whose percent-encoding is not UTF-8 (`%FF`, an encoded surrogate, a stray `%`).
 * Fastify's parser keeps such text raw, so `?q=%FF` searched for the four characters `%FF`; the
 * value is kept as this marker instead and the validator refuses it by name.
 */
export class UndecodableText {
  constructor(readonly raw: string) {}
}

const decodeQueryPart = (s: string): string | UndecodableText => {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return new UndecodableText(s);
  }
};

/**
 * The query string as Fastify's own parser reads it (`+` is a space, a repeated key gives an
 * array, a key without `=` is empty), except that undecodable text is marked, not passed on.
 */
export function parseQueryString(qs: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const pair of qs.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const decodedKey = decodeQueryPart(rawKey);
    const key = typeof decodedKey === 'string' ? decodedKey : rawKey;
    const value =
      decodedKey instanceof UndecodableText
        ? decodedKey
        : decodeQueryPart(eq === -1 ? '' : pair.slice(eq + 1));
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** NUL or a lone surrogate: text that cannot be stored as it was sent. */
export const unstorable = (s: string) => s.includes('\0') || LONE_SURROGATE.test(s);

/**
 * Characters no stored text may hold, found anywhere in a request part (keys too): NUL, which
 * PostgreSQL's text type refuses, and lone UTF-16 surrogates, which the database driver would
 * turn into U+FFFD — the caller's text silently changed.
 */
export function badCharacters(data: unknown, path: string[] = [], found: PreIssue[] = []): PreIssue[] {
  // No request nests this deep; walking (or parsing) a 5,000-level array overflowed the stack: a 500.
  if (path.length > MAX_DEPTH) {
    found.push({ path: path.slice(0, 3).join('.'), code: 'too_deep', key: 'e.validation' });
    return found;
  }
  const flag = (p: string[]) => {
    if (found.length < 20)
      found.push({ path: p.join('.'), code: 'invalid_characters', key: 'v.badCharacters' });
  };
  if (data instanceof UndecodableText) {
    if (found.length < 20)
      found.push({ path: path.join('.'), code: 'invalid_encoding', key: 'v.badEncoding' });
  } else if (typeof data === 'string') {
    if (unstorable(data)) flag(path);
  } else if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) badCharacters(v, [...path, String(i)], found);
  } else if (data !== null && typeof data === 'object' && !Buffer.isBuffer(data)) {
    for (const [k, v] of Object.entries(data)) {
      if (unstorable(k)) flag([...path, k]);
      else badCharacters(v, [...path, k], found);
    }
  }
  return found;
}

/** Fastify validator: zod parses and coerces; failures carry what is needed to explain them. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const strict = strictSchema(schema);
  const part = httpPart ?? 'body';
  return (data) => {
    const bad = badCharacters(data);
    if (bad.length) return { error: new RequestValidationError(strict, data, part, bad) };
    const result = strict.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(strict, data, part) };
  };
};

const localeMaps = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError };

/** Error map for a locale: missing fields read "required"; schema-level keys are translated later. */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  const base = localeMaps[locale];
  return (iss) => {
    if (iss.code === 'invalid_type' && iss.input === undefined) return t('v.required', locale);
    return base(iss);
  };
}

/**
 * zod issues as field-level details. An object's unknown keys come as one issue on the object;
 * the caller gets one detail per key, at the key's own path, so each can be named and marked.
 * `message` stays whatever zod or the schema gave (a catalogue key or prose), to be translated.
 */
export function issueDetails(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly string[] = [],
): FieldIssue[] {
  return issues.flatMap((i): FieldIssue[] => {
    const at = [...prefix, ...i.path.map(String)];
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({
        path: [...at, k].join('.'),
        code: 'unrecognized_key',
        message: 'v.unknownField',
      }));
    return [{ path: at.join('.'), code: i.code, message: i.message }];
  });
}

/** Turn zod issues into field-level details in the caller's language. */
export function explainIssues(schema: z.ZodType, input: unknown, locale: Locale): FieldIssue[] {
  const result = schema.safeParse(input, { error: errorMap(locale) });
  if (result.success) return [];
  return issueDetails(result.error.issues).map((d) => ({ ...d, message: t(d.message, locale) }));
}

/** A failed request part as field-level details in the caller's language. */
export function explainRequest(err: RequestValidationError, locale: Locale): FieldIssue[] {
  if (err.pre.length) return err.pre.map((p) => ({ path: p.path, code: p.code, message: t(p.key, locale) }));
  return explainIssues(err.schema, err.input, locale);
}

/**
 * What a route without a query (or body) schema accepts: nothing, so a stray field is named —
 * paging too: a list that pages declares page/pageSize in its own schema, and one that answers
 * whole (the seats of a joint body) is read by the desk without them (ListPage `paged={false}`).
 */
const NO_QUERY = z.object({});
// Fastify hands a write without a body over as null.
const NO_BODY = z.object({}).nullish();
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Hold every API route to its schemas: a route that declares no query schema takes no query
 * parameters, and a write that declares no body takes none (an empty `{}` is fine) — so every
 * endpoint refuses what it would otherwise ignore. Multipart routes read their own parts.
 * JSON bodies must be valid UTF-8: Fastify's parser would turn invalid bytes into U+FFFD and the
 * text would be stored changed. Register before the routes; the desk's pages are left alone.
 */
export function registerStrictRequests(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    route.schema ??= {};
    const schema = route.schema as { querystring?: unknown; body?: unknown; consumes?: string[] };
    schema.querystring ??= NO_QUERY;
    const writes = [route.method].flat().some((m) => !BODYLESS.has(m));
    if (writes && !schema.body && !schema.consumes?.includes('multipart/form-data')) schema.body = NO_BODY;
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(
        new AppError(400, 'BAD_REQUEST', 'e.badEncoding', [
          { path: '', code: 'invalid_utf8', message: 'e.badEncoding' },
        ]),
        undefined,
      );
      return;
    }
    parseJson(req, text, done);
  });
}
