import type { DictType, MessageKey } from '@gongjian/common';
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { areas, dictItems } from '#server/db/schema/index.ts';
import { AppError, type FieldIssue, fieldError } from '#server/errors.ts';
import { type Actor, pathInScope } from './actor.ts';

/** The district (tree root) id of an area path `/districtId/…/`. */
export const districtOf = (path: string) => Number(path.split('/')[1]);

/**
 * Resolve an area id sent in a request body. Missing and out-of-scope ids both answer a field
 * error on `field` (never a 404: the request, not the URL, is wrong).
 */
export async function areaRef(db: Executor, actor: Actor, areaId: number, field = 'areaId') {
  const [row] = await db
    .select({ id: areas.id, path: areas.path, level: areas.level, name: areas.name })
    .from(areas)
    .where(eq(areas.id, areaId));
  if (!row || !pathInScope(actor, row.path)) throw fieldError(field, 'v.notFoundRef');
  return row;
}

/**
 * Check dictionary codes against a district's enabled items of a type. Collects every bad value
 * so the caller can report them all at once; returns the issues instead of throwing.
 */
export async function dictIssues(
  db: Executor,
  districtId: number,
  type: DictType,
  codes: readonly string[],
  field: string,
): Promise<FieldIssue[]> {
  if (!codes.length) return [];
  const rows = await db
    .select({ code: dictItems.code })
    .from(dictItems)
    .where(
      and(
        eq(dictItems.areaId, districtId),
        eq(dictItems.type, type),
        eq(dictItems.enabled, true),
        inArray(dictItems.code, [...codes]),
      ),
    );
  const known = new Set(rows.map((r) => r.code));
  const message: MessageKey = 'v.dictionary';
  return codes.flatMap((code, i) =>
    known.has(code)
      ? []
      : [
          {
            path: codes.length > 1 || field.endsWith('s') ? `${field}.${i}` : field,
            code: 'invalid_dictionary',
            message,
            params: { value: code },
          },
        ],
  );
}

/** Throw one 400 carrying every collected field issue, if there are any. */
export function throwIfIssues(issues: FieldIssue[]) {
  if (issues.length) throw new AppError(400, 'VALIDATION_FAILED', 'e.validation', issues);
}
