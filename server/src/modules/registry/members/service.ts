import {
  birthDateFromIdNumber,
  type MemberCreate,
  type MemberListQuery,
  type MemberUpdate,
  type MessageKey,
  memberAreaIssues,
  memberIssues,
  type RuleIssue,
  type WorkUnitRefQuery,
} from '@gongjian/common';
import { eq, sql } from 'drizzle-orm';
import { audit, changedFields, snapshot } from '#server/audit/audit.ts';
import type { Tx } from '#server/db/client.ts';
import { members } from '#server/db/schema/index.ts';
import { AppError, conflict, type FieldIssue, forbidden, notFound } from '#server/errors.ts';
import type { Ctx } from '#server/http/context.ts';
import type { Actor } from '#server/policies/actor.ts';
import { areaRef, dictIssues, districtOf, throwIfIssues } from '#server/policies/refs.ts';
import {
  canDeleteMember,
  canDeleteMembers,
  canListMembers,
  canPickWorkUnits,
  canReadAnyMember,
  canReadMember,
  canReferOrg,
  canReferUnit,
  canRevealMember,
  canUpdateMember,
  canWriteMembers,
  isOwnMember,
  memberListScope,
  residenceScopeOf,
} from './policy.ts';
import {
  findMember,
  findOrgRef,
  findUnitRef,
  listMembers,
  listWorkUnitRefs,
  lockMember,
  type MemberFilter,
  type MemberRecord,
  memberReferences,
  rebindMemberAccounts,
} from './queries.ts';

type LockedMember = MemberRecord & { areaPath: string };

const issue = (path: string, message: MessageKey): FieldIssue => ({ path, code: 'invalid', message });
const ruleIssue = (i: RuleIssue): FieldIssue => issue(i.field, i.key);

/** Run a lookup that reports a bad reference by throwing a 400; keep its issues and go on checking. */
async function collect<T>(issues: FieldIssue[], lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (e) {
    if (e instanceof AppError && e.status === 400 && Array.isArray(e.details)) {
      issues.push(...e.details);
      return undefined;
    }
    throw e;
  }
}

/** The PII fields a read would show in clear, i.e. those the record actually has. */
const piiFields = (row: { phone: string | null; idNumber: string | null }) =>
  (['phone', 'idNumber'] as const).filter((f) => row[f] !== null);

/** Record an unmasked read in its own transaction: reads have none, and the trail must hold it. */
export async function auditReveal(
  ctx: Ctx,
  entityType: string,
  row: { id: number; areaId: number; phone: string | null; idNumber: string | null },
) {
  const fields = piiFields(row);
  if (!fields.length) return;
  await ctx.db.transaction((tx) =>
    audit(tx, ctx, { action: 'reveal', entityType, entityId: row.id, areaId: row.areaId, after: { fields } }),
  );
}

/**
 * The work-unit picker: every unit of the caller's district for an area admin (employment is a
 * reference, not a scope), the own unit for a unit admin, every unit for the platform admin.
 */
export async function searchWorkUnits(ctx: Ctx, q: WorkUnitRefQuery) {
  const a = ctx.actor;
  if (!canPickWorkUnits(a)) throw forbidden();
  const own = a.role === 'unit_admin' ? (a.unitId ?? -1) : undefined;
  const districtPath = a.districtId !== null ? `/${a.districtId}/` : null;
  return listWorkUnitRefs(ctx.db, { districtPath, unitId: own, type: q.type, q: q.q }, q.page, q.pageSize);
}

/** One page of the members the caller may list, masked by the presenter. */
export async function searchMembers(ctx: Ctx, q: MemberListQuery) {
  return listMembers(ctx.db, await memberFilterOf(ctx, q), q.page, q.pageSize, q.after);
}

/** The member list's filter for the caller (the list and the Excel export share it). */
export async function memberFilterOf(ctx: Ctx, q: Omit<MemberListQuery, 'page' | 'pageSize'>) {
  if (!canListMembers(ctx.actor)) throw forbidden();
  const filter: MemberFilter = {
    scope: memberListScope(ctx.actor),
    areaId: q.areaId,
    unitId: q.unitId,
    orgId: q.orgId,
    category: q.category,
    skill: q.skill,
    role: q.role,
    gender: q.gender,
    q: q.q,
  };
  if (q.within)
    filter.withinPath = (await areaRef(ctx.db, residenceScopeOf(ctx.actor), q.within, 'within')).path;
  return filter;
}

/**
 * One member the caller may see, or 404. The member's own account always reads it in clear;
 * anyone else asks with `reveal` and must be allowed to. Every clear read is audited.
 */
export async function memberDetail(ctx: Ctx, id: number, reveal: boolean) {
  if (!canReadAnyMember(ctx.actor)) throw forbidden();
  const row = await findMember(ctx.db, id);
  if (!row || !canReadMember(ctx.actor, row)) throw notFound();
  const own = isOwnMember(ctx.actor, row);
  if (reveal && !own && !canRevealMember(ctx.actor, row)) throw forbidden();
  const unmasked = reveal || own;
  if (unmasked) await auditReveal(ctx, 'member', row);
  return { row, unmasked };
}

/** A unit admin registers members of its own unit only; naming another unit is refused outright. */
function unitFor(a: Actor, unitId: number | null | undefined) {
  if (a.role !== 'unit_admin') return unitId;
  if (unitId !== undefined && unitId !== a.unitId) throw forbidden();
  return a.unitId;
}

/**
 * Every cross-record rule of a member, checked against what the record will be after the write
 * (`before` is null on create). All failures are reported together; the birth date the record
 * must carry is returned when the write touches it.
 */
async function checkMember(tx: Tx, ctx: Ctx, input: MemberUpdate, before: LockedMember | null) {
  const a = ctx.actor;
  const issues: FieldIssue[] = [];

  let districtId = before ? districtOf(before.areaPath) : a.districtId;
  if (input.areaId !== undefined && input.areaId !== before?.areaId) {
    const area = await collect(issues, areaRef(tx, residenceScopeOf(a), input.areaId));
    if (area) {
      issues.push(...memberAreaIssues(area.level).map(ruleIssue));
      districtId = districtOf(area.path);
    }
  }

  // Codes belong to the residence's district; a move to another district re-checks them all.
  if (districtId !== null) {
    const moved = before !== null && districtId !== districtOf(before.areaPath);
    const category = input.category ?? before?.category;
    if (category && (!before || moved || category !== before.category))
      issues.push(...(await dictIssues(tx, districtId, 'member_category', [category], 'category')));
    for (const [field, type] of [
      ['skills', 'skill'],
      ['roles', 'member_role'],
    ] as const) {
      const codes = input[field] ?? before?.[field] ?? [];
      if (!before || moved || (input[field] !== undefined && codes.join() !== before[field].join()))
        issues.push(...(await dictIssues(tx, districtId, type, codes, field)));
    }
  }

  // The member rules (birth date ↔ ID number, join date after birth) judge the record as it will
  // be; an update is held only to the rules reading a field it sends.
  const idNumber = input.idNumber ?? before?.idNumber ?? '';
  const joinDate = input.joinDate !== undefined ? input.joinDate : (before?.joinDate ?? null);
  const touched = before
    ? (Object.keys(input) as (keyof MemberUpdate)[]).filter((k) => input[k] !== undefined)
    : undefined;
  issues.push(...memberIssues({ idNumber, birthDate: input.birthDate, joinDate }, touched).map(ruleIssue));
  // The ID number encodes the birth date, so the record's is always the number's.
  const birthTouched = !before || input.idNumber !== undefined || input.birthDate !== undefined;
  const birthDate = birthTouched ? birthDateFromIdNumber(idNumber) : (before?.birthDate ?? null);

  if (input.unitId && input.unitId !== before?.unitId) {
    const unit = await findUnitRef(tx, input.unitId);
    if (!unit || !canReferUnit(a, unit, districtId)) issues.push(issue('unitId', 'v.notFoundRef'));
  }
  if (input.orgId && input.orgId !== before?.orgId) {
    const org = await findOrgRef(tx, input.orgId);
    if (!org || !canReferOrg(a, org)) issues.push(issue('orgId', 'v.notFoundRef'));
  }

  throwIfIssues(issues);
  return birthTouched ? { birthDate } : {};
}

/** Register a member; a unit admin's registrations go to its own unit. */
export async function createMember(ctx: Ctx, input: MemberCreate) {
  if (!canWriteMembers(ctx.actor)) throw forbidden();
  const unitId = unitFor(ctx.actor, input.unitId) ?? null;
  return ctx.db.transaction(async (tx) => {
    const checked = await checkMember(tx, ctx, { ...input, unitId }, null);
    const [row] = await tx
      .insert(members)
      .values({
        areaId: input.areaId,
        name: input.name,
        gender: input.gender,
        birthDate: checked.birthDate ?? null,
        phone: input.phone ?? null,
        idNumber: input.idNumber,
        joinDate: input.joinDate ?? null,
        unitId,
        orgId: input.orgId ?? null,
        category: input.category,
        skills: input.skills,
        roles: input.roles,
        note: input.note ?? null,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'member',
      entityId: row.id,
      areaId: row.areaId,
      after: snapshot(row),
    });
    const created = await findMember(tx, row.id);
    if (!created) throw notFound();
    return created;
  });
}

/** Edit a member in scope; a move of residence carries its sign-in account along. */
export async function updateMember(ctx: Ctx, id: number, input: MemberUpdate) {
  if (!canWriteMembers(ctx.actor)) throw forbidden();
  unitFor(ctx.actor, input.unitId);
  return ctx.db.transaction(async (tx) => {
    const before = await lockMember(tx, id);
    if (!before || !canReadMember(ctx.actor, before)) throw notFound();
    if (!canUpdateMember(ctx.actor, before)) throw forbidden();
    const checked = await checkMember(tx, ctx, input, before);
    const [after] = await tx
      .update(members)
      .set({ ...input, ...checked, updatedAt: sql`now()` })
      .where(eq(members.id, id))
      .returning();
    if (!after) throw notFound();
    if (after.areaId !== before.areaId) await rebindMemberAccounts(tx, id, after.areaId);
    const diff = changedFields(before, after);
    await audit(tx, ctx, {
      action: 'update',
      entityType: 'member',
      entityId: id,
      areaId: after.areaId,
      before: diff.before,
      after: diff.after,
    });
    const updated = await findMember(tx, id);
    if (!updated) throw notFound();
    return updated;
  });
}

/** Remove a member nothing refers to (accounts, joint-body seats). */
export async function deleteMember(ctx: Ctx, id: number) {
  if (!canDeleteMembers(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    const before = await lockMember(tx, id);
    if (!before || !canReadMember(ctx.actor, before)) throw notFound();
    if (!canDeleteMember(ctx.actor, before)) throw forbidden();
    const refs = await memberReferences(tx, id);
    if (Object.keys(refs).length) throw conflict('HAS_RECORDS', 'e.hasRecords', { references: refs });
    await tx.delete(members).where(eq(members.id, id));
    const { areaPath: _p, ...row } = before;
    await audit(tx, ctx, {
      action: 'delete',
      entityType: 'member',
      entityId: id,
      areaId: before.areaId,
      before: snapshot(row),
    });
  });
}
