import type { DutyRule } from '@gongjian/common';
import { and, asc, count, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '#server/db/client.ts';
import { appointmentKinds, dutyRuleVersions } from '#server/db/schema/index.ts';
import { PRESET_POLICY_CODES, presetPolicy } from '#server/rules/duties/index.ts';

/** One stored rule version. */
export type RuleVersionRow = typeof dutyRuleVersions.$inferSelect;

/**
 * Give a district the preset policies the first time its rules are needed. Idempotent and safe
 * under concurrent calls: the unique key on (district, rule code, version) absorbs a race.
 * Stored policies are chosen through the appointment kind's `dutyPolicyCode`, so the preset's
 * filter on the built-in kind code is dropped: a district's own kind that reuses a preset policy
 * gets its duties. A district may still narrow a rule by kind codes in a new version.
 */
export async function ensurePresetRules(db: Executor, districtId: number) {
  const [have] = await db
    .select({ n: count() })
    .from(dutyRuleVersions)
    .where(eq(dutyRuleVersions.areaId, districtId));
  if ((have?.n ?? 0) > 0) return;
  const rows = PRESET_POLICY_CODES.flatMap((policyCode) =>
    presetPolicy(policyCode).map((preset) => {
      const { appointmentKinds: _byKind, ...appliesTo } = preset.appliesTo;
      const rule: DutyRule = { ...preset, appliesTo };
      return {
        areaId: districtId,
        policyCode,
        ruleCode: rule.code,
        version: rule.version,
        effectiveFrom: rule.effectiveFrom,
        effectiveTo: null,
        rule,
      };
    }),
  );
  await db.insert(dutyRuleVersions).values(rows).onConflictDoNothing();
}

/** Every version of every rule of a district, by rule code then newest version first. */
export async function listRuleVersions(db: Executor, districtId: number) {
  return db
    .select()
    .from(dutyRuleVersions)
    .where(eq(dutyRuleVersions.areaId, districtId))
    .orderBy(
      asc(dutyRuleVersions.policyCode),
      asc(dutyRuleVersions.ruleCode),
      desc(dutyRuleVersions.version),
    );
}

/** The versions of one rule, newest first; `lock` takes them for update before a change. */
export async function ruleVersions(db: Executor, districtId: number, ruleCode: string, lock = false) {
  const q = db
    .select()
    .from(dutyRuleVersions)
    .where(and(eq(dutyRuleVersions.areaId, districtId), eq(dutyRuleVersions.ruleCode, ruleCode)))
    .orderBy(desc(dutyRuleVersions.version));
  return lock ? q.for('update') : q;
}

/** Close a version on a day (its last day in force), stamping when it was closed. */
export async function closeVersion(db: Executor, id: number, effectiveTo: string) {
  await db
    .update(dutyRuleVersions)
    .set({ effectiveTo, closedAt: sql`now()` })
    .where(eq(dutyRuleVersions.id, id));
}

/** The district's appointment kinds that point at a duty policy. */
export async function kindsWithPolicy(db: Executor, districtId: number) {
  return db
    .select({ code: appointmentKinds.code, policyCode: appointmentKinds.dutyPolicyCode })
    .from(appointmentKinds)
    .where(and(eq(appointmentKinds.areaId, districtId), isNotNull(appointmentKinds.dutyPolicyCode)))
    .orderBy(asc(appointmentKinds.sort), asc(appointmentKinds.id));
}

/** A stored version as the engine reads it: the columns win over the JSON. */
export function toRule(row: RuleVersionRow): DutyRule {
  return {
    ...row.rule,
    code: row.ruleCode,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
  };
}
