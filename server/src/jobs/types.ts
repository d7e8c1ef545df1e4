import type PgBoss from 'pg-boss';
import type { Db } from '#server/db/client.ts';
import type { Channel } from './channels.ts';

/**
 * A pg-boss executor bound to one open transaction's connection (see `transactionWithJobs`): a
 * job sent through it is written by that transaction and commits or rolls back with it.
 */
export type JobSql = PgBoss.Db;

/** What a job run gets: the database, the clock it judges by, the channels, and a way to queue work. */
export interface JobContext {
  db: Db;
  /** The run's clock: the runner passes the time of the run, tests a fixed instant. */
  now: Date;
  channels: readonly Channel[];
  /**
   * Queue a job by name (the runner sends it through pg-boss, which retries failures). With
   * `within`, the job is written inside that transaction, so it exists exactly when the
   * transaction's own records do; without, it is queued on its own at once.
   */
  enqueue(name: string, data: object, within?: JobSql): Promise<void>;
  log(message: string): void;
}

/**
 * A job module: a queue name, an optional cron schedule (pg-boss fires each tick once across all
 * instances), retry settings for its queue, and the work itself.
 */
export interface Job<Data = object> {
  name: string;
  schedule?: { cron: string; tz: string };
  retry?: { limit: number; delaySeconds: number };
  run(ctx: JobContext, data: Data): Promise<unknown>;
}
