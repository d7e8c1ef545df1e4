import type {
  CalendarPeriod,
  DutyCalendar,
  DutyRule,
  DutyScalar,
  DutySubjectType,
  Localized,
} from '@gongjian/common';
import type { DateInput } from '#server/rules/calendar/civil.ts';

/** Ids as the database hands them out; numbers and strings are compared by their text. */
export type DutyId = number | string;

/** One member of a subject's coverage population (an employee, a two-new organisation…). */
export interface PopulationEntry {
  id: DutyId;
  /** Shown in explanations ("尚未联系：张三、李四"). */
  name: string;
}

/**
 * Whom duties are assessed for: an appointee (dispatched secretary, cross-appointee…), a
 * reporting member or a reporting unit. The engine only reads the fields rules can name plus the
 * term; the rest is context for callers.
 */
export interface DutySubject {
  id: DutyId;
  type: DutySubjectType;
  appointmentKind?: string | null;
  role?: string | null;
  /** For appointees: the sending unit's `unit_type`; for units: their own. */
  unitType?: string | null;
  memberCategory?: string | null;
  sendingUnitId?: DutyId | null;
  receivingAreaId?: DutyId | null;
  /** First day of the term (appointment, or reporting to the community), YYYY-MM-DD. */
  termStart: string;
  /**
   * Last day served, inclusive (the day of an early recall when there was one, else the planned
   * term end); null or absent while the term is open-ended.
   */
  termEnd?: string | null;
  /** Coverage populations by key, e.g. `sending_unit_employees`: who must be covered. */
  populations?: Readonly<Record<string, readonly PopulationEntry[]>>;
}

/** A work record as the engine sees it: a kind, an instant and a flat map of attributes. */
export interface DutyRecord {
  id: DutyId;
  subjectId: DutyId;
  kind: string;
  /** An instant: a Date or an ISO timestamp with its offset. */
  occurredAt: Date | string;
  /**
   * Flat attributes rules can filter on: activityRole 'led' | 'attended', actionCategory,
   * targetType, targetUnitId, subjectMemberId, hours, reportYear, confirmed (true once the
   * receiving community confirmed the record)…
   */
  attributes?: Readonly<Record<string, DutyScalar | null | undefined>>;
}

/**
 * An exemption from one rule for one period (leave, illness…). Only `approved` ones count. For
 * a term rule `periodKey` is the term's key or the literal `term`.
 */
export interface DutyExemption {
  subjectId: DutyId;
  ruleCode: string;
  periodKey: string;
  /** Why, in both languages (e.g. 病假：住院一周 / Illness: 住院一周). */
  reason: Localized;
  approved: boolean;
}

/** What `evaluate` needs: subjects, their records, exemptions, every rule version, a clock and a range. */
export interface EvaluateInput {
  subjects: readonly DutySubject[];
  records: readonly DutyRecord[];
  exemptions?: readonly DutyExemption[];
  /** All versions of all rules; each period picks the version in force on its first day. */
  rules: readonly DutyRule[];
  /** Defaults to Asia/Shanghai. */
  calendar?: DutyCalendar;
  /** The clock: records after it are ignored, periods are open or closed relative to it. */
  now: Date | string;
  /** Periods overlapping these days (both inclusive; bare dates are whole local days) are evaluated. */
  from: DateInput;
  to: DateInput;
  /**
   * The kind of period [from, to] is made of (a board viewed by month: one or more whole months).
   * Rules whose period is no longer than it are judged over the periods whose LAST day falls in
   * the range (the membership rule: a week belongs to the month holding its Sunday); term rules
   * the term if it overlaps the range; longer rules the periods that the range's view periods
   * belong to (a week board shows the month holding that week's Sunday). Without a view every
   * rule takes the periods overlapping the range (a drill-down into one period, the reminder scan).
   */
  view?: CalendarPeriod | undefined;
}
