import { type DutyEvaluation, type DutyRule, proratedMin } from '@gongjian/common';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './engine.ts';
import { presetDutyRules } from './preset.ts';
import type { DutyExemption, DutyRecord, DutySubject, EvaluateInput } from './types.ts';

/**
 * Properties of the engine over generated subjects, records, exemptions and clocks, with the
 * preset policy plus rules that exercise versions and the other requirement shapes.
 */

// Mostly inside the evaluated half-year, with some before and after it, so that duties are met,
// missed and pending in useful proportions.
const START = Date.parse('2025-12-01T00:00:00+08:00');
const END = Date.parse('2026-07-15T00:00:00+08:00');

const KINDS = [
  'contact',
  'onsite_day',
  'employee_contact',
  'activity',
  'annual_report',
  'visit',
  'action',
  'volunteer',
  'project_claim',
  'summary',
];

const employees = [1, 2, 3, 4, 5].map((id) => ({ id, name: `职工${id}` }));
const orgs = [1, 2, 3, 4].map((id) => ({ id, name: `组织${id}` }));

const EXTRA_RULES: DutyRule[] = [
  {
    ...(presetDutyRules().find((r) => r.code === 'ss_weekly_contact') as DutyRule),
    version: 2,
    effectiveFrom: '2026-03-01',
    requirement: { type: 'count', min: 2, noun: { 'zh-CN': '联系社区', en: 'contact' } },
  },
  {
    code: 'monthly_summary',
    version: 1,
    effectiveFrom: '2020-01-01',
    name: { 'zh-CN': '月度小结', en: 'Monthly summary' },
    appliesTo: {},
    period: 'month',
    counts: { kinds: ['summary'] },
    requirement: {
      type: 'deadline',
      due: { daysAfterPeriodEnd: 5 },
      noun: { 'zh-CN': '月度小结', en: 'monthly summary' },
    },
  },
  {
    code: 'coverage_half',
    version: 1,
    effectiveFrom: '2020-01-01',
    name: { 'zh-CN': '半数覆盖', en: 'Half coverage' },
    appliesTo: { subjectTypes: ['appointee'] },
    period: 'month',
    counts: { kinds: ['visit'], confirmedOnly: true },
    requirement: {
      type: 'coverage',
      population: 'two_new_orgs',
      attribute: 'targetUnitId',
      minShare: 0.5,
      noun: { 'zh-CN': '组织', en: 'organisation' },
      measureWord: '家',
      verb: { 'zh-CN': '走访', en: 'visited' },
    },
  },
];
const RULES = [...presetDutyRules(), ...EXTRA_RULES];
const CODES = [...new Set(RULES.map((r) => r.code))];

const dateArb = fc.constantFrom('2025-06-01', '2025-12-17', '2026-01-05', '2026-02-13', '2026-03-16');
const endArb = fc.option(fc.constantFrom('2026-02-12', '2026-04-30', '2026-05-20', '2027-12-16'), {
  nil: null,
});

const subjectsArb = fc
  .tuple(dateArb, endArb, dateArb, endArb, dateArb)
  .map(([s1, e1, s2, e2, s3]): DutySubject[] => {
    const end = (start: string, e: string | null) => (e && e >= start ? e : null);
    return [
      {
        id: 1,
        type: 'appointee',
        appointmentKind: 'second_secretary',
        termStart: s1,
        termEnd: end(s1, e1),
        populations: { sending_unit_employees: employees, two_new_orgs: orgs },
      },
      { id: 2, type: 'appointee', appointmentKind: 'first_secretary', termStart: s2, termEnd: end(s2, e2) },
      {
        id: 3,
        type: 'appointee',
        appointmentKind: 'cross_appointment',
        termStart: s3,
        populations: { two_new_orgs: orgs },
      },
      { id: 4, type: 'member', memberCategory: 'in_service', termStart: '2025-01-01' },
      { id: 5, type: 'unit', unitType: 'soe', termStart: '2025-01-01' },
    ];
  });

const recordFields = fc.record({
  subjectId: fc.integer({ min: 1, max: 5 }),
  kind: fc.constantFrom(...KINDS),
  at: fc.integer({ min: START, max: END }),
  confirmed: fc.boolean(),
  activityRole: fc.constantFrom('led', 'attended'),
  activityType: fc.constantFrom('three_meetings_one_lesson', 'theme_party_day', 'joint_study'),
  subjectMemberId: fc.integer({ min: 1, max: 6 }),
  targetType: fc.constantFrom('household', 'two_new_org'),
  targetUnitId: fc.integer({ min: 1, max: 5 }),
  hours: fc.integer({ min: -2, max: 8 }),
  reportYear: fc.option(fc.constantFrom(2025, 2026), { nil: undefined }),
});
type RecordFields = typeof recordFields extends fc.Arbitrary<infer T> ? T : never;

function toRecord(f: RecordFields, id: DutyRecord['id']): DutyRecord {
  const { subjectId, kind, at, ...attributes } = f;
  return { id, subjectId, kind, occurredAt: new Date(at).toISOString(), attributes };
}

const exemptionArb = fc.record({
  subjectId: fc.integer({ min: 1, max: 5 }),
  ruleCode: fc.constantFrom(...CODES),
  periodKey: fc.constantFrom('2026-W07', '2026-02', '2026-Q1', '2026', 'term'),
  reason: fc.constantFrom(
    { 'zh-CN': '病假', en: 'Illness' },
    { 'zh-CN': '事假', en: 'Leave' },
    { 'zh-CN': '借调', en: 'Seconded' },
  ),
  approved: fc.boolean(),
});

const inputArb = fc.record({
  subjects: subjectsArb,
  records: fc.array(recordFields, { maxLength: 150 }).map((fs) => fs.map((f, i) => toRecord(f, i + 1))),
  exemptions: fc.array(exemptionArb, { maxLength: 4 }),
  now: fc.integer({
    min: Date.parse('2026-01-01T00:00:00+08:00'),
    max: Date.parse('2026-09-01T00:00:00+08:00'),
  }),
});
type Generated = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

function run(g: Generated, records: readonly DutyRecord[] = g.records, over: Partial<EvaluateInput> = {}) {
  return evaluate({
    subjects: g.subjects,
    records,
    exemptions: g.exemptions as DutyExemption[],
    rules: RULES,
    now: new Date(g.now),
    from: '2026-01-01',
    to: '2026-06-30',
    ...over,
  });
}

const keyOf = (r: DutyEvaluation) => `${r.subjectId}|${r.ruleCode}|${r.periodKey}`;
const byKey = (results: DutyEvaluation[]) => new Map(results.map((r) => [keyOf(r), r]));

/** A deterministic shuffle (mulberry32), so a failing case replays from its seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('duty engine properties', () => {
  it('never turns a met duty into anything else when a record is added', () => {
    fc.assert(
      fc.property(inputArb, recordFields, (g, extra) => {
        const before = run(g);
        const after = byKey(run(g, [...g.records, toRecord(extra, 'extra')]));
        expect(after.size).toBe(before.length);
        for (const r of before) {
          if (r.status === 'met') expect(after.get(keyOf(r))?.status).toBe('met');
        }
      }),
    );
  });

  it('never turns a missed duty into a met one when records are removed', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { maxLength: 150 }), (g, keep) => {
        const fewer = g.records.filter((_, i) => keep[i] ?? true);
        const before = run(g);
        const after = byKey(run(g, fewer));
        for (const r of before) {
          if (r.status === 'missed') expect(after.get(keyOf(r))?.status).toBe('missed');
        }
      }),
    );
  });

  it('gives the same answer for the same input in any order', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (g, seed) => {
        const expected = run(g);
        expect(run(g)).toEqual(expected);
        const shuffled = run(
          {
            ...g,
            subjects: shuffle(g.subjects, seed).map((s) => ({
              ...s,
              populations: s.populations
                ? Object.fromEntries(Object.entries(s.populations).map(([k, v]) => [k, shuffle(v, seed + 1)]))
                : undefined,
            })),
            exemptions: shuffle(g.exemptions, seed + 2),
          },
          shuffle(g.records, seed + 3),
          { rules: shuffle(RULES, seed + 4) },
        );
        expect(shuffled).toEqual(expected);
      }),
    );
  });

  it('calls a duty met exactly when its progress reaches what is required', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        for (const r of run(g)) {
          if (r.status === 'not_applicable' || r.status === 'exempt') continue;
          expect(r.status === 'met').toBe(r.progress.actual >= r.progress.required);
          if (r.status === 'at_risk' || r.status === 'not_yet_due') {
            expect(r.explanation['zh-CN'].startsWith(r.periodLabel['zh-CN'])).toBe(true);
          }
        }
      }),
    );
  });
});

describe('pro-rated requirements', () => {
  it('never exceed the full one, equal it once the days reach the full period, and never fall short of the share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 4000 }),
        fc.integer({ min: 1, max: 3660 }),
        (min, covered, full) => {
          const n = proratedMin(min, covered, full);
          expect(n).toBeLessThanOrEqual(min);
          expect(Number.isInteger(n)).toBe(true);
          if (covered >= full) expect(n).toBe(min);
          // Rounded up: at least the exact share, and less than one above it.
          else if (covered > 0) {
            expect(n).toBeGreaterThanOrEqual((min * covered) / full - 1e-6);
            expect(n).toBeLessThan((min * covered) / full + 1);
            expect(n).toBeGreaterThanOrEqual(1);
          }
          // Serving longer never lowers the requirement.
          expect(proratedMin(min, covered + 1, full)).toBeGreaterThanOrEqual(n);
        },
      ),
    );
  });

  it('hold a term of any length to at most the term quota, and to all of it for a whole term', () => {
    const ledgers = presetDutyRules().filter((r) => r.code === 'fs_ledgers');
    const full = ledgers[0]?.requirement.type === 'count' ? ledgers[0].requirement.min : 0;
    const termDays = ledgers[0]?.termDays ?? 0;
    expect(full).toBe(24);
    expect(termDays).toBe(730);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 1, max: 1200 }),
        fc.boolean(),
        (startOffset, days, open) => {
          const dayMs = 86_400_000;
          const start = new Date(Date.parse('2024-01-01T00:00:00Z') + startOffset * dayMs);
          const end = new Date(start.getTime() + (days - 1) * dayMs);
          const termStart = start.toISOString().slice(0, 10);
          const s: DutySubject = {
            id: 1,
            type: 'appointee',
            appointmentKind: 'first_secretary',
            termStart,
            termEnd: open ? null : end.toISOString().slice(0, 10),
          };
          const [term] = evaluate({
            subjects: [s],
            records: [],
            rules: ledgers,
            now: '2031-01-01T00:00:00+08:00',
            from: termStart,
            to: termStart,
          });
          expect(term?.period).toBe('term');
          const required = term?.progress.required ?? Number.NaN;
          expect(required).toBeLessThanOrEqual(full);
          if (open || days >= termDays) expect(required).toBe(full);
          else expect(required).toBe(proratedMin(full, days, termDays));
        },
      ),
    );
  });
});
