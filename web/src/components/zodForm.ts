import { type Locale, t } from '@gongjian/common';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';

const localeErrors = { 'zh-CN': zhCN().localeError, en: en().localeError };

/**
 * The error map the server uses too: a missing value reads "必填"; zod's own messages in the
 * desk's language; schema messages are catalogue keys, translated after parsing.
 */
function errorMap(locale: Locale): z.core.$ZodErrorMap {
  const base = localeErrors[locale];
  return (iss) => {
    if (iss.code === 'invalid_type' && iss.input === undefined) return t('v.required', locale);
    return base(iss);
  };
}

/** The object schemas forms are built from (create/update bodies in `@gongjian/common`). */
export type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/**
 * What a form control holds, turned into what the API accepts: '' is "not given" (null, so the
 * nullable fields clear), dates become YYYY-MM-DD, numbers typed as text stay numbers.
 */
export function normaliseValue(value: unknown): unknown {
  if (value === '' || value === undefined) return value === '' ? null : undefined;
  if (dayjs.isDayjs(value)) return (value as Dayjs).format('YYYY-MM-DD');
  return value;
}

function fieldSchema(schema: ObjectSchema, name: string): z.ZodType | undefined {
  return schema.shape[name] as z.ZodType | undefined;
}

/** True when the schema refuses an empty value for this field (shown as the red asterisk). */
export function isRequired(schema: ObjectSchema, name: string): boolean {
  const field = fieldSchema(schema, name);
  if (!field) return false;
  return !field.safeParse(undefined).success && !field.safeParse(null).success;
}

/**
 * The zod → antd rule adapter: the field is checked by the same schema the server runs, and the
 * message is the one the server would have sent. Once the field itself is right, the schema's
 * rules across fields (a join date before the ID number's birth date) are run over the whole form
 * and those reported on this field are its error — so a field shows them as soon as it is left,
 * and loses them once fixed (with `dependencies`, also when the other side of the pair is).
 */
export function zodRule(schema: ObjectSchema, name: string, locale: Locale): Rule {
  return (form) => ({
    validator: async (_rule, raw: unknown) => {
      const field = fieldSchema(schema, name);
      if (!field) return;
      let value = normaliseValue(raw);
      // Optional fields left empty are checked by the whole-form parse, not field by field.
      if (value === null && field.safeParse(undefined).success) value = undefined;
      const result = field.safeParse(value, { error: errorMap(locale) });
      if (!result.success) throw new Error(t(result.error.issues[0]?.message ?? 'e.validation', locale));
      const across = schema
        .safeParse(formInput(schema, form.getFieldsValue()), { error: errorMap(locale) })
        .error?.issues.find((i) => i.code === 'custom' && i.path[0] === name);
      if (across) throw new Error(t(across.message, locale));
    },
  });
}

/** Form values as a body: normalised, and cleared optional fields left out where null is refused. */
function formInput(schema: ObjectSchema, values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const n = normaliseValue(v);
    const field = fieldSchema(schema, k);
    if (n === null && field && !field.safeParse(null).success && field.safeParse(undefined).success) continue;
    if (n !== undefined) input[k] = n;
  }
  return input;
}

export type ParseResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; issues: { path: string; message: string }[] };

/** Parse a whole form (cross-field refinements included) and explain every failure per field. */
export function parseForm(
  schema: ObjectSchema,
  values: Record<string, unknown>,
  locale: Locale,
): ParseResult {
  // A cleared optional field is left out rather than sent as null when null is not accepted.
  const input = formInput(schema, values);
  const result = schema.safeParse(input, { error: errorMap(locale) });
  if (result.success) return { ok: true, data: input };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: t(i.message, locale),
    })),
  };
}

/**
 * Parse with any schema (a discriminated union of bodies, say) under the server's error map; the
 * issues come back translated, one per field path.
 */
export function parseAny<T>(schema: z.ZodType<T>, input: unknown, locale: Locale): ParseResult {
  const result = schema.safeParse(input, { error: errorMap(locale) });
  if (result.success) return { ok: true, data: result.data as Record<string, unknown> };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: t(i.message, locale),
    })),
  };
}

/** Show client-side parse failures on their fields. */
export function showIssues(form: FormInstance, issues: { path: string; message: string }[]) {
  const byField = new Map<string, string[]>();
  for (const i of issues) {
    const field = i.path.replace(/\.\d+$/, '');
    byField.set(field, [...(byField.get(field) ?? []), i.message]);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.'), errors })));
}
