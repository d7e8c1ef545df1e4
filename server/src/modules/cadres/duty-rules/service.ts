import {
  addDays,
  type DutyRule,
  type DutyRuleCreate,
  type DutyRuleRetire,
  type DutyRuleVersionCreate,
  dutyRuleSchema,
} from '@gongjian/common';
import { audit } from '#server/audit/audit.ts';
import type { Executor } from '#server/db/client.ts';
import { dutyRuleVersions } from '#server/db/schema/index.ts';
import { badRequest, conflict, type FieldIssue, fieldError, forbidden, notFound } from '#server/errors.ts';
import { type Ctx, today } from '#server/http/context.ts';
import { ensureBuiltinKinds, findDistrict } from '#server/modules/cadres/appointments/queries.ts';
import { isAreaAdmin, isPlatformAdmin } from '#server/policies/actor.ts';
import { canReadRules, canWriteRules } from './policy.ts';
import {
  closeVersion,
  ensurePresetRules,
  kindsWithPolicy,
  listRuleVersions,
  type RuleVersionRow,
  ruleVersions,
  toRule,
} from './queries.ts';

/**
 * The district a rules request is about: the caller's own, or the one the platform admin names.
 * Roles that never read rules get 403 before anything else.
 */
export async function resolveRulesDistrict(ctx: Ctx, districtId: number | null | undefined): Promise<number> {
  if (!isAreaAdmin(ctx.actor)) throw forbidden();
  if (isPlatformAdmin(ctx.actor)) {
    if (!districtId) throw fieldError('districtId', 'v.required');
    if (!(await findDistrict(ctx.db, districtId))) throw fieldError('districtId', 'v.notFoundRef');
    return districtId;
  }
  const own = ctx.actor.districtId;
  if (own === null || (districtId && districtId !== own)) throw fieldError('districtId', 'v.notFoundRef');
  return own;
}

/** Every rule version of a district as the engine reads them, with the policy each belongs to. */
export async function districtRules(db: Executor, districtId: number, asOf?: Date) {
  await ensurePresetRules(db, districtId);
  const rows = await listRuleVersions(db, districtId);
  return rows.flatMap((row) => {
    if (!asOf) return [{ policyCode: row.policyCode, rule: toRule(row) }];
    // As the rules stood at `asOf`: versions published later did not exist (the presets, copied in
    // on a district's first use, always did), and a version closed later was still open.
    if (row.createdBy !== null && row.createdAt > asOf) return [];
    const open = row.closedAt !== null && row.closedAt > asOf;
    return [{ policyCode: row.policyCode, rule: toRule(open ? { ...row, effectiveTo: null } : row) }];
  });
}

/** The district's policies with every rule, its current version and its history. */
export async function listPolicies(ctx: Ctx, districtId: number | null | undefined) {
  const district = await resolveRulesDistrict(ctx, districtId);
  if (!canReadRules(ctx.actor, district)) throw forbidden();
  await ensurePresetRules(ctx.db, district);
  await ensureBuiltinKinds(ctx.db, district);
  const [rows, kinds] = await Promise.all([
    listRuleVersions(ctx.db, district),
    kindsWithPolicy(ctx.db, district),
  ]);
  return {
    districtId: district,
    canWrite: canWriteRules(ctx.actor, district),
    rows,
    kinds,
    today: today(ctx),
  };
}

/** One rule with all its versions, or 404. */
export async function ruleDetail(ctx: Ctx, code: string, districtId: number | null | undefined) {
  const district = await resolveRulesDistrict(ctx, districtId);
  await ensurePresetRules(ctx.db, district);
  const rows = await ruleVersions(ctx.db, district, code);
  if (!rows.length) throw notFound();
  return { rows, today: today(ctx) };
}

/**
 * Validate a rule body against the rule schema, with the version and validity the server
 * assigns; every problem is reported at once under `rule.`.
 */
function parseRule(
  body: Record<string, unknown>,
  fixed: Pick<DutyRule, 'version' | 'effectiveFrom'> & { code?: string },
): DutyRule {
  const result = dutyRuleSchema.safeParse({
    ...body,
    ...(fixed.code ? { code: fixed.code } : {}),
    version: fixed.version,
    effectiveFrom: fixed.effectiveFrom,
    effectiveTo: null,
  });
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: ['rule', ...i.path.map(String)].join('.'),
    code: i.code,
    message: i.message,
  }));
  throw badRequest(issues);
}

async function writeAllowed(ctx: Ctx, districtId: number | null | undefined) {
  const district = await resolveRulesDistrict(ctx, districtId);
  if (!canWriteRules(ctx.actor, district)) throw forbidden();
  return district;
}

/** Add a rule (version 1) to a policy of the district. A code already used is a 409 on `rule.code`. */
export async function createRule(ctx: Ctx, input: DutyRuleCreate) {
  const district = await writeAllowed(ctx, input.districtId);
  const rule = parseRule(input.rule, { version: 1, effectiveFrom: input.effectiveFrom });
  return ctx.db.transaction(async (tx) => {
    await ensurePresetRules(tx, district);
    const [row] = await tx
      .insert(dutyRuleVersions)
      .values({
        areaId: district,
        policyCode: input.policyCode,
        ruleCode: rule.code,
        version: 1,
        effectiveFrom: rule.effectiveFrom,
        effectiveTo: null,
        rule,
        createdBy: ctx.actor.accountId,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'create',
      entityType: 'duty_rule',
      entityId: rule.code,
      areaId: district,
      summary: `${input.policyCode}/${rule.code} v1 from ${rule.effectiveFrom}`,
      after: { policyCode: input.policyCode, version: 1, effectiveFrom: rule.effectiveFrom, rule },
    });
    return (await ruleVersions(tx, district, rule.code)) as RuleVersionRow[];
  });
}

/**
 * Publish a new version from a date. Versions still open on that date close the day before, so
 * periods that started earlier keep being judged by the version they started under.
 */
export async function addRuleVersion(ctx: Ctx, code: string, input: DutyRuleVersionCreate) {
  const district = await writeAllowed(ctx, input.districtId);
  return ctx.db.transaction(async (tx) => {
    await ensurePresetRules(tx, district);
    const versions = await ruleVersions(tx, district, code, true);
    const latest = versions[0];
    if (!latest) throw notFound();
    const issues: FieldIssue[] = [];
    if (input.rule.code !== undefined && input.rule.code !== code)
      issues.push({ path: 'rule.code', code: 'invalid', message: 'v.ruleCodeMismatch' });
    if (versions.some((v) => v.effectiveFrom >= input.effectiveFrom))
      issues.push({ path: 'effectiveFrom', code: 'invalid', message: 'v.versionDate' });
    if (issues.length) throw badRequest(issues);
    const version = latest.version + 1;
    const rule = parseRule(input.rule, { code, version, effectiveFrom: input.effectiveFrom });
    const dayBefore = addDays(input.effectiveFrom, -1);
    const closed: { version: number; effectiveTo: string | null }[] = [];
    for (const v of versions) {
      if (v.effectiveTo === null || v.effectiveTo > dayBefore) {
        closed.push({ version: v.version, effectiveTo: v.effectiveTo });
        await closeVersion(tx, v.id, dayBefore);
      }
    }
    const [row] = await tx
      .insert(dutyRuleVersions)
      .values({
        areaId: district,
        policyCode: latest.policyCode,
        ruleCode: code,
        version,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: null,
        rule,
        createdBy: ctx.actor.accountId,
        createdByName: ctx.actor.displayName,
      })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await audit(tx, ctx, {
      action: 'new_version',
      entityType: 'duty_rule',
      entityId: code,
      areaId: district,
      summary: `${latest.policyCode}/${code} v${version} from ${input.effectiveFrom}`,
      before: { versions: closed },
      after: {
        version,
        effectiveFrom: input.effectiveFrom,
        closed: closed.map((c) => ({ version: c.version, effectiveTo: dayBefore })),
        rule,
      },
    });
    return (await ruleVersions(tx, district, code)) as RuleVersionRow[];
  });
}

/** Retire a rule: no period starting after `effectiveTo` is judged by it. */
export async function retireRule(ctx: Ctx, code: string, input: DutyRuleRetire) {
  const district = await writeAllowed(ctx, input.districtId);
  return ctx.db.transaction(async (tx) => {
    await ensurePresetRules(tx, district);
    const versions = await ruleVersions(tx, district, code, true);
    if (!versions.length) throw notFound();
    const open = versions.filter((v) => v.effectiveTo === null || v.effectiveTo > input.effectiveTo);
    if (!open.length) throw conflict('RULE_RETIRED', 'e.ruleRetired');
    if (open.some((v) => v.effectiveFrom > input.effectiveTo))
      throw fieldError('effectiveTo', 'v.retireBeforeVersion');
    for (const v of open) await closeVersion(tx, v.id, input.effectiveTo);
    await audit(tx, ctx, {
      action: 'retire',
      entityType: 'duty_rule',
      entityId: code,
      areaId: district,
      summary: `${versions[0]?.policyCode}/${code} retired after ${input.effectiveTo}`,
      before: { versions: open.map((v) => ({ version: v.version, effectiveTo: v.effectiveTo })) },
      after: { versions: open.map((v) => ({ version: v.version, effectiveTo: input.effectiveTo })) },
    });
    return (await ruleVersions(tx, district, code)) as RuleVersionRow[];
  });
}
