import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_DICTIONARIES } from '@gongjian/common';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openDatabase } from '#server/db/client.ts';
import { startEmbeddedPostgres } from '#server/db/embedded.ts';
import { runMigrations } from '#server/db/migrate.ts';
import { headerText, MEMBER_COLUMNS } from '#server/io/excel/columns.ts';
import { type DemoData, generateDemo } from '#server/seed/index.ts';
import { loadDemo } from '#server/seed/load.ts';
import type { BoardBenchResult } from './board.ts';
import type { DutiesBenchResult } from './duties.ts';
import type { ImportMembersResult } from './import-members.ts';
import type { ListsBenchResult } from './lists.ts';
import { PORTAL_BUDGET_KB, portalJs } from './portal-js.ts';
import { freePort } from './ports.ts';

/**
 * `npm run bench`: import a 100,000-member workbook through the service layer on a throwaway
 * embedded PostgreSQL, and record wall time and peak memory of the preview (parse + validate +
 * stage), the commit, and a re-import of the same file (all unchanged).
 *
 * The rows are the demo generator's own members (realistic names, ID numbers, residences, work
 * units and branches): the demo district is loaded without its members, which then arrive by
 * Excel. BENCH_ROWS overrides the row count.
 *
 * It then runs the duty-engine benchmark (`duties.ts`) in its own process. `npm run bench --
 * import` or `npm run bench -- duties` runs one of them; each merges its figures into
 * results/latest.json (the import's at the top level, the duties' under `duties`) and keeps the
 * other's. `npm run bench -- lists` runs the list benchmark at 2,000,000 members (`lists.ts`), whose
 * figures go under `lists`; `npm run bench -- board` the board of a 20,000-appointee district,
 * page by page (`board.ts`), under `board`; `npm run bench -- portal-js` builds the web and sums
 * the phone's first-load JS (`portal-js.ts`), under `portalJs`.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** Demo members per unit of scale, with a margin so the demo has at least ROWS of them. */
const MEMBERS_PER_SCALE = 2800;

/** Write the demo's members as an import workbook (streamed, as a real export would be). */
async function writeWorkbook(file: string, data: DemoData, count: number) {
  const zh = (type: keyof typeof SYSTEM_DICTIONARIES) =>
    new Map(SYSTEM_DICTIONARIES[type].items.map(([code, label]) => [code, label]));
  const category = zh('member_category');
  const skill = zh('skill');
  const role = zh('member_role');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('党员');
  ws.addRow(MEMBER_COLUMNS.map((c) => headerText(c, 'zh-CN'))).commit();
  for (const m of data.members.slice(0, count)) {
    const org = m.org === null ? null : data.orgs[m.org];
    const cells: Record<string, string | null> = {
      name: m.name,
      gender: m.gender === 'male' ? '男' : '女',
      idNumber: m.idNumber,
      phone: m.phone,
      areaId: data.areas[m.area]?.code ?? null,
      category: category.get(m.category) ?? m.category,
      joinDate: m.joinDate,
      unitId: m.unit === null ? null : (data.units[m.unit]?.creditCode ?? null),
      orgId: org ? (org.code ?? org.name) : null,
      skills: m.skills.map((s) => skill.get(s) ?? s).join('，'),
      roles: m.roles.map((r) => role.get(r) ?? r).join('，'),
      note: m.note,
    };
    ws.addRow(MEMBER_COLUMNS.map((c) => cells[c.field] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Run a measured script in a fresh process with a collectable heap. */
function runScript(script: string, envs: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(HERE, script)], {
      stdio: 'inherit',
      env: { ...process.env, ...envs },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);
/** Where the figures go; the smoke test (test/bench.test.ts) points it elsewhere. */
const LATEST = process.env.BENCH_RESULTS_FILE ?? path.join(HERE, 'results', 'latest.json');

/** Merge one benchmark's figures into latest.json, keeping the other benchmark's. */
async function mergeResults(patch: Record<string, unknown>) {
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(await readFile(LATEST, 'utf8')) as Record<string, unknown>;
  } catch {
    // No previous results (or unreadable ones): start afresh.
  }
  await mkdir(path.dirname(LATEST), { recursive: true });
  await writeFile(LATEST, `${JSON.stringify({ ...current, ...patch }, null, 2)}\n`);
}

async function importBenchmark() {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-'));
  // The cluster runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres(dir, await freePort());
  const database = openDatabase(pg.url, 4);
  try {
    await runMigrations(database.pool);
    console.log(`Generating ${ROWS.toLocaleString('en')} members with the demo generator…`);
    let t = performance.now();
    const data = generateDemo(Math.ceil((ROWS / MEMBERS_PER_SCALE) * 10) / 10);
    if (data.members.length < ROWS) throw new Error(`the demo has only ${data.members.length} members`);
    // The demo district without its people (nor the appointments and logs that name them): the
    // members arrive by Excel.
    const { appointments: _appointments, ...district } = data;
    await database.db.transaction((tx) =>
      loadDemo(
        tx,
        {
          ...district,
          members: [],
          residents: [],
          seats: data.seats.filter((s) => s.member === null),
          accounts: data.accounts.filter((a) => a.member === null && a.resident === null),
        },
        'bench-accounts-do-not-sign-in',
      ),
    );
    const file = path.join(dir, 'members.xlsx');
    await writeWorkbook(file, data, ROWS);
    const generateMs = Math.round(performance.now() - t);
    const fileBytes = (await stat(file)).size;
    const admin = await database.db.execute<{ id: number }>(
      sql`select id from accounts where role = 'district_admin' order by id limit 1`,
    );
    const accountId = admin.rows[0]?.id;
    if (!accountId) throw new Error('the demo has no district admin');
    console.log(
      `Workbook: ${(fileBytes / 1024 / 1024).toFixed(1)} MB, generated with the demo district in ${seconds(generateMs)} s. Importing…`,
    );

    const resultFile = path.join(dir, 'result.json');
    t = performance.now();
    await runScript('import-members.ts', {
      BENCH_DATABASE_URL: pg.url,
      BENCH_FILE: file,
      BENCH_ACCOUNT_ID: String(accountId),
      BENCH_RESULT: resultFile,
    });
    const r = JSON.parse(await readFile(resultFile, 'utf8')) as ImportMembersResult;
    const results = {
      benchmark: 'import-members',
      date: new Date().toISOString(),
      rows: ROWS,
      node: process.version,
      cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}`,
      database: 'embedded PostgreSQL 17 (same machine)',
      workbook: { bytes: fileBytes, columns: MEMBER_COLUMNS.length },
      ...r,
    };
    await mergeResults(results);

    const peak = Math.max(r.preview.peakRssMb, r.commit.peakRssMb, r.reimport.peakRssMb);
    console.log(
      `\nImporting ${ROWS.toLocaleString('en')} party members from a ${(fileBytes / 1024 / 1024).toFixed(1)} MB ` +
        `workbook: the preview (streamed parse, validation of every row against the registry's rules, ` +
        `staging) took ${seconds(r.preview.ms)} s (${r.preview.rowsPerSecond.toLocaleString('en')} rows/s; ` +
        `${r.preview.valid.toLocaleString('en')} valid, ${r.preview.invalid} invalid), the commit of ` +
        `${r.commit.created.toLocaleString('en')} new members with an audit event each took ` +
        `${seconds(r.commit.ms)} s, and re-importing the same file found ` +
        `${r.reimport.unchanged.toLocaleString('en')} rows unchanged in ${seconds(r.reimport.ms)} s. ` +
        `Peak resident memory of the importing process was ${peak} MB ` +
        `(${r.baselineRssMb} MB before the import started). Results: server/bench/results/latest.json`,
    );
  } finally {
    await database.close();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The duty-engine benchmark, in its own process with its own PostgreSQL. */
async function dutiesBenchmark() {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-'));
  try {
    const resultFile = path.join(dir, 'duties.json');
    await runScript('duties.ts', { BENCH_RESULT: resultFile });
    const duties = JSON.parse(await readFile(resultFile, 'utf8')) as DutiesBenchResult;
    await mergeResults({ duties: { ...duties, cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}` } });
    console.log('Results: server/bench/results/latest.json (duties)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The list benchmark at city scale (`lists.ts`), in its own process with its own PostgreSQL. */
async function listsBenchmark() {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-'));
  try {
    const resultFile = path.join(dir, 'lists.json');
    await runScript('lists.ts', { BENCH_RESULT: resultFile });
    const lists = JSON.parse(await readFile(resultFile, 'utf8')) as ListsBenchResult;
    await mergeResults({ lists: { ...lists, cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}` } });
    console.log('Results: server/bench/results/latest.json (lists)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The board benchmark for a 20,000-appointee district (`board.ts`), in its own process with its own PostgreSQL. */
async function boardBenchmark() {
  const dir = await mkdtemp(path.join(tmpdir(), 'gongjian-bench-'));
  try {
    const resultFile = path.join(dir, 'board.json');
    await runScript('board.ts', { BENCH_RESULT: resultFile });
    const board = JSON.parse(await readFile(resultFile, 'utf8')) as BoardBenchResult;
    await mergeResults({ board: { ...board, cpu: `${cpus()[0]?.model ?? 'unknown'} ×${cpus().length}` } });
    console.log('Results: server/bench/results/latest.json (board)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The phone's first-load JS, gzipped, from the web build's manifest (`portal-js.ts`). */
async function portalJsBenchmark() {
  const portal = await portalJs();
  await mergeResults({ portalJs: { ...portal, date: new Date().toISOString() } });
  const l = portal.landings;
  console.log(
    `Phone first load (JS, gzipped): member/resident 首页 ${l.member.kb} KB, appointee 我的任职 ` +
      `${l.appointee.kb} KB, phone login ${l.phoneLogin.kb} KB (budget ${PORTAL_BUDGET_KB} KB` +
      `${portal.withinBudget ? '' : ', EXCEEDED'}); appointee with the antd details under the summary ` +
      `${l.appointeeWithDetails.kb} KB, desk login ${l.deskLogin.kb} KB. Results: server/bench/results/latest.json (portalJs)`,
  );
}

const BENCHMARKS = {
  import: importBenchmark,
  duties: dutiesBenchmark,
  lists: listsBenchmark,
  board: boardBenchmark,
  'portal-js': portalJsBenchmark,
} as const;

async function main() {
  const only = process.argv[2];
  if (only !== undefined && !(only in BENCHMARKS)) {
    throw new Error(`unknown benchmark "${only}"; choose one of: ${Object.keys(BENCHMARKS).join(', ')}`);
  }
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (only === undefined || only === name) await run();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
