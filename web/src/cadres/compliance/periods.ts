import {
  BOARD_PERIODS,
  type BoardPeriod,
  type CivilPeriod,
  civilPeriodOf,
  localDate,
  parseCivilPeriod,
} from '@gongjian/common';

/** The calendar periods the board can be viewed by (a term is not a view, only a rule's period). */
export { BOARD_PERIODS, type BoardPeriod };

export const isBoardPeriod = (v: unknown): v is BoardPeriod =>
  typeof v === 'string' && (BOARD_PERIODS as readonly string[]).includes(v);

/** One period: its key (as the server writes it) and its first and last day, inclusive. */
export type PeriodSpan = CivilPeriod;

/** The calendar period of a kind holding a day (common's calendar, the server's keys). */
export const periodOf = (period: BoardPeriod, day: string): PeriodSpan => civilPeriodOf(period, day);

/** Parse a period key (2026-W07, 2026-03, 2026-Q1, 2026, 2026-03-15/2028-03-14, 2026-03-15/..). */
export const parsePeriodKey = (key: string): PeriodSpan | null => parseCivilPeriod(key);

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
