import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DutyEvaluation } from '@gongjian/common';
import pg from 'pg';
import { startEmbeddedPostgres } from '#server/db/embedded.ts';
import {
  type DutyRecord,
  type DutySubject,
  evaluateAll,
  groupRecordsBySubject,
  type PopulationEntry,
  presetDutyRules,
} from '#server/rules/duties/index.ts';
import { personName } from '#server/seed/people.ts';
import { Rng } from '#server/seed/random.ts';
import { freePort } from './ports.ts';

/**
 * The duty-engine benchmark (`npm run bench -- duties`, run in its own process by `run.ts`):
 * 20,000 second secretaries and 200,000 members, a quarter (2026-Q3) of generated work logs,
 * every preset rule evaluated by `evaluateAll` from memory; then the same records loaded into a
 * throwaway embedded PostgreSQL and the weekly / monthly / quarterly counts computed by one
 * hand-written SQL statement. The SQL verdicts must equal the engine's met/missed for every closed
 * period (the mismatch count is printed and must be 0); engine time / SQL time is the ratio.
 *
 * Environment: BENCH_APPOINTEES (default 20,000; members are 10 per appointee), BENCH_RUNS
 * (timed runs of each side, default 3, the median counts), BENCH_RESULT (where to write the
 * figures as JSON; printed only when absent).
 */

const APPOINTEES = Number(process.env.BENCH_APPOINTEES ?? 20_000);
const MEMBERS_PER_APPOINTEE = 10;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SEED = 20260701;
const TZ = 'Asia/Shanghai';
/** Shanghai has no daylight saving: local midnight is always 16:00 UTC the day before. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** The quarter: 2026-07-01 … 2026-09-30 local (92 days, 13 weeks and a day). */
const QUARTER = { key: '2026-Q3', first: '2026-07-01', last: '2026-09-30', days: 92 };
/** The ISO weeks overlapping the quarter: Monday 2026-06-29 (W27) … Monday 2026-09-28 (W40). */
const WEEKS = { firstMonday: '2026-06-29', lastMonday: '2026-09-28', endExclusive: '2026-10-05' };
/** The clock: after the last week closed, so weeks, months and the quarter are all closed. */
const NOW = '2026-10-10T09:00:00+08:00';
/** Rules whose periods close inside the benchmark, with a requirement the SQL reproduces. */
const CHECKED_RULES = ['ss_weekly_contact', 'ss_monthly_onsite_day', 'ss_quarterly_employee_contact'];
const SENDING_UNITS = 200;
/** Ten appointees per community, each from a different sending unit: (unit, community) is unique. */
const PER_COMMUNITY = 10;

const localMidnight = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) - OFFSET_MS;
const QUARTER_START = localMidnight(QUARTER.first);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

interface Appointee {
  id: number;
  unitId: number;
  communityId: number;
  population: PopulationEntry[];
}

interface Member {
  id: number;
  name: string;
  unitId: number;
  communityId: number;
}

interface Generated {
  members: Member[];
  appointees: Appointee[];
  subjects: DutySubject[];
  records: DutyRecord[];
  /** Flat columns of the records, for the database load. */
  columns: {
    id: number[];
    appointeeId: number[];
    kind: string[];
    occurredAt: string[];
    confirmed: boolean[];
    activityRole: (string | null)[];
    subjectMemberId: (number | null)[];
  };
}

/** How diligent an appointee is: the chance of skipping a week, a month, an employee. */
const PROFILES = [
  { share: 0.8, week: 0.02, month: 0.02, employee: 0.01, unconfirmed: 0.03 },
  { share: 0.15, week: 0.15, month: 0.15, employee: 0.08, unconfirmed: 0.1 },
  { share: 0.05, week: 0.6, month: 0.5, employee: 0.4, unconfirmed: 0.3 },
];

/**
 * Members, appointees with their coverage populations, and a quarter of work logs, all from one
 * seeded PRNG so every run measures the same data. Populations are 8–12 members (10 on average:
 * appointees are paired so that each pair has 20), and every member belongs to exactly one.
 */
function generate(): Generated {
  const rng = new Rng(SEED);
  const members: Member[] = [];
  const appointees: Appointee[] = [];
  const subjects: DutySubject[] = [];
  const records: DutyRecord[] = [];
  const columns: Generated['columns'] = {
    id: [],
    appointeeId: [],
    kind: [],
    occurredAt: [],
    confirmed: [],
    activityRole: [],
    subjectMemberId: [],
  };
  let pairDelta = 0;
  for (let i = 0; i < APPOINTEES; i++) {
    const id = i + 1;
    const unitId = (i % SENDING_UNITS) + 1;
    const communityId = Math.floor(i / PER_COMMUNITY) + 1;
    let size = MEMBERS_PER_APPOINTEE;
    if (i % 2 === 0 && i + 1 < APPOINTEES) {
      pairDelta = rng.int(-2, 2);
      size += pairDelta;
    } else {
      size -= pairDelta;
      pairDelta = 0;
    }
    const population: PopulationEntry[] = [];
    for (let k = 0; k < size; k++) {
      const m: Member = {
        id: members.length + 1,
        name: personName(rng, rng.chance(0.5) ? 'male' : 'female'),
        unitId,
        communityId,
      };
      members.push(m);
      population.push({ id: m.id, name: m.name });
    }
    appointees.push({ id, unitId, communityId, population });
    subjects.push({
      id,
      type: 'appointee',
      appointmentKind: 'second_secretary',
      role: 'second_secretary',
      unitType: 'soe',
      sendingUnitId: unitId,
      receivingAreaId: communityId,
      termStart: rng.chance(0.5) ? '2025-03-01' : '2026-01-15',
      termEnd: null,
      populations: { sending_unit_employees: population },
    });
  }

  const profileOf = () => {
    let x = rng.next();
    for (const p of PROFILES) {
      x -= p.share;
      if (x < 0) return p;
    }
    return PROFILES[0] as (typeof PROFILES)[number];
  };
  const add = (
    appointeeId: number,
    kind: string,
    day: number,
    attributes: { confirmed?: boolean; activityRole?: string; subjectMemberId?: number },
  ) => {
    // Mostly working hours, but one in ten at any hour, so records near local midnight test
    // that both sides put them in the right (Shanghai) day, week and month.
    const minute = rng.chance(0.9) ? rng.int(8 * 60, 20 * 60) : rng.int(0, 24 * 60 - 1);
    const at = new Date(QUARTER_START + day * DAY_MS + minute * 60_000 + rng.int(0, 59) * 1000);
    const id = records.length + 1;
    records.push({ id, subjectId: appointeeId, kind, occurredAt: at, attributes });
    columns.id.push(id);
    columns.appointeeId.push(appointeeId);
    columns.kind.push(kind);
    columns.occurredAt.push(at.toISOString());
    columns.confirmed.push(attributes.confirmed === true);
    columns.activityRole.push(attributes.activityRole ?? null);
    columns.subjectMemberId.push(attributes.subjectMemberId ?? null);
  };
  // Day offsets of the quarter by ISO week (the first week has 5 days in the quarter, the last 3).
  const weeks: number[][] = [];
  for (let d = 0; d < QUARTER.days; d++) {
    const weekIndex = Math.floor((d + 2) / 7); // 2026-07-01 is a Wednesday
    const week = weeks[weekIndex];
    if (week) week.push(d);
    else weeks[weekIndex] = [d];
  }
  const months = [
    [0, 31],
    [31, 62],
    [62, 92],
  ] as const;
  for (const a of appointees) {
    const p = profileOf();
    for (const days of weeks) {
      if (rng.chance(p.week)) continue;
      add(a.id, 'contact', rng.pick(days), { confirmed: rng.chance(0.7) });
      if (rng.chance(0.05)) add(a.id, 'contact', rng.pick(days), { confirmed: rng.chance(0.7) });
    }
    for (const [from, to] of months) {
      if (rng.chance(p.month)) continue;
      add(a.id, 'onsite_day', rng.int(from, to - 1), { confirmed: !rng.chance(p.unconfirmed) });
      if (rng.chance(0.1)) add(a.id, 'onsite_day', rng.int(from, to - 1), { confirmed: true });
    }
    for (const e of a.population) {
      if (rng.chance(p.employee)) continue;
      const times = rng.chance(0.05) ? 2 : 1;
      for (let t = 0; t < times; t++) {
        add(a.id, 'employee_contact', rng.int(0, QUARTER.days - 1), { subjectMemberId: Number(e.id) });
      }
    }
    if (rng.chance(0.6)) {
      add(a.id, 'activity', rng.int(0, QUARTER.days - 1), {
        activityRole: rng.chance(0.5) ? 'led' : 'attended',
        confirmed: rng.chance(0.9),
      });
    }
    if (rng.chance(0.3)) add(a.id, 'visit', rng.int(0, QUARTER.days - 1), { confirmed: true });
  }
  return { members, appointees, subjects, records, columns };
}

/** The verdict key both sides are compared by. */
const keyOf = (subjectId: number | string, rule: string, period: string) => `${subjectId}|${rule}|${period}`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const SCHEMA = `
create schema bench_duties;
create table bench_duties.members (id int primary key, name text not null, unit_id int not null, community_id int not null);
create table bench_duties.appointees (id int primary key, unit_id int not null, community_id int not null);
create table bench_duties.records (
  id int primary key, appointee_id int not null, kind text not null, occurred_at timestamptz not null,
  confirmed boolean not null, activity_role text, subject_member_id int
);`;

const INDEXES = `
create index on bench_duties.members (unit_id, community_id);
create index on bench_duties.records (appointee_id, kind, occurred_at);
analyze bench_duties.members; analyze bench_duties.appointees; analyze bench_duties.records;`;

/**
 * The hand-written aggregate: per appointee × rule × period, weekly contacts, monthly confirmed
 * on-site days, and quarterly distinct employees contacted against the population size, with
 * the verdict. Periods are taken in Shanghai local time like the engine's calendar.
 */
const AGGREGATE = `
with r as (
  select appointee_id, kind, confirmed, subject_member_id, occurred_at at time zone '${TZ}' as lt
  from bench_duties.records
  where occurred_at >= timestamp '${WEEKS.firstMonday}' at time zone '${TZ}'
    and occurred_at < timestamp '${WEEKS.endExclusive}' at time zone '${TZ}'
    and occurred_at <= $1::timestamptz
),
weeks as (
  select to_char(d, 'IYYY-"W"IW') as key
  from generate_series(timestamp '${WEEKS.firstMonday}', timestamp '${WEEKS.lastMonday}', interval '1 week') d
),
months as (
  select to_char(d, 'YYYY-MM') as key
  from generate_series(timestamp '${QUARTER.first}', timestamp '${QUARTER.last}', interval '1 month') d
),
weekly as (
  select appointee_id, to_char(lt, 'IYYY-"W"IW') as key, count(*) as n
  from r where kind = 'contact' group by 1, 2
),
monthly as (
  select appointee_id, to_char(lt, 'YYYY-MM') as key, count(*) as n
  from r where kind = 'onsite_day' and confirmed group by 1, 2
),
contacted as (
  select distinct appointee_id, subject_member_id from r
  where kind = 'employee_contact'
    and lt >= timestamp '${QUARTER.first}' and lt < timestamp '${QUARTER.last}' + interval '1 day'
),
population as (
  select a.id as appointee_id, m.id as member_id
  from bench_duties.appointees a
  join bench_duties.members m on m.unit_id = a.unit_id and m.community_id = a.community_id
),
counts as (
  select a.id as appointee_id, 'ss_weekly_contact' as rule_code, w.key as period_key,
         coalesce(c.n, 0) as actual, 1 as required
  from bench_duties.appointees a cross join weeks w
  left join weekly c on c.appointee_id = a.id and c.key = w.key
  union all
  select a.id, 'ss_monthly_onsite_day', mo.key, coalesce(c.n, 0), 1
  from bench_duties.appointees a cross join months mo
  left join monthly c on c.appointee_id = a.id and c.key = mo.key
  union all
  select p.appointee_id, 'ss_quarterly_employee_contact', '${QUARTER.key}', count(c.subject_member_id), count(*)
  from population p
  left join contacted c on c.appointee_id = p.appointee_id and c.subject_member_id = p.member_id
  group by p.appointee_id
)
select appointee_id, rule_code, period_key, actual::int as actual, required::int as required,
       actual >= required as met
from counts`;

interface SqlRow {
  appointee_id: number;
  rule_code: string;
  period_key: string;
  actual: number;
  required: number;
  met: boolean;
}

/** Figures the duty benchmark reports (the `duties` entry of latest.json). */
export interface DutiesBenchResult {
  benchmark: 'duties';
  date: string;
  node: string;
  database: string;
  appointees: number;
  members: number;
  records: number;
  quarter: string;
  rules: { total: number; applicable: number };
  runs: number;
  generateMs: number;
  engine: {
    /** groupRecordsBySubject + evaluateAll, median of the runs: from in-memory records to verdicts. */
    ms: number;
    groupMs: number;
    evaluateMs: number;
    fastestMs: number;
    slowestMs: number;
    evaluations: number;
    byStatus: Record<string, number>;
    /** Process resident-set high-water mark after generation and every engine run. */
    peakRssMb: number;
    rssBeforeEngineMb: number;
    heapWithResultsMb: number;
  };
  sql: {
    /** The one aggregate statement including fetching its rows, median of the runs. */
    ms: number;
    fastestMs: number;
    slowestMs: number;
    loadMs: number;
    rows: number;
  };
  check: { compared: number; mismatches: number; sqlMet: number; sqlMissed: number };
  /** engine.ms / sql.ms. */
  ratio: number;
}

async function main() {
  console.log(
    `Duties: generating ${APPOINTEES.toLocaleString('en')} second secretaries, ` +
      `${(APPOINTEES * MEMBERS_PER_APPOINTEE).toLocaleString('en')} members and a quarter of work logs…`,
  );
  let t = performance.now();
  const data = generate();
  const generateMs = Math.round(performance.now() - t);
  const rules = presetDutyRules();
  const applicable = rules.filter((r) => r.appliesTo.appointmentKinds?.includes('second_secretary')).length;
  console.log(
    `Generated ${data.records.length.toLocaleString('en')} records in ${generateMs} ms. Evaluating ${rules.length} rules (${applicable} apply)…`,
  );

  globalThis.gc?.();
  const rssBeforeEngineMb = mb(process.memoryUsage().rss);
  const runsMs: number[] = [];
  const groupRuns: number[] = [];
  const evaluateRuns: number[] = [];
  let evaluations: DutyEvaluation[] = [];
  for (let run = 0; run < RUNS; run++) {
    evaluations = [];
    globalThis.gc?.();
    t = performance.now();
    const grouped = groupRecordsBySubject(data.records);
    const t1 = performance.now();
    evaluations = evaluateAll({
      subjects: data.subjects,
      records: grouped,
      rules,
      now: NOW,
      from: QUARTER.first,
      to: QUARTER.last,
    });
    const t2 = performance.now();
    groupRuns.push(Math.round(t1 - t));
    evaluateRuns.push(Math.round(t2 - t1));
    runsMs.push(Math.round(t2 - t));
  }
  const heapWithResultsMb = mb(process.memoryUsage().heapUsed);
  const peakRssMb = mb(process.resourceUsage().maxRSS * 1024);
  const byStatus: Record<string, number> = {};
  const engineMet = new Map<string, boolean>();
  let notClosed = 0;
  for (const e of evaluations) {
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    if (!CHECKED_RULES.includes(e.ruleCode)) continue;
    if (e.status !== 'met' && e.status !== 'missed') notClosed++;
    engineMet.set(keyOf(e.subjectId, e.ruleCode, e.periodKey), e.status === 'met');
  }
  const engineMs = median(runsMs);
  console.log(
    `Engine: ${evaluations.length.toLocaleString('en')} verdicts in ${engineMs} ms ` +
      `(runs ${runsMs.join(', ')} ms; peak RSS ${peakRssMb} MB). Loading PostgreSQL…`,
  );

  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-duties-'));
  // The cluster runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const pgHandle = await startEmbeddedPostgres(dir, await freePort());
  const pool = new pg.Pool({ connectionString: pgHandle.url, max: 2 });
  try {
    t = performance.now();
    await pool.query(SCHEMA);
    const chunk = 50_000;
    const { members, appointees, columns } = data;
    for (let i = 0; i < members.length; i += chunk) {
      const part = members.slice(i, i + chunk);
      await pool.query(
        'insert into bench_duties.members select * from unnest($1::int[], $2::text[], $3::int[], $4::int[])',
        [
          part.map((m) => m.id),
          part.map((m) => m.name),
          part.map((m) => m.unitId),
          part.map((m) => m.communityId),
        ],
      );
    }
    await pool.query(
      'insert into bench_duties.appointees select * from unnest($1::int[], $2::int[], $3::int[])',
      [appointees.map((a) => a.id), appointees.map((a) => a.unitId), appointees.map((a) => a.communityId)],
    );
    for (let i = 0; i < columns.id.length; i += chunk) {
      const s = (xs: readonly unknown[]) => xs.slice(i, i + chunk);
      await pool.query(
        `insert into bench_duties.records select * from unnest($1::int[], $2::int[], $3::text[],
           $4::timestamptz[], $5::boolean[], $6::text[], $7::int[])`,
        [
          s(columns.id),
          s(columns.appointeeId),
          s(columns.kind),
          s(columns.occurredAt),
          s(columns.confirmed),
          s(columns.activityRole),
          s(columns.subjectMemberId),
        ],
      );
    }
    await pool.query(INDEXES);
    const loadMs = Math.round(performance.now() - t);
    console.log(`Loaded in ${loadMs} ms. Running the SQL aggregate…`);

    const sqlRuns: number[] = [];
    let rows: SqlRow[] = [];
    for (let run = 0; run < RUNS; run++) {
      t = performance.now();
      rows = (await pool.query<SqlRow>(AGGREGATE, [NOW])).rows;
      sqlRuns.push(Math.round(performance.now() - t));
    }
    const sqlMs = median(sqlRuns);

    // The verdicts must agree on every closed period, in both directions.
    let mismatches = notClosed;
    let sqlMet = 0;
    const seen = new Set<string>();
    for (const row of rows) {
      const key = keyOf(row.appointee_id, row.rule_code, row.period_key);
      seen.add(key);
      if (row.met) sqlMet++;
      if (engineMet.get(key) !== row.met) mismatches++;
    }
    for (const key of engineMet.keys()) if (!seen.has(key)) mismatches++;

    const result: DutiesBenchResult = {
      benchmark: 'duties',
      date: new Date().toISOString(),
      node: process.version,
      database: 'embedded PostgreSQL 17 (same machine)',
      appointees: APPOINTEES,
      members: members.length,
      records: data.records.length,
      quarter: QUARTER.key,
      rules: { total: rules.length, applicable },
      runs: RUNS,
      generateMs,
      engine: {
        ms: engineMs,
        groupMs: median(groupRuns),
        evaluateMs: median(evaluateRuns),
        fastestMs: Math.min(...runsMs),
        slowestMs: Math.max(...runsMs),
        evaluations: evaluations.length,
        byStatus,
        peakRssMb,
        rssBeforeEngineMb,
        heapWithResultsMb,
      },
      sql: {
        ms: sqlMs,
        fastestMs: Math.min(...sqlRuns),
        slowestMs: Math.max(...sqlRuns),
        loadMs,
        rows: rows.length,
      },
      check: { compared: rows.length, mismatches, sqlMet, sqlMissed: rows.length - sqlMet },
      ratio: Math.round((engineMs / sqlMs) * 100) / 100,
    };
    console.log(
      `\nDuties for ${APPOINTEES.toLocaleString('en')} second secretaries (${members.length.toLocaleString('en')} members, ` +
        `${data.records.length.toLocaleString('en')} work logs in ${QUARTER.key}): the engine evaluated ` +
        `${rules.length} rules into ${evaluations.length.toLocaleString('en')} verdicts in ${engineMs} ms ` +
        `(grouping ${result.engine.groupMs} ms + evaluation ${result.engine.evaluateMs} ms; peak RSS ${peakRssMb} MB); ` +
        `one SQL aggregate of the same weekly/monthly/quarterly counts took ${sqlMs} ms ` +
        `(${rows.length.toLocaleString('en')} rows). Ratio engine/SQL: ${result.ratio}. ` +
        `Verdict mismatches on closed periods: ${mismatches}.`,
    );
    const out = process.env.BENCH_RESULT;
    if (out) await writeFile(out, JSON.stringify(result));
    else console.log(JSON.stringify(result, null, 2));
    if (mismatches !== 0) throw new Error(`${mismatches} verdicts differ between the engine and SQL`);
  } finally {
    await pool.end();
    await pgHandle.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
