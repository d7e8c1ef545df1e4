import { type Locale, t } from '@gongjian/common';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import type { FieldIssue } from '../errors.ts';

/**
 * A request part that failed its zod schema. The schema and input are kept so the error handler
 * can re-run the parse with the caller's locale (zod builds messages at parse time).
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly schema: z.ZodType,
    readonly input: unknown,
    readonly part: string,
  ) {
    super('request validation failed');
  }
}

/** Fastify validator: zod parses and coerces; failures carry what is needed to explain them. */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new RequestValidationError(schema, data, httpPart ?? 'body') };
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

/** Turn zod issues into field-level details in the caller's language. */
export function explainIssues(schema: z.ZodType, input: unknown, locale: Locale): FieldIssue[] {
  const result = schema.safeParse(input, { error: errorMap(locale) });
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    code: i.code,
    message: t(i.message, locale),
  }));
}
