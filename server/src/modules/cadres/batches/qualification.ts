import type { ConditionResult, ProgrammeCondition } from '@gongjian/common';

/** Everything the qualification check reads, gathered by the service; no I/O here. */
export interface CandidateFacts {
  member: {
    name: string;
    birthDate: string | null;
    joinDate: string | null;
    unitId: number | null;
    unitName: string | null;
    category: string;
    areaPath: string;
    areaName: string;
  };
  sendingUnit: { id: number; name: string } | null;
  receiving: { orgName: string; areaPath: string; areaName: string };
  /** The batch date, YYYY-MM-DD: ages are taken on it. */
  batchDate: string;
  /** Labels of the district's member categories, by code. */
  categoryLabels: Readonly<Record<string, { zh: string; en: string }>>;
}

/** Whole years of age on `day` of someone born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

const result = (
  type: ConditionResult['type'],
  passed: boolean,
  reasonZh: string,
  reasonEn: string,
): ConditionResult => ({ type, passed, reasonZh, reasonEn });

function evaluateOne(c: ProgrammeCondition, f: CandidateFacts): ConditionResult {
  const m = f.member;
  switch (c.type) {
    case 'lives_in_receiving_community': {
      const inside = m.areaPath.startsWith(f.receiving.areaPath);
      return inside
        ? result(
            c.type,
            true,
            `居住地「${m.areaName}」在接收组织所在的「${f.receiving.areaName}」范围内`,
            `Lives in ${m.areaName}, inside ${f.receiving.areaName} of the receiving organisation`,
          )
        : result(
            c.type,
            false,
            `居住地「${m.areaName}」不在接收组织所在的「${f.receiving.areaName}」范围内`,
            `Lives in ${m.areaName}, outside ${f.receiving.areaName} of the receiving organisation`,
          );
    }
    case 'is_party_member':
      return m.joinDate
        ? result(c.type, true, `已登记入党日期 ${m.joinDate}`, `Joined the Party on ${m.joinDate}`)
        : result(
            c.type,
            false,
            '党员档案中未登记入党日期',
            'The member record has no date of joining the Party',
          );
    case 'employee_of_sending_unit': {
      const unit = f.sendingUnit;
      if (!unit) return result(c.type, false, '未指定派出单位', 'No sending unit was named');
      if (m.unitId === unit.id)
        return result(
          c.type,
          true,
          `工作单位为派出单位「${unit.name}」`,
          `Works for the sending unit ${unit.name}`,
        );
      return result(
        c.type,
        false,
        `工作单位为「${m.unitName ?? '未登记'}」，不是派出单位「${unit.name}」`,
        `Works for ${m.unitName ?? 'no registered unit'}, not the sending unit ${unit.name}`,
      );
    }
    case 'max_age': {
      if (!m.birthDate)
        return result(
          c.type,
          false,
          '未登记出生日期，无法判断年龄',
          'No birth date recorded to judge the age',
        );
      const age = ageOn(m.birthDate, f.batchDate);
      return age <= c.years
        ? result(
            c.type,
            true,
            `${f.batchDate} 时 ${age} 岁，不超过 ${c.years} 岁`,
            `Aged ${age} on ${f.batchDate}, not over ${c.years}`,
          )
        : result(
            c.type,
            false,
            `${f.batchDate} 时 ${age} 岁，超过 ${c.years} 岁`,
            `Aged ${age} on ${f.batchDate}, over ${c.years}`,
          );
    }
    case 'category_in': {
      const label = (code: string) => f.categoryLabels[code] ?? { zh: code, en: code };
      const own = label(m.category);
      const allowedZh = c.categories.map((code) => label(code).zh).join('、');
      const allowedEn = c.categories.map((code) => label(code).en).join(', ');
      return c.categories.includes(m.category)
        ? result(
            c.type,
            true,
            `党员分类为「${own.zh}」，在「${allowedZh}」之内`,
            `Category ${own.en} is one of: ${allowedEn}`,
          )
        : result(
            c.type,
            false,
            `党员分类为「${own.zh}」，不在「${allowedZh}」之内`,
            `Category ${own.en} is not one of: ${allowedEn}`,
          );
    }
  }
}

/**
 * Evaluate every structured condition of a programme against one candidate: one result per
 * condition, in the programme's order, each with its reason. No condition at all passes.
 */
export function evaluateConditions(
  conditions: readonly ProgrammeCondition[],
  facts: CandidateFacts,
): ConditionResult[] {
  return conditions.map((c) => evaluateOne(c, facts));
}

/** A candidate qualifies when every condition passed. */
export const qualifies = (results: readonly ConditionResult[]) => results.every((r) => r.passed);
