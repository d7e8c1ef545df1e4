import {
  type CalendarPeriod,
  type DutyCalendar,
  type DutyPeriod,
  type Localized,
  periodText,
} from '@gongjian/common';

/**
 * Calendar arithmetic for the duty engine. Dates are handled as civil day numbers (days since
 * 1970-01-01, no time zone), so adding days or months is plain integer arithmetic; an instant
 * enters or leaves that world only through the district's IANA time zone (`localDay`,
 * `startOfDay`), computed with Intl, never with the host's zone.
 */

/** Milliseconds in a civil day (only used between civil day numbers, never for local times). */
export const DAY_MS = 86_400_000;

/** A date or an instant: 'YYYY-MM-DD' is a civil date; other strings and Dates are instants. */
export type DateInput = Date | string;

/** The calendar used when none is given: China Standard Time. */
export const DEFAULT_CALENDAR: DutyCalendar = { timeZone: 'Asia/Shanghai' };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a civil date (month 1–12). */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The civil date of a day number. */
export function ymdOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a real 'YYYY-MM-DD' date, or undefined (2026-02-30 is not a date). */
export function parseDay(value: string): number | undefined {
  const m = DATE_ONLY.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  const back = ymdOf(day);
  return back.year === y && back.month === mo && back.day === d ? day : undefined;
}

/** ISO weekday: Monday 1 … Sunday 7 (day 0, 1970-01-01, was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Add calendar months to a (year, month) pair. */
function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset in ms at an instant (local wall clock minus UTC). */
export function offsetAt(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  // The formatter drops milliseconds, so compare against the instant truncated to the second.
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The civil day, in the zone, that an instant falls on. */
export function localDay(ms: number, timeZone: string): number {
  return Math.floor((ms + offsetAt(ms, timeZone)) / DAY_MS);
}

/** Day starts per zone: periods and windows ask for the same few days again and again. */
const dayStarts = new Map<string, Map<number, number>>();

/**
 * The first instant of a civil day in the zone. Tries the offsets in force a day before and a
 * day after local midnight and keeps the earliest candidate that really falls on that day: this
 * picks the earlier midnight when a clock change repeats it, and the transition itself when a
 * clock change skips midnight (the day then starts at 01:00 local).
 */
export function startOfDay(day: number, timeZone: string): number {
  let zone = dayStarts.get(timeZone);
  if (!zone) {
    zone = new Map();
    dayStarts.set(timeZone, zone);
  }
  const cached = zone.get(day);
  if (cached !== undefined) return cached;
  const wall = day * DAY_MS;
  const candidates = [wall - offsetAt(wall - DAY_MS, timeZone), wall - offsetAt(wall + DAY_MS, timeZone)]
    .filter((t) => localDay(t, timeZone) === day)
    .sort((a, b) => a - b);
  const start = candidates[0] ?? wall - offsetAt(wall, timeZone);
  zone.set(day, start);
  return start;
}

/** An instant in ms from a Date or an ISO string; throws on an unparseable value. */
export function toMs(value: Date | string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a date or instant: ${String(value)}`);
  return ms;
}

/** The civil day of a date input: a bare date as is, an instant in the calendar's zone. */
export function toLocalDay(value: DateInput, calendar: DutyCalendar = DEFAULT_CALENDAR): number {
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    const day = parseDay(value);
    if (day === undefined) throw new RangeError(`Not a date: ${value}`);
    return day;
  }
  return localDay(toMs(value), calendar.timeZone);
}

// ---------------------------------------------------------------------------------------------
// Periods

/** A period as civil days `[startDay, endDay)`; `endDay` null only for a term without an end. */
export interface PeriodSpan {
  period: DutyPeriod;
  key: string;
  startDay: number;
  endDay: number | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO week-numbering year and week of a day. */
function isoWeekOf(day: number): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = ymdOf(thursday).year;
  return { year, week: Math.floor((thursday - dayOf(year, 1, 1)) / 7) + 1 };
}

/** Monday of week 1 of an ISO year: the week holding 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = dayOf(year, 1, 4);
  return jan4 - isoWeekday(jan4) + 1;
}

/** 52 or 53: the ISO week of 28 December, which is always in the year's last week. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(dayOf(year, 12, 28)).week;
}

/** The calendar period of a kind that contains a civil day. */
export function spanContaining(day: number, period: CalendarPeriod): PeriodSpan {
  const { year, month } = ymdOf(day);
  switch (period) {
    case 'week': {
      const w = isoWeekOf(day);
      const startDay = day - isoWeekday(day) + 1;
      return { period, key: `${w.year}-W${pad(w.week)}`, startDay, endDay: startDay + 7 };
    }
    case 'month': {
      const next = addMonths(year, month, 1);
      return {
        period,
        key: `${year}-${pad(month)}`,
        startDay: dayOf(year, month, 1),
        endDay: dayOf(next.year, next.month, 1),
      };
    }
    case 'quarter': {
      const q = Math.floor((month - 1) / 3) + 1;
      const first = (q - 1) * 3 + 1;
      const next = addMonths(year, first, 3);
      return {
        period,
        key: `${year}-Q${q}`,
        startDay: dayOf(year, first, 1),
        endDay: dayOf(next.year, next.month, 1),
      };
    }
    case 'year':
      return { period, key: String(year), startDay: dayOf(year, 1, 1), endDay: dayOf(year + 1, 1, 1) };
  }
}

/** The calendar period right after (step 1) or before (step -1) a calendar period. */
export function stepSpan(span: PeriodSpan, step: 1 | -1): PeriodSpan {
  if (span.period === 'term' || span.endDay === null) throw new RangeError('A term has no neighbours');
  const day = step === 1 ? span.endDay : span.startDay - 1;
  return spanContaining(day, span.period);
}

/**
 * The key of a term: its first and last day, 2026-03-15/2028-03-14; 2026-03-15/.. while the term
 * has no end. `termEnd` is the last day of the term (inclusive), as appointments record it.
 */
export function termKey(termStart: string, termEnd?: string | null): string {
  return `${termStart}/${termEnd ?? '..'}`;
}

/** A term's span from its first and (inclusive) last day; throws on an invalid or reversed term. */
export function termSpan(termStart: string, termEnd?: string | null): PeriodSpan {
  const startDay = parseDay(termStart);
  const lastDay = termEnd ? parseDay(termEnd) : null;
  if (startDay === undefined || lastDay === undefined) {
    throw new RangeError(`Not a term: ${termStart}/${termEnd}`);
  }
  if (lastDay !== null && lastDay < startDay)
    throw new RangeError(`Term ends before it starts: ${termStart}`);
  return {
    period: 'term',
    key: termKey(termStart, termEnd),
    startDay,
    endDay: lastDay === null ? null : lastDay + 1,
  };
}

const KEY_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => PeriodSpan | undefined]> = [
  [
    /^(\d{4})-W(\d{2})$/,
    (m) => {
      const [year, week] = [Number(m[1]), Number(m[2])];
      if (week < 1 || week > isoWeeksInYear(year)) return undefined;
      return spanContaining(isoWeekOneMonday(year) + (week - 1) * 7, 'week');
    },
  ],
  [
    /^(\d{4})-(\d{2})$/,
    (m) => {
      const [year, month] = [Number(m[1]), Number(m[2])];
      return month >= 1 && month <= 12 ? spanContaining(dayOf(year, month, 1), 'month') : undefined;
    },
  ],
  [
    /^(\d{4})-Q([1-4])$/,
    (m) => spanContaining(dayOf(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1), 'quarter'),
  ],
  [/^(\d{4})$/, (m) => spanContaining(dayOf(Number(m[1]), 1, 1), 'year')],
  [
    /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2}|\.\.)$/,
    (m) => {
      try {
        return termSpan(m[1] ?? '', m[2] === '..' ? null : m[2]);
      } catch {
        return undefined;
      }
    },
  ],
];

/** The span a period key names, or undefined for a malformed key (2026-W54, 2025-W53, 2026-13). */
export function parsePeriodKey(key: string): PeriodSpan | undefined {
  for (const [pattern, build] of KEY_PATTERNS) {
    const m = pattern.exec(key);
    if (m) return build(m);
  }
  return undefined;
}

function spanOrThrow(key: string): PeriodSpan {
  const span = parsePeriodKey(key);
  if (!span) throw new RangeError(`Not a period key: ${key}`);
  return span;
}

/** The key of the calendar period (week, month, quarter, year) containing a date or instant. */
export function periodKey(
  date: DateInput,
  period: CalendarPeriod,
  calendar: DutyCalendar = DEFAULT_CALENDAR,
): string {
  return spanContaining(toLocalDay(date, calendar), period).key;
}

/**
 * A period's instants `[start, end)` in the calendar's zone; `end` is null only for a term key
 * without an end (2026-03-15/..). Throws on a malformed key.
 */
export function periodRange(
  key: string,
  calendar: DutyCalendar = DEFAULT_CALENDAR,
): [start: Date, end: Date | null] {
  const span = spanOrThrow(key);
  return [
    new Date(startOfDay(span.startDay, calendar.timeZone)),
    span.endDay === null ? null : new Date(startOfDay(span.endDay, calendar.timeZone)),
  ];
}

/**
 * The calendar periods of a kind from the one containing `from` through the one containing `to`,
 * both inclusive. Bare dates are whole days, so pass the last day of a range, not the day after.
 */
export function periodsBetween(
  from: DateInput,
  to: DateInput,
  period: CalendarPeriod,
  calendar: DutyCalendar = DEFAULT_CALENDAR,
): string[] {
  return spansBetween(toLocalDay(from, calendar), toLocalDay(to, calendar), period).map((s) => s.key);
}

/** Spans of a kind overlapping the civil days [fromDay, toDay] (both inclusive). */
export function spansBetween(fromDay: number, toDay: number, period: CalendarPeriod): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  if (toDay < fromDay) return spans;
  let span = spanContaining(fromDay, period);
  while (span.startDay <= toDay) {
    spans.push(span);
    span = stepSpan(span, 1);
  }
  return spans;
}

/** Shortest first: a period kind "no longer than" another has a rank no greater than its. */
export const PERIOD_RANK: Readonly<Record<DutyPeriod, number>> = {
  week: 0,
  month: 1,
  quarter: 2,
  year: 3,
  term: 4,
};

/**
 * The membership rule: a period belongs to the longer period that holds its LAST day. These are
 * the spans of a kind whose last day falls within the civil days [fromDay, toDay] (both
 * inclusive), so the week 2026-11-30 → 12-06 is December's and the week 10-26 → 11-01 is
 * November's (not October's). Over consecutive ranges every span is listed exactly once, and a
 * range that has closed holds only spans that have closed.
 */
export function spansEndingBetween(fromDay: number, toDay: number, period: CalendarPeriod): PeriodSpan[] {
  const spans: PeriodSpan[] = [];
  if (toDay < fromDay) return spans;
  let span = spanContaining(fromDay, period);
  // The span holding the first day ends inside the range (a week, or an aligned kind) or after it.
  while (span.endDay !== null && span.endDay - 1 <= toDay) {
    if (span.endDay - 1 >= fromDay) spans.push(span);
    span = stepSpan(span, 1);
  }
  return spans;
}

/**
 * The first day of the earliest period a range of `view` periods holds under the membership
 * rule: the Monday of the week holding `fromDay` (months, quarters and years align with the
 * view's own boundaries; only weeks straddle them).
 */
export function membersStartDay(fromDay: number, view: CalendarPeriod): number {
  return view === 'week' ? fromDay : spanContaining(fromDay, 'week').startDay;
}

/**
 * How a period is named in explanations and everywhere else: common's `periodText`, the one
 * label function of server and desk (a week by its dates, 10月26日–11月1日 / Oct 26 – Nov 1;
 * 2026年3月 / Mar 2026; 2026年第一季度 / Q1 2026; 2026年 / 2026; 任期 2026-03-15 至 2028-03-14).
 */
export function periodLabel(key: string): Localized {
  return spanLabel(spanOrThrow(key));
}

/** The label of a parsed period (see `periodLabel`). */
export function spanLabel(span: PeriodSpan): Localized {
  return periodText(span.key);
}
