import { type DutyEvaluation, type DutyRequirement, type DutyRule, dutyRuleSchema } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateAll, groupRecordsBySubject } from './engine.ts';
import { presetDutyRules } from './preset.ts';
import type { DutyExemption, DutyRecord, DutySubject, EvaluateInput } from './types.ts';
import { ruleVersionAt } from './versions.ts';

/** An instant in China time: cn('2026-02-10', '09:00'). */
const cn = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

const CONTACT = { 'zh-CN': '联系社区', en: 'contact', enPlural: 'contacts' };

function rule(over: Partial<DutyRule> & { requirement?: DutyRequirement } = {}): DutyRule {
  return {
    code: 'weekly_contact',
    version: 1,
    effectiveFrom: '2020-01-01',
    name: { 'zh-CN': '每周联系社区', en: 'Weekly contact' },
    appliesTo: { subjectTypes: ['appointee'], appointmentKinds: ['second_secretary'] },
    period: 'week',
    counts: { kinds: ['contact'] },
    requirement: { type: 'count', min: 1, noun: CONTACT },
    ...over,
  };
}

function subject(over: Partial<DutySubject> = {}): DutySubject {
  return { id: 1, type: 'appointee', appointmentKind: 'second_secretary', termStart: '2025-01-01', ...over };
}

let nextId = 1;
function rec(kind: string, at: string, attributes: DutyRecord['attributes'] = {}, subjectId = 1): DutyRecord {
  return { id: nextId++, subjectId, kind, occurredAt: at, attributes };
}

function run(over: Partial<EvaluateInput>): DutyEvaluation[] {
  return evaluate({
    subjects: [subject()],
    records: [],
    rules: [rule()],
    now: cn('2026-02-20'),
    from: '2026-02-02',
    to: '2026-02-22',
    ...over,
  });
}

function at(results: DutyEvaluation[], periodKey: string, ruleCode?: string): DutyEvaluation {
  const found = results.find((r) => r.periodKey === periodKey && (!ruleCode || r.ruleCode === ruleCode));
  if (!found) throw new Error(`no result for ${periodKey} in ${results.map((r) => r.periodKey).join(', ')}`);
  return found;
}

describe('count requirements', () => {
  it('meets a week with a contact and misses a week without one, saying so in both languages', () => {
    const contact = rec('contact', cn('2026-02-03'));
    const results = run({ records: [contact] });
    expect(results.map((r) => r.periodKey)).toEqual(['2026-W06', '2026-W07', '2026-W08']);
    const w06 = at(results, '2026-W06');
    expect(w06.status).toBe('met');
    expect(w06.recordIds).toEqual([contact.id]);
    expect(w06.progress).toEqual({ actual: 1, required: 1 });
    const w07 = at(results, '2026-W07');
    expect(w07.status).toBe('missed');
    expect(w07.recordIds).toEqual([]);
    expect(w07.explanation).toEqual({
      'zh-CN': '2月9日–2月15日：未记录联系社区',
      en: 'Feb 9 – Feb 15: no contact recorded',
    });
    expect(w07.windowStart).toBe('2026-02-08T16:00:00.000Z');
    expect(w07.windowEnd).toBe('2026-02-15T16:00:00.000Z');
  });

  it('says how many are still short when some but not enough were recorded', () => {
    const twice = rule({
      code: 'projects',
      period: 'year',
      counts: { kinds: ['project_claim'] },
      requirement: { type: 'count', min: 2, noun: { 'zh-CN': '认领项目', en: 'claimed project' } },
    });
    const [r] = run({
      rules: [twice],
      records: [rec('project_claim', cn('2026-02-01'))],
      from: '2026-02-01',
      to: '2026-02-01',
    });
    expect(r?.status).toBe('not_yet_due');
    expect(r?.explanation).toEqual({
      'zh-CN': '2026年：已记录 1 次认领项目，至少需 2 次，尚差 1 次',
      en: '2026: 1 of 2 claimed projects recorded, 1 short',
    });
  });

  it('is at risk from the start of the last two days of the week and missed once it closes', () => {
    const status = (now: string) => at(run({ now }), '2026-W08').status;
    expect(status(cn('2026-02-20', '23:59'))).toBe('not_yet_due');
    expect(status(cn('2026-02-21', '00:00'))).toBe('at_risk');
    expect(status(cn('2026-02-22', '23:59'))).toBe('at_risk');
    expect(status(cn('2026-02-23', '00:00'))).toBe('missed');
  });

  it('takes the at-risk threshold from the rule when it sets one', () => {
    const late = rule({ atRiskDays: 0 });
    expect(at(run({ rules: [late], now: cn('2026-02-22', '23:00') }), '2026-W08').status).toBe('not_yet_due');
    const early = rule({ atRiskDays: 7 });
    expect(at(run({ rules: [early], now: cn('2026-02-16', '00:00') }), '2026-W08').status).toBe('at_risk');
  });

  it('reports a week that has not started as not yet due and says so', () => {
    const w09 = at(run({ to: '2026-03-01' }), '2026-W09');
    expect(w09.status).toBe('not_yet_due');
    expect(w09.explanation).toEqual({
      'zh-CN': '2月23日–3月1日：尚未开始',
      en: 'Feb 23 – Mar 1: not started yet',
    });
  });

  it('ignores records after now, so a past verdict can be replayed', () => {
    const results = run({ records: [rec('contact', cn('2026-02-18'))], now: cn('2026-02-17') });
    expect(at(results, '2026-W08').status).toBe('not_yet_due');
    expect(at(results, '2026-W08').recordIds).toEqual([]);
  });

  it('assigns records to weeks in the calendar time zone', () => {
    // 2026-02-15T17:00Z is Monday 16 February, 01:00 in China: week 8 there, week 7 in UTC.
    const late = rec('contact', '2026-02-15T17:00:00Z');
    const china = run({ records: [late] });
    expect(at(china, '2026-W07').status).toBe('missed');
    expect(at(china, '2026-W08').status).toBe('met');
    const utc = run({ records: [late], calendar: { timeZone: 'UTC' } });
    expect(at(utc, '2026-W07').status).toBe('met');
  });

  it('counts only community-confirmed records when the rule requires confirmation', () => {
    const onsite = rule({
      code: 'onsite',
      period: 'month',
      counts: { kinds: ['onsite_day'], confirmedOnly: true },
      requirement: { type: 'count', min: 1, noun: { 'zh-CN': '到村居工作日', en: 'on-site working day' } },
    });
    const pending = rec('onsite_day', cn('2026-01-10'), { confirmed: false });
    const unmarked = rec('onsite_day', cn('2026-01-11'));
    const results = run({
      rules: [onsite],
      records: [pending, unmarked],
      from: '2026-01-01',
      to: '2026-02-28',
    });
    expect(at(results, '2026-01').status).toBe('missed');
    const confirmed = rec('onsite_day', cn('2026-01-12'), { confirmed: true });
    const after = run({
      rules: [onsite],
      records: [pending, unmarked, confirmed],
      from: '2026-01-01',
      to: '2026-02-28',
    });
    expect(at(after, '2026-01').status).toBe('met');
    expect(at(after, '2026-01').recordIds).toEqual([confirmed.id]);
  });

  it('filters on attributes with equals and in, comparing by type', () => {
    const led = rule({
      code: 'led',
      period: 'year',
      counts: {
        kinds: ['activity'],
        where: [
          { attribute: 'activityRole', op: 'equals', value: 'led' },
          { attribute: 'activityType', op: 'in', values: ['theme_party_day', 'joint_study'] },
        ],
      },
    });
    const records = [
      rec('activity', cn('2026-01-05'), { activityRole: 'attended', activityType: 'theme_party_day' }),
      rec('activity', cn('2026-01-06'), { activityRole: 'led', activityType: 'other' }),
      rec('activity', cn('2026-01-07'), { activityRole: 'led' }),
      rec('contact', cn('2026-01-08'), { activityRole: 'led', activityType: 'joint_study' }),
    ];
    const [before] = run({ rules: [led], records, from: '2026-01-01', to: '2026-01-01' });
    expect(before?.progress.actual).toBe(0);
    const good = rec('activity', cn('2026-01-09'), { activityRole: 'led', activityType: 'joint_study' });
    const [after] = run({ rules: [led], records: [...records, good], from: '2026-01-01', to: '2026-01-01' });
    expect(after?.recordIds).toEqual([good.id]);

    const numeric = rule({
      code: 'numeric',
      counts: { kinds: ['visit'], where: [{ attribute: 'targetUnitId', op: 'equals', value: 7 }] },
    });
    const [asText] = run({
      rules: [numeric],
      records: [rec('visit', cn('2026-02-03'), { targetUnitId: '7' })],
      from: '2026-02-03',
      to: '2026-02-03',
    });
    expect(asText?.status).toBe('missed');
  });
});

describe('sum requirements', () => {
  const hours = rule({
    code: 'volunteer_hours',
    appliesTo: { subjectTypes: ['member'] },
    period: 'quarter',
    counts: { kinds: ['volunteer'], confirmedOnly: true },
    requirement: {
      type: 'sum',
      attribute: 'hours',
      min: 10,
      noun: { 'zh-CN': '志愿服务', en: 'volunteer service' },
      unit: { 'zh-CN': '小时', en: 'hour' },
    },
  });
  const member = subject({ type: 'member', appointmentKind: null, memberCategory: 'in_service' });
  const base = {
    subjects: [member],
    rules: [hours],
    now: cn('2026-04-02'),
    from: '2026-01-01',
    to: '2026-03-31',
  };

  it('adds up confirmed hours and says how many are missing', () => {
    const records = [
      rec('volunteer', cn('2026-01-10'), { hours: 4, confirmed: true }),
      rec('volunteer', cn('2026-02-10'), { hours: 2, confirmed: true }),
      rec('volunteer', cn('2026-03-10'), { hours: 5, confirmed: false }),
    ];
    const [q1] = run({ ...base, records });
    expect(q1?.status).toBe('missed');
    expect(q1?.progress).toEqual({ actual: 6, required: 10 });
    expect(q1?.recordIds).toEqual([records[0]?.id, records[1]?.id]);
    expect(q1?.explanation).toEqual({
      'zh-CN': '2026年第一季度：志愿服务共 6 小时，至少需 10 小时，尚差 4 小时',
      en: 'Q1 2026: 6 of 10 hours of volunteer service recorded, 4 short',
    });
    const more = rec('volunteer', cn('2026-03-30'), { hours: 4.5, confirmed: true });
    const [after] = run({ ...base, records: [...records, more] });
    expect(after?.status).toBe('met');
    expect(after?.progress.actual).toBe(10.5);
    expect(after?.explanation.en).toBe(
      'Q1 2026: 10.5 hours of volunteer service recorded (at least 10 required)',
    );
  });

  it('ignores hours that are missing, not numbers, zero or negative', () => {
    const records = [
      rec('volunteer', cn('2026-01-10'), { hours: '8', confirmed: true }),
      rec('volunteer', cn('2026-01-11'), { hours: -5, confirmed: true }),
      rec('volunteer', cn('2026-01-12'), { hours: 0, confirmed: true }),
      rec('volunteer', cn('2026-01-13'), { confirmed: true }),
    ];
    const [q1] = run({ ...base, records });
    expect(q1?.progress.actual).toBe(0);
    expect(q1?.explanation['zh-CN']).toBe('2026年第一季度：未记录志愿服务（至少需 10 小时）');
  });

  it('does not apply a member rule to appointees', () => {
    expect(run({ ...base, subjects: [subject()] })).toEqual([]);
  });
});

describe('coverage requirements', () => {
  const NAMES = ['张三', '李四', '王五', '赵六', '钱七', '孙八', '周九', '吴十', '郑一', '冯二'];
  const employees = Array.from({ length: 17 }, (_, i) => ({ id: 100 + i, name: NAMES[i] ?? `职工${i + 1}` }));
  const coverage = rule({
    code: 'employee_contact',
    period: 'quarter',
    counts: { kinds: ['employee_contact'] },
    requirement: {
      type: 'coverage',
      population: 'sending_unit_employees',
      attribute: 'subjectMemberId',
      noun: { 'zh-CN': '职工', en: 'employee' },
      measureWord: '名',
      verb: { 'zh-CN': '联系', en: 'contacted' },
    },
  });
  const secretary = subject({ populations: { sending_unit_employees: employees } });
  const contacts = employees
    .slice(4)
    .map((e) => rec('employee_contact', cn('2026-08-03'), { subjectMemberId: e.id }));
  const base = { subjects: [secretary], rules: [coverage], from: '2026-07-01', to: '2026-09-30' };

  it('names the employees not yet contacted while the quarter is open', () => {
    const [q3] = run({ ...base, records: contacts, now: cn('2026-09-20') });
    expect(q3?.status).toBe('at_risk');
    expect(q3?.progress).toEqual({ actual: 13, required: 17 });
    expect(q3?.missing.map((m) => m.name)).toEqual(['张三', '李四', '王五', '赵六']);
    expect(q3?.explanation).toEqual({
      'zh-CN': '2026年第三季度：17 名职工中 4 名尚未联系：张三、李四、王五、赵六',
      en: 'Q3 2026: 4 of 17 employees not yet contacted: 张三, 李四, 王五, 赵六',
    });
  });

  it('says not contacted once the quarter has closed', () => {
    const [q3] = run({ ...base, records: contacts, now: cn('2026-10-01', '00:00') });
    expect(q3?.status).toBe('missed');
    expect(q3?.explanation['zh-CN']).toBe('2026年第三季度：17 名职工中 4 名未联系：张三、李四、王五、赵六');
    expect(q3?.explanation.en).toBe('Q3 2026: 4 of 17 employees not contacted: 张三, 李四, 王五, 赵六');
  });

  it('is met when everyone is covered, counting every record that named someone', () => {
    const rest = employees
      .slice(0, 4)
      .map((e) => rec('employee_contact', cn('2026-09-01'), { subjectMemberId: e.id }));
    const again = rec('employee_contact', cn('2026-09-02'), { subjectMemberId: 100 });
    const stranger = rec('employee_contact', cn('2026-09-03'), { subjectMemberId: 999 });
    const [q3] = run({ ...base, records: [...contacts, ...rest, again, stranger], now: cn('2026-09-20') });
    expect(q3?.status).toBe('met');
    expect(q3?.recordIds).toHaveLength(18);
    expect(q3?.recordIds).not.toContain(stranger.id);
    expect(q3?.explanation).toEqual({
      'zh-CN': '2026年第三季度：17 名职工已全部联系',
      en: 'Q3 2026: all 17 employees contacted',
    });
  });

  it('matches ids given as text or numbers', () => {
    const asText = employees.map((e) =>
      rec('employee_contact', cn('2026-08-04'), { subjectMemberId: String(e.id) }),
    );
    expect(run({ ...base, records: asText, now: cn('2026-09-20') })[0]?.status).toBe('met');
  });

  it('lists ten names and counts the rest', () => {
    const [q3] = run({ ...base, now: cn('2026-09-20') });
    expect(q3?.explanation['zh-CN']).toBe(
      `2026年第三季度：17 名职工中 17 名尚未联系：${NAMES.join('、')} 等 17 名`,
    );
    expect(q3?.explanation.en).toBe(
      `Q3 2026: 17 of 17 employees not yet contacted: ${NAMES.join(', ')} and 7 more`,
    );
    expect(q3?.missing).toHaveLength(17);
  });

  it('accepts a share of the population when the rule sets one', () => {
    const share = rule({
      ...coverage,
      requirement: {
        ...(coverage.requirement as Extract<DutyRequirement, { type: 'coverage' }>),
        minShare: 0.75,
      },
    });
    const [q3] = run({ ...base, rules: [share], records: contacts, now: cn('2026-09-20') });
    expect(q3?.status).toBe('met');
    expect(q3?.progress).toEqual({ actual: 13, required: 13 });
    expect(q3?.explanation['zh-CN']).toBe('2026年第三季度：17 名职工中已联系 13 名（至少需 13 名）');
  });

  it('is met with nothing to cover when the population is empty or missing', () => {
    const [q3] = run({ ...base, subjects: [subject()], now: cn('2026-09-20') });
    expect(q3?.status).toBe('met');
    expect(q3?.progress).toEqual({ actual: 0, required: 0 });
    expect(q3?.explanation).toEqual({
      'zh-CN': '2026年第三季度：无需联系的职工',
      en: 'Q3 2026: no employees to be contacted',
    });
  });
});

describe('deadline requirements', () => {
  const report = rule({
    code: 'annual_report',
    period: 'year',
    counts: { kinds: ['annual_report'] },
    requirement: {
      type: 'deadline',
      due: { monthsAfterPeriodEnd: 1, day: 31 },
      periodAttribute: 'reportYear',
      noun: { 'zh-CN': '年度述职报告', en: 'annual work report' },
    },
  });
  const base = { rules: [report], from: '2026-01-01', to: '2026-12-31' };

  it('is not yet due during the year, at risk in the last two weeks of January, missed from 1 February', () => {
    const status = (now: string) => run({ ...base, now })[0];
    const during = status(cn('2026-12-01'));
    expect(during?.status).toBe('not_yet_due');
    expect(during?.dueDate).toBe('2027-01-31');
    expect(during?.explanation).toEqual({
      'zh-CN': '2026年：年度述职报告应于 2027-01-31 前提交',
      en: '2026: annual work report due by 2027-01-31',
    });
    expect(status(cn('2027-01-17', '23:59'))?.status).toBe('not_yet_due');
    expect(status(cn('2027-01-18', '00:00'))?.status).toBe('at_risk');
    const missed = status(cn('2027-02-01', '00:00'));
    expect(missed?.status).toBe('missed');
    expect(missed?.explanation).toEqual({
      'zh-CN': '2026年：年度述职报告未在 2027-01-31 前提交',
      en: '2026: annual work report not submitted by 2027-01-31',
    });
  });

  it('accepts a report on the last minute of the due date', () => {
    const filed = rec('annual_report', cn('2027-01-31', '23:59'));
    const [r] = run({ ...base, records: [filed], now: cn('2027-03-01') });
    expect(r?.status).toBe('met');
    expect(r?.recordIds).toEqual([filed.id]);
    expect(r?.explanation).toEqual({
      'zh-CN': '2026年：年度述职报告已于 2027-01-31 提交（截止 2027-01-31）',
      en: '2026: annual work report submitted on 2027-01-31 (due 2027-01-31)',
    });
  });

  it('counts a January report for the year before, not the year it was filed in', () => {
    const filed = rec('annual_report', cn('2027-01-20'));
    const results = run({ ...base, records: [filed], now: cn('2028-03-01'), to: '2027-12-31' });
    expect(at(results, '2026').status).toBe('met');
    expect(at(results, '2027').status).toBe('missed');
  });

  it('sees a report that names its year but came after the due date as late', () => {
    const late = rec('annual_report', cn('2027-02-03'), { reportYear: 2026 });
    const results = run({ ...base, records: [late], now: cn('2028-03-01'), to: '2027-12-31' });
    const y2026 = at(results, '2026');
    expect(y2026.status).toBe('missed');
    expect(y2026.recordIds).toEqual([]);
    expect(y2026.explanation).toEqual({
      'zh-CN': '2026年：年度述职报告未在 2027-01-31 前提交（2027-02-03 逾期提交）',
      en: '2026: annual work report not submitted by 2027-01-31 (submitted late on 2027-02-03)',
    });
    expect(at(results, '2027').status).toBe('missed');
  });

  it('supports a due date a number of days after the period and clamps month days', () => {
    const monthly = rule({
      code: 'monthly_summary',
      period: 'month',
      counts: { kinds: ['summary'] },
      requirement: {
        type: 'deadline',
        due: { daysAfterPeriodEnd: 5 },
        noun: { 'zh-CN': '月度小结', en: 'monthly summary' },
      },
    });
    const [jan] = run({ rules: [monthly], from: '2026-01-01', to: '2026-01-31', now: cn('2026-01-20') });
    expect(jan?.dueDate).toBe('2026-02-05');
    const clamped = rule({
      ...monthly,
      requirement: {
        type: 'deadline',
        due: { monthsAfterPeriodEnd: 1, day: 31 },
        noun: { 'zh-CN': '小结', en: 'summary' },
      },
    });
    const [jan2] = run({ rules: [clamped], from: '2026-01-01', to: '2026-01-31', now: cn('2026-01-20') });
    expect(jan2?.dueDate).toBe('2026-02-28');
  });
});

describe('rule versions', () => {
  const v1 = rule();
  const v2 = rule({
    version: 2,
    effectiveFrom: '2026-03-02',
    requirement: { type: 'count', min: 2, noun: CONTACT },
  });

  it('finds the version in force on a date', () => {
    const withdrawn = { ...v2, version: 3, effectiveFrom: '2026-06-01', effectiveTo: '2026-12-31' };
    const rules = [withdrawn, v1, v2];
    expect(ruleVersionAt(rules, 'weekly_contact', '2026-03-01')?.version).toBe(1);
    expect(ruleVersionAt(rules, 'weekly_contact', '2026-03-02')?.version).toBe(2);
    expect(ruleVersionAt(rules, 'weekly_contact', '2026-12-31')?.version).toBe(3);
    expect(ruleVersionAt(rules, 'weekly_contact', '2027-01-01')?.version).toBe(2);
    expect(ruleVersionAt(rules, 'weekly_contact', '2019-12-31')).toBeUndefined();
    expect(ruleVersionAt(rules, 'other', '2026-03-02')).toBeUndefined();
  });

  it('judges a past week by the old version and a new week by the new one', () => {
    const records = [rec('contact', cn('2026-02-24')), rec('contact', cn('2026-03-03'))];
    const results = run({
      rules: [v2, v1],
      records,
      from: '2026-02-23',
      to: '2026-03-08',
      now: cn('2026-03-20'),
    });
    expect(at(results, '2026-W09')).toMatchObject({ ruleVersion: 1, status: 'met' });
    expect(at(results, '2026-W10')).toMatchObject({
      ruleVersion: 2,
      status: 'missed',
      progress: { actual: 1, required: 2 },
    });
  });

  it('keeps a week that started before the new version under the old one', () => {
    const midweek = { ...v2, effectiveFrom: '2026-03-04' };
    const results = run({
      rules: [v1, midweek],
      from: '2026-03-02',
      to: '2026-03-15',
      now: cn('2026-03-20'),
    });
    expect(at(results, '2026-W10').ruleVersion).toBe(1);
    expect(at(results, '2026-W11').ruleVersion).toBe(2);
  });

  it('switches period kind with the version and stops when a rule is withdrawn', () => {
    const weekly = { ...v1, effectiveTo: '2026-03-31' };
    const monthly = rule({
      version: 2,
      effectiveFrom: '2026-04-01',
      effectiveTo: '2026-05-31',
      period: 'month',
    });
    const results = run({
      rules: [weekly, monthly],
      from: '2026-03-23',
      to: '2026-07-31',
      now: cn('2026-08-01'),
    });
    expect(results.map((r) => `${r.periodKey}@${r.ruleVersion}`)).toEqual([
      '2026-W13@1',
      '2026-W14@1',
      '2026-04@2',
      '2026-05@2',
    ]);
  });
});

describe('exemptions', () => {
  const exemption = (over: Partial<DutyExemption> = {}): DutyExemption => ({
    subjectId: 1,
    ruleCode: 'weekly_contact',
    periodKey: '2026-W07',
    reason: { 'zh-CN': '病假', en: 'Illness' },
    approved: true,
    ...over,
  });

  it('marks an approved exemption exempt with its reason', () => {
    const w07 = at(run({ exemptions: [exemption()] }), '2026-W07');
    expect(w07.status).toBe('exempt');
    expect(w07.exemptionReason).toEqual({ 'zh-CN': '病假', en: 'Illness' });
    expect(w07.explanation).toEqual({
      'zh-CN': '2月9日–2月15日：已豁免（病假）',
      en: 'Feb 9 – Feb 15: exempt (Illness)',
    });
  });

  it('ignores an exemption that was not approved', () => {
    const w07 = at(run({ exemptions: [exemption({ approved: false })] }), '2026-W07');
    expect(w07.status).toBe('missed');
    expect(w07.exemptionReason).toBeNull();
  });

  it('keeps a duty met even when an exemption covers it', () => {
    const w07 = at(
      run({ exemptions: [exemption()], records: [rec('contact', cn('2026-02-10'))] }),
      '2026-W07',
    );
    expect(w07.status).toBe('met');
    expect(w07.exemptionReason).toEqual({ 'zh-CN': '病假', en: 'Illness' });
  });

  it('exempts a term rule by the term key or the word term', () => {
    const termRule = rule({ code: 'term_visits', period: 'term' });
    const s = subject({ termStart: '2026-01-05', termEnd: '2026-06-30' });
    const base = {
      subjects: [s],
      rules: [termRule],
      from: '2026-01-01',
      to: '2026-12-31',
      now: cn('2026-08-01'),
    };
    expect(run(base)[0]?.status).toBe('missed');
    const byWord = run({ ...base, exemptions: [exemption({ ruleCode: 'term_visits', periodKey: 'term' })] });
    expect(byWord[0]?.status).toBe('exempt');
    const byKey = run({
      ...base,
      exemptions: [
        exemption({
          ruleCode: 'term_visits',
          periodKey: '2026-01-05/2026-06-30',
          reason: { 'zh-CN': '借调', en: 'Seconded' },
        }),
      ],
    });
    expect(byKey[0]?.exemptionReason?.en).toBe('Seconded');
  });
});

describe('partial periods at the start and end of a term', () => {
  it('assesses a first week the term covers for four days, counting only records inside the term', () => {
    const s = subject({ termStart: '2026-02-12' });
    const before = rec('contact', cn('2026-02-10'));
    const w07 = at(run({ subjects: [s], records: [before] }), '2026-W07');
    expect(w07.status).toBe('missed');
    expect(w07.windowStart).toBe('2026-02-11T16:00:00.000Z');
    expect(w07.recordIds).toEqual([]);
  });

  it('does not assess a first week the term covers for only three days', () => {
    const s = subject({ termStart: '2026-02-13' });
    const results = run({ subjects: [s], records: [rec('contact', cn('2026-02-14'))] });
    expect(results.map((r) => r.periodKey)).toEqual(['2026-W07', '2026-W08']);
    const w07 = at(results, '2026-W07');
    expect(w07.status).toBe('not_applicable');
    // Not assessed, but the contact made is shown: in the progress, the records and the words.
    expect(w07.progress).toEqual({ actual: 1, required: 1 });
    expect(w07.recordIds).toHaveLength(1);
    expect(w07.explanation).toEqual({
      'zh-CN': '2月9日–2月15日：任期仅覆盖本期 3/7 天，不足 50%，不考核（已记录 1 条）',
      en: 'Feb 9 – Feb 15: the term covers 3 of 7 days, under 50%; not assessed (1 record on file)',
    });
  });

  it('closes the last period at the end of the term and skips periods after it', () => {
    const recalled = subject({ termEnd: '2026-02-12' });
    const results = run({ subjects: [recalled], now: cn('2026-02-13', '00:00') });
    expect(results.map((r) => r.periodKey)).toEqual(['2026-W06', '2026-W07']);
    const w07 = at(results, '2026-W07');
    expect(w07.windowEnd).toBe('2026-02-12T16:00:00.000Z');
    expect(w07.status).toBe('missed');
    const shorter = subject({ termEnd: '2026-02-10' });
    expect(at(run({ subjects: [shorter] }), '2026-W07').status).toBe('not_applicable');
  });

  it('is at risk in the last days before an early term end', () => {
    const recalled = subject({ termEnd: '2026-02-12' });
    expect(at(run({ subjects: [recalled], now: cn('2026-02-11') }), '2026-W07').status).toBe('at_risk');
  });

  it('uses half of a month as the threshold and lets a rule demand whole periods', () => {
    const monthly = rule({ period: 'month' });
    const status = (termStart: string, r = monthly) =>
      at(
        run({ subjects: [subject({ termStart })], rules: [r], from: '2026-03-01', to: '2026-03-31' }),
        '2026-03',
      ).status;
    expect(status('2026-03-16')).toBe('not_yet_due');
    expect(status('2026-03-17')).toBe('not_applicable');
    expect(status('2026-03-02', rule({ period: 'month', minPeriodShare: 1 }))).toBe('not_applicable');
  });
});

describe('term periods', () => {
  const visits = rule({
    code: 'fs_ledgers',
    appliesTo: { appointmentKinds: ['first_secretary'] },
    period: 'term',
    counts: { kinds: ['visit'] },
    requirement: { type: 'count', min: 24, noun: { 'zh-CN': '走访记录', en: 'visit record' } },
  });
  const first = subject({
    appointmentKind: 'first_secretary',
    termStart: '2026-03-15',
    termEnd: '2028-03-14',
  });
  const monthlyVisits = (n: number) =>
    Array.from({ length: n }, (_, i) => {
      const month = ((i + 2) % 12) + 1;
      const year = 2026 + Math.floor((i + 2) / 12);
      return rec('visit', cn(`${year}-${String(month).padStart(2, '0')}-20`));
    });
  const base = { subjects: [first], rules: [visits], from: '2026-01-01', to: '2028-12-31' };

  it('judges a two-year term starting mid-month as one period', () => {
    const [term] = run({ ...base, records: monthlyVisits(10), now: cn('2027-06-01') });
    expect(term).toMatchObject({
      periodKey: '2026-03-15/2028-03-14',
      status: 'not_yet_due',
      progress: { actual: 10, required: 24 },
      windowStart: '2026-03-14T16:00:00.000Z',
      windowEnd: '2028-03-14T16:00:00.000Z',
    });
    expect(term?.explanation['zh-CN']).toBe(
      '任期 2026-03-15 至 2028-03-14：已记录 10 次走访记录，至少需 24 次，尚差 14 次',
    );
  });

  it('is at risk in the last 90 days and missed from the day after the term', () => {
    const status = (now: string, records = monthlyVisits(10)) => run({ ...base, records, now })[0]?.status;
    expect(status(cn('2027-12-15', '23:59'))).toBe('not_yet_due');
    expect(status(cn('2027-12-16', '00:00'))).toBe('at_risk');
    expect(status(cn('2028-03-15', '00:00'))).toBe('missed');
    expect(status(cn('2028-03-15', '00:00'), monthlyVisits(24))).toBe('met');
  });

  it('counts a record on the last evening of the term and not one the morning after', () => {
    const last = [...monthlyVisits(23), rec('visit', cn('2028-03-14', '23:00'))];
    expect(run({ ...base, records: last, now: cn('2028-04-01') })[0]?.status).toBe('met');
    const after = [...monthlyVisits(23), rec('visit', cn('2028-03-15', '08:00'))];
    expect(run({ ...base, records: after, now: cn('2028-04-01') })[0]?.status).toBe('missed');
  });

  it('never closes an open-ended term', () => {
    const open = subject({ appointmentKind: 'first_secretary', termStart: '2026-03-15', termEnd: null });
    const [term] = run({ ...base, subjects: [open], now: cn('2040-01-01') });
    expect(term).toMatchObject({ periodKey: '2026-03-15/..', status: 'not_yet_due', windowEnd: null });
  });

  it('judges a term by the version in force when it began', () => {
    const v2 = {
      ...visits,
      version: 2,
      effectiveFrom: '2027-01-01',
      requirement: { ...visits.requirement, min: 1 },
    };
    const [term] = run({
      ...base,
      rules: [visits, v2 as DutyRule],
      records: monthlyVisits(3),
      now: cn('2028-04-01'),
    });
    expect(term).toMatchObject({ ruleVersion: 1, status: 'missed' });
    const later = subject({
      appointmentKind: 'first_secretary',
      termStart: '2027-02-01',
      termEnd: '2029-01-31',
    });
    const [next] = run({
      ...base,
      subjects: [later],
      rules: [visits, v2 as DutyRule],
      now: cn('2027-03-01'),
    });
    expect(next?.ruleVersion).toBe(2);
  });
});

describe('term quotas and partial periods (partialPeriods, termDays)', () => {
  const ledgers = (over: Partial<DutyRule> = {}) =>
    rule({
      code: 'fs_ledgers',
      appliesTo: { appointmentKinds: ['first_secretary'] },
      period: 'term',
      counts: { kinds: ['visit'] },
      requirement: { type: 'count', min: 24, noun: { 'zh-CN': '走访记录', en: 'visit record' } },
      termDays: 730,
      partialPeriods: 'prorate',
      ...over,
    });
  const secretary = (termEnd: string | null) =>
    subject({ appointmentKind: 'first_secretary', termStart: '2026-03-15', termEnd });
  const visits = (n: number) =>
    Array.from({ length: n }, (_, i) => rec('visit', cn('2026-04-01', `0${i}:30`)));
  const judge = (s: DutySubject, records: DutyRecord[], r = ledgers(), now = cn('2026-06-01')) =>
    run({ subjects: [s], rules: [r], records, now, from: '2026-01-01', to: '2028-12-31' })[0];

  it('holds a secretary replaced after two months to the quota pro-rated to 61 of 730 days: 3, not 24', () => {
    // 2026-03-15 … 2026-05-14: 61 days; ceil(24 × 61 / 730) = ceil(2.005…) = 3.
    const replaced = secretary('2026-05-14');
    const met = judge(replaced, visits(3));
    expect(met).toMatchObject({ status: 'met', progress: { actual: 3, required: 3 } });
    const short = judge(replaced, visits(2));
    expect(short).toMatchObject({ status: 'missed', progress: { actual: 2, required: 3 } });
    expect(short?.explanation).toEqual({
      'zh-CN':
        '任期 2026-03-15 至 2026-05-14：已记录 2 次走访记录，至少需 3 次，尚差 1 次（按在任 61/730 天折算，完整期间要求 24）',
      en: 'term 2026-03-15 to 2026-05-14: 2 of 3 visit records recorded, 1 short (pro-rated: 61 of 730 days served; 24 for the full period)',
    });
  });

  it('holds a whole two-year term and an open-ended one to the full quota', () => {
    expect(judge(secretary('2028-03-14'), visits(3))?.progress.required).toBe(24);
    // 2027-03-15 … 2029-03-14 has 731 days (29 February 2028): whole, never more than 24.
    const leap = subject({
      appointmentKind: 'first_secretary',
      termStart: '2027-03-15',
      termEnd: '2029-03-14',
    });
    expect(judge(leap, [], ledgers(), cn('2027-04-01'))?.progress.required).toBe(24);
    expect(judge(secretary(null), visits(3))).toMatchObject({
      status: 'not_yet_due',
      progress: { required: 24 },
    });
  });

  it('lets the rule say: assess holds a short term to the full quota, skip does not assess it but shows the work', () => {
    const replaced = secretary('2026-05-14');
    expect(judge(replaced, visits(3), ledgers({ partialPeriods: 'assess' }))).toMatchObject({
      status: 'missed',
      progress: { actual: 3, required: 24 },
    });
    // Without termDays every term is whole, as before the field existed.
    expect(judge(replaced, visits(3), ledgers({ termDays: undefined }))?.progress.required).toBe(24);
    const skipped = judge(replaced, visits(3), ledgers({ partialPeriods: 'skip' }));
    expect(skipped).toMatchObject({ status: 'not_applicable', progress: { actual: 3, required: 24 } });
    expect(skipped?.recordIds).toHaveLength(3);
    expect(skipped?.explanation.en).toBe(
      'term 2026-03-15 to 2026-05-14: the term covers 61 of 730 days; this rule assesses whole periods only, not assessed (3 records on file)',
    );
  });

  it('shows the work of a yearly duty of someone appointed in August (148 of 365 days), and assesses it when the rule says so', () => {
    const yearly = rule({ code: 'yearly_activity', period: 'year', counts: { kinds: ['activity'] } });
    const august = subject({ termStart: '2026-08-06' });
    const done = [rec('activity', cn('2026-10-10'))];
    const year = (r: DutyRule) =>
      at(
        run({
          subjects: [august],
          rules: [r],
          records: done,
          now: cn('2027-01-05'),
          from: '2026-01-01',
          to: '2026-12-31',
        }),
        '2026',
      );
    const notAssessed = year(yearly);
    expect(notAssessed).toMatchObject({ status: 'not_applicable', progress: { actual: 1, required: 1 } });
    expect(notAssessed.recordIds).toEqual([done[0]?.id]);
    expect(notAssessed.explanation['zh-CN']).toBe(
      '2026年：任期仅覆盖本期 148/365 天，不足 50%，不考核（已记录 1 条）',
    );
    // A rule that assesses partial years from 40 % on judges it, here met.
    expect(year(rule({ ...yearly, minPeriodShare: 0.4 })).status).toBe('met');
    // Pro-rated: 3 a year is ceil(3 × 148/365) = 2 for this part of a year.
    const prorated = year(
      rule({
        ...yearly,
        minPeriodShare: 0.4,
        partialPeriods: 'prorate',
        requirement: { type: 'count', min: 3, noun: CONTACT },
      }),
    );
    expect(prorated).toMatchObject({ status: 'missed', progress: { actual: 1, required: 2 } });
  });

  it('pro-rates a calendar period the term covers in part, above the share only', () => {
    const monthly = rule({
      period: 'month',
      partialPeriods: 'prorate',
      requirement: { type: 'count', min: 4, noun: CONTACT },
    });
    const required = (termStart: string) =>
      at(
        run({ subjects: [subject({ termStart })], rules: [monthly], from: '2026-03-01', to: '2026-03-31' }),
        '2026-03',
      );
    // 16 of 31 days: ceil(4 × 16/31) = ceil(2.06) = 3; the whole month: 4; 15 days: under half.
    expect(required('2026-03-16').progress.required).toBe(3);
    expect(required('2026-01-01').progress.required).toBe(4);
    expect(required('2026-03-17').status).toBe('not_applicable');
  });

  it('refuses rules that cannot mean it: pro-rating coverage or deadlines, termDays on a calendar rule', () => {
    const base = presetDutyRules();
    const coverage = base.find((r) => r.requirement.type === 'coverage');
    expect(dutyRuleSchema.safeParse({ ...coverage, partialPeriods: 'prorate' }).success).toBe(false);
    expect(dutyRuleSchema.safeParse({ ...coverage, partialPeriods: 'skip' }).success).toBe(true);
    expect(dutyRuleSchema.safeParse({ ...rule(), termDays: 7 }).success).toBe(false);
    expect(dutyRuleSchema.safeParse(ledgers()).success).toBe(true);
  });
});

describe('who a rule applies to', () => {
  const scoped = rule({
    appliesTo: {
      subjectTypes: ['appointee'],
      appointmentKinds: ['second_secretary', 'first_secretary'],
      unitTypes: ['soe'],
    },
  });
  const keys = (s: DutySubject) => run({ subjects: [s], rules: [scoped] }).length;

  it('requires every field given and any value listed', () => {
    expect(keys(subject({ unitType: 'soe' }))).toBe(3);
    expect(keys(subject({ appointmentKind: 'first_secretary', unitType: 'soe' }))).toBe(3);
    expect(keys(subject({ unitType: 'agency' }))).toBe(0);
    expect(keys(subject({ unitType: null }))).toBe(0);
    expect(keys(subject({ appointmentKind: 'cross_appointment', unitType: 'soe' }))).toBe(0);
    expect(keys(subject({ type: 'member', unitType: 'soe' }))).toBe(0);
  });
});

describe('evaluateAll', () => {
  it('gives the same results as evaluate over many subjects with records grouped once', () => {
    const subjects = Array.from({ length: 200 }, (_, i) => subject({ id: i + 1, termStart: '2026-01-01' }));
    const records = Array.from({ length: 2000 }, (_, i) =>
      rec(
        'contact',
        new Date(Date.parse(cn('2026-01-01')) + ((i * 7919) % 90) * 86_400_000).toISOString(),
        {},
        (i % 200) + 1,
      ),
    );
    const input = { subjects, rules: [rule()], now: cn('2026-04-01'), from: '2026-01-01', to: '2026-03-31' };
    const direct = evaluate({ ...input, records });
    const grouped = evaluateAll({ ...input, records: groupRecordsBySubject(records) });
    expect(grouped).toEqual(direct);
    expect(direct).toHaveLength(200 * 14);
  });
});
