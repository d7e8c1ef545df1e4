import type { AreaLevel, DictType } from '@gongjian/common';
import { asc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { areas, dictItems, partyOrgs, units } from '../../db/schema/index.ts';
import { anyOf } from './queries.ts';

/** An area named by its code in a sheet. */
export interface AreaRef {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  path: string;
}

/** A unit named by credit code or name. */
export interface UnitRef {
  id: number;
  name: string;
  creditCode: string | null;
  areaPath: string;
}

/** A party organisation named by code or name. */
export interface OrgRef {
  id: number;
  code: string | null;
  name: string;
  unitId: number | null;
  areaPath: string;
}

/** One dictionary item, disabled ones included (a record may keep a code that was disabled since). */
export interface DictEntry {
  code: string;
  labelZh: string;
  labelEn: string;
  enabled: boolean;
}

/** A district's items of one type, findable by code or by label in either language. */
export class DictIndex {
  private readonly byKey = new Map<string, DictEntry>();
  readonly items: DictEntry[] = [];

  add(e: DictEntry) {
    this.items.push(e);
    // Codes win over labels; labels compare without case so "it" and "IT" both work.
    for (const key of [e.labelEn.toLowerCase(), e.labelZh, e.code.toLowerCase(), e.code])
      this.byKey.set(key, e);
  }

  /** The item a cell names, by code or label. */
  find(text: string): DictEntry | undefined {
    return this.byKey.get(text) ?? this.byKey.get(text.toLowerCase());
  }

  /** The label of a code in a language, or the code itself when the dictionary lacks it. */
  label(code: string, en: boolean): string {
    const e = this.byKey.get(code);
    return e && e.code === code ? (en ? e.labelEn : e.labelZh) : code;
  }
}

/** Every dictionary of some districts, by district and type. */
export async function loadDictionaries(db: Executor, districtIds: number[]) {
  const out = new Map<number, Map<string, DictIndex>>();
  if (!districtIds.length) return out;
  const rows = await db
    .select({
      districtId: dictItems.areaId,
      type: dictItems.type,
      code: dictItems.code,
      labelZh: dictItems.labelZh,
      labelEn: dictItems.labelEn,
      enabled: dictItems.enabled,
    })
    .from(dictItems)
    .where(inArray(dictItems.areaId, districtIds))
    .orderBy(asc(dictItems.sort), asc(dictItems.id));
  for (const r of rows) {
    const byType = out.get(r.districtId) ?? new Map<string, DictIndex>();
    out.set(r.districtId, byType);
    const index = byType.get(r.type) ?? new DictIndex();
    byType.set(r.type, index);
    index.add(r);
  }
  return out;
}

/**
 * The references an import names, looked up set-based per chunk and kept for the whole file:
 * one query per chunk and kind of reference instead of one per row.
 */
export class RefCache {
  private readonly areasByCode = new Map<string, AreaRef | null>();
  private readonly unitsByKey = new Map<string, UnitRef[]>();
  private readonly unitsLoaded = new Set<string>();
  private readonly orgsByKey = new Map<string, OrgRef[]>();
  private readonly orgsLoaded = new Set<string>();
  private readonly dicts = new Map<number, Map<string, DictIndex>>();

  constructor(private readonly db: Executor) {}

  async loadAreas(codes: Iterable<string>) {
    const missing = [...new Set(codes)].filter((c) => !this.areasByCode.has(c));
    if (!missing.length) return;
    const rows = await this.db
      .select({ id: areas.id, code: areas.code, name: areas.name, level: areas.level, path: areas.path })
      .from(areas)
      .where(anyOf(areas.code, missing, 'text'));
    for (const code of missing) this.areasByCode.set(code, null);
    for (const r of rows) this.areasByCode.set(r.code, { ...r, level: r.level as AreaLevel });
  }

  area(code: string): AreaRef | undefined {
    return this.areasByCode.get(code) ?? undefined;
  }

  async loadUnits(refs: Iterable<string>) {
    const missing = [...new Set(refs)].filter((r) => !this.unitsLoaded.has(r));
    if (!missing.length) return;
    const rows = await this.db
      .select({ id: units.id, name: units.name, creditCode: units.creditCode, areaPath: areas.path })
      .from(units)
      .innerJoin(areas, eq(areas.id, units.areaId))
      .where(
        or(
          anyOf(
            units.creditCode,
            missing.map((r) => r.toUpperCase()),
            'text',
          ),
          anyOf(units.name, missing, 'text'),
        ),
      );
    for (const r of missing) this.unitsLoaded.add(r);
    for (const u of rows) {
      if (u.creditCode) push(this.unitsByKey, `c:${u.creditCode}`, u);
      push(this.unitsByKey, `n:${u.name}`, u);
    }
  }

  /** Units a cell may mean: the one with that credit code, else those with that name. */
  unitCandidates(ref: string): UnitRef[] {
    return this.unitsByKey.get(`c:${ref.toUpperCase()}`) ?? this.unitsByKey.get(`n:${ref}`) ?? [];
  }

  async loadOrgs(refs: Iterable<string>) {
    const missing = [...new Set(refs)].filter((r) => !this.orgsLoaded.has(r));
    if (!missing.length) return;
    const rows = await this.db
      .select({
        id: partyOrgs.id,
        code: partyOrgs.code,
        name: partyOrgs.name,
        unitId: partyOrgs.unitId,
        areaPath: areas.path,
      })
      .from(partyOrgs)
      .innerJoin(areas, eq(areas.id, partyOrgs.areaId))
      .where(or(anyOf(partyOrgs.code, missing, 'text'), anyOf(partyOrgs.name, missing, 'text')));
    for (const r of missing) this.orgsLoaded.add(r);
    for (const o of rows) {
      if (o.code) push(this.orgsByKey, `c:${o.code}`, o);
      push(this.orgsByKey, `n:${o.name}`, o);
    }
  }

  /** Organisations a cell may mean: the one with that code, else those with that name. */
  orgCandidates(ref: string): OrgRef[] {
    return this.orgsByKey.get(`c:${ref}`) ?? this.orgsByKey.get(`n:${ref}`) ?? [];
  }

  async loadDicts(districtIds: Iterable<number>) {
    const missing = [...new Set(districtIds)].filter((d) => !this.dicts.has(d));
    if (!missing.length) return;
    const loaded = await loadDictionaries(this.db, missing);
    for (const d of missing) this.dicts.set(d, loaded.get(d) ?? new Map());
  }

  dict(districtId: number, type: DictType): DictIndex | undefined {
    return this.dicts.get(districtId)?.get(type);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Choose the record a cell refers to among its candidates. The record's current reference is
 * kept without a scope check (as an edit form leaves an unchanged field alone); otherwise exactly
 * one candidate must be one the caller may refer to.
 */
export function pickRef<T extends { id: number }>(
  candidates: readonly T[],
  current: number | null | undefined,
  allowed: (c: T) => boolean,
): { ref: T } | { error: 'v.notFoundRef' | 'x.ambiguous' } {
  const kept = candidates.find((c) => c.id === current);
  if (kept) return { ref: kept };
  const usable = candidates.filter(allowed);
  if (usable.length === 1 && usable[0]) return { ref: usable[0] };
  return { error: usable.length ? 'x.ambiguous' : 'v.notFoundRef' };
}
