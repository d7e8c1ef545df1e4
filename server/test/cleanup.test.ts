import { beforeAll, describe, expect, inject, it } from 'vitest';
import { insertImport, insertImportRows } from '#server/io/excel/queries.ts';
import { JOBS, type JobContext, purgeExpiredImportsJob, startJobRunner } from '#server/jobs/index.ts';
import { PLATFORM_ADMIN } from './constants.ts';
import { useTestApp } from './helpers.ts';

const t = useTestApp();
let accountId: number;

beforeAll(async () => {
  await t.platform();
  const r = await t.database.pool.query('select id from accounts where username = $1', [
    PLATFORM_ADMIN.username,
  ]);
  accountId = r.rows[0].id;
});

/**
 * Stage an import with two rows the way an upload does (expiring a day from now), and backdate
 * its expiry to `expiresAt` when given.
 */
async function stage(expiresAt?: Date) {
  const imp = await insertImport(t.database.db, {
    accountId,
    entity: 'residents',
    fileName: 'residents.xlsx',
    ttlHours: 24,
  });
  await insertImportRows(t.database.db, [
    { importId: imp.id, rowNo: 2, status: 'create', data: { name: '张三' } },
    { importId: imp.id, rowNo: 3, status: 'invalid', cells: ['李四'], errors: [] },
  ]);
  if (expiresAt)
    await t.database.pool.query('update imports set expires_at = $2 where id = $1', [imp.id, expiresAt]);
  return imp.id;
}

/**
 * The runs judge by their own clock: imports that expired in 2001 are this file's alone, so a
 * run at this instant purges exactly those.
 */
const LONG_AGO = new Date('2001-06-01T08:00:00Z');
const JUST_AFTER = new Date('2001-06-01T08:00:01Z');

/** Whether the import is still there, and how many staged rows it keeps. */
async function stored(id: string) {
  const imp = await t.database.pool.query('select 1 from imports where id = $1', [id]);
  const rows = await t.database.pool.query(
    'select count(*)::int as n from import_rows where import_id = $1',
    [id],
  );
  return { exists: imp.rows.length === 1, rows: rows.rows[0].n as number };
}

const ctx = (now: Date): JobContext => ({
  db: t.database.db,
  now,
  channels: [],
  enqueue: async () => {},
  log: () => {},
});

describe('the expired-imports purge', () => {
  it('drops imports past their expiry with their rows and keeps unexpired ones', async () => {
    const expired = await stage(LONG_AGO);
    const fresh = await stage();
    expect(await stored(expired)).toEqual({ exists: true, rows: 2 });
    expect(await purgeExpiredImportsJob.run(ctx(JUST_AFTER), {})).toEqual({ purged: 1 });
    expect(await stored(expired)).toEqual({ exists: false, rows: 0 });
    expect(await stored(fresh)).toEqual({ exists: true, rows: 2 });
    // Nothing left to do on the next tick.
    expect(await purgeExpiredImportsJob.run(ctx(JUST_AFTER), {})).toEqual({ purged: 0 });
  });

  it('is safe when two instances run it at once: each expired import goes once', async () => {
    const expired = [await stage(LONG_AGO), await stage(LONG_AGO)];
    const fresh = await stage();
    const runs = await Promise.all([
      purgeExpiredImportsJob.run(ctx(JUST_AFTER), {}),
      purgeExpiredImportsJob.run(ctx(JUST_AFTER), {}),
    ]);
    expect(runs.reduce((n: number, r) => n + (r as { purged: number }).purged, 0)).toBe(2);
    for (const id of expired) expect(await stored(id)).toEqual({ exists: false, rows: 0 });
    expect(await stored(fresh)).toEqual({ exists: true, rows: 2 });
  });

  it('is scheduled hourly when the runner starts, and its worker purges', async () => {
    expect(JOBS).toContain(purgeExpiredImportsJob);
    const runner = await startJobRunner({
      db: t.database.db,
      connectionString: inject('databaseUrl'),
      channels: [],
      jobs: [purgeExpiredImportsJob],
      pollingIntervalSeconds: 0.5,
      // Its own schema: another test file's runner on the same database must not take its jobs.
      schema: 'pgboss_cleanup_test',
    });
    try {
      const schedules = await runner.boss.getSchedules();
      expect(schedules.find((s) => s.name === 'excel.purge-expired-imports')).toMatchObject({
        cron: '35 * * * *',
        options: expect.objectContaining({ tz: 'Asia/Shanghai' }),
      });
      const expired = await stage(new Date(Date.now() - 60_000));
      // What a cron tick does: queue one job, which a worker runs.
      await runner.enqueue(purgeExpiredImportsJob.name, {});
      const deadline = Date.now() + 30_000;
      while ((await stored(expired)).exists && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(await stored(expired)).toEqual({ exists: false, rows: 0 });
    } finally {
      await runner.stop();
    }
  }, 60_000);
});
