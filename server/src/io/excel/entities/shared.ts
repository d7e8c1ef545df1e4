import type { DictType } from '@gongjian/common';
import { type AuditInput, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Executor, Tx } from '#server/db/client.ts';
import type { members, residents } from '#server/db/schema/index.ts';
import { conflict } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { isMasked, issue, type RowIssue, splitList } from '#server/io/excel/cells.ts';
import {
  auditMany,
  bulkInsert,
  bulkUpdate,
  type ImportTable,
  lockRecords,
  maskKey,
  type RecordWithPath,
  recordsByAreaName,
  recordsByKey,
  recordsByMaskedId,
} from '#server/io/excel/queries.ts';
import type { AreaRef, RefCache } from '#server/io/excel/refs.ts';
import {
  type CommitCounts,
  changesOf,
  mergeIssues,
  type ParsedRow,
  type RowOutcome,
  type StagedRow,
} from '#server/io/excel/spec.ts';
import type { Actor } from '#server/policies/actor.ts';
import { pathInScope } from '#server/policies/actor.ts';
import { districtOf } from '#server/policies/refs.ts';

/**
 * The issues of one row as its checks run. A field may be marked `quiet` when its problem is
 * already explained elsewhere (a dictionary value cannot be judged without a resolved area), so
 * the schema's "required" for it is not reported on top.
 */
export class RowCheck {
  readonly issues: RowIssue[] = [];
  readonly quiet = new Set<string>();

  add(field: string, key: string, params?: Record<string, unknown>) {
    this.issues.push(issue(field, key, params));
  }

  /** The row's outcome when anything failed: cell issues, then these, then the schema's. */
  invalid(row: ParsedRow, schemaIssues: RowIssue[] = []): RowOutcome {
    const later = schemaIssues.filter((i) => !this.quiet.has(i.field));
    return { status: 'invalid', issues: mergeIssues(mergeIssues(row.issues, this.issues), later) };
  }

  get failed() {
    return this.issues.length > 0;
  }
}

/**
 * Resolve dictionary cells (a label or a code each) to codes of the record's district, as the
 * forms' dictionary checks do: unknown values are refused, and so are disabled items unless the
 * record already carries them. Returns undefined (and records issues) when any value is bad.
 */
export function dictCodes(
  refs: RefCache,
  districtId: number | null,
  type: DictType,
  field: string,
  texts: string[],
  kept: readonly string[],
  check: RowCheck,
): string[] | undefined {
  // Without a district (its area did not resolve) the area's own issue says enough.
  if (districtId === null) {
    check.quiet.add(field);
    return undefined;
  }
  const index = refs.dict(districtId, type);
  const codes: string[] = [];
  let ok = true;
  for (const text of texts) {
    const e = index?.find(text);
    if (!e || (!e.enabled && !kept.includes(e.code))) {
      check.add(field, 'x.dictionary', { value: text });
      ok = false;
    } else codes.push(e.code);
  }
  return ok ? codes : undefined;
}

/**
 * The node a row's area cell names, if the caller may put the record there: in `scope`, or the
 * record's current area (kept without a scope check, as an edit form leaves it alone). Otherwise
 * the issue is recorded: a name path says which segment it could not find, or that it names
 * several nodes or one outside the scope; a code says "not found".
 */
export function areaOfCell(
  refs: RefCache,
  cell: string,
  scope: Actor,
  currentId: number | undefined,
  check: RowCheck,
): AreaRef | undefined {
  const area = refs.area(cell);
  if (area && (area.id === currentId || pathInScope(scope, area.path))) return area;
  const why = area ? { key: 'v.notFoundRef', params: {} } : refs.areaIssue(cell);
  check.add('areaId', why.key, why.params);
  return undefined;
}

/** One dictionary cell, or undefined when it is blank (keep) or bad (issue recorded). */
export function dictCode(
  refs: RefCache,
  districtId: number | null,
  type: DictType,
  field: string,
  text: string | null | undefined,
  kept: string | undefined,
  check: RowCheck,
): string | undefined {
  if (text === null || text === undefined) return undefined;
  return dictCodes(refs, districtId, type, field, [text], kept ? [kept] : [], check)?.[0];
}

/** A multi-value dictionary cell, or undefined when blank (keep) or bad. */
export function dictList(
  refs: RefCache,
  districtId: number | null,
  type: DictType,
  field: string,
  text: string | null | undefined,
  kept: readonly string[],
  check: RowCheck,
): string[] | undefined {
  if (text === null || text === undefined) return undefined;
  return dictCodes(refs, districtId, type, field, splitList(text), kept, check);
}

/** The non-blank values of one field across a chunk. */
export const valuesOf = (rows: ParsedRow[], field: string) =>
  rows.flatMap((r) => {
    const v = r.values[field];
    return v === null || v === undefined ? [] : [v];
  });

/**
 * Load the dictionaries of every district a chunk touches: the caller's own, the areas its rows
 * name, and those of the records they match.
 */
export async function loadChunkDicts(
  refs: RefCache,
  actor: Actor,
  rows: ParsedRow[],
  records: readonly { areaPath: string }[],
) {
  const districts = new Set<number>(actor.districtId ? [actor.districtId] : []);
  for (const code of valuesOf(rows, 'areaId')) {
    const area = refs.area(code);
    if (area) districts.add(districtOf(area.path));
  }
  for (const r of records) districts.add(districtOf(r.areaPath));
  await refs.loadDicts(districts);
}

/**
 * The members or residents a chunk's ID number cells name, looked up in two queries: by the
 * number, or, for the masked numbers of an export, by name and mask.
 */
export async function personLookup<T extends typeof members | typeof residents>(
  db: Executor,
  table: T,
  rows: ParsedRow[],
) {
  const maskedPairs = rows.flatMap((r) => {
    const id = r.values.idNumber;
    return id && isMasked(id) && r.values.name ? [{ name: r.values.name, mask: id }] : [];
  });
  const [found, masked] = await Promise.all([
    recordsByKey(
      db,
      table,
      table.idNumber,
      valuesOf(rows, 'idNumber').filter((id) => !isMasked(id)),
    ),
    recordsByMaskedId(db, table, maskedPairs),
  ]);
  const byId = new Map(found.map((r) => [r.idNumber, r]));
  return {
    /** Every record found, for the dictionaries of their districts. */
    records: [...found, ...[...masked.values()].flat()],
    /**
     * The record a row's ID number cell names, if any. A masked number must stand for exactly
     * one record the caller may see (`visible`); otherwise the row gets an issue.
     */
    find(
      idCell: string | null,
      name: string | null,
      visible: (r: RecordWithPath<T>) => boolean,
      check: RowCheck,
    ): RecordWithPath<T> | undefined {
      if (!idCell) return undefined;
      if (!isMasked(idCell)) return byId.get(idCell);
      const candidates = (masked.get(maskKey(name ?? '', idCell)) ?? []).filter(visible);
      if (candidates.length === 1) return candidates[0];
      check.add('idNumber', 'x.masked');
      return undefined;
    },
  };
}

/**
 * Records on the area and with the name of each row that has no `keyField` cell, grouped by
 * `areaId|name` (see `areaNameKey`). The rows' areas must be loaded into `refs` first.
 */
export async function areaNameIndex<T extends ImportTable>(
  db: Executor,
  table: T,
  refs: RefCache,
  rows: ParsedRow[],
  keyField: string,
) {
  const pairs = rows.flatMap((r) => {
    const area = r.values.areaId ? refs.area(r.values.areaId) : undefined;
    return !r.values[keyField] && area && r.values.name ? [{ areaId: area.id, name: r.values.name }] : [];
  });
  const index = new Map<string, RecordWithPath<T>[]>();
  for (const r of await recordsByAreaName(db, table, pairs)) {
    const key = areaNameKey(r.areaId, r.name);
    index.set(key, [...(index.get(key) ?? []), r]);
  }
  return index;
}

/** The key of `areaNameIndex`. */
export const areaNameKey = (areaId: number, name: string) => `${areaId}|${name}`;

/** What differs between registries in how staged rows are written. */
export interface RegistryHooks<T extends ImportTable> {
  table: T;
  /** The `entityType` of the registry's audit events. */
  auditType: string;
  /** The columns an import writes (the fields diffed and stored), with their SQL types. */
  sqlTypes: Record<string, string>;
  /** May the caller change this record? Checked again on the locked record at commit. */
  canUpdate(a: Actor, record: RecordWithPath<T>): boolean;
  /** After a row moved a record to another area: move the accounts bound to it along. */
  rebind(tx: Tx, id: number, areaId: number): Promise<void>;
}

/**
 * The part of an import every registry shares: a validated row's outcome against the record it
 * matches, and the commit of staged rows (bulk insert, lock and re-diff, bulk update, audit).
 */
export class RegistryWriter<T extends ImportTable> {
  private readonly fields: string[];

  constructor(private readonly hooks: RegistryHooks<T>) {
    this.fields = Object.keys(hooks.sqlTypes);
  }

  /** The `entityType` of the registry's audit events. */
  get auditType() {
    return this.hooks.auditType;
  }

  /** The written fields of a record, blanks as null. */
  own(record: Record<string, unknown>) {
    return Object.fromEntries(this.fields.map((f) => [f, record[f] ?? null]));
  }

  /** A valid row: create `next`, or update `before` with the fields that differ, or nothing. */
  outcome(
    before: RecordWithPath<T> | undefined,
    next: Record<string, unknown>,
    key: string,
    keyField: string,
  ): RowOutcome {
    if (!before) return { status: 'create', targetId: null, data: next, key, keyField };
    const patch = changesOf(this.own(before), next);
    return Object.keys(patch).length
      ? { status: 'update', targetId: before.id, data: patch, key, keyField }
      : { status: 'unchanged', targetId: before.id, data: null, key, keyField };
  }

  /**
   * Write a chunk of staged rows in the caller's transaction: creates in one statement; updates
   * re-diffed against the locked records (the caller must still be allowed to change each, else
   * 409 and nothing is written) and stored in one statement. Every create and change is audited.
   * An arrow property, so a spec can hand it on as its own `commit` without losing `this`.
   */
  readonly commit = async (tx: Tx, ctx: Ctx, importId: string, rows: StagedRow[]): Promise<CommitCounts> => {
    const { table, auditType, sqlTypes } = this.hooks;
    const summary = `import:${importId}`;
    const events: AuditInput[] = [];
    const creates = rows.filter((r) => r.status === 'create').map((r) => r.data);
    const inserted = (await bulkInsert(tx, table, sqlTypes, creates, true)) as T['$inferSelect'][];
    for (const row of inserted)
      events.push({
        action: 'create',
        entityType: auditType,
        entityId: row.id,
        areaId: row.areaId,
        summary,
        after: snapshot(row),
      });

    const updates = rows.filter((r) => r.status === 'update');
    const locked = new Map(
      (
        await lockRecords(
          tx,
          table,
          updates.map((r) => r.targetId ?? 0),
        )
      ).map((r) => [r.id, r]),
    );
    const writes: ({ id: number } & Record<string, unknown>)[] = [];
    const moved: [number, number][] = [];
    let unchanged = 0;
    for (const r of updates) {
      const before = locked.get(r.targetId ?? 0);
      if (!before || !this.hooks.canUpdate(ctx.actor, before))
        throw conflict('IMPORT_STALE', 'e.importStale');
      const current = this.own(before);
      const patch = changesOf(current, r.data);
      if (!Object.keys(patch).length) {
        unchanged++;
        continue;
      }
      const after = { ...current, ...patch };
      writes.push({ id: before.id, ...after });
      if (after.areaId !== before.areaId) moved.push([before.id, after.areaId as number]);
      events.push({
        action: 'update',
        entityType: auditType,
        entityId: before.id,
        areaId: after.areaId as number,
        summary,
        ...changedFields(current, after),
      });
    }
    await bulkUpdate(tx, table, sqlTypes, writes);
    for (const [id, areaId] of moved) await this.hooks.rebind(tx, id, areaId);
    await auditMany(tx, ctx, events);
    return { created: creates.length, updated: writes.length, unchanged };
  };
}
