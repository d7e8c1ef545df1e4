import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { openDatabase } from '#server/db/client.ts';
import { startEmbeddedPostgres } from '#server/db/embedded.ts';
import { runMigrations } from '#server/db/migrate.ts';
import { hashPassword } from '#server/modules/system/auth/service.ts';
import { generateDemo, loadDemo } from '#server/seed/index.ts';
import { freePort } from './ports.ts';

/**
 * The board benchmark (`npm run bench -- board`, run in its own process by `run.ts`): a district
 * of 20,000 dispatched second secretaries, generated in SQL (INSERT … SELECT generate_series, as
 * lists-data.ts does for the registry) on a throwaway embedded PostgreSQL and added to the demo
 * district: each with a sending unit among 2,000 new ones whose 60,000 employees live in the
 * demo's communities, and 25 work logs over the last quarter and this one (contacts, on-site
 * days, employee contacts, led activities; three in four confirmed). Then the district admin's
 * `GET /api/compliance/board` (this quarter, 50 rows a page) through the real HTTP API, page by
 * page — the first, a middle and the last — timed against one hand-written SQL statement doing
 * comparable work on the same database in the same run: the floor. The floor loads the same
 * appointees and their logs of the range and counts them into the same cells (contacts by
 * week, confirmed on-site days by month, employees contacted in the quarter, led activities in
 * the year) with the summary and one page of rows; it has no rule versions, exemptions,
 * populations or explanations, so it is below the board's work.
 *
 * Paging cuts the rows only: every page judges every appointee, because the figures above the
 * table (per-rule counts, completion) count them all. What paging saves is sending 20,000 rows.
 *
 * Environment: BENCH_BOARD_APPOINTEES (default 20,000), BENCH_BOARD_RUNS (timed requests per
 * page, default 10, after 2 untimed), BENCH_BOARD_PAGE_SIZE (default 50), BENCH_RESULT (where to
 * write the figures as JSON; printed only when absent).
 */

const APPOINTEES = Math.max(1, Number(process.env.BENCH_BOARD_APPOINTEES ?? 20_000));
const RUNS = Math.max(1, Number(process.env.BENCH_BOARD_RUNS ?? 10));
const PAGE_SIZE = Math.max(1, Number(process.env.BENCH_BOARD_PAGE_SIZE ?? 50));
const WARMUP = 2;
const LOGS_PER_APPOINTEE = 25;
const PASSWORD = 'bench-board-2026';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

async function timed(fn: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: round1(quantile(ms, 0.5)), p95: round1(quantile(ms, 0.95)) };
}

export interface BoardCaseResult {
  case: string;
  page: number;
  rows: number;
  bytes: number;
  api: { p50: number; p95: number };
  sql: { p50: number; p95: number };
}

export interface BoardBenchResult {
  benchmark: 'board';
  date: string;
  node: string;
  appointees: number;
  logs: number;
  employees: number;
  period: string;
  pageSize: number;
  runs: number;
  loadMs: number;
  /** Appointees on the board (the district's, the demo's own included). */
  total: number;
  cases: BoardCaseResult[];
  /** The whole board unpaged, for what paging saves. */
  unpaged: { bytes: number; api: { p50: number; p95: number } };
}

/** The district's appointees, their sending units, the units' employees and their logs, in SQL. */
async function loadAppointees(client: pg.ClientBase, districtId: number, n: number) {
  const q = (text: string, values: unknown[] = []) => client.query(text, values);
  await q('begin');
  const { rows: refs } = await q(
    `select (select id from appointment_kinds where area_id = $1 and code = 'second_secretary') as kind,
            (select array_agg(id order by id) from areas where level = 'community' and path like
               (select path from areas where id = $1) || '%') as communities,
            (select id from accounts where role = 'district_admin' order by id limit 1) as account`,
    [districtId],
  );
  const r = refs[0] as { kind: number; communities: number[]; account: number };
  if (!r.kind || !r.communities?.length)
    throw new Error('the demo district has no second-secretary kind or communities');
  const units = Math.max(1, Math.round(n / 10));
  const employees = units * 30;
  await q(
    `insert into units (area_id, name, credit_code, type)
     select ($2::int[])[1 + g % $3], '看板派出单位' || g, '91BOARD' || lpad(g::text, 11, '0'),
            (array['soe','private','agency'])[1 + g % 3]
       from generate_series(1, $1) g`,
    [units, r.communities, r.communities.length],
  );
  const { rows: ur } = await q(
    `select min(id)::int as lo, max(id)::int as hi from units where credit_code like '91BOARD%'`,
  );
  const u = ur[0] as { lo: number; hi: number };
  // The appointees first (ids lo … lo + n - 1), then the units' employees living around.
  await q(
    `insert into members (area_id, name, gender, id_number, unit_id, category)
     select ($2::int[])[1 + g % $3], '看板书记' || g, case when g % 2 = 0 then 'male' else 'female' end,
            '7' || lpad(g::text, 16, '0') || 'X', $4::int + g % ($5::int - $4::int + 1), 'on_duty'
       from generate_series(1, $1) g`,
    [n + employees, r.communities, r.communities.length, u.lo, u.hi],
  );
  const { rows: mr } = await q(`select min(id)::int as lo from members where id_number like '7%'`);
  const firstMember = (mr[0] as { lo: number }).lo;
  // A receiving organisation per community where the demo has one, else the demo's first.
  await q(
    `insert into appointments (kind_id, member_id, sending_unit_id, receiving_org_id, area_id, term_start, status)
     select $1, m.id, m.unit_id,
            coalesce((select o.id from party_orgs o where o.area_id = m.area_id order by o.id limit 1),
                     (select min(id) from party_orgs)),
            m.area_id, date '2026-01-05' + (m.id % 90), 'active'
       from members m where m.id >= $2 and m.id < $2 + $3`,
    [r.kind, firstMember, n],
  );
  // 25 logs each from 2026-07-01 over 170 days: contacts (weekly duty), on-site days (monthly,
  // confirmed), employee contacts naming a colleague (quarterly coverage), led activities.
  await q(
    `insert into work_logs (appointment_id, area_id, kind, occurred_at, content, subject_member_id,
                            activity_type, activity_role, status, recorded_by, recorded_by_name, recorded_by_role)
     select a.id, a.area_id, k.kind, timestamptz '2026-07-01 09:00+08' + ((a.id * 31 + g * 7) % 170) * interval '1 day',
            '看板基准纪实' || g,
            case when k.kind = 'employee_contact' then $3::int + $4::int + ((a.id + g) % $5::int) end,
            case when k.kind = 'activity' then 'theme_party_day' end,
            case when k.kind = 'activity' then 'led' end,
            (array['pending','confirmed','confirmed','confirmed'])[1 + g % 4], $2, '区管理员', 'district_admin'
       from appointments a cross join generate_series(1, $1) g
       cross join lateral (select case when g % 5 = 0 then 'onsite_day' when g % 7 = 0 then 'activity'
                                       when g % 3 = 0 then 'employee_contact' else 'contact' end as kind) k
      where a.member_id >= $3 and a.member_id < $3 + $4`,
    [LOGS_PER_APPOINTEE, r.account, firstMember, n, employees],
  );
  await q('commit');
  await q('vacuum analyze');
  return { employees };
}

/**
 * The floor: one statement over the same appointees (scope, term overlapping the range) and
 * their logs of the range, counted into the board's cells, with the summary and one page.
 */
const FLOOR = `
with ap as (
  select a.id, m.name, ar.path, a.term_start
    from appointments a
    join appointment_kinds k on k.id = a.kind_id and k.duty_policy_code is not null
    join members m on m.id = a.member_id
    join areas ar on ar.id = a.area_id
   where ar.path like $1 || '%' and a.term_start <= $3::date
     and coalesce(a.ended_on, a.term_end, $3::date) >= $2::date),
logs as (
  select w.appointment_id, w.kind, w.status, w.subject_member_id, w.activity_role,
         (w.occurred_at at time zone 'Asia/Shanghai') as local
    from work_logs w join ap on ap.id = w.appointment_id
   where w.status <> 'rejected'
     and w.occurred_at >= ($2::date)::timestamp at time zone 'Asia/Shanghai'
     and w.occurred_at < ($3::date + 1)::timestamp at time zone 'Asia/Shanghai'),
cells as (
  select appointment_id, 'week' as rule, date_trunc('week', local) as p, count(*) >= 1 as met
    from logs where kind = 'contact' group by 1, 3
  union all
  select appointment_id, 'month', date_trunc('month', local), count(*) >= 1
    from logs where kind = 'onsite_day' and status = 'confirmed' group by 1, 3
  union all
  select appointment_id, 'quarter', date_trunc('quarter', local), count(distinct subject_member_id) >= 5
    from logs where kind = 'employee_contact' group by 1, 3
  union all
  select appointment_id, 'year', date_trunc('year', local), count(*) >= 1
    from logs where kind = 'activity' and activity_role = 'led' and status = 'confirmed' group by 1, 3),
per as (
  select ap.id, ap.name, ap.path, count(c.*) filter (where c.met) as met, count(c.*) as judged
    from ap left join cells c on c.appointment_id = ap.id group by ap.id, ap.name, ap.path),
summary as (
  select count(*) as appointees, sum(met) as met, sum(judged) as judged from per)
select s.*, p.* from summary s
  left join (select * from per order by path, name, id limit $4 offset $5) p on true`;

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-board-'));
  // The cluster runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres(dir, await freePort());
  const database = openDatabase(server.url, 8);
  try {
    await runMigrations(database.pool);
    console.log(
      `Generating ${APPOINTEES.toLocaleString('en')} appointees with ${(APPOINTEES * LOGS_PER_APPOINTEE).toLocaleString('en')} work logs in SQL…`,
    );
    const t0 = performance.now();
    const loaded = await database.db.transaction(async (tx) =>
      loadDemo(tx, generateDemo(1), await hashPassword(PASSWORD)),
    );
    const client = await database.pool.connect();
    let employees = 0;
    try {
      ({ employees } = await loadAppointees(client, loaded.districtId, APPOINTEES));
    } finally {
      client.release();
    }
    const loadMs = Math.round(performance.now() - t0);
    console.log(`Loaded in ${(loadMs / 1000).toFixed(0)} s. Measuring…`);

    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'production',
      DATABASE_URL: server.url,
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    const app = await buildApp(database.db, config);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const raw = new pg.Client({ connectionString: server.url });
    await raw.connect();
    try {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'district', password: PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`district admin sign-in failed: ${login.status}`);
      const cookie = login.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const get = async (query: string) => {
        const res = await fetch(`${base}/api/compliance/board?${query}`, { headers: { cookie } });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`board ${query}: ${res.status} ${text.slice(0, 500)}`);
        return {
          body: JSON.parse(text) as { total: number; rows: unknown[]; from: string; to: string },
          bytes: text.length,
        };
      };

      const first = await get(`period=quarter&page=1&pageSize=${PAGE_SIZE}`);
      const total = first.body.total;
      const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const district = await raw.query<{ path: string }>('select path from areas where id = $1', [
        loaded.districtId,
      ]);
      const districtPath = district.rows[0]?.path ?? '';
      const cases: BoardCaseResult[] = [];
      for (const [name, page] of [
        ['first page', 1],
        ['middle page', Math.max(1, Math.ceil(lastPage / 2))],
        ['last page', lastPage],
      ] as const) {
        const query = `period=quarter&page=${page}&pageSize=${PAGE_SIZE}`;
        const once = await get(query);
        const api = await timed(() => get(query));
        const values = [districtPath, first.body.from, first.body.to, PAGE_SIZE, (page - 1) * PAGE_SIZE];
        const sql = await timed(() => raw.query(FLOOR, values));
        cases.push({ case: name, page, rows: once.body.rows.length, bytes: once.bytes, api, sql });
        console.log(
          `board ${name.padEnd(12)} (page ${page} of ${lastPage}, ${once.body.rows.length} rows, ${(once.bytes / 1024).toFixed(0)} KB)` +
            `  API p50 ${api.p50} ms p95 ${api.p95} ms  ·  SQL p50 ${sql.p50} ms p95 ${sql.p95} ms`,
        );
      }
      const whole = await get('period=quarter');
      const unpaged = {
        bytes: whole.bytes,
        api: await timed(() => get('period=quarter'), Math.min(RUNS, 3)),
      };
      console.log(
        `board unpaged (${total.toLocaleString('en')} rows, ${(whole.bytes / 1024 / 1024).toFixed(1)} MB)  API p50 ${unpaged.api.p50} ms p95 ${unpaged.api.p95} ms`,
      );
      const result: BoardBenchResult = {
        benchmark: 'board',
        date: new Date().toISOString(),
        node: process.version,
        appointees: APPOINTEES,
        logs: APPOINTEES * LOGS_PER_APPOINTEE,
        employees,
        period: `quarter ${first.body.from} … ${first.body.to}`,
        pageSize: PAGE_SIZE,
        runs: RUNS,
        loadMs,
        total,
        cases,
        unpaged,
      };
      const out = process.env.BENCH_RESULT;
      if (out) await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
      else console.log(JSON.stringify(result, null, 2));
    } finally {
      await raw.end();
      await app.close();
    }
  } finally {
    await database.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
