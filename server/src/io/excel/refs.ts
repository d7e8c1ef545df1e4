import type { AreaLevel, DictType } from '@gongjian/common';
import { and, asc, eq, inArray, like, or } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { areas, dictItems, partyOrgs, units } from '#server/db/schema/index.ts';
import { type Actor, pathInScope } from '#server/policies/actor.ts';
import { matchPath, namesOfPath, splitPath } from './area-paths.ts';
import { anyOf } from './queries.ts';

/** An area named by its code in a sheet. */
export interface AreaRef {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  path: string;
}

/** What an area code looks like (codes are ASCII without spaces); names are mostly not. */
const CODE_LIKE = /^[\x21-\x7e]+$/;

/** Why an area cell named no node the caller may use: a catalogue key and its parameters. */
export interface AreaIssue {
  key: string;
  params: Record<string, unknown>;
}

/** What an area cell stands for: a node, or why it stands for none the caller may use. */
type AreaCell = { area: AreaRef } | { issue: AreaIssue } | null;

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
  private readonly areaCells = new Map<string, AreaCell>();
  private readonly unitsByKey = new Map<string, UnitRef[]>();
  private readonly unitsLoaded = new Set<string>();
  private readonly orgsByKey = new Map<string, OrgRef[]>();
  private readonly orgsLoaded = new Set<string>();
  private readonly dicts = new Map<number, Map<string, DictIndex>>();

  constructor(private readonly db: Executor) {}

  /**
   * Resolve area cells: a code names its node wherever it is (the registry's own scope check
   * follows, and may keep a record's current area); anything else is read as a name path
   * (`area-paths.ts`) among the nodes of the caller's district and must name exactly one node
   * in `scope`. One query for the codes and one for the names, per chunk. An import has one
   * caller and one registry, so `scope` is the same on every call.
   */
  async loadAreas(cells: Iterable<string>, scope: Actor) {
    const missing = [...new Set(cells)].filter((c) => !this.areaCells.has(c));
    if (!missing.length) return;
    const select = { id: areas.id, code: areas.code, name: areas.name, level: areas.level, path: areas.path };
    const byCode = await this.db
      .select(select)
      .from(areas)
      .where(anyOf(areas.code, missing, 'text'));
    for (const r of byCode) this.areaCells.set(r.code, { area: { ...r, level: r.level as AreaLevel } });
    const paths = missing
      .filter((c) => !this.areaCells.has(c))
      .map((cell) => ({ cell, split: splitPath(cell) }));
    if (!paths.length) return;
    const names = [...new Set(paths.flatMap((p) => namesOfPath(p.split)))];
    // Names are looked for in the caller's district only: a path never leaves it.
    const district = scope.districtId === null ? undefined : like(areas.path, `/${scope.districtId}/%`);
    const rows = names.length
      ? await this.db
          .select(select)
          .from(areas)
          .where(and(anyOf(areas.name, names, 'text'), district))
      : [];
    const byName = new Map<string, AreaRef[]>();
    for (const r of rows) push(byName, r.name, { ...r, level: r.level as AreaLevel });
    for (const { cell, split } of paths) {
      const m = matchPath(split, byName);
      if ('unknown' in m) {
        // A cell written like a code (`cm-nowhere`) is named whole: it is a mistyped code
        // more likely than a path whose first name is "cm".
        const issue: AreaIssue = m.under
          ? { key: 'x.areaUnknownUnder', params: { segment: m.unknown, under: m.under } }
          : { key: 'x.areaUnknown', params: { segment: CODE_LIKE.test(cell) ? cell : m.unknown } };
        this.areaCells.set(cell, { issue });
        continue;
      }
      const usable = m.found.filter((n) => pathInScope(scope, n.path));
      const [only] = usable;
      if (usable.length === 1 && only) this.areaCells.set(cell, { area: only });
      else if (usable.length > 1)
        this.areaCells.set(cell, {
          issue: { key: 'x.areaAmbiguous', params: { value: cell, count: usable.length } },
        });
      else this.areaCells.set(cell, { issue: { key: 'x.areaOutOfScope', params: { value: cell } } });
    }
  }

  /** The node an area cell names (by code, or by a name path resolved in scope). */
  area(cell: string): AreaRef | undefined {
    const r = this.areaCells.get(cell);
    return r && 'area' in r ? r.area : undefined;
  }

  /** Why an area cell names no usable node: the name path's own reason, else "not found". */
  areaIssue(cell: string): AreaIssue {
    const r = this.areaCells.get(cell);
    return r && 'issue' in r ? r.issue : { key: 'v.notFoundRef', params: {} };
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
