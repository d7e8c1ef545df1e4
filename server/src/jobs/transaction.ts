import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db, Tx } from '#server/db/client.ts';
import * as schema from '#server/db/schema/index.ts';
import type { JobSql } from './types.ts';

/** The pool behind the app's database handle (drizzle keeps it as `$client`). */
function poolOf(db: Db): pg.Pool {
  const client = (db as Db & { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) throw new Error('jobs: the database handle is not backed by a pool');
  return client;
}

/**
 * Run `work` in one transaction on a connection of its own, handing it the drizzle transaction
 * and a pg-boss executor on that same connection. Jobs queued through the executor
 * (`enqueue(name, data, jobs)`) are rows of this transaction: they exist exactly when the
 * transaction commits, so a crash before the commit loses both the records and their jobs, and
 * one after it keeps both. (Drizzle does not expose a transaction's connection, hence the
 * dedicated connection and a drizzle handle bound to it.)
 */
export async function transactionWithJobs<T>(db: Db, work: (tx: Tx, jobs: JobSql) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  try {
    const jobs: JobSql = { executeSql: (text, values) => client.query(text, values) };
    return await drizzle(client, { schema }).transaction((tx) => work(tx, jobs));
  } finally {
    client.release();
  }
}
