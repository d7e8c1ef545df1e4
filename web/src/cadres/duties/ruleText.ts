import {
  ACTION_CATEGORY_LABELS,
  ACTIVITY_TYPE_LABELS,
  DEFAULT_AT_RISK_DAYS,
  type DutyCondition,
  type DutyNoun,
  type DutyPeriod,
  type DutyRule,
  type DutyScalar,
  type Locale,
  WORK_LOG_KIND_LABELS,
} from '@gongjian/common';

type Labels = { 'zh-CN': string; en: string };

/**
 * Record kinds a rule can count: the work-log kinds, plus the dual-reporting records (volunteer
 * hours, project claims) the preset rules already name.
 */
export const RECORD_KIND_LABELS: Record<string, Labels> = {
  ...WORK_LOG_KIND_LABELS,
  volunteer: { 'zh-CN': '志愿服务', en: 'Volunteer service' },
  project_claim: { 'zh-CN': '认领项目', en: 'Project claimed' },
};

/** The value type of a record attribute: conditions compare by type, so forms must send the right one. */
export type AttributeType = 'string' | 'number' | 'boolean';

/** The work-log attributes a rule can filter, sum or cover by, with their type and known values. */
export const RECORD_ATTRIBUTES: Record<
  string,
  { label: Labels; type: AttributeType; values?: Record<string, Labels> }
> = {
  activityType: {
    label: { 'zh-CN': '活动类型', en: 'Activity type' },
    type: 'string',
    values: ACTIVITY_TYPE_LABELS,
  },
  activityRole: {
    label: { 'zh-CN': '参与方式', en: 'Role in the activity' },
    type: 'string',
    values: { led: { 'zh-CN': '牵头', en: 'led' }, attended: { 'zh-CN': '参加', en: 'attended' } },
  },
  actionCategory: {
    label: { 'zh-CN': '行动类别', en: 'Action category' },
    type: 'string',
    values: ACTION_CATEGORY_LABELS,
  },
  targetType: {
    label: { 'zh-CN': '走访类型', en: 'Visit target' },
    type: 'string',
    values: {
      household: { 'zh-CN': '居民户', en: 'household' },
      unit: { 'zh-CN': '驻区单位', en: 'unit' },
      two_new_org: { 'zh-CN': '两新组织', en: 'two-new organisation' },
    },
  },
  reportYear: { label: { 'zh-CN': '述职年度', en: 'Report year' }, type: 'number' },
  hours: { label: { 'zh-CN': '时长（小时）', en: 'Hours' }, type: 'number' },
  subjectMemberId: { label: { 'zh-CN': '联系的职工', en: 'Employee contacted' }, type: 'number' },
  targetUnitId: { label: { 'zh-CN': '走访单位', en: 'Unit visited' }, type: 'number' },
  confirmed: { label: { 'zh-CN': '已确认', en: 'Confirmed' }, type: 'boolean' },
};

/** Coverage populations the server supplies for each appointee. */
export const POPULATION_LABELS: Record<string, Labels> = {
  sending_unit_employees: {
    'zh-CN': '派出单位居住在接收村居的职工',
    en: "The sending unit's employees living in the receiving community",
  },
  two_new_orgs: { 'zh-CN': '接收区域内的“两新”组织', en: 'Two-new organisations in the receiving area' },
};

/** The preset policies by code; a district's own policy codes read as they are. */
export const POLICY_LABELS: Record<string, Labels> = {
  second_secretary_five_ones: { 'zh-CN': '第二书记“五个一”', en: 'Second secretary: the five ones' },
  first_secretary_four_duties: { 'zh-CN': '第一书记四大职责', en: 'First secretary: four duties' },
  cross_appointment_visits: { 'zh-CN': '交叉任职走访', en: 'Cross-appointment visits' },
  dual_reporting_member: { 'zh-CN': '双报到（党员）', en: 'Dual reporting: members' },
  dual_reporting_unit: { 'zh-CN': '双报到（单位）', en: 'Dual reporting: units' },
};

export const PERIOD_LABELS: Record<DutyPeriod, Labels> = {
  week: { 'zh-CN': '周', en: 'Week' },
  month: { 'zh-CN': '月', en: 'Month' },
  quarter: { 'zh-CN': '季度', en: 'Quarter' },
  year: { 'zh-CN': '年', en: 'Year' },
  term: { 'zh-CN': '任期', en: 'Term' },
};

const EVERY: Record<DutyPeriod, Labels> = {
  week: { 'zh-CN': '每周', en: 'Every week' },
  month: { 'zh-CN': '每月', en: 'Every month' },
  quarter: { 'zh-CN': '每季度', en: 'Every quarter' },
  year: { 'zh-CN': '每年', en: 'Every year' },
  term: { 'zh-CN': '任期内', en: 'Over the term' },
};

export const SUBJECT_TYPE_LABELS: Record<string, Labels> = {
  appointee: { 'zh-CN': '选派任职人员', en: 'Appointees' },
  member: { 'zh-CN': '报到党员', en: 'Reporting members' },
  unit: { 'zh-CN': '报到单位', en: 'Reporting units' },
};

export const REQUIREMENT_LABELS: Record<DutyRule['requirement']['type'], Labels> = {
  count: { 'zh-CN': '次数', en: 'Count' },
  sum: { 'zh-CN': '合计', en: 'Sum' },
  coverage: { 'zh-CN': '覆盖', en: 'Coverage' },
  deadline: { 'zh-CN': '限期', en: 'Deadline' },
};

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The English plural of a noun: its own `enPlural`, else the regular form of its last word. */
export function enPlural(noun: DutyNoun): string {
  if (noun.enPlural) return noun.enPlural;
  const words = noun.en.split(' ');
  const last = words.pop() ?? '';
  const plural = /(s|x|z|ch|sh)$/.test(last)
    ? `${last}es`
    : /[^aeiou]y$/.test(last)
      ? `${last.slice(0, -1)}ies`
      : `${last}s`;
  return [...words, plural].join(' ');
}

const countNoun = (noun: DutyNoun, n: number) => (n === 1 ? noun.en : enPlural(noun));

/** Labels of codes the page knows from the district (appointment kinds, dictionaries). */
export interface RuleTextContext {
  kindName?: (code: string) => string;
  unitType?: (code: string) => string;
  memberCategory?: (code: string) => string;
}

const pick = (l: Labels, locale: Locale) => l[locale];

/** A condition value in words (activity type 主题党日 rather than theme_party_day). */
export function valueText(attribute: string, value: DutyScalar, locale: Locale): string {
  const known = RECORD_ATTRIBUTES[attribute]?.values?.[String(value)];
  if (known) return pick(known, locale);
  if (typeof value === 'boolean') return locale === 'en' ? (value ? 'yes' : 'no') : value ? '是' : '否';
  return String(value);
}

function conditionText(c: DutyCondition, locale: Locale): string {
  const attr = RECORD_ATTRIBUTES[c.attribute];
  const name = attr ? pick(attr.label, locale) : c.attribute;
  if (c.op === 'equals') return `${name} = ${valueText(c.attribute, c.value, locale)}`;
  const or = locale === 'en' ? ' or ' : '或';
  return `${name} = ${c.values.map((v) => valueText(c.attribute, v, locale)).join(or)}`;
}

/** When a deadline falls, relative to the period. */
function dueText(rule: DutyRule, locale: Locale): string {
  if (rule.requirement.type !== 'deadline') return '';
  const due = rule.requirement.due;
  if ('daysAfterPeriodEnd' in due) {
    const n = due.daysAfterPeriodEnd;
    if (locale === 'en')
      return n === 0 ? 'by the last day of the period' : `within ${n} days after the period`;
    return n === 0 ? '期末当天前' : `期末后 ${n} 天内`;
  }
  const { monthsAfterPeriodEnd: m, day: d } = due;
  if (rule.period === 'year' && m >= 1 && m <= 12) {
    return locale === 'en' ? `by ${EN_MONTHS[m - 1]} ${d} of the next year` : `次年${m}月${d}日前`;
  }
  if (m === 0) return locale === 'en' ? `by day ${d} of the period's last month` : `期末当月${d}日前`;
  return locale === 'en' ? `by day ${d} of month ${m} after the period` : `期末后第 ${m} 个月的${d}日前`;
}

/**
 * The rule's requirement in one line, e.g. "每周 ≥1 次 联系社区（已确认）" / "Every week: at least 1
 * contact (confirmed)".
 */
export function requirementText(rule: DutyRule, locale: Locale): string {
  const r = rule.requirement;
  const every = pick(EVERY[rule.period], locale);
  const confirmed = rule.counts.confirmedOnly ? (locale === 'en' ? ' (confirmed)' : '（已确认）') : '';
  if (locale === 'en') {
    switch (r.type) {
      case 'count':
        return `${every}: at least ${r.min} ${countNoun(r.noun, r.min)}${confirmed}`;
      case 'sum':
        return `${every}: ${r.noun.en} totalling at least ${r.min} ${countNoun(r.unit, r.min)}${confirmed}`;
      case 'coverage': {
        const share = r.minShare ?? 1;
        const who =
          share >= 1 ? `every ${r.noun.en}` : `at least ${Math.round(share * 100)}% of ${enPlural(r.noun)}`;
        return `${every}: ${who} ${r.verb.en}${confirmed}`;
      }
      case 'deadline':
        return `${every}: ${r.noun.en} ${r.verb?.en ?? 'submitted'} ${dueText(rule, locale)}${confirmed}`;
    }
  }
  switch (r.type) {
    case 'count':
      return `${every} ≥${r.min} 次 ${r.noun['zh-CN']}${confirmed}`;
    case 'sum':
      return `${every} ${r.noun['zh-CN']}合计 ≥${r.min} ${r.unit['zh-CN']}${confirmed}`;
    case 'coverage': {
      const share = r.minShare ?? 1;
      const who = share >= 1 ? `全部${r.noun['zh-CN']}` : `≥${Math.round(share * 100)}% 的${r.noun['zh-CN']}`;
      return `${every} ${r.verb['zh-CN']}${who}${confirmed}`;
    }
    case 'deadline':
      return `${every} ${r.noun['zh-CN']}须${dueText(rule, locale)}${r.verb?.['zh-CN'] ?? '提交'}${confirmed}`;
  }
}

/** Which records count, in words: kinds, conditions, confirmation. */
export function countsText(rule: DutyRule, locale: Locale): string {
  const sep = locale === 'en' ? ', ' : '、';
  const kinds = rule.counts.kinds
    .map((k) => (RECORD_KIND_LABELS[k] ? pick(RECORD_KIND_LABELS[k], locale) : k))
    .join(locale === 'en' ? ' or ' : '或');
  const parts = [kinds, ...(rule.counts.where ?? []).map((c) => conditionText(c, locale))];
  if (rule.counts.confirmedOnly) parts.push(locale === 'en' ? 'confirmed by the community' : '经社区确认');
  return parts.join(sep);
}

/** Whom the rule applies to, in words; "all" when it names nothing. */
export function appliesToText(rule: DutyRule, locale: Locale, ctx: RuleTextContext = {}): string {
  const a = rule.appliesTo;
  const sep = locale === 'en' ? ', ' : '、';
  const parts: string[] = [];
  if (a.subjectTypes?.length)
    parts.push(
      a.subjectTypes.map((s) => pick(SUBJECT_TYPE_LABELS[s] ?? { 'zh-CN': s, en: s }, locale)).join(sep),
    );
  if (a.appointmentKinds?.length) parts.push(a.appointmentKinds.map((k) => ctx.kindName?.(k) ?? k).join(sep));
  if (a.memberCategories?.length)
    parts.push(a.memberCategories.map((k) => ctx.memberCategory?.(k) ?? k).join(sep));
  if (a.unitTypes?.length) parts.push(a.unitTypes.map((k) => ctx.unitType?.(k) ?? k).join(sep));
  if (a.roles?.length) parts.push(a.roles.join(sep));
  if (!parts.length) return locale === 'en' ? 'everyone' : '全部对象';
  return parts.join(' · ');
}

/** The at-risk window: the rule's own or the period's default, said as such. */
export function atRiskText(rule: DutyRule, locale: Locale): string {
  const fallback = DEFAULT_AT_RISK_DAYS[rule.requirement.type === 'deadline' ? 'deadline' : rule.period];
  const days = rule.atRiskDays ?? fallback;
  const dflt = rule.atRiskDays === undefined ? (locale === 'en' ? ' (default)' : '（默认）') : '';
  const end =
    rule.requirement.type === 'deadline'
      ? { 'zh-CN': '截止日', en: 'the due date' }
      : rule.period === 'term'
        ? { 'zh-CN': '任期结束', en: 'the term ends' }
        : { 'zh-CN': '期末', en: 'the period closes' };
  const word = end[locale];
  return locale === 'en' ? `${days} days before ${word}${dflt}` : `${word}前 ${days} 天${dflt}`;
}
