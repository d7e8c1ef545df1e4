import type { ExcelEntity } from '@gongjian/common';
import type { Tx } from '#server/db/client.ts';
import type { Ctx } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';
import type { RowIssue } from './cells.ts';
import type { Column } from './columns.ts';
import type { RefCache } from './refs.ts';

/**
 * One data row after its cells were read: values by field (null for a blank cell, absent when
 * the file has no such column), the original cells for the rejected-rows workbook, and the
 * issues found in the cells' form.
 */
export interface ParsedRow {
  rowNo: number;
  values: Record<string, string | null | undefined>;
  cells: string[];
  issues: RowIssue[];
}

/** What one row would do. `data` holds a create's values or an update's changed fields. */
export type RowOutcome =
  | { status: 'invalid'; issues: RowIssue[] }
  | {
      status: 'create' | 'update' | 'unchanged';
      targetId: number | null;
      data: Record<string, unknown> | null;
      /** The natural key, to catch the same record twice in one file… */
      key: string;
      /** …and the field that carries it, where such a duplicate is reported. */
      keyField: string;
    };

/** A staged valid row read back at commit. */
export interface StagedRow {
  rowNo: number;
  status: 'create' | 'update';
  targetId: number | null;
  data: Record<string, unknown>;
}

/** What a commit chunk did. */
export interface CommitCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * An importable registry. `validate` applies the registry's own rules to a chunk of rows with
 * set-based lookups; `commit` writes staged rows in the caller's transaction, audited.
 */
export interface ImportSpec {
  entity: ExcelEntity;
  /** The `entityType` of the registry's audit events. */
  auditType: string;
  columns: Column[];
  /** May the caller use this registry's import, export and template at all (else 403)? */
  canUse(a: Actor): boolean;
  validate(ctx: Ctx, refs: RefCache, rows: ParsedRow[]): Promise<RowOutcome[]>;
  commit(tx: Tx, ctx: Ctx, importId: string, rows: StagedRow[]): Promise<CommitCounts>;
}

/** Keep the first issue source per field: a cell already reported is not reported again by the schema. */
export function mergeIssues(first: RowIssue[], later: RowIssue[]): RowIssue[] {
  const seen = new Set(first.map((i) => i.field));
  return [...first, ...later.filter((i) => !seen.has(i.field))];
}

/** Equal as stored values: lists compare as sets (skills have no order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return (a ?? null) === (b ?? null);
}

/** The fields of `next` that differ from `before`. */
export function changesOf(before: Record<string, unknown>, next: Record<string, unknown>) {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) if (!sameValue(before[k], v)) patch[k] = v;
  return patch;
}
