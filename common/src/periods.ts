import { addDays } from './cadres/appointments.ts';
import type { DutyPeriod, Localized } from './cadres/duties.ts';

/**
 * Period keys on civil days, shared by the server and the desk: which days a key names, the
 * period of a kind holding a day, stepping, how a period reads to people (one label function),
 * and which periods an exemption may be asked for (one rule for the form and the server).
 * Days are `YYYY-MM-DD`, computed in UTC so that no host's time zone shifts a day; a key
 * belongs to a district's calendar only through the day it is asked about.
 */

/** One period: its kind, key and first and last day (inclusive; `last` null for an open term). */
export interface CivilPeriod {
  period: DutyPeriod;
  key: string;
  first: string;
  last: string | null;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** ISO weekday, Monday 1 … Sunday 7. */
const isoWeekday = (day: string) => ((new Date(toMs(day)).getUTCDay() + 6) % 7) + 1;

function weekOneMonday(year: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

function isoWeekOf(day: string): CivilPeriod {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((toMs(thursday) - toMs(weekOneMonday(year))) / (7 * DAY_MS)) + 1;
  const first = addDays(day, 1 - isoWeekday(day));
  return { period: 'week', key: `${year}-W${pad(week)}`, first, last: addDays(first, 6) };
}

const monthEnd = (year: number, month: number) => fromMs(Date.UTC(year, month, 1) - DAY_MS);

/** The calendar period of a kind holding a day. */
export function civilPeriodOf(period: Exclude<DutyPeriod, 'term'>, day: string): CivilPeriod {
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

/** The calendar period `n` periods after (or, negative, before) one. */
export function stepPeriod(p: CivilPeriod, n: number): CivilPeriod {
  if (p.period === 'term' || p.last === null) throw new RangeError('A term has no neighbours');
  let out = p;
  const kind = p.period;
  for (let i = 0; i < Math.abs(n); i++) {
    out = civilPeriodOf(kind, n > 0 ? addDays(out.last ?? out.first, 1) : addDays(out.first, -1));
  }
  return out;
}

/** The period a key names (2026-W07, 2026-03, 2026-Q1, 2026, 2026-03-15/2028-03-14, 2026-03-15/..), or null. */
export function parseCivilPeriod(key: string): CivilPeriod | null {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const span = isoWeekOf(addDays(weekOneMonday(Number(m[1])), (Number(m[2]) - 1) * 7));
    return span.key === key ? span : null;
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? civilPeriodOf('month', `${key}-01`) : null;
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return civilPeriodOf('quarter', `${m[1]}-${pad((Number(m[2]) - 1) * 3 + 1)}-01`);
  if (/^\d{4}$/.test(key)) return civilPeriodOf('year', `${key}-01-01`);
  m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2}|\.\.)$/.exec(key);
  const real = (d: string) => fromMs(toMs(d)) === d;
  if (m?.[1] && m[2] && real(m[1]) && (m[2] === '..' || (real(m[2]) && m[2] >= m[1])))
    return { period: 'term', key, first: m[1], last: m[2] === '..' ? null : m[2] };
  return null;
}

// ── Labels ───────────────────────────────────────────────────────────────────────────────────

const ZH_QUARTERS = ['一', '二', '三', '四'];
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const zhDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const enDay = (d: string) => `${EN_MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}`;

/**
 * How a period reads to people, everywhere (explanations, board headers, the drill-down,
 * exemption choices, the phone): a week by its dates, "10月26日–11月1日" / "Oct 26 – Nov 1"
 * (with both years when it runs across New Year: "2026年12月28日–2027年1月3日" /
 * "Dec 28, 2026 – Jan 3, 2027"); 2026年3月 /
 * Mar 2026; 2026年第一季度 / Q1 2026; 2026年 / 2026; 任期 2026-03-15 至 2028-03-14 / term
 * 2026-03-15 to 2028-03-14. `weekNumber` reads "2026年第44周" / "Week 44, 2026" for where space
 * is short. An unknown key reads as itself.
 */
export function periodText(key: string): Localized {
  const p = parseCivilPeriod(key);
  if (!p) return { 'zh-CN': key, en: key };
  switch (p.period) {
    case 'week': {
      const last = p.last ?? p.first;
      if (p.first.slice(0, 4) !== last.slice(0, 4)) {
        const [y1, y2] = [p.first.slice(0, 4), last.slice(0, 4)];
        return {
          'zh-CN': `${y1}年${zhDay(p.first)}–${y2}年${zhDay(last)}`,
          en: `${enDay(p.first)}, ${y1} – ${enDay(last)}, ${y2}`,
        };
      }
      return { 'zh-CN': `${zhDay(p.first)}–${zhDay(last)}`, en: `${enDay(p.first)} – ${enDay(last)}` };
    }
    case 'month': {
      const [year, month] = [p.first.slice(0, 4), Number(p.first.slice(5, 7))];
      return { 'zh-CN': `${year}年${month}月`, en: `${EN_MONTHS[month - 1]} ${year}` };
    }
    case 'quarter': {
      const q = Math.floor((Number(p.first.slice(5, 7)) - 1) / 3);
      const year = p.first.slice(0, 4);
      return { 'zh-CN': `${year}年第${ZH_QUARTERS[q]}季度`, en: `Q${q + 1} ${year}` };
    }
    case 'year':
      return { 'zh-CN': `${p.key}年`, en: p.key };
    case 'term':
      if (p.last === null) return { 'zh-CN': `任期（自 ${p.first} 起）`, en: `term from ${p.first}` };
      return { 'zh-CN': `任期 ${p.first} 至 ${p.last}`, en: `term ${p.first} to ${p.last}` };
  }
}

/** A week by its number, where a date range does not fit: "2026年第44周" / "Week 44, 2026". */
export function weekNumberText(key: string): Localized {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return periodText(key);
  return { 'zh-CN': `${m[1]}年第${Number(m[2])}周`, en: `Week ${Number(m[2])}, ${m[1]}` };
}

// ── Exemption periods ────────────────────────────────────────────────────────────────────────

/**
 * How many periods before and after the one holding today an exemption may be asked for, by
 * period kind: leave is asked for around when it happens, not half a year later. The form offers
 * exactly these (`GET /api/duty-exemptions/choices`) and the server accepts only these.
 */
export const EXEMPTION_WINDOW: Readonly<
  Record<Exclude<DutyPeriod, 'term'>, { back: number; ahead: number }>
> = {
  week: { back: 4, ahead: 8 },
  month: { back: 2, ahead: 3 },
  quarter: { back: 1, ahead: 2 },
  year: { back: 1, ahead: 1 },
};

/** The calendar periods of a kind an exemption may be asked for on `today`, oldest first. */
export function exemptionPeriods(kind: Exclude<DutyPeriod, 'term'>, today: string): CivilPeriod[] {
  const w = EXEMPTION_WINDOW[kind];
  let p = stepPeriod(civilPeriodOf(kind, today), -w.back);
  const out = [p];
  for (let i = 0; i < w.back + w.ahead; i++) {
    p = stepPeriod(p, 1);
    out.push(p);
  }
  return out;
}

/** Whether an exemption may be asked for the calendar period `key` on `today` (a term always may). */
export function exemptionPeriodOffered(key: string, today: string): boolean {
  const p = parseCivilPeriod(key);
  if (!p) return false;
  if (p.period === 'term') return true;
  return exemptionPeriods(p.period, today).some((x) => x.key === key);
}
