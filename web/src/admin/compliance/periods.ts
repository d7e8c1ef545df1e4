import { type DutyPeriod, localDate } from '@gongjian/common';

/** The calendar periods the board can be viewed by (a term is not a view, only a rule's period). */
export const BOARD_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export type BoardPeriod = (typeof BOARD_PERIODS)[number];

export const isBoardPeriod = (v: unknown): v is BoardPeriod =>
  typeof v === 'string' && (BOARD_PERIODS as readonly string[]).includes(v);

/** One period: its key (as the server writes it) and its first and last day, inclusive. */
export interface PeriodSpan {
  period: DutyPeriod;
  key: string;
  first: string;
  /** Null for an open-ended term. */
  last: string | null;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** Civil-day arithmetic on `YYYY-MM-DD` in UTC, so the browser's own time zone never shifts a day. */
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => fromMs(toMs(day) + n * DAY_MS);
/** ISO weekday, Monday 1 … Sunday 7. */
const isoWeekday = (day: string) => ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1;

/** Monday of ISO week 1 of `year`: the week holding 4 January. */
function weekOneMonday(year: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** The ISO week (Monday first) holding a day, as the server keys it: 2026-W07. */
function isoWeekOf(day: string): PeriodSpan {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((toMs(thursday) - toMs(weekOneMonday(year))) / (7 * DAY_MS)) + 1;
  const first = addDays(day, 1 - isoWeekday(day));
  return { period: 'week', key: `${year}-W${pad(week)}`, first, last: addDays(first, 6) };
}

/** The last day of a month (month 1–12). */
const monthEnd = (year: number, month: number) => fromMs(Date.UTC(year, month, 1) - DAY_MS);

/** The calendar period of a kind holding a day. */
export function periodOf(period: BoardPeriod, day: string): PeriodSpan {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  switch (period) {
    case 'week':
      return isoWeekOf(day);
    case 'month':
      return {
        period,
        key: `${year}-${pad(month)}`,
        first: `${year}-${pad(month)}-01`,
        last: monthEnd(year, month),
      };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3);
      return {
        period,
        key: `${year}-Q${q + 1}`,
        first: `${year}-${pad(q * 3 + 1)}-01`,
        last: monthEnd(year, q * 3 + 3),
      };
    }
    case 'year':
      return { period, key: String(year), first: `${year}-01-01`, last: `${year}-12-31` };
  }
}

/** Parse a period key (2026-W07, 2026-03, 2026-Q1, 2026, 2026-03-15/2028-03-14, 2026-03-15/..). */
export function parsePeriodKey(key: string): PeriodSpan | null {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const first = addDays(weekOneMonday(Number(m[1])), (Number(m[2]) - 1) * 7);
    const span = isoWeekOf(first);
    return span.key === key ? span : null;
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? periodOf('month', `${key}-01`) : null;
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return periodOf('quarter', `${m[1]}-${pad((Number(m[2]) - 1) * 3 + 1)}-01`);
  if (/^\d{4}$/.test(key)) return periodOf('year', `${key}-01-01`);
  m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2}|\.\.)$/.exec(key);
  if (m?.[1] && m[2]) return { period: 'term', key, first: m[1], last: m[2] === '..' ? null : m[2] };
  return null;
}

/** Today in the district's time zone (the board's calendar). */
export const todayLocal = () => localDate(new Date());

/**
 * The `at` to ask the board for so that it shows a chosen period: nothing for the current period
 * (judged now), else the period's last day (judged once it has closed).
 */
export function atForPeriod(span: PeriodSpan, today = todayLocal()): string | undefined {
  const current = span.first <= today && (span.last === null || span.last >= today);
  return current ? undefined : (span.last ?? span.first);
}

/** The local day (in the board's time zone) of an instant. */
export const localDay = (iso: string) => localDate(new Date(iso));

/** The last local day of a `[start, end)` window (the day before its end). */
export const lastDayOf = (endIso: string) => localDate(new Date(Date.parse(endIso) - 1));
