import {
  civilPeriodOf,
  EXEMPTION_WINDOW,
  exemptionPeriodOffered,
  exemptionPeriods,
  parseCivilPeriod,
  periodText,
  stepPeriod,
} from '@gongjian/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriodKey, spanLabel } from '#server/rules/calendar/civil.ts';

/**
 * common/src/periods.ts: the civil calendar the desk shares with the server, the one label
 * function, and the one rule for which periods an exemption may be asked for.
 */
describe('the shared civil calendar', () => {
  const dayArb = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((ms) => new Date(ms).toISOString().slice(0, 10));
  const kindArb = fc.constantFrom('week', 'month', 'quarter', 'year' as const);

  it('names the same periods as the duty engine, with the same labels', () => {
    fc.assert(
      fc.property(dayArb, kindArb, (day, kind) => {
        const p = civilPeriodOf(kind, day);
        const span = parsePeriodKey(p.key);
        expect(span).toBeDefined();
        expect(parseCivilPeriod(p.key)).toEqual(p);
        if (span) expect(spanLabel(span)).toEqual(periodText(p.key));
        expect(p.first <= day && day <= (p.last ?? day)).toBe(true);
      }),
    );
  });

  it('reads weeks as dates, not 2026-W44', () => {
    expect(periodText('2026-W44')).toEqual({ 'zh-CN': '10月26日–11月1日', en: 'Oct 26 – Nov 1' });
    expect(periodText('nonsense')).toEqual({ 'zh-CN': 'nonsense', en: 'nonsense' });
  });
});

describe('exemption periods', () => {
  it('offers the period holding today with its window before and after, for every kind', () => {
    for (const kind of ['week', 'month', 'quarter', 'year'] as const) {
      const offered = exemptionPeriods(kind, '2026-12-02');
      const w = EXEMPTION_WINDOW[kind];
      expect(offered).toHaveLength(w.back + w.ahead + 1);
      const current = civilPeriodOf(kind, '2026-12-02');
      expect(offered[w.back]).toEqual(current);
      expect(offered[0]).toEqual(stepPeriod(current, -w.back));
      expect(exemptionPeriodOffered(stepPeriod(current, -w.back - 1).key, '2026-12-02')).toBe(false);
      expect(exemptionPeriodOffered(stepPeriod(current, w.ahead + 1).key, '2026-12-02')).toBe(false);
    }
    // The case: weeks from 2026-W45 are offered on 2026-12-02, and 2026-W35 is not.
    expect(exemptionPeriods('week', '2026-12-02')[0]?.key).toBe('2026-W45');
    expect(exemptionPeriodOffered('2026-W35', '2026-12-02')).toBe(false);
    expect(exemptionPeriodOffered('2026-W45', '2026-12-02')).toBe(true);
    expect(exemptionPeriodOffered('2026-06-01/..', '2026-12-02')).toBe(true);
    expect(exemptionPeriodOffered('2026-W99', '2026-12-02')).toBe(false);
  });
});
