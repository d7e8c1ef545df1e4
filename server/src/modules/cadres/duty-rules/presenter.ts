import type { DutyPolicy, DutyRuleDetail, DutyRuleVersion } from '@gongjian/common';
import type { Actor } from '#server/policies/actor.ts';
import { versionInForce } from '#server/rules/duties/versions.ts';
import { ruleActions } from './policy.ts';
import { type RuleVersionRow, toRule } from './queries.ts';

/** One stored version on the wire. */
export function presentVersion(row: RuleVersionRow): DutyRuleVersion {
  return {
    id: row.id,
    districtId: row.areaId,
    policyCode: row.policyCode,
    ruleCode: row.ruleCode,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    rule: toRule(row),
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A rule's versions (newest first) with the one in force on `today`. */
export function presentRule(rows: readonly RuleVersionRow[], actor: Actor, today: string): DutyRuleDetail {
  const first = rows[0];
  if (!first) throw new Error('a rule has at least one version');
  const versions = rows.map(presentVersion);
  const byDate = [...versions].sort((a, b) =>
    a.effectiveFrom !== b.effectiveFrom
      ? a.effectiveFrom < b.effectiveFrom
        ? 1
        : -1
      : b.version - a.version,
  );
  const inForce = versionInForce(
    byDate.map((v) => v.rule),
    today,
  );
  const current = inForce ? (byDate.find((v) => v.rule === inForce) ?? null) : null;
  // Retired: no version is open-ended, and the last one has ended.
  const retired = versions.every((v) => v.effectiveTo !== null && v.effectiveTo < today);
  return {
    ruleCode: first.ruleCode,
    policyCode: first.policyCode,
    current,
    versions,
    actions: ruleActions(actor, first.areaId, retired),
  };
}

/** Group a district's versions into policies, with the kinds pointing at each. */
export function presentPolicies(
  rows: readonly RuleVersionRow[],
  kinds: readonly { code: string; policyCode: string | null }[],
  actor: Actor,
  today: string,
): DutyPolicy[] {
  const byPolicy = new Map<string, Map<string, RuleVersionRow[]>>();
  for (const row of rows) {
    const rules = byPolicy.get(row.policyCode) ?? new Map<string, RuleVersionRow[]>();
    byPolicy.set(row.policyCode, rules);
    const list = rules.get(row.ruleCode);
    if (list) list.push(row);
    else rules.set(row.ruleCode, [row]);
  }
  for (const k of kinds)
    if (k.policyCode && !byPolicy.has(k.policyCode)) byPolicy.set(k.policyCode, new Map());
  return [...byPolicy.entries()].map(([code, rules]) => ({
    code,
    kindCodes: kinds.filter((k) => k.policyCode === code).map((k) => k.code),
    rules: [...rules.values()].map((list) => presentRule(list, actor, today)),
  }));
}
