import { type Locale, t } from '@gongjian/common';
import type { z } from 'zod';
import { explainIssues } from '#server/http/validation.ts';
import type { Column } from './columns.ts';
import { isoDay, type RawCell } from './reader.ts';

/** A message in both languages: staged once, shown in whichever the reader of the preview asks for. */
export type Message = Record<Locale, string>;

/** A problem with one field of one row. */
export interface RowIssue {
  field: string;
  message: Message;
}

/** Fill `{name}` placeholders of a catalogue message. */
function fill(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** A catalogue key (or prose) with its placeholders filled, in both languages. */
export function message(key: string, params: Record<string, unknown> = {}): Message {
  return { 'zh-CN': fill(t(key, 'zh-CN'), params), en: fill(t(key, 'en'), params) };
}

/** One field's issue from a catalogue key. */
export const issue = (field: string, key: string, params?: Record<string, unknown>): RowIssue => ({
  field,
  message: message(key, params),
});

/**
 * Run a registry's create schema over a row's input. On failure the issues come back in both
 * languages, named by the top-level field (`skills.1` reports on the skills column).
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
): { ok: true; value: z.output<S> } | { ok: false; issues: RowIssue[] } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const zh = explainIssues(schema, input, 'zh-CN');
  const en = explainIssues(schema, input, 'en');
  return {
    ok: false,
    issues: zh.map((z, i) => ({
      field: z.path.split('.')[0] ?? '',
      message: { 'zh-CN': z.message, en: en[i]?.message ?? z.message },
    })),
  };
}

const GENDERS: Record<string, 'male' | 'female'> = {
  男: 'male',
  男性: 'male',
  male: 'male',
  m: 'male',
  女: 'female',
  女性: 'female',
  female: 'female',
  f: 'female',
};

// Excel's day zero for the 1900 date system (serial 1 is 1900-01-01, with the 1900 leap-year bug).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * One cell turned into the text the registry's schema expects, or an issue when the cell's form
 * (not its value) is wrong: a long number Excel rounded, an unreadable date, a gender word.
 * Values themselves are judged by the schemas and reference checks afterwards.
 */
export function normaliseCell(c: Column, raw: RawCell): { value: string | null; issue?: RowIssue } {
  if (raw === null) return { value: null };
  if (typeof raw === 'string' && raw.trim() === '') return { value: null };
  switch (c.kind) {
    case 'idNumber':
      // 18 digits exceed a double's precision: Excel has already replaced the last ones.
      if (typeof raw === 'number') return { value: null, issue: issue(c.field, 'x.numberAsText') };
      return { value: String(raw).trim().toUpperCase() };
    case 'date': {
      if (raw instanceof Date) return { value: isoDay(raw) };
      if (typeof raw === 'number' && raw >= 1 && raw < 2_958_466)
        return { value: isoDay(new Date(EXCEL_EPOCH + Math.round(raw) * DAY_MS)) };
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(String(raw).trim());
      if (!m) return { value: null, issue: issue(c.field, 'x.date') };
      return { value: `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}` };
    }
    case 'int': {
      const text = String(raw).trim();
      if (!/^\d+$/.test(text)) return { value: null, issue: issue(c.field, 'x.integer') };
      return { value: text };
    }
    case 'gender': {
      const g = GENDERS[String(raw).trim().toLowerCase()];
      if (!g) return { value: null, issue: issue(c.field, 'x.gender') };
      return { value: g };
    }
    case 'creditCode':
      return { value: String(raw).trim().toUpperCase() };
    default:
      return { value: raw instanceof Date ? isoDay(raw) : String(raw).trim() };
  }
}

/** Split a multi-value cell: commas (either width), enumeration commas, semicolons or new lines. */
export const splitList = (text: string) =>
  text
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Masked numbers as exports write them (138****5678, 310151********1234). */
export const isMasked = (text: string | null | undefined) => !!text && text.includes('*');

/**
 * A phone or ID cell of a row about a stored record. Blank keeps the stored value (`undefined`);
 * a masked value stands for the stored one only when it masks to the same text, so a masked
 * export re-imports without changes but cannot invent or alter a number.
 */
export function unmaskCell(
  field: string,
  cell: string | null | undefined,
  stored: string | null | undefined,
  mask: (v: string | null) => string | null,
  issues: RowIssue[],
): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (!isMasked(cell)) return cell;
  if (stored && mask(stored) === cell) return stored;
  issues.push(issue(field, 'x.masked'));
  return undefined;
}
