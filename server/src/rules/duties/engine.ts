import {
  type CalendarPeriod,
  DEFAULT_AT_RISK_DAYS,
  DEFAULT_MIN_PERIOD_SHARE,
  type DutyAppliesTo,
  type DutyCalendar,
  type DutyDue,
  type DutyEvaluation,
  type DutyRecordFilter,
  type DutyRule,
  type DutyScalar,
  type DutyStatus,
  type Localized,
  proratedMin,
} from '@gongjian/common';
import {
  DEFAULT_CALENDAR,
  dayOf,
  daysInMonth,
  formatDay,
  localDay,
  PERIOD_RANK,
  type PeriodSpan,
  spanContaining,
  spanLabel,
  spansBetween,
  spansEndingBetween,
  startOfDay,
  termSpan,
  toLocalDay,
  toMs,
  ymdOf,
} from '#server/rules/calendar/civil.ts';
import {
  explainCount,
  explainCoverage,
  explainDeadline,
  explainExempt,
  explainNotApplicable,
  explainNotStarted,
  explainPartialSkipped,
  explainProrated,
  explainSum,
} from './explain.ts';
import type {
  DutyExemption,
  DutyId,
  DutyRecord,
  DutySubject,
  EvaluateInput,
  PopulationEntry,
} from './types.ts';
import { groupVersions, versionInForce } from './versions.ts';

/**
 * The duty engine: pure functions from subjects, records, exemptions, rule versions, a calendar
 * and a clock to one verdict per subject × applicable rule × period. No I/O, no hidden clock.
 * The semantics (periods, versions, partial periods, at risk, deadlines) are documented in
 * server/src/rules/README.md.
 */

type Attributes = Readonly<Record<string, DutyScalar | null | undefined>>;

/** A record ready for evaluation: its instant parsed once. */
interface PreparedRecord {
  id: DutyId;
  kind: string;
  at: number;
  attributes: Attributes;
}

/** Records grouped by subject and sorted by time, built once by `groupRecordsBySubject`. */
export interface GroupedRecords {
  readonly bySubject: ReadonlyMap<string, readonly PreparedRecord[]>;
}

/** `evaluateAll`'s input: `evaluate`'s, with the records already grouped. */
export interface EvaluateAllInput extends Omit<EvaluateInput, 'records'> {
  records: GroupedRecords;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/**
 * A total order on ids: numbers numerically, then strings by code unit, so results never
 * depend on the order the input came in.
 */
export function compareIds(a: DutyId, b: DutyId): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const byTimeThenId = (a: PreparedRecord, b: PreparedRecord) => a.at - b.at || compareIds(a.id, b.id);

/** Group records by subject in one pass (plus a sort per subject); the input is not modified. */
export function groupRecordsBySubject(records: readonly DutyRecord[]): GroupedRecords {
  const bySubject = new Map<string, PreparedRecord[]>();
  for (const r of records) {
    const prepared: PreparedRecord = {
      id: r.id,
      kind: r.kind,
      at: toMs(r.occurredAt),
      attributes: r.attributes ?? NO_ATTRIBUTES,
    };
    const key = String(r.subjectId);
    const list = bySubject.get(key);
    if (list) list.push(prepared);
    else bySubject.set(key, [prepared]);
  }
  for (const list of bySubject.values()) list.sort(byTimeThenId);
  return { bySubject };
}

/** Whether a subject falls under a rule: AND across the fields given, OR within each. */
export function appliesTo(applies: DutyAppliesTo, subject: DutySubject): boolean {
  const within = (list: readonly string[] | undefined, value: string | null | undefined) =>
    !list || list.length === 0 || (value != null && list.includes(value));
  return (
    within(applies.subjectTypes, subject.type) &&
    within(applies.appointmentKinds, subject.appointmentKind) &&
    within(applies.roles, subject.role) &&
    within(applies.unitTypes, subject.unitType) &&
    within(applies.memberCategories, subject.memberCategory)
  );
}

/** Whether a record counts for a rule: kind, every condition, and confirmation if required. */
export function recordCounts(filter: DutyRecordFilter, kind: string, attributes: Attributes): boolean {
  if (!filter.kinds.includes(kind)) return false;
  if (filter.confirmedOnly && attributes.confirmed !== true) return false;
  for (const c of filter.where ?? []) {
    const v = attributes[c.attribute];
    if (v === undefined || v === null) return false;
    if (c.op === 'equals' ? v !== c.value : !c.values.includes(v)) return false;
  }
  return true;
}

/** The due date (a day number) of a deadline for a period whose last day is `lastDay`. */
export function dueDayOf(lastDay: number, due: DutyDue): number {
  if ('daysAfterPeriodEnd' in due) return lastDay + due.daysAfterPeriodEnd;
  const { year, month } = ymdOf(lastDay);
  const index = year * 12 + (month - 1) + due.monthsAfterPeriodEnd;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return dayOf(y, m, Math.min(due.day, daysInMonth(y, m)));
}

/** First index whose record is at or after `t` (records sorted by time). */
function lowerBound(records: readonly PreparedRecord[], t: number): number {
  let [lo, hi] = [0, records.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid]?.at ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Records with `from <= at < to`. */
function between(records: readonly PreparedRecord[], from: number, to: number): readonly PreparedRecord[] {
  return records.slice(lowerBound(records, from), lowerBound(records, to));
}

interface Plan {
  rule: DutyRule;
  /** All versions of the rule's code, newest first. */
  versions: readonly DutyRule[];
  /** Calendar periods in range judged by this version (empty for term rules). */
  spans: readonly PeriodSpan[];
}

interface Context {
  timeZone: string;
  now: number;
  exemptions: ReadonlyMap<string, DutyExemption>;
  /** Labels and ISO strings repeat across subjects; each is built once per run. */
  labels: Map<string, Localized>;
  isoStrings: Map<number, string>;
}

function labelOf(ctx: Context, span: PeriodSpan): Localized {
  let label = ctx.labels.get(span.key);
  if (!label) {
    label = spanLabel(span);
    ctx.labels.set(span.key, label);
  }
  return label;
}

function isoOf(ctx: Context, ms: number): string {
  let iso = ctx.isoStrings.get(ms);
  if (iso === undefined) {
    iso = new Date(ms).toISOString();
    ctx.isoStrings.set(ms, iso);
  }
  return iso;
}

/** A coverage population ready for lookups: deduplicated, in id order, with its id set. */
interface Population {
  entries: readonly PopulationEntry[];
  ids: ReadonlySet<string>;
}

/** One subject's populations, normalised on first use and reused by every period. */
type PopulationCache = Map<string, Population>;

function populationOf(subject: DutySubject, key: string, cache: PopulationCache): Population {
  let population = cache.get(key);
  if (!population) {
    const entries = normalizePopulation(subject.populations?.[key] ?? []);
    population = { entries, ids: new Set(entries.map((e) => String(e.id))) };
    cache.set(key, population);
  }
  return population;
}

const exemptionKey = (subjectId: DutyId, ruleCode: string, periodKey: string) =>
  `${String(subjectId)}\u0000${ruleCode}\u0000${periodKey}`;

/** Approved exemptions by subject × rule × period; of duplicates the first reason in sort order wins. */
function indexExemptions(exemptions: readonly DutyExemption[]): Map<string, DutyExemption> {
  const index = new Map<string, DutyExemption>();
  for (const e of exemptions) {
    if (!e.approved) continue;
    const key = exemptionKey(e.subjectId, e.ruleCode, e.periodKey);
    const prev = index.get(key);
    if (!prev || e.reason['zh-CN'] < prev.reason['zh-CN']) index.set(key, e);
  }
  return index;
}

/**
 * The periods of a kind a range shows. Without a view: those overlapping it. With one, by the
 * membership rule (a period belongs to the longer period holding its last day): periods no
 * longer than the view that end in the range; longer ones that the range's view periods belong
 * to (a week board shows the month holding the week's Sunday, not the month it started in).
 */
function viewSpans(
  period: CalendarPeriod,
  fromDay: number,
  toDay: number,
  view: CalendarPeriod | undefined,
): PeriodSpan[] {
  if (!view) return spansBetween(fromDay, toDay, period);
  if (PERIOD_RANK[period] <= PERIOD_RANK[view]) return spansEndingBetween(fromDay, toDay, period);
  const firstEnd = spanContaining(fromDay, view).endDay;
  return spansBetween(Math.min(toDay, (firstEnd ?? fromDay + 1) - 1), toDay, period);
}

function buildPlans(
  rules: readonly DutyRule[],
  fromDay: number,
  toDay: number,
  view: CalendarPeriod | undefined,
): Plan[] {
  const plans: Plan[] = [];
  const grouped = groupVersions(rules);
  for (const code of [...grouped.keys()].sort()) {
    const versions = grouped.get(code) ?? [];
    for (const rule of [...versions].reverse()) {
      const spans =
        rule.period === 'term'
          ? []
          : viewSpans(rule.period, fromDay, toDay, view).filter(
              (s) => versionInForce(versions, formatDay(s.startDay)) === rule,
            );
      plans.push({ rule, versions, spans });
    }
  }
  return plans;
}

/**
 * Evaluate every applicable rule for every subject over the periods overlapping [from, to].
 * Results are sorted by subject id, rule code and period start; the same input in any order
 * gives the same output. Subject ids must be unique; a term that ends before it starts, or a
 * date that is not one, throws a RangeError.
 */
export function evaluate(input: EvaluateInput): DutyEvaluation[] {
  return evaluateAll({ ...input, records: groupRecordsBySubject(input.records) });
}

/**
 * `evaluate` over records grouped once by `groupRecordsBySubject`: the entry point for large
 * runs (boards, the benchmark). Periods and rule versions are resolved once for all subjects;
 * each subject then costs its own records × its applicable rules.
 */
export function evaluateAll(input: EvaluateAllInput): DutyEvaluation[] {
  const calendar: DutyCalendar = input.calendar ?? DEFAULT_CALENDAR;
  const fromDay = toLocalDay(input.from, calendar);
  const toDay = toLocalDay(input.to, calendar);
  const ctx: Context = {
    timeZone: calendar.timeZone,
    now: toMs(input.now),
    exemptions: indexExemptions(input.exemptions ?? []),
    labels: new Map(),
    isoStrings: new Map(),
  };
  if (toDay < fromDay) return [];
  const plans = buildPlans(input.rules, fromDay, toDay, input.view);
  const subjects = [...input.subjects].sort((a, b) => compareIds(a.id, b.id));
  const results: DutyEvaluation[] = [];
  for (const subject of subjects) {
    const term = termSpan(subject.termStart, subject.termEnd);
    const records = input.records.bySubject.get(String(subject.id)) ?? [];
    const own: Placed[] = [];
    const populations: PopulationCache = new Map();
    for (const plan of plans) {
      if (!appliesTo(plan.rule.appliesTo, subject)) continue;
      const spans = plan.rule.period === 'term' ? termSpans(plan, term, fromDay, toDay) : plan.spans;
      let qualifying: PreparedRecord[] | undefined;
      for (const span of spans) {
        const firstDay = Math.max(span.startDay, term.startDay);
        const endDay = minEnd(span.endDay, term.endDay);
        if (endDay !== null && endDay <= firstDay) continue;
        qualifying ??= qualifyingRecords(records, plan.rule.counts);
        own.push({
          code: plan.rule.code,
          startDay: span.startDay,
          result: evaluatePeriod(ctx, subject, term, plan.rule, span, qualifying, populations),
        });
      }
    }
    own.sort(byCodeThenStart);
    for (const o of own) results.push(o.result);
  }
  return results;
}

interface Placed {
  code: string;
  startDay: number;
  result: DutyEvaluation;
}

const byCodeThenStart = (a: Placed, b: Placed) =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : a.startDay - b.startDay;

function qualifyingRecords(records: readonly PreparedRecord[], filter: DutyRecordFilter): PreparedRecord[] {
  const out: PreparedRecord[] = [];
  for (const r of records) if (recordCounts(filter, r.kind, r.attributes)) out.push(r);
  return out;
}

/** The term as the one period of a term rule, when this version was in force at its start. */
function termSpans(plan: Plan, term: PeriodSpan, fromDay: number, toDay: number): PeriodSpan[] {
  if (versionInForce(plan.versions, formatDay(term.startDay)) !== plan.rule) return [];
  const overlaps = term.startDay <= toDay && (term.endDay === null || term.endDay > fromDay);
  return overlaps ? [term] : [];
}

function minEnd(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** What a requirement found in one period, before status and exemptions are applied. */
interface Finding {
  satisfied: boolean;
  actual: number;
  required: number;
  counted: readonly PreparedRecord[];
  missing: readonly PopulationEntry[];
  /** When the duty can no longer be met (null: never, an open term). */
  closeAt: number | null;
  /** From when an unmet duty is at risk (null: never). */
  riskFrom: number | null;
  /** Deadline rules: the due date, and the first on-time and late records. */
  dueDate: string | null;
  firstOnTime: PreparedRecord | undefined;
  firstLate: PreparedRecord | undefined;
}

/** One period cut to the subject's term, as instants `[start, end)`; end null for an open term. */
interface Window {
  start: number;
  end: number | null;
}

// Kept free of per-call closures: this runs once per subject × rule × period.
function findCount(
  min: number,
  counted: readonly PreparedRecord[],
  w: Window,
  riskFrom: number | null,
): Finding {
  return {
    satisfied: counted.length >= min,
    actual: counted.length,
    required: min,
    counted,
    missing: [],
    closeAt: w.end,
    riskFrom,
    dueDate: null,
    firstOnTime: undefined,
    firstLate: undefined,
  };
}

function findSum(
  attribute: string,
  min: number,
  inWindow: readonly PreparedRecord[],
  w: Window,
  riskFrom: number | null,
): Finding {
  const counted: PreparedRecord[] = [];
  let raw = 0;
  for (const r of inWindow) {
    const v = r.attributes[attribute];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) continue;
    counted.push(r);
    raw += v;
  }
  // Rounded so that 0.1 + 0.2 hours compare and print as people expect.
  const actual = Math.round(raw * 1e6) / 1e6;
  return { ...findCount(min, counted, w, riskFrom), satisfied: actual >= min, actual };
}

function findCoverage(
  attribute: string,
  minShare: number,
  population: Population,
  inWindow: readonly PreparedRecord[],
  w: Window,
  riskFrom: number | null,
): Finding {
  const covered = new Set<string>();
  const counted: PreparedRecord[] = [];
  for (const r of inWindow) {
    const v = r.attributes[attribute];
    if (v === undefined || v === null) continue;
    const id = String(v);
    if (!population.ids.has(id)) continue;
    covered.add(id);
    counted.push(r);
  }
  const total = population.entries.length;
  // Guard against -0 for an empty population (ceil of a tiny negative number).
  const required = total === 0 ? 0 : Math.ceil(minShare * total - 1e-9);
  const missing: PopulationEntry[] = [];
  for (const e of population.entries) if (!covered.has(String(e.id))) missing.push(e);
  return {
    satisfied: covered.size >= required,
    actual: covered.size,
    required,
    counted,
    missing,
    closeAt: w.end,
    riskFrom,
    dueDate: null,
    firstOnTime: undefined,
    firstLate: undefined,
  };
}

function findDeadline(
  ctx: Context,
  req: Extract<DutyRule['requirement'], { type: 'deadline' }>,
  term: PeriodSpan,
  span: PeriodSpan,
  qualifying: readonly PreparedRecord[],
  atRiskDays: number,
): Finding {
  const tz = ctx.timeZone;
  const lastDay = span.endDay === null ? null : span.endDay - 1;
  const dueDay = lastDay === null ? null : dueDayOf(lastDay, req.due);
  const dueEnd = dueDay === null ? null : startOfDay(dueDay + 1, tz);
  // Untagged records belong to the window after the previous period's due date: a report for
  // last year filed this January is last year's, not this year's.
  const fromDay =
    span.period === 'term'
      ? term.startDay
      : Math.max(term.startDay, dueDayOf(span.startDay - 1, req.due) + 1);
  const recordsFrom = startOfDay(fromDay, tz);
  const onTime: PreparedRecord[] = [];
  let firstLate: PreparedRecord | undefined;
  for (const r of qualifying) {
    if (r.at > ctx.now) break;
    const tag = req.periodAttribute ? r.attributes[req.periodAttribute] : undefined;
    if (tag !== undefined && tag !== null) {
      if (String(tag) !== span.key) continue;
    } else if (r.at < recordsFrom || (dueEnd !== null && r.at >= dueEnd)) {
      continue;
    }
    if (dueEnd === null || r.at < dueEnd) onTime.push(r);
    else firstLate ??= r;
  }
  return {
    satisfied: onTime.length > 0,
    actual: onTime.length,
    required: 1,
    counted: onTime,
    missing: [],
    closeAt: dueEnd,
    riskFrom: dueDay === null ? null : startOfDay(dueDay + 1 - atRiskDays, tz),
    dueDate: dueDay === null ? null : formatDay(dueDay),
    firstOnTime: onTime[0],
    firstLate,
  };
}

const SUBMITTED: Localized = { 'zh-CN': '提交', en: 'submitted' };

function localDate(r: PreparedRecord | undefined, timeZone: string): string | null {
  return r ? formatDay(localDay(r.at, timeZone)) : null;
}

/** The explanation of a finding in the requirement's own words. */
function explainFinding(
  ctx: Context,
  label: Localized,
  req: DutyRule['requirement'],
  f: Finding,
  closed: boolean,
): Localized {
  switch (req.type) {
    // The requirement found (pro-rated where the rule says so), not the rule's full one.
    case 'count':
      return explainCount(label, f.actual, f.required, req.noun);
    case 'sum':
      return explainSum(label, f.actual, f.required, req.noun, req.unit);
    case 'coverage':
      return explainCoverage(
        label,
        {
          total: f.actual + f.missing.length,
          covered: f.actual,
          required: f.required,
          missing: f.missing,
          closed,
        },
        req.noun,
        req.verb,
        req.measureWord,
      );
    case 'deadline':
      return explainDeadline(
        label,
        {
          dueDate: f.dueDate,
          onTimeDate: localDate(f.firstOnTime, ctx.timeZone),
          lateDate: localDate(f.firstLate, ctx.timeZone),
          passed: closed,
        },
        req.noun,
        req.verb ?? SUBMITTED,
      );
  }
}

function evaluatePeriod(
  ctx: Context,
  subject: DutySubject,
  term: PeriodSpan,
  rule: DutyRule,
  span: PeriodSpan,
  qualifying: readonly PreparedRecord[],
  populations: PopulationCache,
): DutyEvaluation {
  const tz = ctx.timeZone;
  const now = ctx.now;
  const label = labelOf(ctx, span);
  const firstDay = Math.max(span.startDay, term.startDay);
  const endDay = minEnd(span.endDay, term.endDay);
  const w: Window = {
    start: startOfDay(firstDay, tz),
    end: endDay === null ? null : startOfDay(endDay, tz),
  };
  const req = rule.requirement;
  const atRiskDays =
    rule.atRiskDays ?? DEFAULT_AT_RISK_DAYS[req.type === 'deadline' ? 'deadline' : rule.period];
  const riskFrom = endDay === null ? null : startOfDay(endDay - atRiskDays, tz);
  // Records after `now` are ignored: the verdict is the one that held at `now`.
  const upTo = Math.min(w.end ?? Number.POSITIVE_INFINITY, now + 1);

  // A partial period: the term covers fewer days than the requirement is written for (a calendar
  // period's own days; a term rule's `termDays`). An open term is never partial: its days are
  // not known yet, so it is held to the full requirement (it is met or not yet due anyway).
  const periodDays = span.endDay === null ? null : span.endDay - span.startDay;
  const coveredDays = endDay === null ? null : endDay - firstDay;
  const fullDays = span.period === 'term' ? (rule.termDays ?? null) : periodDays;
  const partial = fullDays !== null && coveredDays !== null && coveredDays < fullDays;
  const mode = rule.partialPeriods ?? 'assess';
  const prorated = partial && mode === 'prorate';
  const need = (min: number) => (prorated ? proratedMin(min, coveredDays ?? 0, fullDays ?? 0) : min);

  let finding: Finding;
  switch (req.type) {
    case 'count':
      finding = findCount(need(req.min), between(qualifying, w.start, upTo), w, riskFrom);
      break;
    case 'sum':
      finding = findSum(req.attribute, need(req.min), between(qualifying, w.start, upTo), w, riskFrom);
      break;
    case 'coverage':
      finding = findCoverage(
        req.attribute,
        req.minShare ?? 1,
        populationOf(subject, req.population, populations),
        between(qualifying, w.start, upTo),
        w,
        riskFrom,
      );
      break;
    case 'deadline':
      finding = findDeadline(ctx, req, term, span, qualifying, atRiskDays);
      break;
  }

  const closed = finding.closeAt !== null && now >= finding.closeAt;
  let status: DutyStatus;
  if (finding.satisfied) status = 'met';
  else if (closed) status = 'missed';
  else if (finding.riskFrom !== null && now >= finding.riskFrom && now >= w.start) status = 'at_risk';
  else status = 'not_yet_due';

  const exemption =
    ctx.exemptions.size === 0
      ? undefined
      : (ctx.exemptions.get(exemptionKey(subject.id, rule.code, span.key)) ??
        (span.period === 'term'
          ? ctx.exemptions.get(exemptionKey(subject.id, rule.code, 'term'))
          : undefined));

  let explanation: Localized;
  const minShare = rule.minPeriodShare ?? DEFAULT_MIN_PERIOD_SHARE;
  // Not assessed, whatever was done: the verdict still carries the work (progress, records), so
  // the board and the drill-down show it beside "not assessed".
  const recorded = finding.counted.length;
  if (
    span.period !== 'term' &&
    periodDays !== null &&
    coveredDays !== null &&
    coveredDays < minShare * periodDays - 1e-9
  ) {
    status = 'not_applicable';
    explanation = explainNotApplicable(label, coveredDays, periodDays, minShare, recorded);
  } else if (partial && mode === 'skip') {
    status = 'not_applicable';
    explanation = explainPartialSkipped(label, coveredDays ?? 0, fullDays ?? 0, recorded);
  } else if (exemption && status !== 'met') {
    status = 'exempt';
    explanation = explainExempt(label, exemption.reason);
  } else if (req.type !== 'deadline' && status === 'not_yet_due' && now < w.start) {
    explanation = explainNotStarted(label);
  } else {
    explanation = explainFinding(ctx, label, req, finding, closed);
    if (prorated && (req.type === 'count' || req.type === 'sum'))
      explanation = explainProrated(explanation, coveredDays ?? 0, fullDays ?? 0, req.min);
  }

  return {
    subjectId: subject.id,
    ruleCode: rule.code,
    ruleVersion: rule.version,
    ruleName: rule.name,
    requirementType: req.type,
    period: rule.period,
    periodKey: span.key,
    periodLabel: label,
    windowStart: isoOf(ctx, w.start),
    windowEnd: w.end === null ? null : isoOf(ctx, w.end),
    dueDate: finding.dueDate,
    status,
    progress: { actual: finding.actual, required: finding.required },
    missing: finding.missing.map(toEntry),
    recordIds: finding.counted.map(idOf),
    explanation,
    exemptionReason: exemption && status !== 'not_applicable' ? exemption.reason : null,
  };
}

const toEntry = (m: PopulationEntry): PopulationEntry => ({ id: m.id, name: m.name });
const idOf = (r: PreparedRecord): DutyId => r.id;

/** A population without duplicate ids, in id order (then name), whatever order it came in. */
function normalizePopulation(entries: readonly PopulationEntry[]): PopulationEntry[] {
  const sorted = [...entries].sort(
    (a, b) => compareIds(a.id, b.id) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const seen = new Set<string>();
  return sorted.filter((e) => {
    const key = String(e.id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
