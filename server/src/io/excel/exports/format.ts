import { DEFAULT_TIME_ZONE, type Locale } from '@gongjian/common';
import { maskPii } from '#server/audit/audit.ts';
import type { Executor } from '#server/db/client.ts';
import { areaNames } from '#server/io/excel/queries.ts';
import { type DictIndex, loadDictionaries } from '#server/io/excel/refs.ts';
import { districtOf } from '#server/policies/refs.ts';
import type { Bilingual } from './run.ts';

/** A bilingual text. */
export const words = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en });

// Swedish dates read YYYY-MM-DD HH:mm:ss, the form officials type and sort by.
const MINUTES = new Intl.DateTimeFormat('sv-SE', {
  timeZone: DEFAULT_TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});
const SECONDS = new Intl.DateTimeFormat('sv-SE', {
  timeZone: DEFAULT_TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'medium',
});

/** An instant as Beijing wall-clock time, to the minute (or second); empty when unset. */
export function timeText(at: Date | string | null, withSeconds = false): string | null {
  if (at === null) return null;
  return (withSeconds ? SECONDS : MINUTES).format(typeof at === 'string' ? new Date(at) : at);
}

/** A `{ code: labels }` entry in the caller's language, or the code when unknown. */
export function labelOf<K extends string>(
  labels: Record<K, Bilingual>,
  code: string | null,
  locale: Locale,
): string | null {
  if (code === null) return null;
  return (labels as Record<string, Bilingual | undefined>)[code]?.[locale] ?? code;
}

/** 是/否, Yes/No. */
export const yesNo = (v: boolean, locale: Locale) => (locale === 'en' ? (v ? 'Yes' : 'No') : v ? '是' : '否');

/** 启用/停用, Enabled/Disabled: the status column of the settings lists. */
export const enabledText = (v: boolean, locale: Locale) =>
  locale === 'en' ? (v ? 'Enabled' : 'Disabled') : v ? '启用' : '停用';

/** Several values in one cell, separated the way each language lists things. */
export const joinList = (items: readonly string[], locale: Locale) =>
  items.join(locale === 'en' ? ', ' : '、');

/**
 * A record's fields as `key: value` lines, phone and ID numbers always masked by the audit trail's
 * own rule (events written before the trail masked them are masked here on the way out).
 */
export function recordText(value: Record<string, unknown> | null): string | null {
  const masked = maskPii(value);
  if (!masked) return null;
  return Object.entries(masked)
    .map(([k, v]) => `${k}: ${v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

/**
 * Dictionary labels by district, loaded as an export meets new districts (a list may span the
 * platform admin's several districts).
 */
export class DictLabels {
  private readonly byDistrict = new Map<number, Map<string, DictIndex>>();
  constructor(private readonly db: Executor) {}

  /** Load the dictionaries of the districts these area paths belong to. */
  async load(paths: readonly string[]) {
    const missing = [...new Set(paths.map(districtOf))].filter((d) => !this.byDistrict.has(d));
    if (!missing.length) return;
    const loaded = await loadDictionaries(this.db, missing);
    for (const d of missing) this.byDistrict.set(d, loaded.get(d) ?? new Map());
  }

  /** The label of a code of a record at `path`, or the code itself when the dictionary lacks it. */
  label(path: string, type: string, code: string, locale: Locale): string {
    return (
      this.byDistrict
        .get(districtOf(path))
        ?.get(type)
        ?.label(code, locale === 'en') ?? code
    );
  }
}

/** Names of areas by id, fetched as an export meets new ones. */
export class AreaNames {
  private readonly names = new Map<number, string>();
  constructor(private readonly db: Executor) {}

  /** Fetch the names of every node on these paths not known yet. */
  async load(paths: readonly string[]) {
    const ids = [...new Set(paths.flatMap(pathIds))].filter((id) => !this.names.has(id));
    if (!ids.length) return;
    for (const [id, name] of await areaNames(this.db, ids)) this.names.set(id, name);
  }

  /** The names of a node's ancestors, top down, joined as a place. */
  ancestry(path: string): string {
    return pathIds(path)
      .slice(0, -1)
      .map((id) => this.names.get(id) ?? '')
      .join(' / ');
  }
}

const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);
