import type { DutyRule, Localized } from '@gongjian/common';

/**
 * The preset duty policy, as data: the second secretary's "five ones" (长兴), the first
 * secretary's four duties over a 2-year term (黄陂), the cross-appointee's visit coverage (虹桥),
 * and the dual-reporting rules for members and units (吕梁). A district starts from these and
 * edits, versions and adds its own. Policy codes match `dutyPolicyCode` of the built-in
 * appointment kinds.
 *
 * Record kinds and attributes are those of the work logs (common/src/cadres/work-logs.ts): kind,
 * activityRole, activityType, actionCategory, targetType, targetUnitId, subjectMemberId,
 * reportYear, hours, and `confirmed` (true once the receiving community confirmed the log).
 * `volunteer` and `project_claim` are the dual-reporting records of the next module.
 */

/** Coverage populations the preset names; callers supply each subject's members of them. */
export const PRESET_POPULATIONS: Record<string, Localized> = {
  sending_unit_employees: {
    'zh-CN': '派出单位居住在接收村居的职工',
    en: "The sending unit's employees living in the receiving community",
  },
  two_new_orgs: {
    'zh-CN': '接收区域内的“两新”组织',
    en: 'Two-new organisations in the receiving area',
  },
};

/** The preset policies by code. */
export const PRESET_POLICY_CODES = [
  'second_secretary_five_ones',
  'first_secretary_four_duties',
  'cross_appointment_visits',
  'dual_reporting_member',
  'dual_reporting_unit',
] as const;
export type PresetPolicyCode = (typeof PRESET_POLICY_CODES)[number];

/** The date preset rules take effect from unless a district picks another. */
export const PRESET_EFFECTIVE_FROM = '2020-01-01';

type Draft = Omit<DutyRule, 'version' | 'effectiveFrom' | 'effectiveTo'>;

const secondSecretary = { subjectTypes: ['appointee' as const], appointmentKinds: ['second_secretary'] };
/**
 * The first secretary's quotas are written for a 2-year term: 730 days (a term running over a
 * 29 February has 731, and is whole too). One replaced early is held to the quota pro-rated to
 * the days served, not to the 2-year one.
 */
const TERM_DAYS = 730;
const firstSecretary = { subjectTypes: ['appointee' as const], appointmentKinds: ['first_secretary'] };
const crossAppointee = { subjectTypes: ['appointee' as const], appointmentKinds: ['cross_appointment'] };

const DRAFTS: Record<PresetPolicyCode, readonly Draft[]> = {
  second_secretary_five_ones: [
    {
      code: 'ss_weekly_contact',
      name: { 'zh-CN': '五个一：每周联系村居', en: 'Five ones: contact the community weekly' },
      description: {
        'zh-CN': '“第二书记”每周至少联系一次村居。',
        en: 'A second secretary contacts the community at least once a week.',
      },
      appliesTo: secondSecretary,
      period: 'week',
      counts: { kinds: ['contact'] },
      requirement: {
        type: 'count',
        min: 1,
        noun: { 'zh-CN': '联系社区', en: 'contact', enPlural: 'contacts' },
      },
    },
    {
      code: 'ss_monthly_onsite_day',
      name: { 'zh-CN': '五个一：每月到村居工作一天', en: 'Five ones: one on-site working day a month' },
      description: {
        'zh-CN': '每月至少安排一天到村居工作，须经村居确认。',
        en: 'At least one working day a month in the community, confirmed by the community.',
      },
      appliesTo: secondSecretary,
      period: 'month',
      counts: { kinds: ['onsite_day'], confirmedOnly: true },
      requirement: {
        type: 'count',
        min: 1,
        noun: { 'zh-CN': '经确认的到村居工作日', en: 'confirmed on-site working day' },
      },
    },
    {
      code: 'ss_quarterly_employee_contact',
      name: {
        'zh-CN': '五个一：每季度联系全体职工',
        en: 'Five ones: contact every employee quarterly',
      },
      description: {
        'zh-CN': '每季度对所在村居全体派出单位职工至少联系一次。',
        en: "Every quarter, contact each of the sending unit's employees living in the community at least once.",
      },
      appliesTo: secondSecretary,
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
    },
    {
      code: 'ss_yearly_joint_activity',
      name: {
        'zh-CN': '五个一：每年牵头一次党建联建活动',
        en: 'Five ones: lead a joint party-building activity yearly',
      },
      description: {
        'zh-CN': '每年至少牵头开展一次党建联建活动，须经村居确认。',
        en: 'Lead at least one joint party-building activity a year, confirmed by the community.',
      },
      appliesTo: secondSecretary,
      period: 'year',
      counts: {
        kinds: ['activity'],
        where: [{ attribute: 'activityRole', op: 'equals', value: 'led' }],
        confirmedOnly: true,
      },
      requirement: {
        type: 'count',
        min: 1,
        noun: {
          'zh-CN': '牵头开展的党建联建活动',
          en: 'joint party-building activity led',
          enPlural: 'joint party-building activities led',
        },
      },
    },
    {
      code: 'ss_annual_report',
      name: { 'zh-CN': '五个一：年度述职', en: 'Five ones: annual work report' },
      description: {
        'zh-CN': '每年开展一次工作述职，于次年 1 月 31 日前提交。',
        en: 'One annual work report, submitted by 31 January of the following year.',
      },
      appliesTo: secondSecretary,
      period: 'year',
      counts: { kinds: ['annual_report'] },
      requirement: {
        type: 'deadline',
        due: { monthsAfterPeriodEnd: 1, day: 31 },
        periodAttribute: 'reportYear',
        noun: { 'zh-CN': '年度述职报告', en: 'annual work report' },
        verb: { 'zh-CN': '提交', en: 'submitted' },
      },
    },
  ],
  first_secretary_four_duties: [
    {
      code: 'fs_ledgers',
      name: { 'zh-CN': '四大职责：建好基础台账', en: 'Four duties: build the basic ledgers' },
      description: {
        'zh-CN':
          '任期内走访住户、单位和“两新”组织并记下所问所记（五必访/五必记），至少 24 次（平均每月一次），作为基础台账的来源。',
        en: 'Over the term, at least 24 visits to households, units and two-new organisations with what was asked and noted (about one a month): the source of the basic ledgers.',
      },
      appliesTo: firstSecretary,
      period: 'term',
      termDays: TERM_DAYS,
      partialPeriods: 'prorate',
      counts: { kinds: ['visit'] },
      requirement: {
        type: 'count',
        min: 24,
        noun: { 'zh-CN': '走访记录', en: 'visit record' },
      },
    },
    {
      code: 'fs_team',
      name: { 'zh-CN': '四大职责：带好班子队伍', en: 'Four duties: lead the team' },
      description: {
        'zh-CN': '任期内与社区班子共同参加或组织“三会一课”、主题党日至少 8 次（平均每季度一次）。',
        en: 'Over the term, at least 8 "three meetings and one lesson" sessions or theme party days with the community team (about one a quarter).',
      },
      appliesTo: firstSecretary,
      period: 'term',
      termDays: TERM_DAYS,
      partialPeriods: 'prorate',
      counts: {
        kinds: ['activity'],
        where: [
          { attribute: 'activityType', op: 'in', values: ['three_meetings_one_lesson', 'theme_party_day'] },
        ],
      },
      requirement: {
        type: 'count',
        min: 8,
        noun: {
          'zh-CN': '组织生活（三会一课、主题党日）',
          en: 'organisational-life session',
        },
      },
    },
    {
      code: 'fs_policy',
      name: { 'zh-CN': '四大职责：宣讲法规政策', en: 'Four duties: explain laws and policies' },
      description: {
        'zh-CN': '任期内牵头开展联学共建式的法规政策宣讲至少 4 次（平均每半年一次）。',
        en: 'Over the term, lead at least 4 joint-study sessions explaining laws and policies (about one every six months).',
      },
      appliesTo: firstSecretary,
      period: 'term',
      termDays: TERM_DAYS,
      partialPeriods: 'prorate',
      counts: {
        kinds: ['activity'],
        where: [
          { attribute: 'activityType', op: 'equals', value: 'joint_study' },
          { attribute: 'activityRole', op: 'equals', value: 'led' },
        ],
      },
      requirement: {
        type: 'count',
        min: 4,
        noun: { 'zh-CN': '牵头开展的政策宣讲', en: 'policy briefing led', enPlural: 'policy briefings led' },
      },
    },
    {
      code: 'fs_governance',
      name: { 'zh-CN': '四大职责：服务社区治理', en: 'Four duties: serve community governance' },
      description: {
        'zh-CN': '任期内开展经社区确认的服务治理行动至少 12 次（平均每两个月一次）。',
        en: 'Over the term, at least 12 governance-service actions confirmed by the community (about one every two months).',
      },
      appliesTo: firstSecretary,
      period: 'term',
      termDays: TERM_DAYS,
      partialPeriods: 'prorate',
      counts: { kinds: ['action'], confirmedOnly: true },
      requirement: {
        type: 'count',
        min: 12,
        noun: { 'zh-CN': '经确认的服务治理行动', en: 'confirmed governance-service action' },
      },
    },
  ],
  cross_appointment_visits: [
    {
      code: 'ca_two_new_visits',
      name: { 'zh-CN': '交叉任职：走访“两新”组织', en: 'Cross-appointment: visit two-new organisations' },
      description: {
        'zh-CN': '每季度走访区域内每一家“两新”组织至少一次。',
        en: 'Every quarter, visit each two-new organisation in the area at least once.',
      },
      appliesTo: crossAppointee,
      period: 'quarter',
      counts: {
        kinds: ['visit'],
        where: [{ attribute: 'targetType', op: 'equals', value: 'two_new_org' }],
      },
      requirement: {
        type: 'coverage',
        population: 'two_new_orgs',
        attribute: 'targetUnitId',
        noun: { 'zh-CN': '“两新”组织', en: 'two-new organisation' },
        measureWord: '家',
        verb: { 'zh-CN': '走访', en: 'visited' },
      },
    },
  ],
  dual_reporting_member: [
    {
      code: 'dr_member_volunteer_hours',
      name: { 'zh-CN': '双报到：每季度志愿服务 10 小时', en: 'Dual reporting: 10 volunteer hours a quarter' },
      description: {
        'zh-CN': '报到的在职党员每季度在居住社区志愿服务不少于 10 小时，以社区确认的时长为准。',
        en: 'A reporting in-service member serves at least 10 confirmed volunteer hours a quarter in the home community.',
      },
      appliesTo: { subjectTypes: ['member'], memberCategories: ['in_service'] },
      period: 'quarter',
      counts: { kinds: ['volunteer'], confirmedOnly: true },
      requirement: {
        type: 'sum',
        attribute: 'hours',
        min: 10,
        noun: { 'zh-CN': '志愿服务', en: 'volunteer service' },
        unit: { 'zh-CN': '小时', en: 'hour' },
      },
    },
  ],
  dual_reporting_unit: [
    {
      code: 'dr_unit_quarterly_activity',
      name: { 'zh-CN': '双报到：每季度至少一次活动', en: 'Dual reporting: one activity a quarter' },
      description: {
        'zh-CN': '报到单位每季度在社区至少开展一次共建活动。',
        en: 'A reporting unit runs at least one co-building activity in the community each quarter.',
      },
      appliesTo: { subjectTypes: ['unit'] },
      period: 'quarter',
      counts: { kinds: ['activity'] },
      requirement: {
        type: 'count',
        min: 1,
        noun: { 'zh-CN': '共建活动', en: 'co-building activity' },
      },
    },
    {
      code: 'dr_unit_yearly_projects',
      name: { 'zh-CN': '双报到：每年认领至少两个项目', en: 'Dual reporting: claim two projects a year' },
      description: {
        'zh-CN': '报到单位每年至少认领两个社区项目。',
        en: 'A reporting unit claims at least two community projects a year.',
      },
      appliesTo: { subjectTypes: ['unit'] },
      period: 'year',
      counts: { kinds: ['project_claim'] },
      requirement: {
        type: 'count',
        min: 2,
        noun: { 'zh-CN': '认领项目', en: 'claimed project' },
      },
    },
  ],
};

/** Options for taking a preset policy into a district. */
export interface PresetOptions {
  /** First day the rules are in force (default 2020-01-01). */
  effectiveFrom?: string;
  /**
   * Appointment kinds the rules apply to, for a district kind that reuses a preset policy under
   * its own code; defaults to the built-in kind.
   */
  appointmentKinds?: readonly string[];
}

/** The rules (version 1) of one preset policy, as fresh objects the caller may change. */
export function presetPolicy(code: PresetPolicyCode, options: PresetOptions = {}): DutyRule[] {
  return DRAFTS[code].map((draft) => {
    const rule: DutyRule = structuredClone({
      ...draft,
      version: 1,
      effectiveFrom: options.effectiveFrom ?? PRESET_EFFECTIVE_FROM,
    });
    if (options.appointmentKinds && rule.appliesTo.appointmentKinds) {
      rule.appliesTo.appointmentKinds = [...options.appointmentKinds];
    }
    return rule;
  });
}

/** Every preset rule, version 1, in force from `effectiveFrom`. */
export function presetDutyRules(effectiveFrom: string = PRESET_EFFECTIVE_FROM): DutyRule[] {
  return PRESET_POLICY_CODES.flatMap((code) => presetPolicy(code, { effectiveFrom }));
}
