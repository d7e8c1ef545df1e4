import PgBoss from 'pg-boss';
import type { Db } from '#server/db/client.ts';
import type { Channel } from './channels.ts';
import { purgeExpiredImportsJob } from './cleanup.ts';
import { channelDeliveryJob } from './deliver.ts';
import { dutyRemindersJob } from './reminders.ts';
import type { Job, JobContext, JobSql } from './types.ts';

/** Every job module the server runs. */
export const JOBS: readonly Job[] = [dutyRemindersJob, channelDeliveryJob as Job, purgeExpiredImportsJob];

/** pg-boss keeps its tables in this schema of the app's own database. */
export const JOBS_SCHEMA = 'pgboss';

export interface JobRunnerOptions {
  db: Db;
  /** The same PostgreSQL the app uses. */
  connectionString: string;
  channels: readonly Channel[];
  jobs?: readonly Job[];
  log?: (message: string) => void;
  /** How often idle workers poll (pg-boss minimum 0.5 s). */
  pollingIntervalSeconds?: number;
  /**
   * pg-boss's schema, `pgboss` by default. Runners in other schemas share nothing: test files
   * that run side by side on one database keep their queues (and workers) apart this way.
   */
  schema?: string;
}

/** A started runner: its pg-boss instance, a way to queue jobs, and a clean stop. */
export interface JobRunner {
  boss: PgBoss;
  /** Queue a job; with `within`, inside that transaction (see `JobContext.enqueue`). */
  enqueue(name: string, data: object, within?: JobSql): Promise<void>;
  stop(): Promise<void>;
}

/** A job's pg-boss queue settings: its retries, with backoff when it has any. */
export function queueOptions(job: Job): PgBoss.Queue {
  return {
    name: job.name,
    retryLimit: job.retry?.limit ?? 0,
    retryDelay: job.retry?.delaySeconds ?? 0,
    retryBackoff: Boolean(job.retry),
  };
}

/**
 * Start pg-boss on the app's database, create one queue per job (idempotent, safe when two
 * instances start together), register the workers and the cron schedules. Every instance runs
 * workers; pg-boss hands each job, and each cron tick, to exactly one of them.
 */
export async function startJobRunner(opts: JobRunnerOptions): Promise<JobRunner> {
  const log = opts.log ?? (() => {});
  const jobs = opts.jobs ?? JOBS;
  const boss = new PgBoss({
    connectionString: opts.connectionString,
    schema: opts.schema ?? JOBS_SCHEMA,
    max: 4,
    application_name: 'gongjian-jobs',
  });
  let stopping = false;
  // pg-boss reports background errors (a lost connection, a failed maintenance run) as events;
  // once stopping, connections closing under it (Ctrl-C also stops the embedded PostgreSQL) are expected.
  boss.on('error', (err: Error) => {
    if (!stopping) log(`jobs: ${err.message}`);
  });
  await boss.start();
  const enqueue = async (name: string, data: object, within?: JobSql) => {
    const id = await boss.send(name, data, within ? { db: within } : {});
    // pg-boss inserts nothing, and answers null, for a queue that does not exist. A job asked for
    // must exist, or the transaction it belongs to must fail rather than commit without it.
    if (id === null) throw new Error(`jobs: nothing queued on ${name} (no such queue)`);
  };
  try {
    for (const job of jobs) {
      await boss.createQueue(job.name, queueOptions(job));
      await boss.work(
        job.name,
        { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
        async (items: PgBoss.Job<object>[]) => {
          for (const item of items) {
            const ctx: JobContext = { db: opts.db, now: new Date(), channels: opts.channels, enqueue, log };
            await job.run(ctx, item.data);
          }
        },
      );
      if (job.schedule) await boss.schedule(job.name, job.schedule.cron, {}, { tz: job.schedule.tz });
    }
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw err;
  }
  return {
    boss,
    enqueue,
    // Graceful: running jobs finish (up to the timeout) before the pool closes.
    stop: () => {
      stopping = true;
      return boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
