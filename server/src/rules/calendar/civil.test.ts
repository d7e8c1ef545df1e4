import { weekNumberText } from '@gongjian/common';
import { describe, expect, it } from 'vitest';
import {
  dayOf,
  formatDay,
  isoWeeksInYear,
  localDay,
  parsePeriodKey,
  periodKey,
  periodLabel,
  periodRange,
  periodsBetween,
  startOfDay,
  termKey,
  termSpan,
} from './civil.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const UTC = { timeZone: 'UTC' };

describe('ISO weeks', () => {
  it('puts 31 December 2026 and 1 January 2027 in 2026-W53, and 4 January 2027 in 2027-W01', () => {
    expect(periodKey('2026-12-31', 'week')).toBe('2026-W53');
    expect(periodKey('2027-01-01', 'week')).toBe('2026-W53');
    expect(periodKey('2027-01-03', 'week')).toBe('2026-W53');
    expect(periodKey('2027-01-04', 'week')).toBe('2027-W01');
  });

  it('puts early January in the previous ISO year and late December in the next when the weeks say so', () => {
    expect(periodKey('2021-01-03', 'week')).toBe('2020-W53');
    expect(periodKey('2024-12-30', 'week')).toBe('2025-W01');
    expect(periodKey('2026-02-09', 'week')).toBe('2026-W07');
    expect(periodKey('2026-02-15', 'week')).toBe('2026-W07');
  });

  it('knows which years have 53 weeks', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2027)).toBe(52);
  });

  it('gives 2026-W53 the instants from Monday 28 December to Monday 4 January in China time', () => {
    const [start, end] = periodRange('2026-W53');
    expect(iso(start)).toBe('2026-12-27T16:00:00.000Z');
    expect(iso(end)).toBe('2027-01-03T16:00:00.000Z');
  });

  it('rejects week keys that do not exist', () => {
    expect(parsePeriodKey('2025-W53')).toBeUndefined();
    expect(parsePeriodKey('2026-W54')).toBeUndefined();
    expect(parsePeriodKey('2026-W00')).toBeUndefined();
    expect(() => periodRange('2026-W54')).toThrow(RangeError);
  });

  it('lists the weeks between two dates across a year end', () => {
    expect(periodsBetween('2026-12-20', '2027-01-10', 'week')).toEqual([
      '2026-W51',
      '2026-W52',
      '2026-W53',
      '2027-W01',
    ]);
  });
});

describe('months, quarters and years', () => {
  it('puts a record at 2026-03-31T17:00Z in April and the second quarter in China, in March in UTC', () => {
    const at = new Date('2026-03-31T17:00:00Z');
    expect(periodKey(at, 'month')).toBe('2026-04');
    expect(periodKey(at, 'quarter')).toBe('2026-Q2');
    expect(periodKey(at, 'month', UTC)).toBe('2026-03');
    expect(periodKey('2026-03-31T15:59:59.999Z', 'quarter')).toBe('2026-Q1');
    expect(periodKey('2026-03-31T16:00:00.000Z', 'quarter')).toBe('2026-Q2');
  });

  it('ends a quarter at the first instant of the next one', () => {
    const [start, end] = periodRange('2026-Q1');
    expect(iso(start)).toBe('2025-12-31T16:00:00.000Z');
    expect(iso(end)).toBe('2026-03-31T16:00:00.000Z');
    expect(iso(periodRange('2026-Q4')[1])).toBe('2026-12-31T16:00:00.000Z');
    expect(periodsBetween('2026-02-10', '2026-10-01', 'quarter')).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
  });

  it('gives February 29 days in a leap year', () => {
    const [start, end] = periodRange('2028-02', UTC);
    expect(((end?.getTime() ?? 0) - start.getTime()) / 86_400_000).toBe(29);
  });

  it('reads a bare date as a civil date in any zone', () => {
    expect(periodKey('2026-01-01', 'year', { timeZone: 'Pacific/Kiritimati' })).toBe('2026');
    expect(periodKey('2026-01-01', 'year', { timeZone: 'Pacific/Pago_Pago' })).toBe('2026');
    expect(periodKey('2026-01-01T00:30:00Z', 'year', { timeZone: 'America/New_York' })).toBe('2025');
  });

  it('rejects months and dates that do not exist', () => {
    expect(parsePeriodKey('2026-13')).toBeUndefined();
    expect(parsePeriodKey('2026-00')).toBeUndefined();
    expect(parsePeriodKey('2026-02-30/2026-03-01')).toBeUndefined();
    expect(() => periodKey('2026-02-30', 'month')).toThrow(RangeError);
  });
});

describe('terms', () => {
  it('spans a two-year term starting mid-month to the day before the anniversary', () => {
    const span = termSpan('2026-03-15', '2028-03-14');
    expect(span.key).toBe('2026-03-15/2028-03-14');
    expect(span.endDay).toBe(dayOf(2028, 3, 15));
    const [start, end] = periodRange(span.key);
    expect(iso(start)).toBe('2026-03-14T16:00:00.000Z');
    expect(iso(end)).toBe('2028-03-14T16:00:00.000Z');
  });

  it('keys an open-ended term with .. and gives it no end', () => {
    expect(termKey('2026-03-15', null)).toBe('2026-03-15/..');
    expect(periodRange('2026-03-15/..')[1]).toBeNull();
  });

  it('refuses a term that ends before it starts', () => {
    expect(() => termSpan('2026-03-15', '2026-03-14')).toThrow(RangeError);
    expect(parsePeriodKey('2026-03-15/2026-03-14')).toBeUndefined();
  });
});

describe('time zones', () => {
  it('follows daylight saving time in New York', () => {
    const [start, end] = periodRange('2026-03', { timeZone: 'America/New_York' });
    expect(iso(start)).toBe('2026-03-01T05:00:00.000Z');
    expect(iso(end)).toBe('2026-04-01T04:00:00.000Z');
  });

  it('starts a day at the transition when a clock change skips midnight', () => {
    // Chile moves from UTC-4 to UTC-3 at midnight on 6 September 2026: the day starts at 01:00.
    const start = startOfDay(dayOf(2026, 9, 6), 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(formatDay(localDay(start, 'America/Santiago'))).toBe('2026-09-06');
    expect(formatDay(localDay(start - 1, 'America/Santiago'))).toBe('2026-09-05');
  });

  it('starts a day at its only midnight when a clock change falls back at midnight', () => {
    // Chile moves from UTC-3 back to UTC-4 at midnight on 5 April 2026.
    const start = startOfDay(dayOf(2026, 4, 5), 'America/Santiago');
    expect(new Date(start).toISOString()).toBe('2026-04-05T04:00:00.000Z');
    expect(formatDay(localDay(start - 1, 'America/Santiago'))).toBe('2026-04-04');
  });
});

describe('labels', () => {
  it('names periods in both languages', () => {
    // Weeks by their dates, as cadres read them; across New Year with both years.
    expect(periodLabel('2026-W07')).toEqual({ 'zh-CN': '2月9日–2月15日', en: 'Feb 9 – Feb 15' });
    expect(periodLabel('2026-W44')).toEqual({ 'zh-CN': '10月26日–11月1日', en: 'Oct 26 – Nov 1' });
    expect(periodLabel('2026-W53')).toEqual({
      'zh-CN': '2026年12月28日–2027年1月3日',
      en: 'Dec 28, 2026 – Jan 3, 2027',
    });
    expect(weekNumberText('2026-W44')).toEqual({ 'zh-CN': '2026年第44周', en: 'Week 44, 2026' });
    expect(periodLabel('2026-03')).toEqual({ 'zh-CN': '2026年3月', en: 'Mar 2026' });
    expect(periodLabel('2026-Q3')).toEqual({ 'zh-CN': '2026年第三季度', en: 'Q3 2026' });
    expect(periodLabel('2026')).toEqual({ 'zh-CN': '2026年', en: '2026' });
    expect(periodLabel('2026-03-15/2028-03-14')).toEqual({
      'zh-CN': '任期 2026-03-15 至 2028-03-14',
      en: 'term 2026-03-15 to 2028-03-14',
    });
  });
});
