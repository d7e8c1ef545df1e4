import type { UnitCreate, UnitUpdate } from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import { units } from '#server/db/schema/index.ts';
import { conflict, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { findArea } from '#server/modules/registry/areas/queries.ts';
import { pathInScope } from '#server/policies/actor.ts';
import { areaRef, dictIssues, districtOf, throwIfIssues } from '#server/policies/refs.ts';
import {
  canChangeUnitIdentity,
  canCreateUnit,
  canDeleteUnit,
  canReadUnit,
  canRevealUnitContact,
  canUpdateUnit,
  canUseUnits,
} from './policy.ts';
import {
  findUnit,
  listUnits,
  lockUnit,
  memberCountsOfUnit,
  orgsOfUnit,
  rebindUnitAdmins,
  referencesToUnit,
  type UnitFilter,
  type UnitRow,
} from './queries.ts';

/** The unit's own columns, without the joined area, for audit snapshots. */
function own(row: UnitRow) {
  const { areaName: _n, areaPath: _p, ...rest } = row;
  return rest;
}

/** Load a unit the caller may see, or 404; members and residents get 403 before any lookup. */
export async function getVisibleUnit(ctx: Ctx, id: number) {
  if (!canUseUnits(ctx.actor)) throw forbidden();
  const row = await findUnit(ctx.db, id);
  if (!row || !canReadUnit(ctx.actor, row)) throw notFound();
  return row;
}

/**
 * One unit with its organisations and registered members. With `reveal`, the contact phone is
 * sent in clear, which only PII-revealing roles may ask for; the read is audited on its own.
 */
export async function unitDetail(ctx: Ctx, id: number, reveal: boolean) {
  const row = await getVisibleUnit(ctx, id);
  if (reveal) {
    if (!canRevealUnitContact(ctx.actor, row)) throw forbidden();
    if (row.contactPhone)
      await ctx.db.transaction((tx) =>
        audit(tx, ctx, {
          action: 'reveal',
          entityType: 'unit',
          entityId: id,
          areaId: row.areaId,
          summary: 'contactPhone',
          after: { fields: ['contactPhone'] },
        }),
      );
  }
  const [orgs, registeredMembers] = await Promise.all([
    orgsOfUnit(ctx.db, id),
    memberCountsOfUnit(ctx.db, id),
  ]);
  return { row, orgs, registeredMembers };
}

/** The unit list's filter for the caller (the list and the Excel export share it). */
export async function unitFilterOf(
  ctx: Ctx,
  q: {
    q?: string | undefined;
    within?: number | undefined;
    areaId?: number | undefined;
    type?: string | undefined;
  },
) {
  const { actor } = ctx;
  if (!canUseUnits(actor)) throw forbidden();
  const filter: UnitFilter = { scopePath: actor.scopePath, areaId: q.areaId, type: q.type, q: q.q };
  // A unit admin's area binding is where its unit sits, not a subtree it administers.
  if (actor.role === 'unit_admin') filter.onlyUnitId = actor.unitId ?? 0;
  if (q.within) {
    const area = await findArea(ctx.db, q.within);
    if (!area || !pathInScope(actor, area.path)) throw fieldError('within', 'v.notFoundRef');
    filter.withinPath = area.path;
  }
  return filter;
}

export async function searchUnits(
  ctx: Ctx,
  q: {
    page: number;
    pageSize: number;
    q?: string | undefined;
    within?: number | undefined;
    areaId?: number | undefined;
    type?: string | undefined;
    after?: string | undefined;
  },
) {
  return listUnits(ctx.db, await unitFilterOf(ctx, q), q.page, q.pageSize, q.after);
}

export async function createUnit(ctx: Ctx, input: UnitCreate) {
  if (!canCreateUnit(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const area = await areaRef(tx, ctx.actor, input.areaId);
    throwIfIssues(await dictIssues(tx, districtOf(area.path), 'unit_type', [input.type], 'type'));
    const [row] = await tx
      .insert(units)
      .values({
        areaId: area.id,
        name: input.name,
        creditCode: input.creditCode ?? null,
        type: input.type,
        address: input.address ?? null,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? null,
        memberCount: input.memberCount ?? null,
        note: input.note ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'unit',
      entityId: row.id,
      areaId: row.areaId,
      after: snapshot(row),
    });
    return { ...row, areaName: area.name, areaPath: area.path };
  });
}

export async function updateUnit(ctx: Ctx, id: number, input: UnitUpdate) {
  const { actor } = ctx;
  if (!canUseUnits(actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, id);
    if (!before || !canReadUnit(actor, before)) throw notFound();
    if (!canUpdateUnit(actor, before)) throw forbidden();
    const moves = input.areaId !== undefined && input.areaId !== before.areaId;
    const recodes = input.creditCode !== undefined && (input.creditCode ?? null) !== before.creditCode;
    if ((moves || recodes) && !canChangeUnitIdentity(actor, before)) throw forbidden();
    const area = moves && input.areaId ? await areaRef(tx, actor, input.areaId) : null;
    const districtId = districtOf(area?.path ?? before.areaPath);
    // A unit moved into another district must carry a type that district's dictionary knows.
    if (input.type !== undefined || districtId !== districtOf(before.areaPath))
      throwIfIssues(await dictIssues(tx, districtId, 'unit_type', [input.type ?? before.type], 'type'));
    const [after] = await tx
      .update(units)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(units.id, id))
      .returning();
    if (!after) throw notFound();
    if (area) await rebindUnitAdmins(tx, id, area.id);
    const diff = changedFields(own(before), after);
    // Re-sending unchanged values (a form saved as is) is not an event worth keeping.
    if (Object.keys(diff.after).length)
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'unit',
        entityId: id,
        areaId: after.areaId,
        ...diff,
      });
    return { ...after, areaName: area?.name ?? before.areaName, areaPath: area?.path ?? before.areaPath };
  });
}

export async function deleteUnit(ctx: Ctx, id: number) {
  if (!canUseUnits(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    const before = await lockUnit(tx, id);
    if (!before || !canReadUnit(ctx.actor, before)) throw notFound();
    if (!canDeleteUnit(ctx.actor, before)) throw forbidden();
    const refs = await referencesToUnit(tx, id);
    if (Object.keys(refs).length) throw conflict('HAS_RECORDS', 'e.hasRecords', { references: refs });
    await tx.delete(units).where(eq(units.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'unit',
      entityId: id,
      areaId: before.areaId,
      before: snapshot(own(before)),
    });
  });
}
