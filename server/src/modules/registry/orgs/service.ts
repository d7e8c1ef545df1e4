import {
  isJointOrgType,
  type OrgCreate,
  type OrgTreeNode,
  type OrgType,
  type OrgUpdate,
  type SeatCreate,
  type SeatUpdate,
  seatIssues,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Executor } from '#server/db/client.ts';
import { partyOrgSeats, partyOrgs } from '#server/db/schema/index.ts';
import { badRequest, conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import { findArea } from '#server/modules/registry/areas/queries.ts';
import { canReadUnit } from '#server/modules/registry/units/policy.ts';
import { findUnit } from '#server/modules/registry/units/queries.ts';
import { type Actor, pathInScope } from '#server/policies/actor.ts';
import { areaRef, throwIfIssues } from '#server/policies/refs.ts';
import {
  canCreateOrg,
  canManageOrg,
  canManageSeats,
  canReadOrg,
  canUpdateOrg,
  canUseOrgs,
} from './policy.ts';
import {
  childrenOf,
  countSeats,
  findMemberRef,
  findOrg,
  findSeat,
  listOrgs,
  lockOrg,
  type OrgFilter,
  type OrgRow,
  orgTreeRows,
  referencesToOrg,
  type SeatRow,
  seatsOf,
  wouldCycle,
} from './queries.ts';

const notFoundRef = (path: string): FieldIssue => ({ path, code: 'invalid', message: 'v.notFoundRef' });

/** The organisation's own columns, without joined names and counts, for audit snapshots. */
function own(row: OrgRow) {
  const {
    areaName: _a,
    areaPath: _p,
    parentName: _pn,
    unitName: _u,
    childCount: _c,
    memberCount: _m,
    employerCount: _e,
    ...rest
  } = row;
  return rest;
}

function seatOwn(row: SeatRow) {
  const { unitName: _u, memberName: _m, ...rest } = row;
  return rest;
}

/** Scope of the list and tree: a subtree for area admins, one unit for a unit admin. */
function scopeFilter(actor: Actor): OrgFilter {
  // A unit admin's area binding is where its unit sits, not a subtree it administers.
  return actor.role === 'unit_admin'
    ? { scopePath: null, onlyUnitId: actor.unitId ?? 0 }
    : { scopePath: actor.scopePath };
}

/** Load an organisation the caller may see, or 404; members and residents get 403 first. */
export async function getVisibleOrg(ctx: Ctx, id: number) {
  if (!canUseOrgs(ctx.actor)) throw forbidden();
  const row = await findOrg(ctx.db, id);
  if (!row || !canReadOrg(ctx.actor, row)) throw notFound();
  return row;
}

export async function orgDetail(ctx: Ctx, id: number) {
  const row = await getVisibleOrg(ctx, id);
  const [children, seatCount] = await Promise.all([childrenOf(ctx.db, id), countSeats(ctx.db, id)]);
  return { row, children, seatCount };
}

export async function searchOrgs(
  ctx: Ctx,
  q: {
    page: number;
    pageSize: number;
    q?: string | undefined;
    within?: number | undefined;
    areaId?: number | undefined;
    type?: OrgType | undefined;
    unitId?: number | undefined;
    parentId?: number | undefined;
  },
) {
  return listOrgs(ctx.db, await orgFilterOf(ctx, q), q.page, q.pageSize);
}

/** The organisation list's filter for the caller (the list and its figures share it). */
export async function orgFilterOf(
  ctx: Ctx,
  q: {
    q?: string | undefined;
    within?: number | undefined;
    areaId?: number | undefined;
    type?: OrgType | undefined;
    unitId?: number | undefined;
    parentId?: number | undefined;
  },
) {
  if (!canUseOrgs(ctx.actor)) throw forbidden();
  const filter: OrgFilter = {
    ...scopeFilter(ctx.actor),
    areaId: q.areaId,
    type: q.type,
    unitId: q.unitId,
    parentId: q.parentId,
    q: q.q,
  };
  if (q.within) {
    const area = await findArea(ctx.db, q.within);
    if (!area || !pathInScope(ctx.actor, area.path)) throw fieldError('within', 'v.notFoundRef');
    filter.withinPath = area.path;
  }
  return filter;
}

/**
 * The organisations in scope as a forest: under `rootId` when given (which must be visible),
 * otherwise everything in scope, with organisations whose parent is out of sight as roots.
 */
export async function orgTree(ctx: Ctx, rootId: number | undefined): Promise<OrgTreeNode[]> {
  if (rootId) await getVisibleOrg(ctx, rootId);
  else if (!canUseOrgs(ctx.actor)) throw forbidden();
  const rows = await orgTreeRows(ctx.db, scopeFilter(ctx.actor), rootId);
  const byId = new Map<number, OrgTreeNode>(rows.map((r) => [r.id, { ...r }]));
  const roots: OrgTreeNode[] = [];
  for (const node of byId.values()) {
    const up = node.parentId !== null && node.id !== rootId ? byId.get(node.parentId) : undefined;
    if (up) {
      up.children ??= [];
      up.children.push(node);
    } else roots.push(node);
  }
  return roots;
}

/** A unit named in a body: visible to the caller, and a unit admin's own unit only. */
async function unitIssues(db: Executor, actor: Actor, unitId: number | null, field = 'unitId') {
  if (actor.role === 'unit_admin') return unitId === actor.unitId ? [] : [notFoundRef(field)];
  if (unitId === null) return [];
  const unit = await findUnit(db, unitId);
  return unit && canReadUnit(actor, unit) ? [] : [notFoundRef(field)];
}

async function parentIssues(db: Executor, actor: Actor, parentId: number, selfId?: number) {
  const p = await findOrg(db, parentId);
  if (!p || !canReadOrg(actor, p)) return [notFoundRef('parentId')];
  if (selfId !== undefined && (await wouldCycle(db, selfId, parentId)))
    return [{ path: 'parentId', code: 'invalid', message: 'v.orgCycle' }];
  return [];
}

export async function createOrg(ctx: Ctx, input: OrgCreate) {
  const { actor } = ctx;
  if (!canCreateOrg(actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const area = await areaRef(tx, actor, input.areaId);
    // A unit admin's organisations always belong to its unit; omitting the unit means that one.
    const unitId =
      input.unitId === undefined && actor.role === 'unit_admin' ? actor.unitId : (input.unitId ?? null);
    const issues = [
      ...(await unitIssues(tx, actor, unitId)),
      ...(input.parentId ? await parentIssues(tx, actor, input.parentId) : []),
    ];
    throwIfIssues(issues);
    const [row] = await tx
      .insert(partyOrgs)
      .values({
        areaId: area.id,
        parentId: input.parentId ?? null,
        unitId,
        type: input.type,
        code: input.code ?? null,
        name: input.name,
        secretaryName: input.secretaryName ?? null,
        foundedOn: input.foundedOn ?? null,
        note: input.note ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'party_org',
      entityId: row.id,
      areaId: row.areaId,
      after: snapshot(row),
    });
    const created = await findOrg(tx, row.id);
    if (!created) throw notFound();
    return created;
  });
}

export async function updateOrg(ctx: Ctx, id: number, input: OrgUpdate) {
  const { actor } = ctx;
  if (!canUseOrgs(actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await lockOrg(tx, id);
    if (!before || !canReadOrg(actor, before)) throw notFound();
    if (!canUpdateOrg(actor, before)) throw forbidden();
    const moves = input.areaId !== undefined && input.areaId !== before.areaId;
    if (moves && input.areaId) await areaRef(tx, actor, input.areaId);
    const issues: FieldIssue[] = [];
    if (input.unitId !== undefined && input.unitId !== before.unitId)
      issues.push(...(await unitIssues(tx, actor, input.unitId)));
    if (input.parentId && input.parentId !== before.parentId)
      issues.push(...(await parentIssues(tx, actor, input.parentId, id)));
    // Seats exist only on joint bodies: they must go before the body becomes anything else.
    if (
      input.type &&
      isJointOrgType(before.type) &&
      !isJointOrgType(input.type) &&
      (await countSeats(tx, id))
    )
      issues.push({ path: 'type', code: 'invalid', message: 'v.orgHasSeats' });
    throwIfIssues(issues);
    const [after] = await tx
      .update(partyOrgs)
      .set({ ...input, updatedAt: sql`now()` })
      .where(eq(partyOrgs.id, id))
      .returning();
    if (!after) throw notFound();
    // Seats carry their body's area so they fall in the same data scope.
    if (moves)
      await tx.update(partyOrgSeats).set({ areaId: after.areaId }).where(eq(partyOrgSeats.orgId, id));
    const diff = changedFields(own(before), after);
    // Re-sending unchanged values (a form saved as is) is not an event worth keeping.
    if (Object.keys(diff.after).length)
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'party_org',
        entityId: id,
        areaId: after.areaId,
        ...diff,
      });
    const updated = await findOrg(tx, id);
    if (!updated) throw notFound();
    return updated;
  });
}

export async function deleteOrg(ctx: Ctx, id: number) {
  if (!canUseOrgs(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    const before = await lockOrg(tx, id);
    if (!before || !canReadOrg(ctx.actor, before)) throw notFound();
    if (!canManageOrg(ctx.actor, before)) throw forbidden();
    const refs = await referencesToOrg(tx, id);
    if (Object.keys(refs).length) throw conflict('HAS_RECORDS', 'e.hasRecords', { references: refs });
    await tx.delete(partyOrgs).where(eq(partyOrgs.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'party_org',
      entityId: id,
      areaId: before.areaId,
      before: snapshot(own(before)),
    });
  });
}

// ---- seats of joint bodies ----

export async function listSeats(ctx: Ctx, orgId: number) {
  const org = await getVisibleOrg(ctx, orgId);
  return { org, seats: await seatsOf(ctx.db, orgId) };
}

/** Load and lock a joint body whose seats the caller manages: 404, then 403, then 400. */
async function seatOwner(tx: Executor, actor: Actor, orgId: number) {
  if (!canUseOrgs(actor)) throw forbidden();
  const org = await lockOrg(tx, orgId);
  if (!org || !canReadOrg(actor, org)) throw notFound();
  if (!canManageOrg(actor, org)) throw forbidden();
  if (!canManageSeats(actor, org)) throw fieldError('orgId', 'v.notJointOrg');
  return org;
}

/** The unit and member a seat names must be ones the caller can see. */
async function seatRefIssues(
  db: Executor,
  actor: Actor,
  s: { unitId?: number | null | undefined; memberId?: number | null | undefined },
) {
  const issues = s.unitId ? await unitIssues(db, actor, s.unitId) : [];
  if (s.memberId) {
    const m = await findMemberRef(db, s.memberId);
    if (!m || !pathInScope(actor, m.areaPath)) issues.push(notFoundRef('memberId'));
  }
  return issues;
}

export async function createSeat(ctx: Ctx, orgId: number, input: SeatCreate) {
  return ctx.db.transaction(async (tx) => {
    const org = await seatOwner(tx, ctx.actor, orgId);
    throwIfIssues(await seatRefIssues(tx, ctx.actor, input));
    const [row] = await tx
      .insert(partyOrgSeats)
      .values({
        orgId,
        areaId: org.areaId,
        kind: input.kind,
        unitId: input.unitId ?? null,
        memberId: input.memberId ?? null,
        personName: input.personName ?? null,
        post: input.post ?? null,
        startOn: input.startOn ?? null,
        endOn: input.endOn ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'party_org_seat',
      entityId: row.id,
      areaId: org.areaId,
      after: snapshot(row),
    });
    const created = await findSeat(tx, orgId, row.id);
    if (!created) throw notFound();
    return { org, seat: created };
  });
}

export async function updateSeat(ctx: Ctx, orgId: number, seatId: number, input: SeatUpdate) {
  return ctx.db.transaction(async (tx) => {
    const org = await seatOwner(tx, ctx.actor, orgId);
    const before = await findSeat(tx, orgId, seatId);
    if (!before) throw notFound();
    // The rules span fields, so they are checked on the seat as it would be after the edit.
    const merged = { ...seatOwn(before), ...input };
    const issues: FieldIssue[] = seatIssues(merged).map((i) => ({ ...i, code: 'custom' }));
    issues.push(
      ...(await seatRefIssues(tx, ctx.actor, {
        unitId: input.unitId !== before.unitId ? input.unitId : undefined,
        memberId: input.memberId !== before.memberId ? input.memberId : undefined,
      })),
    );
    if (issues.length) throw badRequest(issues);
    // An empty edit is valid and changes nothing (there is no updated-at column to touch).
    const [after] = Object.keys(input).length
      ? await tx.update(partyOrgSeats).set(input).where(eq(partyOrgSeats.id, seatId)).returning()
      : [seatOwn(before)];
    if (!after) throw notFound();
    const diff = changedFields(seatOwn(before), after);
    if (Object.keys(diff.after).length)
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'party_org_seat',
        entityId: seatId,
        areaId: org.areaId,
        ...diff,
      });
    const updated = await findSeat(tx, orgId, seatId);
    if (!updated) throw notFound();
    return { org, seat: updated };
  });
}

export async function deleteSeat(ctx: Ctx, orgId: number, seatId: number) {
  await ctx.db.transaction(async (tx) => {
    const org = await seatOwner(tx, ctx.actor, orgId);
    const before = await findSeat(tx, orgId, seatId);
    if (!before) throw notFound();
    await tx.delete(partyOrgSeats).where(eq(partyOrgSeats.id, seatId));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'party_org_seat',
      entityId: seatId,
      areaId: org.areaId,
      before: snapshot(seatOwn(before)),
    });
  });
}
