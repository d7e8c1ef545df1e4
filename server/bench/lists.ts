import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '#server/app.ts';
import { loadConfig } from '#server/config.ts';
import { openDatabase } from '#server/db/client.ts';
import { startEmbeddedPostgres } from '#server/db/embedded.ts';
import { EXACT_TOTAL_LIMIT } from '#server/db/lists.ts';
import { runMigrations } from '#server/db/migrate.ts';
import { hashPassword } from '#server/modules/system/auth/service.ts';
import { generateDemo, loadDemo } from '#server/seed/index.ts';
import { type CityScale, cityScale, loadCity } from './lists-data.ts';
import { freePort } from './ports.ts';

/**
 * The list benchmark (`npm run bench -- lists`, run in its own process by `run.ts`): a district of
 * 2,000,000 party members (and 1,000,000 residents, 116,000 units, 20,000 appointees with 500,000
 * work logs) generated in SQL on a throwaway embedded PostgreSQL, then the district admin's
 * members, residents, units and work-log lists through the real HTTP API — first page, page
 * 500 (by page number, and by the cursor of page 499), and a text search, 20 rows a page — each timed against one hand-written SQL statement
 * doing the same work (the page and its total) on the same database in the same run: the floor.
 * It also times what an exact count of the whole scope would cost, which the lists no longer pay.
 *
 * Environment: BENCH_LIST_MEMBERS (default 2,000,000; the rest in proportion), BENCH_LIST_RUNS
 * (timed requests per case, default 40, after 3 untimed), BENCH_RESULT (where to write the
 * figures as JSON; printed only when absent), BENCH_LIST_DATABASE_URL (measure a database this
 * benchmark loaded before and kept, instead of loading a new one: its district admin's password
 * is reset to the benchmark's).
 */

const MEMBERS = Number(process.env.BENCH_LIST_MEMBERS ?? 2_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_LIST_RUNS ?? 40));
const WARMUP = 3;
const PAGE_SIZE = 20;
const DEEP_PAGE = 500;
const PASSWORD = 'bench-lists-2026';

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** p50 and p95 of `runs` timed calls after a few untimed ones. */
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

/** One measured case: what the API does, and the statement that does the same work. */
interface Case {
  list: string;
  name: string;
  /** Path and query of the API request. */
  url: string;
  /** The hand-written statement: the same page and its total (counted up to the same limit). */
  floor: { text: string; values: unknown[] };
  /** A keyset case: the cursor is the `next` of this page of the list. */
  cursorOf?: { list: string; page: number };
}

/**
 * The floor statements. Each returns the page (the columns the list shows, joined as it joins
 * them) and its capped count in one round trip; none computes the labels the API adds for its
 * 20 rows (area labels, evidence lists), so the floor is a little below the API's work.
 */
function cases(
  districtPath: string,
  q: { member: string; resident: string; unit: string; log: string },
): Case[] {
  const cap = EXACT_TOTAL_LIMIT + 1;
  const scope = `$1 || '%'`;
  const offset = (page: number) => (page - 1) * PAGE_SIZE;
  const member = (page: number, search: string | null, after: string | number | null = null) => ({
    text: `with page as (
             select m.id, m.name, m.gender, m.phone, m.id_number, m.category, a.name as area_name, u.name as unit_name
               from members m join areas a on a.id = m.area_id left join units u on u.id = m.unit_id
              where a.path like ${scope} and ($3::text is null or m.name like '%' || $3 || '%' or m.phone = $3)
                and ($4::int is null or m.id < $4)
              order by m.id desc limit ${PAGE_SIZE} offset $2),
           total as (select count(*) as n from (select 1 from members m join areas a on a.id = m.area_id
              where a.path like ${scope} and ($3::text is null or m.name like '%' || $3 || '%' or m.phone = $3)
              limit ${cap}) c)
           select * from total left join page on true`,
    values: [districtPath, offset(page), search, after],
  });
  const resident = (page: number, search: string | null, after: string | number | null = null) => ({
    text: `with page as (
             select r.id, r.name, r.gender, r.phone, r.address, a.name as area_name
               from residents r join areas a on a.id = r.area_id
              where a.path like ${scope} and ($3::text is null or r.name like '%' || $3 || '%' or r.phone = $3)
                and ($4::int is null or r.id < $4)
              order by r.id desc limit ${PAGE_SIZE} offset $2),
           total as (select count(*) as n from (select 1 from residents r join areas a on a.id = r.area_id
              where a.path like ${scope} and ($3::text is null or r.name like '%' || $3 || '%' or r.phone = $3)
              limit ${cap}) c)
           select * from total left join page on true`,
    values: [districtPath, offset(page), search, after],
  });
  const unit = (page: number, search: string | null, after: string | number | null = null) => ({
    text: `with page as (
             select u.id, u.name, u.credit_code, u.type, u.contact_name, a.name as area_name
               from units u join areas a on a.id = u.area_id
              where a.path like ${scope} and ($3::text is null or u.name like '%' || $3 || '%')
                and ($4::int is null or u.id < $4)
              order by u.id desc limit ${PAGE_SIZE} offset $2),
           total as (select count(*) as n from (select 1 from units u join areas a on a.id = u.area_id
              where a.path like ${scope} and ($3::text is null or u.name like '%' || $3 || '%')
              limit ${cap}) c)
           select * from total left join page on true`,
    values: [districtPath, offset(page), search, after],
  });
  const log = (page: number, search: string | null, after: string | number | null = null) => ({
    text: `with page as (
             select w.id, w.kind, w.occurred_at, w.content, w.status, m.name as member_name, a.name as area_name
               from work_logs w join appointments ap on ap.id = w.appointment_id join members m on m.id = ap.member_id
               join areas a on a.id = w.area_id
              where a.path like ${scope} and ($3::text is null or w.content like '%' || $3 || '%' or m.name like '%' || $3 || '%')
                and ($4::text is null or (w.occurred_at, w.id) < (timestamptz 'epoch'
                     + split_part($4, '_', 1)::bigint * interval '1 microsecond', split_part($4, '_', 2)::int))
              order by w.occurred_at desc, w.id desc limit ${PAGE_SIZE} offset $2),
           total as (select count(*) as n from (select 1 from work_logs w join appointments ap on ap.id = w.appointment_id
               join members m on m.id = ap.member_id join areas a on a.id = w.area_id
              where a.path like ${scope} and ($3::text is null or w.content like '%' || $3 || '%' or m.name like '%' || $3 || '%')
              limit ${cap}) c)
           select * from total left join page on true`,
    values: [districtPath, offset(page), search, after],
  });
  const three = (
    list: string,
    floor: (page: number, search: string | null, after?: string | number | null) => Case['floor'],
    search: string,
  ) => [
    { list, name: 'first page', url: `/api/${list}?page=1&pageSize=${PAGE_SIZE}`, floor: floor(1, null) },
    {
      list,
      name: `page ${DEEP_PAGE}`,
      url: `/api/${list}?page=${DEEP_PAGE}&pageSize=${PAGE_SIZE}`,
      floor: floor(DEEP_PAGE, null),
    },
    {
      list,
      name: `page ${DEEP_PAGE} by cursor`,
      // The cursor is filled in from page 499's `next` before the case is timed.
      url: `/api/${list}?pageSize=${PAGE_SIZE}&after=`,
      floor: floor(1, null, ''),
      cursorOf: { list, page: DEEP_PAGE - 1 },
    },
    {
      list,
      name: `search “${search}”`,
      url: `/api/${list}?page=1&pageSize=${PAGE_SIZE}&q=${encodeURIComponent(search)}`,
      floor: floor(1, search),
    },
  ];
  return [
    ...three('members', member, q.member),
    ...three('residents', resident, q.resident),
    ...three('units', unit, q.unit),
    ...three('work-logs', log, q.log),
  ];
}

export interface ListCaseResult {
  list: string;
  case: string;
  total: number;
  totalExact: boolean;
  rows: number;
  api: { p50: number; p95: number };
  sql: { p50: number; p95: number };
}

export interface ListsBenchResult {
  benchmark: 'lists';
  date: string;
  node: string;
  scale: CityScale & { logs: number };
  loadMs: number;
  runs: number;
  pageSize: number;
  exactTotalLimit: number;
  cases: ListCaseResult[];
  /** What an exact count of the district's whole registry costs (the lists no longer pay it). */
  exactCount: Record<string, { rows: number; ms: { p50: number; p95: number } }>;
  /**
   * The machine's 1-, 5- and 15-minute load averages when the timing began and when it ended:
   * the figures are only comparable with others taken under a like load.
   */
  loadAverage: { start: LoadAverage; end: LoadAverage };
}

/** The 1-, 5- and 15-minute load averages (an object, not an array, so the JSON stays as biome formats it). */
interface LoadAverage {
  m1: number;
  m5: number;
  m15: number;
}

function loadAverage(): LoadAverage {
  const [m1 = 0, m5 = 0, m15 = 0] = loadavg().map((l) => Math.round(l * 100) / 100);
  return { m1, m5, m15 };
}

/** A fresh throwaway cluster with the city loaded, or (BENCH_LIST_DATABASE_URL) one loaded before. */
async function setUp(scale: CityScale) {
  const reuse = process.env.BENCH_LIST_DATABASE_URL;
  if (reuse) {
    const database = openDatabase(reuse, 8);
    const [district] = (
      await database.pool.query<{ id: number }>(
        `select id from areas where level = 'district' order by id limit 1`,
      )
    ).rows;
    await database.pool.query(`update accounts set password_hash = $1 where username = 'district'`, [
      await hashPassword(PASSWORD),
    ]);
    return { url: reuse, database, districtId: district?.id ?? 0, loadMs: 0, stop: async () => {} };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-lists-'));
  // The cluster runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres(dir, await freePort());
  const database = openDatabase(server.url, 8);
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await runMigrations(database.pool);
    console.log(
      `Generating ${MEMBERS.toLocaleString('en')} members, ${scale.residents.toLocaleString('en')} residents, ` +
        `${scale.units.toLocaleString('en')} units, ${scale.appointments.toLocaleString('en')} appointees with ` +
        `${(scale.appointments * scale.logsPerAppointment).toLocaleString('en')} work logs in SQL…`,
    );
    const t0 = performance.now();
    const loaded = await database.db.transaction(async (tx) =>
      loadDemo(tx, generateDemo(1), await hashPassword(PASSWORD)),
    );
    const client = await database.pool.connect();
    try {
      await loadCity(client, loaded.districtId, scale);
      // As autovacuum would in time: statistics for the planner, and the visibility map.
      await client.query('vacuum analyze');
    } finally {
      client.release();
    }
    const loadMs = Math.round(performance.now() - t0);
    console.log(`Loaded in ${(loadMs / 1000).toFixed(0)} s. Measuring…`);
    return { url: server.url, database, districtId: loaded.districtId, loadMs, stop };
  } catch (err) {
    await database.close();
    await stop();
    throw err;
  }
}

async function main() {
  const scale = cityScale(MEMBERS);
  const { url, database, districtId, loadMs, stop } = await setUp(scale);
  try {
    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      DATABASE_URL: url,
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    const app = await buildApp(database.db, config);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const raw = new pg.Client({ connectionString: url });
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
      const get = async (url: string) => {
        const res = await fetch(`${base}${url}`, { headers: { cookie } });
        const body = (await res.json()) as { data: unknown[]; total: number; totalExact: boolean };
        if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        return body;
      };

      const district = await raw.query<{ path: string }>('select path from areas where id = $1', [
        districtId,
      ]);
      const districtPath = district.rows[0]?.path ?? '';
      // Search texts taken from the data: a member's and a resident's two-character name start, a
      // unit-name word, an appointee's name.
      const pick = async (text: string) => String((await raw.query(text)).rows[0]?.v ?? '');
      const q = {
        member: await pick(
          `select left(name, 2) as v from members where id_number like '9%' order by id limit 1 offset 1000`,
        ),
        resident: await pick(
          `select left(name, 2) as v from residents where id_number like '8%' order by id limit 1 offset 1000`,
        ),
        unit: await pick(
          `select substr(name, 3, 2) as v from units where credit_code like '91CITY%' order by id limit 1 offset 100`,
        ),
        log: await pick(
          `select m.name as v from appointments a join members m on m.id = a.member_id order by a.id desc limit 1`,
        ),
      };

      const loadAtStart = loadAverage();
      const results: ListCaseResult[] = [];
      for (const c of cases(districtPath, q)) {
        if (c.cursorOf) {
          const before = await get(`/api/${c.cursorOf.list}?page=${c.cursorOf.page}&pageSize=${PAGE_SIZE}`);
          // A registry smaller than the page has no cursor there: the keyset case is then skipped.
          const next = (before as { next?: string | null }).next;
          if (!next) continue;
          c.url += next;
          c.floor.values[3] = c.list === 'work-logs' ? next : Number(next);
        }
        const body = await get(c.url);
        const api = await timed(() => get(c.url));
        const sql = await timed(() => raw.query(c.floor.text, c.floor.values));
        results.push({
          list: c.list,
          case: c.name,
          total: body.total,
          totalExact: body.totalExact,
          rows: body.data.length,
          api,
          sql,
        });
        console.log(
          `${c.list.padEnd(10)} ${c.name.padEnd(16)} total ${body.totalExact ? '' : '≈'}${body.total.toLocaleString('en')}` +
            `  API p50 ${api.p50} ms p95 ${api.p95} ms  ·  SQL p50 ${sql.p50} ms p95 ${sql.p95} ms`,
        );
      }

      const exactCount: ListsBenchResult['exactCount'] = {};
      for (const [list, table] of [
        ['members', 'members'],
        ['residents', 'residents'],
        ['units', 'units'],
        ['work-logs', 'work_logs'],
      ] as const) {
        const text = `select count(*)::int as n from ${table} t join areas a on a.id = t.area_id where a.path like $1 || '%'`;
        const n = (await raw.query<{ n: number }>(text, [districtPath])).rows[0]?.n ?? 0;
        exactCount[list] = {
          rows: n,
          ms: await timed(() => raw.query(text, [districtPath]), Math.min(RUNS, 5)),
        };
        console.log(
          `exact count of ${list}: ${n.toLocaleString('en')} rows, p50 ${exactCount[list].ms.p50} ms`,
        );
      }

      const result: ListsBenchResult = {
        benchmark: 'lists',
        date: new Date().toISOString(),
        node: process.version,
        scale: { ...scale, logs: scale.appointments * scale.logsPerAppointment },
        loadMs,
        runs: RUNS,
        pageSize: PAGE_SIZE,
        exactTotalLimit: EXACT_TOTAL_LIMIT,
        cases: results,
        exactCount,
        loadAverage: { start: loadAtStart, end: loadAverage() },
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
    await stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
