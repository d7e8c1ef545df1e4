import {
  type ResidentCreate,
  type ResidentListQuery,
  type ResidentUpdate,
  residentAreaIssues,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Tx } from '#server/db/client.ts';
import { residents } from '#server/db/schema/index.ts';
import { conflict, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { canReferUnit } from '#server/modules/registry/members/policy.ts';
import { findUnitRef } from '#server/modules/registry/members/queries.ts';
import { auditReveal } from '#server/modules/registry/members/service.ts';
import { areaRef, districtOf } from '#server/policies/refs.ts';
import {
  canChangeResident,
  canManageResidents,
  canReadAnyResident,
  canReadResident,
  canRevealResident,
  isOwnResident,
  residentListScope,
} from './policy.ts';
import {
  findResident,
  listResidents,
  lockResident,
  type ResidentFilter,
  rebindResidentAccounts,
  residentReferences,
} from './queries.ts';

/** One page of the residents in the caller's subtree, masked by the presenter. */
export async function searchResidents(ctx: Ctx, q: ResidentListQuery) {
  return listResidents(ctx.db, await residentFilterOf(ctx, q), q.page, q.pageSize, q.after);
}

/** The resident list's filter for the caller (the list and the Excel export share it). */
export async function residentFilterOf(ctx: Ctx, q: Omit<ResidentListQuery, 'page' | 'pageSize'>) {
  if (!canManageResidents(ctx.actor)) throw forbidden();
  const filter: ResidentFilter = {
    scope: residentListScope(ctx.actor),
    areaId: q.areaId,
    unitId: q.unitId,
    q: q.q,
  };
  if (q.within) filter.withinPath = (await areaRef(ctx.db, ctx.actor, q.within, 'within')).path;
  return filter;
}

/**
 * One resident the caller may see, or 404. The resident's own account always reads it in clear;
 * an admin asks with `reveal`. Every clear read is audited.
 */
export async function residentDetail(ctx: Ctx, id: number, reveal: boolean) {
  if (!canReadAnyResident(ctx.actor)) throw forbidden();
  const row = await findResident(ctx.db, id);
  if (!row || !canReadResident(ctx.actor, row)) throw notFound();
  const own = isOwnResident(ctx.actor, row);
  if (reveal && !own && !canRevealResident(ctx.actor, row)) throw forbidden();
  const unmasked = reveal || own;
  if (unmasked) await auditReveal(ctx, 'resident', row);
  return { row, unmasked };
}

/** A resident is registered at a community or below, inside the caller's subtree. */
async function checkArea(tx: Tx, ctx: Ctx, areaId: number) {
  const area = await areaRef(tx, ctx.actor, areaId);
  const [refused] = residentAreaIssues(area.level);
  if (refused) throw fieldError(refused.field, refused.key);
  return area;
}

/** The employer may be any unit of the residence's district (a reference, not a scope). */
async function checkEmployer(tx: Tx, ctx: Ctx, unitId: number, residencePath: string) {
  const unit = await findUnitRef(tx, unitId);
  if (!unit || !canReferUnit(ctx.actor, unit, districtOf(residencePath)))
    throw fieldError('unitId', 'v.notFoundRef');
}

/** Register a resident at a community or below. */
export async function createResident(ctx: Ctx, input: ResidentCreate) {
  if (!canManageResidents(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const area = await checkArea(tx, ctx, input.areaId);
    if (input.unitId) await checkEmployer(tx, ctx, input.unitId, area.path);
    const [row] = await tx
      .insert(residents)
      .values({
        areaId: input.areaId,
        name: input.name,
        gender: input.gender ?? null,
        phone: input.phone ?? null,
        idNumber: input.idNumber ?? null,
        address: input.address ?? null,
        unitId: input.unitId ?? null,
        note: input.note ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'resident',
      entityId: row.id,
      areaId: row.areaId,
      after: snapshot(row),
    });
    const created = await findResident(tx, row.id);
    if (!created) throw notFound();
    return created;
  });
}

/** Edit a resident in scope; a move carries its sign-in account along. */
export async function updateResident(ctx: Ctx, id: number, input: ResidentUpdate) {
  if (!canManageResidents(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await lockResident(tx, id);
    if (!before || !canReadResident(ctx.actor, before)) throw notFound();
    if (!canChangeResident(ctx.actor, before)) throw forbidden();
    const moved = input.areaId !== undefined && input.areaId !== before.areaId;
    const path =
      moved && input.areaId !== undefined ? (await checkArea(tx, ctx, input.areaId)).path : before.areaPath;
    if (input.unitId && (input.unitId !== before.unitId || districtOf(path) !== districtOf(before.areaPath)))
      await checkEmployer(tx, ctx, input.unitId, path);
    const [after] = await tx
      .update(residents)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(residents.id, id))
      .returning();
    if (!after) throw notFound();
    if (after.areaId !== before.areaId) await rebindResidentAccounts(tx, id, after.areaId);
    const diff = changedFields(before, after);
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'resident',
      entityId: id,
      areaId: after.areaId,
      before: diff.before,
      after: diff.after,
    });
    const updated = await findResident(tx, id);
    if (!updated) throw notFound();
    return updated;
  });
}

/** Remove a resident no account refers to. */
export async function deleteResident(ctx: Ctx, id: number) {
  if (!canManageResidents(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    const before = await lockResident(tx, id);
    if (!before || !canReadResident(ctx.actor, before)) throw notFound();
    if (!canChangeResident(ctx.actor, before)) throw forbidden();
    const refs = await residentReferences(tx, id);
    if (Object.keys(refs).length) throw conflict('HAS_RECORDS', 'e.hasRecords', { references: refs });
    await tx.delete(residents).where(eq(residents.id, id));
    const { areaPath: _p, ...row } = before;
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'resident',
      entityId: id,
      areaId: before.areaId,
      before: snapshot(row),
    });
  });
}
