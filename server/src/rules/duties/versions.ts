import type { DutyRule } from '@gongjian/common';

/**
 * Rule versions. A rule's code names it across versions; each version is in force from its
 * `effectiveFrom` through its `effectiveTo` (inclusive) or onwards. When ranges overlap, the
 * version with the later `effectiveFrom` wins, then the higher version number, so publishing a
 * new version never requires editing the old one.
 */

/** Versions of each code, newest first (by effectiveFrom, then version). */
export function groupVersions(rules: readonly DutyRule[]): Map<string, DutyRule[]> {
  const byCode = new Map<string, DutyRule[]>();
  for (const rule of rules) {
    const list = byCode.get(rule.code);
    if (list) list.push(rule);
    else byCode.set(rule.code, [rule]);
  }
  for (const list of byCode.values()) list.sort(newestFirst);
  return byCode;
}

function newestFirst(a: DutyRule, b: DutyRule): number {
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom < b.effectiveFrom ? 1 : -1;
  if (a.version !== b.version) return b.version - a.version;
  // Two versions with the same date and number are a data error; order them by content so the
  // outcome still does not depend on the order they were passed in.
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Among versions sorted newest first, the one in force on a date (YYYY-MM-DD). */
export function versionInForce(versions: readonly DutyRule[], date: string): DutyRule | undefined {
  return versions.find((v) => v.effectiveFrom <= date && (!v.effectiveTo || date <= v.effectiveTo));
}

/**
 * The version of rule `code` in force on `date` (YYYY-MM-DD), or undefined when none is: the
 * rule did not exist yet or was withdrawn. A period is judged by the version in force on its
 * first day.
 */
export function ruleVersionAt(rules: readonly DutyRule[], code: string, date: string): DutyRule | undefined {
  return versionInForce(rules.filter((r) => r.code === code).sort(newestFirst), date);
}
