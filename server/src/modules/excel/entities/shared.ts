import type { DictType } from '@gongjian/common';
import { issue, type RowIssue, splitList } from '../cells.ts';
import type { RefCache } from '../refs.ts';
import { mergeIssues, type ParsedRow, type RowOutcome } from '../spec.ts';

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
