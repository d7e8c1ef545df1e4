import { z } from 'zod';
import { codeSchema, dateSchema } from '../validators.ts';

/**
 * Duty rules as data (规定动作): who a rule applies to, over which period, which work records
 * count, and what they must add up to. The server's duty engine (server/src/rules/duties)
 * evaluates these; the web edits and renders them. Semantics: server/src/rules/README.md.
 */

/** Assessment periods. `term` is the subject's whole term (appointment, reporting period). */
export const DUTY_PERIODS = ['week', 'month', 'quarter', 'year', 'term'] as const;
export type DutyPeriod = (typeof DUTY_PERIODS)[number];

/** Calendar periods: those that exist independently of any subject. */
export type CalendarPeriod = Exclude<DutyPeriod, 'term'>;

/** What a rule is about: a dispatched appointee, a reporting party member, or a reporting unit. */
export const DUTY_SUBJECT_TYPES = ['appointee', 'member', 'unit'] as const;
export type DutySubjectType = (typeof DUTY_SUBJECT_TYPES)[number];

/**
 * met: the requirement is satisfied. at_risk: still open, unmet, and inside the rule's risk window
 * before it closes. not_yet_due: open (or not started), unmet, not yet at risk. missed: closed
 * and unmet. exempt: an approved exemption covers it. not_applicable: the subject's term covers
 * too little of the period for it to be assessed.
 */
export const DUTY_STATUSES = ['met', 'at_risk', 'not_yet_due', 'missed', 'exempt', 'not_applicable'] as const;
export type DutyStatus = (typeof DUTY_STATUSES)[number];

/** Default days before a period closes (or a deadline falls) from which an unmet duty is at risk. */
export const DEFAULT_AT_RISK_DAYS: Record<DutyPeriod | 'deadline', number> = {
  week: 2,
  month: 7,
  quarter: 14,
  year: 30,
  term: 90,
  deadline: 14,
};

/** Default least share of a calendar period's days the term must cover for it to be assessed. */
export const DEFAULT_MIN_PERIOD_SHARE = 0.5;

/**
 * How a rule judges a period the subject's term covers only in part (a calendar period cut by
 * the term's start or end; a term shorter than the `termDays` its requirement is written for):
 * - `assess` (default): in full, once the term covers `minPeriodShare` of a calendar period (a
 *   term rule: always in full);
 * - `prorate`: against the requirement scaled to the days covered, rounded up:
 *   ceil(min × covered ÷ period days); never more than the full requirement (count and sum only);
 * - `skip`: not at all: `not_applicable`, with the work recorded still shown.
 * Semantics: server/src/rules/README.md, "Partial periods".
 */
export const PARTIAL_PERIOD_MODES = ['assess', 'prorate', 'skip'] as const;
export type PartialPeriodMode = (typeof PARTIAL_PERIOD_MODES)[number];

/**
 * A requirement pro-rated to the days covered: ceil(min × covered ÷ full), at least 1 when
 * anything is covered, and the full `min` once `covered` reaches `full`. The guard keeps an exact
 * product (24 × 365/730 = 12) from rounding up to 13 through floating-point noise.
 */
export function proratedMin(min: number, covered: number, full: number): number {
  if (covered >= full || full <= 0) return min;
  if (covered <= 0) return 0;
  return Math.min(min, Math.ceil((min * covered) / full - 1e-9));
}

const text = z.string().trim().min(1).max(200);

/** A text in both interface languages. */
export const localizedSchema = z.object({ 'zh-CN': text, en: text });
export type Localized = z.infer<typeof localizedSchema>;

/**
 * A noun used in explanations, e.g. { 'zh-CN': '联系社区', en: 'contact with the community',
 * enPlural: 'contacts with the community' }. Without `enPlural` the English plural is formed
 * from the last word by the usual -s/-es/-ies rules.
 */
export const dutyNounSchema = localizedSchema.extend({ enPlural: text.optional() });
export type DutyNoun = z.infer<typeof dutyNounSchema>;

/** Attribute values a work record may carry (a flat map). */
export const dutyScalarSchema = z.union([z.string().max(200), z.number(), z.boolean()]);
export type DutyScalar = z.infer<typeof dutyScalarSchema>;

const attributeName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'v.code' });

/** One condition on a record attribute; values compare by type and value (`'5'` is not `5`). */
export const dutyConditionSchema = z.discriminatedUnion('op', [
  z.object({ attribute: attributeName, op: z.literal('equals'), value: dutyScalarSchema }),
  z.object({
    attribute: attributeName,
    op: z.literal('in'),
    values: z.array(dutyScalarSchema).min(1).max(50),
  }),
]);
export type DutyCondition = z.infer<typeof dutyConditionSchema>;

/**
 * Which records count: any of `kinds`, every `where` condition true, and — when `confirmedOnly`
 * — the attribute `confirmed` is `true` (confirmed by the receiving community).
 */
export const dutyRecordFilterSchema = z.object({
  kinds: z.array(codeSchema).min(1).max(20),
  where: z.array(dutyConditionSchema).max(10).optional(),
  confirmedOnly: z.boolean().optional(),
});
export type DutyRecordFilter = z.infer<typeof dutyRecordFilterSchema>;

const codes = z.array(codeSchema).min(1).max(50);

/**
 * Whom a rule applies to. Every field is optional; a subject must match every field given
 * (AND across fields) and one of the values listed in each (OR within a field).
 */
export const dutyAppliesToSchema = z.object({
  subjectTypes: z.array(z.enum(DUTY_SUBJECT_TYPES)).min(1).optional(),
  appointmentKinds: codes.optional(),
  roles: codes.optional(),
  unitTypes: codes.optional(),
  memberCategories: codes.optional(),
});
export type DutyAppliesTo = z.infer<typeof dutyAppliesToSchema>;

/**
 * When a deadline falls, relative to the last day E of the period: either day `day` of the
 * month `monthsAfterPeriodEnd` months after E's month (clamped to that month's length; e.g. the
 * annual report for year 2026 with { monthsAfterPeriodEnd: 1, day: 31 } is due 2027-01-31), or
 * `daysAfterPeriodEnd` days after E. The due date is inclusive: the whole day counts.
 */
export const dutyDueSchema = z.union([
  z.object({
    monthsAfterPeriodEnd: z.number().int().min(0).max(24),
    day: z.number().int().min(1).max(31),
  }),
  z.object({ daysAfterPeriodEnd: z.number().int().min(0).max(730) }),
]);
export type DutyDue = z.infer<typeof dutyDueSchema>;

/** What the counted records must add up to in a period. */
export const dutyRequirementSchema = z.discriminatedUnion('type', [
  /** At least `min` counted records. */
  z.object({ type: z.literal('count'), min: z.number().int().min(1).max(10_000), noun: dutyNounSchema }),
  /** The numeric attribute `attribute` of the counted records sums to at least `min`. */
  z.object({
    type: z.literal('sum'),
    attribute: attributeName,
    min: z.number().positive().max(1_000_000),
    noun: dutyNounSchema,
    unit: dutyNounSchema,
  }),
  /**
   * Each member of the subject's population `population` is named (by id, in the record
   * attribute `attribute`) by at least one counted record; `minShare` (default 1 = everyone)
   * relaxes it to a share of the population.
   */
  z.object({
    type: z.literal('coverage'),
    population: codeSchema,
    attribute: attributeName,
    minShare: z.number().gt(0).max(1).optional(),
    noun: dutyNounSchema,
    /** Chinese classifier for the noun (名, 家, 户…); defaults to 名. */
    measureWord: z.string().trim().min(1).max(4).optional(),
    verb: localizedSchema,
  }),
  /**
   * At least one counted record on or before the due date. A record belongs to the period whose
   * window (the day after the previous period's due date through this one's) holds it, unless it
   * carries `periodAttribute` (e.g. reportYear: 2026), which then names its period outright — so a
   * report for 2026 filed late in February 2027 is seen as late rather than as early for 2027.
   */
  z.object({
    type: z.literal('deadline'),
    due: dutyDueSchema,
    periodAttribute: attributeName.optional(),
    noun: dutyNounSchema,
    /** Defaults to 提交 / submitted. */
    verb: localizedSchema.optional(),
  }),
]);
export type DutyRequirement = z.infer<typeof dutyRequirementSchema>;
export type DutyRequirementType = DutyRequirement['type'];

/**
 * One version of a duty rule. Versions of a code are told apart by `effectiveFrom`; a period is
 * judged by the version in force on its first day (for `term`: the term's first day).
 */
export const dutyRuleSchema = z
  .object({
    code: codeSchema,
    version: z.number().int().min(1),
    effectiveFrom: dateSchema,
    /** Last day (inclusive) on which this version can start a period; absent = open-ended. */
    effectiveTo: dateSchema.nullish(),
    name: localizedSchema,
    description: z.object({ 'zh-CN': z.string().max(2000), en: z.string().max(2000) }).optional(),
    appliesTo: dutyAppliesToSchema,
    period: z.enum(DUTY_PERIODS),
    counts: dutyRecordFilterSchema,
    requirement: dutyRequirementSchema,
    /** Days before the period closes (or the deadline falls) from which an unmet duty is at risk. */
    atRiskDays: z.number().int().min(0).max(3650).optional(),
    /** Least share of a calendar period the term must cover for it to be assessed (default ½). */
    minPeriodShare: z.number().gt(0).max(1).optional(),
    /** How a period the term covers only in part is judged (see PARTIAL_PERIOD_MODES). */
    partialPeriods: z.enum(PARTIAL_PERIOD_MODES).optional(),
    /**
     * Term rules: the days of the term the requirement is written for (730: "at least 24 over a
     * 2-year term"). A term served for fewer days is partial, judged by `partialPeriods`; without
     * it every term is whole, whatever its length.
     */
    termDays: z.number().int().min(1).max(7320).optional(),
  })
  .refine((r) => !r.effectiveTo || r.effectiveTo >= r.effectiveFrom, {
    error: 'v.dateOrder',
    path: ['effectiveTo'],
  })
  // Scaling "every employee covered" or "report by 31 January" by days served means nothing.
  .refine((r) => r.partialPeriods !== 'prorate' || ['count', 'sum'].includes(r.requirement.type), {
    error: 'v.prorateRequirement',
    path: ['partialPeriods'],
  })
  .refine((r) => r.termDays === undefined || r.period === 'term', {
    error: 'v.termDaysPeriod',
    path: ['termDays'],
  });
export type DutyRule = z.infer<typeof dutyRuleSchema>;

/** True when `tz` is an IANA time zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A district's duty calendar: its time zone (weeks are always ISO, Monday first). */
export const dutyCalendarSchema = z.object({
  timeZone: z.string().refine(isValidTimeZone).default('Asia/Shanghai'),
});
export type DutyCalendar = z.infer<typeof dutyCalendarSchema>;

/**
 * Period keys: 2026-W07 (ISO week), 2026-03, 2026-Q1, 2026, and for a term its first and last
 * day, 2026-03-15/2028-03-14 (2026-03-15/.. while the term has no end).
 */
export const periodKeySchema = z
  .string()
  .regex(/^(\d{4}(-W\d{2}|-\d{2}|-Q[1-4])?|\d{4}-\d{2}-\d{2}\/(\d{4}-\d{2}-\d{2}|\.\.))$/);

const id = z.union([z.number(), z.string()]);

/** The engine's verdict on one subject × rule × period. */
export const dutyEvaluationSchema = z.object({
  subjectId: id,
  ruleCode: z.string(),
  ruleVersion: z.number(),
  ruleName: localizedSchema,
  requirementType: z.enum(['count', 'sum', 'coverage', 'deadline']),
  period: z.enum(DUTY_PERIODS),
  periodKey: z.string(),
  periodLabel: localizedSchema,
  /** The part of the period inside the term, as ISO instants `[start, end)`; end null = open term. */
  windowStart: z.string(),
  windowEnd: z.string().nullable(),
  /** Deadline rules: the due date (inclusive, local), null while the term has no end. */
  dueDate: z.string().nullable(),
  status: z.enum(DUTY_STATUSES),
  progress: z.object({ actual: z.number(), required: z.number() }),
  /** Coverage rules: the population members no counted record names yet. */
  missing: z.array(z.object({ id, name: z.string() })),
  /** The records that counted, oldest first. */
  recordIds: z.array(id),
  explanation: localizedSchema,
  /** The reason of an approved exemption for this period (status `exempt` unless met anyway). */
  /** Why the period is exempt, in both languages. */
  exemptionReason: localizedSchema.nullable(),
});
export type DutyEvaluation = z.infer<typeof dutyEvaluationSchema>;
