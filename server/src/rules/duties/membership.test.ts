import type { CalendarPeriod, DutyEvaluation, DutyRule } from '@gongjian/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDay,
  localDay,
  membersStartDay,
  PERIOD_RANK,
  parseDay,
  spanContaining,
  spansEndingBetween,
  startOfDay,
  stepSpan,
} from '#server/rules/calendar/civil.ts';
import { evaluate } from './engine.ts';
import type { DutySubject } from './types.ts';

/**
 * The membership rule (README, "Which longer period a period belongs to"): a period belongs to
 * the longer period that holds its last day. Checked on the November example and as properties
 * over random calendars: zones with and without daylight saving, random runs of months,
 * quarters and years.
 */

const KINDS: readonly CalendarPeriod[] = ['week', 'month', 'quarter', 'year'];

const countRule = (period: CalendarPeriod): DutyRule => ({
  code: `every_${period}`,
  version: 1,
  effectiveFrom: '1990-01-01',
  name: { 'zh-CN': `每${period}`, en: `every ${period}` },
  appliesTo: { subjectTypes: ['appointee'] },
  period,
  counts: { kinds: ['contact'] },
  requirement: { type: 'count', min: 1, noun: { 'zh-CN': '联系', en: 'contact' } },
});
const RULES = KINDS.map(countRule);
const day = (d: string) => parseDay(d) ?? Number.NaN;
const SUBJECT: DutySubject = { id: 1, type: 'appointee', termStart: '1990-01-01' };

describe('membership: a period belongs to the longer period holding its last day', () => {
  it('gives November 2026 the weeks W44 (10-26 → 11-01) to W48, not W49 (11-30 → 12-06)', () => {
    const nov = spansEndingBetween(day('2026-11-01'), day('2026-11-30'), 'week');
    expect(nov.map((s) => s.key)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48']);
    const oct = spansEndingBetween(day('2026-10-01'), day('2026-10-31'), 'week');
    expect(oct.map((s) => s.key)).not.toContain('2026-W44');
    const dec = spansEndingBetween(day('2026-12-01'), day('2026-12-31'), 'week');
    expect(dec[0]?.key).toBe('2026-W49');
  });

  it('judges a closed November on 2026-12-02 with no week open and no weekly cell not yet due', () => {
    const out = evaluate({
      subjects: [SUBJECT],
      records: [],
      rules: RULES,
      now: '2026-12-02T10:00:00+08:00',
      from: '2026-11-01',
      to: '2026-11-30',
      view: 'month',
    });
    const weeks = out.filter((e) => e.period === 'week');
    expect(weeks.map((e) => e.periodKey)).toEqual([
      '2026-W44',
      '2026-W45',
      '2026-W46',
      '2026-W47',
      '2026-W48',
    ]);
    expect(weeks.every((e) => e.status === 'missed')).toBe(true);
    // Without a view (a drill-down), the periods overlapping the days are taken, as before.
    const overlap = evaluate({
      subjects: [SUBJECT],
      records: [],
      rules: RULES,
      now: '2026-12-02T10:00:00+08:00',
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(overlap.filter((e) => e.period === 'week').map((e) => e.periodKey)).toContain('2026-W49');
  });
});

// Zones with daylight saving both ways (north and south), a half-hour zone, one that moved its
// date line, and China Standard Time.
const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Kolkata',
  'Pacific/Apia',
  'America/St_Johns',
];

const VIEWS: readonly CalendarPeriod[] = ['month', 'quarter', 'year'];

/** A run of consecutive view periods: the first one holding a random day, then `n` of them. */
const runArb = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  view: fc.constantFrom(...VIEWS),
  startDay: fc.integer({
    min: Math.round(Date.UTC(2005, 0, 1) / 86_400_000),
    max: Math.round(Date.UTC(2035, 0, 1) / 86_400_000),
  }),
  n: fc.integer({ min: 1, max: 5 }),
  lateBy: fc.integer({ min: 0, max: 3 * 86_400_000 }),
});

function viewSpans(view: CalendarPeriod, startDay: number, n: number) {
  let span = spanContaining(startDay, view);
  const spans = [span];
  for (let i = 1; i < n; i++) {
    span = stepSpan(span, 1);
    spans.push(span);
  }
  return spans;
}

function boardOf(view: CalendarPeriod, first: number, last: number, timeZone: string, now: number) {
  return evaluate({
    subjects: [SUBJECT],
    records: [],
    rules: RULES,
    calendar: { timeZone },
    now: new Date(now),
    from: formatDay(first),
    to: formatDay(last),
    view,
  });
}

/** The local days an evaluation's window covers, [first, end). */
function daysOf(e: DutyEvaluation, timeZone: string): [number, number] {
  const first = localDay(Date.parse(e.windowStart), timeZone);
  const end = localDay(Date.parse(e.windowEnd ?? ''), timeZone);
  return [first, end];
}

describe('membership properties over random calendars', () => {
  it('counts every day in exactly one period per kind across consecutive boards, each in the one holding its last day', () => {
    fc.assert(
      fc.property(runArb, ({ timeZone, view, startDay, n, lateBy }) => {
        const spans = viewSpans(view, startDay, n);
        const rangeEnd = spans.at(-1)?.endDay ?? 0;
        const now = startOfDay(rangeEnd, timeZone) + lateBy;
        const seen = new Map<string, Map<number, number>>();
        for (const v of spans) {
          const last = (v.endDay ?? 0) - 1;
          for (const e of boardOf(view, v.startDay, last, timeZone, now)) {
            if (PERIOD_RANK[e.period] > PERIOD_RANK[view]) continue;
            const [first, end] = daysOf(e, timeZone);
            // The period's last day is inside the board it is listed on.
            expect(end - 1).toBeGreaterThanOrEqual(v.startDay);
            expect(end - 1).toBeLessThanOrEqual(last);
            const days = seen.get(e.period) ?? new Map<number, number>();
            seen.set(e.period, days);
            for (let d = first; d < end; d++) days.set(d, (days.get(d) ?? 0) + 1);
          }
        }
        const runFirst = spans[0]?.startDay ?? 0;
        for (const kind of KINDS.filter((k) => PERIOD_RANK[k] <= PERIOD_RANK[view])) {
          const days = seen.get(kind) ?? new Map<number, number>();
          // Never twice: no period is on two boards.
          expect([...days.values()].filter((c) => c !== 1)).toEqual([]);
          // No gap: from the first member's first day to the last one's end, every day once.
          const firstMember = spanContaining(runFirst, kind).startDay;
          expect(firstMember).toBeGreaterThanOrEqual(membersStartDay(runFirst, view));
          const lastMember = spansEndingBetween(runFirst, rangeEnd - 1, kind).at(-1);
          const lastEnd = lastMember?.endDay ?? firstMember;
          const gaps: string[] = [];
          for (let d = firstMember; d < lastEnd; d++)
            if (days.get(d) !== 1) gaps.push(`${kind} ${formatDay(d)}`);
          expect(gaps).toEqual([]);
          // The days of the run left out belong to the period the next board holds (a trailing
          // part of a week): fewer than 7, and none for kinds aligned with the view.
          expect(rangeEnd - lastEnd).toBeLessThan(kind === 'week' ? 7 : 1);
          expect(rangeEnd - lastEnd).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never reads a period of a closed range as not yet due or at risk', () => {
    fc.assert(
      fc.property(runArb, ({ timeZone, view, startDay, n, lateBy }) => {
        const spans = viewSpans(view, startDay, n);
        const first = spans[0]?.startDay ?? 0;
        const end = spans.at(-1)?.endDay ?? 0;
        const now = startOfDay(end, timeZone) + lateBy;
        const out = boardOf(view, first, end - 1, timeZone, now).filter(
          (e) => PERIOD_RANK[e.period] <= PERIOD_RANK[view],
        );
        expect(out.length).toBeGreaterThan(0);
        for (const e of out) expect(['missed', 'met']).toContain(e.status);
        // The whole run at once lists the same periods as its boards one by one.
        const oneByOne = spans.flatMap((v) =>
          boardOf(view, v.startDay, (v.endDay ?? 0) - 1, timeZone, now)
            .filter((e) => PERIOD_RANK[e.period] <= PERIOD_RANK[view])
            .map((e) => `${e.ruleCode} ${e.periodKey}`),
        );
        expect(out.map((e) => `${e.ruleCode} ${e.periodKey}`).sort()).toEqual(oneByOne.sort());
      }),
      { numRuns: 60 },
    );
  });
});
