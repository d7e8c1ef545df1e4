import {
  DICT_TYPE_LABELS,
  DICT_TYPES,
  type DictItemCreate,
  type DictItemUpdate,
  type DictListQuery,
  type DictType,
  type DictTypeInfo,
  SYSTEM_DICTIONARIES,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Tx } from '#server/db/client.ts';
import { dictItems } from '#server/db/schema/index.ts';
import { conflict, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { isPlatformAdmin } from '#server/policies/actor.ts';
import { canEditDictionaries, canEditDictionary, canReadDictionary } from './policy.ts';
import {
  type DictItemRow,
  dictUsage,
  findDictItem,
  findDistrict,
  listDictItems,
  lockDictItem,
} from './queries.ts';

/** The dictionary types, their names and whether districts may add items. */
export function dictTypes(): DictTypeInfo[] {
  return DICT_TYPES.map((type) => ({
    type,
    labelZh: DICT_TYPE_LABELS[type]['zh-CN'],
    labelEn: DICT_TYPE_LABELS[type].en,
    extensible: SYSTEM_DICTIONARIES[type].extensible,
  }));
}

/**
 * The district whose lists a request is about: the caller's own, or for the platform admin (who
 * belongs to none) the one it names. A district the caller cannot see is a bad field, not a 404.
 */
async function resolveDistrict(ctx: Ctx, districtId: number | null | undefined): Promise<number> {
  if (isPlatformAdmin(ctx.actor)) {
    if (!districtId) throw fieldError('districtId', 'v.required');
    if (!(await findDistrict(ctx.db, districtId))) throw fieldError('districtId', 'v.notFoundRef');
    return districtId;
  }
  const own = ctx.actor.districtId;
  if (own === null || (districtId && districtId !== own)) throw fieldError('districtId', 'v.notFoundRef');
  return own;
}

/** One page of the items of the caller's (or the named) district. */
export async function searchDictItems(ctx: Ctx, q: DictListQuery) {
  const districtId = await resolveDistrict(ctx, q.districtId);
  return listDictItems(
    ctx.db,
    { districtId, type: q.type, q: q.q, includeDisabled: q.includeDisabled === 'true' },
    q.page,
    q.pageSize,
  );
}

/** Load an item of a district the caller may read, or 404. */
export async function getVisibleDictItem(ctx: Ctx, id: number) {
  const row = await findDictItem(ctx.db, id);
  if (!row || !canReadDictionary(ctx.actor, row.areaId)) throw notFound();
  return row;
}

/** Add a district's own item to an extensible type. */
export async function createDictItem(ctx: Ctx, input: DictItemCreate) {
  if (!canEditDictionaries(ctx.actor)) throw forbidden();
  const districtId = await resolveDistrict(ctx, input.districtId);
  if (!SYSTEM_DICTIONARIES[input.type].extensible) throw fieldError('type', 'v.dictNotExtensible');
  return ctx.db.transaction(async (tx) => {
    // A duplicate code hits dict_items_area_type_code_key, which the error handler answers 409 on `code`.
    const [row] = await tx
      .insert(dictItems)
      .values({
        areaId: districtId,
        type: input.type,
        code: input.code,
        labelZh: input.labelZh,
        labelEn: input.labelEn,
        sort: input.sort,
        enabled: input.enabled,
        system: false,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'dict_item',
      entityId: row.id,
      areaId: districtId,
      summary: `${row.type}:${row.code}`,
      after: snapshot(row),
    });
    return row;
  });
}

/** 409 IN_USE when records of the district still carry the item's code. */
async function refuseIfInUse(tx: Tx, row: DictItemRow) {
  const references = await dictUsage(tx, row.areaId, row.type as DictType, row.code);
  if (Object.keys(references).length) throw conflict('IN_USE', 'e.dictInUse', { references });
}

/** Relabel, re-sort, enable/disable, or recode an unused non-system item. */
export async function updateDictItem(ctx: Ctx, id: number, input: DictItemUpdate) {
  return ctx.db.transaction(async (tx) => {
    const before = await lockDictItem(tx, id);
    if (!before || !canReadDictionary(ctx.actor, before.areaId)) throw notFound();
    if (!canEditDictionary(ctx.actor, before.areaId)) throw forbidden();
    const recode = input.code !== undefined && input.code !== before.code;
    if (recode) {
      // Records refer to items by code: the program branches on built-in codes, and recoding a
      // used item would leave the records that carry it pointing at nothing.
      if (before.system) throw conflict('SYSTEM_ITEM', 'e.systemItem');
      await refuseIfInUse(tx, before);
    }
    const [after] = await tx
      .update(dictItems)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(dictItems.id, id))
      .returning();
    if (!after) throw notFound();
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'dict_item',
      entityId: id,
      areaId: after.areaId,
      summary: `${after.type}:${after.code}`,
      ...changedFields(before, after),
    });
    return after;
  });
}

/** Delete a non-system item nothing in the district uses any more. */
export async function deleteDictItem(ctx: Ctx, id: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockDictItem(tx, id);
    if (!row || !canReadDictionary(ctx.actor, row.areaId)) throw notFound();
    if (!canEditDictionary(ctx.actor, row.areaId)) throw forbidden();
    if (row.system) throw conflict('SYSTEM_ITEM', 'e.systemItem');
    await refuseIfInUse(tx, row);
    await tx.delete(dictItems).where(eq(dictItems.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'dict_item',
      entityId: id,
      areaId: row.areaId,
      summary: `${row.type}:${row.code}`,
      before: snapshot(row),
    });
  });
}
