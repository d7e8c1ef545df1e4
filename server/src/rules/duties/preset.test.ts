import { BUILTIN_APPOINTMENT_KINDS, type DutyEvaluation, dutyRuleSchema } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import { evaluate } from './engine.ts';
import { PRESET_POLICY_CODES, presetDutyRules, presetPolicy } from './preset.ts';
import type { DutyRecord, DutySubject } from './types.ts';

const cn = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

let nextId = 1;
function rec(
  subjectId: number,
  kind: string,
  at: string,
  attributes: DutyRecord['attributes'] = {},
): DutyRecord {
  return { id: nextId++, subjectId, kind, occurredAt: at, attributes };
}

const pick = (results: DutyEvaluation[], code: string, key?: string) =>
  results.filter((r) => r.ruleCode === code && (!key || r.periodKey === key));

describe('the preset policy', () => {
  it('is valid rule data with unique codes', () => {
    const rules = presetDutyRules();
    for (const r of rules) expect(dutyRuleSchema.parse(r)).toEqual(r);
    expect(new Set(rules.map((r) => r.code)).size).toBe(rules.length);
    expect(rules.every((r) => r.version === 1 && r.effectiveFrom === '2020-01-01')).toBe(true);
  });

  it('has a policy for every built-in appointment kind that names one', () => {
    for (const kind of BUILTIN_APPOINTMENT_KINDS) {
      if (!kind.dutyPolicyCode) continue;
      expect(PRESET_POLICY_CODES).toContain(kind.dutyPolicyCode);
      const rules = presetPolicy(kind.dutyPolicyCode as (typeof PRESET_POLICY_CODES)[number]);
      expect(rules.every((r) => r.appliesTo.appointmentKinds?.includes(kind.code))).toBe(true);
    }
  });

  it('can be taken over by a district kind of its own from a date of its own', () => {
    const rules = presetPolicy('second_secretary_five_ones', {
      appointmentKinds: ['soe_liaison'],
      effectiveFrom: '2026-01-01',
    });
    expect(rules).toHaveLength(5);
    expect(rules.every((r) => r.appliesTo.appointmentKinds?.join() === 'soe_liaison')).toBe(true);
    expect(rules.every((r) => r.effectiveFrom === '2026-01-01')).toBe(true);
    expect(presetPolicy('second_secretary_five_ones')[0]?.appliesTo.appointmentKinds).toEqual([
      'second_secretary',
    ]);
  });
});

describe("a second secretary's five ones over a quarter", () => {
  const employees = [
    { id: 501, name: '陈建国' },
    { id: 502, name: '刘海燕' },
    { id: 503, name: '黄志强' },
    { id: 504, name: '周丽' },
    { id: 505, name: '吴斌' },
  ];
  const secretary: DutySubject = {
    id: 7,
    type: 'appointee',
    appointmentKind: 'second_secretary',
    unitType: 'soe',
    termStart: '2026-01-05',
    populations: { sending_unit_employees: employees },
  };
  // A contact every Tuesday from 6 January to 24 March except in the Spring Festival week (W08).
  const tuesdays = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 0, 6 + i * 7)))
    .map((d) => d.toISOString().slice(0, 10))
    .filter((d) => d !== '2026-02-17');
  const records = [
    ...tuesdays.map((d) => rec(7, 'contact', cn(d))),
    rec(7, 'onsite_day', cn('2026-01-15'), { confirmed: true }),
    rec(7, 'onsite_day', cn('2026-02-26'), { confirmed: true }),
    rec(7, 'onsite_day', cn('2026-03-19'), { confirmed: false }),
    ...employees
      .slice(0, 4)
      .map((e, i) => rec(7, 'employee_contact', cn(`2026-02-0${i + 2}`), { subjectMemberId: e.id })),
    rec(7, 'activity', cn('2026-03-05'), {
      activityRole: 'led',
      activityType: 'theme_party_day',
      confirmed: true,
    }),
    rec(7, 'activity', cn('2026-03-12'), { activityRole: 'attended', confirmed: true }),
  ];
  const results = evaluate({
    subjects: [secretary],
    records,
    rules: presetDutyRules(),
    now: cn('2026-04-01', '09:00'),
    from: '2026-01-01',
    to: '2026-03-31',
  });

  it('checks the weekly contact from the first full week of the term', () => {
    const weeks = pick(results, 'ss_weekly_contact');
    expect(weeks.map((w) => w.periodKey)).toEqual(
      Array.from({ length: 13 }, (_, i) => `2026-W${String(i + 2).padStart(2, '0')}`),
    );
    expect(weeks.filter((w) => w.status !== 'met').map((w) => [w.periodKey, w.status])).toEqual([
      ['2026-W08', 'missed'],
      ['2026-W14', 'not_yet_due'],
    ]);
    expect(pick(results, 'ss_weekly_contact', '2026-W08')[0]?.explanation['zh-CN']).toBe(
      '2月16日–2月22日：未记录联系社区',
    );
  });

  it('counts only confirmed on-site days', () => {
    const months = pick(results, 'ss_monthly_onsite_day');
    expect(months.map((m) => [m.periodKey, m.status])).toEqual([
      ['2026-01', 'met'],
      ['2026-02', 'met'],
      ['2026-03', 'missed'],
    ]);
    expect(months[2]?.explanation.en).toBe('Mar 2026: no confirmed on-site working day recorded');
  });

  it('names the employee not contacted in the quarter', () => {
    const [q1] = pick(results, 'ss_quarterly_employee_contact');
    expect(q1?.status).toBe('missed');
    expect(q1?.explanation['zh-CN']).toBe('2026年第一季度：5 名职工中 1 名未联系：吴斌');
  });

  it('counts the activity led and leaves the annual report not yet due', () => {
    expect(pick(results, 'ss_yearly_joint_activity')[0]).toMatchObject({ periodKey: '2026', status: 'met' });
    expect(pick(results, 'ss_annual_report')[0]).toMatchObject({
      periodKey: '2026',
      status: 'not_yet_due',
      dueDate: '2027-01-31',
    });
  });

  it("gives a second secretary no other policy's rules", () => {
    expect(new Set(results.map((r) => r.ruleCode))).toEqual(
      new Set([
        'ss_weekly_contact',
        'ss_monthly_onsite_day',
        'ss_quarterly_employee_contact',
        'ss_yearly_joint_activity',
        'ss_annual_report',
      ]),
    );
  });
});

describe("a first secretary's four duties over a two-year term", () => {
  const first: DutySubject = {
    id: 11,
    type: 'appointee',
    appointmentKind: 'first_secretary',
    unitType: 'agency',
    termStart: '2026-09-15',
    termEnd: '2028-09-14',
  };
  const months = Array.from({ length: 24 }, (_, i) => {
    const index = 8 + i; // September 2026 onwards
    return `${2026 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-20`;
  });
  const base = [
    ...months.map((d) => rec(11, 'visit', cn(d), { targetType: 'household' })),
    ...months
      .filter((_, i) => i % 3 === 0)
      .map((d) =>
        rec(11, 'activity', cn(d, '15:00'), {
          activityType: 'three_meetings_one_lesson',
          activityRole: 'attended',
        }),
      ),
    ...months
      .filter((_, i) => i % 6 === 0)
      .map((d) => rec(11, 'activity', cn(d, '19:00'), { activityType: 'joint_study', activityRole: 'led' })),
    ...months
      .filter((_, i) => i % 2 === 0)
      .map((d) => rec(11, 'action', cn(d, '09:00'), { actionCategory: 'relief', confirmed: true })),
  ];
  const run = (records: DutyRecord[]) =>
    evaluate({
      subjects: [first],
      records,
      rules: presetDutyRules(),
      now: cn('2028-10-01'),
      from: '2026-09-15',
      to: '2028-09-14',
    });

  it('meets all four when the term has the records', () => {
    const results = run(base);
    expect(results.map((r) => [r.ruleCode, r.periodKey, r.status])).toEqual([
      ['fs_governance', '2026-09-15/2028-09-14', 'met'],
      ['fs_ledgers', '2026-09-15/2028-09-14', 'met'],
      ['fs_policy', '2026-09-15/2028-09-14', 'met'],
      ['fs_team', '2026-09-15/2028-09-14', 'met'],
    ]);
  });

  it('misses governance when the community confirmed too few actions', () => {
    const unconfirmed = base.map((r) =>
      r.kind === 'action' && r.occurredAt > cn('2028-01-01')
        ? { ...r, attributes: { ...r.attributes, confirmed: false } }
        : r,
    );
    const [governance] = run(unconfirmed);
    expect(governance).toMatchObject({ ruleCode: 'fs_governance', status: 'missed' });
    expect(governance?.explanation.en).toBe(
      'term 2026-09-15 to 2028-09-14: 8 of 12 confirmed governance-service actions recorded, 4 short',
    );
  });
});

describe("a cross-appointee's visits to two-new organisations", () => {
  const orgs = [
    { id: 31, name: '东银科技' },
    { id: 32, name: '虹桥律师事务所' },
    { id: 33, name: '凌空咨询' },
  ];
  const cross: DutySubject = {
    id: 21,
    type: 'appointee',
    appointmentKind: 'cross_appointment',
    termStart: '2025-06-01',
    populations: { two_new_orgs: orgs },
  };

  it('counts visits to two-new organisations only and names the one not visited', () => {
    const records = [
      rec(21, 'visit', cn('2026-01-08'), { targetType: 'two_new_org', targetUnitId: 31 }),
      rec(21, 'visit', cn('2026-02-08'), { targetType: 'two_new_org', targetUnitId: 33 }),
      rec(21, 'visit', cn('2026-02-09'), { targetType: 'unit', targetUnitId: 32 }),
    ];
    const [q1] = evaluate({
      subjects: [cross],
      records,
      rules: presetDutyRules(),
      now: cn('2026-04-02'),
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(q1).toMatchObject({
      ruleCode: 'ca_two_new_visits',
      status: 'missed',
      progress: { actual: 2, required: 3 },
    });
    expect(q1?.explanation).toEqual({
      'zh-CN': '2026年第一季度：3 家“两新”组织中 1 家未走访：虹桥律师事务所',
      en: 'Q1 2026: 1 of 3 two-new organisations not visited: 虹桥律师事务所',
    });
  });
});

describe('the dual-reporting rules', () => {
  const member: DutySubject = {
    id: 41,
    type: 'member',
    memberCategory: 'in_service',
    termStart: '2025-03-01',
  };
  const retired: DutySubject = { id: 42, type: 'member', memberCategory: 'retired', termStart: '2025-03-01' };
  const unit: DutySubject = { id: 43, type: 'unit', unitType: 'agency', termStart: '2025-03-01' };
  const records = [
    rec(41, 'volunteer', cn('2026-01-10'), { hours: 6, confirmed: true }),
    rec(41, 'volunteer', cn('2026-03-10'), { hours: 4, confirmed: true }),
    rec(43, 'activity', cn('2026-02-10')),
    rec(43, 'project_claim', cn('2026-01-20')),
  ];
  const results = evaluate({
    subjects: [member, retired, unit],
    records,
    rules: presetDutyRules(),
    now: cn('2026-04-02'),
    from: '2026-01-01',
    to: '2026-03-31',
  });

  it('asks in-service members for 10 volunteer hours a quarter', () => {
    expect(results.filter((r) => r.subjectId === 41).map((r) => [r.ruleCode, r.status])).toEqual([
      ['dr_member_volunteer_hours', 'met'],
    ]);
    expect(results.filter((r) => r.subjectId === 42)).toEqual([]);
  });

  it('asks units for an activity a quarter and two claimed projects a year', () => {
    expect(results.filter((r) => r.subjectId === 43).map((r) => [r.ruleCode, r.periodKey, r.status])).toEqual(
      [
        ['dr_unit_quarterly_activity', '2026-Q1', 'met'],
        ['dr_unit_yearly_projects', '2026', 'not_yet_due'],
      ],
    );
    expect(pick(results, 'dr_unit_yearly_projects')[0]?.explanation.en).toBe(
      '2026: 1 of 2 claimed projects recorded, 1 short',
    );
  });
});
