import type { Db } from '../db/client.ts';
import type { Channel } from './channels.ts';

/** What a job run gets: the database, the clock it judges by, the channels, and a way to queue work. */
export interface JobContext {
  db: Db;
  /** The run's clock: the runner passes the time of the run, tests a fixed instant. */
  now: Date;
  channels: readonly Channel[];
  /** Queue a job by name (the runner sends it through pg-boss, which retries failures). */
  enqueue(name: string, data: object): Promise<void>;
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
