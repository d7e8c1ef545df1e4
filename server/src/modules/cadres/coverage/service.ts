import {
  COVERED_LEVELS,
  type CoverageCreate,
  type CoverageListQuery,
  type CoverageOrgQuery,
  type CoverageStatusQuery,
  type CoverageUpdate,
  type CoverageVisitsQuery,
  DEFAULT_TIME_ZONE,
  isJointOrgType,
  type MessageKey,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import { coverageAssignments } from '#server/db/schema/index.ts';
import { conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import { type Ctx, today } from '#server/http/context.ts';
import { findArea } from '#server/modules/registry/areas/queries.ts';
import { isPlatformAdmin, pathInScope } from '#server/policies/actor.ts';
import { districtOf, throwIfIssues } from '#server/policies/refs.ts';
import {
  assignmentListScope,
  canCreateAssignment,
  canManageAssignment,
  canReadAssignment,
  canReadCoverageReports,
  canUseCoverage,
} from './policy.ts';
import {
  type AssignmentRow,
  activeAssignmentsUnder,
  buildingHeadsUnder,
  communitiesUnder,
  coveredNodesUnder,
  demandCategoriesOf,
  findAssignment,
  listAssignments,
  listCoverableOrgs,
  lockAssignment,
  lockOrgRef,
  overlaps,
  twoNewVisitsUnder,
  visitDemandsUnder,
  visitsByTargetType,
  visitsToTwoNewUnder,
} from './queries.ts';
import { type CoverageResult, evaluateCoverage } from './rules.ts';

const issue = (path: string, message: MessageKey): FieldIssue => ({ path, code: 'invalid', message });

/** The assignment's own columns, without joined names, for audit snapshots. */
function own(row: AssignmentRow) {
  const { id, orgId, areaId, startOn, endOn, note, createdAt, updatedAt } = row;
  return { id, orgId, areaId, startOn, endOn, note, createdAt, updatedAt };
}

/** One page of the assignments the caller may see. */
export async function searchAssignments(ctx: Ctx, q: CoverageListQuery) {
  if (!canUseCoverage(ctx.actor)) throw forbidden();
  let withinPath: string | undefined;
  if (q.within) {
    const area = await findArea(ctx.db, q.within);
    if (!area || !pathInScope(ctx.actor, area.path)) throw fieldError('within', 'v.notFoundRef');
    withinPath = area.path;
  }
  return listAssignments(
    ctx.db,
    {
      scope: assignmentListScope(ctx.actor),
      withinPath,
      orgId: q.orgId,
      unitId: q.unitId,
      activeOn: q.activeOn,
      q: q.q,
    },
    q.page,
    q.pageSize,
  );
}

/** Load an assignment the caller may see, or 404; members and residents get 403 first. */
export async function getVisibleAssignment(ctx: Ctx, id: number) {
  if (!canUseCoverage(ctx.actor)) throw forbidden();
  const row = await findAssignment(ctx.db, id);
  if (!row || !canReadAssignment(ctx.actor, row)) throw notFound();
  return row;
}

/**
 * Assign a zone, compound or building to a party organisation. The node must lie in the caller's
 * subtree; the organisation must be registered in the same district (a district bureau's branch
 * covers a community far from where the bureau sits) and must not be a joint body.
 */
export async function createAssignment(ctx: Ctx, input: CoverageCreate) {
  const { actor } = ctx;
  if (!canCreateAssignment(actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    const area = await findArea(tx, input.areaId);
    const areaOk = area && pathInScope(actor, area.path);
    if (!area || !areaOk) issues.push(issue('areaId', 'v.notFoundRef'));
    else if (!(COVERED_LEVELS as readonly string[]).includes(area.level))
      issues.push(issue('areaId', 'v.coverageLevel'));
    const district = area && areaOk ? districtOf(area.path) : actor.districtId;
    const org = await lockOrgRef(tx, input.orgId);
    const orgVisible =
      org && (district === null ? isPlatformAdmin(actor) : districtOf(org.areaPath) === district);
    if (!org || !orgVisible) issues.push(issue('orgId', 'v.notFoundRef'));
    else if (isJointOrgType(org.type)) issues.push(issue('orgId', 'v.coverageOrg'));
    throwIfIssues(issues);
    if (!area || !org) throw new Error('references checked above');
    const endOn = input.endOn ?? null;
    if (await overlaps(tx, { orgId: org.id, areaId: area.id, startOn: input.startOn, endOn }))
      throw conflict('COVERAGE_OVERLAP', 'e.coverageOverlap');
    const [row] = await tx
      .insert(coverageAssignments)
      .values({ orgId: org.id, areaId: area.id, startOn: input.startOn, endOn, note: input.note ?? null })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'coverage_assignment',
      entityId: row.id,
      areaId: area.id,
      summary: `${org.name} → ${area.name}`,
      after: snapshot(row),
    });
    const created = await findAssignment(tx, row.id);
    if (!created) throw notFound();
    return created;
  });
}

/** Change an assignment's period or note (ending it sets `endOn`). */
export async function updateAssignment(ctx: Ctx, id: number, input: CoverageUpdate) {
  if (!canUseCoverage(ctx.actor)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await lockAssignment(tx, id);
    if (!before || !canReadAssignment(ctx.actor, before)) throw notFound();
    if (!canManageAssignment(ctx.actor, before)) throw forbidden();
    // Serialise with other writes of the same organisation before the overlap check.
    await lockOrgRef(tx, before.orgId);
    const startOn = input.startOn ?? before.startOn;
    const endOn = input.endOn === undefined ? before.endOn : input.endOn;
    if (endOn && endOn < startOn) throwIfIssues([issue('endOn', 'v.dateOrder')]);
    if (await overlaps(tx, { orgId: before.orgId, areaId: before.areaId, startOn, endOn, exceptId: id }))
      throw conflict('COVERAGE_OVERLAP', 'e.coverageOverlap');
    const [after] = await tx
      .update(coverageAssignments)
      .set({
        startOn,
        endOn,
        ...(input.note === undefined ? {} : { note: input.note }),
        updatedAt: sql`now()`,
      })
      .where(eq(coverageAssignments.id, id))
      .returning();
    if (!after) throw notFound();
    const diff = changedFields(own(before), after);
    if (Object.keys(diff.after).length)
      await audit(tx, ctx, {
        action: 'update',
        entityType: 'coverage_assignment',
        entityId: id,
        areaId: after.areaId,
        summary: `${before.orgName} → ${before.areaName}`,
        ...diff,
      });
    const updated = await findAssignment(tx, id);
    if (!updated) throw notFound();
    return updated;
  });
}

/** Remove a mistaken assignment (one that ran its course is ended instead, and kept). */
export async function deleteAssignment(ctx: Ctx, id: number) {
  if (!canUseCoverage(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    const before = await lockAssignment(tx, id);
    if (!before || !canReadAssignment(ctx.actor, before)) throw notFound();
    if (!canManageAssignment(ctx.actor, before)) throw forbidden();
    await tx.delete(coverageAssignments).where(eq(coverageAssignments.id, id));
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'coverage_assignment',
      entityId: id,
      areaId: before.areaId,
      summary: `${before.orgName} → ${before.areaName}`,
      before: snapshot(own(before)),
    });
  });
}

/**
 * The organisations the caller may assign coverage to: those of its district (of the node to be
 * covered, for the platform admin), joint bodies left out, as `createAssignment` checks them.
 */
export async function searchCoverableOrgs(ctx: Ctx, q: CoverageOrgQuery) {
  const { actor } = ctx;
  if (!canCreateAssignment(actor)) throw forbidden();
  let district = actor.districtId;
  if (q.areaId) {
    const area = await findArea(ctx.db, q.areaId);
    if (!area || !pathInScope(actor, area.path)) throw fieldError('areaId', 'v.notFoundRef');
    district = districtOf(area.path);
  }
  return listCoverableOrgs(
    ctx.db,
    { districtPath: district === null ? undefined : `/${district}/`, q: q.q },
    q.page,
    q.pageSize,
  );
}

/** The area a report is about: visible to the caller, else a bad field (like a list filter). */
async function reportArea(ctx: Ctx, areaId: number) {
  if (!canReadCoverageReports(ctx.actor)) throw forbidden();
  const area = await findArea(ctx.db, areaId);
  if (!area || !pathInScope(ctx.actor, area.path)) throw fieldError('areaId', 'v.notFoundRef');
  return area;
}

/** Coverage of a community, or of each community of a street, on a day (today by default). */
export async function coverageStatus(ctx: Ctx, q: CoverageStatusQuery) {
  const area = await reportArea(ctx, q.areaId);
  if (area.level !== 'community' && area.level !== 'street')
    throw fieldError('areaId', 'v.coverageStatusLevel');
  const on = q.on ?? today(ctx);
  const [communities, nodes, assignments, heads] = await Promise.all([
    communitiesUnder(ctx.db, area),
    coveredNodesUnder(ctx.db, area.path),
    activeAssignmentsUnder(ctx.db, area.path, on),
    buildingHeadsUnder(ctx.db, area.path),
  ]);
  const nodeCommunity = new Map(nodes.map((n) => [n.id, n.communityId]));
  const results: CoverageResult[] = communities.map((c) =>
    evaluateCoverage(
      { id: c.id, name: c.name },
      nodes.filter((n) => n.communityId === c.id),
      assignments.filter((a) => nodeCommunity.get(a.areaId) === c.id),
      heads.filter((h) => nodeCommunity.get(h.areaId) === c.id),
    ),
  );
  return { area: { id: area.id, name: area.name, level: area.level as 'street' | 'community' }, on, results };
}

/**
 * Visit coverage over a period, in two populations (see VISIT_POPULATIONS): visits to the
 * two-new organisations located in the area, and visits by the appointees received in it, with
 * the demands those took, by category of the area's district.
 */
export async function visitCoverage(ctx: Ctx, q: CoverageVisitsQuery) {
  const area = await reportArea(ctx, q.areaId);
  const period = { from: q.from, to: q.to, timeZone: DEFAULT_TIME_ZONE };
  const [orgs, visits, byTargetType, demands, categories] = await Promise.all([
    twoNewVisitsUnder(ctx.db, area.path, period),
    visitsToTwoNewUnder(ctx.db, area.path, period),
    visitsByTargetType(ctx.db, area.path, period),
    visitDemandsUnder(ctx.db, area.path, period),
    demandCategoriesOf(ctx.db, districtOf(area.path)),
  ]);
  return { area, from: q.from, to: q.to, orgs, visits, byTargetType, demands, categories };
}
